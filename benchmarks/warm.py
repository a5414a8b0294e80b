"""Warm latency: in-process invocations of each handler with the events/ files, after a warm-up.

Ours (the functions) and the peer answer the same scenarios with the same status and JSON, which is
checked before timing; so does the bare handler (bare/app.py), for the estimates it answers. The floor
is not measured warm: it does none of the work (see floor/floor.py).
Each invocation gets its own copy of the event, made before the clock starts: Lambda hands every
invocation a freshly parsed event, and the copy is not the handler's work. Subjects take turns in
short rounds (20 per scenario, each well under a second), so a noisy moment on the machine is shared
instead of landing on one subject. Log lines go to a null stream: they are still formatted and
written, as on Lambda, without flooding the terminal."""

from __future__ import annotations

import contextlib
import copy
import gc
import json
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.scenarios import BARE_SCENARIOS, PROJECT_ROOT, Scenario
from devtools.lambda_context import LambdaContext
from devtools.module_loader import load_module, pinned_handler
from devtools.new_event import EVENTS_PLANNED_AT

Handler = Callable[[dict[str, Any], Any], dict[str, Any]]
SUBJECT_NAMES = ("ours", "peer")
BARE = "bare"


def load_pinned(path: Path, name: str) -> Handler:
    """A handler whose "today", if it reads one, is the scenarios' pinned day."""
    return pinned_handler(load_module(path, name), EVENTS_PLANNED_AT)


def _silence_logs(null_stream: Any) -> None:
    """Point every log handler at the null stream (Powertools and the peer write to stdout)."""
    import logging

    loggers = [logging.getLogger(), *(logging.getLogger(name) for name in logging.root.manager.loggerDict)]
    for logger in loggers:
        for handler in logger.handlers:
            if isinstance(handler, logging.StreamHandler):
                handler.setStream(null_stream)


@dataclass(frozen=True)
class Subjects:
    """The handlers of every scenario: ours (the function) and the peer; the bare handler for some."""

    ours: dict[str, Handler]
    peer: Handler
    bare: Handler

    def names(self, scenario: Scenario) -> tuple[str, ...]:
        return (*SUBJECT_NAMES, BARE) if scenario.name in BARE_SCENARIOS else SUBJECT_NAMES

    def handler(self, subject: str, scenario: Scenario) -> Handler:
        if subject == "ours":
            return self.ours[scenario.function]
        if subject == BARE:
            return self.bare
        return self.peer


def load_subjects(functions: tuple[str, ...]) -> Subjects:
    for folder in (PROJECT_ROOT / "shared", PROJECT_ROOT):
        if str(folder) not in sys.path:
            sys.path.insert(0, str(folder))
    ours = {
        name: load_pinned(PROJECT_ROOT / "functions" / name / "app.py", f"bench_{name}_app")
        for name in functions
    }
    peer = load_pinned(PROJECT_ROOT / "benchmarks" / "peer" / "app.py", "bench_peer_app")
    bare = load_pinned(PROJECT_ROOT / "benchmarks" / "bare" / "app.py", "bench_bare_app")
    return Subjects(ours=ours, peer=peer, bare=bare)


def _same_answer(answers: dict[str, dict[str, Any]], scenario: Scenario) -> None:
    """The comparison only means something if both did the same work: same status, same JSON."""
    statuses = {subject: answer["statusCode"] for subject, answer in answers.items()}
    if set(statuses.values()) != {scenario.status}:
        raise RuntimeError(f"{scenario.name}: statuses differ or are not {scenario.status}: {statuses}")
    bodies = {subject: json.loads(answer["body"]) for subject, answer in answers.items()}
    for subject, body in bodies.items():
        if body != bodies["ours"]:
            raise RuntimeError(f"{scenario.name}: {subject} answers differently from ours")


def measure_warm(
    subjects: Subjects, scenarios: tuple[Scenario, ...], invocations: int, rounds: int = 20
) -> dict[str, dict[str, float]]:
    """Median microseconds per invocation: {scenario name: {subject: median}} (the bare handler's only
    for the scenarios it answers)."""
    null_stream = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115  (open for the whole run)
    samples: dict[tuple[str, str], list[float]] = {}
    _silence_logs(null_stream)
    # Metrics are flushed with print() (CloudWatch embedded metric format): to the null stream too.
    with contextlib.redirect_stdout(null_stream):
        _measure(subjects, scenarios, invocations, rounds, samples)
    null_stream.close()
    return {
        scenario.name: {
            name: statistics.median(samples[(scenario.name, name)]) for name in subjects.names(scenario)
        }
        for scenario in scenarios
    }


def _measure(
    subjects: Subjects,
    scenarios: tuple[Scenario, ...],
    invocations: int,
    rounds: int,
    samples: dict[tuple[str, str], list[float]],
) -> None:
    context = LambdaContext("bench", memory_limit_in_mb=512, timeout_seconds=3600)
    for scenario in scenarios:
        subject_names = subjects.names(scenario)
        event = json.loads(scenario.event_path.read_text(encoding="utf-8"))
        answers = {
            name: subjects.handler(name, scenario)(copy.deepcopy(event), context) for name in subject_names
        }
        _same_answer(answers, scenario)
        per_round = max(1, invocations // rounds)
        for _ in range(rounds):
            for name in subject_names:
                handler = subjects.handler(name, scenario)
                events = [copy.deepcopy(event) for _ in range(per_round)]
                for warm_up in events[: max(1, per_round // 10)]:
                    handler(copy.deepcopy(warm_up), context)
                gc.collect()
                timings = samples.setdefault((scenario.name, name), [])
                for fresh in events:
                    started = time.perf_counter_ns()
                    handler(fresh, context)
                    timings.append((time.perf_counter_ns() - started) / 1000)
