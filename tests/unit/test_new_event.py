"""`devtools.new_event` writes events as API Gateway sends them: a key in the identity only where the
template asks for one."""

from __future__ import annotations

from typing import Any

import pytest

from devtools.new_event import EXAMPLE_API_KEY, make_event


def _key_of(event: dict[str, Any]) -> Any:
    return event["requestContext"]["identity"]["apiKey"]


@pytest.mark.parametrize(("method", "resource"), [("GET", "/health"), ("GET", "/openapi.json")])
def test_an_event_for_a_public_route_carries_no_key(method: str, resource: str) -> None:
    assert _key_of(make_event(method, resource)) is None


@pytest.mark.parametrize(
    ("method", "resource", "path"),
    [
        ("POST", "/estimate", None),
        ("GET", "/concerns", None),
        ("PUT", "/clinics/{clinic_id}", "/clinics/north-1"),
        ("POST", "/not-routed", None),
    ],
)
def test_an_event_for_a_route_that_needs_a_key_carries_the_example_partners(
    method: str, resource: str, path: str | None
) -> None:
    assert _key_of(make_event(method, resource, path=path)) == EXAMPLE_API_KEY
