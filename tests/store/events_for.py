"""Variations of the clinic events: another header value or another partner's API key id."""

from __future__ import annotations

from typing import Any

from devtools.new_event import EXAMPLE_API_KEY_ID
from tests.support.builders import scenario_event

# The API key id the events in events/ carry.
EVENT_PARTNER = EXAMPLE_API_KEY_ID
OTHER_PARTNER = "f6e7d8c9b0"


def clinic_event(name: str, *, partner: str | None = EVENT_PARTNER, **headers: str) -> dict[str, Any]:
    """events/<name>.json with these headers set (If_Match= names If-Match) and this partner's key id."""
    event = scenario_event(name, headers={key.replace("_", "-"): value for key, value in headers.items()})
    identity = event["requestContext"]["identity"]
    identity["apiKeyId"] = partner
    identity["apiKey"] = None if partner is None else f"key-of-{partner}"
    return event
