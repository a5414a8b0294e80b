"""The request scenarios, the same for the functions, the floor and the peer: each one an events/ file."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EVENTS_DIR = PROJECT_ROOT / "events"


@dataclass(frozen=True)
class Scenario:
    name: str
    function: str  # the folder under functions/
    event: str  # the events/ file, without .json
    status: int = 200  # the status every subject must answer with

    @property
    def event_path(self) -> Path:
        return EVENTS_DIR / f"{self.event}.json"


# A request the estimate refuses: its warm cost is set against the peer's as a target of its own.
WARM_422_SCENARIO = "estimate, refused (422)"

# A long course: 15 sessions for a heavily inked, layered tattoo on skin type 5, at a clinic with public
# holidays (the rule set's longest, a large tattoo of the highest score, recommends 18).
LONG_COURSE_SCENARIO = "schedule, 15-session tattoo course, holidays"

WARM_SCENARIOS = (
    Scenario("estimate, one concern", "estimate", "estimate/pigmentation_melasma"),
    Scenario("estimate, three concerns", "estimate", "estimate/several_concerns"),
    Scenario(WARM_422_SCENARIO, "estimate", "estimate/invalid_skin_type", status=422),
    Scenario("schedule, 4 sessions", "schedule", "schedule/basic"),
    Scenario(
        "schedule, 12 sessions, holidays and closures", "schedule", "schedule/twelve_sessions_with_holidays"
    ),
    Scenario(LONG_COURSE_SCENARIO, "schedule", "schedule/long_tattoo_course"),
    Scenario("concerns", "catalogue", "catalogue/concerns"),
    Scenario("health", "catalogue", "catalogue/health"),
)

# The first request each built function serves after its cold start: its main route, and for the
# schedule one with public holidays, so that loading the holiday calendar is counted in its cold init.
# Its days (the events' pinned 2026) are read from the build's holiday tables while the build's year is
# at most YEARS_BEFORE after them (holiday_tables_build.py); a later build computes them with `holidays`.
COLD_SCENARIOS = (
    Scenario("estimate, one concern", "estimate", "estimate/pigmentation_melasma"),
    Scenario("schedule, 12 sessions, public holidays", "schedule", "schedule/twelve_sessions_with_holidays"),
    Scenario("concerns", "catalogue", "catalogue/concerns"),
    Scenario("OpenAPI document", "docs", "docs/openapi_document"),
    # The store answers from a stand-in endpoint (dynamodb_stub.py); boto3 is imported and used.
    Scenario("list clinics", "clinics", "clinics/list"),
)

# The functions the peer also serves (the warm scenarios' functions, loaded in process).
PEER_FUNCTIONS = frozenset({"estimate", "schedule", "catalogue"})

# The modules declaring each operation's request and answer models (the contract floor imports them from
# the build's layer): for the functions the peer also serves, whose contract has models of its own.
CONTRACT_MODULES = {
    "estimate": ("pico_planner.core.concerns", "pico_planner.core.estimate_models"),
    "schedule": ("pico_planner.core.schedule_models",),
    "catalogue": ("pico_planner.core.catalogue", "pico_planner.api.service_info"),
}

# The environment variable that passes them to the contract floor, comma-separated.
CONTRACT_MODULES_VARIABLE = "BENCH_CONTRACT_MODULES"

# The warm scenarios the bare handler (bare/app.py) also answers: the estimates a function answers with 200.
BARE_SCENARIOS = frozenset({"estimate, one concern", "estimate, three concerns"})

# The functions whose first request reads DynamoDB with boto3: the floor + DynamoDB client is shown
# beside their floor.
DYNAMODB_FUNCTIONS = frozenset({"clinics"})

FUNCTION_FOLDERS = {
    "estimate": "EstimateFunction",
    "schedule": "ScheduleFunction",
    "catalogue": "CatalogueFunction",
    "docs": "DocsFunction",
    "clinics": "ClinicsFunction",
}
