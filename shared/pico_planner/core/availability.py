"""When a clinic can see patients: open weekdays, closed dates and public holidays.

Public holidays come from outside the core (the API layer looks them up in the `holidays` package),
so this module only describes what it needs from them: the `HolidayCalendar` protocol.
"""

import re
from bisect import bisect_right
from datetime import date, timedelta
from typing import Annotated, Literal, Protocol, Self

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, ValidationError, model_validator
from pydantic_core import InitErrorDetails, PydanticCustomError

Weekday = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

# In `date.weekday()` order, so `WEEKDAYS[day.weekday()]` names a day.
WEEKDAYS: tuple[Weekday, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

WEEKDAY_NAMES: dict[Weekday, str] = {
    "mon": "Mondays",
    "tue": "Tuesdays",
    "wed": "Wednesdays",
    "thu": "Thursdays",
    "fri": "Fridays",
    "sat": "Saturdays",
    "sun": "Sundays",
}


# ASCII digits only: `\d` also matches other scripts' digits ("２０２７"), which no date parser reads.
_FULL_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_as_text(value: object) -> object:
    # JSON has no date type, so a date arrives as "YYYY-MM-DD" text (`format: date`, RFC 3339's
    # full-date). Numbers are refused: pydantic would otherwise read them as Unix timestamps, and a
    # unit mix-up must not pass as a date. Other text is refused too: pydantic's lax parsing also takes
    # a date-time at midnight ("2027-01-11T00:00:00Z") or a timestamp, which the schema does not allow.
    if isinstance(value, int | float):
        raise PydanticCustomError("date_type", "Input should be a date written as YYYY-MM-DD")
    if isinstance(value, str) and not _FULL_DATE.fullmatch(value):
        raise PydanticCustomError("date_format", "Input should be a date written as YYYY-MM-DD")
    return value


# A calendar date in a request. Lax (not strict) so ISO text parses even inside models that are strict
# about everything else; impossible dates such as 2026-02-30 are still refused by the parser.
CalendarDate = Annotated[date, Strict(False), BeforeValidator(_date_as_text)]

# One year of daily closures is more than any clinic calendar needs, and it bounds both the request
# size and the work done per request.
MAX_CLOSED_DATES = 366

# Closed periods are for long closures (a refit, a summer break): a few dozen a year at most.
MAX_CLOSED_PERIODS = 64

# Categories are the `holidays` package's names: lower-case words such as `public` or `optional`.
MAX_HOLIDAY_CATEGORIES = 8
_HOLIDAY_CATEGORY_PATTERN = r"^[a-z][a-z_]{0,31}$"
_HOLIDAY_CATEGORY_MAX_LENGTH = 32  # what the pattern allows, stated for clients that read maxLength


class HolidayCalendar(Protocol):
    """Public holidays of one region, as the scheduler sees them."""

    def holiday_name(self, day: date) -> str | None:
        """The name of the public holiday on `day`, or None on an ordinary day."""
        ...


class DatePeriod(BaseModel):
    """An inclusive range of dates the clinic is closed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    start: CalendarDate = Field(description="First closed day.", examples=["2027-08-01"])
    end: CalendarDate = Field(description="Last closed day (on or after `start`).", examples=["2027-08-29"])

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.end < self.start:
            raise ValidationError.from_exception_data(
                type(self).__name__,
                [
                    InitErrorDetails(
                        type=PydanticCustomError("period_end_before_start", "end must be on or after start"),
                        loc=("end",),
                        input=self.end,
                    )
                ],
            )
        return self


class HolidayRegion(BaseModel):
    """Where the clinic is, for its public holidays."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str = Field(
        pattern=r"^[A-Z]{2}$",
        max_length=2,
        description="ISO 3166-1 alpha-2 country code, upper case, for example `GB` or `US`.",
        examples=["GB"],
    )
    subdivision: str | None = Field(
        default=None,
        min_length=1,
        max_length=64,
        description=(
            "ISO 3166-2 subdivision code without the country prefix (for example `ENG` for England, "
            "`CA` for California), or a name the holiday calendar knows (`England`). Omit it for "
            "nationwide holidays only."
        ),
        examples=["ENG"],
    )
    categories: (
        list[
            Annotated[str, Field(pattern=_HOLIDAY_CATEGORY_PATTERN, max_length=_HOLIDAY_CATEGORY_MAX_LENGTH)]
        ]
        | None
    ) = Field(
        default=None,
        min_length=1,
        max_length=MAX_HOLIDAY_CATEGORIES,
        json_schema_extra={"uniqueItems": True},
        description=(
            "Which kinds of holiday close the clinic, by the `holidays` package's category names "
            "(`public`, `optional`, `catholic`, `bank`, `government`, ...); each must be one the country "
            "knows. Omitted, the country's default applies: `public` everywhere, plus `optional` in Hong "
            "Kong (its general holidays) and `catholic` in Germany (Bavaria's Assumption Day). In the "
            "United States the default is the federal holidays only, without a state's own days for "
            "state employees; naming categories applies the state's holidays too."
        ),
        examples=[["public", "optional"]],
    )

    @model_validator(mode="after")
    def _categories_unique(self) -> Self:
        if self.categories is not None:
            _refuse_repeats(type(self).__name__, "categories", self.categories)
        return self


def _refuse_repeats(title: str, field: str, values: list[str]) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            # Raised as a ValidationError so that the location names the repeated item.
            raise ValidationError.from_exception_data(
                title,
                [
                    InitErrorDetails(
                        # The location names the item; the message does not quote it.
                        type=PydanticCustomError("duplicate_item", "this item is listed more than once"),
                        loc=(field, index),
                        input=value,
                    )
                ],
            )
        seen.add(value)


