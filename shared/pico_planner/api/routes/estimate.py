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
from pico_planner.core.estimate_models import Caution, Estimate, Factor
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

        body = translate_estimate(estimate, translate).model_dump_json()
    else:
        body = estimate_json(estimate)
    return PlainAnswer(HTTPStatus.OK, JSON, body, language_headers(language))


# Each factor's and caution's JSON, made the first time the core's shared object is written and found
# by that object (which each entry holds, so its id names no other object). Their sentences and
# sources are most of an answer's bytes, and the core hands every estimate the same few objects.
_explanations_written: dict[int, tuple[Factor | Caution, str]] = {}
_EXPLANATIONS_KEPT = 1024  # a guard: one rule set has a few dozen rules
_EXPLAINED = {"factors", "cautions"}
_AFTER_EXPLANATIONS = ',"rules_version":'


def estimate_json(estimate: Estimate) -> str:
    """`estimate.model_dump_json()`, byte for byte, with its factors and cautions written once each.

    The estimate is written without them, then they are put back where pydantic writes them: before
    `rules_version`, whose key, unescaped, can stand nowhere else in the text (a quote inside a string
    is always escaped).
    """
    text = estimate.model_dump_json(exclude=_EXPLAINED)
    before, after = text.split(_AFTER_EXPLANATIONS)
    return "".join(
        (
            before,
            ',"factors":[',
            ",".join([_written(factor) for factor in estimate.factors]),
            '],"cautions":[',
            ",".join([_written(caution) for caution in estimate.cautions]),
            "]",
            _AFTER_EXPLANATIONS,
            after,
        )
    )


def _written(explanation: Factor | Caution) -> str:
    known = _explanations_written.get(id(explanation))
    if known is not None and known[0] is explanation:
        return known[1]
    text = explanation.model_dump_json()
    if len(_explanations_written) < _EXPLANATIONS_KEPT:
        _explanations_written[id(explanation)] = (explanation, text)
    return text
