"""POST /v1/schedule through the schedule function, in-process, from events/, JSON and text/calendar."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterator

import pytest
from icalendar import Calendar

from benchmarks.scenarios import COLD_SCENARIOS, WARM_SCENARIOS, Scenario
from devtools.new_event import EVENTS_PLANNED_AT
from pico_planner.api.settings import Settings
from tests.store.events_for import clinic_event
from tests.support.builders import scenario_event, schedule_body
from tests.support.events import event_body
from tests.support.functions import INJECTED, invoke, invoke_event

TODAY = EVENTS_PLANNED_AT


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The events' dates are fixed, so "today" is too."""
    monkeypatch.setattr(INJECTED, "clock", lambda: TODAY)
    yield


def test_plan_has_the_recommended_count_with_windows_and_milestones() -> None:
    answer = invoke_event("schedule", "schedule/basic")

    assert answer.status == 200, answer.body
    plan = answer.json
    sessions = plan["sessions"]
    assert len(sessions) == plan["estimate"]["sessions"]["recommended"]
    assert sessions[0]["date"] == event_body("schedule/basic")["start_date"]
    interval = plan["estimate"]["interval_days"]
    for previous, current in itertools.pairwise(sessions):
        gap = (dt.date.fromisoformat(current["date"]) - dt.date.fromisoformat(previous["date"])).days
        assert interval["min"] <= gap <= interval["max"]
        assert current["earliest"] <= current["date"] <= current["latest"]
    assert plan["milestones"]["first_results"]["earliest"] > sessions[0]["date"]
    assert plan["milestones"]["final_review"]["earliest"] > sessions[-1]["date"]
    assert answer.headers["Cache-Control"] == "no-store"


def test_christmas_closure_and_english_bank_holidays_are_skipped() -> None:
    plan = invoke_event("schedule", "schedule/christmas_closure_gb_eng").json
    dates = [dt.date.fromisoformat(s["date"]) for s in plan["sessions"]]
    closed = {dt.date(2026, 12, 25), dt.date(2026, 12, 28), dt.date(2027, 1, 1)}  # 28th: Boxing Day observed
    closed |= {dt.date(2026, 12, 29), dt.date(2026, 12, 30), dt.date(2026, 12, 31)}

    assert not closed & set(dates)
    assert all(day.weekday() < 5 for day in dates)


def test_a_clinic_open_two_days_a_week_gets_only_those_days() -> None:
    plan = invoke_event("schedule", "schedule/two_days_a_week").json

    assert {dt.date.fromisoformat(s["date"]).strftime("%a") for s in plan["sessions"]} <= {"Tue", "Sat"}


def test_completed_sessions_are_kept_and_the_rest_replanned_from_the_last() -> None:
    body = event_body("schedule/replan_after_completed")
    plan = invoke_event("schedule", "schedule/replan_after_completed").json
    sessions = plan["sessions"]

    assert [s["date"] for s in sessions[:2]] == body["completed_sessions"]
    assert [s["status"] for s in sessions[:2]] == ["completed", "completed"]
    assert all(s["status"] == "planned" for s in sessions[2:])
    assert sessions[2]["date"] >= TODAY.date().isoformat()


def test_twelve_sessions_with_holidays_and_closures() -> None:
    body = event_body("schedule/twelve_sessions_with_holidays")
    plan = invoke_event("schedule", "schedule/twelve_sessions_with_holidays").json

    assert len(plan["sessions"]) == 12
    assert not set(body["availability"]["closed_dates"]) & {s["date"] for s in plan["sessions"]}


def test_calendar_export_parses_with_one_event_per_session_and_stable_uids() -> None:
    first = invoke_event("schedule", "schedule/basic_ics")
    second = invoke_event("schedule", "schedule/basic_ics")
    json_plan = invoke_event("schedule", "schedule/basic").json

    assert first.status == 200
    assert first.content_type.startswith("text/calendar")
    calendar = Calendar.from_ical(first.body)
    events = [c for c in calendar.walk("VEVENT") if "session" in str(c["UID"])]
    assert [e.decoded("DTSTART").isoformat() for e in events] == [s["date"] for s in json_plan["sessions"]]
    assert str(events[1]["SUMMARY"]) == f"Pico laser session 2 of {len(json_plan['sessions'])}"
    second_uids = [str(c["UID"]) for c in Calendar.from_ical(second.body).walk("VEVENT")]
    assert [str(c["UID"]) for c in calendar.walk("VEVENT")] == second_uids


