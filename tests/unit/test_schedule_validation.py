"""Requests the scheduler refuses: each names the field and the reason."""

from __future__ import annotations

import importlib.resources
import zoneinfo
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from pico_planner.core.availability import Availability, HolidayRegion
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import MAX_SESSIONS, CourseFigures, DayRange, SessionCount
from pico_planner.core.schedule_models import ScheduleOptions
from pico_planner.core.scheduling import HORIZON_DAYS, plan_schedule
from pico_planner.core.time_zones import MAX_TIME_ZONE_LENGTH, local_date, same_time_zone

TODAY = date(2026, 3, 1)


def course_figures(interval: tuple[int, int] = (14, 28), recommended: int = 4) -> CourseFigures:
    return CourseFigures(
        sessions=SessionCount(min=min(3, recommended), max=max(4, recommended), recommended=recommended),
        interval_days=DayRange(min=interval[0], max=interval[1]),
        first_results_days=DayRange(min=14, max=21),
        final_results_days=DayRange(min=28, max=40),
    )


def options_payload(**changes: Any) -> dict[str, Any]:
    return {"start_date": "2026-03-02", "time_zone": "Europe/London", **changes}


def validation_errors(**changes: Any) -> list[tuple[tuple[str | int, ...], str]]:
    with pytest.raises(ValidationError) as raised:
        ScheduleOptions.model_validate(options_payload(**changes))
    return [(tuple(error["loc"]), error["type"]) for error in raised.value.errors()]


def planning_error(
    options: ScheduleOptions, figures: CourseFigures | None = None, *, today: date = TODAY
) -> PlanningInputError:
    with pytest.raises(PlanningInputError) as raised:
        plan_schedule(figures or course_figures(), options, today=today)
    return raised.value


