"""Clinic profiles: a clinic's calendar and protocol, stored once by a partner and used by id.

A profile can only make a plan more conservative than the rule set and the request would on their own:

- its calendar is combined with the request's availability by narrowing, never widening: a day is open
  only when both the profile and the request say so (weekdays intersect, closed dates add up, and the
  profile's holiday region applies);
- its protocol can raise the minimum interval between sessions and lower the number of sessions, never
  the other way round (`apply_protocol`).
"""

import re
import unicodedata
from dataclasses import dataclass
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from pico_planner.core.availability import MAX_CLOSED_DATES, MAX_CLOSED_PERIODS, WEEKDAYS, Availability
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import MAX_SESSIONS, CourseFigures, SessionCount, day_range, sessions_text
from pico_planner.core.time_zones import TimeZoneName, same_time_zone

# Letters, digits, "-" and "_", starting with a letter or digit, at most 64 characters: what partner
# systems use as record ids, safe in a URL path segment and in a DynamoDB key without escaping.
CLINIC_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$"
MAX_CLINIC_ID_LENGTH = 64
MAX_DISPLAY_NAME_LENGTH = 120

# What a name shown to patients and staff must not hold: C0 and C1 controls (a newline or an escape
# breaks the partner's layout, a CSV export or a log line), line and paragraph separators, and the
# bidirectional embeddings, overrides and isolates that make text display in another order than it is
# stored (Unicode TR #36, "Bidirectional Text Spoofing"), with the deprecated format controls beside
# them (U+206A to U+206F) and the byte order mark. Joiners and the left-to-right and right-to-left
# marks stay: scripts such as Persian and Arabic, and emoji sequences, need them.
_NOT_SHOWABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u206f\ufeff]")
# Letters, numbers, punctuation and symbols: a name with none of them shows as nothing.
_VISIBLE_CATEGORIES = frozenset("LNPS")
# Letters and symbols by category that still show as nothing: the Hangul fillers (default-ignorable
# code points, drawn blank) and the blank Braille pattern, the usual ways to a name that looks empty.
# Between other letters they are harmless, so they only do not count as showing something.
_BLANK_GRAPHICS = frozenset("\u115f\u1160\u3164\uffa0\u2800")

# A quarter of a year: longer than any interval the rule set uses, short enough to catch a unit mix-up.
MAX_PROTOCOL_INTERVAL_DAYS = 90

ClinicId = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_CLINIC_ID_LENGTH,
        pattern=CLINIC_ID_PATTERN,
        description=(
            "The partner's own id for the clinic: 1 to 64 letters, digits, `-` or `_`, starting with a "
            "letter or digit; case-sensitive."
        ),
        examples=["north-1"],
    ),
]


class ClinicProtocol(BaseModel):
    """A clinic's own rules. They can only make a plan more conservative than the rule set."""

    # Strict, as a schedule request's numbers are: `true`, "30" or 3.0 is not a count of days or
    # sessions, and coercing `true` to 1 would cap every course at the clinic to one session.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    min_interval_days: int | None = Field(
        default=None,
        ge=1,
        le=MAX_PROTOCOL_INTERVAL_DAYS,
        description=(
            "The fewest days the clinic leaves between two sessions. Applied only when it is longer "
            "than the rule set's minimum; the maximum interval then moves up with it, so the window "
            "stays at least as wide as the rule set's."
        ),
        examples=[28],
    )
    max_sessions: int | None = Field(
        default=None,
        ge=1,
        le=MAX_SESSIONS,
        description=(
            "The most sessions the clinic plans in one course. Applied only when it is lower than the "
            "estimate's count (a plan capped below the recommended count carries a "
            "`sessions_capped_by_clinic` warning); a schedule request asking for more, or giving more "
            "completed and booked sessions, is refused."
        ),
        examples=[4],
    )


class ClinicProfile(Availability):
    """What a partner stores for one clinic: its name, time zone, calendar and optional protocol.

    The calendar fields are those of a schedule request's `availability`.
    """

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        json_schema_extra={
            "examples": [
                {
                    "display_name": "North Street Clinic",
                    "time_zone": "Europe/London",
                    "weekdays": ["tue", "wed", "thu", "fri", "sat"],
                    "closed_dates": ["2027-02-16"],
                    "holidays": {"country": "GB", "subdivision": "ENG"},
                    "protocol": {"min_interval_days": 28, "max_sessions": 4},
                }
            ]
        },
    )

    display_name: str = Field(
        min_length=1,
        max_length=MAX_DISPLAY_NAME_LENGTH,
        description=(
            "The clinic's name as the partner shows it. A new name must show something (a letter, digit, "
            "punctuation mark or symbol) and hold no control characters, line or paragraph separators, "
            "or bidirectional and deprecated format controls (U+202A to U+202E, U+2066 to U+206F, U+FEFF)."
        ),
        examples=["North Street Clinic"],
    )
    time_zone: TimeZoneName
    protocol: ClinicProtocol = Field(
        default_factory=ClinicProtocol,
        description="The clinic's own, more conservative rules; omitted, the rule set alone applies.",
    )


def check_display_name(name: str) -> None:
    """Refuse a new clinic name that shows as nothing or holds characters that are not text.

    Applied when a profile is written, not as a rule of the model: profiles stored before the rule must
    still be read, shown and replaced (replacing one with the same name is refused until it is fixed).
    """
    if _NOT_SHOWABLE.search(name):
        raise PlanningInputError(
            ("display_name",),
            "must not hold control characters, line or paragraph separators, or bidirectional or other "
            "invisible format controls",
            "display_name_not_showable",
        )
    if not any(
        unicodedata.category(character)[0] in _VISIBLE_CATEGORIES and character not in _BLANK_GRAPHICS
        for character in name
    ):
        raise PlanningInputError(
            ("display_name",),
            "must hold at least one letter, digit, punctuation mark or symbol",
            "display_name_blank",
        )


