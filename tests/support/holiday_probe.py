"""A probe of holiday lookups in a fresh interpreter, for a layer folder with or without tables."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.support.fresh_python import run_fresh

# In a fresh interpreter whose layer folder holds the tables: the regions resolve and their days are
# read without importing `holidays`; then the package computes the same years for comparison.
_TABLED_LOOKUPS = """
import json, sys
sys.path.insert(0, sys.argv[1])
from datetime import date, timedelta
from pico_planner.api.public_holidays import package_holidays_in_year, resolve_holiday_calendar
from pico_planner.core.availability import HolidayRegion
from pico_planner.core.errors import PlanningInputError
regions = [HolidayRegion(country="UK", subdivision="England"), HolidayRegion(country="DE", subdivision="BY"),
           HolidayRegion(country="HK"), HolidayRegion(country="US", subdivision="CA")]
years = [int(year) for year in sys.argv[2:]]
found = []
for region in regions:
    calendar = resolve_holiday_calendar(region)
    days = {}
    for year in years:
        day = date(year, 1, 1)
        while day.year == year:
            if (name := calendar.holiday_name(day)) is not None:
                days[day.isoformat()] = name
            day += timedelta(days=1)
    found.append([calendar.country, calendar.subdivision, list(calendar.categories), days])
refused = []
for region in [HolidayRegion(country="ZZ"), HolidayRegion(country="GB", subdivision="Atlantis")]:
    try:
        resolve_holiday_calendar(region)
    except PlanningInputError as error:
        refused.append(error.error_type)
imported = "holidays" in sys.modules
expected = [
    {day.isoformat(): name for year in years
     for day, name in package_holidays_in_year(country, subdivision, tuple(categories), year).items()}
    for country, subdivision, categories, _ in found
]
print(json.dumps({"found": found, "expected": expected, "refused": refused, "imported": imported}))
"""


def tabled_lookups(
    layer: Path, years: range, *, env: Mapping[str, str], no_site: bool = False
) -> dict[str, Any]:
    """What the probe finds with `layer` first on the path: four regions' calendars and their days in
    `years`, two refusals, whether `holidays` was imported for them, and the package's own days."""
    answer: dict[str, Any] = run_fresh(
        _TABLED_LOOKUPS, str(layer), *(str(year) for year in years), env=env, no_site=no_site
    )
    return answer
