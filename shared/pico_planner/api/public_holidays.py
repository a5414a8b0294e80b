"""Public holidays from the `holidays` package, as the core's `HolidayCalendar`.

Importing `holidays` costs a few hundred milliseconds, so it is imported inside the functions: only
requests that ask for public holidays pay for it, once per container. Each country, subdivision and
year is computed once per container and kept (see `_holidays_in_year`).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from types import MappingProxyType

from pico_planner.core.availability import HolidayRegion
from pico_planner.core.errors import PlanningInputError

# Valid (country, subdivision, year) keys only reach the cache, and a plan spans a few years from
# today, so the cache holds a few entries per region actually used; the bound is a backstop.
_CACHED_YEARS = 2048

_COUNTRY_LOC = ("availability", "holidays", "country")
_SUBDIVISION_LOC = ("availability", "holidays", "subdivision")


class PublicHolidayCalendar:
    """The public holidays of one country (and optionally one subdivision), observed days included."""

    def __init__(self, country: str, subdivision: str | None) -> None:
        self.country = country
        self.subdivision = subdivision

    def holiday_name(self, day: date) -> str | None:
        return _holidays_in_year(self.country, self.subdivision, day.year).get(day)


def resolve_holiday_calendar(region: HolidayRegion) -> PublicHolidayCalendar:
    """The calendar for `region`; raises `PlanningInputError` naming the field when it is unknown.

    Aliases are accepted and resolved to the official codes (`UK` to `GB`, `England` to `ENG`), so
    that every spelling of a region shares one cache entry.
    """
    country, subdivision = _canonical_region(region.country, region.subdivision)
    return PublicHolidayCalendar(country, subdivision)


@lru_cache(maxsize=1024)
def _canonical_region(country: str, subdivision: str | None) -> tuple[str, str | None]:
    # Not `holidays.list_supported_countries()`: it imports every country module (about a third of a
    # second), while building one country's calendar without years loads only that country.
    import holidays  # noqa: PLC0415  (deferred: see the module docstring)

    try:
        entity = holidays.country_holidays(country)
    except NotImplementedError:
        raise PlanningInputError(
            _COUNTRY_LOC,
            "no public holiday calendar is known for this country (ISO 3166-1 alpha-2)",
            "unknown_country",
        ) from None
    official_country: str = entity.country
    if subdivision is None:
        return official_country, None
    official_codes: tuple[str, ...] = tuple(entity.subdivisions)
    aliases: dict[str, str] = dict(entity.subdivisions_aliases)
    if subdivision in official_codes:
        return official_country, subdivision
    if subdivision in aliases:
        return official_country, aliases[subdivision]
    known = ", ".join(sorted(official_codes)) if official_codes else "none"
    raise PlanningInputError(
        _SUBDIVISION_LOC,
        f"the country's holiday calendar has no such subdivision (known: {known})",
        "unknown_subdivision",
    )


@lru_cache(maxsize=_CACHED_YEARS)
def _holidays_in_year(country: str, subdivision: str | None, year: int) -> Mapping[date, str]:
    import holidays  # noqa: PLC0415  (deferred: see the module docstring)

    calendar = holidays.country_holidays(country, subdiv=subdivision, years=year)
    # Read-only, because the same mapping is shared by every request in the container.
    return MappingProxyType({day: str(name) for day, name in calendar.items()})
