"""A schedule plan as an RFC 5545 calendar (`Accept: text/calendar`).

Choices, and why:

- One all-day VEVENT per session (DTSTART;VALUE=DATE, DTEND the next day): the plan gives days, not
  appointment times, so no VTIMEZONE is needed; X-WR-TIMEZONE names the clinic's zone for clients
  that show it.
- Completed sessions are included, with their actual dates: a client that imported the earlier plan
  then moves that event to the day the session really took place, instead of keeping a stale date.
- The milestones (first results, final review) are events spanning their windows, so the patient's
  calendar shows when to look for results.
- UIDs come from a course key the caller derives from the course's identity (not from completed
  sessions or availability) plus the session number: re-importing a re-planned course updates the
  same events instead of adding copies.
- DTSTAMP is the plan's `planned_on` day at 00:00 UTC rather than the clock: identical requests give
  identical bytes (cacheable, testable), and a re-plan on a later day still carries a later stamp,
  which is what clients compare to take an update as newer.
- Summaries and descriptions are in the patient's language when a translator is given (message context
  `calendar`; placeholders in braces keep dates and numbers as they are); the rest of the file is not
  language-dependent.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from hashlib import sha256
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from pico_planner.core.schedule import DateWindow, PlannedSession, SchedulePlan

if TYPE_CHECKING:
    from pico_planner.api.languages import Translator

PRODUCT_ID = "-//Pico Planner//Treatment schedule//EN"
UID_DOMAIN = "pico-planner"
DISCLAIMER = "Planning figures, not medical advice."

CALENDAR_CONTEXT = "calendar"

# 24 hex digits (96 bits) keep UIDs short while making collisions between courses negligible.
_COURSE_HASH_LENGTH = 24


class _Texts:
    """The calendar's sentences in one language: British English without a translator."""

    def __init__(self, translate: Translator | None) -> None:
        self._translate = translate

    def __call__(self, message: str, **values: object) -> str:
        text = message if self._translate is None else self._translate.pgettext(CALENDAR_CONTEXT, message)
        return text.format(**values) if values else text


def render_plan_ics(
    plan: SchedulePlan,
    *,
    course_key: str,
    include_milestones: bool = True,
    translate: Translator | None = None,
) -> bytes:
    """The plan as iCalendar bytes: sessions (completed and planned) and, by default, milestones."""
    text = _Texts(translate)
    if not course_key:
        raise ValueError("course_key must not be empty: it makes the event UIDs stable")
    course_id = sha256(course_key.encode("utf-8")).hexdigest()[:_COURSE_HASH_LENGTH]
    stamp = datetime.combine(plan.planned_on, time(0, 0), tzinfo=UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", text("Pico laser course"))
    calendar.add("x-wr-timezone", plan.time_zone)

    previous: PlannedSession | None = None
    for session in plan.sessions:
        calendar.add_component(
            _session_event(
                plan, session, previous, uid=f"{course_id}-session-{session.number}", stamp=stamp, text=text
            )
        )
        previous = session
    if include_milestones:
        milestones = plan.milestones
        calendar.add_component(
            _milestone_event(
                text("Pico laser: first results expected"),
                milestones.first_results,
                text("First visible results are expected in this window after session 1."),
                uid=f"{course_id}-first-results",
                stamp=stamp,
                text=text,
            )
        )
        calendar.add_component(
            _milestone_event(
                text("Pico laser: final review"),
                milestones.final_review,
                text(
                    "Review the final result in this window: one skin turnover cycle after the last session."
                ),
                uid=f"{course_id}-final-review",
                stamp=stamp,
                text=text,
            )
        )
    result: bytes = calendar.to_ical()
    return result


def _session_event(
    plan: SchedulePlan,
    session: PlannedSession,
    previous: PlannedSession | None,
    *,
    uid: str,
    stamp: datetime,
    text: _Texts,
) -> Event:
    if session.status == "completed":
        summary = text(
            "Pico laser session {number} of {count} (completed)",
            number=session.number,
            count=plan.session_count,
        )
    else:
        summary = text(
            "Pico laser session {number} of {count}", number=session.number, count=plan.session_count
        )
    lines = [_window_sentence(session, previous, text)]
    # Warnings are for the clinic's staff and stay in English (see docs/contract.md).
    lines += [warning.message for warning in plan.warnings if warning.session == session.number]
    lines.append(text(DISCLAIMER))

    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=session.date, last=session.date)
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED" if session.status == "completed" else "TENTATIVE")
    return event


def _window_sentence(session: PlannedSession, previous: PlannedSession | None, text: _Texts) -> str:
    if previous is None:
        if session.status == "completed":
            return text("First session of the course, completed.")
        return text(
            "First session of the course: the first open day from {earliest}.",
            earliest=session.earliest.isoformat(),
        )
    return text(
        "Window: {earliest} to {latest} ({shortest} to {longest} days after session {previous}).",
        earliest=session.earliest.isoformat(),
        latest=session.latest.isoformat(),
        shortest=(session.earliest - previous.date).days,
        longest=(session.latest - previous.date).days,
        previous=previous.number,
    )


def _milestone_event(
    summary: str, window: DateWindow, description: str, *, uid: str, stamp: datetime, text: _Texts
) -> Event:
    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=window.earliest, last=window.latest)
    window_line = text(
        "Window: {earliest} to {latest}.",
        earliest=window.earliest.isoformat(),
        latest=window.latest.isoformat(),
    )
    event.add("description", f"{description}\n{window_line}\n{text(DISCLAIMER)}")
    return event


def _all_day_event(*, uid: str, stamp: datetime, summary: str, first: date, last: date) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("summary", summary)
    event.add("dtstart", first)
    # All-day events end on the day after their last day (RFC 5545 §3.6.1: DTEND is exclusive).
    event.add("dtend", last + timedelta(days=1))
    # A day-long entry without a time must not show the patient as busy all day.
    event.add("transp", "TRANSPARENT")
    return event
