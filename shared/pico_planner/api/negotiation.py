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


def _specificity(media_range: str, media_type: str) -> int | None:
    """How specifically `media_range` names `media_type`: 2 exact, 1 `type/*`, 0 `*/*`, None not at all."""
    if media_range == media_type:
        return 2
    kind, _, subtype = media_range.partition("/")
    if subtype == "*" and media_type.startswith(kind + "/"):
        return 1
    if media_range == "*/*":
        return 0
    return None


def _quality(ranges: list[tuple[str, float]], media_type: str) -> float:
    """RFC 9110 §12.5.1: the most specific range that matches decides, so `json;q=0, */*` refuses JSON."""
    matching = [(s, q) for r, q in ranges if (s := _specificity(r, media_type)) is not None]
    if not matching:
        return 0.0
    most_specific = max(s for s, _ in matching)
    return max(q for s, q in matching if s == most_specific)


def choose_media_type(accept: str | None, offered: Sequence[str]) -> str:
    """The offered type the client prefers; the first offered when Accept is absent.

    Raises a 406 problem when the client accepts none of them.
    """
    if not accept or not accept.strip():
        return offered[0]
    if accept in offered:  # one exact type, the commonest Accept of all: nothing to weigh
        return accept
    return _weigh(accept, offered)


def _weigh(accept: str, offered: Sequence[str]) -> str:
    """The offered type the Accept header's ranges give the highest quality; ties to the earlier."""
    ranges = _parse_accept(accept)
    best: tuple[float, int] | None = None
    chosen = None
    for position, media_type in enumerate(offered):
        quality = _quality(ranges, media_type)
        # Ties go to the earlier offered type (JSON first), so `*/*` gets JSON.
        if quality > 0 and (best is None or quality > best[0]):
            best, chosen = (quality, position), media_type
    if chosen is None:
        raise ProblemError(
            HTTPStatus.NOT_ACCEPTABLE,
            f"This resource can answer with {', '.join(offered)}; the Accept header allows none of them.",
        )
    return chosen


def is_json_media_type(content_type: str) -> bool:
    """Whether a Content-Type names JSON in UTF-8: application/json or application/*+json."""
    media_type, *params = (part.strip().lower() for part in content_type.split(";"))
    if media_type != "application/json" and not (
        media_type.startswith("application/") and media_type.endswith("+json")
    ):
        return False
    for param in params:
        name, _, value = param.partition("=")
        if name.strip() == "charset" and value.strip().strip('"') not in ("utf-8", "utf8"):
            return False
    return True
