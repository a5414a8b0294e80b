"""The one error table: every failure a handler meets becomes an RFC 9457 problem.

Powertools' resolver differs where it matters (its 422 has no `msg`, an unknown method on a known path
is a 404, and an unhandled exception propagates); these tests pin what the service's handler answers.
"""

from __future__ import annotations

import inspect
import json
from http import HTTPStatus
from typing import Annotated, Any, Literal

import pytest
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from devtools.lambda_context import LambdaContext
from devtools.new_event import make_event
from pico_planner.api.answer import PlainAnswer
from pico_planner.api.call import Services
from pico_planner.api.handler import make_lambda_handler
from pico_planner.api.problems import (
    PROBLEM_CONTENT_TYPE,
    PROBLEMS,
    UNKNOWN_FIELD,
    Problem,
    ProblemError,
    clean_field_errors,
    problem_body,
    validation_detail,
)
from pico_planner.api.routing import Body, Path, RouteTable
from pico_planner.api.settings import Settings
from pico_planner.core import errors as core_errors
from pico_planner.core.errors import PlanningError, PlanningInputError, RuleSetError
from pico_planner.core.time_zones import TimeZoneName
from pico_planner.store import errors as store_errors
from pico_planner.store.errors import ClinicStoreError
from tests.support.functions import logger_for_tests


class Patient(BaseModel):
    model_config = ConfigDict(extra="forbid")

    age: int = Field(ge=18, le=100)
    skin_type: int = Field(ge=1, le=6)


class Order(BaseModel):
    model_config = ConfigDict(extra="forbid")

    patient: Patient
    severity: Literal["mild", "moderate", "severe"]


DOCUMENTED: dict[str, Any] = {"summary": "", "description": "", "tags": (), "responses": {}}


def _routes() -> RouteTable:
    routes = RouteTable()

    @routes.route("POST", "/orders", operation_id="place", **DOCUMENTED)
    def place(order: Annotated[Order, Body("The order.")]) -> PlainAnswer:
        if order.patient.age > 90:
            raise PlanningInputError(("patient", "age"), "Too old to plan for.", "age_out_of_range")
        if order.severity == "severe":
            raise ProblemError(HTTPStatus.CONFLICT, "Busy.", headers={"Retry-After": "5"})
        return PlainAnswer(200, "application/json", json.dumps({"age": order.patient.age}))

    @routes.route("GET", "/orders", operation_id="list", **DOCUMENTED)
    def list_orders() -> PlainAnswer:
        raise KeyError("secret-internal-name")

    @routes.route("GET", "/orders/{order_id}", operation_id="get", **DOCUMENTED)
    def get_order(order_id: Annotated[str, Path("The order's id.")]) -> PlainAnswer:
        return PlainAnswer(200, "application/json", json.dumps({"id": order_id}))

    return routes


def _answer(event: dict[str, Any]) -> tuple[int, dict[str, Any], dict[str, Any]]:
    handler = make_lambda_handler(_routes(), Services(Settings()), logger_for_tests("problems"))
    response = handler(event, LambdaContext())
    headers = {k: ", ".join(v) for k, v in (response.get("multiValueHeaders") or {}).items()}
    headers.update(response.get("headers") or {})
    assert headers["Content-Type"] == PROBLEM_CONTENT_TYPE
    body: dict[str, Any] = json.loads(response["body"])
    Problem.model_validate(body)  # every problem has the documented shape
    assert body["status"] == response["statusCode"]
    return response["statusCode"], headers, body


def test_validation_errors_are_422_with_loc_msg_and_type_and_no_input_echo() -> None:
    event = make_event(
        "POST", "/orders", body={"patient": {"age": 17, "skin_type": 9}, "severity": "x", "ssn": 1}
    )

    status, _, body = _answer(event)

    assert status == 422
    assert body["type"] == "urn:pico-planner:problem:validation"
    by_loc = {tuple(e["loc"]): e for e in body["errors"]}
    assert set(by_loc) == {
        ("body", "patient", "age"),
        ("body", "patient", "skin_type"),
        ("body", "severity"),
        ("body", "ssn"),
    }
    for error in body["errors"]:
        assert set(error) == {"loc", "msg", "type"}
        assert error["msg"], "Powertools drops msg; ours keeps pydantic's sentence"
    assert by_loc[("body", "patient", "age")]["type"] == "greater_than_equal"
    assert by_loc[("body", "ssn")]["type"] == "extra_forbidden"
    assert "17" not in response_text(body)


def response_text(body: dict[str, Any]) -> str:
    return json.dumps(body)


