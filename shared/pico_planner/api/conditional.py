"""If-None-Match (304) for cacheable documents and stored clinics, and the documents' ETags.

A stored clinic's ETag and If-Match live in clinic_conditions.py: the functions that serve documents
(docs, catalogue) never read a clinic, so they do not load the clinic store's interface at cold start.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from http import HTTPStatus
from typing import Annotated

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.limits import MAX_CONDITION_HEADER_LENGTH
from pico_planner.api.negotiation import JSON
from pico_planner.api.routing import Header

# The If-None-Match parameter of a route that answers 304 while the client's copy is current.
IfNoneMatch = Annotated[
    str | None,
    Header(
        "The ETag of a copy the client holds.",
        alias="If-None-Match",
        max_length=MAX_CONDITION_HEADER_LENGTH,
    ),
]


def none_match(if_none_match: str | None, etag: str) -> bool:
    """Whether If-None-Match names `etag` (or `*`): weak comparison, as RFC 9110 requires."""
    if not if_none_match:
        return False
    candidates = {tag.strip().removeprefix("W/") for tag in if_none_match.split(",")}
    return "*" in candidates or etag in candidates


@dataclass(frozen=True)
class CacheableDocument:
    """A JSON body that only changes with a deployment, and its strong validator."""

    body: str
    etag: str
    max_age_seconds: int

    @classmethod
    def of(cls, body: str, max_age_seconds: int) -> CacheableDocument:
        digest = hashlib.sha256(body.encode("utf-8")).hexdigest()[:32]
        return cls(body=body, etag=f'"{digest}"', max_age_seconds=max_age_seconds)

    def answer(self, if_none_match: str | None) -> PlainAnswer:
        headers = {"ETag": self.etag, "Cache-Control": f"public, max-age={self.max_age_seconds}"}
        if none_match(if_none_match, self.etag):
            return PlainAnswer(HTTPStatus.NOT_MODIFIED, None, "", headers)
        return PlainAnswer(HTTPStatus.OK, JSON, self.body, headers)
