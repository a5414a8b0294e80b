"""A whole course planned in one step: the estimate, then its sessions placed on the calendar."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any, Self

from pydantic import ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from pico_planner.core.availability import HolidayCalendar
from pico_planner.core.clinic import ClinicId, ClinicProfile, ClinicProtocol, apply_protocol, clinic_terms
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import RuleSet
from pico_planner.core.schedule import ScheduleOptions, SchedulePlan, TimeZoneName, plan_schedule

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

    # Optional here, unlike in ScheduleOptions: with `clinic_id` the clinic's stored zone applies.
    time_zone: TimeZoneName | None = Field(  # type: ignore[assignment]
        default=None,
        description=(
            "IANA time zone of the clinic, for example `Europe/London`; case-sensitive. Required unless "
            "`clinic_id` is given; then it defaults to the clinic's, and any other zone is refused."
        ),
        examples=["Europe/London"],
    )
    clinic_id: ClinicId | None = Field(
        default=None,
        description=(
            "Plan at a clinic whose profile was stored with PUT /v1/clinics/{clinic_id}: its time zone, "
            "calendar and protocol apply. `availability` can then only narrow the clinic's calendar."
        ),
    )

    @model_validator(mode="after")
    def _time_zone_or_clinic(self) -> Self:
        if self.time_zone is None and self.clinic_id is None:
            # Raised as a ValidationError so that the location names the missing field.
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError(
                            "missing", "Field required: give time_zone, or clinic_id to use the clinic's"
                        ),
                        loc=("time_zone",),
                        input=None,
                    )
                ],
            )
        return self

    def for_clinic(self, profile: ClinicProfile) -> ScheduleRequest:
        """This request planned at the clinic: its time zone, and the two calendars narrowed together."""
        terms = clinic_terms(
            profile, time_zone=self.time_zone, availability=self.availability, sessions=self.sessions
        )
        return self.model_copy(update={"time_zone": terms.time_zone, "availability": terms.availability})

    def estimate_request(self) -> EstimateRequest:
        return EstimateRequest(patient=self.patient, concerns=self.concerns)

    def schedule_options(self) -> ScheduleOptions:
        fields = ScheduleOptions.model_fields
        return ScheduleOptions.model_validate({name: getattr(self, name) for name in fields})


class ScheduleResponse(SchedulePlan):
    """The planned course: its sessions and milestones as dates, and the estimate they come from."""

    estimate: Estimate = Field(description="The estimate the plan is built on, with every factor explained.")


def plan_course(
    request: ScheduleRequest,
    rules: RuleSet,
    today: dt.date,
    holidays: HolidayCalendar | None,
    protocol: ClinicProtocol | None = None,
) -> ScheduleResponse:
    """Estimate the course, then place its sessions; `today` is the date in the request's time zone.

    A clinic's `protocol` adjusts the figures the sessions are placed by (never the estimate shown).
    """
    estimate = estimate_course(request.estimate_request(), rules)
    figures = estimate.course_figures()
    if protocol is not None:
        figures = apply_protocol(figures, protocol)
    plan = plan_schedule(figures, request.schedule_options(), today, holidays)
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
