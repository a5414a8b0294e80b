"""Invalid estimate requests are rejected, and the error names the offending field."""

from __future__ import annotations

import json
from typing import Any

import pytest
from pydantic import ValidationError

from pico_planner.core.concerns import MAX_CONCERNS, EstimateRequest

VALID_PATIENT: dict[str, Any] = {"age": 42, "skin_type": 3, "sensitive_skin": False}
VALID_CONCERN: dict[str, Any] = {"type": "acne_scars", "severity": "moderate"}


def request_with(
    patient: dict[str, Any] | None = None, concerns: list[Any] | None = None, **extra: Any
) -> dict[str, Any]:
    return {
        "patient": VALID_PATIENT if patient is None else patient,
        "concerns": [VALID_CONCERN] if concerns is None else concerns,
        **extra,
    }


def errors_of(document: dict[str, Any]) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        EstimateRequest.model_validate(document)
    return [dict(error) for error in raised.value.errors()]


def assert_rejected_at(document: dict[str, Any], loc: tuple[str | int, ...], error_type: str) -> None:
    errors = errors_of(document)
    matching = [error for error in errors if tuple(error["loc"]) == loc]
    assert matching, f"no error at {loc}; got {[(error['loc'], error['type']) for error in errors]}"
    assert matching[0]["type"] == error_type


def test_the_documented_example_is_valid() -> None:
    example = EstimateRequest.model_json_schema()["examples"][0]
    request = EstimateRequest.model_validate(example)
    assert [concern.type for concern in request.concerns] == ["pigmentation", "wrinkles", "tattoo"]


def test_valid_json_is_accepted() -> None:
    request = EstimateRequest.model_validate_json(json.dumps(request_with()))
    assert request.patient.sensitive_skin is False


@pytest.mark.parametrize(
    ("concern", "loc", "error_type"),
    [
        pytest.param(
            {"type": "sunburn", "severity": "mild"}, ("concerns", 0), "union_tag_invalid", id="type"
        ),
        pytest.param({"severity": "mild"}, ("concerns", 0), "union_tag_not_found", id="missing-type"),
        pytest.param(
            {"type": "pigmentation", "subtype": "birthmark", "severity": "mild"},
            ("concerns", 0, "pigmentation", "subtype"),
            "literal_error",
            id="subtype",
        ),
        pytest.param(
            {"type": "pigmentation", "subtype": "melasma", "severity": "mild", "dynamic": True},
            ("concerns", 0, "pigmentation", "dynamic"),
            "extra_forbidden",
            id="dynamic-on-pigmentation",
        ),
        pytest.param(
            {"type": "wrinkles", "severity": "mild", "area": "large"},
            ("concerns", 0, "wrinkles", "area"),
            "extra_forbidden",
            id="area-on-wrinkles",
        ),
        pytest.param(
            {
                "type": "tattoo",
                "ink": "minimal",
                "colours": "black",
                "location": "head_neck",
                "severity": "mild",
            },
            ("concerns", 0, "tattoo", "severity"),
            "extra_forbidden",
            id="severity-on-tattoo",
        ),
        pytest.param(
            {"type": "acne_scars"},
            ("concerns", 0, "acne_scars", "severity"),
            "missing",
            id="severity-required",
        ),
        pytest.param(
            {"type": "acne_scars", "severity": "extreme"},
            ("concerns", 0, "acne_scars", "severity"),
            "literal_error",
            id="severity-value",
        ),
        pytest.param(
            {"type": "pigmentation", "severity": "mild"},
            ("concerns", 0, "pigmentation", "subtype"),
            "missing",
            id="subtype-required",
        ),
        pytest.param(
            {"type": "tattoo", "ink": "lots", "colours": "black", "location": "head_neck"},
            ("concerns", 0, "tattoo", "ink"),
            "literal_error",
            id="tattoo-ink",
        ),
        pytest.param(
            {"type": "tattoo", "ink": "minimal", "colours": "green", "location": "head_neck"},
            ("concerns", 0, "tattoo", "colours"),
            "literal_error",
            id="tattoo-colours",
        ),
        pytest.param(
            {"type": "tattoo", "ink": "minimal", "colours": "black"},
            ("concerns", 0, "tattoo", "location"),
            "missing",
            id="tattoo-location-required",
        ),
        pytest.param(
            {"type": "wrinkles", "severity": "mild", "dynamic": "yes"},
            ("concerns", 0, "wrinkles", "dynamic"),
            "bool_type",
            id="dynamic-type",
        ),
        pytest.param(
            {"type": "tattoo", "ink": "minimal", "colours": "black", "location": "head_neck", "layered": 1},
            ("concerns", 0, "tattoo", "layered"),
            "bool_type",
            id="layered-type",
        ),
        pytest.param("wrinkles", ("concerns", 0), "model_attributes_type", id="concern-not-object"),
    ],
)
def test_invalid_concern_is_rejected_at_its_field(
    concern: Any, loc: tuple[str | int, ...], error_type: str
) -> None:
    assert_rejected_at(request_with(concerns=[concern]), loc, error_type)


