"""Estimate function: POST /v1/estimate."""

from http import HTTPStatus

from aws_lambda_powertools import Logger

from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.problems import ProblemError
from pico_planner.api.resolver import create_resolver

logger = Logger()
app = create_resolver()


@app.post("/estimate", operation_id="estimateSessions", tags=["Planning"], summary="Estimate a course")
def estimate_sessions() -> dict[str, str]:
    raise ProblemError(HTTPStatus.NOT_IMPLEMENTED, "Estimates are not available yet.")


lambda_handler = make_lambda_handler(app, logger)
