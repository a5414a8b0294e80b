"""A third party's view: a client generated from openapi.json by openapi-python-client calls the API.

The client is generated into a temporary folder on each run (no network needed), and calls the local
server with the request examples the document carries (which come from events/).
"""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from tests.contract.conftest import CONTRACT_API_KEY
from tests.support.contract import DOCUMENT_PATH, document

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("generated-client")]

PACKAGE = "pico_planner_client"
OPERATIONS = [
    ("estimateSessions", "planning", "estimate_sessions"),
    ("scheduleSessions", "planning", "schedule_sessions"),
]


@pytest.fixture(scope="module")
def client_package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("client")
    config = root / "config.yaml"
    config.write_text(
        f"project_name_override: pico-planner-client\npackage_name_override: {PACKAGE}\npost_hooks: []\n"
    )
    generator = Path(sys.executable).with_name("openapi-python-client")
    result = subprocess.run(
        [
            str(generator),
            "generate",
            "--path",
            str(DOCUMENT_PATH),
            "--output-path",
            str(root / PACKAGE),
            "--meta",
            "none",
            "--config",
            str(config),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Warning" not in result.stdout + result.stderr, result.stdout + result.stderr
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))
        for name in [m for m in sys.modules if m == PACKAGE or m.startswith(PACKAGE + ".")]:
            del sys.modules[name]


def _operation(operation_id: str) -> dict[str, Any]:
    return next(
        op
        for item in document()["paths"].values()
        for op in item.values()
        if op["operationId"] == operation_id
    )


def _request_model(client_package: ModuleType, operation: dict[str, Any]) -> Any:
    media = operation["requestBody"]["content"]["application/json"]
    model_name = media["schema"]["$ref"].rsplit("/", 1)[-1]
    return getattr(importlib.import_module(f"{PACKAGE}.models"), model_name)


@pytest.mark.parametrize(("operation_id", "tag", "module"), OPERATIONS)
def test_the_generated_client_gets_a_parsed_answer_for_each_request_example(
    client_package: ModuleType, contract_server: str, operation_id: str, tag: str, module: str
) -> None:
    operation = _operation(operation_id)
    examples = operation["requestBody"]["content"]["application/json"].get("examples") or {}
    assert examples, f"{operation_id} has no request example in openapi.json (add one under events/)"
    call = importlib.import_module(f"{PACKAGE}.api.{tag}.{module}")
    model = _request_model(client_package, operation)
    client = client_package.AuthenticatedClient(
        base_url=contract_server, token=CONTRACT_API_KEY, prefix="", auth_header_name="x-api-key"
    )

    for name, example in examples.items():
        answer = call.sync_detailed(client=client, body=model.from_dict(example["value"]))

        assert answer.status_code == 200, f"{name}: {answer.content!r}"
        assert answer.parsed is not None and not isinstance(answer.parsed, dict)
        assert answer.parsed.to_dict() == json.loads(answer.content), f"{name}: the client lost fields"


def test_the_generated_client_parses_a_validation_problem(
    client_package: ModuleType, contract_server: str
) -> None:
    call = importlib.import_module(f"{PACKAGE}.api.planning.estimate_sessions")
    models = importlib.import_module(f"{PACKAGE}.models")
    example = next(
        iter(
            _operation("estimateSessions")["requestBody"]["content"]["application/json"]["examples"].values()
        )
    )
    invalid = json.loads(json.dumps(example["value"]))
    invalid["patient"]["skin_type"] = 9
    client = client_package.AuthenticatedClient(
        base_url=contract_server, token=CONTRACT_API_KEY, prefix="", auth_header_name="x-api-key"
    )

    answer = call.sync_detailed(
        client=client, body=_request_model(client_package, _operation("estimateSessions")).from_dict(invalid)
    )

    assert answer.status_code == 422
    assert isinstance(answer.parsed, models.Problem)
    assert ["body", "patient", "skin_type"] in [error.loc for error in answer.parsed.errors]


def test_without_a_key_the_generated_client_gets_403(
    client_package: ModuleType, contract_server: str
) -> None:
    call = importlib.import_module(f"{PACKAGE}.api.catalogue.list_concerns")
    answer = call.sync_detailed(client=client_package.Client(base_url=contract_server))

    assert answer.status_code == 403
