"""Schedule function: POST /v1/schedule (JSON, or iCalendar with Accept: text/calendar)."""

from typing import Annotated

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body

from pico_planner.api import planning
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.negotiation import CALENDAR, JSON, choose_media_type
from pico_planner.api.openapi_responses import documented_responses
from pico_planner.api.resolver import create_resolver
from pico_planner.core.course_plan import ScheduleRequest, ScheduleResponse

logger = Logger()
app = create_resolver()
clock = planning.utc_now  # replaced in tests to pin "today"


@app.post(
    "/schedule",
    operation_id="scheduleSessions",
    tags=["Planning"],
    summary="Schedule the sessions on the clinic's calendar",
    description=(
        "Concrete session dates with their windows, and the result milestones, from a start date, the "
        "clinic's open days and the sessions already done. `Accept: text/calendar` returns the same plan "
        "as an RFC 5545 calendar with stable event UIDs."
    ),
    responses=documented_responses(
        "The plan, as JSON or as an iCalendar file.",
        success_model=ScheduleResponse,
        other_media_types={CALENDAR: {"schema": {"type": "string"}}},
        reads_body=True,
        negotiates=True,
    ),
)
def schedule_sessions(
    request: Annotated[ScheduleRequest, Body(description="The patient, concerns, start date and calendar.")],
):  # no return annotation: the answer may be text/calendar, documented in `responses`
    media_type = choose_media_type(app.current_event.headers.get("accept"), [JSON, CALENDAR])
    return planning.schedule_answer(request, clock(), media_type)


lambda_handler = make_lambda_handler(app, logger)
