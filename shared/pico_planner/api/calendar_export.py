"""A schedule plan as an RFC 5545 calendar (`Accept: text/calendar`).

Choices, and why:

- One all-day VEVENT per session (DTSTART;VALUE=DATE, DTEND the next day): the plan gives days, not
  appointment times, so no VTIMEZONE is needed; X-WR-TIMEZONE names the clinic's zone for clients
  that show it.
- Completed sessions are included, with their actual dates: a client that imported the earlier plan
  then moves that event to the day the session really took place, instead of keeping a stale date.
- The milestones (first results, final review) are events spanning their windows, so the patient's
  calendar shows when to look for results.
- UIDs: with the partner's `course_id`, a hash of the partner and the course plus the session number,
  and nothing else, so a birthday, a re-assessed severity or a moved booking updates the same events.
  Without it, a keyed hash (HMAC-SHA256, the deployment's secret key) of the partner and a course key
  derived from the patient, concerns, start and zone: the inputs are few enough (ages, skin types,
  concerns, dates) that a plain hash could be reversed by trying them all, telling anyone who sees the
  file the patient's condition.
- DTSTAMP is the real instant of planning (a parameter: the caller reads the clock), and SEQUENCE is
  the number of whole seconds from 2026-01-01 UTC to that instant: a later re-plan always carries a
  higher SEQUENCE, with no state kept between requests, and it fits a signed 32-bit integer until
  2094. Clients replace an event on the same UID with a higher SEQUENCE (RFC 5546 §2.1.5).
- Session numbers a re-plan no longer has (`previous_session_count`) are sent as CANCELLED events
  with their UIDs, which makes clients remove them (RFC 5545 §3.8.1.11).
- Summaries and descriptions are in the patient's language when a translator is given (message context
  `calendar`; placeholders in braces keep dates and numbers as they are); the rest of the file is not
  language-dependent.
"""

from __future__ import annotations

import hmac
from datetime import UTC, date, datetime, timedelta
from hashlib import sha256
from typing import TYPE_CHECKING

from icalendar import Calendar, Event

from pico_planner.core.schedule_models import DateWindow, PlannedSession, SchedulePlan

if TYPE_CHECKING:
    from pico_planner.api.languages import Translator

PRODUCT_ID = "-//Pico Planner//Treatment schedule//EN"
# The file's METHOD, which its media type repeats: RFC 5545 §3.7.2 requires the Content-Type's "method"
# parameter and the METHOD property to be given together and to agree.
METHOD = "PUBLISH"
MEDIA_TYPE = f"text/calendar; charset=utf-8; method={METHOD}"
UID_DOMAIN = "pico-planner"
DISCLAIMER = "Planning figures, not medical advice."

CALENDAR_CONTEXT = "calendar"

# 24 hex digits (96 bits) keep UIDs short while making collisions between courses negligible.
_COURSE_HASH_LENGTH = 24

# SEQUENCE counts seconds from here: well before any plan this service makes.
SEQUENCE_EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def course_uid_base(*, partner: str, course_id: str) -> str:
    """What every UID of a partner's course starts with: the same for every re-plan of the course."""
    # A NUL cannot occur in either part, so no two (partner, course) pairs share a hash input.
    identity = f"{partner}\x00{course_id}"
    return sha256(identity.encode("utf-8")).hexdigest()[:_COURSE_HASH_LENGTH]


def patient_course_uid_base(*, key: str, partner: str, course_key: str) -> str:
    """The same for a course sent without `course_id`: keyed, so a UID cannot be traced to a patient."""
    identity = f"{partner}\x00{course_key}"
    keyed = hmac.new(key.encode("utf-8"), identity.encode("utf-8"), sha256)
    return keyed.hexdigest()[:_COURSE_HASH_LENGTH]


def sequence_at(now: datetime) -> int:
    """The SEQUENCE of a plan made at `now`: whole seconds since SEQUENCE_EPOCH, never negative."""
    return max(0, int((now - SEQUENCE_EPOCH).total_seconds()))


class _Texts:
    """The calendar's sentences in one language: British English without a translator."""

    def __init__(self, translate: Translator | None) -> None:
        self._translate = translate

    def __call__(self, message: str, **values: object) -> str:
        text = message if self._translate is None else self._translate.pgettext(CALENDAR_CONTEXT, message)
        return text.format(**values) if values else text

    def counted(self, singular: str, plural: str, count: int) -> str:
        """A sentence about `count` things, in the form the language uses for that number ({count})."""
        if self._translate is None:
            text = singular if count == 1 else plural
        else:
            text = self._translate.npgettext(CALENDAR_CONTEXT, singular, plural, count)
        return text.format(count=count)


