"""A TypeScript client generated from openapi.json type-checks under `tsc --strict` and calls the API.

@hey-api/openapi-ts (pinned in package.json) writes the client into tests/typescript/generated on each
run, tsc compiles it with tests/typescript/client.test.ts, and Node's test runner runs that test
against the local server: an estimate, a schedule as JSON and as iCalendar, the catalogue with
If-None-Match, and a clinic's create, conditional replace and delete.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.contract.conftest import CONTRACT_API_KEY
from tests.support.contract import DOCUMENT_PATH
from tests.support.events import PROJECT_ROOT

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("typescript-client")]

TYPESCRIPT_DIR = PROJECT_ROOT / "tests" / "typescript"
NODE_BIN = PROJECT_ROOT / "node_modules" / ".bin"


def _run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(part) for part in command],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env=env,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout + result.stderr


@pytest.fixture(scope="module")
def compiled_client_test() -> Path:
    """The generated client and the test, compiled by tsc --strict; the test's JavaScript."""
    if not (NODE_BIN / "openapi-ts").exists():
        pytest.fail("the Node tools are not installed: run `make setup` (npm ci from package-lock.json)")
    for folder in ("generated", "build"):
        shutil.rmtree(TYPESCRIPT_DIR / folder, ignore_errors=True)
    _run(
        NODE_BIN / "openapi-ts",
        "--input",
        DOCUMENT_PATH,
        "--output",
        TYPESCRIPT_DIR / "generated",
        "--client",
        "@hey-api/client-fetch",
        "--silent",
    )
    _run(NODE_BIN / "tsc", "--project", TYPESCRIPT_DIR / "tsconfig.json")
    return TYPESCRIPT_DIR / "build" / "client.test.js"


def test_the_generated_client_has_one_type_per_shared_vocabulary(compiled_client_test: Path) -> None:
    types = (TYPESCRIPT_DIR / "generated" / "types.gen.ts").read_text(encoding="utf-8")

    assert "export type Severity = 'mild' | 'moderate' | 'severe';" in types
    assert "ConcernSeverity" not in types
    assert "Type0" not in types
    assert "'if-match'?: string;" in types


def test_the_typescript_client_calls_the_local_server(
    compiled_client_test: Path, contract_server: str
) -> None:
    environment = {**os.environ, "PICO_BASE_URL": contract_server, "PICO_API_KEY": CONTRACT_API_KEY}

    output = _run(
        shutil.which("node") or "node", "--test", "--test-reporter=tap", compiled_client_test, env=environment
    )

    assert "# pass 5" in output and "# fail 0" in output, output
