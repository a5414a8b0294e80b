"""POST /v1/schedule: the course's session dates, as JSON or as an iCalendar file.

This is where the outside world comes in for a schedule: the clock, the clinic's stored profile, the
`holidays` package and the iCalendar format.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from http import HTTPStatus
from typing import Annotated

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.call import Call
from pico_planner.api.languages import language_headers, negotiate_language, translator
from pico_planner.api.negotiation import CALENDAR, JSON, choose_media_type
from pico_planner.api.openapi_responses import BODY_RULES, documented_responses
from pico_planner.api.routing import Body, RouteTable
from pico_planner.core.clinic import ClinicProfile, ClinicProtocol
from pico_planner.core.ruleset import load_rule_set
from pico_planner.core.schedule_models import ScheduleRequest, ScheduleResponse
from pico_planner.core.scheduling import course_key, plan_course
from pico_planner.core.time_zones import local_date

# Finds the calling partner's clinic profile by id; raises the store's ClinicNotFound.
ClinicFinder = Callable[[str], ClinicProfile]

ROUTES = RouteTable()


def plan_request(
    request: ScheduleRequest, now: dt.datetime, find_clinic: ClinicFinder | None = None
) -> tuple[ScheduleResponse, ScheduleRequest]:
    """The plan, and the request as planned (at a clinic: its time zone and the narrowed calendar).

    `now` is an aware instant, turned into today's date in the request's time zone.
    """
    protocol: ClinicProtocol | None = None
    if request.clinic_id is not None:
        if find_clinic is None:
            raise ValueError("a request naming a clinic needs a ClinicFinder")  # a wiring defect
        profile = find_clinic(request.clinic_id)
        request = _holidays_spelled_as_the_clinics(request, profile)
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


def _holidays_spelled_as_the_clinics(request: ScheduleRequest, profile: ClinicProfile) -> ScheduleRequest:
    """The request with its holiday region written as the clinic's when both are the same calendar.

    The core refuses a request naming another region than the clinic's; an alias (`UK`, `England`) or
    the country's default categories named outright are the same region, which only the `holidays`
    package can tell.
    """
    asked = request.availability.holidays if request.availability else None
    stored = profile.holidays
    if request.availability is None or asked is None or stored is None or asked == stored:
        return request
    # Imported here: only requests that name a holiday region pay for the `holidays` package.
    from pico_planner.api.public_holidays import resolve_holiday_calendar  # noqa: PLC0415

    if resolve_holiday_calendar(asked).same_calendar_as(resolve_holiday_calendar(stored)):
        availability = request.availability.model_copy(update={"holidays": stored})
        return request.model_copy(update={"availability": availability})
    return request


# A calendar comes as a file named for what it holds; calendar apps import it, browsers save it.
_CALENDAR_DISPOSITION = 'attachment; filename="pico-laser-sessions.ics"'


def answer_schedule(
    request: ScheduleRequest,
    headers: Headers,
    now: dt.datetime,
    find_clinic: ClinicFinder | None = None,
    *,
    find_partner: Callable[[], str] | None = None,
    calendar_uid_key: str | None = None,
) -> PlainAnswer:
    """The plan as JSON, or as an RFC 5545 calendar when the client asked for text/calendar; its
    sentences in the language Accept-Language prefers.

    `find_partner` names the calling partner, needed for a calendar (its UIDs belong to the partner's
    course); `calendar_uid_key` is the deployment's key, needed for a calendar without `course_id`.
    """
    media_type = choose_media_type(headers.get("accept"), [JSON, CALENDAR])
    language = negotiate_language(headers.get("accept-language"))
    # The plan comes as JSON or as a calendar by Accept, so a cache must key on it too (RFC 9110 §12.5.5).
    negotiated = {**language_headers(language), "Vary": "Accept, Accept-Language"}
    plan, request = plan_request(request, now, find_clinic)
    translate = translator(language)
    if media_type == CALENDAR:
        # Imported here: only calendar requests pay for the `icalendar` package.
        from pico_planner.api.calendar_export import (  # noqa: PLC0415
            MEDIA_TYPE,
            course_uid_base,
            patient_course_uid_base,
            render_plan_ics,
        )

        if find_partner is None:
            raise ValueError("a calendar needs the partner")  # a wiring defect
        if request.course_id is not None:
            key = course_uid_base(partner=find_partner(), course_id=request.course_id)
        elif calendar_uid_key is None:
            # Deployed without its key: a fault of ours (a 500, logged), never UIDs a public key made.
            raise ValueError("a calendar without course_id needs the deployment's UID key")
        else:
            key = patient_course_uid_base(
                key=calendar_uid_key, partner=find_partner(), course_key=course_key(request)
            )
        calendar = render_plan_ics(
            plan,
            uid_base=key,
            now=now,
            include_milestones=request.include_milestones,
            previous_session_count=request.previous_session_count,
            translate=translate,
        ).decode("utf-8")
        return PlainAnswer(
            HTTPStatus.OK,
            MEDIA_TYPE,
            calendar,
            {"Content-Disposition": _CALENDAR_DISPOSITION} | negotiated,
        )
    if translate is not None:
        # Imported here: British English, the source language, pays nothing for translation.
        from pico_planner.api.patient_language import translate_estimate  # noqa: PLC0415

        plan = plan.model_copy(update={"estimate": translate_estimate(plan.estimate, translate)})
    return PlainAnswer(HTTPStatus.OK, JSON, plan.model_dump_json(), negotiated)


@ROUTES.route(
    "POST",
    "/schedule",
    operation_id="scheduleSessions",
    tags=("Planning",),
    summary="Schedule the sessions on the clinic's calendar",
    description=(
        "Concrete session dates with their windows, and the result milestones, from a start date, the "
        "clinic's open days and the sessions already done. `Accept: text/calendar` returns the same plan "
        "as an RFC 5545 calendar with stable event UIDs. With `clinic_id`, the stored clinic profile's "
        "time zone, calendar and protocol apply, and the request's `availability` can only narrow them."
        "\n\nBusiness rules: a `start_date` already past, with no `completed_sessions`, plans from today "
        "with the warning `start_date_in_past`. Each is a 422 naming the field otherwise: each "
        "concern type at most once (pigmentation once per subtype); dates written YYYY-MM-DD (a "
        "date-time is refused); `time_zone` a known IANA time zone name (case-sensitive); "
        "`start_date` at most 3 years after today, and with `completed_sessions` at most 5 years "
        "before it; `completed_sessions` in date "
        "order, one a day, none before `start_date` or after today, and fewer than the sessions "
        "planned; `booked_sessions` in date order, one a day, none before today or `start_date`, all "
        "after the last completed session and within the planning horizon; at most 50 completed and "
        "booked together, and no more than `sessions` if given; a holiday `country` and `subdivision` "
        "the holiday calendar knows; an open day for every session within the planning horizon (from "
        "the start, the course at its longest intervals plus 3 years). With `clinic_id`: an "
        "unknown clinic is a 404; another `time_zone` or holiday region than the clinic's, more "
        "sessions than its protocol allows (as `sessions`, or completed and booked), no weekday open "
        "in both calendars, or more than 366 closed dates or 64 closed periods together are 422." + BODY_RULES
    ),
    responses=documented_responses(
        "The plan, as JSON or as an iCalendar file.",
        success_model=ScheduleResponse,
        other_media_types={
            CALENDAR: {
                "schema": {
                    "type": "string",
                    "description": (
                        "An RFC 5545 calendar: one event per session, the two result milestones "
                        "(unless `include_milestones` is false), and a cancelled event for each session "
                        "a re-plan drops (given `previous_session_count`)."
                    ),
                }
            }
        },
        reads_body=True,
        negotiates=True,
        translated=True,
        other_headers={
            "Content-Disposition": {
                "description": f"With text/calendar only: `{_CALENDAR_DISPOSITION}`, a file to import.",
                "schema": {"type": "string"},
            }
        },
        other_problems={
            404: "`clinic_id` names no clinic of the caller's.",
            503: "The clinic's profile cannot be read just now; retry after `Retry-After` seconds.",
        },
    ),
)
def schedule_sessions(
    call: Call,
    request: Annotated[ScheduleRequest, Body("The patient, concerns, start date and calendar.")],
) -> PlainAnswer:
    def find_clinic(clinic_id: str) -> ClinicProfile:
        return call.clinic_store().get(call.partner(), clinic_id).profile

    return answer_schedule(
        request,
        call.headers,
        call.now(),
        find_clinic,
        find_partner=call.partner,
        calendar_uid_key=call.services.settings.calendar_uid_key,
    )
