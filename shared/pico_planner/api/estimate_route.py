"""POST /v1/estimate: the route logic both the direct path and the resolver run."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.direct_path import DirectRoute
from pico_planner.api.languages import language_headers, negotiate_language, translator
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.ruleset import load_rule_set


def estimate_sessions(request: EstimateRequest, headers: Headers, event: Mapping[str, Any]) -> PlainAnswer:
    """The estimate as JSON, its sentences in the language Accept-Language prefers."""
    choose_media_type(headers.get("accept"), [JSON])
    language = negotiate_language(headers.get("accept-language"))
    estimate = estimate_course(request, load_rule_set())
    translate = translator(language)
    if translate is not None:
        # Imported here: British English, the source language, pays nothing for translation.
        from pico_planner.api.patient_language import translate_estimate  # noqa: PLC0415

        estimate = translate_estimate(estimate, translate)
    return PlainAnswer(HTTPStatus.OK, JSON, estimate.model_dump_json(), language_headers(language))


DIRECT_ROUTES = {("POST", "/estimate"): DirectRoute(EstimateRequest, estimate_sessions)}
