"""The direct path: a well-formed request to a planning route, answered without the resolver.

Why it exists: the Powertools resolver costs about 100 ms to import at a cold start and about 80 µs per
request, more than the planning itself. The direct path parses and validates the same request model,
calls the same route function and returns the same answer, for the requests that succeed.

Why it is safe: it only ever answers a success. Anything else (an unusual method or header, a body
that is base64, too large or not JSON, a validation error, a domain error, a bug) makes it decline,
and the resolver answers instead, so every error is still mapped in one place (resolver.py and
entrypoint.py). Only side-effect-free routes may be direct: a declined request runs again.
Tests hold both paths to identical answers for every scenario in events/.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.limits import MAX_BODY_BYTES
from pico_planner.api.negotiation import is_json_media_type


class DeclinedByDirectPath(Exception):
    """Raised by a direct route function to leave a well-formed request to the resolver."""


@dataclass(frozen=True)
class DirectRoute:
    """A route the direct path may answer: its request model (None for GET) and its route function.

    The route function receives the validated request (when there is a body), the headers and the
    raw event (for the request context), and returns the answer or raises to decline.
    """

    request_model: type[BaseModel] | None
    answer: Callable[..., PlainAnswer]


def _too_large(body: str) -> bool:
    # A character is at most four UTF-8 bytes: only a long body needs encoding to be measured.
    return (
        len(body) > MAX_BODY_BYTES // 4 and len(body.encode("utf-8", errors="surrogatepass")) > MAX_BODY_BYTES
    )


@dataclass(frozen=True)
class DirectAnswer:
    """The proxy response, and the validated request it answers (None for a route without a body)."""

    response: dict[str, Any]
    request: BaseModel | None


def answer_directly(
    routes: Mapping[tuple[str, str], DirectRoute], event: Mapping[str, Any]
) -> DirectAnswer | None:
    """The answer to `event`, or None when the resolver must answer it."""
    route = routes.get((str(event.get("httpMethod")), str(event.get("resource"))))
    if route is None or event.get("isBase64Encoded"):
        return None
    headers = Headers(event.get("headers"))
    request: BaseModel | None = None
    try:
        if route.request_model is None:
            answer = route.answer(headers, event)
        else:
            body = event.get("body")
            if not isinstance(body, str) or _too_large(body):
                return None
            content_type = headers.get("content-type")
            if content_type is not None and not is_json_media_type(content_type):
                return None
            # The raw JSON validated in one pass: for the strict request models this accepts exactly
            # what the resolver's json.loads-then-validate accepts (tests/handler/test_direct_path.py).
            request = route.request_model.model_validate_json(body)
            answer = route.answer(request, headers, event)
    except Exception:
        return None
    return DirectAnswer(answer.to_proxy_response(), request)
