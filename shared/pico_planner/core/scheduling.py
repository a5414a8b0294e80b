"""Turn course figures ("4 sessions, 14 to 28 days apart") into dates on a clinic's calendar.

How a plan is made:

- Session 1 goes on the first open day on or after `start_date` (never before today). A `start_date`
  already past with no completed session plans from today with a `start_date_in_past` warning rather
  than a refusal: a booking form cached overnight keeps working.
- Each later session aims at the previous session plus the interval the `pace` picks, inside its
  window (previous + minimum interval .. previous + maximum interval). If the aimed-at day is closed,
  the next open day in the window is taken, else the open day in the window closest before the aim.
  When the whole window is closed, the first open day after it is taken and a warning names the
  session and the reason. A session is never placed before previous + minimum interval, and never on
  the same day as the previous one.
- Completed sessions (done, up to today) and booked sessions (appointments made, today or later) are
  kept exactly as given, in that order; the rest are planned from the last of them. A given session
  outside its interval window, or on a day the clinic is closed, is kept and warned about; an
  impossible order (before the start date, a booked one before a completed one) is refused.
- Every search is bounded: by the course's own length at its longest intervals plus `HORIZON_DAYS`,
  so an impossible calendar ends in a `PlanningInputError` naming the field, never in an endless loop.

The core never reads the clock: the caller passes `today`, computed in the request's time zone
(`time_zones.local_date` does that from an instant).

A whole course is planned in one step by `plan_course`: the estimate, the clinic's protocol applied to
its figures, then its sessions placed on the calendar.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Literal

from pico_planner.core.availability import ClinicCalendar, HolidayCalendar
from pico_planner.core.clinic import ClinicProtocol, apply_protocol
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.estimate import estimate_course, with_plan_cautions
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.figures import (
    MAX_RANGE_DAYS,
    MAX_SESSIONS,
    CourseFigures,
    DayRange,
    day_range,
    sessions_text,
)
from pico_planner.core.ruleset import RuleSet
from pico_planner.core.schedule_models import (
    DateWindow,
    Milestones,
    Pace,
    PlannedSession,
    ScheduleOptions,
    SchedulePlan,
    ScheduleRequest,
    ScheduleResponse,
    ScheduleWarning,
)

# How many calendar years ahead a start date may lie (counted as a person counts them, so that a date
# exactly three years ahead is allowed on every day, whatever leap days lie between).
HORIZON_YEARS = 3
# Three years at their longest (one leap day included): the slack every search gets beyond the course's
# own length at its longest intervals, for closures. A calendar with no open day fails within it.
HORIZON_DAYS = HORIZON_YEARS * 365 + 1
# How many calendar years back a course under way (one with completed sessions) may have started: every
# completed session lies between its start and today, and a longer course than this is no course still
# planned.
PAST_YEARS = 5


def plan_schedule(
    figures: CourseFigures,
    options: ScheduleOptions,
    today: dt.date,
    holidays: HolidayCalendar | None = None,
    *,
    sessions_cap: int | None = None,
) -> SchedulePlan:
    """Place the course's sessions on the clinic's calendar.

    `today` is the current date in `options.time_zone`. `holidays` is required when
    `options.availability.holidays` is set (the caller resolves the region into a calendar).
    `sessions_cap` is the most sessions a clinic's protocol plans (`figures` already capped): a course
    complete at it is not told to ask for more. Raises `PlanningInputError` naming the field for every
    request that cannot be planned.
    """
    _check_start(options, today)
    session_count = _session_count(figures, options, sessions_cap)
    calendar = ClinicCalendar(options.availability, holidays)
    warnings: list[ScheduleWarning] = []
    if options.start_date < today and not options.completed_sessions:
        warnings.append(
            ScheduleWarning(
                code="start_date_in_past",
                session=None,
                message=f"The start date had passed, so the course is planned from today ({today}).",
            )
        )
    if not figures.sessions.min <= session_count <= figures.sessions.max:
        expected = f"the estimate expects {figures.sessions.min} to {figures.sessions.max}."
        if options.sessions is not None:
            asked = f"{sessions_text(session_count)} {'was' if session_count == 1 else 'were'} asked for"
            warnings.append(
                ScheduleWarning(
                    code="sessions_outside_estimate", session=None, message=f"{asked}; {expected}"
                )
            )
        else:
            # Only the dates given can take a course past the estimate's most (`_session_count`).
            given = f"{sessions_text(session_count)} are completed or booked"
            warnings.append(
                ScheduleWarning(
                    code="given_sessions_outside_estimate", session=None, message=f"{given}; {expected}"
                )
            )

    interval = figures.interval_days
    # Two sessions never share a day, even if a rule allowed an interval of zero days.
    min_gap = max(interval.min, 1)
    max_gap = max(interval.max, min_gap)
    aim_gap = max(_aimed_interval(interval, options.pace), min_gap)
    not_before = max(options.start_date, today)
    # The course at its longest intervals, plus room for closures: no search goes further.
    horizon_end = not_before + dt.timedelta(days=(session_count - 1) * max_gap + HORIZON_DAYS)
    _check_given_dates(options, today, horizon_end)

    sessions, given_warnings = _given_sessions(options, calendar, min_gap, max_gap)
    warnings += given_warnings
    for number in range(len(sessions) + 1, session_count + 1):
        if not sessions:
            sessions.append(_place_first_session(calendar, not_before, horizon_end))
            continue
        session, warning = _place_next_session(
            calendar,
            number=number,
            previous=sessions[-1].date,
            gaps=(min_gap, aim_gap, max_gap),
            today=today,
            start_date=options.start_date,
            horizon_end=horizon_end,
        )
        sessions.append(session)
        if warning is not None:
            warnings.append(warning)

    first, last = sessions[0].date, sessions[-1].date
    return SchedulePlan(
        time_zone=options.time_zone,
        planned_on=today,
        pace=options.pace,
        session_count=session_count,
        sessions=sessions,
        milestones=Milestones(
            first_results=_window_after(first, figures.first_results_days),
            final_review=_window_after(last, figures.final_results_days),
        ),
        warnings=warnings,
    )


def _check_start(options: ScheduleOptions, today: dt.date) -> None:
    # A past start with nothing done is planned from today, however old (a cached form or example keeps
    # working on every later day). With completed sessions the start is kept, so it is bounded: a course
    # begun years ago is not one still being planned, and the bound keeps every gap and holiday year sane.
    # Years, not a count of days: five years hold one or two leap days, and three years none or one.
    if options.completed_sessions and options.start_date < years_from(today, -PAST_YEARS):
        raise PlanningInputError(
            ("start_date",),
            f"start_date is more than {PAST_YEARS} years before today",
            "start_date_too_far_in_past",
        )
    if options.start_date > years_from(today, HORIZON_YEARS):
        raise PlanningInputError(
            ("start_date",),
            f"start_date is more than {HORIZON_YEARS} years after today ({today})",
            "start_date_beyond_horizon",
        )


def years_from(day: dt.date, years: int) -> dt.date:
    """The same day of the year `years` calendar years later (earlier when negative); 29 February becomes
    28 February in a year without it."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February, in a common year
        return day.replace(year=day.year + years, day=28)


