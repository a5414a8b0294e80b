"""Public holidays from the `holidays` package, as the core's `HolidayCalendar`.

A function built by `sam build` answers most questions from the holiday tables the build shipped
(`holiday_tables.py`): which country and subdivision a region names, and its holidays in its default
categories over the years around the build, without importing the package. Everything else (named
categories, a year outside the tables, any run from the source tree) asks the package itself.

`holidays` is imported inside the functions: only requests that need it pay for it, once per container.
And they pay only for the country they ask for: the package's `holidays.countries` imports every one of
its ~250 country modules (about 100 ms on Lambda) to offer any of them, so `_load_only_asked_countries`
stands in for that package before the first use (see its docstring). Each country, subdivision and year
is computed once per container and kept (see `_holidays_in_year`).
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import sys
from collections.abc import Mapping
from datetime import date
from functools import cache, lru_cache
from types import MappingProxyType, ModuleType
from typing import Any

from pico_planner.api.holiday_tables import CountryFacts, UnreadableTables, shipped_tables
from pico_planner.core.availability import HolidayRegion
from pico_planner.core.errors import PlanningInputError

# Valid (country, subdivision, year) keys only reach the cache, and a plan spans a few years from
# today, so the cache holds a few entries per region actually used; the bound is a backstop.
_CACHED_YEARS = 2048

_COUNTRY_LOC = ("availability", "holidays", "country")
_SUBDIVISION_LOC = ("availability", "holidays", "subdivision")
_CATEGORIES_LOC = ("availability", "holidays", "categories")

# The holidays clinics close on, by country, where the `holidays` package's `public` category alone
# misses them (see docs/decisions.md, 2026-12-01, for the cross-check against a second source):
# Hong Kong's general holidays (Good Friday, Easter Saturday, ...) are its `optional` category, and
# Bavaria's Assumption Day is Germany's `catholic` one. A category a subdivision lacks is skipped.
DEFAULT_CATEGORIES: Mapping[str, tuple[str, ...]] = MappingProxyType(
    {"HK": ("public", "optional"), "DE": ("public", "catholic")}
)
FALLBACK_CATEGORIES = ("public",)

# Countries whose subdivision holidays are, by default, days off for state employees rather than days
# private clinics close: California's Cesar Chavez Day or Day After Thanksgiving. Their default is the
# nationwide calendar; naming `categories` applies the subdivision's holidays as well.
NATIONWIDE_BY_DEFAULT = frozenset({"US"})


class PublicHolidayCalendar:
    """The holidays of one country (and optionally one subdivision) in some categories, observed days too."""

    def __init__(
        self, country: str, subdivision: str | None, categories: tuple[str, ...] = ("public",)
    ) -> None:
        self.country = country
        self.subdivision = subdivision
        self.categories = categories

    def holiday_name(self, day: date) -> str | None:
        return _holidays_in_year(self.country, self.subdivision, self.categories, day.year).get(day)

    def same_calendar_as(self, other: PublicHolidayCalendar) -> bool:
        """Whether `other` closes on the same days: the same official region and categories (in any
        order: a default keeps its own, named categories are sorted)."""
        return (self.country, self.subdivision, set(self.categories)) == (
            other.country,
            other.subdivision,
            set(other.categories),
        )


def resolve_holiday_calendar(region: HolidayRegion) -> PublicHolidayCalendar:
    """The calendar for `region`; raises `PlanningInputError` naming the field when it is unknown.

    Aliases are accepted and resolved to the official codes (`UK` to `GB`, `England` to `ENG`), so
    that every spelling of a region shares one cache entry. Without `categories`, the country's
    default applies (`DEFAULT_CATEGORIES`, `NATIONWIDE_BY_DEFAULT`).
    """
    facts = _country_facts(region.country)
    if facts is None:
        raise PlanningInputError(
            _COUNTRY_LOC,
            "no public holiday calendar is known for this country (ISO 3166-1 alpha-2)",
            "unknown_country",
        )
    subdivision = _official_subdivision(facts, region.subdivision)
    if region.categories is None:
        return default_calendar(facts, subdivision)
    for index, category in enumerate(region.categories):
        if category not in facts.categories:
            raise PlanningInputError(
                (*_CATEGORIES_LOC, index),
                f"the holiday calendar has no such category (known: {', '.join(facts.categories)})",
                "unknown_holiday_category",
            )
    return PublicHolidayCalendar(facts.country, subdivision, tuple(sorted(region.categories)))


def default_calendar(facts: CountryFacts, subdivision: str | None) -> PublicHolidayCalendar:
    """The calendar of a subdivision (or the whole country) in the country's default categories."""
    if facts.country in NATIONWIDE_BY_DEFAULT:
        subdivision = None
    wanted = DEFAULT_CATEGORIES.get(facts.country, FALLBACK_CATEGORIES)
    return PublicHolidayCalendar(
        facts.country, subdivision, tuple(category for category in wanted if category in facts.categories)
    )


