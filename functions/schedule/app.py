"""Schedule function: POST /v1/schedule."""

from http import HTTPStatus

from aws_lambda_powertools import Logger

from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.problems import ProblemError
from pico_planner.api.resolver import create_resolver

logger = Logger()
app = create_resolver()


@app.post("/schedule", operation_id="scheduleSessions", tags=["Planning"], summary="Schedule a course")
def schedule_sessions() -> dict[str, str]:
    raise ProblemError(HTTPStatus.NOT_IMPLEMENTED, "Schedules are not available yet.")


lambda_handler = make_lambda_handler(app, logger)
