"""The benchmark's references stay what the README says: floors with no code of ours, a documented peer."""

from __future__ import annotations

import ast
import copy
import inspect
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute

from benchmarks.dynamodb_stub import dynamodb_stub
from benchmarks.peer import app as peer
from benchmarks.scenarios import (
    BARE_SCENARIOS,
    COLD_SCENARIOS,
    CONTRACT_MODULES,
    CONTRACT_MODULES_VARIABLE,
    DYNAMODB_FUNCTIONS,
    WARM_SCENARIOS,
    Scenario,
)
from benchmarks.warm import load_subjects
from devtools.lambda_context import LambdaContext

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def _serve_once(
    module: str, event: dict[str, Any], environment: dict[str, str]
) -> tuple[list[str], dict[str, Any]]:
    """A floor module in a fresh interpreter, answering `event`: its log lines, and its status, body,
    the modules of ours it imported and whether boto3 was."""
    probe = (
        "import json, sys\n"
        f"import {module} as floor\n"
        "answer = floor.lambda_handler(json.loads(sys.argv[1]), None)\n"
        "ours = sorted(m for m in sys.modules if m.split('.')[0] in {'pico_planner', 'benchmarks'})\n"
        "print(json.dumps({'status': answer['statusCode'], 'body': answer['body'], 'ours': ours,\n"
        "                  'boto3': 'boto3' in sys.modules}))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", probe, json.dumps(event)],
        capture_output=True,
        text=True,
        env={**os.environ, **environment},
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    *log_lines, last_line = completed.stdout.strip().splitlines()
    answer: dict[str, Any] = json.loads(last_line)
    return log_lines, answer


@pytest.mark.parametrize("floor_module", ["floor", "logged_floor", "dynamodb_floor"])
def test_the_floors_import_no_code_of_the_project(floor_module: str) -> None:
    # The clinics function's first request, with a body to echo; every floor serves it against the
    # stand-in DynamoDB endpoint, as the benchmark starts the DynamoDB floor.
    (clinics,) = [scenario for scenario in COLD_SCENARIOS if scenario.function in DYNAMODB_FUNCTIONS]
    event = json.loads(clinics.event_path.read_text(encoding="utf-8"))
    event["body"] = '{"concerns": [{"type": "tattoo"}]}'
    with dynamodb_stub() as store_environment:
        environment = {**store_environment, "PYTHONPATH": str(PROJECT_ROOT / "benchmarks" / "floor")}
        log_lines, answer = _serve_once(floor_module, event, environment)

    assert answer["ours"] == []
    assert answer["status"] == 200
    assert json.loads(answer["body"]) == {"concerns": [{"type": "tattoo"}]}
    # Only the DynamoDB floor pays for boto3 (its Query reached the stand-in, or it would have raised).
    assert answer["boto3"] is (floor_module == "dynamodb_floor")
    # The logged floor writes the functions' one Powertools line per request; the others, none.
    logged = [json.loads(line) for line in log_lines]
    if floor_module == "logged_floor":
        assert [(line["level"], line["message"], line["status"]) for line in logged] == [
            ("INFO", "request handled", 200)
        ]
    else:
        assert logged == []


def test_the_peer_has_no_middleware_of_its_own() -> None:
    assert peer.app.user_middleware == []


def test_every_peer_route_is_a_coroutine_as_fastapis_tutorial_writes_them() -> None:
    routes = [route for route in peer.app.routes if isinstance(route, APIRoute)]

    assert {route.path for route in routes} == {"/estimate", "/schedule", "/concerns", "/health"}
    for route in routes:
        assert inspect.iscoroutinefunction(route.endpoint), route.path


@pytest.mark.parametrize("function", sorted(CONTRACT_MODULES))
def test_the_contract_floor_builds_the_models_and_nothing_else_of_ours(function: str) -> None:
    (scenario,) = [scenario for scenario in COLD_SCENARIOS if scenario.function == function]
    event = json.loads(scenario.event_path.read_text(encoding="utf-8"))
    environment = {
        "PYTHONPATH": os.pathsep.join(str(PROJECT_ROOT / name) for name in ("benchmarks/floor", "shared")),
        CONTRACT_MODULES_VARIABLE: ",".join(CONTRACT_MODULES[function]),
    }
    log_lines, answer = _serve_once("contract_floor", event, environment)

    # The named modules and what they import: models only, no glue (the api package holds the glue; its
    # service_info is the health answer's model), and the floor's answer and log line.
    assert set(CONTRACT_MODULES[function]) <= set(answer["ours"])
    glue = [name for name in answer["ours"] if name.startswith("pico_planner.api.")]
    assert set(glue) <= set(CONTRACT_MODULES[function])
    assert "pico_planner.core.estimate" not in answer["ours"]  # no planning
    assert answer["status"] == 200
    assert json.loads(answer["body"]) == json.loads(event["body"] or "{}")
    assert [json.loads(line)["message"] for line in log_lines] == ["request handled"]


@pytest.mark.parametrize(
    "scenario", [s for s in WARM_SCENARIOS if s.name in BARE_SCENARIOS], ids=lambda scenario: scenario.name
)
def test_the_bare_handler_answers_as_the_function_with_no_glue(scenario: Scenario) -> None:
    subjects = load_subjects(("estimate",))
    event = json.loads(scenario.event_path.read_text(encoding="utf-8"))
    context = LambdaContext("bench")

    ours = subjects.ours["estimate"](copy.deepcopy(event), context)
    bare = subjects.bare(copy.deepcopy(event), context)

    assert (bare["statusCode"], json.loads(bare["body"])) == (200, json.loads(ours["body"]))
    assert ours["statusCode"] == scenario.status == 200
    # The core and its models only: nothing of the functions' glue.
    source = (PROJECT_ROOT / "benchmarks" / "bare" / "app.py").read_text(encoding="utf-8")
    imported = {node.module for node in ast.walk(ast.parse(source)) if isinstance(node, ast.ImportFrom)}
    assert {name for name in imported if name and name.startswith("pico_planner")} == {
        "pico_planner.core.concerns",
        "pico_planner.core.estimate",
        "pico_planner.core.ruleset",
    }
