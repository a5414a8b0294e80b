"""Estimate function: POST /v1/estimate.

Well-formed requests are answered by the direct path; the resolver, built on first need, answers the
rest and describes the route for the OpenAPI document (see pico_planner/api/direct_path.py).
"""

from functools import cache
from typing import TYPE_CHECKING, Annotated

from pico_planner.api import estimate_route
from pico_planner.api.answer import Headers
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.service_logger import service_logger
from pico_planner.core.concerns import EstimateRequest

if TYPE_CHECKING:  # importing the resolver at load would cost the cold start it is kept out of
    from pico_planner.api.resolver import PicoResolver

logger = service_logger()


@cache
def resolver() -> "PicoResolver":
    """Built on the first request the direct path declines (and by the OpenAPI generator)."""
    from aws_lambda_powertools.event_handler import Response
    from aws_lambda_powertools.event_handler.openapi.params import Body

    from pico_planner.api.openapi_responses import API_KEY_REQUIRED, BODY_RULES, documented_responses
    from pico_planner.api.resolver import create_resolver, to_response
    from pico_planner.core.estimate_models import Estimate

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
            "\n\nBusiness rules (422): each concern type appears at most once, pigmentation once per "
            "subtype." + BODY_RULES
        ),
        responses=documented_responses(
            "The estimate.", success_model=Estimate, reads_body=True, negotiates=True, translated=True
        ),
    )
    def estimate_sessions(
        request: Annotated[EstimateRequest, Body(description="The patient and concerns.")],
    ) -> Response[str]:
        event = app.current_event
        return to_response(estimate_route.estimate_sessions(request, Headers(event.headers), event.raw_event))

    return app


DIRECT_ROUTES = estimate_route.DIRECT_ROUTES
lambda_handler = make_lambda_handler(resolver, logger, DIRECT_ROUTES)
