from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.support.events import PROJECT_ROOT


def sam_binary() -> str:
    """The isolated SAM CLI that `make setup` installs (SAM_CLI overrides)."""
    candidate = os.environ.get("SAM_CLI") or str(PROJECT_ROOT / ".tools" / "sam" / "bin" / "sam")
    if not Path(candidate).exists():
        found = shutil.which("sam")
        if found is None:
            pytest.fail("aws-sam-cli is not installed: run `make setup` (it installs it in .tools/sam)")
        candidate = found
    return candidate


def sam_python() -> str:
    """The interpreter the SAM CLI runs on (its script's shebang): it has SAM's template translator."""
    first_line = Path(sam_binary()).read_text(encoding="utf-8", errors="replace").splitlines()[0]
    assert first_line.startswith("#!"), f"{sam_binary()} is not a Python script"
    return first_line[2:].strip().split()[0]


def build_python() -> str | None:
    """The Python 3.13 the layer's bytecode is compiled by: `make` exports it as BUILD_PYTHON; a plain
    `pytest` run reads the one `make setup` found (.tools/python313.path)."""
    if "BUILD_PYTHON" in os.environ:
        return os.environ["BUILD_PYTHON"]
    found = PROJECT_ROOT / ".tools" / "python313.path"
    return found.read_text().strip() if found.exists() else None


def run_sam(*args: str, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SAM_CLI_TELEMETRY": "0"}
    interpreter = build_python()
    if interpreter:
        env["BUILD_PYTHON"] = interpreter
    return subprocess.run(
        [sam_binary(), *args],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(scope="session")
def sam_build_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`sam build` of the template into a temporary folder, once per session."""
    root = tmp_path_factory.mktemp("sam")
    build_dir, cache_dir = root / "build", root / "cache"
    result = run_sam("build", "--build-dir", str(build_dir), "--cache-dir", str(cache_dir))
    assert result.returncode == 0, result.stdout + result.stderr
    return build_dir