def _official_subdivision(facts: CountryFacts, subdivision: str | None) -> str | None:
    if subdivision is None or subdivision in facts.subdivisions:
        return subdivision
    official = facts.subdivision_aliases.get(subdivision)
    if official is not None:
        return official
    known = ", ".join(sorted(facts.subdivisions)) if facts.subdivisions else "none"
    raise PlanningInputError(
        _SUBDIVISION_LOC,
        f"the country's holiday calendar has no such subdivision (known: {known})",
        "unknown_subdivision",
    )


@lru_cache(maxsize=1024)
def _country_facts(country: str) -> CountryFacts | None:
    tables = shipped_tables()
    if tables is not None:
        with contextlib.suppress(UnreadableTables):  # a damaged layer: the package answers instead
            return tables.country_facts(country)
    return package_country_facts(country)


_COUNTRIES_PACKAGE = "holidays.countries"


@cache
def _load_only_asked_countries() -> None:
    """Make `holidays.countries` load one country module at a time instead of all of them at once.

    The package's own `__init__` imports every country module, and Python runs a package's `__init__`
    before any module in it, so importing `holidays.countries.united_kingdom` alone costs all ~250.
    The package is registered here, before anything imports it, as a module with the same path and no
    imports of its own: `holidays.country_holidays` then imports only the asked country's module (and
    the few it builds on), through the package's own registry (`holidays.registry.EntityLoader`), and
    computes the same days with the same code. A name read from the package itself
    (`from holidays.countries import France`) is loaded on first use from the same registry (PEP 562).
    Nothing happens when the real package is already imported.
    """
    if _COUNTRIES_PACKAGE in sys.modules:
        return
    import holidays.registry  # noqa: PLC0415  (deferred: see the module docstring)

    spec = importlib.util.find_spec(_COUNTRIES_PACKAGE)
    if spec is None or spec.submodule_search_locations is None:
        return  # not a package in this version of `holidays`: it keeps its own loading
    package = importlib.util.module_from_spec(spec)  # created, never executed
    module_of_name = {name: module for module, names in holidays.registry.COUNTRIES.items() for name in names}

    def load_on_first_use(name: str) -> Any:
        module = module_of_name.get(name)
        if module is None:
            raise AttributeError(f"module {_COUNTRIES_PACKAGE!r} has no attribute {name!r}")
        value = getattr(importlib.import_module(f"{_COUNTRIES_PACKAGE}.{module}"), name)
        setattr(package, name, value)
        return value

    package.__getattr__ = load_on_first_use  # type: ignore[method-assign]
    sys.modules[_COUNTRIES_PACKAGE] = package


def _holidays_package() -> ModuleType:
    _load_only_asked_countries()
    import holidays  # noqa: PLC0415  (deferred: see the module docstring)

    return holidays


def package_country_facts(country: str) -> CountryFacts | None:
    """What the `holidays` package knows of the country `country` names; None if it knows none."""
    # Not `holidays.list_supported_countries()`: it imports every country module (about a third of a
    # second), while building one country's calendar without years loads only that country.
    holidays = _holidays_package()

    try:
        entity = holidays.country_holidays(country)
    except NotImplementedError:
        return None
    return CountryFacts(
        country=entity.country,
        subdivisions=tuple(entity.subdivisions),
        subdivision_aliases=MappingProxyType(dict(entity.subdivisions_aliases)),
        categories=tuple(sorted(entity.supported_categories)),
    )


@lru_cache(maxsize=_CACHED_YEARS)
def _holidays_in_year(
    country: str, subdivision: str | None, categories: tuple[str, ...], year: int
) -> Mapping[date, str]:
    tables = shipped_tables()
    if tables is not None:
        with contextlib.suppress(UnreadableTables):  # a damaged layer: the package answers instead
            tabled = tables.holidays(country, subdivision, categories, year)
            if tabled is not None:
                return tabled
    return package_holidays_in_year(country, subdivision, categories, year)


def package_holidays_in_year(
    country: str, subdivision: str | None, categories: tuple[str, ...], year: int
) -> Mapping[date, str]:
    """A calendar's holidays in `year` by day, with English names, as the `holidays` package computes them."""
    holidays = _holidays_package()
    calendar = holidays.country_holidays(
        country, subdiv=subdivision, years=year, categories=categories, language=_english_names(country)
    )
    # Read-only, because the same mapping is shared by every request in the container.
    return MappingProxyType({day: str(name) for day, name in calendar.items()})


@lru_cache(maxsize=_CACHED_YEARS)
def _english_names(country: str) -> str | None:
    """The language holiday names are read in: they go into English warning text. Without it `holidays`
    follows the environment's locale, so one machine's LANG gave Hong Kong's names in Chinese and another's
    in English. The country's own English where it has one (en_GB, en_SG), else American English, else
    the country's default."""
    holidays = _holidays_package()

    entity = holidays.country_holidays(country)
    default: str | None = entity.default_language
    if default is not None and default.startswith("en"):
        return default
    return "en_US" if "en_US" in entity.supported_languages else default