def test_both_representations_say_they_vary_by_accept_and_language() -> None:
    # JSON and the calendar are two answers to one request, told apart by Accept: a shared cache that
    # keyed on the URL and language alone would hand a calendar to a client that asked for JSON.
    as_json = invoke_event("schedule", "schedule/basic")
    as_calendar = invoke_event("schedule", "schedule/basic_ics")

    for answer in (as_json, as_calendar):
        assert answer.status == 200
        assert {name.strip() for name in answer.headers["Vary"].split(",")} == {"Accept", "Accept-Language"}


def test_an_accept_header_that_allows_neither_json_nor_calendar_is_406() -> None:
    answer = invoke_event("schedule", "schedule/unacceptable_accept")

    assert answer.status == 406
    assert answer.content_type == "application/problem+json"


@pytest.mark.parametrize(
    ("event_name", "field_path"),
    [
        ("schedule/invalid_time_zone", ["body", "time_zone"]),
        ("schedule/invalid_impossible_date", ["body", "start_date"]),
        ("schedule/invalid_no_weekdays", ["body", "availability", "weekdays"]),
        ("schedule/invalid_unknown_holiday_country", ["body", "availability", "holidays", "country"]),
        ("schedule/invalid_completed_out_of_order", ["body", "completed_sessions", 1]),
        ("schedule/invalid_completed_in_future", ["body", "completed_sessions", 0]),
        ("schedule/invalid_sessions_override", ["body", "sessions"]),
        ("schedule/invalid_booked_before_completed", ["body", "booked_sessions", 0]),
        ("schedule/invalid_completed_before_start", ["body", "completed_sessions", 0]),
        ("schedule/invalid_unknown_holiday_category", ["body", "availability", "holidays", "categories", 1]),
        ("schedule/invalid_course_id", ["body", "course_id"]),
    ],
)
def test_bad_schedule_input_is_422_naming_the_field(event_name: str, field_path: list[object]) -> None:
    answer = invoke_event("schedule", event_name)

    assert answer.status == 422, answer.body
    assert answer.content_type == "application/problem+json"
    assert field_path in [e["loc"] for e in answer.json["errors"]], answer.json["errors"]


def test_a_start_date_in_the_past_plans_from_today_with_a_warning() -> None:
    answer = invoke_event("schedule", "schedule/start_in_past")

    assert answer.status == 200, answer.body
    assert answer.json["planned_on"] == TODAY.date().isoformat()
    assert answer.json["sessions"][0]["earliest"] == TODAY.date().isoformat()
    assert [w["code"] for w in answer.json["warnings"]] == ["start_date_in_past"]


def test_a_date_time_where_a_date_is_asked_is_422() -> None:
    body = event_body("schedule/basic")
    event = scenario_event("schedule/basic", body={**body, "start_date": body["start_date"] + "T00:00:00Z"})

    answer = invoke("schedule", event)

    assert answer.status == 422
    assert [e["loc"] for e in answer.json["errors"]] == [["body", "start_date"]]


def test_booked_sessions_are_kept_between_the_completed_and_the_planned_ones() -> None:
    body = event_body("schedule/booked_sessions")
    plan = invoke_event("schedule", "schedule/booked_sessions").json

    given = body["completed_sessions"] + body["booked_sessions"]
    assert [s["date"] for s in plan["sessions"][: len(given)]] == given
    assert [s["status"] for s in plan["sessions"]] == ["completed", "completed", "booked", "booked"]
    assert plan["warnings"] == []