@dataclass(frozen=True)
class ClinicTerms:
    """What a clinic's profile settles for one schedule request."""

    time_zone: str
    availability: Availability


def clinic_terms(
    profile: ClinicProfile,
    *,
    time_zone: str | None,
    availability: Availability | None,
    sessions: int | None,
    given_sessions: tuple[int, int] = (0, 0),
) -> ClinicTerms:
    """The time zone and calendar a request planned at this clinic uses.

    `given_sessions` counts the request's completed and booked sessions. Raises `PlanningInputError`
    naming the request's field when the request contradicts the profile (another time zone or holiday
    region, more sessions than the protocol allows, asked for or already completed and booked) or when
    nothing is left open once the two calendars are combined.
    """
    if time_zone is not None and not same_time_zone(time_zone, profile.time_zone):
        raise PlanningInputError(
            ("time_zone",),
            f"the clinic's time zone is {profile.time_zone}; omit time_zone or send the same one",
            "clinic_time_zone_conflict",
        )
    cap = profile.protocol.max_sessions
    if sessions is not None and cap is not None and sessions > cap:
        raise PlanningInputError(
            ("sessions",),
            f"the clinic's protocol plans at most {sessions_text(cap)} in a course",
            "clinic_protocol_max_sessions",
        )
    completed, booked = given_sessions
    if cap is not None and completed + booked > cap:
        # A course the clinic would not plan: refused as `sessions` above is, not planned past the cap.
        raise PlanningInputError(
            ("booked_sessions",) if booked else ("completed_sessions",),
            f"the clinic's protocol plans at most {sessions_text(cap)} in a course, fewer than those "
            "completed and booked",
            "clinic_protocol_max_sessions",
        )
    return ClinicTerms(time_zone=profile.time_zone, availability=narrow_availability(profile, availability))


def narrow_availability(profile: Availability, requested: Availability | None) -> Availability:
    """The days open both at the clinic and in the request: never a day the profile keeps closed."""
    if requested is None:
        return Availability(
            weekdays=list(profile.weekdays),
            closed_dates=list(profile.closed_dates),
            closed_periods=list(profile.closed_periods),
            holidays=profile.holidays,
            open_dates=list(profile.open_dates),
        )
    weekdays = [day for day in WEEKDAYS if day in profile.weekdays and day in requested.weekdays]
    if not weekdays:
        raise PlanningInputError(
            ("availability", "weekdays"),
            "none of these weekdays is open at the clinic ("
            + ", ".join(profile.weekdays)
            + "): the request can only narrow the clinic's calendar",
            "no_common_weekday",
        )
    closed_dates = sorted(set(profile.closed_dates) | set(requested.closed_dates))
    if len(closed_dates) > MAX_CLOSED_DATES:
        raise PlanningInputError(
            ("availability", "closed_dates"),
            f"with the clinic's own closed dates there would be more than {MAX_CLOSED_DATES}",
            "too_many_closed_dates",
        )
    closed_periods = list(dict.fromkeys([*profile.closed_periods, *requested.closed_periods]))
    if len(closed_periods) > MAX_CLOSED_PERIODS:
        raise PlanningInputError(
            ("availability", "closed_periods"),
            f"with the clinic's own closed periods there would be more than {MAX_CLOSED_PERIODS}",
            "too_many_closed_periods",
        )
    holidays = profile.holidays
    if holidays is None:
        # Only the request closes on holidays: its own exceptions apply.
        holidays, open_dates = requested.holidays, list(requested.open_dates)
    elif requested.holidays is None:
        open_dates = list(profile.open_dates)
    elif requested.holidays != holidays:
        raise PlanningInputError(
            ("availability", "holidays"),
            "the clinic's profile already names its holiday region; omit it or send the same one",
            "clinic_holiday_region_conflict",
        )
    elif "open_dates" not in requested.model_fields_set:
        # The clinic's own region sent back, as platforms often do, says nothing of its exceptions:
        # read as the region left out, not as closing every holiday the clinic opens on.
        open_dates = list(profile.open_dates)
    else:
        # Both close on holidays: a holiday is open only when both open on it.
        open_dates = sorted(set(profile.open_dates) & set(requested.open_dates))
    return Availability(
        weekdays=weekdays,
        closed_dates=closed_dates,
        closed_periods=closed_periods,
        holidays=holidays,
        open_dates=open_dates,
    )


def apply_protocol(figures: CourseFigures, protocol: ClinicProtocol) -> CourseFigures:
    """The figures with the clinic's protocol applied: a longer minimum interval, fewer sessions.

    Each setting is applied only in the conservative direction, so a protocol never shortens an
    interval or adds a session.
    """
    interval = figures.interval_days
    if protocol.min_interval_days is not None and protocol.min_interval_days > interval.min:
        # A clinic's minimum moves the whole window up: it keeps the rule set's width, so that a
        # closed day inside it still leaves room, rather than pinning every session to one day.
        minimum = protocol.min_interval_days
        interval = day_range(minimum, minimum + (interval.max - interval.min))
    sessions = figures.sessions
    cap = protocol.max_sessions
    if cap is not None and cap < sessions.max:
        sessions = SessionCount(
            min=min(sessions.min, cap), max=cap, recommended=min(sessions.recommended, cap)
        )
    return figures.model_copy(update={"interval_days": interval, "sessions": sessions})
