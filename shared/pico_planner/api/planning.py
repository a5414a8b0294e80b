"""What the planning routes do between a validated request and a response.

Kept out of the functions so each `app.py` stays a few lines, and out of the core because this is
where the outside world comes in: the clock, the `holidays` package and the iCalendar format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import cache
from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response

from pico_planner.api.conditional import CacheableDocument
from pico_planner.api.negotiation import CALENDAR, JSON
from pico_planner.core.catalogue import build_catalogue
from pico_planner.core.clinic import ClinicProfile, ClinicProtocol
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.course_plan import ScheduleRequest, ScheduleResponse, course_key, plan_course
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import load_rule_set
from pico_planner.core.schedule import local_date

# The catalogue changes only with a deployment; an hour keeps app forms fresh after a release.
CATALOGUE_MAX_AGE_SECONDS = 3600

# Finds the calling partner's clinic profile by id; raises the store's ClinicNotFound.
ClinicFinder = Callable[[str], ClinicProfile]


def estimate(request: EstimateRequest) -> Estimate:
    return estimate_course(request, load_rule_set())


@cache
def catalogue_document() -> CacheableDocument:
    """The catalogue as JSON, built once per container from the same rule set the estimates use."""
    catalogue = build_catalogue(load_rule_set())
    return CacheableDocument.of(catalogue.model_dump_json(), CATALOGUE_MAX_AGE_SECONDS)


def schedule(
    request: ScheduleRequest, now: dt.datetime, find_clinic: ClinicFinder | None = None
) -> ScheduleResponse:
    """Plan the course; `now` is an aware instant, turned into today's date in the request's zone."""
    return _plan(request, now, find_clinic)[0]


def _plan(
    request: ScheduleRequest, now: dt.datetime, find_clinic: ClinicFinder | None
) -> tuple[ScheduleResponse, ScheduleRequest]:
    """The plan, and the request as planned (at a clinic: its time zone and the narrowed calendar)."""
    protocol: ClinicProtocol | None = None
    if request.clinic_id is not None:
        if find_clinic is None:
            raise ValueError("a request naming a clinic needs a ClinicFinder")  # a wiring defect
        profile = find_clinic(request.clinic_id)
        request, protocol = request.for_clinic(profile), profile.protocol
    if request.time_zone is None:
        # ScheduleRequest refuses a request with neither time_zone nor clinic_id.
        raise ValueError("the request has no time zone to plan in")
    holidays = None
    region = request.availability.holidays if request.availability else None
    if region is not None:
        # Imported here: only requests that name a holiday region pay for the `holidays` package.
        from pico_planner.api.public_holidays import resolve_holiday_calendar  # noqa: PLC0415

        holidays = resolve_holiday_calendar(region)
    today = local_date(now, request.time_zone)
    return plan_course(request, load_rule_set(), today, holidays, protocol), request


def schedule_answer(
    request: ScheduleRequest, now: dt.datetime, media_type: str, find_clinic: ClinicFinder | None = None
) -> Response[str]:
    """The plan as JSON, or as an RFC 5545 calendar when the client asked for text/calendar."""
    plan, request = _plan(request, now, find_clinic)
    if media_type == CALENDAR:
        # Imported here: only calendar requests pay for the `icalendar` package.
        from pico_planner.api.calendar_export import render_plan_ics  # noqa: PLC0415

        calendar = render_plan_ics(plan, course_key=course_key(request)).decode("utf-8")
        return Response(
            status_code=HTTPStatus.OK,
            content_type="text/calendar; charset=utf-8",
            body=calendar,
            headers={"Content-Disposition": 'attachment; filename="pico-laser-sessions.ics"'},
        )
    return Response(status_code=HTTPStatus.OK, content_type=JSON, body=plan.model_dump_json())


def utc_now() -> dt.datetime:
    """The real clock. Functions hold it as a module attribute so tests can pin the day."""
    return dt.datetime.now(dt.UTC)