@pytest.mark.parametrize(
    ("patient", "loc", "error_type"),
    [
        pytest.param(
            VALID_PATIENT | {"skin_type": 0}, ("patient", "skin_type"), "greater_than_equal", id="skin-0"
        ),
        pytest.param(
            VALID_PATIENT | {"skin_type": 7}, ("patient", "skin_type"), "less_than_equal", id="skin-7"
        ),
        pytest.param(VALID_PATIENT | {"age": 15}, ("patient", "age"), "greater_than_equal", id="age-15"),
        pytest.param(VALID_PATIENT | {"age": 101}, ("patient", "age"), "less_than_equal", id="age-101"),
        pytest.param(VALID_PATIENT | {"age": "42"}, ("patient", "age"), "int_type", id="age-string"),
        pytest.param(VALID_PATIENT | {"age": 42.5}, ("patient", "age"), "int_type", id="age-fraction"),
        pytest.param(VALID_PATIENT | {"age": True}, ("patient", "age"), "int_type", id="age-bool"),
        pytest.param(
            VALID_PATIENT | {"skin_type": "IV"}, ("patient", "skin_type"), "int_type", id="skin-roman"
        ),
        pytest.param(
            VALID_PATIENT | {"sensitive_skin": "no"},
            ("patient", "sensitive_skin"),
            "bool_type",
            id="sensitive",
        ),
        pytest.param(VALID_PATIENT | {"skintype": 3}, ("patient", "skintype"), "extra_forbidden", id="typo"),
        pytest.param({"skin_type": 3}, ("patient", "age"), "missing", id="age-missing"),
    ],
)
def test_invalid_patient_is_rejected_at_its_field(
    patient: dict[str, Any], loc: tuple[str | int, ...], error_type: str
) -> None:
    assert_rejected_at(request_with(patient=patient), loc, error_type)


def test_patient_boundaries_are_accepted() -> None:
    for patient in ({"age": 16, "skin_type": 1}, {"age": 100, "skin_type": 6}):
        assert EstimateRequest.model_validate(request_with(patient=patient)).patient.age == patient["age"]


def test_empty_concern_list_is_rejected() -> None:
    assert_rejected_at(request_with(concerns=[]), ("concerns",), "too_short")


def test_over_long_concern_list_is_rejected() -> None:
    concerns = [
        {"type": "pigmentation", "subtype": subtype, "severity": "mild"}
        for subtype in ("post_inflammatory", "sun_damage", "dark_spots", "melasma", "freckles", "other")
    ] + [VALID_CONCERN]
    assert len(concerns) == MAX_CONCERNS + 1
    assert_rejected_at(request_with(concerns=concerns), ("concerns",), "too_long")


