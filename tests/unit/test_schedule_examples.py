"""Worked examples of the scheduler, each date worked out by hand from a printed calendar."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from pico_planner.api.public_holidays import resolve_holiday_calendar
from pico_planner.core.availability import Availability, ClinicCalendar, DatePeriod, HolidayRegion, Weekday
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import CourseFigures, DayRange, SessionCount
from pico_planner.core.schedule_models import Pace, ScheduleOptions, SchedulePlan
from pico_planner.core.scheduling import plan_schedule
from pico_planner.core.time_zones import local_date

WEEKDAYS_ONLY: list[Weekday] = ["mon", "tue", "wed", "thu", "fri"]


def course_figures(interval: tuple[int, int] = (14, 28)) -> CourseFigures:
    return CourseFigures(
        sessions=SessionCount(min=3, max=4, recommended=4),
        interval_days=DayRange(min=interval[0], max=interval[1]),
        first_results_days=DayRange(min=14, max=21),
        final_results_days=DayRange(min=28, max=40),
    )


def dates_of(plan: SchedulePlan) -> list[date]:
    return [session.date for session in plan.sessions]


def test_open_every_day_sessions_fall_three_weeks_apart_at_the_default_pace() -> None:
    options = ScheduleOptions(start_date=date(2026, 3, 2), time_zone="Europe/London")

    plan = plan_schedule(course_figures(), options, today=date(2026, 3, 1))

    assert plan.pace == "middle"
    assert dates_of(plan) == [date(2026, 3, 2), date(2026, 3, 23), date(2026, 4, 13), date(2026, 5, 4)]
    assert [s.number for s in plan.sessions] == [1, 2, 3, 4]
    assert all(s.status == "planned" for s in plan.sessions)
    assert (plan.sessions[1].earliest, plan.sessions[1].latest) == (date(2026, 3, 16), date(2026, 3, 30))
    assert (plan.sessions[0].earliest, plan.sessions[0].latest) == (date(2026, 3, 2), date(2026, 3, 2))
    first_results = plan.milestones.first_results
    assert (first_results.earliest, first_results.latest) == (date(2026, 3, 16), date(2026, 3, 23))
    final_review = plan.milestones.final_review
    assert (final_review.earliest, final_review.latest) == (date(2026, 6, 1), date(2026, 6, 13))
    assert plan.warnings == []
    assert plan.session_count == 4
    assert plan.planned_on == date(2026, 3, 1)


@pytest.mark.parametrize(
    ("pace", "expected"),
    [
        ("earliest", [date(2026, 3, 2), date(2026, 3, 16), date(2026, 3, 30), date(2026, 4, 13)]),
        ("latest", [date(2026, 3, 2), date(2026, 3, 30), date(2026, 4, 27), date(2026, 5, 25)]),
    ],
)
def test_pace_picks_where_in_the_interval_range_to_aim(pace: str, expected: list[date]) -> None:
    options = ScheduleOptions.model_validate(
        {"start_date": "2026-03-02", "time_zone": "Europe/London", "pace": pace}
    )

    assert dates_of(plan_schedule(course_figures(), options, today=date(2026, 3, 1))) == expected


class TestChristmasInEngland:
    """A weekday clinic in England, with session 3 aimed at the Boxing Day bank holiday."""

    TODAY = date(2026, 11, 10)

    def options(self, closed_dates: list[date]) -> ScheduleOptions:
        return ScheduleOptions(
            start_date=date(2026, 11, 16),
            time_zone="Europe/London",
            availability=Availability(
                weekdays=WEEKDAYS_ONLY,
                closed_dates=closed_dates,
                holidays=HolidayRegion(country="GB", subdivision="ENG"),
            ),
        )

    def plan(self, closed_dates: list[date]) -> SchedulePlan:
        options = self.options(closed_dates)
        assert options.availability is not None and options.availability.holidays is not None
        calendar = resolve_holiday_calendar(options.availability.holidays)
        return plan_schedule(course_figures(), options, today=self.TODAY, holidays=calendar)

    def test_observed_boxing_day_moves_the_session_to_the_next_day(self) -> None:
        # Boxing Day 2026 is a Saturday; England observes it on Monday 28 December.
        plan = self.plan(closed_dates=[])

        assert dates_of(plan) == [
            date(2026, 11, 16),
            date(2026, 12, 7),
            date(2026, 12, 29),
            date(2027, 1, 19),
        ]
        assert plan.warnings == []

    def test_closure_to_new_year_uses_the_last_day_of_the_window(self) -> None:
        closure = [date(2026, 12, 24 + offset) for offset in range(8)] + [date(2027, 1, 1)]

        plan = self.plan(closed_dates=closure)

        # Window for session 3: 21 December to 4 January; 29 December to 3 January are closed.
        assert plan.sessions[2].latest == date(2027, 1, 4)
        assert dates_of(plan) == [date(2026, 11, 16), date(2026, 12, 7), date(2027, 1, 4), date(2027, 1, 25)]
        assert plan.warnings == []

    def test_closure_covering_the_whole_window_warns_and_uses_the_next_open_day(self) -> None:
        closure = [date(2026, 12, 21 + offset) for offset in range(11)]
        closure += [date(2027, 1, day) for day in range(1, 9)]

        plan = self.plan(closed_dates=closure)

        assert dates_of(plan) == [date(2026, 11, 16), date(2026, 12, 7), date(2027, 1, 11), date(2027, 2, 1)]
        assert [(w.code, w.session) for w in plan.warnings] == [("window_unavailable", 3)]
        message = plan.warnings[0].message
        assert "2027-01-11" in message
        assert "35 days after session 2" in message
        assert "closed date" in message


class TestClinicOpenTwoDaysAWeek:
    TWICE_A_WEEK = Availability(weekdays=["tue", "thu"])

    def test_each_session_moves_from_the_aimed_saturday_to_the_next_tuesday(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 3, 2), time_zone="Europe/London", availability=self.TWICE_A_WEEK
        )

        # Aiming 25 days on (midpoint of 20..30) lands on a Saturday each time.
        plan = plan_schedule(course_figures(interval=(20, 30)), options, today=date(2026, 3, 1))

        assert dates_of(plan) == [date(2026, 3, 3), date(2026, 3, 31), date(2026, 4, 28), date(2026, 5, 26)]
        assert plan.warnings == []

    def test_when_nothing_after_the_aim_fits_the_closest_open_day_before_it_is_used(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 3, 2),
            time_zone="Europe/London",
            availability=self.TWICE_A_WEEK,
            pace="latest",
            sessions=3,
        )

        # Aim 18 days on; the windows end on a Saturday and a Monday, so the Thursday before is taken.
        plan = plan_schedule(course_figures(interval=(14, 18)), options, today=date(2026, 3, 1))

        assert dates_of(plan) == [date(2026, 3, 3), date(2026, 3, 19), date(2026, 4, 2)]
        assert plan.warnings == []

    def test_a_missing_window_names_the_open_weekdays(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 3, 2),
            time_zone="Europe/London",
            availability=Availability(weekdays=["tue"]),
            pace="earliest",
        )

        # Window 5 (Thursday) to 7 (Saturday) days after a Tuesday holds no Tuesday.
        plan = plan_schedule(course_figures(interval=(2, 4)), options, today=date(2026, 3, 1))

        assert dates_of(plan) == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17), date(2026, 3, 24)]
        assert [w.session for w in plan.warnings] == [2, 3, 4]
        assert "open only on Tuesdays" in plan.warnings[0].message


class TestMissedSession:
    def test_overdue_course_is_replanned_from_today_with_a_warning(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 1, 5),
            time_zone="Europe/London",
            completed_sessions=[date(2026, 1, 5), date(2026, 1, 26)],
        )

        # Session 3 was due 9 to 23 February; it is now 10 March.
        plan = plan_schedule(course_figures(), options, today=date(2026, 3, 10))

        assert dates_of(plan) == [date(2026, 1, 5), date(2026, 1, 26), date(2026, 3, 10), date(2026, 3, 31)]
        assert [s.status for s in plan.sessions] == ["completed", "completed", "planned", "planned"]
        assert (plan.sessions[2].earliest, plan.sessions[2].latest) == (date(2026, 2, 9), date(2026, 2, 23))
        assert [(w.code, w.session) for w in plan.warnings] == [("overdue", 3)]
        assert "2026-01-26" in plan.warnings[0].message

    def test_overdue_session_waits_for_the_next_open_day(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 1, 5),
            time_zone="Europe/London",
            availability=Availability(weekdays=WEEKDAYS_ONLY),
            completed_sessions=[date(2026, 1, 5), date(2026, 1, 26)],
        )

        plan = plan_schedule(course_figures(), options, today=date(2026, 3, 14))  # a Saturday

        assert plan.sessions[2].date == date(2026, 3, 16)

    def test_course_on_time_is_replanned_from_the_last_completed_session(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 1, 5), time_zone="Europe/London", completed_sessions=[date(2026, 1, 5)]
        )

        plan = plan_schedule(course_figures(), options, today=date(2026, 1, 20))

        assert dates_of(plan) == [date(2026, 1, 5), date(2026, 1, 26), date(2026, 2, 16), date(2026, 3, 9)]
        assert plan.warnings == []
        # First results follow session 1, completed or not.
        assert plan.milestones.first_results.earliest == date(2026, 1, 19)

    def test_a_completed_session_before_the_start_date_is_refused(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 3, 1), time_zone="Europe/London", completed_sessions=[date(2026, 1, 5)]
        )

        with pytest.raises(PlanningInputError) as raised:
            plan_schedule(course_figures(), options, today=date(2026, 1, 10))

        assert (raised.value.loc, raised.value.error_type) == (
            ("completed_sessions", 0),
            "completed_session_before_start",
        )


class TestLeapDay:
    def test_a_session_lands_on_29_february(self) -> None:
        options = ScheduleOptions(start_date=date(2028, 2, 8), time_zone="Europe/Berlin")

        plan = plan_schedule(course_figures(), options, today=date(2028, 2, 1))

        assert dates_of(plan) == [date(2028, 2, 8), date(2028, 2, 29), date(2028, 3, 21), date(2028, 4, 11)]
        assert plan.milestones.first_results.latest == date(2028, 2, 29)
        final_review = plan.milestones.final_review
        assert (final_review.earliest, final_review.latest) == (date(2028, 5, 9), date(2028, 5, 21))

    def test_the_course_can_start_on_29_february(self) -> None:
        options = ScheduleOptions.model_validate({"start_date": "2028-02-29", "time_zone": "Europe/Berlin"})

        plan = plan_schedule(course_figures(), options, today=date(2028, 2, 1))

        assert dates_of(plan)[:2] == [date(2028, 2, 29), date(2028, 3, 21)]


class TestTodayInTheClinicsTimeZone:
    def test_auckland_is_already_on_the_next_day(self) -> None:
        instant = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
        today = local_date(instant, "Pacific/Auckland")
        assert (today, instant.date()) == (date(2026, 3, 2), date(2026, 3, 1))

        yesterday_there = ScheduleOptions(start_date=date(2026, 3, 1), time_zone="Pacific/Auckland")
        plan = plan_schedule(course_figures(), yesterday_there, today=today)
        assert [w.code for w in plan.warnings] == ["start_date_in_past"]
        assert plan.sessions[0].date == date(2026, 3, 2)

        today_there = ScheduleOptions(start_date=date(2026, 3, 2), time_zone="Pacific/Auckland")
        assert plan_schedule(course_figures(), today_there, today=today).sessions[0].date == date(2026, 3, 2)

    def test_los_angeles_is_still_on_the_previous_day(self) -> None:
        instant = datetime(2026, 3, 2, 5, 0, tzinfo=UTC)
        today = local_date(instant, "America/Los_Angeles")
        assert (today, instant.date()) == (date(2026, 3, 1), date(2026, 3, 2))

        options = ScheduleOptions(start_date=date(2026, 3, 1), time_zone="America/Los_Angeles")
        assert plan_schedule(course_figures(), options, today=today).sessions[0].date == date(2026, 3, 1)

        done_tomorrow = ScheduleOptions(
            start_date=date(2026, 3, 1),
            time_zone="America/Los_Angeles",
            completed_sessions=[date(2026, 3, 2)],
        )
        with pytest.raises(PlanningInputError) as raised:
            plan_schedule(course_figures(), done_tomorrow, today=today)
        assert raised.value.loc == ("completed_sessions", 0)
        assert raised.value.error_type == "completed_session_in_future"

    def test_a_naive_instant_is_refused(self) -> None:
        with pytest.raises(ValueError, match="timezone-aware"):
            local_date(datetime(2026, 3, 1, 12, 0), "Europe/London")


def test_a_session_count_outside_the_estimate_is_planned_with_a_warning() -> None:
    options = ScheduleOptions(start_date=date(2026, 3, 2), time_zone="Europe/London", sessions=6)

    plan = plan_schedule(course_figures(), options, today=date(2026, 3, 1))

    assert plan.session_count == 6
    assert len(plan.sessions) == 6
    assert [(w.code, w.session) for w in plan.warnings] == [("sessions_outside_estimate", None)]


def test_one_session_asked_for_is_said_in_the_singular() -> None:
    options = ScheduleOptions(start_date=date(2026, 3, 2), time_zone="Europe/London", sessions=1)

    plan = plan_schedule(course_figures(), options, today=date(2026, 3, 1))

    assert [w.message for w in plan.warnings] == ["1 session was asked for; the estimate expects 3 to 4."]


def test_more_sessions_completed_and_booked_than_the_estimate_expects_are_warned_of() -> None:
    # No `sessions`: the course keeps every session given, six where the estimate expects 3 to 4.
    options = ScheduleOptions(
        start_date=date(2025, 11, 3),
        time_zone="Europe/London",
        completed_sessions=[date(2025, 11, 3), date(2025, 11, 24), date(2025, 12, 15)],
        booked_sessions=[date(2026, 3, 2), date(2026, 3, 23), date(2026, 4, 13)],
    )

    plan = plan_schedule(course_figures(), options, today=date(2026, 3, 1))

    assert plan.session_count == 6
    outside = [w for w in plan.warnings if w.code == "given_sessions_outside_estimate"]
    assert [(w.session, w.message) for w in outside] == [
        (None, "6 sessions are completed or booked; the estimate expects 3 to 4.")
    ]


def test_as_many_sessions_given_as_the_estimate_allows_need_no_count_warning() -> None:
    options = ScheduleOptions(
        start_date=date(2026, 1, 5),
        time_zone="Europe/London",
        completed_sessions=[date(2026, 1, 5), date(2026, 1, 26)],
        booked_sessions=[date(2026, 3, 2), date(2026, 3, 23)],
    )

    plan = plan_schedule(course_figures(), options, today=date(2026, 3, 1))

    assert plan.session_count == 4
    assert not {"sessions_outside_estimate", "given_sessions_outside_estimate"} & {
        w.code for w in plan.warnings
    }


def test_a_session_count_inside_the_estimate_needs_no_warning() -> None:
    options = ScheduleOptions(start_date=date(2026, 3, 2), time_zone="Europe/London", sessions=3)

    plan = plan_schedule(course_figures(), options, today=date(2026, 3, 1))

    assert len(plan.sessions) == 3
    assert plan.warnings == []


def test_middle_pace_rounds_the_midpoint_down() -> None:
    # 14 to 29 days: the midpoint is 21.5 days, planned at 21 (2 March + 21 days = 23 March).
    options = ScheduleOptions(start_date=date(2026, 3, 2), time_zone="Europe/London")
    plan = plan_schedule(course_figures(interval=(14, 29)), options, today=date(2026, 3, 1))
    assert plan.sessions[1].date == date(2026, 3, 23)


def closed_in(*periods: tuple[date, date]) -> ClinicCalendar:
    """A clinic open every day but in these closed periods, given in this order."""
    closed = [DatePeriod(start=start, end=end) for start, end in periods]
    return ClinicCalendar(Availability(closed_periods=closed), None)


class TestClosedDaysAndWindows:
    TODAY = date(2026, 3, 1)

    def plan(
        self, availability: Availability, start_date: date = date(2026, 3, 2), pace: Pace = "middle"
    ) -> SchedulePlan:
        options = ScheduleOptions(
            start_date=start_date, time_zone="Europe/London", availability=availability, pace=pace
        )
        return plan_schedule(course_figures(), options, today=self.TODAY)

    def test_the_first_sessions_window_runs_from_the_start_date_to_the_next_open_day(self) -> None:
        # 7 March 2026 is a Saturday; the clinic opens on Monday 9 March.
        plan = self.plan(Availability(weekdays=WEEKDAYS_ONLY), start_date=date(2026, 3, 7))
        first = plan.sessions[0]
        assert (first.date, first.earliest, first.latest) == (
            date(2026, 3, 9),
            date(2026, 3, 7),
            date(2026, 3, 9),
        )

    def test_a_window_whose_last_day_is_today_and_closed_is_unavailable_not_overdue(self) -> None:
        # Session 2's window is 16 to 30 March; today is 30 March and the clinic is closed that day.
        availability = Availability(closed_dates=[date(2026, 3, 30)])
        options = ScheduleOptions(
            start_date=date(2026, 3, 2),
            time_zone="Europe/London",
            completed_sessions=[date(2026, 3, 2)],
            availability=availability,
        )
        plan = plan_schedule(course_figures(), options, today=date(2026, 3, 30))
        assert plan.sessions[1].date == date(2026, 3, 31)
        assert [(w.code, w.session) for w in plan.warnings] == [("window_unavailable", 2)]

    def test_the_warning_names_each_reason_in_the_window_once(self) -> None:
        availability = Availability(
            closed_dates=[date(2026, 3, 29), date(2026, 3, 30)],
            closed_periods=[DatePeriod(start=date(2026, 3, 16), end=date(2026, 3, 28))],
        )
        plan = self.plan(availability, pace="earliest")
        assert plan.sessions[1].date == date(2026, 3, 31)
        (warning,) = plan.warnings
        assert "closed from 2026-03-16 to 2026-03-28" in warning.message
        assert warning.message.count("a closed date") == 1

    def test_the_day_between_two_closed_periods_stays_open(self) -> None:
        calendar = closed_in((date(2026, 3, 1), date(2026, 3, 10)), (date(2026, 3, 12), date(2026, 3, 20)))
        assert calendar.closure_reason(date(2026, 3, 11)) is None
        assert calendar.closure_reason(date(2026, 3, 12)) == "closed from 2026-03-12 to 2026-03-20"

    def test_adjacent_closed_periods_are_named_as_one_whatever_their_order(self) -> None:
        calendar = closed_in((date(2026, 3, 11), date(2026, 3, 20)), (date(2026, 3, 1), date(2026, 3, 10)))
        assert calendar.closure_reason(date(2026, 3, 5)) == "closed from 2026-03-01 to 2026-03-20"
