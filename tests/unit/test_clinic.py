"""Clinic profiles in the core: validation, narrowing and the protocol, with properties."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pico_planner.core.availability import (
    MAX_CLOSED_DATES,
    MAX_CLOSED_PERIODS,
    WEEKDAYS,
    Availability,
    ClinicCalendar,
    DatePeriod,
    HolidayRegion,
)
from pico_planner.core.clinic import (
    ClinicProfile,
    ClinicProtocol,
    apply_protocol,
    check_display_name,
    clinic_terms,
    narrow_availability,
)
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import MAX_SESSIONS, CourseFigures, DayRange, SessionCount

PROFILE: dict[str, Any] = {
    "display_name": "North Street Clinic",
    "time_zone": "Europe/London",
    "weekdays": ["tue", "wed", "thu", "fri", "sat"],
    "closed_dates": ["2027-02-16"],
    "holidays": {"country": "GB", "subdivision": "ENG"},
}

FIRST_DAY = dt.date(2027, 1, 4)
days = st.dates(min_value=FIRST_DAY, max_value=FIRST_DAY + dt.timedelta(days=60))
weekday_sets = st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True)
periods = st.builds(
    lambda start, length: DatePeriod(start=start, end=start + dt.timedelta(days=length)),
    days,
    st.integers(0, 20),
)


@dataclass(frozen=True)
class FixedHolidays:
    """Holidays on a few fixed days, standing in for a region's public holidays."""

    days: frozenset[dt.date]

    def holiday_name(self, day: dt.date) -> str | None:
        return "Test holiday" if day in self.days else None


HOLIDAYS = FixedHolidays(frozenset(FIRST_DAY + dt.timedelta(days=n) for n in range(0, 70, 4)))
open_date_lists = st.lists(st.sampled_from(sorted(HOLIDAYS.days)), max_size=6, unique=True)
availabilities = st.builds(
    Availability,
    weekdays=weekday_sets,
    closed_dates=st.lists(days, max_size=20, unique=True),
    closed_periods=st.lists(periods, max_size=3),
    holidays=st.sampled_from([None, HolidayRegion(country="GB", subdivision="ENG")]),
    open_dates=open_date_lists,
)
# Requests may also leave `open_dates` out, which is not the same as sending an empty list.
requests = st.one_of(
    availabilities,
    st.builds(
        Availability,
        weekdays=weekday_sets,
        closed_dates=st.lists(days, max_size=20, unique=True),
        holidays=st.sampled_from([None, HolidayRegion(country="GB", subdivision="ENG")]),
    ),
)


def _errors(data: dict[str, Any]) -> dict[tuple[str | int, ...], str]:
    with pytest.raises(ValidationError) as raised:
        ClinicProfile.model_validate(data)
    return {tuple(e["loc"]): e["type"] for e in raised.value.errors()}


def test_a_profile_with_every_field() -> None:
    profile = ClinicProfile.model_validate({**PROFILE, "protocol": {"min_interval_days": 28}})

    assert profile.protocol == ClinicProtocol(min_interval_days=28)
    assert ClinicProfile.model_validate(PROFILE).protocol == ClinicProtocol()


@pytest.mark.parametrize(
    ("change", "loc", "error_type"),
    [
        ({"colour": "blue"}, ("colour",), "extra_forbidden"),
        ({"time_zone": "Mars/Olympus_Mons"}, ("time_zone",), "time_zone_unknown"),
        ({"time_zone": "../etc/passwd"}, ("time_zone",), "time_zone_malformed"),
        ({"display_name": ""}, ("display_name",), "string_too_short"),
        ({"weekdays": ["mon", "mon"]}, ("weekdays", 1), "duplicate_weekday"),
        ({"weekdays": []}, ("weekdays",), "too_short"),
        ({"holidays": {"country": "gb"}}, ("holidays", "country"), "string_pattern_mismatch"),
        ({"closed_dates": ["2027-01-01"] * (MAX_CLOSED_DATES + 1)}, ("closed_dates",), "too_long"),
        ({"protocol": {"max_sessions": MAX_SESSIONS + 1}}, ("protocol", "max_sessions"), "less_than_equal"),
        ({"protocol": {"min_interval_days": 0}}, ("protocol", "min_interval_days"), "greater_than_equal"),
        ({"protocol": {"max_interval_days": 10}}, ("protocol", "max_interval_days"), "extra_forbidden"),
        (
            {"closed_periods": [{"start": "2027-02-10", "end": "2027-02-01"}]},
            ("closed_periods", 0, "end"),
            "period_end_before_start",
        ),
        (
            {"holidays": {"country": "HK", "categories": ["Public"]}},
            ("holidays", "categories", 0),
            "string_pattern_mismatch",
        ),
        ({"holidays": {"country": "HK", "categories": []}}, ("holidays", "categories"), "too_short"),
        ({"open_dates": ["2027-02-30"]}, ("open_dates", 0), "date_from_datetime_parsing"),
    ],
)
def test_bad_profiles_name_the_field(
    change: dict[str, Any], loc: tuple[str | int, ...], error_type: str
) -> None:
    assert _errors({**PROFILE, **change}).get(loc) == error_type