def test_a_replan_calendar_cancels_the_session_the_course_no_longer_has() -> None:
    answer = invoke_event("schedule", "schedule/replan_ics_course_id")

    assert answer.status == 200, answer.body
    events = Calendar.from_ical(answer.body).walk("VEVENT")
    statuses = [(str(e["SUMMARY"]), str(e["STATUS"])) for e in events]
    assert statuses == [
        ("Pico laser session 1 of 3 (completed)", "CONFIRMED"),
        ("Pico laser session 2 of 3 (completed)", "CONFIRMED"),
        ("Pico laser session 3 of 3 (booked)", "CONFIRMED"),
        ("Pico laser session 4 (cancelled)", "CANCELLED"),
    ]
    # The instant of planning: the pinned clock, to the second; the same for every event.
    assert {e.decoded("DTSTAMP") for e in events} == {TODAY}
    assert len({int(e.decoded("SEQUENCE")) for e in events}) == 1


def test_a_hong_kong_clinic_closes_on_general_holidays_and_its_closed_period() -> None:
    plan = invoke_event("schedule", "schedule/closed_period_and_open_date_hk").json
    dates = [dt.date.fromisoformat(s["date"]) for s in plan["sessions"]]

    # Session 2 aims at Easter Monday, a holiday the clinic opens on (open_dates); session 3 aims at
    # the first day of the closed period and takes the first day after it.
    assert dates[:3] == [dt.date(2027, 3, 15), dt.date(2027, 3, 29), dt.date(2027, 4, 26)]
    # Good Friday and the day after it are general holidays, closed by Hong Kong's default.
    assert not {dt.date(2027, 3, 26), dt.date(2027, 3, 27)} & set(dates)
    assert all(not dt.date(2027, 4, 12) <= day <= dt.date(2027, 4, 25) for day in dates)
    assert plan["warnings"] == []


def test_a_heavily_inked_tattoo_is_planned_at_its_full_count() -> None:
    plan = invoke_event("schedule", "schedule/long_tattoo_course").json

    assert plan["session_count"] == plan["estimate"]["sessions"]["recommended"] > 12
    assert plan["warnings"] == []


@pytest.mark.parametrize(
    "scenario",
    [s for s in (*WARM_SCENARIOS, *COLD_SCENARIOS) if s.function == "schedule"],
    ids=lambda s: s.name,
)
def test_a_benchmark_scenario_plans_the_sessions_its_name_states(scenario: Scenario) -> None:
    stated = re.search(r"(\d+)[- ]sessions?\b", scenario.name)
    assert stated is not None, scenario.name

    plan = invoke_event("schedule", scenario.event).json

    assert plan["session_count"] == int(stated.group(1))


def test_today_is_the_date_in_the_requests_zone_not_in_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 UTC on 4 January is 08:30 on 5 January in Seoul: the 4th has passed there.
    monkeypatch.setattr(INJECTED, "clock", lambda: dt.datetime(2027, 1, 4, 23, 30, tzinfo=dt.UTC))
    passed = scenario_event("schedule/basic", body=schedule_body(start_date="2027-01-04"))
    done_today = scenario_event(
        "schedule/basic", body=schedule_body(start_date="2027-01-05", completed_sessions=["2027-01-05"])
    )

    planned = invoke("schedule", passed)
    continued = invoke("schedule", done_today)

    assert planned.status == 200, planned.body
    assert "start_date_in_past" in {warning["code"] for warning in planned.json["warnings"]}
    assert planned.json["sessions"][0]["date"] >= "2027-01-05"
    # A session done on the 5th is in the past in Seoul, not a session "in the future".
    assert continued.status == 200, continued.body


def test_deployed_without_its_uid_key_a_calendar_needing_it_is_a_500_and_one_with_course_id_is_not() -> None:
    # Never UIDs made with the public local key; a course_id calendar does not use the key at all.
    deployed_without_key = Settings(deployed=True, calendar_uid_key=None)

    with_course_id = invoke(
        "schedule", clinic_event("schedule/replan_ics_course_id"), settings=deployed_without_key
    )
    without = invoke("schedule", clinic_event("schedule/basic_ics"), settings=deployed_without_key)

    assert with_course_id.status == 200, with_course_id.body
    assert (without.status, without.json["status"]) == (500, 500)
