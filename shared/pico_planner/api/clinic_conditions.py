"""A stored clinic's ETag, and what If-Match asks of it when a clinic is replaced or deleted."""

from __future__ import annotations

from pico_planner.api.problems import InvalidInput
from pico_planner.store.clinic_store import MAX_EXPECTED_VERSIONS, VersionCondition


def etag(version: str) -> str:
    """A stored version as a strong ETag."""
    return f'"{version}"'


def version_condition(if_match: str | None) -> VersionCondition | None:
    """What an If-Match header asks of the stored clinic; None when the header is absent.

    If-Match compares strongly (RFC 9110), so weak (`W/`) or unquoted tags never match.
    """
    if if_match is None:
        return None
    tags = [tag.strip() for tag in if_match.split(",") if tag.strip()]
    if "*" in tags:
        return VersionCondition(any_version=True)
    versions = frozenset(tag[1:-1] for tag in tags if len(tag) > 2 and tag[0] == tag[-1] == '"')
    if len(versions) > MAX_EXPECTED_VERSIONS:
        # Refused, not answered 412: the current version may be among them, and a 412 would say not.
        raise InvalidInput(
            [
                {
                    "loc": ("header", "if-match"),
                    "msg": f"Name at most {MAX_EXPECTED_VERSIONS} ETags",
                    "type": "too_many_etags",
                }
            ]
        )
    return VersionCondition(versions=versions)
