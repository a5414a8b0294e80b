"""The benchmark's references stay what the README says they are: a bare floor and a documented peer."""

from __future__ import annotations

import inspect
import json
import os
import subprocess
import sys
from pathlib import Path

from fastapi.routing import APIRoute

from benchmarks.peer import app as peer

PROJECT_ROOT = Path(__file__).resolve().parents[2]


def test_the_floor_imports_no_code_of_the_project() -> None:
    probe = (
        "import json, sys\n"
        "import floor\n"
        'answer = floor.lambda_handler({\'body\': \'{"concerns": [{"type": "tattoo"}]}\'}, None)\n'
        "ours = sorted(m for m in sys.modules if m.split('.')[0] in {'pico_planner', 'benchmarks'})\n"
        "print(json.dumps({'status': answer['statusCode'], 'body': answer['body'], 'ours': ours}))\n"
    )
    environment = {**os.environ, "PYTHONPATH": str(PROJECT_ROOT / "benchmarks" / "floor")}
    completed = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, env=environment, check=False
    )
    assert completed.returncode == 0, completed.stderr

    answer = json.loads(completed.stdout)

    assert answer["ours"] == []
    assert answer["status"] == 200
    assert json.loads(answer["body"]) == {"concerns": [{"type": "tattoo"}]}


def test_the_peer_has_no_middleware_of_its_own() -> None:
    assert peer.app.user_middleware == []


def test_every_peer_route_is_a_coroutine_as_fastapis_tutorial_writes_them() -> None:
    routes = [route for route in peer.app.routes if isinstance(route, APIRoute)]

    assert {route.path for route in routes} == {"/estimate", "/schedule", "/concerns", "/health"}
    for route in routes:
        assert inspect.iscoroutinefunction(route.endpoint), route.path