def _check_given_dates(options: ScheduleOptions, today: dt.date, horizon_end: dt.date) -> None:
    """Refuse completed and booked dates in an impossible order, naming the offending item."""
    start = options.start_date
    for index, day in enumerate(options.completed_sessions):
        loc = ("completed_sessions", index)
        if day > today:
            raise PlanningInputError(
                loc,
                f"completed session {index + 1} is dated after today ({today} in the request's time zone)",
                "completed_session_in_future",
            )
        if day < start:
            raise PlanningInputError(
                loc,
                f"completed session {index + 1} is dated before start_date",
                "completed_session_before_start",
            )
    last_completed = options.completed_sessions[-1] if options.completed_sessions else None
    for index, day in enumerate(options.booked_sessions):
        loc = ("booked_sessions", index)
        if day < today:
            raise PlanningInputError(
                loc,
                f"booked session {index + 1} is dated before today ({today} in the request's time zone): "
                "a session that took place goes in completed_sessions",
                "booked_session_in_past",
            )
        if day < start:
            raise PlanningInputError(
                loc,
                f"booked session {index + 1} is dated before start_date",
                "booked_session_before_start",
            )
        if last_completed is not None and day <= last_completed:
            raise PlanningInputError(
                loc,
                f"booked session {index + 1} is dated on or before the last completed session",
                "booked_session_not_after_completed",
            )
        if day > horizon_end:
            raise PlanningInputError(
                loc,
                f"booked session {index + 1} is dated after {horizon_end}, the end of the planning horizon",
                "booked_session_beyond_horizon",
            )