class TestTimeZone:
    @pytest.mark.parametrize("name", ["Mars/Olympus_Mons", "europe/london", "America", "Etc/GMT+15"])
    def test_unknown_zone(self, name: str) -> None:
        assert validation_errors(time_zone=name) == [(("time_zone",), "time_zone_unknown")]

    @pytest.mark.parametrize(
        "name", ["../etc/passwd", "/etc/localtime", "Europe/London ", "Europe//London", "America/", "UTC;rm"]
    )
    def test_malformed_zone(self, name: str) -> None:
        assert validation_errors(time_zone=name) == [(("time_zone",), "time_zone_malformed")]

    @pytest.mark.parametrize("name", ["localtime", "posix/Europe/London", "right/UTC", "Factory"])
    def test_database_entries_that_name_no_place(self, name: str) -> None:
        assert validation_errors(time_zone=name) == [(("time_zone",), "time_zone_unknown")]

    def test_absurd_length(self) -> None:
        assert validation_errors(time_zone="Europe/" + "A" * 500) == [(("time_zone",), "string_too_long")]

    def test_empty(self) -> None:
        assert validation_errors(time_zone="") == [(("time_zone",), "string_too_short")]

    def test_links_are_one_zone_and_neighbours_are_not(self) -> None:
        assert same_time_zone("Europe/Kiev", "Europe/Kyiv")
        assert same_time_zone("Asia/Calcutta", "Asia/Kolkata")
        assert not same_time_zone("Europe/London", "Europe/Dublin")
        assert not same_time_zone("America/New_York", "America/Toronto")
        assert not same_time_zone("../zoneinfo/Europe/London", "Europe/London")

    def test_a_link_is_one_zone_where_the_system_leaves_the_old_name_out(
        self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        # A system zone directory with Europe/London only (old names split off, as Debian's
        # tzdata-legacy does): "GB" comes from the tzdata package, and must not be compared across.
        london = tmp_path / "Europe" / "London"
        london.parent.mkdir()
        # Another build of the same zone: other bytes than the package's.
        london.write_bytes(
            importlib.resources.files("tzdata.zoneinfo").joinpath("Europe/London").read_bytes() + b"\n"
        )
        monkeypatch.setattr(zoneinfo, "TZPATH", (str(tmp_path),))

        assert same_time_zone("GB", "Europe/London")
        assert not same_time_zone("GB", "Europe/Dublin")

    def test_a_well_formed_name_at_the_length_limit_is_looked_up(self) -> None:
        name = "Europe/" + "A" * (MAX_TIME_ZONE_LENGTH - len("Europe/"))
        assert validation_errors(time_zone=name) == [(("time_zone",), "time_zone_unknown")]

    def test_today_is_never_read_in_a_zone_that_names_no_place(self) -> None:
        # "localtime" would be the server's own zone: the date would depend on where the service runs.
        with pytest.raises(ValueError, match="the time zone of a location"):
            local_date(datetime(2026, 3, 1, tzinfo=UTC), "localtime")

    @pytest.mark.parametrize("name", ["Europe/London", "America/Argentina/Buenos_Aires", "UTC", "Etc/GMT-14"])
    def test_real_zones_pass(self, name: str) -> None:
        assert ScheduleOptions.model_validate(options_payload(time_zone=name)).time_zone == name


class TestImpossibleDates:
    def test_start_date(self) -> None:
        assert validation_errors(start_date="2026-02-30") == [(("start_date",), "date_from_datetime_parsing")]

    def test_completed_session(self) -> None:
        errors = validation_errors(completed_sessions=["2026-01-05", "2026-02-29"])
        assert [loc for loc, _ in errors] == [("completed_sessions", 1)]

    def test_closed_date(self) -> None:
        errors = validation_errors(availability={"closed_dates": ["2027-02-29"]})
        assert [loc for loc, _ in errors] == [("availability", "closed_dates", 0)]


class TestCompletedSessions:
    def test_out_of_order_names_the_index(self) -> None:
        errors = validation_errors(completed_sessions=["2026-01-05", "2026-02-02", "2026-01-19"])
        assert errors == [(("completed_sessions", 2), "completed_sessions_not_increasing")]

    def test_two_on_the_same_day_names_the_second(self) -> None:
        errors = validation_errors(completed_sessions=["2026-01-05", "2026-01-05"])
        assert errors == [(("completed_sessions", 1), "completed_sessions_not_increasing")]

    @pytest.mark.parametrize("kind", ["completed_sessions", "booked_sessions"])
    def test_the_message_quotes_no_date_sent(self, kind: str) -> None:
        with pytest.raises(ValidationError) as raised:
            ScheduleOptions.model_validate(options_payload(**{kind: ["2026-03-05", "2026-03-04"]}))
        message = raised.value.errors()[0]["msg"]
        assert "2026" not in message
        assert "date order" in message

    def test_in_the_future(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(
                start_date="2026-02-01",
                completed_sessions=["2026-02-01", str(TODAY), str(TODAY + timedelta(days=1))],
            )
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("completed_sessions", 2), "completed_session_in_future")

    def test_today_is_not_the_future(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(start_date=str(TODAY), completed_sessions=[str(TODAY)])
        )
        plan = plan_schedule(course_figures(), options, today=TODAY)
        assert plan.sessions[0].date == TODAY
        assert plan.sessions[1].date == TODAY + timedelta(days=21)

    def test_as_many_completed_as_planned(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(sessions=2, completed_sessions=["2026-01-05", "2026-01-26"])
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("completed_sessions",), "course_already_complete")

    def test_one_completed_of_one_is_said_in_the_singular(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(sessions=1, completed_sessions=["2026-01-05"])
        )
        error = planning_error(options)
        assert error.message.startswith("1 session is completed out of 1: nothing is left to plan")

    def test_as_many_completed_as_recommended(self) -> None:
        completed = ["2025-11-03", "2025-11-24", "2025-12-15", "2026-01-05"]
        options = ScheduleOptions.model_validate(options_payload(completed_sessions=completed))
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("completed_sessions",), "course_already_complete")

    def test_too_many(self) -> None:
        completed = [str(date(2024, 1, 1) + timedelta(days=30 * i)) for i in range(MAX_SESSIONS)]
        assert validation_errors(completed_sessions=completed) == [(("completed_sessions",), "too_long")]


