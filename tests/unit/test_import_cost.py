"""Guards on what a cold start imports: no heavy optional module, and no import cost out of proportion.

Two kinds of check. Which modules load is exact: the functions must not import `holidays`,
`icalendar` or boto3 until a request needs them. How long the imports take is a ratio against
`import pydantic` measured in the same way, in fresh interpreters, interleaved, the fastest of several
runs of each: absolute times mean nothing on a shared machine, a ratio does, and load from other work
(the other test worker) only ever adds time, so the fastest run of each side is the one least disturbed.

The limits come from measurements on the project's 2-core machine: the whole core imports in about
2x the time of pydantic (its models build their validators at import), a planning function in about
2.5x (Powertools' logger and the service's glue on top). Each limit leaves 50 to 60% headroom for noise. An
accidental top-level `import holidays` adds about 1.7x pydantic's time and crosses the function limit;
the module checks catch it exactly either way.
"""

from __future__ import annotations

import pytest

from tests.support.events import PROJECT_ROOT
from tests.support.fresh_python import environment_with_path, run_fresh

RUNS = 5
CORE_VS_PYDANTIC_MAX = 3.0
FUNCTION_VS_PYDANTIC_MAX = 4.0
PLANNING_FUNCTIONS = ("estimate", "schedule", "catalogue")
# Imported only by the requests that need them (public holidays, iCalendar, clinic profiles).
# Powertools imports the bare `botocore` package (under a millisecond) to tag its user agent; a
# session or a client is what costs, and that must wait for a request that reads a clinic, as must
# the clinic store's own modules.
OPTIONAL_HEAVY_MODULES = (
    "holidays",
    "icalendar",
    "boto3",
    "botocore.session",
    "botocore.client",
    # The DynamoDB store (boto3's client); the store's errors and protocol are plain declarations that
    # the error table and the ETag rules name.
    "pico_planner.store.dynamodb",
)

_TIMED_IMPORT = """
import json, sys, time
started = time.perf_counter()
exec(sys.argv[1])
print(json.dumps({"ms": (time.perf_counter() - started) * 1000, "modules": sorted(sys.modules)}))
"""
_PYDANTIC = "import pydantic\nfrom pydantic import BaseModel"
_CORE = (
    "import importlib, pkgutil\nimport pico_planner.core as core\n"
    "for module in pkgutil.walk_packages(core.__path__, prefix='pico_planner.core.'):\n"
    "    importlib.import_module(module.name)"
)


def _function(name: str) -> str:
    path = PROJECT_ROOT / "functions" / name / "app.py"
    return f"from devtools.module_loader import load_module\nload_module({str(path)!r}, 'app')"


def _import_once(code: str) -> dict[str, object]:
    environment = environment_with_path(
        PROJECT_ROOT / "shared", PROJECT_ROOT, POWERTOOLS_SERVICE_NAME="pico-planner"
    )
    result: dict[str, object] = run_fresh(_TIMED_IMPORT, code, env=environment)
    return result


def _fastest_ratio(subject: str, baseline: str) -> float:
    _import_once(subject)  # a first run so both sides start from the same caches
    _import_once(baseline)
    subject_ms, baseline_ms = [], []
    for _ in range(RUNS):
        subject_ms.append(float(_import_once(subject)["ms"]))  # type: ignore[arg-type]
        baseline_ms.append(float(_import_once(baseline)["ms"]))  # type: ignore[arg-type]
    return min(subject_ms) / min(baseline_ms)


# Functions that never read a clinic profile, and the modules only clinic profiles need: the profile
# models (about a tenth of a function's import time) and the store's interface wait for the functions
# that store or plan at a clinic.
FUNCTIONS_WITHOUT_CLINICS = ("estimate", "catalogue", "docs")
CLINIC_MODULES = (
    "pico_planner.core.clinic",
    "pico_planner.core.availability",
    "pico_planner.store.clinic_store",
)


@pytest.mark.parametrize("function", FUNCTIONS_WITHOUT_CLINICS)
def test_a_function_that_reads_no_clinic_imports_no_clinic_model(function: str) -> None:
    modules = set(_import_once(_function(function))["modules"])  # type: ignore[call-overload]

    assert modules.isdisjoint(CLINIC_MODULES)


@pytest.mark.parametrize("function", PLANNING_FUNCTIONS)
def test_a_cold_start_imports_no_optional_heavy_module(function: str) -> None:
    modules = set(_import_once(_function(function))["modules"])  # type: ignore[call-overload]

    loaded = {
        name
        for name in modules
        for heavy in OPTIONAL_HEAVY_MODULES
        if name == heavy or name.startswith(f"{heavy}.")
    }
    assert loaded == set()


def test_importing_the_core_costs_at_most_3x_importing_pydantic() -> None:
    ratio = _fastest_ratio(_CORE, _PYDANTIC)

    assert ratio <= CORE_VS_PYDANTIC_MAX, f"the core's import costs {ratio:.2f}x pydantic's"


@pytest.mark.parametrize("function", PLANNING_FUNCTIONS)
def test_importing_a_function_costs_at_most_4x_importing_pydantic(function: str) -> None:
    ratio = _fastest_ratio(_function(function), _PYDANTIC)

    assert ratio <= FUNCTION_VS_PYDANTIC_MAX, (
        f"the {function} function's import costs {ratio:.2f}x pydantic's"
    )
