"""The planning core imports pydantic and the standard library only: no AWS, HTTP or calendar packages."""

from __future__ import annotations

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
