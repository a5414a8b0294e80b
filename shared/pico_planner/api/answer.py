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
    """A successful answer: status, media type, body text and extra headers."""

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
    """Request headers looked up without regard to case, as HTTP requires."""

    __slots__ = ("_lowered",)

    def __init__(self, headers: Mapping[str, str] | None) -> None:
        self._lowered = {name.lower(): value for name, value in (headers or {}).items()}

    def get(self, name: str) -> str | None:
        return self._lowered.get(name.lower())
