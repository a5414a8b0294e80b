"""A route's answer as plain data, and the request headers a route reads.

Every route function and every problem is a `PlainAnswer`, which the handler turns into API Gateway's
proxy response; nothing here imports Powertools.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class PlainAnswer:
    """An answer, a success or a problem: status, media type (None without a body), body text and extra
    headers."""

    status: int
    content_type: str | None
    body: str
    headers: Mapping[str, str] = field(default_factory=dict)

    def to_proxy_response(self) -> dict[str, Any]:
        headers = dict(self.headers)
        if self.content_type is not None:
            headers["Content-Type"] = self.content_type
        return {
            "statusCode": self.status,
            "headers": headers,
            "multiValueHeaders": {},
            "body": self.body,
            "isBase64Encoded": False,
        }


class Headers:
    """Request headers looked up without regard to case, as HTTP requires.

    A header sent on several lines is one list of all of them, joined with commas (RFC 9110 §5.3), as
    any HTTP server hands it on: API Gateway's `headers` keep only its last line, `multiValueHeaders`
    every one. Accept, Accept-Language, If-Match and If-None-Match are such lists; a field that is not
    one (Content-Type) becomes a value its own rules refuse, rather than whichever line came last.
    """

    __slots__ = ("_lowered",)

    def __init__(self, headers: Mapping[str, str] | None, lines: Mapping[str, Any] | None = None) -> None:
        self._lowered = {name.lower(): value for name, value in (headers or {}).items()}
        for name, values in (lines or {}).items():
            # The usual one line is already in `headers`; an event no gateway sends (lines that are not
            # a list of text) fails here or in the route, and is answered as unreadable (event_shape.py).
            if isinstance(values, list) and len(values) > 1:
                self._lowered[name.lower()] = ", ".join(values)

    def get(self, name: str) -> str | None:
        return self._lowered.get(name.lower())
