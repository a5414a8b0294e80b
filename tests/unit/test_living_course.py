"""A course that lives: the failures a booking platform met, each held to its fix.

Calendar updates (UIDs, SEQUENCE, cancelled sessions) are proved in test_calendar_updates.py, holiday
categories and defaults in test_public_holidays.py; the rest are here, through `plan_course` with the
packaged rule set, the layer where each one showed.
"""

from __future__ import annotations

import itertools
from datetime import date
from typing import Any

import pytest

from pico_planner.api.public_holidays import resolve_holiday_calendar
from pico_planner.core.clinic import ClinicProtocol
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.ruleset import load_rule_set
from pico_planner.core.schedule_models import ScheduleRequest, ScheduleResponse
from pico_planner.core.scheduling import plan_course
from tests.support.builders import every_tattoo, schedule_body

TODAY = date(2027, 1, 4)


def schedule_request(**changes: Any) -> ScheduleRequest:
    return ScheduleRequest.model_validate(schedule_body(**changes))


def plan(request: ScheduleRequest, protocol: ClinicProtocol | None = None) -> ScheduleResponse:
    region = request.availability.holidays if request.availability else None
    holidays = resolve_holiday_calendar(region) if region is not None else None
    return plan_course(request, load_rule_set(), TODAY, holidays, protocol)


class TestBookedSessions:
    def test_booked_appointments_are_kept_and_the_rest_planned_after_them(self) -> None:
        request = schedule_request(booked_sessions=["2027-01-05", "2027-01-27"])

        result = plan(request)

        assert [(s.date, s.status) for s in result.sessions[:2]] == [
            (date(2027, 1, 5), "booked"),
            (date(2027, 1, 27), "booked"),
        ]
        assert [s.status for s in result.sessions[2:]] == ["planned"] * (result.session_count - 2)
        interval = result.estimate.interval_days
        for previous, session in itertools.pairwise(result.sessions[1:]):
            assert interval.min <= (session.date - previous.date).days <= interval.max
        assert result.warnings == []

    def test_a_booking_outside_the_window_is_kept_and_warned_about(self) -> None:
        result = plan(schedule_request(booked_sessions=["2027-01-05", "2027-01-09"]))

        assert result.sessions[1].date == date(2027, 1, 9)
        assert [(w.code, w.session) for w in result.warnings] == [("booked_session_outside_window", 2)]
        assert "4 days after session 1" in result.warnings[0].message

    def test_a_booking_on_a_closed_day_is_kept_and_warned_about(self) -> None:
        request = schedule_request(
            booked_sessions=["2027-01-05", "2027-01-31"],
            availability={"weekdays": ["tue", "wed", "thu", "fri", "sat"]},
        )

        result = plan(request)

        assert result.sessions[1].date == date(2027, 1, 31)  # a Sunday
        assert [(w.code, w.session) for w in result.warnings] == [("session_on_closed_day", 2)]


class TestCompletedSessionsChecked:
    def test_a_second_session_four_days_after_the_first_is_warned_about(self) -> None:
        request = schedule_request(start_date="2026-12-15", completed_sessions=["2026-12-15", "2026-12-19"])

        result = plan(request)

        assert [(w.code, w.session) for w in result.warnings] == [("completed_session_outside_window", 2)]
        assert [s.date for s in result.sessions[:2]] == [date(2026, 12, 15), date(2026, 12, 19)]


