"""Cold init: a fresh interpreter imports a handler from its folders and serves its first request.

Each run is `python -S` with only the given folders on the path (as Lambda puts /var/task and
/opt/python there), PYTHONDONTWRITEBYTECODE so a run never leaves pycs for the next one, and the
clock is started after the interpreter itself is up: interpreter start-up is the same for every
subject and Lambda pays it before the handler's init anyway. Runs of all subjects are interleaved so
that a noisy moment on the machine hits every subject, not one.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.scenarios import PROJECT_ROOT
from devtools.new_event import EVENTS_PLANNED_AT

# Runs in the fresh interpreter. json and datetime are imported before the clock starts: Lambda's
# runtime has loaded them before it imports the handler. So is the context (its module imports only
# `time`); the import path is put back as it was before the subject's folders go on, so that nothing
# of the project's own tree (devtools puts the repository's layer folder on it) stands in for the
# build's. The first request is served by the same routes with the scenarios' pinned day as "today":
# the module loader is imported and `pinned_handler` made between the two timed steps, uncounted
# (the module's own handler was already made, and timed, by its import).
_CHILD = """
import datetime, json, sys, time
project_dir, paths, module_name, event_file, pinned_now = sys.argv[1:6]
with open(event_file, encoding="utf-8") as handle:
    event = json.load(handle)
clean_path = list(sys.path)
sys.path.insert(0, project_dir)
from devtools.lambda_context import LambdaContext
sys.path[:] = clean_path
context = LambdaContext("bench", aws_request_id="cold-start")
sys.path[:0] = paths.split(":")
started = time.perf_counter()
module = __import__(module_name)
imported = time.perf_counter()
sys.path.append(project_dir)
from devtools.module_loader import pinned_handler
handler = pinned_handler(module, datetime.datetime.fromisoformat(pinned_now))
serving = time.perf_counter()
response = handler(event, context)
served = time.perf_counter()
print(json.dumps({"import_ms": (imported - started) * 1000,
                  "init_ms": (imported - started + served - serving) * 1000,
                  "status": response["statusCode"]}))
"""


@dataclass(frozen=True)
class ColdSubject:
    """One thing to start cold: a module in some folders, and the request it serves first."""

    label: str
    paths: tuple[Path, ...]
    module: str
    event_file: Path
    environment: Mapping[str, str] = field(default_factory=dict)  # beyond what every run gets


@dataclass(frozen=True)
class ColdFigures:
    init_ms: float  # median of import + first request
    import_ms: float  # median of the import alone
    spread_ms: float  # interquartile range of init_ms
    runs: int


def _run_once(subject: ColdSubject) -> dict[str, float]:
    environment = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "PYTHONDONTWRITEBYTECODE": "1",
        "POWERTOOLS_SERVICE_NAME": "pico-planner",
        "POWERTOOLS_LOG_LEVEL": "INFO",
        "AWS_REGION": "eu-west-2",
        **subject.environment,
    }
    completed = subprocess.run(
        [
            sys.executable,
            "-S",
            "-c",
            _CHILD,
            str(PROJECT_ROOT),
            ":".join(str(path) for path in subject.paths),
            subject.module,
            str(subject.event_file),
            EVENTS_PLANNED_AT.isoformat(),
        ],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"cold start of {subject.label} failed:\n{completed.stderr}")
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    if result["status"] != 200:
        raise RuntimeError(f"cold start of {subject.label} answered {result['status']}, not 200")
    return result


def measure_cold(subjects: list[ColdSubject], runs: int) -> dict[str, ColdFigures]:
    samples: dict[str, list[dict[str, float]]] = {subject.label: [] for subject in subjects}
    for _ in range(runs):
        for subject in subjects:
            samples[subject.label].append(_run_once(subject))
    figures = {}
    for label, results in samples.items():
        init = sorted(result["init_ms"] for result in results)
        quartiles = statistics.quantiles(init, n=4)
        figures[label] = ColdFigures(
            init_ms=statistics.median(init),
            import_ms=statistics.median(result["import_ms"] for result in results),
            spread_ms=quartiles[2] - quartiles[0],
            runs=len(results),
        )
    return figures
