"""Compares the default holiday calendars the scheduler closes on with a second source, `workalendar`.

    .venv/bin/python -m devtools.holiday_crosscheck            # 2027 and 2028, a Markdown table
    .venv/bin/python -m devtools.holiday_crosscheck 2029

For each region the table gives how many days each source closes, and the days only one of them has.
The result, and what was chosen because of it, is recorded in docs/decisions.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import warnings
from typing import Any

from pico_planner.api.public_holidays import resolve_holiday_calendar
from pico_planner.core.availability import HolidayRegion

# Our region (country, subdivision) and the name of workalendar's calendar for the same place.
REGIONS: list[tuple[str, str | None, str]] = [
    ("SG", None, "workalendar.asia.Singapore"),
    ("MY", None, "workalendar.asia.Malaysia"),
    ("HK", None, "workalendar.asia.HongKong"),
    ("KR", None, "workalendar.asia.SouthKorea"),
    ("JP", None, "workalendar.asia.Japan"),
    ("TW", None, "workalendar.asia.Taiwan"),
    ("AU", "NSW", "workalendar.oceania.NewSouthWales"),
    ("US", "CA", "workalendar.usa.California"),
    ("GB", "ENG", "workalendar.europe.UnitedKingdom"),
    ("GB", "SCT", "workalendar.europe.Scotland"),
    ("DE", "BY", "workalendar.europe.Bavaria"),
    ("FR", None, "workalendar.europe.France"),
]


def _workalendar(path: str) -> Any:
    import importlib

    module_name, _, class_name = path.rpartition(".")
    return getattr(importlib.import_module(module_name), class_name)()


def ours(country: str, subdivision: str | None, year: int) -> dict[dt.date, str]:
    calendar = resolve_holiday_calendar(HolidayRegion(country=country, subdivision=subdivision))
    days = (dt.date(year, 1, 1) + dt.timedelta(days=n) for n in range(366))
    return {
        day: name for day in days if day.year == year and (name := calendar.holiday_name(day)) is not None
    }


def theirs(path: str, year: int) -> dict[dt.date, str] | None:
    """workalendar's days, or None when it has no data for the year (it raises for some)."""
    with warnings.catch_warnings():
        # Its Islamic-calendar estimate warns on every call; the table shows the differences anyway.
        warnings.simplefilter("ignore", UserWarning)
        try:
            return {day: str(name) for day, name in _workalendar(path).holidays(year)}
        except (KeyError, NotImplementedError) as missing:
            print(f"<!-- {path} {year}: {missing} -->")
            return None


def _listed(days: dict[dt.date, str]) -> str:
    return "; ".join(f"{day:%m-%d} {name}" for day, name in sorted(days.items())) or "none"


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("years", nargs="*", type=int, default=[2027, 2028])
    args = parser.parse_args()
    print("| Region | Year | Ours | workalendar | Only ours | Only workalendar |")
    print("|---|---|---|---|---|---|")
    for country, subdivision, path in REGIONS:
        region = f"{country}-{subdivision}" if subdivision else country
        for year in args.years:
            mine, other = ours(country, subdivision, year), theirs(path, year)
            if other is None:
                print(f"| {region} | {year} | {len(mine)} | no data | | |")
                continue
            only_mine = {d: n for d, n in mine.items() if d not in other}
            only_other = {d: n for d, n in other.items() if d not in mine}
            counts = f"{len(mine)} | {len(other)}"
            print(f"| {region} | {year} | {counts} | {_listed(only_mine)} | {_listed(only_other)} |")


if __name__ == "__main__":
    main()
