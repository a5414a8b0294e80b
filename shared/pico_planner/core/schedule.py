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
(`local_date` does that from an instant).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Annotated, Literal, Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from pico_planner.core.availability import Availability, CalendarDate, ClinicCalendar, HolidayCalendar
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import CourseFigures, DayRange

# As many sessions as an estimate can ever recommend (`SessionCount` allows up to 50; a heavily inked
# tattoo asks for 13 or more), so every input the estimate accepts can be planned without an override.
# It also bounds the work per request.
MAX_SESSIONS = 50

# Three years (one leap day included): how far a start date may lie ahead, and the slack every search
# gets beyond the course's own length at its longest intervals, for closures. A calendar with no open
# day fails within it.
HORIZON_DAYS = 3 * 365 + 1
# How far back a course under way (one with completed sessions) may have started: every completed
# session lies between its start and today, and a longer course than this is no course still planned.
PAST_DAYS = 5 * 365 + 1

# The longest IANA zone name is about 32 characters; anything much longer is not a zone.
MAX_TIME_ZONE_LENGTH = 64

# IANA names are slash-separated parts of letters, digits, "_", "+" and "-", each starting with a
# letter. Checked before the name reaches the file system, so "../" and absolute paths never do.
_TIME_ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z][A-Za-z0-9_+-]*)*$"

# Entries of a zoneinfo database that load as zones but name no place: "localtime" would be the
# server's own zone, and the posix/ and right/ trees duplicate the real names (right/ with leap
# seconds). Rejecting them keeps the accepted set the same wherever the service runs.
_NON_LOCATION_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_NON_LOCATION_PREFIXES = ("posix/", "right/")

Pace = Literal["earliest", "middle", "latest"]

DEFAULT_PACE: Pace = "middle"

WarningCode = Literal[
    "window_unavailable",
    "overdue",
    "start_after_window",
    "sessions_outside_estimate",
    "sessions_capped_by_clinic",
    "completed_session_outside_window",
    "booked_session_outside_window",
    "session_on_closed_day",
    "start_date_in_past",
]

SessionStatus = Literal["completed", "booked", "planned"]


def validate_time_zone_name(name: str) -> str:
    """Return `name` if it is an IANA time zone this service knows, else raise ValueError."""
    if len(name) > MAX_TIME_ZONE_LENGTH or not re.fullmatch(_TIME_ZONE_PATTERN, name):
        # The messages never quote the name: a caller's text is not echoed back (problems.py).
        raise PydanticCustomError(
            "time_zone_malformed", "Input should be an IANA time zone name such as Europe/London"
        )
    if name in _NON_LOCATION_ZONES or name.startswith(_NON_LOCATION_PREFIXES):
        raise PydanticCustomError("time_zone_unknown", "Input should be the time zone of a location")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory of the zone database ("America") rather than a zone.
        raise PydanticCustomError(
            "time_zone_unknown",
            "Input should be a known IANA time zone (names are case-sensitive, e.g. Europe/London)",
        ) from None
    return name