@pytest.mark.parametrize("value", ["30", 30.0, True, "3_0", " 30 "])
@pytest.mark.parametrize("field", ["min_interval_days", "max_sessions"])
def test_a_protocol_figure_must_be_a_json_integer(field: str, value: object) -> None:
    body = json.dumps({**PROFILE, "protocol": {field: value}})
    with pytest.raises(ValidationError) as raised:
        ClinicProfile.model_validate_json(body)
    assert [(error["loc"], error["type"]) for error in raised.value.errors()] == [
        (("protocol", field), "int_type")
    ]


@given(profile=availabilities, requested=st.one_of(st.none(), requests))
def test_narrowing_never_opens_a_day_either_side_keeps_closed(
    profile: Availability, requested: Availability | None
) -> None:
    try:
        narrowed = narrow_availability(profile, requested)
    except PlanningInputError as error:
        assert error.loc == ("availability", "weekdays")
        assert requested is not None and not set(profile.weekdays) & set(requested.weekdays)
        return
    calendars = [ClinicCalendar(profile, HOLIDAYS)]
    if requested is not None:
        if profile.holidays is not None and "open_dates" not in requested.model_fields_set:
            # The clinic's region sent without `open_dates` says nothing of the clinic's exceptions.
            requested = requested.model_copy(update={"open_dates": profile.open_dates})
        calendars.append(ClinicCalendar(requested, HOLIDAYS))
    result = ClinicCalendar(narrowed, HOLIDAYS)
    for offset in range(70):
        day = FIRST_DAY + dt.timedelta(days=offset)
        assert result.is_open(day) == all(calendar.is_open(day) for calendar in calendars), day


def test_the_request_cannot_bring_another_holiday_region() -> None:
    profile = ClinicProfile.model_validate(PROFILE)

    with pytest.raises(PlanningInputError) as raised:
        narrow_availability(profile, Availability.model_validate({"holidays": {"country": "US"}}))
    assert raised.value.loc == ("availability", "holidays")
    same = narrow_availability(profile, Availability.model_validate({"holidays": PROFILE["holidays"]}))
    assert same.holidays == profile.holidays


def test_the_clinics_region_sent_back_keeps_the_clinics_open_dates() -> None:
    profile = ClinicProfile.model_validate({**PROFILE, "open_dates": ["2027-05-03"]})
    echoed = Availability.model_validate({"holidays": PROFILE["holidays"]})
    closing = Availability.model_validate({"holidays": PROFILE["holidays"], "open_dates": []})

    assert narrow_availability(profile, echoed).open_dates == [dt.date(2027, 5, 3)]
    # Sent, even empty, the request's exceptions narrow the clinic's: a holiday opens only if both open.
    assert narrow_availability(profile, closing).open_dates == []


def test_the_request_may_add_a_region_the_profile_lacks() -> None:
    profile = ClinicProfile.model_validate({**PROFILE, "holidays": None})
    requested = Availability.model_validate({"holidays": {"country": "GB"}})

    assert narrow_availability(profile, requested).holidays == requested.holidays


def test_closed_dates_beyond_the_limit_once_combined_are_refused() -> None:
    start = dt.date(2027, 1, 1)
    profile = Availability(closed_dates=[start + dt.timedelta(days=i) for i in range(MAX_CLOSED_DATES)])
    requested = Availability(closed_dates=[start - dt.timedelta(days=1)])

    with pytest.raises(PlanningInputError) as raised:
        narrow_availability(profile, requested)
    assert raised.value.loc == ("availability", "closed_dates")


