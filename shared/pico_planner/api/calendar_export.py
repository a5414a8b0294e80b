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
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from hashlib import sha256

from icalendar import Calendar, Event

from pico_planner.core.schedule import DateWindow, PlannedSession, SchedulePlan

PRODUCT_ID = "-//Pico Planner//Treatment schedule//EN"
UID_DOMAIN = "pico-planner"
DISCLAIMER = "Planning figures, not medical advice."

# 24 hex digits (96 bits) keep UIDs short while making collisions between courses negligible.
_COURSE_HASH_LENGTH = 24


def render_plan_ics(plan: SchedulePlan, *, course_key: str, include_milestones: bool = True) -> bytes:
    """The plan as iCalendar bytes: sessions (completed and planned) and, by default, milestones."""
    if not course_key:
        raise ValueError("course_key must not be empty: it makes the event UIDs stable")
    course_id = sha256(course_key.encode("utf-8")).hexdigest()[:_COURSE_HASH_LENGTH]
    stamp = datetime.combine(plan.planned_on, time(0, 0), tzinfo=UTC)

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", "Pico laser course")
    calendar.add("x-wr-timezone", plan.time_zone)

    previous: PlannedSession | None = None
    for session in plan.sessions:
        calendar.add_component(
            _session_event(plan, session, previous, uid=f"{course_id}-session-{session.number}", stamp=stamp)
        )
        previous = session
    if include_milestones:
        milestones = plan.milestones
        calendar.add_component(
            _milestone_event(
                "Pico laser: first results expected",
                milestones.first_results,
                "First visible results are expected in this window after session 1.",
                uid=f"{course_id}-first-results",
                stamp=stamp,
            )
        )
        calendar.add_component(
            _milestone_event(
                "Pico laser: final review",
                milestones.final_review,
                "Review the final result in this window: one skin turnover cycle after the last session.",
                uid=f"{course_id}-final-review",
                stamp=stamp,
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
) -> Event:
    summary = f"Pico laser session {session.number} of {plan.session_count}"
    if session.status == "completed":
        summary += " (completed)"
    lines = [_window_sentence(session, previous)]
    lines += [warning.message for warning in plan.warnings if warning.session == session.number]
    lines.append(DISCLAIMER)

    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=session.date, last=session.date)
    event.add("description", "\n".join(lines))
    event.add("status", "CONFIRMED" if session.status == "completed" else "TENTATIVE")
    return event


def _window_sentence(session: PlannedSession, previous: PlannedSession | None) -> str:
    if previous is None:
        if session.status == "completed":
            return "First session of the course, completed."
        return f"First session of the course: the first open day from {session.earliest.isoformat()}."
    shortest = (session.earliest - previous.date).days
    longest = (session.latest - previous.date).days
    return (
        f"Window: {session.earliest.isoformat()} to {session.latest.isoformat()} "
        f"({shortest} to {longest} days after session {previous.number})."
    )


def _milestone_event(summary: str, window: DateWindow, text: str, *, uid: str, stamp: datetime) -> Event:
    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=window.earliest, last=window.latest)
    event.add(
        "description",
        f"{text}\nWindow: {window.earliest.isoformat()} to {window.latest.isoformat()}.\n{DISCLAIMER}",
    )
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