def _session_count(figures: CourseFigures, options: ScheduleOptions, sessions_cap: int | None) -> int:
    completed = len(options.completed_sessions)
    given = completed + len(options.booked_sessions)
    if options.sessions is not None:
        count = options.sessions
        if given > count:
            raise PlanningInputError(
                ("sessions",),
                f"{given} sessions are completed or booked, more than the {count} asked for",
                "sessions_fewer_than_given",
            )
    else:
        # A course already given more sessions than recommended keeps them all. The estimate never
        # recommends more than a plan holds (SessionCount), so only the dates given can exceed it.
        count = max(figures.sessions.recommended, given)
        if count > MAX_SESSIONS:
            raise PlanningInputError(
                ("booked_sessions",) if options.booked_sessions else ("completed_sessions",),
                f"{given} sessions are completed or booked, more than the {MAX_SESSIONS} a plan can hold",
                "too_many_given_sessions",
            )
    if completed >= count:
        done = f"{sessions_text(completed)} {'is' if completed == 1 else 'are'} completed"
        raise PlanningInputError(
            ("completed_sessions",),
            # A larger `sessions` is advised only where the clinic's protocol would plan it.
            f"{done}, as many as the clinic's protocol plans: nothing is left to plan"
            if sessions_cap is not None and completed >= sessions_cap
            else f"{done} out of {count}: nothing is left to plan (give a larger `sessions` to extend "
            "the course)",
            "course_already_complete",
        )
    return count


def _aimed_interval(interval: DayRange, pace: Pace) -> int:
    if pace == "earliest":
        return interval.min
    if pace == "latest":
        return interval.max
    return interval.min + (interval.max - interval.min) // 2


def _given_sessions(
    options: ScheduleOptions, calendar: ClinicCalendar, min_gap: int, max_gap: int
) -> tuple[list[PlannedSession], list[ScheduleWarning]]:
    """The completed, then booked sessions, kept as given, and a warning for each one out of place."""
    given: list[tuple[dt.date, Literal["completed", "booked"]]] = [
        *((day, "completed") for day in options.completed_sessions),
        *((day, "booked") for day in options.booked_sessions),
    ]
    sessions: list[PlannedSession] = []
    warnings: list[ScheduleWarning] = []
    for number, (day, status) in enumerate(given, start=1):
        if sessions:
            previous = sessions[-1].date
            earliest = previous + dt.timedelta(days=min_gap)
            latest = previous + dt.timedelta(days=max_gap)
            if not earliest <= day <= latest:
                gap = (day - previous).days
                warnings.append(
                    ScheduleWarning(
                        code=(
                            "completed_session_outside_window"
                            if status == "completed"
                            else "booked_session_outside_window"
                        ),
                        session=number,
                        message=(
                            f"Session {number} ({status}) is on {day}, {gap} days after session "
                            f"{number - 1}: outside its window of {min_gap} to {max_gap} days "
                            f"({earliest} to {latest})."
                        ),
                    )
                )
        else:
            earliest = latest = day
        if (reason := calendar.closure_reason(day)) is not None:
            warnings.append(
                ScheduleWarning(
                    code="session_on_closed_day",
                    session=number,
                    message=f"Session {number} ({status}) is on {day}, when the clinic is closed ({reason}).",
                )
            )
        sessions.append(
            PlannedSession(number=number, date=day, earliest=earliest, latest=latest, status=status)
        )
    return sessions, warnings


