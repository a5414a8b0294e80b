"""Properties of the scheduler over random calendars, time zones and treatment histories.

Each check restates the rule from the specification, independently of the scheduler's own helpers.
"""

from __future__ import annotations

import itertools
import zoneinfo
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from pico_planner.core.availability import MAX_CLOSED_DATES, WEEKDAYS, Availability, DatePeriod, HolidayRegion
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import MAX_SESSIONS, CourseFigures, DayRange, SessionCount
from pico_planner.core.schedule_models import ScheduleOptions, SchedulePlan
from pico_planner.core.scheduling import HORIZON_DAYS, plan_schedule
from pico_planner.core.time_zones import local_date, validate_time_zone_name

PROPERTY_SETTINGS = settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])

LATE_WARNINGS = {"window_unavailable", "overdue", "start_after_window"}


def _usable_zone(name: str) -> bool:
    try:
        validate_time_zone_name(name)
    except ValueError:
        return False
    return True


TIME_ZONES = sorted(name for name in zoneinfo.available_timezones() if _usable_zone(name))


@dataclass(frozen=True)
class FixedHolidays:
    """A holiday calendar from a set of dates, standing in for a country's public holidays."""

    days: frozenset[date]

    def holiday_name(self, day: date) -> str | None:
        return "Test holiday" if day in self.days else None


@dataclass(frozen=True)
class Case:
    figures: CourseFigures
    options: ScheduleOptions
    today: date
    holidays: FixedHolidays | None


@st.composite
def course_figures(draw: st.DrawFn) -> CourseFigures:
    shortest = draw(st.integers(min_value=0, max_value=45))
    longest = shortest + draw(st.integers(min_value=0, max_value=40))
    fewest = draw(st.integers(min_value=1, max_value=6))
    most = fewest + draw(st.integers(min_value=0, max_value=4))
    first_results = draw(st.integers(min_value=0, max_value=30))
    final_results = draw(st.integers(min_value=0, max_value=45))
    return CourseFigures(
        sessions=SessionCount(
            min=fewest, max=most, recommended=draw(st.integers(min_value=fewest, max_value=most))
        ),
        interval_days=DayRange(min=shortest, max=longest),
        first_results_days=DayRange(min=first_results, max=first_results + 10),
        final_results_days=DayRange(min=final_results, max=final_results + 12),
    )


