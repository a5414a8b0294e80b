"""A header sent on several lines, through the real functions, as API Gateway carries it: every line in
`multiValueHeaders`, only the last in `headers`. Accept, Accept-Language, If-Match and If-None-Match are
lists (RFC 9110 §12.5, §13.1), and a list sent on several lines is the one list of all of them (§5.3):
reading the last line alone answers another media type or language than the client asked for, and
refusing a list that arrived in two lines refuses a request HTTP allows (the local server, like any
HTTP server, joins the lines before the function sees them)."""

from __future__ import annotations

from typing import Any

import pytest

from pico_planner.store.dynamodb import DynamoClinicStore
from tests.store.events_for import EVENT_PARTNER, clinic_event
from tests.support.builders import drop_headers
from tests.support.events import load_event
from tests.support.functions import invoke


def _send_on_lines(event: dict[str, Any], name: str, *lines: str) -> dict[str, Any]:
    """`event` with header `name` sent on these lines, as API Gateway's REST proxy event carries them."""
    drop_headers(event, name)
    event["headers"][name] = lines[-1]
    event["multiValueHeaders"][name] = list(lines)
    return event


@pytest.mark.usefixtures("pinned_today")
def test_accept_on_two_lines_is_weighed_as_one_list() -> None:
    # The calendar is preferred; the line with JSON at a low weight comes last.
    event = _send_on_lines(load_event("schedule/basic"), "Accept", "text/calendar", "application/json;q=0.1")

    answer = invoke("schedule", event)

    assert answer.status == 200, answer.body
    assert answer.content_type.startswith("text/calendar")


def test_accept_language_on_two_lines_is_weighed_as_one_list() -> None:
    # German first; the last line names a language the service does not offer.
    event = _send_on_lines(load_event("estimate/acne_scars"), "Accept-Language", "de", "tlh;q=0.5")

    answer = invoke("estimate", event)

    assert answer.status == 200, answer.body
    assert answer.headers["Content-Language"] == "de"


def test_if_none_match_on_two_lines_revalidates_the_catalogue() -> None:
    current = invoke("catalogue", load_event("catalogue/concerns")).headers["ETag"]
    event = _send_on_lines(load_event("catalogue/concerns"), "If-None-Match", current, '"an-older-copy"')

    answer = invoke("catalogue", event)

    assert answer.status == 304, answer.body


def test_if_match_on_two_lines_replaces_when_one_names_the_current_version(store: DynamoClinicStore) -> None:
    created = invoke("clinics", clinic_event("clinics/put_new", partner=EVENT_PARTNER))
    assert created.status == 201, created.body
    event = clinic_event("clinics/put_replace", partner=EVENT_PARTNER)
    _send_on_lines(event, "If-Match", '"stale"', created.headers["ETag"])

    replaced = invoke("clinics", event)

    assert replaced.status == 200, replaced.body


def test_if_match_on_two_lines_naming_no_current_version_is_still_412(store: DynamoClinicStore) -> None:
    assert invoke("clinics", clinic_event("clinics/put_new", partner=EVENT_PARTNER)).status == 201
    event = clinic_event("clinics/put_replace", partner=EVENT_PARTNER)
    _send_on_lines(event, "If-Match", '"stale"', '"older"')

    assert invoke("clinics", event).status == 412
