"""Public holiday tables shipped with the layer: a region's holidays without importing `holidays`.

Importing the `holidays` package cost a schedule's first request about 40 ms of a cold start on the
built layer (docs/decisions.md), for its base alone (its lunar calendars, `dateutil`'s parser, and
`importlib.metadata` reading its own version), whichever country is asked for. So `sam build` computes,
once, what `public_holidays.py` would ask the package (`holiday_tables_build.py`): for every country,
its official code and the two-letter names that stand for it, its subdivisions and their aliases, its
categories, and each subdivision's holidays in its default categories over a span of years around the
build. A function reads the index, then the table of the one country and the one calendar a request
names; a year outside the span, or categories other than the country's default, are computed by the
package as before. The tables are made by the same code from the same package version
the layer ships, so they answer as the package would (tests/unit/test_holiday_tables.py compares them).

Without tables (tests, the local server, anything run from the source tree) every question goes to the
package.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final

TABLES_DIR: Final = Path(__file__).parent.parent / "holiday_tables"
INDEX_NAME: Final = "index.json"
# Bumped when the files' shape changes: tables of another format are not read.
TABLES_FORMAT: Final = 1


@dataclass(frozen=True)
class CountryFacts:
    """What a holiday region is checked against: a country's official code, subdivisions, categories."""

    country: str
    subdivisions: tuple[str, ...]
    subdivision_aliases: Mapping[str, str]
    categories: tuple[str, ...]  # the categories the country's calendar offers, sorted


def calendar_key(subdivision: str | None, categories: tuple[str, ...]) -> str:
    """How a calendar (a subdivision, or the whole country, in some categories) is named in a table."""
    return f"{subdivision or ''}|{','.join(categories)}"


def calendar_path(country: str, number: int) -> str:
    """The file of a country's calendar, by its number in the country's table: one file per calendar,
    so that a request reads only its own (Italy's hundred provinces make 0.7 MB together)."""
    return f"{country}/{number}.json"


class UnreadableTables(Exception):
    """A file the build should have written is missing, or not what it wrote: a damaged layer. The
    question then goes to the `holidays` package, as if there were no tables."""


class HolidayTables:
    """The tables in one folder: an index of country names, and per country a table and its calendars,
    each read when first asked for."""

    def __init__(self, folder: Path, countries: Mapping[str, str], first_year: int, last_year: int) -> None:
        self._folder = folder
        self._countries = countries
        self.first_year = first_year
        self.last_year = last_year

    def country_facts(self, name: str) -> CountryFacts | None:
        """The facts of the country `name` stands for (an official code or an alias); None if none."""
        country = self._countries.get(name)
        if country is None:
            return None
        table = self._table(country)
        try:
            return CountryFacts(
                country=str(table["country"]),
                subdivisions=tuple(table["subdivisions"]),
                subdivision_aliases=MappingProxyType(dict(table["subdivision_aliases"])),
                categories=tuple(table["categories"]),
            )
        except (KeyError, TypeError, ValueError) as error:
            raise UnreadableTables(f"the table of {country} is not one the build writes") from error

    def holidays(
        self, country: str, subdivision: str | None, categories: tuple[str, ...], year: int
    ) -> Mapping[date, str] | None:
        """A calendar's holidays in `year` by day; None when the tables do not hold that calendar or year.
        `country` is an official code, as `CountryFacts.country` gives it."""
        if not self.first_year <= year <= self.last_year or self._countries.get(country) != country:
            return None
        try:
            number = self._table(country)["calendars"].get(calendar_key(subdivision, categories))
            if number is None:
                return None
            # Not kept: `public_holidays` keeps each year it reads, and most requests need one or two.
            days = _read_json(self._folder / calendar_path(country, number))[str(year)]
            return MappingProxyType({date.fromisoformat(day): str(name) for day, name in days})
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise UnreadableTables(f"a calendar of {country} is not one the build writes") from error

    @functools.cache  # noqa: B019 - one instance per process (shipped_tables); a table is a few hundred bytes
    def _table(self, country: str) -> dict[str, Any]:
        return _read_json(self._folder / f"{country}.json")


def _read_json(path: Path) -> dict[str, Any]:
    try:
        with path.open(encoding="utf-8") as file:
            content = json.load(file)
    except (OSError, ValueError) as error:
        raise UnreadableTables(f"{path.name} cannot be read") from error
    if not isinstance(content, dict):
        raise UnreadableTables(f"{path.name} is not one the build writes")
    return content


@functools.cache
def shipped_tables(folder: Path = TABLES_DIR) -> HolidayTables | None:
    """The tables the build shipped in `folder`, read once; None where there are none, or none this code
    can read (another format, a damaged index), and every question then goes to the `holidays` package."""
    try:
        index = _read_json(folder / INDEX_NAME)
        if index.get("format") != TABLES_FORMAT:
            return None
        countries = index["countries"]
        if not isinstance(countries, dict):
            return None
        return HolidayTables(folder, countries, int(index["first_year"]), int(index["last_year"]))
    except (UnreadableTables, KeyError, TypeError, ValueError):
        return None
