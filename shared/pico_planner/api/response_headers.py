"""Headers every answer carries: cache and sniffing hygiene, and CORS for the configured origin."""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping

# Response headers a browser script may read besides the CORS-safelisted ones.
CORS_EXPOSED_HEADERS = "Allow, Content-Disposition, ETag, Location, Retry-After"


def add_hygiene_headers(headers: MutableMapping[str, str]) -> None:
    # Plans are personal: no shared cache may keep them. Routes that are cacheable (the catalogue,
    # the OpenAPI document) set their own Cache-Control, which is kept.
    present = {name.lower() for name in headers}
    if "cache-control" not in present:
        headers["Cache-Control"] = "no-store"
    if "x-content-type-options" not in present:
        headers["X-Content-Type-Options"] = "nosniff"


def add_cors_headers(headers: MutableMapping[str, str], request_headers: object, allowed_origin: str) -> None:
    """Let the configured origin's scripts read the answer. API Gateway answers the preflight; with a
    Lambda proxy integration the real answer's CORS headers must come from the function.

    `request_headers` are the event's, whatever they are: an event API Gateway never sends is answered
    too (event_shape.py), and only a text `Origin` can be the allowed one."""
    if not allowed_origin:
        return
    # The answer differs by Origin, so a shared cache must keep one copy per origin.
    headers["Vary"] = ", ".join(filter(None, (headers.get("Vary"), "Origin")))
    if _origin(request_headers) == allowed_origin:
        headers["Access-Control-Allow-Origin"] = allowed_origin
        headers["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS


def _origin(request_headers: object) -> str | None:
    if not isinstance(request_headers, Mapping):
        return None
    for name, value in request_headers.items():
        if isinstance(name, str) and name.lower() == "origin" and isinstance(value, str):
            return value
    return None