def _place_first_session(
    calendar: ClinicCalendar, not_before: dt.date, horizon_end: dt.date
) -> PlannedSession:
    day = calendar.first_open_day(not_before, horizon_end)
    if day is None:
        raise PlanningInputError(
            ("availability",),
            # The number of days searched, not their dates: the first may be the caller's start_date.
            f"the clinic has no open day in the {(horizon_end - not_before).days + 1} days searched from the "
            "start of the plan",
            "no_available_date",
        )
    return PlannedSession(number=1, date=day, earliest=not_before, latest=day, status="planned")


def _place_next_session(
    calendar: ClinicCalendar,
    *,
    number: int,
    previous: dt.date,
    gaps: tuple[int, int, int],
    today: dt.date,
    start_date: dt.date,
    horizon_end: dt.date,
) -> tuple[PlannedSession, ScheduleWarning | None]:
    min_gap, aim_gap, max_gap = gaps
    earliest = previous + dt.timedelta(days=min_gap)
    latest = previous + dt.timedelta(days=max_gap)
    not_before = max(start_date, today)
    lower = max(earliest, not_before)
    aim = max(previous + dt.timedelta(days=aim_gap), lower)
    if lower > horizon_end:
        raise PlanningInputError(
            ("sessions",),
            f"session {number} would fall after {horizon_end}, the end of the planning horizon (from "
            f"the start, the course at its longest intervals plus {HORIZON_DAYS} days): the course is "
            "too long to plan",
            "plan_beyond_horizon",
        )

    # Inside the window: the aimed-at day or the next open one, else the closest open day before it.
    day: dt.date | None = None
    if lower <= latest:
        day = calendar.first_open_day(aim, min(latest, horizon_end)) or calendar.last_open_day(
            lower, min(aim - dt.timedelta(days=1), horizon_end)
        )
    warning: ScheduleWarning | None = None
    if day is None:
        day = calendar.first_open_day(max(aim, latest + dt.timedelta(days=1)), horizon_end)
        if day is None:
            raise PlanningInputError(
                ("availability",),
                f"the clinic has no open day for session {number} between {lower} and {horizon_end}",
                "no_available_date",
            )
        warning = _late_session_warning(
            calendar,
            number=number,
            previous=previous,
            day=day,
            window=(lower, latest),
            today=today,
            start_date=start_date,
            max_gap=max_gap,
        )
    session = PlannedSession(number=number, date=day, earliest=earliest, latest=latest, status="planned")
    return session, warning


def _late_session_warning(
    calendar: ClinicCalendar,
    *,
    number: int,
    previous: dt.date,
    day: dt.date,
    window: tuple[dt.date, dt.date],
    today: dt.date,
    start_date: dt.date,
    max_gap: int,
) -> ScheduleWarning:
    searched_from, latest = window
    gap = (day - previous).days
    late = f"session {number} is planned for {day}, {gap} days after session {number - 1} (maximum {max_gap})"
    if today > latest:
        return ScheduleWarning(
            code="overdue",
            session=number,
            message=(
                f"Session {number - 1} was on {previous}, and its maximum interval of {max_gap} days "
                f"ended on {latest}, before today: {late}."
            ),
        )
    if start_date > latest:
        return ScheduleWarning(
            code="start_after_window",
            session=number,
            message=f"The start date {start_date} is after the window ending {latest}: {late}.",
        )
    closures = calendar.describe_closures(searched_from, latest)
    return ScheduleWarning(
        code="window_unavailable",
        session=number,
        message=f"The clinic has no open day between {searched_from} and {latest} ({closures}): {late}.",
    )


