"""devtools/python313.sh: a working python3.13 on the PATH first, then a complete build in the cache.

Stand-in interpreters (shell scripts) play each case, so no test builds or downloads anything.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from tests.support.events import PROJECT_ROOT

SCRIPT = PROJECT_ROOT / "devtools" / "python313.sh"


def _fake_python(path: Path, exit_code: int) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"#!/bin/sh\nexit {exit_code}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


def _find(path_dirs: list[Path], cache: Path) -> subprocess.CompletedProcess[str]:
    environment = {
        **os.environ,
        "PATH": os.pathsep.join([*map(str, path_dirs), "/usr/bin", "/bin"]),
        "PICO_PYTHON_CACHE": str(cache),
    }
    return subprocess.run(
        ["bash", str(SCRIPT)], capture_output=True, text=True, env=environment, timeout=60, check=False
    )


def test_a_working_python313_on_the_path_is_used(tmp_path: Path) -> None:
    on_path = _fake_python(tmp_path / "bin" / "python3.13", 0)
    _fake_python(tmp_path / "cache" / "cpython-3.13" / "bin" / "python3.13", 0)

    found = _find([on_path.parent], tmp_path / "cache")

    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == str(on_path)


def test_a_broken_shim_is_passed_over_for_the_cached_build(tmp_path: Path) -> None:
    shim = _fake_python(tmp_path / "shims" / "python3.13", 1)  # a version manager's shim, switched off
    cached = _fake_python(tmp_path / "cache" / "cpython-3.13" / "bin" / "python3.13", 0)

    found = _find([shim.parent], tmp_path / "cache")

    assert found.returncode == 0, found.stderr
    assert found.stdout.strip() == str(cached)