def test_six_distinct_concerns_are_accepted() -> None:
    concerns = [
        {"type": "wrinkles", "severity": "mild"},
        {"type": "skin_laxity", "severity": "mild"},
        {"type": "pigmentation", "subtype": "melasma", "severity": "mild"},
        {"type": "acne_scars", "severity": "mild"},
        {"type": "wound_scars", "severity": "mild"},
        {"type": "tattoo", "ink": "minimal", "colours": "black", "location": "head_neck"},
    ]
    assert len(EstimateRequest.model_validate(request_with(concerns=concerns)).concerns) == MAX_CONCERNS


@pytest.mark.parametrize(
    "concerns",
    [
        pytest.param(
            [{"type": "wrinkles", "severity": "mild"}, {"type": "wrinkles", "severity": "severe"}], id="type"
        ),
        pytest.param(
            [
                {"type": "pigmentation", "subtype": "melasma", "severity": "mild"},
                VALID_CONCERN,
                {"type": "pigmentation", "subtype": "melasma", "severity": "severe", "area": "large"},
            ],
            id="pigmentation-subtype",
        ),
    ],
)
def test_duplicate_concern_is_rejected_with_a_clear_message(concerns: list[dict[str, Any]]) -> None:
    errors = errors_of(request_with(concerns=concerns))
    assert [(tuple(error["loc"]), error["type"]) for error in errors] == [
        (("concerns",), "duplicate_concern")
    ]
    message = errors[0]["msg"]
    assert f"concerns[{len(concerns) - 1}] repeats concerns[0]" in message
    assert concerns[0]["type"] in message


def test_a_special_ink_listed_twice_is_refused() -> None:
    tattoo = {"type": "tattoo", "ink": "amateur", "colours": "black", "location": "head_neck"}
    errors = errors_of(request_with(concerns=[{**tattoo, "special_inks": ["green", "white", "green"]}]))
    assert [(error["loc"][-1], error["type"]) for error in errors] == [("special_inks", "duplicate_ink")]


def test_different_pigmentation_subtypes_are_not_duplicates() -> None:
    concerns = [
        {"type": "pigmentation", "subtype": "melasma", "severity": "mild"},
        {"type": "pigmentation", "subtype": "freckles", "severity": "mild"},
    ]
    assert len(EstimateRequest.model_validate(request_with(concerns=concerns)).concerns) == 2


def test_unknown_top_level_field_is_rejected() -> None:
    assert_rejected_at(request_with(start_date="2026-01-01"), ("start_date",), "extra_forbidden")


def test_missing_patient_is_rejected() -> None:
    assert_rejected_at({"concerns": [VALID_CONCERN]}, ("patient",), "missing")


def test_concerns_must_be_a_list() -> None:
    assert_rejected_at(request_with(concerns=VALID_CONCERN), ("concerns",), "list_type")  # type: ignore[arg-type]


def test_request_is_immutable() -> None:
    request = EstimateRequest.model_validate(request_with())
    with pytest.raises(ValidationError):
        request.patient.age = 50


def test_schema_carries_descriptions_and_constraints() -> None:
    schema = EstimateRequest.model_json_schema()
    patient = schema["$defs"]["Patient"]["properties"]
    assert (patient["age"]["minimum"], patient["age"]["maximum"]) == (16, 100)
    assert (patient["skin_type"]["minimum"], patient["skin_type"]["maximum"]) == (1, 6)
    assert (schema["properties"]["concerns"]["minItems"], schema["properties"]["concerns"]["maxItems"]) == (
        1,
        6,
    )
    assert schema["properties"]["concerns"]["items"]["discriminator"]["propertyName"] == "type"
    for name, definition in schema["$defs"].items():
        assert definition.get("additionalProperties") is False, name
        for field, field_schema in definition["properties"].items():
            assert field_schema.get("description"), f"{name}.{field} has no description"
    assert "severity" in schema["$defs"]["WrinklesConcern"]["required"]