class TestClinicProtocol:
    # Open Saturdays too, Korean public holidays closed: the calendar the platform tried.
    AVAILABILITY: dict[str, Any] = {  # noqa: RUF012
        "weekdays": ["mon", "tue", "wed", "thu", "fri", "sat"],
        "holidays": {"country": "KR"},
    }

    def test_a_minimum_interval_raises_the_window_and_keeps_its_width(self) -> None:
        request = schedule_request(availability=self.AVAILABILITY)
        rule_set_interval = plan(request).estimate.interval_days

        result = plan(request, ClinicProtocol(min_interval_days=30))

        width = rule_set_interval.max - rule_set_interval.min
        applied = result.estimate.interval_days
        assert (applied.min, applied.max) == (30, 30 + width)
        for session in result.sessions[1:]:
            assert (session.latest - session.earliest).days == width
        # The answer says who set the interval: the clinic, not the rules the factors explain.
        assert [w.code for w in result.warnings] == ["interval_set_by_clinic"]
        assert (
            f"planned 30 to {30 + width} days apart, where the estimate's rules give "
            f"{rule_set_interval.min} to {rule_set_interval.max}"
        ) in result.warnings[0].message
        assert all("interval_days" not in concern.decides for concern in result.estimate.concerns)
        assert "interval_days" in plan(request).estimate.concerns[0].decides
        sessions = result.estimate.sessions
        assert result.estimate.course_days.max == (sessions.max - 1) * applied.max

    def test_a_session_cap_below_the_recommendation_is_warned_about(self) -> None:
        tattoo = {
            "type": "tattoo",
            "ink": "significant",
            "colours": "multicolour",
            "location": "distal_extremity",
            "scarring": "moderate",
            "layered": True,
        }
        request = schedule_request(concerns=[tattoo])
        recommended = plan(request).estimate.sessions.recommended

        result = plan(request, ClinicProtocol(max_sessions=3))

        assert result.session_count == 3
        assert [w.code for w in result.warnings] == ["sessions_capped_by_clinic"]
        assert f"at most 3 sessions; the estimate recommends {recommended}" in result.warnings[0].message
        assert recommended > 3

    def test_a_session_count_the_caller_chose_within_the_cap_is_not_warned_about(self) -> None:
        # The cap is below the recommendation, but the caller asked for 3 sessions: nothing was capped.
        request = schedule_request(sessions=3, concerns=[{"type": "wrinkles", "severity": "severe"}])
        assert plan(request).estimate.sessions.recommended > 3

        result = plan(request, ClinicProtocol(max_sessions=3))

        assert result.session_count == 3
        assert result.warnings == []

    def test_a_course_complete_at_the_clinics_cap_advises_no_larger_count(self) -> None:
        # A larger `sessions` would be refused at this clinic (clinic_protocol_max_sessions).
        done = ["2026-10-05", "2026-10-26", "2026-11-16"]
        request = schedule_request(start_date="2026-10-05", completed_sessions=done)
        three = schedule_request(start_date="2026-10-05", completed_sessions=done, sessions=3)

        with pytest.raises(PlanningInputError) as at_cap:
            plan(request, ClinicProtocol(max_sessions=3))
        with pytest.raises(PlanningInputError) as below_cap:
            plan(three, ClinicProtocol(max_sessions=5))

        assert (at_cap.value.loc, at_cap.value.error_type) == (
            ("completed_sessions",),
            "course_already_complete",
        )
        assert at_cap.value.message == (
            "3 sessions are completed, as many as the clinic's protocol plans: nothing is left to plan"
        )
        # Below the cap a larger count can still be planned, so the advice stays.
        assert "give a larger `sessions`" in below_cap.value.message

    def test_the_course_length_follows_the_clinics_minimum_interval(self) -> None:
        # Moderate wrinkles: 3 to 4 sessions, 14 to 28 days apart; at 28 days minimum, 28 to 42 days.
        request = schedule_request(concerns=[{"type": "wrinkles", "severity": "moderate"}])

        estimate = plan(request, ClinicProtocol(min_interval_days=28)).estimate

        assert (estimate.interval_days.min, estimate.interval_days.max) == (28, 42)
        assert (estimate.course_days.min, estimate.course_days.max) == (2 * 28, 3 * 42)


class TestPlanCautions:
    # The wrinkle-evidence caution speaks of the plan: "Studies ... used more sessions than this plan has".
    CAUTION = load_rule_set().cautions.modest_wrinkles_evidence.code

    def cautions(self, result: ScheduleResponse) -> list[str]:
        return [caution.code for caution in result.estimate.cautions]

    def test_a_plan_of_more_sessions_than_the_studies_used_is_not_cautioned(self) -> None:
        mild = {
            "concerns": [{"type": "wrinkles", "severity": "mild"}],
            "patient": {"age": 45, "skin_type": 2},
        }
        assert self.CAUTION in self.cautions(plan(schedule_request(**mild)))  # 2 to 3 sessions

        assert self.CAUTION not in self.cautions(plan(schedule_request(**mild, sessions=5)))

    def test_a_plan_cut_below_the_studies_sessions_is_cautioned(self) -> None:
        moderate = {"type": "wrinkles", "severity": "moderate"}
        request = schedule_request(concerns=[moderate])
        assert self.CAUTION not in self.cautions(plan(request))  # 3 to 4 sessions, 4 planned

        assert self.CAUTION in self.cautions(plan(schedule_request(concerns=[moderate], sessions=2)))
        assert self.CAUTION in self.cautions(plan(request, ClinicProtocol(max_sessions=2)))


def test_every_tattoo_the_estimate_accepts_can_be_scheduled() -> None:
    """Every Kirby–Desai input, for every skin type, planned at the estimate's count, no override."""
    rules = load_rule_set()
    longest = 0
    for skin_type, tattoo in every_tattoo():
        request = schedule_request(
            patient={"age": 42, "skin_type": skin_type, "sensitive_skin": False}, concerns=[tattoo]
        )
        result = plan_course(request, rules, TODAY, None)
        assert result.session_count == result.estimate.sessions.recommended
        assert result.warnings == []
        longest = max(longest, result.session_count)
    # The long courses the old 12-session limit refused are among them.
    assert longest > 12
