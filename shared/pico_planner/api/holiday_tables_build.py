"""`python -m pico_planner.api.holiday_tables_build FOLDER`: write the holiday tables a layer ships.

`sam build` runs this on the layer it builds (shared/Makefile), with the layer's own `holidays`
package: for every country the package knows, a table `<CODE>.json` (its official code, subdivisions,
their aliases and categories, and the number of each calendar) and its calendars, `<CODE>/<n>.json`;
and an `index.json` of every two-letter name the package accepts for a country. Each subdivision's
holidays (and the whole country's) are written in the country's default categories, for the years from
`YEARS_BEFORE` before the build's year to `YEARS_AFTER` after it: the span a course planned in the
next few years looks at (completed sessions up to five years back, starts up to three years ahead).
Everything comes from `public_holidays.py`'s own functions on the package, so a table holds exactly
what a lookup through the package would answer.
"""

from __future__ import annotations

import itertools
import json
import shutil
import string
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pico_planner.api.holiday_tables import INDEX_NAME, TABLES_FORMAT, calendar_key, calendar_path
from pico_planner.api.public_holidays import default_calendar, package_country_facts, package_holidays_in_year

YEARS_BEFORE = 5
YEARS_AFTER = 6

# Every name a request can give as a country (HolidayRegion.country: two upper-case letters).
COUNTRY_NAMES = tuple("".join(letters) for letters in itertools.product(string.ascii_uppercase, repeat=2))


def write_tables(folder: Path, years: range) -> list[Path]:
    """The tables of every country for `years`, written into `folder` in place of anything it held; the
    files written."""
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    official_of_name: dict[str, str] = {}
    tabled: set[str] = set()
    written: list[Path] = []
    for name in COUNTRY_NAMES:
        facts = package_country_facts(name)
        if facts is None:
            continue
        official_of_name[name] = facts.country
        if facts.country in tabled:
            continue
        numbers: dict[str, int] = {}
        for subdivision in (None, *facts.subdivisions):
            calendar = default_calendar(facts, subdivision)
            key = calendar_key(calendar.subdivision, calendar.categories)
            if key in numbers:  # a subdivision whose default is the whole country's (US)
                continue
            numbers[key] = len(numbers)
            days = {
                str(year): sorted(
                    (day.isoformat(), holiday)
                    for day, holiday in package_holidays_in_year(
                        calendar.country, calendar.subdivision, calendar.categories, year
                    ).items()
                )
                for year in years
            }
            (folder / facts.country).mkdir(exist_ok=True)
            written.append(_write_json(folder / calendar_path(facts.country, numbers[key]), days))
        table = {
            "country": facts.country,
            "subdivisions": list(facts.subdivisions),
            "subdivision_aliases": dict(facts.subdivision_aliases),
            "categories": list(facts.categories),
            "calendars": numbers,
        }
        written.append(_write_json(folder / f"{facts.country}.json", table))
        tabled.add(facts.country)
    index = {
        "format": TABLES_FORMAT,
        "first_year": years.start,
        "last_year": years.stop - 1,
        "countries": official_of_name,
    }
    written.append(_write_json(folder / INDEX_NAME, index))
    return written


def _write_json(path: Path, content: dict[str, Any]) -> Path:
    path.write_text(json.dumps(content, ensure_ascii=False, separators=(",", ":"), sort_keys=True), "utf-8")
    return path


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m pico_planner.api.holiday_tables_build FOLDER\n")
        return 2
    this_year = datetime.now(UTC).year  # the build's year: the tables span the years around it
    folder = Path(argv[0])
    written = write_tables(folder, range(this_year - YEARS_BEFORE, this_year + YEARS_AFTER + 1))
    calendars = sum(1 for path in written if path.parent != folder)
    sys.stdout.write(
        f"holiday tables: {calendars} calendars, {this_year - YEARS_BEFORE} to {this_year + YEARS_AFTER}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
