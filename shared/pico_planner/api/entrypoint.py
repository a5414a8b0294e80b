"""The Lambda entry point every function shares: direct path or guards and resolver, CORS, one log line.

A well-formed request to a planning route is answered by the direct path (direct_path.py explains
why and when). Every other request goes to the resolver, built on first need, behind the raw-request
guards: they run before the resolver so that a body it cannot parse (too large, not JSON, not UTF-8,
an undecodable base64 payload) is answered with a precise problem instead of reaching library code
that would raise.
"""

from __future__ import annotations

import base64
import binascii
import os
from collections.abc import Callable, Mapping
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from aws_lambda_powertools import Logger

from pico_planner.api.answer import Headers
from pico_planner.api.direct_path import DirectRoute, answer_directly
from pico_planner.api.exception_description import describe_exception
from pico_planner.api.json_body import UnparsableBody, parse_json_body
from pico_planner.api.limits import MAX_BODY_BYTES
from pico_planner.api.negotiation import is_json_media_type
from pico_planner.api.problems import proxy_problem_response
from pico_planner.api.request_log import RequestObservability, concern_types_of
from pico_planner.api.snapstart import register_restore_hooks

if TYPE_CHECKING:
    # Only for typing: importing the resolver loads Powertools' event handler, which the direct path
    # exists to spare a cold start.
    from pico_planner.api.resolver import PicoResolver

_METHODS_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def guard_request(event: dict[str, Any]) -> dict[str, Any] | None:
    """A problem response for a raw request that cannot be parsed, or None to go on.

    On success a base64-encoded body is replaced by its UTF-8 text so the resolver sees plain JSON.
    """
    method = str(event.get("httpMethod") or "").upper()
    body = event.get("body")
    if method not in _METHODS_WITH_BODY or body in (None, ""):
        return None
    if not isinstance(body, str):
        return proxy_problem_response(HTTPStatus.BAD_REQUEST, "The request body could not be read.")

    if event.get("isBase64Encoded"):
        if len(body) > (MAX_BODY_BYTES * 4) // 3 + 4:
            return _too_large()
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            return proxy_problem_response(HTTPStatus.BAD_REQUEST, "The request body is not valid base64.")
    else:
        raw = body.encode("utf-8", errors="surrogatepass")
    if len(raw) > MAX_BODY_BYTES:
        return _too_large()

    content_type = Headers(event.get("headers")).get("content-type")
    if content_type is not None and not is_json_media_type(content_type):
        return proxy_problem_response(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Send the request body as application/json (UTF-8).",
            slug="unsupported-media-type",
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return proxy_problem_response(HTTPStatus.BAD_REQUEST, "The request body is not valid UTF-8.")
    try:
        parse_json_body(text)  # the one parse: the resolver and the request log read it back
    except UnparsableBody as problem:
        return proxy_problem_response(problem.status, problem.detail, slug=problem.slug)
    event["body"] = text
    event["isBase64Encoded"] = False
    return None


def _too_large() -> dict[str, Any]:
    return proxy_problem_response(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.",
        slug="content-too-large",
    )


def _is_routed(app: PicoResolver, event: Mapping[str, Any]) -> bool:
    """Whether a route takes this method on this path: if not, the answer is 404 or 405, whatever the
    body is, so the body guards do not run (a client sending the wrong method learns that first)."""
    method = str(event.get("httpMethod") or "").upper()
    return method in app.allowed_methods(str(event.get("path") or ""))


def _add_hygiene_headers(response: dict[str, Any]) -> None:
    # Plans are personal: no shared cache may keep them. Routes that are cacheable (the catalogue,
    # the OpenAPI document) set their own Cache-Control, which is kept.
    headers = response.setdefault("headers", {}) or {}
    response["headers"] = headers
    present = {name.lower() for name in headers} | {
        name.lower() for name in (response.get("multiValueHeaders") or {})
    }
    if "cache-control" not in present:
        headers["Cache-Control"] = "no-store"
    if "x-content-type-options" not in present:
        headers["X-Content-Type-Options"] = "nosniff"


# The template sets this from its CorsAllowedOrigin parameter; empty means CORS is off.
CORS_ORIGIN_VARIABLE = "PICO_CORS_ALLOWED_ORIGIN"
# Response headers a browser script may read besides the CORS-safelisted ones.
_CORS_EXPOSED_HEADERS = "Allow, Content-Disposition, ETag, Location, Retry-After"


def _add_cors_headers(event: Mapping[str, Any], response: dict[str, Any]) -> None:
    """Let the configured origin's scripts read the answer. API Gateway answers the preflight; with a
    Lambda proxy integration the real answer's CORS headers must come from the function."""
    allowed = os.environ.get(CORS_ORIGIN_VARIABLE, "").strip()
    if not allowed:
        return
    headers = response["headers"]
    # The answer differs by Origin, so a shared cache must keep one copy per origin.
    headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Origin")))
    if Headers(event.get("headers")).get("origin") == allowed:
        headers["Access-Control-Allow-Origin"] = allowed
        headers["Access-Control-Expose-Headers"] = _CORS_EXPOSED_HEADERS


def make_lambda_handler(
    resolver: Callable[[], PicoResolver],
    logger: Logger,
    direct_routes: Mapping[tuple[str, str], DirectRoute] | None = None,
) -> LambdaHandler:
    """The `lambda_handler` of a function: answers, logs one line without personal data, records metrics.

    `resolver` builds (once; it should be cached) the function's resolver with every route, used for
    whatever the `direct_routes`, keyed by (method, resource), do not answer.

    The line carries the API Gateway request id (as correlation id), the route, status, latency and
    rules version; never a body, a header value or an exception message (see observability.py).
    """
    observability = RequestObservability(logger)
    register_restore_hooks()

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        started = observability.begin(event, context)
        concern_types: list[str] | None = None  # None: the resolver answered; read them from the body
        try:
            direct = answer_directly(direct_routes, event) if direct_routes else None
            if direct is not None:
                response = direct.response
                concern_types = concern_types_of(direct.request)
            else:
                app = resolver()
                guarded = guard_request(event) if _is_routed(app, event) else None
                response = guarded or app.resolve(event, context)
        except Exception as error:  # the last line of defence: never a traceback to the caller
            logger.error("Unhandled error", extra=describe_exception(error))
            response = proxy_problem_response(
                HTTPStatus.INTERNAL_SERVER_ERROR, "The service failed to answer this request."
            )
        _add_hygiene_headers(response)
        _add_cors_headers(event, response)
        observability.end(event, int(response.get("statusCode") or 0), started, concern_types)
        return response

    return lambda_handler