def local_date(instant: dt.datetime, time_zone: str) -> dt.date:
    """The calendar date at `instant` in `time_zone`: the "today" a request's plan is made for."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(ZoneInfo(validate_time_zone_name(time_zone))).date()


def _strictly_increasing(kind: Literal["completed", "booked"]) -> Callable[[list[dt.date]], list[dt.date]]:
    def check(dates: list[dt.date]) -> list[dt.date]:
        for index in range(1, len(dates)):
            if dates[index] <= dates[index - 1]:
                # Raised as a ValidationError so that the location names the offending item.
                raise ValidationError.from_exception_data(
                    f"{kind}_sessions",
                    [
                        InitErrorDetails(
                            type=PydanticCustomError(
                                f"{kind}_sessions_not_increasing",
                                f"{kind} sessions must be in date order, one per day: {{day}} is not after "
                                f"the previous {kind} session ({{previous}})",
                                {"day": dates[index].isoformat(), "previous": dates[index - 1].isoformat()},
                            ),
                            loc=(index,),
                            input=dates[index],
                        )
                    ],
                )
        return dates

    return check


TimeZoneName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TIME_ZONE_LENGTH,
        # Enforced by validate_time_zone_name (with its own error type); published for clients.
        json_schema_extra={"pattern": _TIME_ZONE_PATTERN},
        description="IANA time zone of the clinic, for example `Europe/London`; case-sensitive.",
        examples=["Europe/London"],
    ),
    AfterValidator(validate_time_zone_name),
]


class ScheduleOptions(BaseModel):
    """What a schedule request adds to an estimate request."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start_date: CalendarDate = Field(
        description=(
            "The course's first day: session 1 goes on the first open day on or after it. A date in the "
            "past plans from today with the warning `start_date_in_past`; with `completed_sessions`, a "
            "course already under way keeps its original start date. No completed or booked session may "
            "be before it; a course under way may have started at most 5 years ago, and no course may start "
            "more than 3 years ahead. Written "
            "YYYY-MM-DD: a date-time is refused."
        ),
        examples=["2026-03-02"],
    )
    time_zone: TimeZoneName
    sessions: int | None = Field(
        default=None,
        ge=1,
        le=MAX_SESSIONS,
        description=(
            f"How many sessions to plan in all, completed ones included (1 to {MAX_SESSIONS}); "
            "defaults to the estimate's recommended count."
        ),
    )
    pace: Pace = Field(
        default=DEFAULT_PACE,
        description=(
            "Where in the interval range to aim each next session: `earliest` at the minimum "
            "interval, `middle` at the midpoint (rounded down), `latest` at the maximum. `middle` "
            "leaves room on both sides when the clinic is closed on the aimed-at day."
        ),
    )
    availability: Availability | None = Field(
        default=None, description="The clinic's open days; omitted, every day is open."
    )
    completed_sessions: Annotated[list[CalendarDate], AfterValidator(_strictly_increasing("completed"))] = (
        Field(
            default_factory=list,
            max_length=MAX_SESSIONS - 1,
            description=(
                "Dates of sessions already done, oldest first, at most one a day, none before `start_date` "
                "and none after today. They are kept as given (status `completed`); one outside its interval "
                "window or on a closed day is warned about."
            ),
            examples=[["2026-03-02"]],
        )
    )
    booked_sessions: Annotated[list[CalendarDate], AfterValidator(_strictly_increasing("booked"))] = Field(
        default_factory=list,
        max_length=MAX_SESSIONS,
        description=(
            "Dates of appointments already booked, oldest first, at most one a day, today or later and "
            "after the last completed session. They are kept as given (status `booked`) and the rest of "
            "the course is planned after the last one; one outside its interval window or on a closed "
            "day is warned about."
        ),
        examples=[["2026-04-01"]],
    )


class DateWindow(BaseModel):
    """An inclusive range of dates."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    earliest: dt.date = Field(description="First day of the window.")
    latest: dt.date = Field(description="Last day of the window.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.earliest > self.latest:
            raise ValueError(f"earliest ({self.earliest}) must not be after latest ({self.latest})")
        return self


class PlannedSession(BaseModel):
    """One session of the course, done or planned."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    number: int = Field(ge=1, le=MAX_SESSIONS, description="1 for the first session of the course.")
    date: dt.date = Field(description="The day of the session, in the plan's time zone.")
    earliest: dt.date = Field(
        description=(
            "Start of the session's window: previous session + minimum interval. For session 1, the "
            "first day it could be planned on (the later of start date and today), or its own date "
            "when completed or booked. A completed or booked `date` before it comes with a warning."
        )
    )
    latest: dt.date = Field(
        description=(
            "End of the session's window: previous session + maximum interval. Session 1 has no "
            "clinical limit, so this is its own date. A `date` after `latest` always comes with a "
            "warning for this session."
        )
    )
    status: SessionStatus = Field(
        description=(
            "`completed`: done, given in `completed_sessions`. `booked`: an appointment given in "
            "`booked_sessions`. Both are kept as given. `planned`: placed by the scheduler."
        )
    )


