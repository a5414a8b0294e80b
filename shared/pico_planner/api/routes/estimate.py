"""POST /v1/estimate: how many sessions, how far apart, and when results show."""

from __future__ import annotations

from http import HTTPStatus
from typing import Annotated

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.call import Call
from pico_planner.api.languages import language_headers, negotiate_language, translator
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.openapi_responses import BODY_RULES, documented_responses
from pico_planner.api.routing import Body, RouteTable
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import load_rule_set

ROUTES = RouteTable()


@ROUTES.route(
    "POST",
    "/estimate",
    operation_id="estimateSessions",
    tags=("Planning",),
    summary="Estimate sessions, intervals and result timing",
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
    call: Call, request: Annotated[EstimateRequest, Body("The patient and concerns.")]
) -> PlainAnswer:
    """The estimate as JSON, its sentences in the language Accept-Language prefers."""
    choose_media_type(call.headers.get("accept"), [JSON])
    language = negotiate_language(call.headers.get("accept-language"))
    estimate = estimate_course(request, load_rule_set())
    translate = translator(language)
    if translate is not None:
        # Imported here: British English, the source language, pays nothing for translation.
        from pico_planner.api.patient_language import translate_estimate  # noqa: PLC0415

        estimate = translate_estimate(estimate, translate)
    return PlainAnswer(HTTPStatus.OK, JSON, estimate.model_dump_json(), language_headers(language))
