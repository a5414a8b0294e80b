"""The request scenarios, the same for the functions, the floor and the peer: each one an events/ file."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EVENTS_DIR = PROJECT_ROOT / "events"

# The fixed dates in the schedule events are valid from this day: every schedule handler gets it.
PINNED_NOW = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Scenario:
    name: str
    function: str  # the folder under functions/, which is also the floor module's name
    event: str  # the events/ file, without .json

    @property
    def event_path(self) -> Path:
        return EVENTS_DIR / f"{self.event}.json"


# The longest course the rule set asks for: a heavily inked tattoo, at a clinic with public holidays.
LONG_COURSE_SCENARIO = "schedule, 17-session tattoo course, holidays"

WARM_SCENARIOS = (
    Scenario("estimate, one concern", "estimate", "estimate/pigmentation_melasma"),
    Scenario("estimate, three concerns", "estimate", "estimate/several_concerns"),
    Scenario("schedule, 4 sessions", "schedule", "schedule/basic"),
    Scenario(
        "schedule, 12 sessions, holidays and closures", "schedule", "schedule/twelve_sessions_with_holidays"
    ),
    Scenario(LONG_COURSE_SCENARIO, "schedule", "schedule/long_tattoo_course"),
    Scenario("concerns", "catalogue", "catalogue/concerns"),
    Scenario("health", "catalogue", "catalogue/health"),
)

# The first request each function serves after its cold start: its main route.
COLD_SCENARIOS = (
    Scenario("estimate, one concern", "estimate", "estimate/pigmentation_melasma"),
    Scenario("schedule, 4 sessions", "schedule", "schedule/basic"),
    Scenario("concerns", "catalogue", "catalogue/concerns"),
)

FUNCTION_FOLDERS = {
    "estimate": "EstimateFunction",
    "schedule": "ScheduleFunction",
    "catalogue": "CatalogueFunction",
}
