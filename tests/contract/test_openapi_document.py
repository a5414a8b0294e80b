"""openapi.json is generated from the code, committed, and says what the API answers."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from openapi_spec_validator import validate

from devtools.local_api.template_routes import read_api
from devtools.openapi import DOCUMENT_PATHS, build_document, render
from pico_planner.api.problems import PROBLEM_TYPE_PREFIX, PROBLEM_TYPES, status_title
from tests.support.contract import (
    ContractViolation,
    check_answer,
    check_problem_type,
    document,
    schema_errors,
)
from tests.support.events import PROJECT_ROOT

PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
EXPECTED_OPERATIONS = {
    ("POST", "/estimate"): "estimateSessions",
    ("POST", "/schedule"): "scheduleSessions",
    ("GET", "/concerns"): "listConcerns",
    ("GET", "/health"): "getHealth",
    ("GET", "/openapi.json"): "getOpenApiDocument",
    ("PUT", "/clinics/{clinic_id}"): "putClinic",
    ("GET", "/clinics/{clinic_id}"): "getClinic",
    ("DELETE", "/clinics/{clinic_id}"): "deleteClinic",
    ("GET", "/clinics"): "listClinics",
}


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    return [
        (method.upper(), path, operation)
        for path, path_item in document()["paths"].items()
        for method, operation in path_item.items()
    ]


def _keyed_routes() -> dict[tuple[str, str], bool]:
    return {
        (route.method, route.resource): route.api_key_required
        for route in read_api(PROJECT_ROOT / "template.yaml").routes
        if route.method != "ANY"
    }


def test_committed_documents_match_what_the_code_generates() -> None:
    generated = render(build_document())

    for path in DOCUMENT_PATHS:
        assert path.read_text(encoding="utf-8") == generated, (
            f"{path.relative_to(PROJECT_ROOT)} is stale: run `make openapi` and commit the result"
        )


def test_the_document_is_valid_openapi_3_1() -> None:
    assert document()["openapi"].startswith("3.1")
    validate(document())


def test_every_operation_has_its_explicit_id() -> None:
    found = {(method, path): operation["operationId"] for method, path, operation in _operations()}

    assert {key: found.get(key) for key in EXPECTED_OPERATIONS} == EXPECTED_OPERATIONS
    # Powertools' default id is `<function>_<path>_<method>`; an explicit one is lowerCamelCase.
    defaults = [op_id for op_id in found.values() if not re.fullmatch(r"[a-z]+(?:[A-Z][a-z0-9]*)*", op_id)]
    assert defaults == []


@pytest.mark.parametrize("field", ["summary", "tags"])
def test_every_operation_is_summarised_and_tagged(field: str) -> None:
    declared_tags = {tag["name"] for tag in document()["tags"]}
    for method, path, operation in _operations():
        assert operation.get(field), f"{method} {path} has no {field}"
        assert operation["summary"] != f"{method} {path}", "the summary is Powertools' default"
        assert set(operation["tags"]) <= declared_tags


def test_api_key_security_follows_the_template() -> None:
    keyed = _keyed_routes()
    scheme = document()["components"]["securitySchemes"]["apiKey"]

    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "x-api-key"}
    for method, path, operation in _operations():
        if keyed[(method, path)]:
            assert operation.get("security") == [{"apiKey": []}], f"{method} {path} needs the API key"
            assert "403" in operation["responses"], f"{method} {path} does not document the gateway's 403"
        else:
            assert operation.get("security") == [], f"{method} {path} is public in the template"
            assert "403" not in operation["responses"]


def test_every_error_is_a_problem() -> None:
    for method, path, operation in _operations():
        for status, response in operation["responses"].items():
            if int(status) < 400 or status == "429":  # 429 only ever comes from the gateway itself
                continue
            problem = response["content"].get("application/problem+json")
            assert problem is not None and problem["schema"] == PROBLEM_REF, f"{method} {path} {status}"


def test_every_operation_documents_validation_and_server_problems() -> None:
    for method, path, operation in _operations():
        reads_input = bool(operation.get("parameters")) or "requestBody" in operation
        assert "500" in operation["responses"], f"{method} {path}"
        # A 422 names an input that breaks a rule: an operation reading none can never answer one.
        assert ("422" in operation["responses"]) is reads_input, f"{method} {path}"


def test_every_operation_documents_the_gateways_throttle() -> None:
    # template.yaml's MethodSettings throttle every method of the stage, public ones included.
    assert "ThrottlingRateLimit" in (PROJECT_ROOT / "template.yaml").read_text(encoding="utf-8")
    for method, path, operation in _operations():
        throttled = operation["responses"].get("429")
        assert throttled is not None, f"{method} {path}"
        assert throttled["content"]["application/problem+json"]["schema"] == PROBLEM_REF


def test_operations_with_a_body_document_the_body_problems() -> None:
    for method, path, operation in _operations():
        if "requestBody" in operation:
            assert {"400", "413", "415", "422"} <= set(operation["responses"]), f"{method} {path}"
            assert operation["requestBody"]["content"].keys() == {"application/json"}


def test_the_schedule_answers_json_or_icalendar() -> None:
    content = document()["paths"]["/schedule"]["post"]["responses"]["200"]["content"]

    assert set(content) == {"application/json", "text/calendar"}
    assert content["text/calendar"]["schema"]["type"] == "string"
    assert "406" in document()["paths"]["/schedule"]["post"]["responses"]


def test_servers_are_the_local_and_deployed_stage() -> None:
    urls = [server["url"] for server in document()["servers"]]

    assert urls == ["http://127.0.0.1:3000/v1", "https://{apiId}.execute-api.{region}.amazonaws.com/v1"]


def test_every_model_field_is_described() -> None:
    undescribed = [
        f"{name}.{field}"
        for name, schema in document()["components"]["schemas"].items()
        for field, field_schema in (schema.get("properties") or {}).items()
        if not field_schema.get("description") and "$ref" not in field_schema
    ]

    assert undescribed == []


def test_operations_with_a_body_have_request_examples_that_are_valid() -> None:
    for method, path, operation in _operations():
        if "requestBody" not in operation:
            continue
        media = operation["requestBody"]["content"]["application/json"]
        assert media.get("examples"), f"{method} {path} has no request example from events/"
        for name, example in media["examples"].items():
            assert schema_errors(media["schema"], example["value"]) == [], f"{method} {path} example {name}"


def test_successes_have_response_examples_that_are_valid() -> None:
    for method, path, operation in _operations():
        if operation["operationId"] == "getOpenApiDocument":
            continue  # its example would be the document itself
        success = operation["responses"].get("200")
        if success is None:
            continue  # a bodiless success (DELETE's 204) has nothing to illustrate
        assert any(media.get("examples") for media in success["content"].values()), f"{method} {path}"
        for media_type, media in success["content"].items():
            for name, example in (media.get("examples") or {}).items():
                assert schema_errors(media["schema"], example["value"]) == [], f"{media_type} example {name}"


def test_no_schema_is_left_unreferenced() -> None:
    text = render(document())

    for name in document()["components"]["schemas"]:
        assert f'"#/components/schemas/{name}"' in text, f"{name} is never used"


def test_every_problem_type_the_gateway_answers_is_listed() -> None:
    template = (PROJECT_ROOT / "template.yaml").read_text(encoding="utf-8")
    bodies = re.findall(r"application/json: '(\{.*\})'", template)

    assert len(bodies) >= 10
    for body in bodies:  # the functions' own problems are checked on every answer (tests/support)
        check_problem_type("GatewayResponses", json.loads(body)["status"], body)


def test_every_listed_problem_type_is_in_the_document() -> None:
    description = document()["components"]["schemas"]["Problem"]["properties"]["type"]["description"]

    for slug, (status, _) in PROBLEM_TYPES.items():
        assert f"`{PROBLEM_TYPE_PREFIX}{slug}`: {int(status)} {status_title(status)}," in description


def test_an_unlisted_problem_type_is_a_contract_violation() -> None:
    unlisted = {"type": f"{PROBLEM_TYPE_PREFIX}conflict", "title": "Conflict", "status": 409, "detail": "x"}
    validation = {
        "type": f"{PROBLEM_TYPE_PREFIX}validation",
        "title": "Bad Request",
        "status": 400,
        "detail": "x",
    }

    with pytest.raises(ContractViolation, match="not listed"):
        check_problem_type("test", 409, json.dumps(unlisted))
    with pytest.raises(ContractViolation, match="listed as 422"):
        check_problem_type("test", 400, json.dumps(validation))


def test_every_problem_status_has_its_row_in_the_readmes_table() -> None:
    # The README's table of statuses is where a caller looks each one up (docs/architecture.md, "An
    # error"): a status a route starts answering needs its row.
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    listed = {
        int(status)
        for row in re.findall(r"^\| ([0-9 /]+) \|", readme, flags=re.MULTILINE)
        for status in row.split("/")
    }
    documented = {int(status) for _, _, operation in _operations() for status in operation["responses"]}

    assert {403, 422} <= listed
    assert sorted(status for status in documented if status >= 400 and status not in listed) == []


def test_a_header_the_response_does_not_document_is_a_contract_violation() -> None:
    body = json.dumps({"status": "ok", "version": "1.0.0", "rules_version": "2026.12"})

    check_answer("GET", "/health", 200, {"Content-Type": "application/json", "Vary": "Origin"}, body)
    with pytest.raises(ContractViolation, match="headers not documented on this response: X-Extra"):
        check_answer("GET", "/health", 200, {"Content-Type": "application/json", "X-Extra": "1"}, body)