def test_a_missing_body_is_422_naming_the_body() -> None:
    status, _, body = _answer(make_event("POST", "/orders"))

    assert status == 422
    assert body["errors"][0]["loc"][0] == "body"


def test_a_planning_input_error_is_422_with_its_field_under_body() -> None:
    event = make_event("POST", "/orders", body={"patient": {"age": 95, "skin_type": 2}, "severity": "mild"})

    status, _, body = _answer(event)

    assert status == 422
    assert body["errors"] == [
        {"loc": ["body", "patient", "age"], "msg": "Too old to plan for.", "type": "age_out_of_range"}
    ]


def test_a_problem_error_keeps_its_status_and_headers() -> None:
    event = make_event("POST", "/orders", body={"patient": {"age": 30, "skin_type": 2}, "severity": "severe"})

    status, headers, body = _answer(event)

    assert status == 409
    assert headers["Retry-After"] == "5"
    assert body["type"] == "urn:pico-planner:problem:conflict"


@pytest.mark.parametrize(
    ("method", "path"), [("DELETE", "/orders"), ("PATCH", "/orders"), ("POST", "/orders/7")]
)
def test_a_method_the_path_does_not_offer_is_405_with_allow(method: str, path: str) -> None:
    event = make_event(method, path)

    status, headers, body = _answer(event)

    assert status == 405
    assert headers["Allow"] == ("GET, HEAD, POST" if path == "/orders" else "GET, HEAD")
    assert body["detail"].startswith("This method is not allowed here")  # the method is never echoed


@pytest.mark.parametrize("method", ["GET", "POST", "DELETE"])
@pytest.mark.parametrize("path", ["/orders/\N{SLIGHTLY SMILING FACE}", "/orders/a\x00b", "/orders/7\n"])
def test_a_segment_no_parameter_can_hold_is_404_whatever_the_method(method: str, path: str) -> None:
    # No resource has such a path: not a 405 (naming the caller's own method or not); and `$` does not
    # end a match before a final newline.
    with pytest.raises(ProblemError) as raised:
        _routes().match(method, path)

    assert raised.value.status == HTTPStatus.NOT_FOUND
    assert "Allow" not in raised.value.headers


def test_an_unknown_path_is_404() -> None:
    status, headers, _ = _answer(make_event("GET", "/nowhere"))

    assert status == 404
    assert "Allow" not in headers


def test_an_unexpected_exception_is_a_generic_500_that_reveals_nothing() -> None:
    status, _, body = _answer(make_event("GET", "/orders"))

    assert status == 500
    assert "secret" not in body["detail"] and "KeyError" not in body["detail"]


# Bases no code raises, and the one error that is a fault of the deployment (a 500 on purpose).
NOT_THE_CALLERS = {PlanningError, ClinicStoreError, RuleSetError}


def test_every_error_the_core_and_the_store_raise_on_purpose_has_its_problem() -> None:
    # An error added without its entry in PROBLEMS would be answered 500, as a fault of ours.
    raised_on_purpose = [
        kind
        for module in (core_errors, store_errors)
        for _, kind in inspect.getmembers(module, inspect.isclass)
        if issubclass(kind, Exception) and kind.__module__ == module.__name__ and kind not in NOT_THE_CALLERS
    ]
    unmapped = [kind.__name__ for kind in raised_on_purpose if not any(k in PROBLEMS for k in kind.__mro__)]

    assert len(raised_on_purpose) >= 7
    assert unmapped == []


def test_problem_body_has_the_rfc_9457_members() -> None:
    body = problem_body(HTTPStatus.UNSUPPORTED_MEDIA_TYPE, "Send JSON.")

    assert body == {
        "type": "urn:pico-planner:problem:unsupported-media-type",
        "title": "Unsupported Media Type",
        "status": 415,
        "detail": "Send JSON.",
    }


def test_slugs_are_url_safe_even_for_phrases_with_apostrophes() -> None:
    assert problem_body(HTTPStatus.IM_A_TEAPOT, "x")["type"] == "urn:pico-planner:problem:im-a-teapot"


def test_clean_field_errors_keeps_only_loc_msg_and_type() -> None:
    raw = [
        {"loc": ("body", "patient", 0), "msg": "bad", "type": "t", "input": "PATIENT DATA", "ctx": {"x": 1}}
    ]

    assert clean_field_errors(raw) == [{"loc": ["body", "patient", 0], "msg": "bad", "type": "t"}]


def test_clean_field_errors_fills_what_a_library_left_out() -> None:
    assert clean_field_errors([{}]) == [{"loc": [], "msg": "Invalid value", "type": "value_error"}]


