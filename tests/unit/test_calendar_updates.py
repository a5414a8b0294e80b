"""Re-planned courses update the calendars that imported them, by the rules calendar clients follow.

`SubscribedCalendar` is a small calendar client: it reads the exported text with its own parser (not
the `icalendar` package that writes it) and applies RFC 5545/5546: an event replaces the one with the
same UID only when its SEQUENCE (then DTSTAMP) is higher, and a CANCELLED event removes it. After a
calendar imports plan A and then plan B, it must hold exactly what importing plan B alone gives.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from typing import Any

import pytest

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.routes.schedule import answer_schedule
from pico_planner.core.schedule_models import ScheduleRequest
from pico_planner.core.scheduling import course_key
from tests.support.builders import schedule_body

PARTNER = "partner-a1"
UID_KEY = "test-calendar-uid-key"
CALENDAR_HEADERS = Headers({"Accept": "text/calendar"})
# Plan A is made on the morning of 2027-01-04; plan B at the times each scenario gives.
PLAN_A_AT = datetime(2027, 1, 4, 9, 0, tzinfo=UTC)


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    sequence: int
    stamp: str
    status: str
    start: str
    end: str
    summary: str


def unfolded_lines(text: str) -> list[str]:
    """Content lines with RFC 5545 §3.1 folding undone (a CRLF followed by a space or tab)."""
    lines: list[str] = []
    for raw in text.split("\r\n"):
        if raw[:1] in {" ", "\t"} and lines:
            lines[-1] += raw[1:]
        elif raw:
            lines.append(raw)
    return lines


def parse_events(text: str) -> list[CalendarEvent]:
    events: list[CalendarEvent] = []
    current: dict[str, str] | None = None
    for line in unfolded_lines(text):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT" and current is not None:
            events.append(
                CalendarEvent(
                    uid=current["UID"],
                    sequence=int(current.get("SEQUENCE", "0")),
                    stamp=current["DTSTAMP"],
                    status=current.get("STATUS", "CONFIRMED"),
                    start=current["DTSTART"],
                    end=current["DTEND"],
                    summary=current["SUMMARY"],
                )
            )
            current = None
        elif current is not None:
            name_and_parameters, _, value = line.partition(":")
            current[name_and_parameters.split(";")[0]] = value
    return events


@dataclass
class SubscribedCalendar:
    events: dict[str, CalendarEvent] = field(default_factory=dict)
    # The last revision seen of every UID, cancelled ones included, so an older copy never revives one.
    revisions: dict[str, tuple[int, str]] = field(default_factory=dict)

    def import_calendar(self, text: str) -> None:
        for event in parse_events(text):
            revision = (event.sequence, event.stamp)
            if event.uid in self.revisions and revision <= self.revisions[event.uid]:
                continue  # not newer than what the calendar holds: ignored
            self.revisions[event.uid] = revision
            if event.status == "CANCELLED":
                self.events.pop(event.uid, None)
            else:
                self.events[event.uid] = event

    def shown(self) -> set[tuple[str, str, str, str, str]]:
        """What the patient sees: every event without its revision fields."""
        return {(e.uid, e.start, e.end, e.status, e.summary) for e in self.events.values()}


def calendar_text(
    body: dict[str, Any], now: datetime, *, partner: str = PARTNER, uid_key: str = UID_KEY
) -> str:
    answer = calendar_answer(body, now, partner=partner, uid_key=uid_key)
    assert answer.content_type is not None
    assert answer.content_type.startswith("text/calendar; charset=utf-8")
    return answer.body


def calendar_answer(
    body: dict[str, Any], now: datetime, *, partner: str = PARTNER, uid_key: str = UID_KEY
) -> PlainAnswer:
    request = ScheduleRequest.model_validate(body)
    return answer_schedule(
        request, CALENDAR_HEADERS, now, find_partner=lambda: partner, calendar_uid_key=uid_key
    )


def media_type_parameters(content_type: str) -> dict[str, str]:
    """The parameters of a media type (RFC 9110 §8.3.1), names lower-cased, quotes left as sent."""
    _, *parameters = content_type.split(";")
    return {name.strip().lower(): value.strip() for name, _, value in (p.partition("=") for p in parameters)}


def course(**changes: Any) -> dict[str, Any]:
    return schedule_body(**{"course_id": "course-0042", **changes})


# Each scenario: plan A's request, plan B's request and the instant plan B is made.
SCENARIOS: dict[str, tuple[dict[str, Any], dict[str, Any], datetime]] = {
    "birthday mid-course": (
        course(),
        course(
            patient={"age": 43, "skin_type": 3, "sensitive_skin": False},
            completed_sessions=["2027-01-05"],
            previous_session_count=4,
        ),
        datetime(2027, 1, 20, 8, 0, tzinfo=UTC),
    ),
    "changed severity": (
        course(),
        course(
            concerns=[{"type": "pigmentation", "subtype": "melasma", "severity": "severe", "area": "small"}],
            completed_sessions=["2027-01-05"],
            previous_session_count=4,
        ),
        datetime(2027, 1, 20, 8, 0, tzinfo=UTC),
    ),
    "6 sessions cut to 4": (
        course(sessions=6),
        course(sessions=4, previous_session_count=6),
        datetime(2027, 1, 4, 9, 0, 1, tzinfo=UTC),
    ),
    "4 sessions raised to 6": (
        course(sessions=4),
        course(sessions=6, previous_session_count=4),
        datetime(2027, 1, 4, 17, 45, tzinfo=UTC),
    ),
    "a booked date moved": (
        course(booked_sessions=["2027-01-05", "2027-01-26"]),
        course(booked_sessions=["2027-01-05", "2027-01-29"], previous_session_count=4),
        datetime(2027, 1, 4, 11, 0, tzinfo=UTC),
    ),
}


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_importing_plan_a_then_plan_b_shows_plan_b_exactly(scenario: str) -> None:
    plan_a, plan_b, plan_b_at = SCENARIOS[scenario]
    text_a, text_b = calendar_text(plan_a, PLAN_A_AT), calendar_text(plan_b, plan_b_at)

    updated = SubscribedCalendar()
    updated.import_calendar(text_a)
    before = updated.shown()
    updated.import_calendar(text_b)
    fresh = SubscribedCalendar()
    fresh.import_calendar(text_b)

    assert updated.shown() == fresh.shown()
    # Plan B really differs from plan A, so the update did something.
    assert updated.shown() != before
    # Exactly plan B's sessions (and its two milestones) remain, one event each.
    sessions_b = [e for e in parse_events(text_b) if "-session-" in e.uid and e.status != "CANCELLED"]
    assert len(updated.events) == len(sessions_b) + 2


def test_a_re_import_of_the_older_plan_changes_nothing() -> None:
    plan_a, plan_b, plan_b_at = SCENARIOS["6 sessions cut to 4"]
    calendar = SubscribedCalendar()
    calendar.import_calendar(calendar_text(plan_a, PLAN_A_AT))
    calendar.import_calendar(calendar_text(plan_b, plan_b_at))
    after_b = calendar.shown()

    calendar.import_calendar(calendar_text(plan_a, PLAN_A_AT))

    assert calendar.shown() == after_b


def test_uids_depend_only_on_the_partner_the_course_and_the_session_number() -> None:
    plan_a, plan_b, plan_b_at = SCENARIOS["birthday mid-course"]
    uids_a = [e.uid for e in parse_events(calendar_text(plan_a, PLAN_A_AT))]
    uids_b = [e.uid for e in parse_events(calendar_text(plan_b, plan_b_at))]
    other_course = [e.uid for e in parse_events(calendar_text(course(course_id="course-0043"), PLAN_A_AT))]

    assert uids_a == uids_b
    assert set(uids_a).isdisjoint(other_course)
    assert all("course-0042" not in uid for uid in uids_a)


def test_without_course_id_the_concerns_in_another_order_are_the_same_course() -> None:
    # A platform may send a patient's concerns in any order; the order changes no date, so it must not
    # change the UIDs (a calendar would show every session twice).
    melasma = {"type": "pigmentation", "subtype": "melasma", "severity": "moderate", "area": "small"}
    lines = {"type": "wrinkles", "severity": "mild", "dynamic": False}
    one_order = parse_events(calendar_text(schedule_body(concerns=[melasma, lines]), PLAN_A_AT))
    other_order = parse_events(calendar_text(schedule_body(concerns=[lines, melasma]), PLAN_A_AT))
    another_course = parse_events(calendar_text(schedule_body(concerns=[melasma]), PLAN_A_AT))

    assert [(e.uid, e.start) for e in one_order] == [(e.uid, e.start) for e in other_order]
    assert {e.uid for e in one_order}.isdisjoint(e.uid for e in another_course)


def test_without_course_id_another_start_or_time_zone_is_another_course() -> None:
    # Two courses of one patient for the same concerns differ only by when (or where) they start.
    uids = {e.uid for e in parse_events(calendar_text(schedule_body(), PLAN_A_AT))}
    later_start = parse_events(calendar_text(schedule_body(start_date="2027-01-06"), PLAN_A_AT))
    other_zone = parse_events(calendar_text(schedule_body(time_zone="Asia/Tokyo"), PLAN_A_AT))

    assert uids.isdisjoint(e.uid for e in later_start)
    assert uids.isdisjoint(e.uid for e in other_zone)


def test_without_course_id_the_uids_cannot_be_traced_to_the_patient_without_the_key() -> None:
    # Age, skin type, concerns and a start date near the first session are few enough to try them
    # all: a UID that a plain hash of them made would tell anyone holding the file the patient's
    # condition. Keyed with the deployment's secret, the same patient gives other UIDs under any other
    # key, and under another partner.
    body = schedule_body()
    ours = {e.uid for e in parse_events(calendar_text(body, PLAN_A_AT))}
    other_key = {e.uid for e in parse_events(calendar_text(body, PLAN_A_AT, uid_key="another-key"))}
    other_partner = {e.uid for e in parse_events(calendar_text(body, PLAN_A_AT, partner="partner-b2"))}
    unkeyed = sha256(course_key(ScheduleRequest.model_validate(body)).encode()).hexdigest()

    assert ours.isdisjoint(other_key)
    assert ours.isdisjoint(other_partner)
    assert not any(unkeyed[:24] in uid for uid in ours)


def test_two_partners_with_the_same_course_id_get_other_uids() -> None:
    # `course_id` is each platform's own reference: two platforms may both have a "course-0042".
    body = course()
    ours = [e.uid for e in parse_events(calendar_text(body, PLAN_A_AT))]
    theirs = [e.uid for e in parse_events(calendar_text(body, PLAN_A_AT, partner="partner-b2"))]

    assert len(ours) == len(theirs) > 0
    assert set(ours).isdisjoint(theirs)


def test_milestones_can_be_left_out() -> None:
    events = parse_events(calendar_text(course(include_milestones=False), PLAN_A_AT))
    assert [e.summary for e in events] == [f"Pico laser session {n} of 4" for n in range(1, 5)]


def test_booked_sessions_are_fixed_appointments_in_the_calendar() -> None:
    events = parse_events(calendar_text(course(booked_sessions=["2027-01-05"]), PLAN_A_AT))
    first = events[0]
    assert (first.summary, first.status, first.start) == (
        "Pico laser session 1 of 4 (booked)",
        "CONFIRMED",
        "20270105",
    )
    assert {e.status for e in events[1:4]} == {"TENTATIVE"}


def test_cancelled_sessions_carry_the_uids_of_the_numbers_dropped() -> None:
    plan_a, plan_b, plan_b_at = SCENARIOS["6 sessions cut to 4"]
    uids_a = {e.uid: e for e in parse_events(calendar_text(plan_a, PLAN_A_AT))}
    cancelled = [e for e in parse_events(calendar_text(plan_b, plan_b_at)) if e.status == "CANCELLED"]

    assert [e.uid for e in cancelled] == [
        uid for uid in uids_a if uid.split("@")[0].endswith(("-session-5", "-session-6"))
    ]
    assert date(2027, 1, 4) + timedelta(days=1) <= datetime.strptime(cancelled[0].start, "%Y%m%d").date()


def test_the_media_type_names_the_method_the_calendar_carries() -> None:
    # RFC 5545 §3.7.2: the Content-Type's "method" parameter and the METHOD property come together
    # and agree, so a client that reads the media type treats the file as the body says.
    answer = calendar_answer(course(), PLAN_A_AT)
    methods = [line.partition(":")[2] for line in unfolded_lines(answer.body) if line.startswith("METHOD:")]

    assert answer.content_type is not None
    assert len(methods) == 1
    assert media_type_parameters(answer.content_type).get("method", "").upper() == methods[0]