def _window_after(day: dt.date, days: DayRange) -> DateWindow:
    return DateWindow(earliest=day + dt.timedelta(days=days.min), latest=day + dt.timedelta(days=days.max))


def plan_course(
    request: ScheduleRequest,
    rules: RuleSet,
    today: dt.date,
    holidays: HolidayCalendar | None,
    protocol: ClinicProtocol | None = None,
) -> ScheduleResponse:
    """Estimate the course, then place its sessions; `today` is the date in the request's time zone.

    A clinic's `protocol` adjusts the figures the sessions are placed by; the estimate shown then
    carries the intervals actually applied, and a session cap below the recommended count is warned of.
    """
    estimate = estimate_course(request.estimate_request(), rules)
    figures = estimate.course_figures()
    warnings: list[ScheduleWarning] = []
    if protocol is not None:
        applied = apply_protocol(figures, protocol)
        if applied.interval_days != figures.interval_days:
            estimate = _with_intervals(estimate, applied)
            ruled, moved = figures.interval_days, applied.interval_days
            warnings.append(
                ScheduleWarning(
                    code="interval_set_by_clinic",
                    session=None,
                    message=(
                        f"The clinic's protocol leaves at least {protocol.min_interval_days} days between "
                        f"sessions: they are planned {moved.min} to {moved.max} days apart, where the "
                        f"estimate's rules give {ruled.min} to {ruled.max}."
                    ),
                )
            )
        recommended, capped = figures.sessions.recommended, applied.sessions.recommended
        if capped < recommended and request.sessions is None:
            warnings.append(
                ScheduleWarning(
                    code="sessions_capped_by_clinic",
                    session=None,
                    message=(
                        f"The clinic's protocol plans at most {sessions_text(capped)}; the estimate "
                        f"recommends {recommended}."
                    ),
                )
            )
        figures = applied
    cap = protocol.max_sessions if protocol is not None else None
    plan = plan_schedule(figures, request.schedule_options(), today, holidays, sessions_cap=cap)
    estimate = with_plan_cautions(estimate, request.concerns, plan.session_count, rules)
    return ScheduleResponse(**{**dict(plan), "warnings": warnings + plan.warnings}, estimate=estimate)


def _with_intervals(estimate: Estimate, applied: CourseFigures) -> Estimate:
    """The estimate as the clinic plans it: its intervals, and the course length they give.

    The clinic moved the interval past every concern's own bounds, so no concern decides it any more.
    """
    interval, sessions = applied.interval_days, estimate.sessions
    # Clamped to what a DayRange holds (ten years), which no real course approaches.
    longest = min((sessions.max - 1) * interval.max, MAX_RANGE_DAYS)
    course_days = day_range(min((sessions.min - 1) * interval.min, longest), longest)
    concerns = [
        concern.model_copy(
            update={"decides": [figure for figure in concern.decides if figure != "interval_days"]}
        )
        for concern in estimate.concerns
    ]
    return estimate.model_copy(
        update={"interval_days": interval, "course_days": course_days, "concerns": concerns}
    )


def course_key(request: ScheduleRequest) -> str:
    """What identifies one course across re-plans: the patient, the concerns, the start and the zone.

    Completed sessions, availability, pace and the session count are left out on purpose: re-planning
    after a session, or around a new closure, must update the same calendar events, not add new ones.
    The concerns are a set (each type at most once, and their order changes no figure), so they are
    sorted: the same concerns sent in another order are the same course. The key never leaves the
    service in clear; calendar UIDs carry a keyed hash of it (api/calendar_export.py).
    """
    concerns = [json.dumps(concern.model_dump(mode="json"), sort_keys=True) for concern in request.concerns]
    identity = {
        "patient": request.patient.model_dump(mode="json"),
        "concerns": sorted(concerns),
        "start_date": request.start_date.isoformat(),
        "time_zone": request.time_zone,
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()
