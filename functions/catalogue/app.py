"""Catalogue function: GET /v1/concerns and GET /v1/health.

Well-formed requests are answered by the direct path; the resolver, built on first need, answers the
rest and describes the routes for the OpenAPI document (see pico_planner/api/direct_path.py).
"""

from functools import cache
from typing import TYPE_CHECKING

from pico_planner.api import catalogue_route
from pico_planner.api.answer import Headers
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.service_logger import service_logger

if TYPE_CHECKING:  # importing the resolver at load would cost the cold start it is kept out of
    from pico_planner.api.resolver import PicoResolver

logger = service_logger()


@cache
def resolver() -> "PicoResolver":
    """Built on the first request the direct path declines (and by the OpenAPI generator)."""
    from aws_lambda_powertools.event_handler import Response

    from pico_planner.api.openapi_responses import API_KEY_REQUIRED, documented_responses
    from pico_planner.api.resolver import create_resolver, to_response
    from pico_planner.api.service_info import HealthStatus
    from pico_planner.core.catalogue import Catalogue

    app = create_resolver()

    @app.get(
        "/health",
        operation_id="getHealth",
        tags=["Service"],
        summary="Liveness, service version and rules version",
        description=(
            "Answers while the service is up, with the service's version and the version of the rule set "
            "that estimates and schedules follow. Needs no API key."
        ),
        responses=documented_responses(
            "The service is up.", success_model=HealthStatus, negotiates=True, api_key=False
        ),
    )
    def get_health() -> Response[str]:
        event = app.current_event
        return to_response(catalogue_route.get_health(Headers(event.headers), event.raw_event))

    @app.get(
        "/concerns",
        operation_id="listConcerns",
        tags=["Catalogue"],
        summary="The concern types, their inputs and default ranges",
        security=API_KEY_REQUIRED,
        description=(
            "Generated from the rule set the estimates use, so forms built from it never drift from the "
            "rules. Cacheable: send the ETag back in If-None-Match for a 304."
        ),
        responses=documented_responses(
            "The catalogue.", success_model=Catalogue, negotiates=True, conditional=True, translated=True
        ),
    )
    def list_concerns() -> Response[str]:
        event = app.current_event
        return to_response(catalogue_route.list_concerns(Headers(event.headers), event.raw_event))

    return app


DIRECT_ROUTES = catalogue_route.DIRECT_ROUTES
lambda_handler = make_lambda_handler(resolver, logger, DIRECT_ROUTES)