class TestStartDate:
    @pytest.mark.parametrize("days_ago", [1, 40, 5 * 365 + 1, 5 * 365 + 2, (TODAY - date(1, 1, 1)).days])
    def test_in_the_past_plans_from_today_with_a_warning(self, days_ago: int) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(start_date=str(TODAY - timedelta(days=days_ago)))
        )
        plan = plan_schedule(course_figures(), options, today=TODAY)

        assert [(w.code, w.session) for w in plan.warnings] == [("start_date_in_past", None)]
        assert (plan.sessions[0].date, plan.sessions[0].earliest) == (TODAY, TODAY)

    def test_today_gives_no_warning(self) -> None:
        options = ScheduleOptions.model_validate(options_payload(start_date=str(TODAY)))
        assert plan_schedule(course_figures(), options, today=TODAY).warnings == []

    @pytest.mark.parametrize(
        "text",
        [
            "2027-01-11T00:00:00Z",
            "2027-01-11T00:00:00",
            "2027-01-11 00:00",
            "1798934400",
            "20270111",
            "２０２７-01-11",  # full-width digits
        ],
    )
    def test_a_date_time_or_other_text_is_not_a_date(self, text: str) -> None:
        assert validation_errors(start_date=text) == [(("start_date",), "date_format")]
        assert validation_errors(completed_sessions=[text]) == [(("completed_sessions", 0), "date_format")]
        closed = {"weekdays": ["mon"], "closed_dates": [text]}
        assert validation_errors(availability=closed) == [
            (("availability", "closed_dates", 0), "date_format")
        ]

    @pytest.mark.parametrize("number", [20260302, 1772409600, True])
    def test_a_number_is_not_a_date(self, number: int) -> None:
        # Read as a count of days or seconds it would be some date: the caller's intent is unknowable.
        assert validation_errors(start_date=number) == [(("start_date",), "date_type")]

    def test_in_the_past_is_accepted_for_a_course_under_way(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(start_date="2026-01-05", completed_sessions=["2026-01-05"])
        )
        plan = plan_schedule(course_figures(), options, today=TODAY)
        assert all(s.date >= TODAY for s in plan.sessions if s.status == "planned")

    # Each limit in calendar years, on days where a count of days would put it elsewhere: five years
    # before 2028-06-01 hold two leap days (1,827 days), the three years after 2032-03-01 none (1,095
    # days), and 29 February has no anniversary in a common year.
    @pytest.mark.parametrize(
        ("today", "oldest_start"),
        [
            (TODAY, date(2021, 3, 1)),
            (date(2028, 6, 1), date(2023, 6, 1)),
            (date(2028, 2, 29), date(2023, 2, 28)),
        ],
    )
    def test_a_course_under_way_may_have_begun_five_years_ago_and_no_earlier(
        self, today: date, oldest_start: date
    ) -> None:
        # "0001-01-01" once gave a plan with "739950 days after session 1": a course begun that long ago
        # is no course being planned.
        for start in (oldest_start - timedelta(days=1), date(1, 1, 1)):
            options = ScheduleOptions.model_validate(
                options_payload(start_date=str(start), completed_sessions=[str(start)])
            )
            error = planning_error(options, today=today)
            assert (error.loc, error.error_type) == (("start_date",), "start_date_too_far_in_past")
            assert str(start) not in error.message
        start_text = str(oldest_start)
        options = ScheduleOptions.model_validate(
            options_payload(start_date=start_text, completed_sessions=[start_text])
        )
        assert plan_schedule(course_figures(), options, today=today).sessions[0].date == oldest_start

    @pytest.mark.parametrize(
        ("today", "latest_start"),
        [
            (TODAY, date(2029, 3, 1)),
            (date(2032, 3, 1), date(2035, 3, 1)),
            (date(2028, 2, 29), date(2031, 2, 28)),
        ],
    )
    def test_a_start_may_lie_three_years_ahead_and_no_further(self, today: date, latest_start: date) -> None:
        options = ScheduleOptions.model_validate(options_payload(start_date=str(latest_start)))
        assert plan_schedule(course_figures(), options, today=today).sessions[0].date == latest_start

        beyond = ScheduleOptions.model_validate(
            options_payload(start_date=str(latest_start + timedelta(days=1)))
        )
        error = planning_error(beyond, today=today)
        assert (error.loc, error.error_type) == (("start_date",), "start_date_beyond_horizon")
        assert "3 years" in error.message


