"""Content negotiation: which media type to answer with, from the request's Accept header."""

from __future__ import annotations

from collections.abc import Sequence
from http import HTTPStatus

from pico_planner.api.problems import ProblemError

JSON = "application/json"
CALENDAR = "text/calendar"


def _parse_accept(accept: str) -> list[tuple[str, float]]:
    ranges: list[tuple[str, float]] = []
    for item in accept.split(","):
        media_range, *params = (part.strip() for part in item.split(";"))
        if not media_range:
            continue
        quality = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        ranges.append((media_range.lower(), quality))
    return ranges


def _matches(media_range: str, media_type: str) -> bool:
    if media_range in ("*/*", media_type):
        return True
    kind, _, subtype = media_range.partition("/")
    return subtype == "*" and media_type.startswith(kind + "/")


def choose_media_type(accept: str | None, offered: Sequence[str]) -> str:
    """The offered type the client prefers; the first offered when Accept is absent.

    Raises a 406 problem when the client accepts none of them.
    """
    if not accept or not accept.strip():
        return offered[0]
    best: tuple[float, int] | None = None
    chosen = None
    for position, media_type in enumerate(offered):
        quality = max((q for r, q in _parse_accept(accept) if _matches(r, media_type)), default=0.0)
        # Ties go to the earlier offered type (JSON first), so `*/*` gets JSON.
        if quality > 0 and (best is None or quality > best[0]):
            best, chosen = (quality, position), media_type
    if chosen is None:
        raise ProblemError(
            HTTPStatus.NOT_ACCEPTABLE,
            f"This resource can answer with {', '.join(offered)}; the Accept header allows none of them.",
        )
    return chosen
