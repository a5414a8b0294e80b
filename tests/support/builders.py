"""Test data: an events/ scenario or a request body, with only the change a test is about.

events/ stays the single fixture source (tests/support/events.py): an event built here is one of its
scenarios with headers or a body changed the way API Gateway would carry them. The request bodies are
for tests that build a request instead of sending a scenario: the smallest valid ones, with the fields a
test names replaced.
"""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Iterator, Mapping
from typing import Any

from pico_planner.core.concerns import TATTOO_COLOURS, TATTOO_INKS, TATTOO_LOCATIONS, TATTOO_SCARRING
from tests.support.events import load_event


def estimate_body(**fields: Any) -> dict[str, Any]:
    """The smallest valid estimate request (one mild wrinkle concern), with these fields replaced."""
    return {
        "patient": {"age": 30, "skin_type": 2},
        "concerns": [{"type": "wrinkles", "severity": "mild"}],
        **fields,
    }


def every_tattoo() -> Iterator[tuple[int, dict[str, Any]]]:
    """Every Kirby–Desai input the estimate accepts, for every skin type: (skin type, tattoo concern)."""
    for skin_type, ink, colours, location, scarring, layered in itertools.product(
        range(1, 7), TATTOO_INKS, TATTOO_COLOURS, TATTOO_LOCATIONS, TATTOO_SCARRING, (False, True)
    ):
        concern = {
            "type": "tattoo",
            "ink": ink,
            "colours": colours,
            "location": location,
            "scarring": scarring,
            "layered": layered,
        }
        yield skin_type, concern


def schedule_body(**fields: Any) -> dict[str, Any]:
    """A valid schedule request, with these fields replaced: a moderate melasma course starting on
    Tuesday 5 January 2027 in Seoul, for a patient of skin type III."""
    return {
        "patient": {"age": 42, "skin_type": 3, "sensitive_skin": False},
        "concerns": [{"type": "pigmentation", "subtype": "melasma", "severity": "moderate", "area": "small"}],
        "start_date": "2027-01-05",
        "time_zone": "Asia/Seoul",
        **fields,
    }


def scenario_event(
    name: str, *, headers: Mapping[str, str] | None = None, body: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A fresh copy of events/<name>.json with these headers set and, when given, this JSON body."""
    event = load_event(name)
    if headers:
        set_headers(event, headers)
    if body is not None:
        set_body(event, body)
    return event


def set_headers(event: dict[str, Any], headers: Mapping[str, str]) -> None:
    """Set each header in `headers` and `multiValueHeaders`, as API Gateway carries one, in place of
    the same header under any spelling of its name."""
    drop_headers(event, *headers)
    for name, value in headers.items():
        event["headers"][name] = value
        event["multiValueHeaders"][name] = [value]


def drop_headers(event: dict[str, Any], *names: str) -> None:
    """Take these headers out of `headers` and `multiValueHeaders`, whatever their spelling."""
    dropped = {name.lower() for name in names}
    for key in ("headers", "multiValueHeaders"):
        kept = (event.get(key) or {}).items()
        event[key] = {name: value for name, value in kept if name.lower() not in dropped}


def set_body(event: dict[str, Any], document: Mapping[str, Any]) -> None:
    """Make `document` the event's body, as JSON text."""
    event["body"] = json.dumps(document)


def encode_body_base64(event: dict[str, Any]) -> None:
    """Send the event's body base64-encoded, as API Gateway sends a body it treats as binary."""
    event["body"] = base64.b64encode(event["body"].encode("utf-8")).decode("ascii")
    event["isBase64Encoded"] = True
