"""`python -m pico_planner.core.ruleset_snapshot FOLDER`: validate every rule set there and ship it validated.

`sam build` runs this on the layer it builds (shared/Makefile): each `<version>.json` in FOLDER is
validated with every check of `ruleset.py`, and written beside it as `<version>.validated.pickle`, which
`load_rule_set` restores in place of validating again at each cold start. A rule set that fails its
checks fails the build, before anything is deployed.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pico_planner.core.errors import RuleSetError
from pico_planner.core.ruleset import parse_rule_set, snapshot_bytes, snapshot_name


def write_snapshots(folder: Path) -> list[Path]:
    """Validate each rule set in `folder` and write its snapshot beside it; the snapshots written."""
    written = []
    for source in sorted(folder.glob("*.json")):
        text = source.read_bytes()
        rule_set = parse_rule_set(text)
        if rule_set.version != source.stem:
            raise RuleSetError(f"rule set file {source.name} declares version {rule_set.version!r}")
        target = folder / snapshot_name(rule_set.version)
        target.write_bytes(snapshot_bytes(rule_set, text))
        written.append(target)
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        sys.stderr.write("usage: python -m pico_planner.core.ruleset_snapshot FOLDER\n")
        return 2
    try:
        written = write_snapshots(Path(argv[0]))
    except RuleSetError as error:
        sys.stderr.write(f"rule set snapshot: {error}\n")
        return 1
    if not written:
        sys.stderr.write(f"rule set snapshot: no rule set in {argv[0]}\n")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