@st.composite
def cases(draw: st.DrawFn) -> Case:
    instant = draw(
        st.datetimes(min_value=datetime(2024, 1, 1), max_value=datetime(2032, 12, 31), timezones=st.just(UTC))
    )
    time_zone = draw(st.sampled_from(TIME_ZONES))
    today = local_date(instant, time_zone)
    figures = draw(course_figures())

    # A history of up to five completed sessions, the last one up to two months ago.
    completed: list[date] = []
    if draw(st.booleans()):
        day = today - timedelta(days=draw(st.integers(min_value=0, max_value=60)))
        for gap in draw(st.lists(st.integers(min_value=1, max_value=60), min_size=1, max_size=5)):
            completed.insert(0, day)
            day -= timedelta(days=gap)
    if completed:
        # A course under way started on or before its first session.
        start_date = completed[0] - timedelta(days=draw(st.integers(min_value=0, max_value=60)))
    else:
        start_date = today + timedelta(days=draw(st.integers(min_value=0, max_value=60)))

    # Up to four appointments already booked, from today (after the last completed session), any
    # distance apart: a platform books what the patient agrees to, in or out of the window.
    booked: list[date] = []
    day = max([today, start_date, *(d + timedelta(days=1) for d in completed[-1:])])
    day += timedelta(days=draw(st.integers(min_value=0, max_value=40)))
    for gap in draw(st.lists(st.integers(min_value=1, max_value=70), max_size=4)):
        booked.append(day)
        day += timedelta(days=gap)
    given = len(completed) + len(booked)

    sessions = draw(st.none() | st.integers(min_value=max(len(completed) + 1, given), max_value=MAX_SESSIONS))
    if sessions is None and max(figures.sessions.recommended, given) <= len(completed):
        # A history holding every session is refused (see the validation tests); plan one more.
        sessions = len(completed) + 1

    availability: Availability | None = None
    holidays: FixedHolidays | None = None
    if draw(st.booleans()):
        weekdays = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
        # Closures come in runs (holidays, refurbishments), which is what pushes sessions past
        # their windows.
        runs = draw(
            st.lists(
                st.tuples(st.integers(min_value=-30, max_value=200), st.integers(min_value=1, max_value=45)),
                max_size=10,
            )
        )
        closed_dates = [today + timedelta(days=start + d) for start, length in runs for d in range(length)]
        periods = [
            DatePeriod(start=today + timedelta(days=start), end=today + timedelta(days=start + length))
            for start, length in draw(
                st.lists(
                    st.tuples(
                        st.integers(min_value=-30, max_value=300), st.integers(min_value=0, max_value=90)
                    ),
                    max_size=3,
                )
            )
        ]
        region = None
        open_dates: list[date] = []
        if draw(st.booleans()):
            nearby_days = st.dates(
                min_value=today - timedelta(days=30), max_value=today + timedelta(days=400)
            )
            holidays = FixedHolidays(frozenset(draw(st.lists(nearby_days, max_size=60))))
            region = HolidayRegion(country="GB", subdivision="ENG")
            open_dates = (
                draw(st.lists(st.sampled_from(sorted(holidays.days)), max_size=5)) if holidays.days else []
            )
        availability = Availability(
            weekdays=weekdays,
            closed_dates=closed_dates[:MAX_CLOSED_DATES],
            closed_periods=periods,
            holidays=region,
            open_dates=open_dates,
        )

    options = ScheduleOptions(
        start_date=start_date,
        time_zone=time_zone,
        sessions=sessions,
        pace=draw(st.sampled_from(["earliest", "middle", "latest"])),
        availability=availability,
        completed_sessions=completed,
        booked_sessions=booked,
    )
    return Case(figures, options, today, holidays)


def is_open(case: Case, day: date) -> bool:
    availability = case.options.availability
    if availability is None:
        return True
    if WEEKDAYS[day.weekday()] not in availability.weekdays or day in availability.closed_dates:
        return False
    if any(period.start <= day <= period.end for period in availability.closed_periods):
        return False
    return case.holidays is None or day not in case.holidays.days or day in availability.open_dates


def plan_or_refusal(case: Case) -> SchedulePlan | PlanningInputError:
    try:
        return plan_schedule(case.figures, case.options, case.today, case.holidays)
    except PlanningInputError as refusal:
        return refusal


def given_dates(case: Case) -> list[date]:
    return [*case.options.completed_sessions, *case.options.booked_sessions]


def expected_count(case: Case) -> int:
    return case.options.sessions or max(case.figures.sessions.recommended, len(given_dates(case)))


def check_given_session(case: Case, plan: SchedulePlan, index: int, gaps: tuple[int, int]) -> None:
    """A given session out of its window or on a closed day is kept, with a warning naming it."""
    session = plan.sessions[index]
    warned = {w.code for w in plan.warnings if w.session == session.number}
    if index > 0:
        gap = (session.date - plan.sessions[index - 1].date).days
        outside = not gaps[0] <= gap <= gaps[1]
        assert outside == (f"{session.status}_session_outside_window" in warned)
    assert (not is_open(case, session.date)) == ("session_on_closed_day" in warned)


def check_milestones(case: Case, plan: SchedulePlan) -> None:
    first, last = plan.sessions[0].date, plan.sessions[-1].date
    first_results, final_review = plan.milestones.first_results, plan.milestones.final_review
    first_results_days, final_results_days = case.figures.first_results_days, case.figures.final_results_days
    assert first_results.earliest == first + timedelta(days=first_results_days.min)
    assert first_results.latest == first + timedelta(days=first_results_days.max)
    assert final_review.earliest == last + timedelta(days=final_results_days.min)
    assert final_review.latest == last + timedelta(days=final_results_days.max)


