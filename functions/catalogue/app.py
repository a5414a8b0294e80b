"""Catalogue function: GET /v1/concerns and GET /v1/health."""

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response

from pico_planner.api import planning
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.openapi_responses import API_KEY_REQUIRED, documented_responses
from pico_planner.api.resolver import create_resolver
from pico_planner.api.service_info import HealthStatus, health_status
from pico_planner.core.catalogue import Catalogue

logger = Logger()
app = create_resolver()


@app.get(
    "/health",
    operation_id="getHealth",
    tags=["Service"],
    summary="Liveness, service version and rules version",
    responses=documented_responses("The service is up.", negotiates=True, api_key=False),
)
def get_health() -> HealthStatus:
    choose_media_type(app.current_event.headers.get("accept"), [JSON])
    return health_status()


@app.get(
    "/concerns",
    operation_id="listConcerns",
    tags=["Catalogue"],
    summary="The concern types, their inputs and default ranges",
    security=API_KEY_REQUIRED,
    description=(
        "Generated from the rule set the estimates use, so forms built from it never drift from the rules. "
        "Cacheable: send the ETag back in If-None-Match for a 304."
    ),
    responses=documented_responses(
        "The catalogue.", success_model=Catalogue, negotiates=True, conditional=True
    ),
)
def list_concerns() -> Response[str]:  # the JSON text, or an empty 304; both documented in `responses`
    choose_media_type(app.current_event.headers.get("accept"), [JSON])
    return planning.catalogue_document().answer(app.current_event.headers.get("if-none-match"))


lambda_handler = make_lambda_handler(app, logger)
