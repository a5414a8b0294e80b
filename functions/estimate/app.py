"""Estimate function: POST /v1/estimate."""

from typing import Annotated

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler.openapi.params import Body

from pico_planner.api import planning
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.openapi_responses import API_KEY_REQUIRED, documented_responses
from pico_planner.api.resolver import create_resolver
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate_models import Estimate

logger = Logger()
app = create_resolver()


@app.post(
    "/estimate",
    operation_id="estimateSessions",
    tags=["Planning"],
    summary="Estimate sessions, intervals and result timing",
    security=API_KEY_REQUIRED,
    description=(
        "How many sessions one patient needs for one or more concerns treated together, how far apart, "
        "and when results show; every figure comes with the rules that moved it and their sources."
    ),
    responses=documented_responses("The estimate.", reads_body=True, negotiates=True),
)
def estimate_sessions(
    request: Annotated[EstimateRequest, Body(description="The patient and concerns.")],
) -> Estimate:
    choose_media_type(app.current_event.headers.get("accept"), [JSON])
    return planning.estimate(request)


lambda_handler = make_lambda_handler(app, logger)