@PROPERTY_SETTINGS
@given(cases())
def test_plans_keep_the_rules(case: Case) -> None:
    outcome = plan_or_refusal(case)
    if isinstance(outcome, PlanningInputError):
        event(f"refused: {outcome.error_type}")
        # The only reasons to refuse these requests: a history that already holds every session, or
        # a random calendar with no open day left.
        if outcome.error_type == "course_already_complete":
            assert outcome.loc == ("completed_sessions",)
            assert len(case.options.completed_sessions) >= expected_count(case)
        else:
            assert (outcome.loc, outcome.error_type) == (("availability",), "no_available_date")
            assert case.options.availability is not None
        return
    plan = outcome
    completed = case.options.completed_sessions
    booked = case.options.booked_sessions
    given = given_dates(case)
    not_before = max(case.options.start_date, case.today)
    min_gap = max(case.figures.interval_days.min, 1)
    max_gap = max(case.figures.interval_days.max, min_gap)
    late_sessions = {w.session for w in plan.warnings if w.code in LATE_WARNINGS}
    for warning in plan.warnings:
        event(f"warning: {warning.code}")
    event("with completed sessions" if completed else "without completed sessions")

    event("with booked sessions" if booked else "without booked sessions")

    # The session count as asked, numbered in order; completed, then booked ones unchanged and first.
    assert len(plan.sessions) == plan.session_count == expected_count(case)
    assert [s.number for s in plan.sessions] == list(range(1, expected_count(case) + 1))
    assert [s.date for s in plan.sessions[: len(given)]] == given
    assert [s.status for s in plan.sessions] == ["completed"] * len(completed) + ["booked"] * len(booked) + [
        "planned"
    ] * (expected_count(case) - len(given))
    # Every date after the previous one: the plan is a sequence of distinct days.
    assert all(a.date < b.date for a, b in zip(plan.sessions, plan.sessions[1:], strict=False))

    horizon_end = not_before + timedelta(days=(expected_count(case) - 1) * max_gap + HORIZON_DAYS)
    for index, session in enumerate(plan.sessions):
        if session.status != "planned":
            check_given_session(case, plan, index, (min_gap, max_gap))
            continue
        # Never on a closed weekday, a closed date, a closed period or a public holiday (unless open
        # on it); never before it may start, never past the bounded search.
        assert is_open(case, session.date)
        assert session.date >= not_before
        assert session.date <= horizon_end
        if index == 0:
            # The first open day on or after the start: no open day is skipped.
            skipped = (session.date - not_before).days
            assert not any(is_open(case, not_before + timedelta(days=d)) for d in range(skipped))
            continue
        previous = plan.sessions[index - 1].date
        gap = (session.date - previous).days
        assert gap >= min_gap
        assert session.earliest == previous + timedelta(days=min_gap)
        assert session.latest == previous + timedelta(days=max_gap)
        # Past the maximum only with a warning naming that session, and only when no day in the
        # window could be used.
        if gap > max_gap:
            assert session.number in late_sessions
            first_usable = max(session.earliest, not_before)
            window_days = (session.latest - first_usable).days + 1
            assert not any(is_open(case, first_usable + timedelta(days=d)) for d in range(window_days))
        else:
            assert session.number not in late_sessions

    check_milestones(case, plan)


@PROPERTY_SETTINGS
@given(cases())
def test_the_same_request_gives_the_same_plan(case: Case) -> None:
    first = plan_or_refusal(case)
    again = plan_or_refusal(ScheduleRoundTrip.rebuilt(case))
    if isinstance(first, PlanningInputError):
        assert isinstance(again, PlanningInputError)
        assert (first.loc, first.error_type, first.message) == (again.loc, again.error_type, again.message)
    else:
        assert isinstance(again, SchedulePlan)
        assert first.model_dump_json() == again.model_dump_json()


