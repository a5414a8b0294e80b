"""A whole course planned in one step: the estimate, then its sessions placed on the calendar."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from pydantic import ConfigDict, Field

from pico_planner.core.availability import HolidayCalendar
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import RuleSet
from pico_planner.core.schedule import SchedulePlan, ScheduleOptions, plan_schedule

_EXAMPLE_SCHEDULE_REQUEST: dict[str, Any] = {
    "patient": {"age": 42, "skin_type": 4, "sensitive_skin": False},
    "concerns": [{"type": "pigmentation", "subtype": "melasma", "severity": "moderate", "area": "small"}],
    "start_date": "2027-01-11",
    "time_zone": "Europe/London",
    "availability": {
        "weekdays": ["tue", "wed", "thu", "fri", "sat"],
        "closed_dates": ["2027-02-16"],
        "holidays": {"country": "GB", "subdivision": "ENG"},
    },
}


class ScheduleRequest(EstimateRequest, ScheduleOptions):
    """An estimate request plus when and where to plan: the body of POST /v1/schedule."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE_SCHEDULE_REQUEST]})

    def estimate_request(self) -> EstimateRequest:
        return EstimateRequest(patient=self.patient, concerns=self.concerns)

    def schedule_options(self) -> ScheduleOptions:
        fields = ScheduleOptions.model_fields
        return ScheduleOptions.model_validate({name: getattr(self, name) for name in fields})


class ScheduleResponse(SchedulePlan):
    """The planned course: its sessions and milestones as dates, and the estimate they come from."""

    estimate: Estimate = Field(description="The estimate the plan is built on, with every factor explained.")


def plan_course(
    request: ScheduleRequest, rules: RuleSet, today: dt.date, holidays: HolidayCalendar | None
) -> ScheduleResponse:
    """Estimate the course, then place its sessions; `today` is the date in the request's time zone."""
    estimate = estimate_course(request.estimate_request(), rules)
    plan = plan_schedule(estimate.course_figures(), request.schedule_options(), today, holidays)
    return ScheduleResponse(**dict(plan), estimate=estimate)


def course_key(request: ScheduleRequest) -> str:
    """What identifies one course across re-plans: the patient, the concerns, the start and the zone.

    Completed sessions, availability, pace and the session count are left out on purpose: re-planning
    after a session, or around a new closure, must update the same calendar events, not add new ones.
    The key never leaves the service in clear; calendar UIDs carry a hash of it.
    """
    identity = {
        "patient": request.patient.model_dump(mode="json"),
        "concerns": [concern.model_dump(mode="json") for concern in request.concerns],
        "start_date": request.start_date.isoformat(),
        "time_zone": request.time_zone,
    }
    return hashlib.sha256(json.dumps(identity, sort_keys=True).encode("utf-8")).hexdigest()
