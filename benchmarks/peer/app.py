"""The peer: FastAPI + Mangum on the same core, written as FastAPI's and Mangum's documentation teach.

One app for every planning and catalogue route, `async def` path operations with the request and
response models in their signatures, no middleware, and exception handlers for the same problem+json
answers the functions give (the benchmark checks that both answer every scenario with the same status
and JSON). The Lambda handler is Mangum's, wrapped to write the same one log line per request as the
functions: Powertools' Logger used as its documentation teaches (`inject_lambda_context` with API
Gateway's request id as correlation id, then `logger.info` with the request's fields). The peer's line
carries no EMF metrics, where the functions' line does: that work is left out of the peer only, so it
can make the functions look slower, never faster (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
from functools import cache
from http import HTTPStatus
from time import perf_counter
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from mangum import Mangum
from mangum.adapter import DEFAULT_TEXT_MIME_TYPES

from pico_planner import SERVICE_VERSION
from pico_planner.api.problems import (
    PROBLEM_CONTENT_TYPE,
    clean_field_errors,
    problem_body,
    validation_detail,
)
from pico_planner.core.catalogue import Catalogue, build_catalogue
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import load_rule_set
from pico_planner.core.schedule_models import ScheduleRequest, ScheduleResponse
from pico_planner.core.scheduling import plan_course
from pico_planner.core.time_zones import local_date

logger = Logger()


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


clock = utc_now  # pinned by the benchmark, as the function's is

app = FastAPI(title="Pico Planner (peer)")


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
async def estimate_sessions(request: EstimateRequest) -> Estimate:
    return estimate_course(request, load_rule_set())


@app.post("/schedule")
async def schedule_sessions(request: ScheduleRequest) -> ScheduleResponse:
    if request.time_zone is None:  # a request leaves it out only when it names a clinic
        raise ValueError("the peer has no clinic store: it plans requests that give their time zone")
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
async def list_concerns() -> Catalogue:
    return _catalogue()


@app.get("/health")
async def get_health() -> dict[str, str]:
    return {"status": "ok", "version": SERVICE_VERSION, "rules_version": load_rule_set().version}


# Mangum answers base64 for media types it does not know as text; problem+json is text.
handler = Mangum(app, lifespan="off", text_mime_types=[*DEFAULT_TEXT_MIME_TYPES, PROBLEM_CONTENT_TYPE])


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    started = perf_counter()
    response: dict[str, Any] = handler(event, context)
    logger.info(
        "request handled",
        extra={
            "route": event.get("resource"),
            "method": event.get("httpMethod"),
            "status": response.get("statusCode"),
            "latency_ms": round((perf_counter() - started) * 1000, 3),
            "rules_version": load_rule_set().version,
        },
    )
    return response
