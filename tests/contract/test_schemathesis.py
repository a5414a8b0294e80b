"""Schemathesis against the local server: generated requests for every operation, valid and invalid.

Every operation in openapi.json is fuzzed with 100 examples from a fixed seed in each data mode
(positive: data the schemas allow; negative: data they refuse; fewer where an operation has fewer
distinct inputs), after Schemathesis' examples and coverage phases (boundaries, missing bodies,
unsupported methods), then a stateful phase that follows the document's links from
`PUT /clinics/{clinic_id}` to reading, replacing and deleting the clinic. Every check Schemathesis has
runs; tests/contract/schemathesis.toml lists the business-rule answers valid data may get (see
docs/contract.md). The two modes generate well over 1,000 cases together.

The CLI runs it rather than `schema.parametrize()`: its per-operation pytest items share one node id,
and pytest-xdist then runs only the first operation of each test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.contract.conftest import CONTRACT_API_KEY
from tests.support.contract import DOCUMENT_PATH, document

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("schemathesis")]

CONFIG_PATH = Path(__file__).with_name("schemathesis.toml")
SEED = 20261123
EXAMPLES_PER_OPERATION = 100
# Each mode's share of the 1,000 generated cases the two modes must reach together.
MIN_CASES_PER_MODE = 500
# The one operation no request can break the schema of (its only parameter takes any text).
NO_INVALID_REQUEST = "listConcerns"


@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_every_generated_request_gets_a_documented_answer(
    contract_server: str, mode: str, tmp_path: Path
) -> None:
    command = [
        str(Path(sys.executable).with_name("schemathesis")),
        "--config-file",
        str(CONFIG_PATH),
        "run",
        str(DOCUMENT_PATH),
        "--url",
        contract_server,
        "--header",
        f"x-api-key: {CONTRACT_API_KEY}",
        "--checks",
        "all",
        "--mode",
        mode,
        "--max-examples",
        str(EXAMPLES_PER_OPERATION),
        "--seed",
        str(SEED),
        "--generation-database",
        ":memory:",  # the same run on every machine: no replay of earlier local failures
        "--phases",
        "examples,coverage,fuzzing,stateful",
        "--workers",
        "1",
        "--no-color",
        # Generated data only: show it, so a failure's curl line reproduces it exactly.
        "--output-sanitize",
        "false",
    ]
    operations = sum(len(item) for item in document()["paths"].values())
    if mode == "negative":
        # GET /concerns takes only Accept-Language, and any text is a valid one (it never makes a request
        # fail): no invalid request exists for it, so negative mode leaves it out (docs/contract.md).
        command += ["--exclude-operation-id", NO_INVALID_REQUEST]
        operations -= 1
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600, check=False)
    report = result.stdout + result.stderr

    assert result.returncode == 0, report
    assert f"Tested: {operations}" in report, (
        f"not every one of the {operations} operations was tested:\n{report}"
    )
    counts = re.search(r"(\d+) generated, (\d+) passed", report)
    assert counts is not None, report
    generated, passed = int(counts[1]), int(counts[2])
    assert generated == passed >= MIN_CASES_PER_MODE, report
    assert "Stateful" in report and "❌" not in report, report
