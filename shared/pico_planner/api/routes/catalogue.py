"""GET /v1/concerns and GET /v1/health: what the planner accepts, and whether it is up."""

from __future__ import annotations

import dataclasses
from functools import cache
from http import HTTPStatus

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.call import Call
from pico_planner.api.conditional import CacheableDocument, IfNoneMatch
from pico_planner.api.languages import language_headers, negotiate_language, translator
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.openapi_responses import documented_responses
from pico_planner.api.routing import RouteTable
from pico_planner.api.service_info import HealthStatus, health_status
from pico_planner.core.catalogue import Catalogue, build_catalogue
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


ROUTES = RouteTable()


@ROUTES.route(
    "GET",
    "/health",
    operation_id="getHealth",
    tags=("Service",),
    summary="Liveness, service version and rules version",
    description=(
        "Answers while the service is up, with the service's version and the version of the rule set "
        "that estimates and schedules follow. Needs no API key."
    ),
    responses=documented_responses("The service is up.", success_model=HealthStatus, negotiates=True),
    api_key=False,
)
def get_health(call: Call) -> PlainAnswer:
    choose_media_type(call.headers.get("accept"), [JSON])
    return PlainAnswer(HTTPStatus.OK, JSON, health_status().model_dump_json())


@ROUTES.route(
    "GET",
    "/concerns",
    operation_id="listConcerns",
    tags=("Catalogue",),
    summary="The concern types, their inputs and default ranges",
    description=(
        "Generated from the rule set the estimates use, so forms built from it never drift from the "
        "rules. Cacheable: send the ETag back in If-None-Match for a 304."
    ),
    responses=documented_responses(
        "The catalogue.", success_model=Catalogue, negotiates=True, conditional=True, translated=True
    ),
)
def list_concerns(call: Call, if_none_match: IfNoneMatch = None) -> PlainAnswer:
    """The catalogue, or an empty 304 when the client's ETag is current; labels in the language
    Accept-Language prefers."""
    choose_media_type(call.headers.get("accept"), [JSON])
    language = negotiate_language(call.headers.get("accept-language"))
    answer = catalogue_document(language).answer(if_none_match)
    return dataclasses.replace(answer, headers={**answer.headers, **language_headers(language)})
