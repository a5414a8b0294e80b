"""GET /v1/concerns and GET /v1/health: the route logic both the direct path and the resolver run."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from functools import cache
from http import HTTPStatus
from typing import Any

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.conditional import CacheableDocument
from pico_planner.api.direct_path import DirectRoute
from pico_planner.api.languages import language_headers, negotiate_language, translator
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.service_info import health_status
from pico_planner.core.catalogue import build_catalogue
from pico_planner.core.ruleset import load_rule_set

# The catalogue changes only with a deployment; an hour keeps app forms fresh after a release.
CATALOGUE_MAX_AGE_SECONDS = 3600


@cache
def catalogue_document(language: str) -> CacheableDocument:
    """The catalogue as JSON in one language, built once per container and language from the same rule
    set the estimates use (each language its own body, so its own ETag)."""
    catalogue = build_catalogue(load_rule_set())
    translate = translator(language)
    if translate is not None:
        from pico_planner.api.patient_language import translate_catalogue  # noqa: PLC0415

        catalogue = translate_catalogue(catalogue, translate)
    return CacheableDocument.of(catalogue.model_dump_json(), CATALOGUE_MAX_AGE_SECONDS)


def list_concerns(headers: Headers, event: Mapping[str, Any]) -> PlainAnswer:
    """The catalogue, or an empty 304 when the client's ETag is current; labels in the language
    Accept-Language prefers."""
    choose_media_type(headers.get("accept"), [JSON])
    language = negotiate_language(headers.get("accept-language"))
    answer = catalogue_document(language).answer(headers.get("if-none-match"))
    return dataclasses.replace(answer, headers={**answer.headers, **language_headers(language)})


def get_health(headers: Headers, event: Mapping[str, Any]) -> PlainAnswer:
    choose_media_type(headers.get("accept"), [JSON])
    return PlainAnswer(HTTPStatus.OK, JSON, health_status().model_dump_json())


DIRECT_ROUTES = {
    ("GET", "/concerns"): DirectRoute(None, list_concerns),
    ("GET", "/health"): DirectRoute(None, get_health),
}