class TestSessionCount:
    @pytest.mark.parametrize("sessions", [0, -1, MAX_SESSIONS + 1])
    def test_override_out_of_bounds(self, sessions: int) -> None:
        errors = validation_errors(sessions=sessions)
        assert [loc for loc, _ in errors] == [("sessions",)]

    def test_the_plan_holds_every_count_an_estimate_can_recommend(self) -> None:
        # An estimate's counts are bounded by SessionCount; a plan must hold the largest of them.
        upper_bounds = [m.le for m in SessionCount.model_fields["recommended"].metadata if hasattr(m, "le")]
        assert upper_bounds == [MAX_SESSIONS]

    def test_a_course_at_its_longest_intervals_fits_the_horizon(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(start_date=str(TODAY), pace="latest", sessions=3)
        )

        plan = plan_schedule(course_figures(interval=(100, 900)), options, today=TODAY)

        # 1,800 days: longer than the three years of slack, yet the horizon grows with the course.
        assert [s.date for s in plan.sessions] == [
            TODAY,
            TODAY + timedelta(days=900),
            TODAY + timedelta(days=1800),
        ]

    def test_the_largest_count_the_estimate_can_recommend_is_planned(self) -> None:
        options = ScheduleOptions.model_validate(options_payload(start_date=str(TODAY)))
        plan = plan_schedule(
            course_figures(interval=(42, 56), recommended=MAX_SESSIONS), options, today=TODAY
        )
        assert plan.session_count == len(plan.sessions) == MAX_SESSIONS
        assert plan.warnings == []

    def test_more_sessions_completed_and_booked_than_a_plan_holds(self) -> None:
        completed = [str(TODAY - timedelta(days=40 - n)) for n in range(10)]
        booked = [str(TODAY + timedelta(days=1 + n)) for n in range(MAX_SESSIONS - 9)]
        options = ScheduleOptions.model_validate(
            options_payload(start_date=completed[0], completed_sessions=completed, booked_sessions=booked)
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("booked_sessions",), "too_many_given_sessions")
        assert f"{MAX_SESSIONS + 1} sessions are completed or booked" in error.message

    def test_a_session_that_would_follow_a_booking_at_the_horizon_end(self) -> None:
        # The horizon for 4 sessions 14 to 28 days apart: the start, 3 x 28 days, then the slack.
        horizon_end = date(2026, 3, 2) + timedelta(days=3 * 28 + HORIZON_DAYS)
        options = ScheduleOptions.model_validate(options_payload(booked_sessions=[str(horizon_end)]))
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("sessions",), "plan_beyond_horizon")
        # The message names that end and says how it is counted: from the start, not from today.
        assert f"after {horizon_end}" in error.message
        assert "from the start, the course at its longest intervals plus" in error.message


class TestGivenSessionsOrder:
    """Completed and booked dates in an order no course can have: a 422 naming the item."""

    def test_completed_before_the_start_date(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(start_date="2026-01-10", completed_sessions=["2026-01-05", "2026-02-02"])
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("completed_sessions", 0), "completed_session_before_start")

    def test_booked_before_the_start_date(self) -> None:
        # 2026-03-10 is today or later but before the start date.
        options = ScheduleOptions.model_validate(
            options_payload(start_date="2026-03-20", booked_sessions=["2026-03-10", "2026-04-10"])
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("booked_sessions", 0), "booked_session_before_start")

    def test_booked_in_the_past(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(
                start_date="2026-02-01",
                completed_sessions=["2026-02-01"],
                booked_sessions=["2026-02-20", "2026-03-20"],
            )
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("booked_sessions", 0), "booked_session_in_past")

    def test_booked_on_the_day_of_the_last_completed_session(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(
                start_date="2026-02-01", completed_sessions=[str(TODAY)], booked_sessions=[str(TODAY)]
            )
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("booked_sessions", 0), "booked_session_not_after_completed")

    def test_booked_out_of_order_names_the_index(self) -> None:
        errors = validation_errors(booked_sessions=["2026-04-01", "2026-05-01", "2026-04-20"])
        assert errors == [(("booked_sessions", 2), "booked_sessions_not_increasing")]

    def test_more_given_than_the_sessions_asked_for(self) -> None:
        options = ScheduleOptions.model_validate(
            options_payload(sessions=2, booked_sessions=["2026-03-02", "2026-03-20", "2026-04-10"])
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("sessions",), "sessions_fewer_than_given")

    def test_booked_beyond_the_horizon(self) -> None:
        options = ScheduleOptions.model_validate(options_payload(booked_sessions=["2031-01-01"]))
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("booked_sessions", 0), "booked_session_beyond_horizon")

    @pytest.mark.parametrize(
        "payload",
        [
            {"start_date": "2026-01-10", "completed_sessions": ["2026-01-05"]},
            {"start_date": "2026-02-01", "completed_sessions": ["2026-04-01"]},
            {"start_date": "2026-03-20", "booked_sessions": ["2026-03-10"]},
            {
                "start_date": "2026-02-01",
                "completed_sessions": ["2026-02-01"],
                "booked_sessions": ["2026-02-20"],
            },
            {
                "start_date": "2026-02-01",
                "completed_sessions": ["2026-03-01"],
                "booked_sessions": ["2026-03-01"],
            },
            {"start_date": "2026-03-02", "booked_sessions": ["2031-01-01"]},
            {"start_date": "2029-12-30"},
        ],
    )
    def test_the_message_never_repeats_a_date_sent(self, payload: dict[str, Any]) -> None:
        error = planning_error(ScheduleOptions.model_validate(options_payload(**payload)))
        sent = {
            payload["start_date"],
            *payload.get("completed_sessions", []),
            *payload.get("booked_sessions", []),
        }
        assert not [day for day in sent if day in error.message], error.message