def test_exactly_the_limits_once_combined_are_accepted() -> None:
    start = dt.date(2027, 1, 1)
    dates = [start + dt.timedelta(days=i) for i in range(MAX_CLOSED_DATES)]
    narrowed = narrow_availability(
        Availability(closed_dates=dates[:200]), Availability(closed_dates=dates[200:])
    )
    assert len(narrowed.closed_dates) == MAX_CLOSED_DATES

    # One-day periods two days apart: none merges with another.
    one_day = [
        DatePeriod(start=day, end=day)
        for day in (start + dt.timedelta(days=3 * i) for i in range(MAX_CLOSED_PERIODS))
    ]
    half = MAX_CLOSED_PERIODS // 2
    narrowed = narrow_availability(
        Availability(closed_periods=one_day[:half]), Availability(closed_periods=one_day[half:])
    )
    assert len(narrowed.closed_periods) == MAX_CLOSED_PERIODS


@pytest.mark.parametrize(
    "name",
    [
        "North Street Clinic",
        "Clínica Norte",
        "강남 피부과",
        "강남\u3164피부과",  # a filler between letters: the letters show
        "کلینیک\u200cشمال",  # Persian, with a zero-width non-joiner between its words
        "Dr. Lee's ✨ Skin",
        "عيادة\u200fالشمال",  # Arabic, with a right-to-left mark
        "1",
    ],
)
def test_a_name_of_any_script_is_accepted(name: str) -> None:
    check_display_name(name)


@pytest.mark.parametrize(
    ("name", "error_type"),
    [
        (" ", "display_name_blank"),
        ("\u3000\u00a0", "display_name_blank"),  # ideographic and no-break spaces
        ("\u200b", "display_name_blank"),  # a zero-width space shows nothing
        # Letters and symbols by category that show as nothing: the Hangul fillers (Unicode marks them
        # default-ignorable) and the blank Braille pattern, the usual ways to a name that looks empty.
        ("\u3164", "display_name_blank"),
        ("\u115f\u1160", "display_name_blank"),
        ("\uffa0 \uffa0", "display_name_blank"),
        ("\u2800\u2800\u2800", "display_name_blank"),
        ("North\nStreet", "display_name_not_showable"),
        ("North\tStreet", "display_name_not_showable"),
        ("North\x85Street", "display_name_not_showable"),  # C1: next line
        ("North\u2028Street", "display_name_not_showable"),
        ("Clinic\u202egnp.exe", "display_name_not_showable"),  # right-to-left override
        ("\u2066Clinic\u2069", "display_name_not_showable"),  # isolates
        ("Clinic\u206e", "display_name_not_showable"),  # a deprecated format control
        ("\ufeffClinic", "display_name_not_showable"),  # a byte order mark
    ],
)
def test_a_name_that_shows_nothing_or_holds_controls_is_refused(name: str, error_type: str) -> None:
    with pytest.raises(PlanningInputError) as raised:
        check_display_name(name)
    assert (raised.value.loc, raised.value.error_type) == (("display_name",), error_type)


def test_clinic_terms_refuse_another_zone_and_more_sessions_than_the_protocol() -> None:
    profile = ClinicProfile.model_validate({**PROFILE, "protocol": {"max_sessions": 3}})

    with pytest.raises(PlanningInputError) as zone:
        clinic_terms(profile, time_zone="Europe/Paris", availability=None, sessions=None)
    with pytest.raises(PlanningInputError) as sessions:
        clinic_terms(profile, time_zone=None, availability=None, sessions=4)
    terms = clinic_terms(profile, time_zone="Europe/London", availability=None, sessions=3)

    assert zone.value.loc == ("time_zone",)
    assert sessions.value.loc == ("sessions",)
    assert terms.time_zone == "Europe/London"
    assert terms.availability.weekdays == PROFILE["weekdays"]


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        # Names the tz database links to one zone: the older spelling and the current one.
        ("Europe/Kyiv", "Europe/Kiev"),
        ("Europe/Kiev", "Europe/Kyiv"),
        ("Asia/Kolkata", "Asia/Calcutta"),
        ("America/Los_Angeles", "US/Pacific"),
        ("Etc/UTC", "UTC"),
    ],
)
def test_a_linked_name_of_the_clinics_zone_is_the_clinics_zone(stored: str, sent: str) -> None:
    profile = ClinicProfile.model_validate({**PROFILE, "time_zone": stored})

    terms = clinic_terms(profile, time_zone=sent, availability=None, sessions=None)

    # The plan keeps the name the clinic stored, whatever spelling the request used.
    assert terms.time_zone == stored


