"""`devtools.new_event` writes events as API Gateway sends them: a key in the identity only where the
template asks for one."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from devtools import new_event
from devtools.new_event import EXAMPLE_API_KEY, make_event
from tests.support.events import EVENTS_DIR


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


def test_the_command_writes_an_event_with_a_query_as_the_listing_scenario_has_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(new_event, "EVENTS_DIR", tmp_path)

    new_event.main(["clinics/list", "GET", "/clinics", "--query", "limit=2"])

    written = (tmp_path / "clinics" / "list.json").read_text(encoding="utf-8")
    assert written == (EVENTS_DIR / "clinics" / "list.json").read_text(encoding="utf-8")
