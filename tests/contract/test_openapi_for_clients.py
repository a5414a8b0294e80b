"""What generated clients and OpenAPI linters read: one named type per vocabulary, non-null parameters,
Retry-After where it is sent, licence and contact."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Literal

import pytest

from devtools.openapi import (
    _closure,
    _name_shared_enums,
    _non_null_parameters,
    _open_response_schemas,
    shared_vocabularies,
)
from tests.support.contract import ContractViolation, check_answer, document


def _walk(node: Any, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}/{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, f"{where}/{index}")


def test_each_core_vocabulary_is_one_named_component() -> None:
    schemas = document()["components"]["schemas"]
    vocabularies = shared_vocabularies()

    for name in ("Severity", "Weekday", "Pace", "ConcernType", "PigmentationSubtype"):
        values = list(vocabularies[name])
        longest = max(len(value) for value in values)
        assert schemas[name] == {"type": "string", "enum": values, "title": name, "maxLength": longest}
    inline = [
        where
        for where, node in _walk({"paths": document()["paths"], "schemas": schemas})
        if tuple(node.get("enum", ())) in set(vocabularies.values())
        and not where.endswith(tuple(vocabularies))
    ]
    assert inline == []


def test_the_concern_models_share_one_severity() -> None:
    schemas = document()["components"]["schemas"]
    for model in ("WrinklesConcern", "SkinLaxityConcern", "AcneScarsConcern", "WoundScarsConcern"):
        assert schemas[model]["properties"]["severity"]["$ref"] == "#/components/schemas/Severity"
    subtype = schemas["ConcernEstimate"]["properties"]["subtype"]
    assert {"$ref": "#/components/schemas/PigmentationSubtype"} in subtype["anyOf"]


def test_a_vocabulary_keeps_the_fields_own_description_and_default() -> None:
    values = ("earliest", "middle", "latest")
    doc: dict[str, Any] = {
        "paths": {},
        "components": {
            "schemas": {
                "Request": {
                    "properties": {
                        "pace": {
                            "type": "string",
                            "enum": list(values),
                            "title": "Pace",
                            "description": "How early.",
                            "default": "middle",
                        },
                        "other": {"type": "string", "enum": ["middle", "earliest", "latest"]},
                    }
                }
            }
        },
    }

    _name_shared_enums(doc, {"Pace": values})

    properties = doc["components"]["schemas"]["Request"]["properties"]
    assert properties["pace"] == {
        "$ref": "#/components/schemas/Pace",
        "description": "How early.",
        "default": "middle",
    }
    # Other values (here: another order) are another vocabulary, left as they are.
    assert properties["other"] == {"type": "string", "enum": ["middle", "earliest", "latest"]}
    assert doc["components"]["schemas"]["Pace"]["enum"] == list(values)


def test_two_vocabularies_with_the_same_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    from pico_planner.core import schedule_models

    monkeypatch.setattr(schedule_models, "SamePace", Literal["earliest", "middle", "latest"], raising=False)

    with pytest.raises(ValueError, match="same values"):
        shared_vocabularies()


def test_header_and_query_parameters_are_never_typed_null() -> None:
    parameters = [
        parameter
        for path_item in document()["paths"].values()
        for operation in path_item.values()
        for parameter in operation.get("parameters", [])
        if parameter["in"] in {"header", "query"}
    ]

    assert {parameter["name"] for parameter in parameters} >= {"if-none-match", "if-match", "cursor"}
    for parameter in parameters:
        assert "anyOf" not in parameter["schema"], parameter["name"]
        assert parameter["schema"].get("default", "") is not None


def test_an_optional_parameter_keeps_its_constraints_without_null() -> None:
    doc: dict[str, Any] = {
        "paths": {
            "/x": {
                "get": {
                    "parameters": [
                        {
                            "in": "query",
                            "name": "cursor",
                            "schema": {
                                "anyOf": [{"type": "string", "maxLength": 9}, {"type": "null"}],
                                "title": "Cursor",
                                "default": None,
                            },
                        },
                        {
                            "in": "path",
                            "name": "id",
                            "schema": {"anyOf": [{"type": "string"}, {"type": "null"}]},
                        },
                    ]
                }
            }
        }
    }

    _non_null_parameters(doc)

    cursor, path_id = doc["paths"]["/x"]["get"]["parameters"]
    assert cursor["schema"] == {"type": "string", "maxLength": 9, "title": "Cursor"}
    assert path_id["schema"] == {"anyOf": [{"type": "string"}, {"type": "null"}]}


def test_every_503_documents_retry_after() -> None:
    found = 0
    for path_item in document()["paths"].values():
        for operation in path_item.values():
            unavailable = operation["responses"].get("503")
            if unavailable is None:
                continue
            found += 1
            assert unavailable["headers"]["Retry-After"]["schema"] == {"type": "integer", "minimum": 1}
    assert found >= 5  # the four clinic operations and the schedule


def test_the_document_names_its_licence_and_contact() -> None:
    info = document()["info"]

    assert info["license"] == {"name": "Proprietary"}
    assert info["contact"]["name"]


def _request_and_answer_schemas(doc: dict[str, Any]) -> tuple[set[str], set[str]]:
    schemas = doc["components"]["schemas"]
    operations = [op for path_item in doc["paths"].values() for op in path_item.values()]
    sent = _closure(
        schemas, [{k: op[k] for k in ("requestBody", "parameters") if k in op} for op in operations]
    )
    answered = _closure(schemas, [op["responses"] for op in operations])
    return sent, answered


def test_requests_refuse_unknown_fields_and_answers_may_grow() -> None:
    schemas = document()["components"]["schemas"]
    sent, answered = _request_and_answer_schemas(document())
    objects = {name for name, schema in schemas.items() if "properties" in schema}

    # The README's promise for v1: a minor release may add response fields, never request ones.
    assert {"EstimateRequest", "ScheduleRequest", "ClinicProfile", "Patient"} <= sent & objects
    assert {"Estimate", "ScheduleResponse", "Catalogue", "Problem", "ClinicList"} <= answered - sent
    for name in sorted(objects):
        expected = name not in sent  # only-answered schemas are open, every other one closed
        assert schemas[name]["additionalProperties"] is expected, name


def test_a_schema_requests_and_answers_share_keeps_the_requests_rule() -> None:
    closed = {"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": False}
    doc: dict[str, Any] = {
        "paths": {
            "/x": {
                "put": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/In"}}}
                    },
                    "responses": {
                        "200": {
                            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Out"}}}
                        }
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "In": {**closed, "properties": {"shared": {"$ref": "#/components/schemas/Shared"}}},
                "Out": {
                    **closed,
                    "properties": {
                        "shared": {"$ref": "#/components/schemas/Shared"},
                        "inner": {**closed},
                    },
                },
                "Shared": {**closed},
            }
        },
    }

    _open_response_schemas(doc)

    schemas = doc["components"]["schemas"]
    assert schemas["Out"]["additionalProperties"] is True
    assert schemas["Out"]["properties"]["inner"]["additionalProperties"] is True
    assert schemas["In"]["additionalProperties"] is False
    assert schemas["Shared"]["additionalProperties"] is False


def test_the_services_own_answers_still_carry_only_documented_fields() -> None:
    health = {"status": "ok", "version": "1.1.0", "rules_version": "2026.12"}
    headers = {"Content-Type": "application/json"}

    check_answer("GET", "/health", 200, headers, json.dumps(health))
    with pytest.raises(ContractViolation, match="extra"):
        check_answer("GET", "/health", 200, headers, json.dumps({**health, "extra": 1}))


# Left out of an answer rather than sent as null: the one optional field of an answer.
OMITTED_WHEN_EMPTY = {("Problem", "errors")}


def test_every_field_an_answer_always_carries_is_required() -> None:
    schemas = document()["components"]["schemas"]
    sent, answered = _request_and_answer_schemas(document())

    optional = {
        (name, field)
        for name in sorted(answered - sent)
        for field in schemas[name].get("properties", {})
        if field not in schemas[name].get("required", [])
    }
    # Generated clients type an optional field as possibly undefined, so each use needs a check the
    # answers never call for: every answer writes each field, null included.
    assert optional == OMITTED_WHEN_EMPTY
    errors = schemas["Problem"]["properties"]["errors"]
    assert errors["type"] == "array" and "anyOf" not in errors  # absent, never null