class TestAvailability:
    def test_empty_weekday_list(self) -> None:
        assert validation_errors(availability={"weekdays": []}) == [
            (("availability", "weekdays"), "too_short")
        ]

    def test_unknown_weekday(self) -> None:
        errors = validation_errors(availability={"weekdays": ["mon", "funday"]})
        assert [loc for loc, _ in errors] == [("availability", "weekdays", 1)]

    def test_repeated_weekday_names_the_repeat(self) -> None:
        errors = validation_errors(availability={"weekdays": ["mon", "tue", "mon"]})
        assert errors == [(("availability", "weekdays", 2), "duplicate_weekday")]

    def test_too_many_closed_dates(self) -> None:
        closed = [str(date(2026, 1, 1) + timedelta(days=i)) for i in range(367)]
        assert validation_errors(availability={"closed_dates": closed}) == [
            (("availability", "closed_dates"), "too_long")
        ]

    def test_lowercase_country(self) -> None:
        errors = validation_errors(availability={"holidays": {"country": "gb"}})
        assert errors == [(("availability", "holidays", "country"), "string_pattern_mismatch")]

    def test_unknown_field(self) -> None:
        errors = validation_errors(availability={"weekday": ["mon"]})
        assert errors == [(("availability", "weekday"), "extra_forbidden")]

    def test_no_open_day_within_the_horizon_ends_with_a_clear_reason(self) -> None:
        first_monday = date(2026, 3, 2)
        every_monday = [first_monday + timedelta(weeks=i) for i in range(366)]
        options = ScheduleOptions(
            start_date=first_monday,
            time_zone="Europe/London",
            availability=Availability(weekdays=["mon"], closed_dates=every_monday),
        )
        error = planning_error(options)
        assert (error.loc, error.error_type) == (("availability",), "no_available_date")
        assert "no open day" in error.message
        assert "2026" not in error.message  # the first day searched is the caller's start_date

    def test_open_days_running_out_for_a_later_session(self) -> None:
        # Mondays are open for a year and a half, then closed beyond the horizon.
        first_monday = date(2026, 3, 2)
        closed_mondays = [first_monday + timedelta(weeks=78 + i) for i in range(366)]
        options = ScheduleOptions(
            start_date=first_monday,
            time_zone="Europe/London",
            availability=Availability(weekdays=["mon"], closed_dates=closed_mondays),
        )
        error = planning_error(options, course_figures(interval=(200, 300)))
        assert (error.loc, error.error_type) == (("availability",), "no_available_date")
        assert "session 4" in error.message

    def test_a_holiday_region_without_a_calendar_is_a_wiring_defect(self) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 3, 2),
            time_zone="Europe/London",
            availability=Availability(holidays=HolidayRegion(country="GB")),
        )
        with pytest.raises(ValueError, match="HolidayCalendar"):
            plan_schedule(course_figures(), options, today=TODAY)


def test_unknown_top_level_field() -> None:
    assert validation_errors(sesions=3) == [(("sesions",), "extra_forbidden")]
