"""The plan as iCalendar, parsed back with icalendar itself."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from pico_planner.api.calendar_export import render_plan_ics
from pico_planner.api.languages import translator
from pico_planner.core.availability import Availability
from pico_planner.core.figures import CourseFigures, DayRange, SessionCount
from pico_planner.core.schedule_models import ScheduleOptions, SchedulePlan
from pico_planner.core.scheduling import plan_schedule

# The instant of planning, pinned: 2026-03-01 09:30:15 UTC.
NOW = datetime(2026, 3, 1, 9, 30, 15, 250_000, tzinfo=UTC)
UID_BASE = "patient:42|concerns:pigmentation/melasma|start:2026-03-02|zone:Europe/London"


def course_figures() -> CourseFigures:
    return CourseFigures(
        sessions=SessionCount(min=3, max=4, recommended=4),
        interval_days=DayRange(min=14, max=28),
        first_results_days=DayRange(min=14, max=21),
        final_results_days=DayRange(min=28, max=40),
    )


def make_plan(today: date = date(2026, 3, 1), **changes: Any) -> SchedulePlan:
    options = ScheduleOptions.model_validate(
        {"start_date": "2026-03-02", "time_zone": "Europe/London", **changes}
    )
    return plan_schedule(course_figures(), options, today=today)


def events_of(ics: bytes) -> list[Any]:
    calendar = Calendar.from_ical(ics)
    return list(calendar.walk("VEVENT"))


def session_events(ics: bytes) -> dict[int, Any]:
    return {
        int(str(event["UID"]).split("-session-")[1].split("@")[0]): event
        for event in events_of(ics)
        if "-session-" in str(event["UID"])
    }


class TestStructure:
    def test_calendar_header(self) -> None:
        calendar = Calendar.from_ical(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW))

        assert str(calendar["VERSION"]) == "2.0"
        assert str(calendar["PRODID"]).startswith("-//Pico Planner//")
        assert str(calendar["CALSCALE"]) == "GREGORIAN"
        assert str(calendar["X-WR-TIMEZONE"]) == "Europe/London"
        # PUBLISH: clients replace an imported event by UID and SEQUENCE (RFC 5546 §3.2.1).
        assert str(calendar["METHOD"]) == "PUBLISH"

    def test_all_day_events_do_not_show_the_patient_as_busy(self) -> None:
        events = events_of(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW))

        assert {str(event["TRANSP"]) for event in events} == {"TRANSPARENT"}

    def test_one_event_per_session_and_per_milestone(self) -> None:
        plan = make_plan()

        with_milestones = events_of(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))
        sessions_only = events_of(render_plan_ics(plan, uid_base=UID_BASE, now=NOW, include_milestones=False))

        assert len(with_milestones) == 4 + 2
        assert len(sessions_only) == 4

    def test_sessions_are_all_day_events_on_the_planned_dates(self) -> None:
        plan = make_plan()

        events = session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))

        assert sorted(events) == [1, 2, 3, 4]
        for session in plan.sessions:
            event = events[session.number]
            start, end = event["DTSTART"].dt, event["DTEND"].dt
            # A date, not a datetime: all-day, with the exclusive end on the next day.
            assert type(start) is date and start == session.date
            assert type(end) is date and end == session.date + timedelta(days=1)
            assert event["DTSTART"].params.get("VALUE") == "DATE"

    def test_summary_counts_the_sessions(self) -> None:
        events = session_events(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW))

        assert str(events[2]["SUMMARY"]) == "Pico laser session 2 of 4"

    def test_description_gives_the_window(self) -> None:
        plan = make_plan()

        description = str(session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))[2]["DESCRIPTION"])

        assert "2026-03-16" in description and "2026-03-30" in description
        assert "14 to 28 days after session 1" in description

    def test_milestones_span_their_windows(self) -> None:
        plan = make_plan()

        milestones = {
            str(event["UID"]): event
            for event in events_of(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))
            if "-session-" not in str(event["UID"])
        }

        [first_results] = [e for uid, e in milestones.items() if "first-results" in uid]
        [final_review] = [e for uid, e in milestones.items() if "final-review" in uid]
        assert first_results["DTSTART"].dt == date(2026, 3, 16)
        assert first_results["DTEND"].dt == date(2026, 3, 24)
        assert final_review["DTSTART"].dt == plan.milestones.final_review.earliest
        assert final_review["DTEND"].dt == plan.milestones.final_review.latest + timedelta(days=1)

    def test_completed_sessions_are_included_and_marked(self) -> None:
        plan = make_plan(today=date(2026, 3, 20), start_date="2026-03-02", completed_sessions=["2026-03-02"])

        events = session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))

        assert events[1]["DTSTART"].dt == date(2026, 3, 2)
        assert str(events[1]["SUMMARY"]) == "Pico laser session 1 of 4 (completed)"
        assert str(events[1]["STATUS"]) == "CONFIRMED"
        assert str(events[2]["STATUS"]) == "TENTATIVE"

    @pytest.mark.parametrize(("kind", "said"), [("completed", "completed"), ("booked", "booked")])
    def test_a_first_session_already_fixed_is_described_as_it_stands(self, kind: str, said: str) -> None:
        # Not "the first open day from ...": a given session is kept on its day, open or closed.
        today = date(2026, 3, 2)
        plan = make_plan(today=today, **{f"{kind}_sessions": ["2026-03-02"]})

        events = session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))

        description = str(events[1]["DESCRIPTION"])
        assert description.startswith(f"First session of the course, {said}.")
        assert "first open day" not in description

    def test_a_planned_first_session_names_the_day_the_search_began(self) -> None:
        # The start date (2 March) is closed, so the session falls on 3 March: the sentence names the
        # first day searched, not the session's own.
        plan = make_plan(availability=Availability(closed_dates=[date(2026, 3, 2)]))
        assert plan.sessions[0].date == date(2026, 3, 3)

        events = session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))

        assert str(events[1]["DESCRIPTION"]).startswith(
            "First session of the course: the first open day from 2026-03-02."
        )

    def test_a_warning_appears_in_its_sessions_description(self) -> None:
        # Session 2's whole window (16 to 30 March) is closed.
        closure = [date(2026, 3, 16) + timedelta(days=d) for d in range(15)]
        plan = make_plan(availability=Availability(closed_dates=closure))
        [warning] = plan.warnings
        assert (warning.session, plan.sessions[1].date) == (2, date(2026, 3, 31))

        events = session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))

        assert warning.message in str(events[2]["DESCRIPTION"])
        assert warning.message not in str(events[3]["DESCRIPTION"])

    @pytest.mark.parametrize(
        ("sessions", "language", "said"),
        [
            (1, None, "The course now has 1 session."),
            (2, None, "The course now has 2 sessions."),
            (1, "de", "Die Behandlungsreihe hat jetzt 1 Sitzung."),
            (2, "de", "Die Behandlungsreihe hat jetzt 2 Sitzungen."),
            (1, "fr", "Le traitement compte désormais 1 séance."),
            (2, "ko", "이 코스는 이제 총 2회입니다."),
        ],
    )
    def test_a_cancelled_session_counts_the_course_left_in_the_languages_grammar(
        self, sessions: int, language: str | None, said: str
    ) -> None:
        translate = None if language is None else translator(language)
        plan = make_plan(sessions=sessions)
        ics = render_plan_ics(plan, uid_base=UID_BASE, now=NOW, previous_session_count=3, translate=translate)

        cancelled = [event for event in events_of(ics) if event.get("STATUS") == "CANCELLED"]
        assert len(cancelled) == 3 - sessions
        assert all(str(event["DESCRIPTION"]).split("\n")[0] == said for event in cancelled)

    def test_every_event_has_the_properties_rfc_5545_requires(self) -> None:
        for event in events_of(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW)):
            assert "UID" in event and "DTSTAMP" in event and "DTSTART" in event

    def test_stamp_is_the_instant_of_planning_to_the_second(self) -> None:
        for event in events_of(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW)):
            assert event["DTSTAMP"].dt == datetime(2026, 3, 1, 9, 30, 15, tzinfo=UTC)

    def test_two_replans_on_one_day_are_told_apart(self) -> None:
        morning = events_of(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW))
        later = events_of(
            render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW + timedelta(hours=5, seconds=1))
        )

        for first, second in zip(morning, later, strict=True):
            assert second["DTSTAMP"].dt > first["DTSTAMP"].dt
            assert int(second["SEQUENCE"]) > int(first["SEQUENCE"])

    def test_a_naive_instant_is_refused(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            render_plan_ics(make_plan(), uid_base=UID_BASE, now=datetime(2026, 3, 1, 9, 30))

    def test_an_empty_uid_base_is_refused(self) -> None:
        with pytest.raises(ValueError, match="uid_base"):
            render_plan_ics(make_plan(), uid_base="", now=NOW)


class TestStableIdentifiers:
    def test_two_identical_requests_give_identical_calendars(self) -> None:
        first = render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW)
        second = render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW)

        assert first == second
        uids = [str(event["UID"]) for event in events_of(first)]
        assert len(set(uids)) == len(uids)
        assert uids == [str(event["UID"]) for event in events_of(second)]

    def test_a_replan_after_a_completed_session_keeps_the_session_uids(self) -> None:
        before = session_events(render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW))
        # Session 1 happened a day late, so everything after it moves.
        replanned = make_plan(today=date(2026, 3, 5), completed_sessions=["2026-03-03"])
        after = session_events(render_plan_ics(replanned, uid_base=UID_BASE, now=NOW))

        assert {n: str(e["UID"]) for n, e in before.items()} == {n: str(e["UID"]) for n, e in after.items()}
        assert before[2]["DTSTART"].dt != after[2]["DTSTART"].dt

    def test_another_course_gets_other_uids(self) -> None:
        plan = make_plan()

        ours = {str(e["UID"]) for e in events_of(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))}
        theirs = {str(e["UID"]) for e in events_of(render_plan_ics(plan, uid_base=UID_BASE + "x", now=NOW))}

        assert ours.isdisjoint(theirs)

    def test_uids_do_not_reveal_what_their_base_was_made_from(self) -> None:
        ics = render_plan_ics(make_plan(), uid_base=UID_BASE, now=NOW)

        assert b"patient" not in ics and b"melasma" not in ics


@settings(max_examples=60, deadline=None)
@given(
    start_offset=st.integers(min_value=0, max_value=400),
    sessions=st.integers(min_value=1, max_value=12),
    pace=st.sampled_from(["earliest", "middle", "latest"]),
    weekdays=st.lists(
        st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]), min_size=1, unique=True
    ),
)
def test_round_trip_keeps_every_session_date(
    start_offset: int, sessions: int, pace: str, weekdays: list[str]
) -> None:
    today = date(2026, 3, 1)
    plan = make_plan(
        today=today,
        start_date=str(today + timedelta(days=start_offset)),
        sessions=sessions,
        pace=pace,
        availability={"weekdays": weekdays},
    )

    events = session_events(render_plan_ics(plan, uid_base=UID_BASE, now=NOW))

    assert {n: e["DTSTART"].dt for n, e in events.items()} == {s.number: s.date for s in plan.sessions}
