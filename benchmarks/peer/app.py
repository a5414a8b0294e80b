"""The peer: FastAPI + Mangum exposing the same routes on the same core, as many teams would build it.

One app for every route (the usual FastAPI-on-Lambda shape), FastAPI's idioms throughout: request and
response models from the signatures, `@app.middleware("http")` (FastAPI's documented way) for the
headers every answer carries, exception handlers for problem+json. Around the Mangum handler it does
the same observability work as the functions, with the same code: the functions' logger
(pico_planner.api.service_logger) and their per-request log line carrying its EMF metrics, with the
request id as correlation id (pico_planner.api.observability). The one difference: the peer reads the
concern types for the metrics from the body, as the functions do for requests their direct path
leaves to the resolver. It answers the benchmark's scenarios with the same status and the same JSON
as the functions (the benchmark checks), so the comparison is of frameworks, not of work done.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable
from functools import cache
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from mangum import Mangum

from pico_planner import SERVICE_VERSION
from pico_planner.api.observability import RequestObservability
from pico_planner.api.problems import (
    PROBLEM_CONTENT_TYPE,
    clean_field_errors,
    problem_body,
    validation_detail,
)
from pico_planner.api.service_logger import service_logger
from pico_planner.core.catalogue import Catalogue, build_catalogue
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.course_plan import ScheduleRequest, ScheduleResponse, plan_course
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import load_rule_set
from pico_planner.core.schedule import local_date

logger = service_logger()
observability = RequestObservability(logger)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


clock = utc_now  # pinned by the benchmark, as the function's is

app = FastAPI(title="Pico Planner (peer)")


@app.middleware("http")
async def hygiene_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
    response = await call_next(request)
    response.headers.setdefault("Cache-Control", "no-store")
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    return response


def _validation_problem(raw_errors: list[dict[str, Any]]) -> JSONResponse:
    errors = clean_field_errors(raw_errors)
    body = problem_body(
        HTTPStatus.UNPROCESSABLE_ENTITY, validation_detail(errors), slug="validation", errors=errors
    )
    return JSONResponse(body, status_code=422, media_type=PROBLEM_CONTENT_TYPE)


@app.exception_handler(RequestValidationError)
async def request_invalid(_: Request, error: RequestValidationError) -> JSONResponse:
    return _validation_problem(list(error.errors()))


@app.exception_handler(PlanningInputError)
async def cannot_plan(_: Request, error: PlanningInputError) -> JSONResponse:
    return _validation_problem(
        [{"loc": ("body", *error.loc), "msg": error.message, "type": error.error_type}]
    )


@app.post("/estimate")
def estimate_sessions(request: EstimateRequest) -> Estimate:
    return estimate_course(request, load_rule_set())


@app.post("/schedule")
def schedule_sessions(request: ScheduleRequest) -> ScheduleResponse:
    region = request.availability.holidays if request.availability else None
    holidays = None
    if region is not None:
        from pico_planner.api.public_holidays import resolve_holiday_calendar

        holidays = resolve_holiday_calendar(region)
    return plan_course(request, load_rule_set(), local_date(clock(), request.time_zone), holidays)


@cache
def _catalogue() -> Catalogue:
    return build_catalogue(load_rule_set())


@app.get("/concerns")
def list_concerns() -> Catalogue:
    return _catalogue()


@app.get("/health")
def get_health() -> dict[str, str]:
    return {"status": "ok", "version": SERVICE_VERSION, "rules_version": load_rule_set().version}


_mangum = Mangum(app, lifespan="off")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    started = observability.begin(event, context)
    response: dict[str, Any] = _mangum(event, context)
    observability.end(event, int(response.get("statusCode") or 0), started)
    return response
