"""Schedule function: POST /v1/schedule (JSON, or iCalendar with Accept: text/calendar)."""

from typing import Annotated

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from pico_planner.api import planning
from pico_planner.api.clinic_access import default_clinic_store, partner_id
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.negotiation import CALENDAR, JSON, choose_media_type
from pico_planner.api.openapi_responses import API_KEY_REQUIRED, documented_responses
from pico_planner.api.resolver import create_resolver
from pico_planner.core.clinic import ClinicProfile
from pico_planner.core.course_plan import ScheduleRequest, ScheduleResponse

logger = Logger()
app = create_resolver()
clock = planning.utc_now  # replaced in tests to pin "today"
clinic_store = default_clinic_store  # replaced in tests with a store on a test table


def find_clinic(clinic_id: str) -> ClinicProfile:
    """The calling partner's clinic profile (only requests naming a clinic_id reach the store)."""
    return clinic_store().get(partner_id(app.current_event.raw_event), clinic_id).profile


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
    ),
    responses=documented_responses(
        "The plan, as JSON or as an iCalendar file.",
        success_model=ScheduleResponse,
        other_media_types={
            CALENDAR: {
                "schema": {"type": "string", "description": "An RFC 5545 calendar, one event per session."}
            }
        },
        reads_body=True,
        negotiates=True,
        other_problems={
            404: "`clinic_id` names no clinic of the caller's.",
            503: "The clinic's profile cannot be read just now; retry after `Retry-After` seconds.",
        },
    ),
)
def schedule_sessions(
    request: Annotated[ScheduleRequest, Body(description="The patient, concerns, start date and calendar.")],
) -> Response[str]:  # JSON or text/calendar text; both documented in `responses`
    media_type = choose_media_type(app.current_event.headers.get("accept"), [JSON, CALENDAR])
    return planning.schedule_answer(request, clock(), media_type, find_clinic)


lambda_handler = make_lambda_handler(app, logger)
