"""Clinic profiles over real HTTP through the local server and its embedded DynamoDB, two partners."""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterator

import pytest

from devtools.new_event import EVENTS_PLANNED_AT
from tests.support.events import event_body
from tests.support.http import HttpAnswer, request
from tests.support.local_server import serving

PARTNER_A = "clinics-partner-a-0001"
PARTNER_B = "clinics-partner-b-0002"


@pytest.fixture(scope="module")
def base_url() -> Iterator[str]:
    with serving(api_keys=frozenset({PARTNER_A, PARTNER_B}), clock=lambda: EVENTS_PLANNED_AT) as origin:
        yield f"{origin}/v1"


def _call(method: str, url: str, key: str, body: object = None, **headers: str) -> HttpAnswer:
    all_headers = {"x-api-key": key, **{k.replace("_", "-"): v for k, v in headers.items()}}
    data = None
    if body is not None:
        data = json.dumps(body).encode("utf-8")
        all_headers["Content-Type"] = "application/json"
    return request(method, url, body=data, headers=all_headers)


def test_store_read_replace_and_revalidate_over_http(base_url: str) -> None:
    clinic = f"{base_url}/clinics/http-{uuid.uuid4().hex[:8]}"
    profile = event_body("clinics/put_new")

    created = _call("PUT", clinic, PARTNER_A, profile)
    etag = created.header("ETag") or ""
    revalidated = _call("GET", clinic, PARTNER_A, If_None_Match=etag)
    replaced = _call("PUT", clinic, PARTNER_A, {**profile, "display_name": "Renamed"}, If_Match=etag)
    stale = _call("PUT", clinic, PARTNER_A, profile, If_Match=etag)

    assert created.status == 201, created.body
    assert (revalidated.status, revalidated.body) == (304, b"")
    assert replaced.status == 200
    assert stale.status == 412
    assert stale.header("Content-Type") == "application/problem+json"
    assert _call("GET", clinic, PARTNER_A).json["profile"]["display_name"] == "Renamed"


def test_one_partner_cannot_see_or_touch_anothers_clinic_over_http(base_url: str) -> None:
    clinic_id = f"http-{uuid.uuid4().hex[:8]}"
    clinic = f"{base_url}/clinics/{clinic_id}"
    etag = _call("PUT", clinic, PARTNER_A, event_body("clinics/put_new")).header("ETag") or ""

    assert _call("GET", clinic, PARTNER_B).status == 404
    assert _call("PUT", clinic, PARTNER_B, event_body("clinics/put_new"), If_Match=etag).status == 412
    assert _call("DELETE", clinic, PARTNER_B).status == 404
    listed_by_b = [
        c["clinic_id"] for c in _call("GET", f"{base_url}/clinics?limit=100", PARTNER_B).json["clinics"]
    ]
    listed_by_a = [
        c["clinic_id"] for c in _call("GET", f"{base_url}/clinics?limit=100", PARTNER_A).json["clinics"]
    ]
    assert clinic_id not in listed_by_b
    assert clinic_id in listed_by_a
    assert _call("GET", clinic, PARTNER_A).header("ETag") == etag


def test_schedule_by_clinic_id_over_http(base_url: str) -> None:
    clinic_id = f"http-{uuid.uuid4().hex[:8]}"
    _call("PUT", f"{base_url}/clinics/{clinic_id}", PARTNER_A, event_body("clinics/put_new"))
    start = (EVENTS_PLANNED_AT.date() + dt.timedelta(days=30)).isoformat()  # the server's pinned clock
    body = {**event_body("clinics/schedule_by_clinic"), "clinic_id": clinic_id, "start_date": start}

    mine = _call("POST", f"{base_url}/schedule", PARTNER_A, body)
    theirs = _call("POST", f"{base_url}/schedule", PARTNER_B, body)

    assert mine.status == 200, mine.body
    assert mine.json["time_zone"] == "Europe/London"
    assert mine.json["session_count"] == 3
    assert theirs.status == 404


def test_without_a_key_the_gateway_refuses(base_url: str) -> None:
    answer = request("GET", f"{base_url}/clinics")

    assert answer.status == 403
