"""A request body is validated from its text in one pass, with the outcome of validating the parsed
document: the same model for a valid body, the same field errors (under `body`) for an invalid one.

The one-pass read (`model_validate_json`) is what a well-formed request costs; the document is parsed
only for a body that fails. These tests hold the two to the same outcome for every scenario in events/,
generated bodies and JSON texts where the two ways could disagree.
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from pico_planner.api.json_body import UnparsableBody
from pico_planner.api.problems import InvalidInput
from pico_planner.api.request_body import validated_body
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.schedule_models import ScheduleRequest
from tests.support.events import all_event_names, load_event
from tests.support.functions import function_module, function_of_resource


def _body_models() -> dict[tuple[str, str], type[BaseModel]]:
    """The body model of each route that reads one, from the functions' route tables."""
    models = {}
    for function in sorted(set(function_of_resource().values())):
        for route in function_module(function).ROUTES:
            body = route.signature[1]
            if body is not None:
                models[(route.method, route.path)] = body.annotation
    return models


BODY_MODELS = _body_models()


def _route_of(event_name: str) -> tuple[str, str]:
    event = load_event(event_name)
    return event["httpMethod"], event["resource"]


def _body_model(event: dict[str, Any]) -> type[BaseModel] | None:
    return BODY_MODELS.get((event["httpMethod"], event["resource"]))


def _outcome(model: type[BaseModel], text: str) -> Any:
    """What validated_body makes of a text: the model's fields, the errors' (loc, type), or a 400."""
    try:
        return validated_body(model, text).model_dump(mode="json")
    except InvalidInput as invalid:
        return [(tuple(error["loc"]), error["type"]) for error in invalid.errors]
    except UnparsableBody:
        return "unparsable"


def _not_json(literal: str) -> Any:
    raise ValueError(f"{literal} is not a JSON number")


def _from_document(model: type[BaseModel], text: str) -> Any:
    """The same, validating the parsed document (what a reader that parses first would make of it).
    The reader parses RFC 8259 JSON, which has no NaN or Infinity (Python's json module reads both)."""
    try:
        document = json.loads(text, parse_constant=_not_json)
    except ValueError:
        return "unparsable"
    if document is None:
        return [(("body",), "missing")]
    try:
        return model.model_validate(document, from_attributes=True).model_dump(mode="json")
    except ValidationError as error:
        return [(("body", *error_item["loc"]), error_item["type"]) for error_item in error.errors()]


BODY_SCENARIOS = [
    name
    for name in all_event_names()
    if _body_model(load_event(name)) is not None
    and load_event(name)["body"]
    and not load_event(name).get("isBase64Encoded")
]


@pytest.mark.parametrize("event_name", BODY_SCENARIOS)
def test_every_scenario_body_is_read_as_from_the_parsed_document(event_name: str) -> None:
    event = load_event(event_name)
    model = _body_model(event)
    assert model is not None

    assert _outcome(model, event["body"]) == _from_document(model, event["body"])


def test_valid_scenarios_are_read_and_invalid_ones_refused() -> None:
    read = {
        name
        for name in BODY_SCENARIOS
        if isinstance(_outcome(BODY_MODELS[_route_of(name)], load_event(name)["body"]), dict)
    }

    assert {"estimate/several_concerns", "schedule/basic", "schedule/basic_ics", "clinics/put_new"} <= read
    assert not {name for name in read if "invalid" in name and "estimate/" in name}


_values = st.one_of(
    st.integers(-5, 130), st.text(max_size=8), st.booleans(), st.none(), st.floats(allow_nan=False)
)
_concern = st.one_of(
    st.fixed_dictionaries(
        {
            "type": st.sampled_from(["pigmentation", "wrinkles", "acne_scars", "tattoo", "other"]),
            "severity": st.sampled_from(["mild", "moderate", "severe", "extreme"]),
        },
        optional={
            "subtype": st.sampled_from(["melasma", "freckles", "sun_damage", "nope"]),
            "area": st.sampled_from(["small", "large", 3]),
            "dynamic": st.one_of(st.booleans(), st.integers(0, 1)),
            "ink": st.sampled_from(["amateur", "minimal", "moderate", "significant"]),
            "colours": st.sampled_from(["black", "multicolour"]),
            "location": st.sampled_from(["head_neck", "distal_extremity"]),
        },
    ),
    st.dictionaries(st.text(max_size=6), _values, max_size=3),
)
_estimate_body = st.fixed_dictionaries(
    {
        "patient": st.one_of(
            st.fixed_dictionaries(
                {
                    "age": st.one_of(st.integers(10, 105), _values),
                    "skin_type": st.one_of(st.integers(0, 7), _values),
                },
                optional={"sensitive_skin": st.one_of(st.booleans(), _values)},
            ),
            _values,
        ),
        "concerns": st.one_of(st.lists(_concern, max_size=4), _values),
    },
    optional={"extra": _values},
)


@settings(max_examples=120, deadline=None)
@given(body=_estimate_body)
def test_generated_estimate_bodies_are_read_as_from_the_parsed_document(body: dict[str, Any]) -> None:
    text = json.dumps(body)

    assert _outcome(EstimateRequest, text) == _from_document(EstimateRequest, text)


# JSON texts where parsing the raw text and parsing into Python first could disagree: numbers that are
# whole floats or exponents, NaN, a duplicated key, a lone surrogate, dates in other spellings.
_WRINKLES = '"concerns": [{"type": "wrinkles", "severity": "mild"}]'
_EDGE_ESTIMATE_BODIES = [
    '{"patient": {"age": 42.0, "skin_type": 3}, ' + _WRINKLES + "}",
    '{"patient": {"age": 4.2e1, "skin_type": 3}, ' + _WRINKLES + "}",
    '{"patient": {"age": NaN, "skin_type": 3}, ' + _WRINKLES + "}",
    '{"patient": {"age": 42, "age": 43, "skin_type": 3}, ' + _WRINKLES + "}",
    '{"patient": {"age": 42, "skin_type": true}, ' + _WRINKLES + "}",
    '{"patient": {"age": "42", "skin_type": 3}, ' + _WRINKLES + "}",
    '{"patient": {"age": 42, "skin_type": 3}, "concerns": [{"type": "wrinkles", "severity": "mild\\ud800"}]}',
]
_EDGE_SCHEDULE_STARTS = [
    '"2026-12-01"',
    '"2026-12-01T00:00:00"',
    '"20261201"',
    "1764547200",
    '"2026-W49-2"',
    "null",
]


@pytest.mark.parametrize("body", _EDGE_ESTIMATE_BODIES)
def test_edge_json_estimates_are_read_as_from_the_parsed_document(body: str) -> None:
    assert _outcome(EstimateRequest, body) == _from_document(EstimateRequest, body)


@pytest.mark.parametrize("start", _EDGE_SCHEDULE_STARTS)
def test_edge_json_schedules_are_read_as_from_the_parsed_document(start: str) -> None:
    body = json.loads(load_event("schedule/basic")["body"])
    text = json.dumps(body).replace(json.dumps(body["start_date"]), start)

    assert _outcome(ScheduleRequest, text) == _from_document(ScheduleRequest, text)


def test_no_body_and_a_null_body_are_a_missing_body() -> None:
    for text in (None, "null"):
        with pytest.raises(InvalidInput) as refused:
            validated_body(EstimateRequest, text)
        assert refused.value.errors == [{"loc": ("body",), "msg": "Field required", "type": "missing"}]