@pytest.mark.parametrize(
    ("stored", "sent"),
    [
        ("Europe/London", "Europe/Dublin"),  # one offset in winter, different rules since 1968
        ("America/New_York", "America/Toronto"),  # same rules today, separate histories
        ("Asia/Seoul", "Asia/Tokyo"),
    ],
)
def test_a_zone_that_keeps_its_own_history_is_another_zone(stored: str, sent: str) -> None:
    profile = ClinicProfile.model_validate({**PROFILE, "time_zone": stored})

    with pytest.raises(PlanningInputError) as zone:
        clinic_terms(profile, time_zone=sent, availability=None, sessions=None)

    assert (zone.value.loc, zone.value.error_type) == (("time_zone",), "clinic_time_zone_conflict")


def test_clinic_terms_refuse_more_sessions_completed_and_booked_than_the_protocol() -> None:
    # The same course is refused whichever way it is asked for: as `sessions`, or as dates already given.
    profile = ClinicProfile.model_validate({**PROFILE, "protocol": {"max_sessions": 3}})

    with pytest.raises(PlanningInputError) as booked:
        clinic_terms(profile, time_zone=None, availability=None, sessions=None, given_sessions=(0, 4))
    with pytest.raises(PlanningInputError) as completed:
        clinic_terms(profile, time_zone=None, availability=None, sessions=None, given_sessions=(4, 0))
    with pytest.raises(PlanningInputError) as both:
        clinic_terms(profile, time_zone=None, availability=None, sessions=None, given_sessions=(2, 2))
    at_the_cap = clinic_terms(
        profile, time_zone=None, availability=None, sessions=None, given_sessions=(1, 2)
    )

    assert booked.value.loc == ("booked_sessions",)
    assert booked.value.error_type == "clinic_protocol_max_sessions"
    assert completed.value.loc == ("completed_sessions",)
    assert both.value.loc == ("booked_sessions",)
    assert at_the_cap.time_zone == "Europe/London"


@st.composite
def course_figures(draw: st.DrawFn) -> CourseFigures:
    low = draw(st.integers(1, 12))
    high = draw(st.integers(low, 12))
    recommended = draw(st.integers(low, high))
    interval_min = draw(st.integers(0, 120))
    interval_max = draw(st.integers(interval_min, 200))
    window = DayRange(min=14, max=28)
    return CourseFigures(
        sessions=SessionCount(min=low, max=high, recommended=recommended),
        interval_days=DayRange(min=interval_min, max=interval_max),
        first_results_days=window,
        final_results_days=window,
    )


protocols = st.builds(
    ClinicProtocol,
    min_interval_days=st.one_of(st.none(), st.integers(1, 90)),
    max_sessions=st.one_of(st.none(), st.integers(1, MAX_SESSIONS)),
)


@given(figures=course_figures(), protocol=protocols)
def test_a_protocol_never_makes_a_plan_less_conservative(
    figures: CourseFigures, protocol: ClinicProtocol
) -> None:
    adjusted = apply_protocol(figures, protocol)

    assert adjusted.interval_days.min >= figures.interval_days.min
    assert adjusted.interval_days.max >= figures.interval_days.max
    assert adjusted.interval_days.min <= adjusted.interval_days.max
    # The window moves, it never narrows: a clinic's minimum is not an exact interval.
    width = figures.interval_days.max - figures.interval_days.min
    assert adjusted.interval_days.max - adjusted.interval_days.min >= width
    assert adjusted.sessions.max <= figures.sessions.max
    assert adjusted.sessions.recommended <= figures.sessions.recommended
    assert adjusted.sessions.min <= adjusted.sessions.recommended <= adjusted.sessions.max
    if protocol.min_interval_days is not None:
        assert adjusted.interval_days.min >= protocol.min_interval_days
    if protocol.max_sessions is not None:
        assert adjusted.sessions.max <= protocol.max_sessions
    assert (adjusted.first_results_days, adjusted.final_results_days) == (
        figures.first_results_days,
        figures.final_results_days,
    )


@given(figures=course_figures())
def test_an_empty_protocol_changes_nothing(figures: CourseFigures) -> None:
    assert apply_protocol(figures, ClinicProtocol()) == figures
