"""Public holidays from the `holidays` package: validation, lookups, caching and laziness."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import holidays
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from pico_planner.api import public_holidays
from pico_planner.api.public_holidays import resolve_holiday_calendar
from pico_planner.core.availability import Availability, HolidayRegion
from pico_planner.core.errors import PlanningInputError
from pico_planner.core.figures import CourseFigures, DayRange, SessionCount
from pico_planner.core.schedule_models import ScheduleOptions
from pico_planner.core.scheduling import plan_schedule
from tests.support.fresh_python import environment_with_path, run_fresh

REGIONS = [
    ("GB", "ENG"),
    ("GB", "SCT"),
    ("US", "CA"),
    ("DE", "BY"),
    ("AU", "NSW"),
    ("NZ", None),
    ("JP", None),
    ("HK", None),
]

# The default each country's clinics close on, restated from the decision log rather than read from
# the module: (categories, whether a subdivision's own holidays apply).
EXPECTED_DEFAULTS: dict[str, tuple[tuple[str, ...], bool]] = {
    "HK": (("public", "optional"), True),
    "DE": (("public", "catholic"), True),
    "US": (("public",), False),
}


@pytest.fixture
def counted_year_lookups(monkeypatch: pytest.MonkeyPatch) -> Iterator[Counter[tuple[str, str | None, int]]]:
    """Counts each (country, subdivision, year) the `holidays` package is asked to compute."""
    public_holidays._holidays_in_year.cache_clear()
    calls: Counter[tuple[str, str | None, int]] = Counter()
    real_country_holidays = holidays.country_holidays

    def counting(country: str, subdiv: str | None = None, years: Any = None, **kwargs: Any) -> Any:
        if years is not None:
            calls[(country, subdiv, years)] += 1
        return real_country_holidays(country, subdiv=subdiv, years=years, **kwargs)

    monkeypatch.setattr(holidays, "country_holidays", counting)
    yield calls
    public_holidays._holidays_in_year.cache_clear()


def course_figures() -> CourseFigures:
    return CourseFigures(
        sessions=SessionCount(min=3, max=4, recommended=4),
        interval_days=DayRange(min=14, max=28),
        first_results_days=DayRange(min=14, max=21),
        final_results_days=DayRange(min=28, max=40),
    )


class TestLookups:
    def test_england_observes_boxing_day_on_the_monday(self) -> None:
        calendar = resolve_holiday_calendar(HolidayRegion(country="GB", subdivision="ENG"))

        assert calendar.holiday_name(date(2026, 12, 25)) == "Christmas Day"
        assert "Boxing Day" in (calendar.holiday_name(date(2026, 12, 28)) or "")
        assert calendar.holiday_name(date(2026, 12, 29)) is None

    def test_subdivision_holidays_apply_only_there(self) -> None:
        st_patricks_day = date(2026, 3, 17)

        northern_ireland = resolve_holiday_calendar(HolidayRegion(country="GB", subdivision="NIR"))
        nationwide = resolve_holiday_calendar(HolidayRegion(country="GB"))

        assert northern_ireland.holiday_name(st_patricks_day) is not None
        assert nationwide.holiday_name(st_patricks_day) is None

    def test_aliases_resolve_to_the_official_codes(self) -> None:
        calendar = resolve_holiday_calendar(HolidayRegion(country="UK", subdivision="England"))

        assert (calendar.country, calendar.subdivision) == ("GB", "ENG")

    @settings(max_examples=60, deadline=None)
    @given(
        st.sampled_from(REGIONS),
        st.dates(min_value=date(2024, 1, 1), max_value=date(2031, 12, 31)),
    )
    # Days where the default differs from the package's own: a California state holiday, Hong Kong's
    # Good Friday (an `optional` holiday) and Bavaria's Assumption Day (a `catholic` one).
    @example(("US", "CA"), date(2029, 11, 5))
    @example(("HK", None), date(2027, 3, 26))
    @example(("DE", "BY"), date(2027, 8, 15))
    def test_agrees_with_the_package(self, region: tuple[str, str | None], day: date) -> None:
        country, subdivision = region
        calendar = resolve_holiday_calendar(HolidayRegion(country=country, subdivision=subdivision))

        # The package asked as the service asks it by default: each country's categories, and the
        # subdivision's own holidays only where they close clinics (not a US state's).
        categories, subdivision_applies = EXPECTED_DEFAULTS.get(country, (("public",), True))
        reference = holidays.country_holidays(
            country,
            subdiv=subdivision if subdivision_applies else None,
            years=day.year,
            categories=categories,
        )
        assert (calendar.holiday_name(day) is not None) == (day in reference)


class TestUnknownRegions:
    def test_unknown_country(self) -> None:
        with pytest.raises(PlanningInputError) as raised:
            resolve_holiday_calendar(HolidayRegion(country="XX"))

        assert raised.value.loc == ("availability", "holidays", "country")
        assert raised.value.error_type == "unknown_country"
        assert "XX" not in raised.value.message  # the rule is named, the value sent is not echoed

    def test_unknown_subdivision_lists_the_known_ones(self) -> None:
        with pytest.raises(PlanningInputError) as raised:
            resolve_holiday_calendar(HolidayRegion(country="GB", subdivision="XYZ"))

        assert raised.value.loc == ("availability", "holidays", "subdivision")
        assert raised.value.error_type == "unknown_subdivision"
        assert "ENG" in raised.value.message
        assert "XYZ" not in raised.value.message

    def test_subdivision_of_a_country_without_any(self) -> None:
        with pytest.raises(PlanningInputError) as raised:
            resolve_holiday_calendar(HolidayRegion(country="JP", subdivision="13"))

        assert raised.value.error_type == "unknown_subdivision"

    def test_subdivision_codes_are_case_sensitive(self) -> None:
        with pytest.raises(PlanningInputError) as raised:
            resolve_holiday_calendar(HolidayRegion(country="US", subdivision="ca"))

        assert raised.value.error_type == "unknown_subdivision"


class TestCaching:
    def test_each_region_and_year_is_computed_once(
        self, counted_year_lookups: Counter[tuple[str, str | None, int]]
    ) -> None:
        options = ScheduleOptions(
            start_date=date(2026, 11, 16),
            time_zone="Europe/London",
            availability=Availability(holidays=HolidayRegion(country="GB", subdivision="ENG")),
        )
        assert options.availability is not None and options.availability.holidays is not None

        for _request in range(3):
            calendar = resolve_holiday_calendar(options.availability.holidays)
            plan = plan_schedule(course_figures(), options, today=date(2026, 11, 10), holidays=calendar)

        assert plan.sessions[-1].date.year == 2027
        assert counted_year_lookups == {("GB", "ENG", 2026): 1, ("GB", "ENG", 2027): 1}

    def test_aliases_share_the_cache_entry(
        self, counted_year_lookups: Counter[tuple[str, str | None, int]]
    ) -> None:
        for country, subdivision in [("GB", "ENG"), ("UK", "England"), ("GB", "England")]:
            calendar = resolve_holiday_calendar(HolidayRegion(country=country, subdivision=subdivision))
            calendar.holiday_name(date(2026, 12, 25))

        assert counted_year_lookups == {("GB", "ENG", 2026): 1}


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(REGIONS),
    st.dates(min_value=date(2025, 1, 1), max_value=date(2030, 12, 31)),
    st.lists(st.sampled_from(["mon", "tue", "wed", "thu", "fri", "sat"]), min_size=1, unique=True),
)
def test_no_session_on_a_public_holiday(
    region: tuple[str, str | None], start_date: date, weekdays: list[Any]
) -> None:
    country, subdivision = region
    options = ScheduleOptions(
        start_date=start_date,
        time_zone="UTC",
        sessions=12,
        pace="earliest",
        availability=Availability(
            weekdays=weekdays, holidays=HolidayRegion(country=country, subdivision=subdivision)
        ),
    )
    assert options.availability is not None and options.availability.holidays is not None
    calendar = resolve_holiday_calendar(options.availability.holidays)

    plan = plan_schedule(course_figures(), options, today=start_date - timedelta(days=1), holidays=calendar)

    categories, with_subdivision = EXPECTED_DEFAULTS.get(country, (("public",), True))
    for session in plan.sessions:
        reference = holidays.country_holidays(
            country,
            subdiv=subdivision if with_subdivision else None,
            years=session.date.year,
            categories=categories,
        )
        assert session.date not in reference


class TestCategoriesAndDefaults:
    """Holidays clinics close on, by default and by choice."""

    def test_hong_kong_closes_on_good_friday_by_default(self) -> None:
        calendar = resolve_holiday_calendar(HolidayRegion(country="HK"))
        assert calendar.holiday_name(date(2027, 3, 26)) == "Good Friday"

    def test_hong_kong_statutory_holidays_only_when_asked(self) -> None:
        calendar = resolve_holiday_calendar(HolidayRegion(country="HK", categories=["public"]))
        assert calendar.holiday_name(date(2027, 3, 26)) is None
        assert calendar.holiday_name(date(2027, 10, 1)) == "National Day"

    @pytest.mark.parametrize(
        ("country", "day", "name"),
        [
            ("JP", date(2027, 1, 1), "New Year's Day"),
            ("KR", date(2027, 3, 1), "Independence Movement Day"),
            ("DE", date(2027, 10, 3), "German Unity Day"),
        ],
    )
    def test_holiday_names_are_english_whatever_the_country_writes_them_in(
        self, country: str, day: date, name: str
    ) -> None:
        # Names go into English warning text; `holidays` defaults to each country's own language.
        assert resolve_holiday_calendar(HolidayRegion(country=country)).holiday_name(day) == name

    def test_bavaria_closes_on_assumption_day_by_default(self) -> None:
        calendar = resolve_holiday_calendar(HolidayRegion(country="DE", subdivision="BY"))
        assert calendar.holiday_name(date(2027, 8, 15)) is not None

    def test_california_clinics_stay_open_on_state_employee_days_by_default(self) -> None:
        calendar = resolve_holiday_calendar(HolidayRegion(country="US", subdivision="CA"))
        assert calendar.holiday_name(date(2027, 3, 31)) is None  # Cesar Chavez Day
        assert calendar.holiday_name(date(2027, 11, 26)) is None  # Day After Thanksgiving
        assert calendar.holiday_name(date(2027, 11, 25)) == "Thanksgiving Day"

    def test_california_state_days_when_categories_are_named(self) -> None:
        calendar = resolve_holiday_calendar(
            HolidayRegion(country="US", subdivision="CA", categories=["public"])
        )
        assert calendar.holiday_name(date(2027, 3, 31)) == "Cesar Chavez Day"

    def test_an_unknown_category_names_the_item(self) -> None:
        with pytest.raises(PlanningInputError) as raised:
            resolve_holiday_calendar(
                HolidayRegion(country="GB", subdivision="ENG", categories=["public", "bank"])
            )
        assert (raised.value.loc, raised.value.error_type) == (
            ("availability", "holidays", "categories", 1),
            "unknown_holiday_category",
        )

    def test_a_repeated_category_names_the_repeat(self) -> None:
        with pytest.raises(ValidationError) as raised:
            HolidayRegion(country="HK", categories=["xy", "xy"])
        assert [(e["loc"], e["type"]) for e in raised.value.errors()] == [
            (("categories", 1), "duplicate_item")
        ]
        assert "xy" not in raised.value.errors()[0]["msg"]  # named by its place, not quoted

    def test_an_open_date_opens_a_holiday_only(self) -> None:
        good_friday = date(2027, 3, 26)
        options = ScheduleOptions(
            start_date=good_friday,
            time_zone="Asia/Hong_Kong",
            availability=Availability(holidays=HolidayRegion(country="HK"), open_dates=[good_friday]),
        )
        assert options.availability is not None and options.availability.holidays is not None
        calendar = resolve_holiday_calendar(options.availability.holidays)

        plan = plan_schedule(course_figures(), options, today=date(2027, 3, 1), holidays=calendar)

        assert plan.sessions[0].date == good_friday

    def test_good_friday_is_not_booked_as_an_open_day_in_hong_kong(self) -> None:
        options = ScheduleOptions(
            start_date=date(2027, 3, 26),
            time_zone="Asia/Hong_Kong",
            availability=Availability(holidays=HolidayRegion(country="HK")),
        )
        assert options.availability is not None and options.availability.holidays is not None
        calendar = resolve_holiday_calendar(options.availability.holidays)

        plan = plan_schedule(course_figures(), options, today=date(2027, 3, 1), holidays=calendar)

        # Good Friday and the day following it are closed; Easter Sunday is open.
        assert plan.sessions[0].date == date(2027, 3, 28)


def test_holidays_is_imported_only_when_a_region_is_resolved() -> None:
    # Cold starts matter: planning without public holidays must not pay for importing the package.
    probe = (
        "import sys\n"
        "import pico_planner.api.public_holidays as ph\n"
        "import pico_planner.core.scheduling\n"
        "assert 'holidays' not in sys.modules, 'imported too early'\n"
        "assert 'icalendar' not in sys.modules, 'the core must not need icalendar'\n"
        "from pico_planner.core.availability import HolidayRegion\n"
        "ph.resolve_holiday_calendar(HolidayRegion(country='GB'))\n"
        "assert 'holidays' in sys.modules\n"
        "import json\n"
        "print(json.dumps({'holidays_loaded': 'holidays' in sys.modules}))\n"
    )
    assert _run_probe(probe) == {"holidays_loaded": True}


# Regions, categories and years whose days must not change with how the country modules are loaded:
# defaults, aliases, subdivisions, named categories, and countries whose modules build on others.
SAME_DAYS_REGIONS = (
    "HolidayRegion(country='UK', subdivision='England')",
    "HolidayRegion(country='GB', subdivision='SCT')",
    "HolidayRegion(country='US', subdivision='CA')",
    "HolidayRegion(country='US', subdivision='CA', categories=['public'])",
    "HolidayRegion(country='DE', subdivision='BY')",
    "HolidayRegion(country='DE', categories=['public'])",
    "HolidayRegion(country='HK')",
    "HolidayRegion(country='AU', subdivision='NSW')",
    "HolidayRegion(country='JP')",
    "HolidayRegion(country='SG')",
    "HolidayRegion(country='PR')",
    "HolidayRegion(country='IM')",
)


def _days_probe(*, load_every_country_first: bool) -> str:
    return (
        "import json, sys\n"
        + ("import holidays.countries\n" if load_every_country_first else "")
        + "from datetime import date, timedelta\n"
        "from pico_planner.api.public_holidays import resolve_holiday_calendar\n"
        "from pico_planner.core.availability import HolidayRegion\n"
        f"regions = [{', '.join(SAME_DAYS_REGIONS)}]\n"
        "found = {}\n"
        "for index, region in enumerate(regions):\n"
        "    calendar = resolve_holiday_calendar(region)\n"
        "    days = (date(2025, 1, 1) + timedelta(days=n) for n in range(4 * 365))\n"
        "    found[index] = {str(d): calendar.holiday_name(d) for d in days if calendar.holiday_name(d)}\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('holidays.countries.'))\n"
        "print(json.dumps({'days': found, 'country_modules': loaded}))\n"
    )


def _run_probe(probe: str) -> dict[str, Any]:
    shared = Path(__file__).resolve().parents[2] / "shared"
    answer: dict[str, Any] = run_fresh(probe, env=environment_with_path(shared))
    return answer


def test_loading_only_the_asked_countries_gives_the_same_days_as_loading_them_all() -> None:
    one_by_one = _run_probe(_days_probe(load_every_country_first=False))
    all_at_once = _run_probe(_days_probe(load_every_country_first=True))

    assert one_by_one["days"] == all_at_once["days"]
    # Every region has holidays in four years, so the comparison is of real calendars.
    assert all(len(days) >= 20 for days in one_by_one["days"].values())
    # The probe with the package's own loading did load every country; the other did not.
    assert len(all_at_once["country_modules"]) > 200
    assert len(one_by_one["country_modules"]) < 20


def test_resolving_one_country_imports_only_that_countrys_module() -> None:
    probe = (
        "import json, sys\n"
        "from pico_planner.api.public_holidays import resolve_holiday_calendar\n"
        "from pico_planner.core.availability import HolidayRegion\n"
        "from datetime import date\n"
        "calendar = resolve_holiday_calendar(HolidayRegion(country='UK', subdivision='England'))\n"
        "name = calendar.holiday_name(date(2027, 12, 27))\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('holidays.countries.'))\n"
        "print(json.dumps({'name': name, 'country_modules': loaded}))\n"
    )

    answer = _run_probe(probe)

    assert answer["name"] == "Christmas Day (observed)"
    assert answer["country_modules"] == ["holidays.countries.united_kingdom"]


def test_a_name_read_from_the_countries_package_still_resolves_after_one_country_is_loaded() -> None:
    probe = (
        "import json\n"
        "from pico_planner.api.public_holidays import resolve_holiday_calendar\n"
        "from pico_planner.core.availability import HolidayRegion\n"
        "resolve_holiday_calendar(HolidayRegion(country='FR'))\n"
        "from holidays.countries import UnitedKingdom, NZ\n"
        "import holidays.countries\n"
        "try:\n"
        "    holidays.countries.NoSuchCountry\n"
        "    missing = 'found'\n"
        "except AttributeError:\n"
        "    missing = 'AttributeError'\n"
        "print(json.dumps({'names': [UnitedKingdom.country, NZ.country], 'missing': missing}))\n"
    )

    answer = _run_probe(probe)

    assert answer == {"names": ["GB", "NZ"], "missing": "AttributeError"}
