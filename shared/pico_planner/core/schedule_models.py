"""The schedule's wire models: what POST /v1/schedule accepts and answers, and the plan inside both.

`ScheduleOptions` (when and how to plan) and `SchedulePlan` (the dates) are what the scheduling
algorithm takes and gives (`scheduling.plan_schedule`); `ScheduleRequest` adds the estimate's inputs, the
clinic and the calendar answer's options to the first; `ScheduleResponse` adds the estimate to the second.
"""

import datetime as dt
from collections.abc import Callable
from typing import Annotated, Any, Literal, Self

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

from pico_planner.core.availability import Availability, CalendarDate
from pico_planner.core.clinic import ClinicId, ClinicProfile, clinic_terms
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.figures import MAX_SESSIONS
from pico_planner.core.time_zones import TimeZoneName

Pace = Literal["earliest", "middle", "latest"]

DEFAULT_PACE: Pace = "middle"

WarningCode = Literal[
    "window_unavailable",
    "overdue",
    "start_after_window",
    "sessions_outside_estimate",
    "given_sessions_outside_estimate",
    "sessions_capped_by_clinic",
    "interval_set_by_clinic",
    "completed_session_outside_window",
    "booked_session_outside_window",
    "session_on_closed_day",
    "start_date_in_past",
]

SessionStatus = Literal["completed", "booked", "planned"]


def _strictly_increasing(kind: Literal["completed", "booked"]) -> Callable[[list[dt.date]], list[dt.date]]:
    def check(dates: list[dt.date]) -> list[dt.date]:
        for index in range(1, len(dates)):
            if dates[index] <= dates[index - 1]:
                # Raised as a ValidationError so that the location names the offending item.
                raise ValidationError.from_exception_data(
                    f"{kind}_sessions",
                    [
                        InitErrorDetails(
                            # The location names the item; the message quotes neither date sent.
                            type=PydanticCustomError(
                                f"{kind}_sessions_not_increasing",
                                f"{kind} sessions must be in date order, one per day: this one is not after "
                                f"the previous {kind} session",
                            ),
                            loc=(index,),
                            input=dates[index],
                        )
                    ],
                )
        return dates

    return check


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
            "`given_sessions_outside_estimate`: with no `sessions`, more sessions are completed and "
            "booked than the estimate's range, and the course keeps them all. "
            "`start_date_in_past`: the start date had passed, so the plan starts from today. "
            "`sessions_capped_by_clinic`: the clinic's protocol plans fewer sessions than the estimate "
            "recommends. `interval_set_by_clinic`: the clinic's protocol spaces sessions further apart "
            "than the estimate's rules (its `interval_days` is then the clinic's). "
            "`completed_session_outside_window`, `booked_session_outside_window`: a given "
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


# Opaque to the service: the partner's own reference for the course, never patient data. Safe in an
# iCalendar UID and a URL without escaping.
COURSE_ID_PATTERN = r"^[A-Za-z0-9._-]{1,64}$"

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
            "`clinic_id` is given; then it defaults to the clinic's, and any other zone is refused (a "
            "name the tz database links to the clinic's zone, such as `Europe/Kiev` for `Europe/Kyiv`, "
            "is that zone)."
        ),
        examples=["Europe/London"],
    )
    clinic_id: ClinicId | None = Field(
        default=None,
        description=(
            "Plan at a clinic whose profile was stored with PUT /v1/clinics/{clinic_id}: its time zone, "
            "calendar and protocol apply. `availability` can then only narrow the clinic's calendar. Its "
            "`holidays`, if sent, must be the clinic's region; sent without `open_dates` it keeps the "
            "clinic's open dates, while an `open_dates` list sent, even empty, narrows them."
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

    def for_clinic(self, profile: ClinicProfile) -> "ScheduleRequest":
        """This request planned at the clinic: its time zone, and the two calendars narrowed together."""
        terms = clinic_terms(
            profile,
            time_zone=self.time_zone,
            availability=self.availability,
            sessions=self.sessions,
            given_sessions=(len(self.completed_sessions), len(self.booked_sessions)),
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
