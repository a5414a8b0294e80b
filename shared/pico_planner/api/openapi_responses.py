"""What a route tells the OpenAPI document about its answers and its callers.

Powertools builds the document from each route decorator. These helpers give every route the same
error statuses, each with the `Problem` schema in `application/problem+json`, and the same API-key
requirement, so the document says what `handler.py` and `problems.py` actually answer.
Nothing here runs per request: the dictionaries are built once, when a function's module loads.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel

from pico_planner.api.json_body import MAX_NESTING_DEPTH
from pico_planner.api.languages import LANGUAGES
from pico_planner.api.limits import MAX_BODY_BYTES
from pico_planner.api.problems import PROBLEM_CONTENT_TYPE, Problem

JSON_CONTENT_TYPE = "application/json"

# The name the document gives the `x-api-key` header scheme (devtools/openapi.py declares it).
API_KEY_SCHEME = "apiKey"
API_KEY_HEADER = "x-api-key"
API_KEY_REQUIRED: list[dict[str, list[str]]] = [{API_KEY_SCHEME: []}]


# The limits as the document states them, from the values the body guards hold a body to.
_BODY_LIMIT = f"{MAX_BODY_BYTES // 1024} KiB"

# Why each status can happen; `problems.PROBLEMS` and the body guards are where each one is produced.
_BODY_PROBLEMS = {
    HTTPStatus.BAD_REQUEST: "The body is not valid JSON, not UTF-8, or not valid base64.",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: f"The body is larger than {_BODY_LIMIT}.",
    HTTPStatus.UNSUPPORTED_MEDIA_TYPE: "The body is not sent as application/json (UTF-8).",
}
_VALIDATION_PROBLEM = "The request does not match the contract; `errors` names each invalid field."
_NEGOTIATION_PROBLEM = "The Accept header allows none of the media types this operation answers with."
_SERVER_PROBLEM = "The service failed to answer; the request can be retried."
# Both are answered by API Gateway before any function runs, with the problems template.yaml's
# GatewayResponses define (the local server reads the same templates).
_KEY_PROBLEM = "No valid x-api-key header: the gateway refuses the request before the function runs."
_THROTTLED = (
    "Too many requests: the API key's rate or quota is used up (API Gateway's usage plan), or the "
    "stage's ceiling for this operation, all callers together, is reached; retry later."
)
# template.yaml's MethodSettings throttle every method of the stage, the keyless ones too.
_THROTTLED_PUBLIC = (
    "Too many requests to this operation from all callers together (the stage's ceiling, API "
    "Gateway's throttle); retry later."
)


_CACHE_HEADERS: dict[str, Any] = {
    "ETag": {"description": "The version of this representation.", "schema": {"type": "string"}},
    "Cache-Control": {"description": "How long a copy may be reused.", "schema": {"type": "string"}},
}


# problems.py sends it with every 503 (the clinic store is throttled or unreachable).
_RETRY_AFTER_HEADER: dict[str, Any] = {
    "Retry-After": {
        "description": "Seconds to wait before retrying.",
        "schema": {"type": "integer", "minimum": 1},
    }
}


# Answers whose sentences follow Accept-Language (pico_planner/api/languages.py).
_LANGUAGE_HEADERS: dict[str, Any] = {
    "Content-Language": {
        "description": "The language of the patient sentences and labels (BCP 47); en-GB by default.",
        "schema": {"type": "string", "enum": list(LANGUAGES)},
    },
    "Vary": {
        "description": "Accept-Language (and Origin when CORS is on): the answer depends on them.",
        "schema": {"type": "string"},
    },
}


# Answers in several media types (chosen by Accept) whose sentences also follow Accept-Language.
_VARY_BY_MEDIA_TYPE_AND_LANGUAGE: dict[str, Any] = {
    "description": "Accept, Accept-Language (and Origin when CORS is on): the answer depends on them.",
    "schema": {"type": "string"},
}


# request_body.py sends it with the 415 for a body sent with a Content-Encoding.
_ACCEPT_ENCODING_HEADER: dict[str, Any] = {
    "Accept-Encoding": {
        "description": "`identity`, when the body was refused for its Content-Encoding: send it plain.",
        "schema": {"type": "string", "enum": ["identity"]},
    }
}


def _problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": {PROBLEM_CONTENT_TYPE: {"model": Problem}}}


def _problem_for(code: int, description: str) -> dict[str, Any]:
    problem = _problem(description)
    if code == HTTPStatus.SERVICE_UNAVAILABLE:
        problem["headers"] = _RETRY_AFTER_HEADER
    return problem


def documented_responses(
    description: str,
    *,
    status: int = HTTPStatus.OK,
    success_model: type[BaseModel] | None = None,
    success_schema: Mapping[str, Any] | None = None,
    other_media_types: Mapping[str, Mapping[str, Any]] | None = None,
    reads_body: bool = False,
    negotiates: bool = False,
    conditional: bool = False,
    other_problems: Mapping[int, str] | None = None,
    translated: bool = False,
    other_headers: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[int, Any]:
    """The `responses=` of a route decorator: its success and every problem it can answer.

    description: what the success answer is.
    success_model: the JSON success body; needed only with `other_media_types`, otherwise Powertools
        takes the route's return annotation.
    success_schema: a JSON Schema for a JSON success that no model describes.
    other_media_types: further representations of the success, e.g.
        `{"text/calendar": {"schema": {"type": "string"}}}`.
    reads_body: the route reads a JSON body (the raw-body guards can answer 400, 413 and 415).
    negotiates: the route calls `negotiation.choose_media_type` (it can answer 406).
    conditional: the success carries ETag and Cache-Control, and If-None-Match with that ETag gets a
        bodiless 304.
    other_problems: route-specific problem statuses and why, e.g. `{404: "No clinic has this id."}`.
    translated: the success's patient sentences follow Accept-Language; it says Content-Language and
        Vary (naming Accept as well when `other_media_types` gives a choice). Problems are always
        English and carry neither.
    other_headers: further headers of the success, by name, e.g. one only a representation carries.
    """
    success: dict[str, Any] = {"description": description}
    if other_media_types:
        if success_model is None:
            raise ValueError("other_media_types needs success_model for the JSON representation")
        success["content"] = {JSON_CONTENT_TYPE: {"model": success_model}, **other_media_types}
    elif success_model is not None:
        success["content"] = {JSON_CONTENT_TYPE: {"model": success_model}}
    elif success_schema is not None:
        success["content"] = {JSON_CONTENT_TYPE: {"schema": dict(success_schema)}}

    responses: dict[int, Any] = {int(status): success}
    success_headers = {**(_CACHE_HEADERS if conditional else {}), **(_LANGUAGE_HEADERS if translated else {})}
    if translated and other_media_types:
        success_headers["Vary"] = _VARY_BY_MEDIA_TYPE_AND_LANGUAGE
    success_headers.update(other_headers or {})
    if success_headers:
        success["headers"] = success_headers
    if conditional:
        # An explicit empty content: without it Powertools gives the 304 the return annotation's body.
        responses[int(HTTPStatus.NOT_MODIFIED)] = {
            "description": "Unchanged since the ETag sent in If-None-Match; reuse the copy held.",
            "headers": success_headers,
            "content": {},
        }
    if reads_body:
        responses.update({int(code): _problem(text) for code, text in _BODY_PROBLEMS.items()})
        responses[int(HTTPStatus.UNSUPPORTED_MEDIA_TYPE)]["headers"] = _ACCEPT_ENCODING_HEADER
    if negotiates:
        responses[int(HTTPStatus.NOT_ACCEPTABLE)] = _problem(_NEGOTIATION_PROBLEM)
    for code, text in (other_problems or {}).items():
        responses[int(code)] = _problem_for(int(code), text)
    # Powertools documents 422 for every validated route with its own schema; ours replaces it.
    responses[int(HTTPStatus.UNPROCESSABLE_ENTITY)] = _problem(_VALIDATION_PROBLEM)
    responses[int(HTTPStatus.INTERNAL_SERVER_ERROR)] = _problem(_SERVER_PROBLEM)
    return dict(sorted(responses.items()))


def with_gateway_problems(responses: Mapping[int, Any], *, api_key: bool) -> dict[int, Any]:
    """A route's `responses` with the gateway's own answers: 429 for every route (the stage's throttle
    applies to public routes too), and 403 for a route that needs an API key.

    Added by the document's generator from the route's own `api_key`, so that a route is declared
    public in one place (`RouteTable.route(api_key=False)`).
    """
    if api_key:
        problems = {
            int(HTTPStatus.FORBIDDEN): _problem(_KEY_PROBLEM),
            int(HTTPStatus.TOO_MANY_REQUESTS): _problem(_THROTTLED),
        }
    else:
        problems = {int(HTTPStatus.TOO_MANY_REQUESTS): _problem(_THROTTLED_PUBLIC)}
    return dict(sorted({**responses, **problems}.items()))


# Rules every JSON body is held to before its schema: written into each operation that reads one.
BODY_RULES = (
    "\n\nRules a schema cannot state, each answered as a problem naming the rule: the body is at most "
    f"{_BODY_LIMIT} (413); a `Content-Type` other than JSON in UTF-8 (`application/json` or "
    "`application/*+json`) is a 415, as is a `Content-Encoding` (send bodies uncompressed), and a body "
    "without a `Content-Type` is read as JSON; a body that is not UTF-8 JSON, nests arrays and objects "
    f"more than {MAX_NESTING_DEPTH} levels deep or holds an integer of more than 4,300 digits is a 400; "
    "a name sent twice in one object counts once, with its last value. Problems name the field and the "
    "rule, never the value sent."
)