def render_plan_ics(
    plan: SchedulePlan,
    *,
    uid_base: str,
    now: datetime,
    include_milestones: bool = True,
    previous_session_count: int | None = None,
    translate: Translator | None = None,
) -> bytes:
    """The plan as iCalendar bytes: sessions (completed, booked and planned) and, by default, milestones.

    `uid_base` makes the UIDs (`course_uid_base` with `course_id`, `patient_course_uid_base`
    without); `now` is the aware instant of planning. Sessions numbered above the plan's count, up to
    `previous_session_count`, are sent cancelled. `translate` gives the summaries and descriptions in
    the patient's language.
    """
    text = _Texts(translate)
    if not uid_base:
        raise ValueError("uid_base must not be empty: it makes the event UIDs stable")
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    uid_prefix = sha256(uid_base.encode("utf-8")).hexdigest()[:_COURSE_HASH_LENGTH]
    stamp = now.astimezone(UTC).replace(microsecond=0)
    sequence = sequence_at(now)

    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", METHOD)
    calendar.add("x-wr-calname", text("Pico laser course"))
    calendar.add("x-wr-timezone", plan.time_zone)

    previous: PlannedSession | None = None
    for session in plan.sessions:
        event = _session_event(
            plan, session, previous, uid=f"{uid_prefix}-session-{session.number}", stamp=stamp, text=text
        )
        event.add("sequence", sequence)
        calendar.add_component(event)
        previous = session
    for number in range(plan.session_count + 1, (previous_session_count or 0) + 1):
        calendar.add_component(
            _cancelled_event(
                f"{uid_prefix}-session-{number}", number, stamp=stamp, sequence=sequence, plan=plan, text=text
            )
        )
    if include_milestones:
        milestones = plan.milestones
        calendar.add_component(
            _milestone_event(
                text("Pico laser: first results expected"),
                milestones.first_results,
                text("First visible results are expected in this window after session 1."),
                uid=f"{uid_prefix}-first-results",
                stamp=stamp,
                sequence=sequence,
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
                uid=f"{uid_prefix}-final-review",
                stamp=stamp,
                sequence=sequence,
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
    # Whole sentences per status, written out so that extraction finds them and each language words its own.
    number, count = session.number, plan.session_count
    if session.status == "completed":
        summary = text("Pico laser session {number} of {count} (completed)", number=number, count=count)
    elif session.status == "booked":
        summary = text("Pico laser session {number} of {count} (booked)", number=number, count=count)
    else:
        summary = text("Pico laser session {number} of {count}", number=number, count=count)
    lines = [_window_sentence(session, previous, text)]
    # Warnings are for the clinic's staff and stay in English (see docs/contract.md).
    lines += [warning.message for warning in plan.warnings if warning.session == session.number]
    lines.append(text(DISCLAIMER))

    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=session.date, last=session.date)
    event.add("description", "\n".join(lines))
    # Completed and booked sessions are fixed appointments; planned ones may still move.
    event.add("status", "TENTATIVE" if session.status == "planned" else "CONFIRMED")
    return event


def _cancelled_event(
    uid: str, number: int, *, stamp: datetime, sequence: int, plan: SchedulePlan, text: _Texts
) -> Event:
    """A session the course no longer has: clients that imported it remove it."""
    # An event needs a date even when cancelled: the plan's last session, a day the course still holds,
    # so that a client which shows cancelled events shows it at the course's end.
    day = plan.sessions[-1].date
    summary = text("Pico laser session {number} (cancelled)", number=number)
    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=day, last=day)
    event.add("sequence", sequence)
    event.add("status", "CANCELLED")
    description = text.counted(
        "The course now has {count} session.", "The course now has {count} sessions.", plan.session_count
    )
    event.add("description", f"{description}\n{text(DISCLAIMER)}")
    return event


def _window_sentence(session: PlannedSession, previous: PlannedSession | None, text: _Texts) -> str:
    if previous is None:
        if session.status == "completed":
            return text("First session of the course, completed.")
        if session.status == "booked":  # kept as booked, whatever day it falls on
            return text("First session of the course, booked.")
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
    summary: str,
    window: DateWindow,
    description: str,
    *,
    uid: str,
    stamp: datetime,
    sequence: int,
    text: _Texts,
) -> Event:
    event = _all_day_event(uid=uid, stamp=stamp, summary=summary, first=window.earliest, last=window.latest)
    event.add("sequence", sequence)
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