class Availability(BaseModel):
    """The days a clinic can see patients. Every other day is skipped when sessions are placed."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    weekdays: list[Weekday] = Field(
        default_factory=lambda: list(WEEKDAYS),
        min_length=1,
        max_length=7,
        json_schema_extra={"uniqueItems": True},
        description=(
            "Weekdays the clinic is open, each at most once. Defaults to all seven, so that a request "
            "listing only closed dates closes exactly those dates."
        ),
        examples=[["mon", "tue", "wed", "thu", "fri"]],
    )
    closed_dates: list[CalendarDate] = Field(
        default_factory=list,
        max_length=MAX_CLOSED_DATES,
        description=f"Single dates the clinic is closed (at most {MAX_CLOSED_DATES}).",
        examples=[["2026-08-14"]],
    )
    closed_periods: list[DatePeriod] = Field(
        default_factory=list,
        max_length=MAX_CLOSED_PERIODS,
        description=f"Ranges of dates the clinic is closed, each inclusive (at most {MAX_CLOSED_PERIODS}).",
        examples=[[{"start": "2027-08-01", "end": "2027-08-29"}]],
    )
    holidays: HolidayRegion | None = Field(
        default=None,
        description="Skip the public holidays of this country and, if given, subdivision.",
    )
    open_dates: list[CalendarDate] = Field(
        default_factory=list,
        max_length=MAX_CLOSED_DATES,
        description=(
            "Dates the clinic opens although they are public holidays (at most "
            f"{MAX_CLOSED_DATES}). They do not open a closed weekday, closed date or closed period."
        ),
        examples=[["2027-05-03"]],
    )

    @model_validator(mode="after")
    def _weekdays_unique(self) -> Self:
        seen: set[Weekday] = set()
        for index, weekday in enumerate(self.weekdays):
            if weekday in seen:
                # Raised as a ValidationError so that the location names the repeated item.
                raise ValidationError.from_exception_data(
                    type(self).__name__,
                    [
                        InitErrorDetails(
                            type=PydanticCustomError(
                                "duplicate_weekday", "this weekday is listed more than once"
                            ),
                            loc=("weekdays", index),
                            input=weekday,
                        )
                    ],
                )
            seen.add(weekday)
        return self


def _merged_periods(periods: list[DatePeriod]) -> tuple[list[date], list[date]]:
    """Starts and ends of the periods with overlapping or adjacent ones joined, in date order."""
    starts: list[date] = []
    ends: list[date] = []
    for period in sorted(periods, key=lambda p: p.start):
        # Compared by difference: a period may end on the last day a date can hold.
        if ends and (period.start - ends[-1]).days <= 1:
            ends[-1] = max(ends[-1], period.end)
        else:
            starts.append(period.start)
            ends.append(period.end)
    return starts, ends


class ClinicCalendar:
    """Answers "can a session take place on this day?" for one clinic."""

    def __init__(self, availability: Availability | None, holidays: HolidayCalendar | None) -> None:
        if availability is not None and availability.holidays is not None and holidays is None:
            # A wiring defect, not a patient's: the caller must resolve the region into a calendar.
            raise ValueError("availability.holidays is set but no HolidayCalendar was given")
        self._open_weekdays = frozenset(availability.weekdays if availability else WEEKDAYS)
        self._closed_dates = frozenset(availability.closed_dates if availability else ())
        # Sorted and merged, so that a day is looked up by bisection however many periods there are.
        self._period_starts, self._period_ends = _merged_periods(
            availability.closed_periods if availability else []
        )
        self._open_dates = frozenset(availability.open_dates if availability else ())
        # The request decides whether holidays apply: a calendar without a region in it is ignored.
        self._holidays = holidays if availability is not None and availability.holidays else None

    def closure_reason(self, day: date) -> str | None:
        """Why the clinic is closed on `day`, or None when it is open."""
        weekday = WEEKDAYS[day.weekday()]
        if weekday not in self._open_weekdays:
            return f"closed on {WEEKDAY_NAMES[weekday]}"
        if day in self._closed_dates:
            return "a closed date"
        index = bisect_right(self._period_starts, day) - 1
        if index >= 0 and day <= self._period_ends[index]:
            start, end = self._period_starts[index], self._period_ends[index]
            return f"closed from {start.isoformat()} to {end.isoformat()}"
        if (
            self._holidays is not None
            and day not in self._open_dates
            and (name := self._holidays.holiday_name(day)) is not None
        ):
            return f"public holiday ({name})"
        return None

    def describe_closures(self, first: date, last: date) -> str:
        """Why the days `first`..`last` are closed, in a few words, each reason once."""
        closed_weekday_seen = False
        other_reasons: list[str] = []
        day = first
        while day <= last:
            if WEEKDAYS[day.weekday()] not in self._open_weekdays:
                closed_weekday_seen = True
            elif (reason := self.closure_reason(day)) is not None and reason not in other_reasons:
                other_reasons.append(reason)
            day += timedelta(days=1)
        if closed_weekday_seen:
            open_days = [WEEKDAY_NAMES[weekday] for weekday in WEEKDAYS if weekday in self._open_weekdays]
            other_reasons.insert(0, "open only on " + ", ".join(open_days))
        return "; ".join(other_reasons)

    def is_open(self, day: date) -> bool:
        return self.closure_reason(day) is None

    def first_open_day(self, first: date, last: date) -> date | None:
        """The earliest open day in `first`..`last` inclusive, or None: never scans past `last`."""
        day = first
        while day <= last:
            if self.is_open(day):
                return day
            day += timedelta(days=1)
        return None

    def last_open_day(self, first: date, last: date) -> date | None:
        """The latest open day in `first`..`last` inclusive, or None: never scans before `first`."""
        day = last
        while day >= first:
            if self.is_open(day):
                return day
            day -= timedelta(days=1)
        return None