class Milestones(BaseModel):
    """When results are expected, as date windows."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    first_results: DateWindow = Field(description="When first results should show, after session 1.")
    final_review: DateWindow = Field(
        description="When to review the final result: one skin turnover cycle after the last session."
    )


class ScheduleWarning(BaseModel):
    """Something the plan could not do as the figures ask, or a choice the caller should know of."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: WarningCode = Field(
        description=(
            "`window_unavailable`: no open day in the session's window, so it falls after its latest "
            "date. `overdue`: the maximum interval since the last completed session has already passed. "
            "`start_after_window`: the start date lies after the session's window. "
            "`sessions_outside_estimate`: the session count asked for is outside the estimate's range. "
            "`start_date_in_past`: the start date had passed, so the plan starts from today. "
            "`sessions_capped_by_clinic`: the clinic's protocol plans fewer sessions than the estimate "
            "recommends. `completed_session_outside_window`, `booked_session_outside_window`: a given "
            "session is sooner or later after the previous one than the interval allows. "
            "`session_on_closed_day`: a given session falls on a day the clinic's calendar closes."
        )
    )
    session: int | None = Field(description="The session the warning is about, if it is about one.")
    message: str = Field(description="A sentence a clinic's staff could read.")


class SchedulePlan(BaseModel):
    """Concrete dates for a course of sessions, and the milestones that follow from them."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    time_zone: str = Field(description="The IANA time zone every date in the plan is in.")
    planned_on: dt.date = Field(description="The day the plan was made for (today in `time_zone`).")
    pace: Pace = Field(description="The pace the plan aimed at.")
    session_count: int = Field(
        ge=1, le=MAX_SESSIONS, description="Sessions in the course, completed ones included."
    )
    sessions: list[PlannedSession] = Field(description="Every session of the course, in order.")
    milestones: Milestones = Field(description="When to expect results, from the planned dates.")
    warnings: list[ScheduleWarning] = Field(description="Empty when the plan keeps every interval.")


def plan_schedule(
    figures: CourseFigures,
    options: ScheduleOptions,
    today: dt.date,
    holidays: HolidayCalendar | None = None,
) -> SchedulePlan:
    """Place the course's sessions on the clinic's calendar.

    `today` is the current date in `options.time_zone`. `holidays` is required when
    `options.availability.holidays` is set (the caller resolves the region into a calendar).
    Raises `PlanningInputError` naming the field for every request that cannot be planned.
    """
    _check_start(options, today)
    session_count = _session_count(figures, options)
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
    if options.sessions is not None and not (
        figures.sessions.min <= options.sessions <= figures.sessions.max
    ):
        warnings.append(
            ScheduleWarning(
                code="sessions_outside_estimate",
                session=None,
                message=(
                    f"{options.sessions} sessions were asked for; the estimate expects "
                    f"{figures.sessions.min} to {figures.sessions.max}."
                ),
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
    if options.completed_sessions and options.start_date < today - dt.timedelta(days=PAST_DAYS):
        raise PlanningInputError(
            ("start_date",),
            f"start_date is more than {PAST_DAYS} days before today",
            "start_date_too_far_in_past",
        )
    if options.start_date > today + dt.timedelta(days=HORIZON_DAYS):
        raise PlanningInputError(
            ("start_date",),
            f"start_date is more than {HORIZON_DAYS} days after today ({today})",
            "start_date_beyond_horizon",
        )


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


def _session_count(figures: CourseFigures, options: ScheduleOptions) -> int:
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
        # A course already given more sessions than recommended keeps them all.
        count = max(figures.sessions.recommended, given)
        if count > MAX_SESSIONS:
            raise PlanningInputError(
                ("sessions",),
                f"the estimate recommends {count} sessions, more than the {MAX_SESSIONS} a plan can "
                "hold; give `sessions` to plan fewer",
                "too_many_sessions",
            )
    if completed >= count:
        raise PlanningInputError(
            ("completed_sessions",),
            f"{completed} sessions are completed out of {count}: nothing is left to plan "
            "(give a larger `sessions` to extend the course)",
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
            f"the clinic has no open day between {not_before} and {horizon_end}",
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
            f"session {number} would fall after {horizon_end}, the end of the planning horizon "
            f"({HORIZON_DAYS} days from today): the course is too long to plan",
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
