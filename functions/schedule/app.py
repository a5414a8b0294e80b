"""Schedule function: POST /v1/schedule (JSON, or iCalendar with Accept: text/calendar).

Well-formed requests are answered by the direct path; the resolver, built on first need, answers the
rest and describes the route for the OpenAPI document (see pico_planner/api/direct_path.py).
"""

from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any

from pico_planner.api import schedule_route
from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.clinic_access import default_clinic_store, partner_id
from pico_planner.api.direct_path import DeclinedByDirectPath, DirectRoute
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.service_logger import service_logger
from pico_planner.core.clinic import ClinicProfile
from pico_planner.core.schedule_models import ScheduleRequest

if TYPE_CHECKING:  # importing the resolver at load would cost the cold start it is kept out of
    from pico_planner.api.resolver import PicoResolver

logger = service_logger()
clock = schedule_route.utc_now  # replaced in tests to pin "today"
clinic_store = default_clinic_store  # replaced in tests with a store on a test table


def schedule_sessions(request: ScheduleRequest, headers: Headers, event: Mapping[str, Any]) -> PlainAnswer:
    """What both paths run; the clock and the store are read from this module so tests can replace them."""

    def find_clinic(clinic_id: str) -> ClinicProfile:
        return clinic_store().get(partner_id(event), clinic_id).profile

    return schedule_route.schedule_sessions(
        request, headers, clock(), find_clinic, find_partner=lambda: partner_id(event)
    )


def schedule_without_a_clinic(
    request: ScheduleRequest, headers: Headers, event: Mapping[str, Any]
) -> PlainAnswer:
    if request.clinic_id is not None:
        # A clinic lookup can fail slowly (store timeouts); the resolver answers those, once.
        raise DeclinedByDirectPath
    return schedule_sessions(request, headers, event)


@cache
def resolver() -> "PicoResolver":
    """Built on the first request the direct path declines (and by the OpenAPI generator)."""
    from aws_lambda_powertools.event_handler import Response
    from aws_lambda_powertools.event_handler.openapi.params import Body

    from pico_planner.api.negotiation import CALENDAR
    from pico_planner.api.openapi_responses import API_KEY_REQUIRED, BODY_RULES, documented_responses
    from pico_planner.api.resolver import create_resolver, to_response
    from pico_planner.core.schedule_models import ScheduleResponse

    app = create_resolver()

    @app.post(
        "/schedule",
        operation_id="scheduleSessions",
        tags=["Planning"],
        summary="Schedule the sessions on the clinic's calendar",
        security=API_KEY_REQUIRED,
        description=(
            "Concrete session dates with their windows, and the result milestones, from a start date, the "
            "clinic's open days and the sessions already done. `Accept: text/calendar` returns the same plan "
            "as an RFC 5545 calendar with stable event UIDs. With `clinic_id`, the stored clinic profile's "
            "time zone, calendar and protocol apply, and the request's `availability` can only narrow them."
            "\n\nBusiness rules: a `start_date` already past, with no `completed_sessions`, plans from today "
            "with the warning `start_date_in_past`. Each is a 422 naming the field otherwise: each "
            "concern type at most once (pigmentation once per subtype); dates written YYYY-MM-DD (a "
            "date-time is refused); `time_zone` a known IANA location zone; `start_date` within 3 years "
            "of today; `completed_sessions` in date order, one a day, none after today, and fewer than "
            "the sessions planned; a holiday `country` and `subdivision` the holiday calendar knows; an "
            "open day for every session within 3 years. With `clinic_id`: an unknown clinic is a 404; "
            "another `time_zone` or holiday region than the clinic's, more `sessions` than its protocol "
            "allows, no weekday open in both calendars, or more than 366 closed dates together are 422."
            + BODY_RULES
        ),
        responses=documented_responses(
            "The plan, as JSON or as an iCalendar file.",
            success_model=ScheduleResponse,
            other_media_types={
                CALENDAR: {
                    "schema": {
                        "type": "string",
                        "description": "An RFC 5545 calendar, one event per session.",
                    }
                }
            },
            reads_body=True,
            negotiates=True,
            translated=True,
            other_problems={
                404: "`clinic_id` names no clinic of the caller's.",
                503: "The clinic's profile cannot be read just now; retry after `Retry-After` seconds.",
            },
        ),
    )
    def schedule_route_handler(
        request: Annotated[
            ScheduleRequest, Body(description="The patient, concerns, start date and calendar.")
        ],
    ) -> Response[str]:
        event = app.current_event
        return to_response(schedule_sessions(request, Headers(event.headers), event.raw_event))

    return app


DIRECT_ROUTES = {("POST", "/schedule"): DirectRoute(ScheduleRequest, schedule_without_a_clinic)}
lambda_handler = make_lambda_handler(resolver, logger, DIRECT_ROUTES)