@PROPERTY_SETTINGS
@given(cases(), st.integers(min_value=0, max_value=MAX_SESSIONS))
def test_booking_a_plans_own_sessions_changes_nothing(case: Case, to_book: int) -> None:
    """Re-planning with the first planned sessions booked on their planned days gives the same dates."""
    plan = plan_or_refusal(case)
    if isinstance(plan, PlanningInputError):
        return
    planned = [s.date for s in plan.sessions if s.status == "planned"]
    # Booked dates are today or later: the re-plan happens the same day, so every planned one is.
    newly_booked = planned[: min(to_book, len(planned))]
    event(f"booked {len(newly_booked)} of {len(planned)} planned")
    options = case.options.model_copy(
        update={
            "booked_sessions": [*case.options.booked_sessions, *newly_booked],
            "sessions": plan.session_count,
        }
    )
    replan = plan_or_refusal(Case(case.figures, options, case.today, case.holidays))

    assert isinstance(replan, SchedulePlan)
    assert [s.date for s in replan.sessions] == [s.date for s in plan.sessions]
    # Windows follow from the dates (session 1's is its own date once it is booked).
    assert [(s.earliest, s.latest) for s in replan.sessions[1:]] == [
        (s.earliest, s.latest) for s in plan.sessions[1:]
    ]
    assert replan.milestones == plan.milestones


def aimed_interval(case: Case) -> int:
    """Days from one session to the next that the pace aims at: the minimum, the midpoint rounded down,
    or the maximum of the interval, never under the minimum gap."""
    interval = case.figures.interval_days
    aimed = {
        "earliest": interval.min,
        "middle": (interval.min + interval.max) // 2,
        "latest": interval.max,
    }[case.options.pace]
    return max(aimed, interval.min, 1)


@PROPERTY_SETTINGS
@given(cases())
def test_each_planned_session_goes_where_its_pace_aims(case: Case) -> None:
    """The aimed-at day if open, else the next open day in the window, else the open day closest before
    the aim; with the whole window closed, the first open day after it (scheduling.py's docstring)."""
    plan = plan_or_refusal(case)
    if isinstance(plan, PlanningInputError):
        return
    not_before = max(case.options.start_date, case.today)
    event(f"pace: {case.options.pace}")
    for previous, session in zip(plan.sessions, plan.sessions[1:], strict=False):
        if session.status != "planned":
            continue
        lower = max(session.earliest, not_before)
        aim = max(previous.date + timedelta(days=aimed_interval(case)), lower)
        # Searched in the rule's order, one day at a time from its own start.
        from_aim = [aim + timedelta(days=d) for d in range((session.latest - aim).days + 1)]
        before_aim = [aim - timedelta(days=d) for d in range(1, (aim - lower).days + 1)]
        after_window = max(aim, session.latest + timedelta(days=1))
        beyond = (after_window + timedelta(days=d) for d in itertools.count())
        expected = next(day for day in itertools.chain(from_aim, before_aim, beyond) if is_open(case, day))
        assert session.date == expected


class ScheduleRoundTrip:
    """Rebuilds a case from its JSON form, as a second identical request would arrive."""

    @staticmethod
    def rebuilt(case: Case) -> Case:
        options = ScheduleOptions.model_validate_json(case.options.model_dump_json())
        figures = CourseFigures.model_validate_json(case.figures.model_dump_json())
        return Case(figures, options, case.today, case.holidays)


@PROPERTY_SETTINGS
@given(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=st.just(UTC)),
    st.sampled_from(TIME_ZONES),
)
def test_today_in_any_zone_is_at_most_a_day_from_utc(instant: datetime, time_zone: str) -> None:
    # Offsets run from -12 to +14 hours, so the local date is the UTC date or one either side.
    assert abs((local_date(instant, time_zone) - instant.date()).days) <= 1
