"""POST /v1/schedule with clinic_id: the stored calendar and protocol apply, the request only narrows."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from typing import Any

import pytest

from devtools.new_event import EVENTS_PLANNED_AT
from pico_planner.core.availability import HolidayRegion
from pico_planner.core.clinic import ClinicProfile
from pico_planner.store.clinic_store import VersionCondition
from pico_planner.store.dynamodb import DynamoClinicStore
from tests.store.events_for import EVENT_PARTNER, OTHER_PARTNER, clinic_event
from tests.store.moto_table import mocked_clinic_table
from tests.support.builders import set_body
from tests.support.events import event_body
from tests.support.functions import INJECTED, HandlerAnswer, invoke

TODAY = EVENTS_PLANNED_AT
PROBLEM = "application/problem+json"
PROFILE = ClinicProfile.model_validate(event_body("clinics/put_new"))


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoClinicStore]:
    monkeypatch.setattr(INJECTED, "clock", lambda: TODAY)
    with mocked_clinic_table(monkeypatch) as table:
        store = table.store()
        monkeypatch.setattr(INJECTED, "clinic_store", lambda: store)
        store.put(EVENT_PARTNER, "north-1", PROFILE, expected=None)
        yield store


def _schedule(name: str, *, partner: str = EVENT_PARTNER, **changes: Any) -> HandlerAnswer:
    event = clinic_event(name, partner=partner)
    if changes:
        set_body(event, {**event_body(name), **changes})
    return invoke("schedule", event)


def _dates(answer: HandlerAnswer) -> list[dt.date]:
    return [dt.date.fromisoformat(session["date"]) for session in answer.json["sessions"]]


def test_the_clinics_calendar_time_zone_and_protocol_apply(store: DynamoClinicStore) -> None:
    answer = _schedule("clinics/schedule_by_clinic")

    assert answer.status == 200, answer.body
    plan = answer.json
    dates = _dates(answer)
    assert plan["time_zone"] == "Europe/London"
    # The rule set recommends 4 sessions for this patient; the clinic's protocol caps them at 3.
    assert plan["estimate"]["sessions"]["recommended"] == 4
    assert plan["session_count"] == len(dates) == 3
    assert {day.strftime("%a") for day in dates} <= {"Tue", "Wed", "Thu", "Fri", "Sat"}
    assert dt.date(2027, 2, 16) not in dates
    assert dt.date(2026, 12, 25) not in dates  # the profile's holiday region (England)
    assert all((later - earlier).days >= 42 for earlier, later in itertools.pairwise(dates))
    # The estimate shows the intervals the clinic's minimum applied, and the cap is warned of.
    assert plan["estimate"]["interval_days"]["min"] == 42
    assert [(w["code"], w["session"]) for w in plan["warnings"]] == [
        ("interval_set_by_clinic", None),
        ("sessions_capped_by_clinic", None),
    ]


def test_the_requests_availability_only_narrows_the_clinics(store: DynamoClinicStore) -> None:
    answer = _schedule("clinics/schedule_by_clinic_narrowed")

    assert answer.status == 200, answer.body
    dates = _dates(answer)
    # The request allows Tue, Sat and Sun; the clinic opens Tue to Sat: Sunday stays closed.
    assert {day.strftime("%a") for day in dates} <= {"Tue", "Sat"}
    assert dt.date(2026, 12, 5) not in dates  # the request's own closed date
    assert dt.date(2027, 2, 16) not in dates  # and the clinic's


def test_the_same_time_zone_as_the_clinics_may_be_sent(store: DynamoClinicStore) -> None:
    assert _schedule("clinics/schedule_by_clinic", time_zone="Europe/London").status == 200


def test_a_calendar_request_uses_the_clinics_zone(store: DynamoClinicStore) -> None:
    event = clinic_event("clinics/schedule_by_clinic", Accept="text/calendar")

    answer = invoke("schedule", event)

    assert answer.status == 200
    assert answer.content_type.startswith("text/calendar")


@pytest.mark.parametrize(
    "region",
    [
        {"country": "UK", "subdivision": "England"},  # aliases of the clinic's GB / ENG
        {"country": "GB", "subdivision": "England"},
        {"country": "GB", "subdivision": "ENG", "categories": ["public"]},  # GB's default, named
    ],
)
def test_the_clinics_own_holiday_region_may_be_sent_in_any_spelling(
    store: DynamoClinicStore, region: dict[str, Any]
) -> None:
    answer = _schedule("clinics/schedule_by_clinic", availability={"holidays": region})

    assert answer.status == 200, answer.body
    assert dt.date(2026, 12, 25) not in _dates(answer)


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        # Defaults of two categories, named in any order (the defaults keep their own order).
        ({"country": "HK"}, {"country": "HK", "categories": ["public", "optional"]}),
        ({"country": "HK"}, {"country": "HK", "categories": ["optional", "public"]}),
        (
            {"country": "DE", "subdivision": "BY"},
            {"country": "DE", "subdivision": "BY", "categories": ["catholic", "public"]},
        ),
    ],
)
def test_a_default_of_several_categories_named_is_the_clinics_own_region(
    store: DynamoClinicStore, stored: dict[str, Any], sent: dict[str, Any]
) -> None:
    profile = PROFILE.model_copy(update={"holidays": HolidayRegion.model_validate(stored)})
    store.put(EVENT_PARTNER, "north-1", profile, expected=VersionCondition(any_version=True))

    answer = _schedule("clinics/schedule_by_clinic", availability={"holidays": sent})

    assert answer.status == 200, answer.body


def test_a_linked_name_of_the_clinics_zone_plans_in_the_clinics_zone(store: DynamoClinicStore) -> None:
    # "GB" is the tz database's link to Europe/London, the zone the clinic stored.
    by_link = _schedule("clinics/schedule_by_clinic", time_zone="GB")
    by_clinic = _schedule("clinics/schedule_by_clinic")

    assert by_link.status == 200, by_link.body
    assert by_link.json["time_zone"] == "Europe/London"
    assert _dates(by_link) == _dates(by_clinic)


@pytest.mark.parametrize(
    ("sent", "first_date"),
    [
        # The clinic's region sent back, as platforms often do: the clinic's open dates stay open.
        ({"holidays": {"country": "GB", "subdivision": "ENG"}}, dt.date(2027, 5, 3)),
        # An open_dates list sent, even empty, narrows the clinic's: the bank holiday closes.
        ({"holidays": {"country": "GB", "subdivision": "ENG"}, "open_dates": []}, dt.date(2027, 5, 4)),
    ],
)
def test_the_clinics_region_sent_back_keeps_its_open_dates_unless_the_request_sends_its_own(
    store: DynamoClinicStore, sent: dict[str, Any], first_date: dt.date
) -> None:
    # Monday 3 May 2027 is England's Early May bank holiday, on which this clinic opens.
    profile = PROFILE.model_copy(
        update={"weekdays": ["mon", "tue", "wed", "thu", "fri"], "open_dates": [dt.date(2027, 5, 3)]}
    )
    store.put(EVENT_PARTNER, "north-1", profile, expected=VersionCondition(any_version=True))

    answer = _schedule("clinics/schedule_by_clinic", start_date="2027-05-03", sessions=1, availability=sent)

    assert answer.status == 200, answer.body
    assert _dates(answer) == [first_date]


def test_fewer_categories_than_the_clinics_default_are_another_region(store: DynamoClinicStore) -> None:
    # Hong Kong's default closes on its general holidays too (`optional`): `public` alone would plan
    # sessions on days the clinic is closed, so it is a conflict, not another spelling.
    profile = PROFILE.model_copy(update={"holidays": HolidayRegion.model_validate({"country": "HK"})})
    store.put(EVENT_PARTNER, "north-1", profile, expected=VersionCondition(any_version=True))

    answer = _schedule(
        "clinics/schedule_by_clinic", availability={"holidays": {"country": "HK", "categories": ["public"]}}
    )

    assert answer.status == 422, answer.body
    errors = {tuple(e["loc"]): e["type"] for e in answer.json["errors"]}
    assert errors == {("body", "availability", "holidays"): "clinic_holiday_region_conflict"}


@pytest.mark.parametrize(
    ("changes", "field_path", "error_type"),
    [
        ({"time_zone": "Europe/Paris"}, ["body", "time_zone"], "clinic_time_zone_conflict"),
        ({"sessions": 4}, ["body", "sessions"], "clinic_protocol_max_sessions"),
        (
            {"booked_sessions": ["2026-12-02", "2027-01-20", "2027-03-10", "2027-04-28"]},
            ["body", "booked_sessions"],
            "clinic_protocol_max_sessions",
        ),
        ({"availability": {"weekdays": ["sun", "mon"]}}, ["body", "availability", "weekdays"], None),
        (
            {"availability": {"holidays": {"country": "US"}}},
            ["body", "availability", "holidays"],
            "clinic_holiday_region_conflict",
        ),
        (
            {"availability": {"holidays": {"country": "GB", "subdivision": "SCT"}}},
            ["body", "availability", "holidays"],
            "clinic_holiday_region_conflict",
        ),
        ({"clinic_id": "north.1"}, ["body", "clinic_id"], "string_pattern_mismatch"),
        ({"clinic_id": None}, ["body", "time_zone"], "missing"),
    ],
)
def test_a_request_that_would_widen_or_contradict_the_clinic_is_422(
    store: DynamoClinicStore, changes: dict[str, Any], field_path: list[object], error_type: str | None
) -> None:
    answer = _schedule("clinics/schedule_by_clinic", **changes)

    assert (answer.status, answer.content_type) == (422, PROBLEM), answer.body
    errors = {tuple(e["loc"]): e["type"] for e in answer.json["errors"]}
    assert tuple(field_path) in errors, errors
    if error_type is not None:
        assert errors[tuple(field_path)] == error_type


def test_an_unknown_clinic_is_a_404_problem(store: DynamoClinicStore) -> None:
    answer = _schedule("clinics/schedule_unknown_clinic")

    assert (answer.status, answer.content_type) == (404, PROBLEM)
    assert answer.json["type"] == "urn:pico-planner:problem:clinic-not-found"


def test_another_partners_clinic_is_unknown(store: DynamoClinicStore) -> None:
    theirs = _schedule("clinics/schedule_by_clinic", partner=OTHER_PARTNER)
    unknown = _schedule("clinics/schedule_unknown_clinic", partner=OTHER_PARTNER)

    assert (theirs.status, theirs.json) == (404, unknown.json)


def test_a_schedule_without_clinic_id_never_touches_the_store(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(INJECTED, "clock", lambda: TODAY)

    def no_store() -> DynamoClinicStore:
        raise AssertionError("the store was asked for")

    monkeypatch.setattr(INJECTED, "clinic_store", no_store)

    assert invoke("schedule", clinic_event("schedule/basic")).status == 200


def test_an_unavailable_store_is_503(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(INJECTED, "clock", lambda: TODAY)
    monkeypatch.setattr(INJECTED, "clinic_store", lambda: DynamoClinicStore(None))

    answer = _schedule("clinics/schedule_by_clinic")

    assert (answer.status, answer.content_type) == (503, PROBLEM)
    assert answer.headers["Retry-After"] == "2"
