"""`make bench`: cold init and warm latency of the built functions, a floor and a peer, in one run.

Prints the tables with ratios, writes the figures as JSON, and exits non-zero naming every target
missed. Targets are ratios between figures of the same run: the machine is shared and noisy, so
absolute times from one run mean little next to another's.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from benchmarks.artifacts import (
    BENCHMARKS_DIR,
    ArtifactSize,
    artifact_size,
    code_copy,
    peer_dependencies,
    runtime_sdk,
    without_bytecode,
)
from benchmarks.cold import ColdFigures, ColdSubject, measure_cold
from benchmarks.dynamodb_stub import dynamodb_stub
from benchmarks.scenarios import (
    COLD_SCENARIOS,
    CONTRACT_MODULES,
    CONTRACT_MODULES_VARIABLE,
    DYNAMODB_FUNCTIONS,
    FUNCTION_FOLDERS,
    LONG_COURSE_SCENARIO,
    PEER_FUNCTIONS,
    WARM_422_SCENARIO,
    WARM_SCENARIOS,
    Scenario,
)
from benchmarks.warm import load_subjects, measure_warm

# The floor is a bare pydantic model (floor/floor.py); the peer FastAPI + Mangum as documented (peer/).
COLD_VS_FLOOR_MAX = 1.25
COLD_VS_PEER_MAX = 0.5
WARM_ESTIMATE_VS_PEER_MAX = 0.3
WARM_422_VS_PEER_MAX = 0.5
SCHEDULE_12_VS_ESTIMATE_MAX = 5.0
FLOOR_MODULE = "floor"
# The floor plus one Powertools log line (floor/logged_floor.py): shown beside the floor, never a target.
LOGGED_FLOOR_MODULE = "logged_floor"
# The floor plus boto3's DynamoDB client and one Query (floor/dynamodb_floor.py): shown beside the floor
# for the functions that read DynamoDB, never a target.
DYNAMODB_FLOOR_MODULE = "dynamodb_floor"
DYNAMODB_FLOOR = "floor + DynamoDB client"
# The floor plus the Logger and an operation's contract models (floor/contract_floor.py): shown beside the
# floor for the functions with such models, never a target.
CONTRACT_FLOOR_MODULE = "contract_floor"
CONTRACT_FLOOR = "floor + Logger + models"
ESTIMATE_SCENARIOS = ("estimate, one concern", "estimate, three concerns")
SCHEDULE_12_SCENARIO = "schedule, 12 sessions, holidays and closures"


@dataclass(frozen=True)
class Target:
    name: str
    ratio: float
    limit: float

    @property
    def met(self) -> bool:
        return self.ratio <= self.limit


def _cold_subjects(build_dir: Path, work_dir: Path, store_environment: dict[str, str]) -> list[ColdSubject]:
    folders: dict[bool, dict[str, Path]] = {}
    no_bytecode_build = without_bytecode(build_dir, work_dir / "build-without-bytecode")
    for bytecode, build in ((True, build_dir), (False, no_bytecode_build)):
        suffix = "with-bytecode" if bytecode else "without-bytecode"
        layer = build / "SharedLayer" / "python"
        folders[bytecode] = {
            "build": build,
            "layer": layer,
            "floor": code_copy(BENCHMARKS_DIR / "floor", work_dir / f"floor-{suffix}", bytecode=bytecode),
            "peer": code_copy(BENCHMARKS_DIR / "peer", work_dir / f"peer-{suffix}", bytecode=bytecode),
            "peer_dependencies": peer_dependencies(
                layer, work_dir / f"peer-dependencies-{suffix}", bytecode=bytecode
            ),
            "runtime_sdk": runtime_sdk(layer, work_dir / f"runtime-sdk-{suffix}", bytecode=bytecode),
        }
    subjects = []
    for scenario in COLD_SCENARIOS:
        for bytecode, folder in folders.items():
            mode = "bytecode" if bytecode else "no bytecode"
            function_dir = folder["build"] / FUNCTION_FOLDERS[scenario.function]
            # Lambda's runtime puts its boto3 on the path after the function and the layer.
            subjects += [
                ColdSubject(
                    _cold_label("ours", scenario, mode),
                    (function_dir, folder["layer"], folder["runtime_sdk"]),
                    "app",
                    scenario.event_path,
                    store_environment,
                ),
                # pydantic from the layer, as a function with pydantic in its package would have it.
                ColdSubject(
                    _cold_label("floor", scenario, mode),
                    (folder["floor"], folder["layer"]),
                    FLOOR_MODULE,
                    scenario.event_path,
                ),
                ColdSubject(
                    _cold_label("floor + Logger", scenario, mode),
                    (folder["floor"], folder["layer"]),
                    LOGGED_FLOOR_MODULE,
                    scenario.event_path,
                ),
            ]
            if scenario.function in CONTRACT_MODULES:
                # The models from the build's layer, as the function imports them.
                subjects.append(
                    ColdSubject(
                        _cold_label(CONTRACT_FLOOR, scenario, mode),
                        (folder["floor"], folder["layer"]),
                        CONTRACT_FLOOR_MODULE,
                        scenario.event_path,
                        {CONTRACT_MODULES_VARIABLE: ",".join(CONTRACT_MODULES[scenario.function])},
                    )
                )
            if scenario.function in DYNAMODB_FUNCTIONS:
                # boto3 from the runtime's folder and the same stand-in table as the function's.
                subjects.append(
                    ColdSubject(
                        _cold_label(DYNAMODB_FLOOR, scenario, mode),
                        (folder["floor"], folder["layer"], folder["runtime_sdk"]),
                        DYNAMODB_FLOOR_MODULE,
                        scenario.event_path,
                        store_environment,
                    )
                )
            if scenario.function in PEER_FUNCTIONS:
                subjects.append(
                    ColdSubject(
                        _cold_label("peer", scenario, mode),
                        (folder["peer"], folder["layer"], folder["peer_dependencies"]),
                        "app",
                        scenario.event_path,
                    )
                )
    return subjects


def _cold_label(subject: str, scenario: Scenario, mode: str) -> str:
    return f"{subject} | {scenario.function} | {mode}"


def _targets(cold: dict[str, ColdFigures], warm: dict[str, dict[str, float]]) -> list[Target]:
    targets = []
    for scenario in COLD_SCENARIOS:
        ours = cold[_cold_label("ours", scenario, "bytecode")].init_ms
        floor = cold[_cold_label("floor", scenario, "bytecode")].init_ms
        targets.append(Target(f"cold init {scenario.function} vs floor", ours / floor, COLD_VS_FLOOR_MAX))
        if scenario.function in PEER_FUNCTIONS:
            peer = cold[_cold_label("peer", scenario, "bytecode")].init_ms
            targets.append(Target(f"cold init {scenario.function} vs peer", ours / peer, COLD_VS_PEER_MAX))
    for name in ESTIMATE_SCENARIOS:
        targets.append(
            Target(f"warm {name} vs peer", warm[name]["ours"] / warm[name]["peer"], WARM_ESTIMATE_VS_PEER_MAX)
        )
    targets.append(
        Target(
            f"warm {WARM_422_SCENARIO} vs peer",
            warm[WARM_422_SCENARIO]["ours"] / warm[WARM_422_SCENARIO]["peer"],
            WARM_422_VS_PEER_MAX,
        )
    )
    targets.append(
        Target(
            "warm schedule 12 sessions with holidays vs warm estimate (one concern)",
            warm[SCHEDULE_12_SCENARIO]["ours"] / warm[ESTIMATE_SCENARIOS[0]]["ours"],
            SCHEDULE_12_VS_ESTIMATE_MAX,
        )
    )
    # The longest course is bounded like the 12-session one: every search stops at its horizon.
    targets.append(
        Target(
            "warm schedule 15-session tattoo course vs warm estimate (one concern)",
            warm[LONG_COURSE_SCENARIO]["ours"] / warm[ESTIMATE_SCENARIOS[0]]["ours"],
            SCHEDULE_12_VS_ESTIMATE_MAX,
        )
    )
    return targets


def _cold_table(cold: dict[str, ColdFigures]) -> str:
    lines = [
        "| Cold init (import + first request), median ms (IQR) "
        "| ours | floor | floor + Logger | floor + Logger + models | peer | ours/floor "
        "| floor + Logger/floor | floor + Logger + models/floor | ours/peer |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for scenario in COLD_SCENARIOS:
        for mode in ("bytecode", "no bytecode"):
            ours = cold[_cold_label("ours", scenario, mode)]
            floor = cold[_cold_label("floor", scenario, mode)]
            logged_floor = cold[_cold_label("floor + Logger", scenario, mode)]
            contract_floor = cold.get(_cold_label(CONTRACT_FLOOR, scenario, mode))
            contract_ms, contract_ratio = _reference(contract_floor, floor)
            peer = cold.get(_cold_label("peer", scenario, mode))
            peer_ms, versus_peer = _reference(peer, ours, inverse=True)
            lines.append(
                f"| {scenario.function} ({scenario.name}), {mode} | {_ms(ours)} | {_ms(floor)} "
                f"| {_ms(logged_floor)} | {contract_ms} | {peer_ms} | {ours.init_ms / floor.init_ms:.2f}x "
                f"| {logged_floor.init_ms / floor.init_ms:.2f}x | {contract_ratio} | {versus_peer} |"
            )
    return "\n".join(lines)


def _reference(figures: ColdFigures | None, other: ColdFigures, *, inverse: bool = False) -> tuple[str, str]:
    """A reference subject's cell and its ratio (reference/other, or other/reference when `inverse`);
    n/a for a function without that reference."""
    if figures is None:
        return "n/a", "n/a"
    ratio = other.init_ms / figures.init_ms if inverse else figures.init_ms / other.init_ms
    return _ms(figures), f"{ratio:.2f}x"


def _dynamodb_floor_notes(cold: dict[str, ColdFigures]) -> str:
    """The DynamoDB reference, a line per function and mode: below the cold table, whose columns are
    those every function has."""
    lines = []
    for scenario in COLD_SCENARIOS:
        if scenario.function not in DYNAMODB_FUNCTIONS:
            continue
        for mode in ("bytecode", "no bytecode"):
            floor = cold[_cold_label("floor", scenario, mode)]
            dynamodb_floor = cold[_cold_label(DYNAMODB_FLOOR, scenario, mode)]
            lines.append(
                f"{DYNAMODB_FLOOR}, {scenario.function} ({scenario.name}), {mode}: {_ms(dynamodb_floor)} "
                f"median ms (IQR), {dynamodb_floor.init_ms / floor.init_ms:.2f}x the floor"
            )
    return "\n".join(lines)


def _ms(figures: ColdFigures) -> str:
    return f"{figures.init_ms:.0f} ({figures.spread_ms:.0f})"


def _warm_table(warm: dict[str, dict[str, float]]) -> str:
    lines = [
        "| Warm, median µs per invocation | ours | bare handler | peer | ours/peer | bare handler/peer |",
        "|---|---|---|---|---|---|",
    ]
    for scenario in WARM_SCENARIOS:
        figures = warm[scenario.name]
        bare = figures.get("bare")
        bare_us, bare_ratio = ("n/a", "n/a")
        if bare is not None:
            bare_us, bare_ratio = f"{bare:.0f}", f"{bare / figures['peer']:.2f}x"
        lines.append(
            f"| {scenario.name} | {figures['ours']:.0f} | {bare_us} | {figures['peer']:.0f} "
            f"| {figures['ours'] / figures['peer']:.2f}x | {bare_ratio} |"
        )
    return "\n".join(lines)


def _size_table(sizes: dict[str, ArtifactSize]) -> str:
    lines = ["| Artifact | files | unzipped | zipped |", "|---|---|---|---|"]
    for name, size in sizes.items():
        lines.append(
            f"| {name} | {size.files} | {size.unzipped_bytes / 2**20:.1f} MiB "
            f"| {size.zipped_bytes / 2**20:.1f} MiB |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--build-dir", type=Path, required=True, help="the output of `sam build`")
    parser.add_argument("--work-dir", type=Path, required=True, help="scratch folder for the copies")
    parser.add_argument("--output", type=Path, required=True, help="where to write the figures (JSON)")
    parser.add_argument("--cold-runs", type=int, default=15, help="fresh interpreters per cold subject")
    parser.add_argument("--warm-invocations", type=int, default=2000, help="timed invocations per scenario")
    options = parser.parse_args(argv)
    if options.cold_runs < 15:
        parser.error("--cold-runs must be at least 15: fewer runs make the medians too noisy to compare")

    print(f"cold init: {options.cold_runs} fresh interpreters per subject, interleaved ...", flush=True)
    with dynamodb_stub() as store_environment:
        subjects = _cold_subjects(options.build_dir, options.work_dir, store_environment)
        cold = measure_cold(subjects, options.cold_runs)
    print(f"warm latency: {options.warm_invocations} invocations per scenario and subject ...", flush=True)
    warm_subjects = load_subjects(tuple(sorted({scenario.function for scenario in WARM_SCENARIOS})))
    warm = measure_warm(warm_subjects, WARM_SCENARIOS, options.warm_invocations)
    layer = options.build_dir / "SharedLayer"
    sizes = {
        "layer, as built (with bytecode)": artifact_size(layer),
        "layer without bytecode": artifact_size(options.work_dir / "build-without-bytecode" / "SharedLayer"),
        **{
            f"{folder}": artifact_size(options.build_dir / folder)
            for folder in sorted(
                path.name for path in options.build_dir.iterdir() if path.name.endswith("Function")
            )
        },
    }
    targets = _targets(cold, warm)

    print()
    print(_cold_table(cold))
    print()
    print(_dynamodb_floor_notes(cold))
    print()
    print(_warm_table(warm))
    print()
    print(_size_table(sizes))
    print()
    for target in targets:
        verdict = "met" if target.met else "MISSED"
        print(f"{verdict:6} {target.name}: {target.ratio:.2f}x (at most {target.limit}x)")

    report: dict[str, Any] = {
        "measured_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "python": sys.version.split()[0],
        "cold_runs": options.cold_runs,
        "warm_invocations": options.warm_invocations,
        "cold_init_ms": {label: asdict(figures) for label, figures in cold.items()},
        "warm_us": warm,
        "sizes": {name: asdict(size) for name, size in sizes.items()},
        "targets": [{**asdict(target), "met": target.met} for target in targets],
    }
    options.output.parent.mkdir(parents=True, exist_ok=True)
    options.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"\nfigures written to {options.output}")

    missed = [target.name for target in targets if not target.met]
    if missed:
        print(f"targets missed: {', '.join(missed)}")
        return 1
    print("all targets met")
    return 0