def test_validation_detail_counts_and_names_at_most_five_fields() -> None:
    errors = [{"loc": ["body", f"f{i}"]} for i in range(7)]

    assert validation_detail(errors[:1]) == "1 field is invalid: body.f0."
    assert (
        validation_detail(errors)
        == "7 fields are invalid: body.f0, body.f1, body.f2, body.f3, body.f4 and 2 more."
    )


def test_a_problem_as_a_proxy_response_is_a_complete_gateway_answer() -> None:
    problem = ProblemError(HTTPStatus.BAD_REQUEST, "Nope.", headers={"X-Why": "test"})
    response = problem.to_answer().to_proxy_response()

    assert response["statusCode"] == 400
    assert response["headers"] == {"X-Why": "test", "Content-Type": PROBLEM_CONTENT_TYPE}
    assert response["isBase64Encoded"] is False
    assert Problem.model_validate_json(response["body"]).detail == "Nope."


def test_a_message_that_quotes_the_input_is_replaced_by_the_rule() -> None:
    raw = [{"loc": ("body", "x"), "msg": "'<b>hi</b>' is no good", "type": "no_good", "input": "<b>hi</b>"}]

    assert clean_field_errors(raw)[0]["msg"] == "Input breaks the rule no_good"


class _Graded(BaseModel):
    severity: Literal["mild", "moderate", "severe"]
    code: str = Field(default="ab-1", pattern=r"^[a-z]{2}-[0-9]+$")


def _errors_of(body: str) -> list[dict[str, Any]]:
    with pytest.raises(ValidationError) as raised:
        _Graded.model_validate_json(body)
    return clean_field_errors(raised.value.errors())


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('{"severity": "moderat"}', "Input should be 'mild', 'moderate' or 'severe'"),
        ('{"severity": "mild", "code": "[a-z]{2}"}', "String should match pattern '^[a-z]{2}-[0-9]+$'"),
    ],
)
def test_a_typo_of_a_schema_value_keeps_the_message_that_lists_the_values(body: str, message: str) -> None:
    # The input is part of the allowed values or the pattern the message states, not a quote of it.
    assert [error["msg"] for error in _errors_of(body)] == [message]


class _Zoned(BaseModel):
    time_zone: TimeZoneName


@pytest.mark.parametrize(
    ("sent", "message"),
    [
        ("London", "Input should be a known IANA time zone (names are case-sensitive, e.g. Europe/London)"),
        (
            "Europe/Lond",
            "Input should be a known IANA time zone (names are case-sensitive, e.g. Europe/London)",
        ),
        ("Europe/", "Input should be an IANA time zone name such as Europe/London"),
        # Text of the message beyond the example is still never sent back.
        ("zone", "Input breaks the rule time_zone_unknown"),
    ],
)
def test_part_of_the_example_zone_keeps_the_message_that_gives_it(sent: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        _Zoned(time_zone=sent)

    assert [error["msg"] for error in clean_field_errors(raised.value.errors())] == [message]


def test_a_message_quoting_the_input_beside_the_schema_values_is_still_replaced() -> None:
    raw = [
        {
            "loc": ("body", "severity"),
            "msg": "'moderat' is not 'mild' or 'moderate'",
            "type": "no_good",
            "input": "moderat",
            "ctx": {"expected": "'mild' or 'moderate'"},
        }
    ]

    assert clean_field_errors(raw)[0]["msg"] == "Input breaks the rule no_good"


def test_an_unknown_tag_lists_the_known_tags_not_the_one_sent() -> None:
    raw = [
        {
            "loc": ("body", "concerns", 0),
            "msg": "Input tag '<script>' found using 'type' does not match any of the expected tags: 'a'",
            "type": "union_tag_invalid",
            "ctx": {"discriminator": "'type'", "tag": "<script>", "expected_tags": "'a'"},
        }
    ]

    assert clean_field_errors(raw)[0]["msg"] == "Input tag should be one of: 'a'"


@pytest.mark.parametrize("key", ["<img src=x>", "x" * 65, "a b", ""])
def test_a_caller_key_not_shaped_like_a_field_name_is_not_echoed(key: str) -> None:
    raw = [{"loc": ("body", key), "msg": "Extra inputs are not permitted", "type": "extra_forbidden"}]

    assert clean_field_errors(raw)[0]["loc"] == ["body", UNKNOWN_FIELD]


def test_field_names_and_indexes_are_kept_in_the_location() -> None:
    raw = [{"loc": ("body", "If-Match", "closed_dates", 3), "msg": "m", "type": "t"}]

    assert clean_field_errors(raw)[0]["loc"] == ["body", "If-Match", "closed_dates", 3]
