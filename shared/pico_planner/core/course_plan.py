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
from pico_planner.core.figures import CourseFigures, day_range
from pico_planner.core.ruleset import RuleSet
from pico_planner.core.schedule import (
    MAX_SESSIONS,
    ScheduleOptions,
    SchedulePlan,
    ScheduleWarning,
    TimeZoneName,
    plan_schedule,
)

# Opaque to the service: the partner's own reference for the course, never patient data. Safe in an
# iCalendar UID and a URL without escaping.
COURSE_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"

# The longest span a DayRange holds.
MAX_COURSE_DAYS = 3660

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

    course_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        pattern=COURSE_ID_PATTERN,
        description=(
            "The partner's own opaque reference for this course (1 to 64 of `A-Za-z0-9._-`; no patient "
            "data). With it, each calendar event's UID depends only on the partner, the course and the "
            "session number, so re-importing any re-plan of the course updates the same events. "
            "Without it, UIDs come from the patient, concerns, start date and zone, and change with them."
        ),
        examples=["course-2027-0042"],
    )
    previous_session_count: int | None = Field(
        default=None,
        ge=1,
        le=MAX_SESSIONS,
        description=(
            "How many sessions the plan last imported into calendars had. Session numbers this plan no "
            "longer has are sent as `STATUS:CANCELLED` events with their UIDs, so calendars remove them. "
            "Calendar answers only."
        ),
        examples=[6],
    )
    include_milestones: bool = Field(
        default=True,
        description="Calendar answers only: `false` leaves out the first-results and final-review events.",
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
        recommended, capped = figures.sessions.recommended, applied.sessions.recommended
        if capped < recommended and request.sessions is None:
            warnings.append(
                ScheduleWarning(
                    code="sessions_capped_by_clinic",
                    session=None,
                    message=(
                        f"The clinic's protocol plans at most {capped} sessions; the estimate recommends "
                        f"{recommended}."
                    ),
                )
            )
        figures = applied
    plan = plan_schedule(figures, request.schedule_options(), today, holidays)
    return ScheduleResponse(**{**dict(plan), "warnings": warnings + plan.warnings}, estimate=estimate)


def _with_intervals(estimate: Estimate, applied: CourseFigures) -> Estimate:
    """The estimate as the clinic plans it: its intervals, and the course length they give."""
    interval, sessions = applied.interval_days, estimate.sessions
    # Clamped to what a DayRange holds (ten years), which no real course approaches.
    longest = min((sessions.max - 1) * interval.max, MAX_COURSE_DAYS)
    course_days = day_range(min((sessions.min - 1) * interval.min, longest), longest)
    return estimate.model_copy(update={"interval_days": interval, "course_days": course_days})


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
