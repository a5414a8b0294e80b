"""Options shared by every suite.

`--travel-to=YYYY-MM-DD` runs the session (collection included) with the system clock moved to 09:00
UTC on that day and ticking from there, so the date-sensitive suites can be shown not to depend on the
day they run: `make test` runs them again at each date of its TRAVEL_DATES (docs/decisions.md).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

_TRAVELLER = pytest.StashKey[Any]()


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--travel-to",
        metavar="YYYY-MM-DD",
        default=None,
        help="run with the system clock at 09:00 UTC on this day",
    )


def pytest_configure(config: pytest.Config) -> None:
    day = config.getoption("--travel-to")
    if not day:
        return
    import time_machine  # only the travelled runs need it

    destination = dt.datetime.combine(dt.date.fromisoformat(day), dt.time(9), tzinfo=dt.UTC)
    traveller = time_machine.travel(destination, tick=True)
    traveller.start()
    config.stash[_TRAVELLER] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_TRAVELLER, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str | None:
    day = config.getoption("--travel-to")
    return f"clock travelled to {day} 09:00 UTC" if day else None
