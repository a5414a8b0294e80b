"""A snippet run in a fresh interpreter, as a cold start runs, and the JSON it prints last.

Tests of what a cold start imports, and of the built artifacts, need an interpreter that has imported
nothing yet. The snippet prints one JSON value as its last line of output (log lines may come before).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any


def environment_with_path(*folders: Path, **variables: str) -> dict[str, str]:
    """This process's environment with PYTHONPATH set to exactly `folders`, and `variables` added."""
    environment = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    environment["PYTHONPATH"] = os.pathsep.join(str(folder) for folder in folders)
    environment.update(variables)
    return environment


def run_fresh(
    code: str,
    *args: str,
    env: Mapping[str, str],
    no_site: bool = False,
    cwd: Path | None = None,
    timeout: float = 120,
) -> Any:
    """The JSON value `code` prints last when run with `args` in a fresh interpreter.

    `no_site` runs it with `-S` (no site-packages), as Lambda's runtime has only the function's and the
    layers' folders. A run that fails fails the test with the interpreter's stderr.
    """
    completed = subprocess.run(
        [sys.executable, *(["-S"] if no_site else []), "-c", code, *args],
        capture_output=True,
        text=True,
        env=dict(env),
        cwd=cwd,
        timeout=timeout,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return json.loads(completed.stdout.strip().splitlines()[-1])
