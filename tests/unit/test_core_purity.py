"""The planning core imports pydantic and the standard library only (no AWS, HTTP or calendar packages),
and reads no clock, environment or chance: it is given "today" and the rule set."""

from __future__ import annotations

import ast
from pathlib import Path

from tests.support.fresh_python import environment_with_path, run_fresh

FORBIDDEN_PACKAGES = (
    "aws_lambda_powertools",
    "boto3",
    "botocore",
    "urllib.request",
    "http",
    "requests",
    "holidays",
    "icalendar",
)
SHARED = Path(__file__).resolve().parents[2] / "shared"

# Runs in a fresh interpreter, so nothing imported by pytest or other tests can hide a leak.
PROBE = """
import importlib, json, pkgutil, sys
import pico_planner.core as core
imported = [core.__name__]
for module in pkgutil.walk_packages(core.__path__, prefix=core.__name__ + "."):
    importlib.import_module(module.name)
    imported.append(module.name)
print(json.dumps({"imported": imported, "modules": sorted(sys.modules)}))
"""


def run_probe() -> dict[str, list[str]]:
    result: dict[str, list[str]] = run_fresh(PROBE, env=environment_with_path(SHARED), timeout=60)
    return result


def test_core_modules_import_no_outside_world_packages() -> None:
    result = run_probe()
    expected_modules = (
        "concerns",
        "ruleset",
        "estimate",
        "estimate_models",
        "catalogue",
        "figures",
        "errors",
        "time_zones",
        "schedule_models",
        "scheduling",
    )
    for expected in expected_modules:
        assert f"pico_planner.core.{expected}" in result["imported"]
    leaked = sorted(
        module
        for module in result["modules"]
        for forbidden in FORBIDDEN_PACKAGES
        if module == forbidden or module.startswith(forbidden + ".")
    )
    assert leaked == []


def test_probe_would_notice_a_leak() -> None:
    # The check above is only meaningful if importing a forbidden module shows up in sys.modules.
    probe = "import http.client, json, sys; print(json.dumps('http' in sys.modules))"
    loaded = run_fresh(probe, env=environment_with_path(SHARED))
    assert loaded is True


# Reading the clock, the environment or chance: the core is given "today" and its settings instead.
CLOCK_CALLS = frozenset({"now", "today", "utcnow"})
OUTSIDE_WORLD_MODULES = frozenset({"os", "time", "random", "secrets", "uuid", "socket", "subprocess"})
CORE = SHARED / "pico_planner" / "core"


def outside_world_reads(source: str) -> list[str]:
    """What a module's code reads of the clock, the environment or chance, by line."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in CLOCK_CALLS
        ):
            found.append(f"line {node.lineno}: .{node.func.attr}()")
        elif isinstance(node, ast.Import | ast.ImportFrom):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else [node.module or ""]
            )
            found += [
                f"line {node.lineno}: import {n}" for n in names if n.split(".")[0] in OUTSIDE_WORLD_MODULES
            ]
    return found


def test_core_code_reads_no_clock_environment_or_chance() -> None:
    # The import probe above cannot see these: `os` and `time` are loaded by any Python.
    modules = sorted(CORE.rglob("*.py"))
    reads = {
        path.relative_to(CORE).as_posix(): outside_world_reads(path.read_text("utf-8")) for path in modules
    }

    assert len(modules) >= 10
    assert {name: found for name, found in reads.items() if found} == {}


def test_the_source_check_would_notice_a_clock_or_the_environment() -> None:
    source = "import os\nimport datetime as dt\nx = dt.date.today()\ny = os.environ.get('A')\n"
    assert outside_world_reads(source) == ["line 1: import os", "line 3: .today()"]
    assert outside_world_reads("from time import monotonic\n") == ["line 1: import time"]
