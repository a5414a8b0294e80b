"""The body guards: a body that cannot be read as JSON gets a precise problem before any validation,
and the handler as a whole answers 404, 405 and 500 as problems."""

from __future__ import annotations

import base64
import gzip
import json
from typing import Annotated, Any

import pytest
from pydantic import BaseModel

from devtools.lambda_context import LambdaContext
from devtools.new_event import make_event
from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.call import Services
from pico_planner.api.handler import make_lambda_handler
from pico_planner.api.json_body import parse_json_body
from pico_planner.api.limits import MAX_BODY_BYTES
from pico_planner.api.problems import PROBLEM_CONTENT_TYPE, problem_for
from pico_planner.api.request_body import body_text
from pico_planner.api.routing import Body, RouteTable
from pico_planner.api.settings import Settings
from tests.support.functions import logger_for_tests

VALID_BODY = '{"patient": {"age": 42}}'


def _post(
    body: str | None, *, content_type: str | None = "application/json", base64_encoded: bool = False
) -> dict[str, Any]:
    event = make_event("POST", "/things", raw_body=body)
    event["headers"].pop("Content-Type", None)
    if content_type is not None:
        event["headers"]["Content-Type"] = content_type
    event["isBase64Encoded"] = base64_encoded
    return event


def refusal_of_body(event: dict[str, Any]) -> dict[str, Any] | None:
    """What the handler answers for a body the guards refuse (None: the body goes on to validation)."""
    try:
        text = body_text(event, Headers(event.get("headers")))
        if text is not None:
            parse_json_body(text)
    except Exception as error:
        problem = problem_for(error)
        assert problem is not None, "every refusal is in the problems table"
        return problem.to_answer().to_proxy_response()
    event["body"] = text
    return None


def _problem(response: dict[str, Any] | None) -> dict[str, Any]:
    assert response is not None, "the guard let the request through"
    assert response["headers"]["Content-Type"] == PROBLEM_CONTENT_TYPE
    body: dict[str, Any] = json.loads(response["body"])
    assert body["status"] == response["statusCode"]
    assert set(body) == {"type", "title", "status", "detail"}
    return body


def test_valid_json_goes_through_untouched() -> None:
    event = _post(VALID_BODY)

    assert refusal_of_body(event) is None
    assert event["body"] == VALID_BODY


def test_a_route_without_a_body_never_reads_one() -> None:
    _, handler = _handler()
    event = make_event("GET", "/things", raw_body="{not json")

    assert handler(event, LambdaContext())["statusCode"] == 200


@pytest.mark.parametrize("body", [None, ""])
def test_an_empty_body_is_left_to_validation(body: str | None) -> None:
    assert refusal_of_body(_post(body)) is None


def test_malformed_json_is_400_naming_where_it_broke() -> None:
    body = _problem(refusal_of_body(_post('{"patient": ')))

    assert body["status"] == 400
    assert body["type"] == "urn:pico-planner:problem:malformed-json"
    assert "line 1, column 13" in body["detail"]
    assert "patient" not in body["detail"], "the body itself is never echoed"


def test_json_nested_beyond_the_parser_is_400_not_a_crash() -> None:
    depth = MAX_BODY_BYTES // 2 - 10
    body = _problem(refusal_of_body(_post("[" * depth + "]" * depth)))

    assert body["status"] == 400
    assert "levels deep" in body["detail"]


def test_a_body_over_64_kib_is_413() -> None:
    body = _problem(refusal_of_body(_post(json.dumps({"padding": "x" * MAX_BODY_BYTES}))))

    assert body["status"] == 413
    assert body["type"] == "urn:pico-planner:problem:content-too-large"


def test_a_body_of_exactly_64_kib_is_accepted() -> None:
    text = json.dumps({"p": ""})
    text = json.dumps({"p": "x" * (MAX_BODY_BYTES - len(text))})

    assert len(text.encode()) == MAX_BODY_BYTES
    assert refusal_of_body(_post(text)) is None


def test_size_counts_bytes_not_characters() -> None:
    characters = MAX_BODY_BYTES // 2  # each é is two bytes in UTF-8
    body = _problem(refusal_of_body(_post(json.dumps({"p": "é" * characters}, ensure_ascii=False))))

    assert body["status"] == 413


def test_an_oversize_base64_body_is_refused_before_decoding() -> None:
    encoded = base64.b64encode(b"x" * (MAX_BODY_BYTES + 10)).decode()

    assert _problem(refusal_of_body(_post(encoded, base64_encoded=True)))["status"] == 413


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain",
        "multipart/form-data",  # no boundary: Powertools' own parser raises on this
        "multipart/form-data; boundary=x",
        "application/x-www-form-urlencoded",
        "application/json; charset=iso-8859-1",
        "application/jsonp",
    ],
)
def test_a_body_that_is_not_utf8_json_by_content_type_is_415(content_type: str) -> None:
    body = _problem(refusal_of_body(_post(VALID_BODY, content_type=content_type)))

    assert body["status"] == 415
    assert body["type"] == "urn:pico-planner:problem:unsupported-media-type"


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "Application/JSON",
        "application/json; charset=utf-8",
        'application/json; charset="UTF-8"',
        "application/json;charset=utf8",
        "application/merge-patch+json",
        None,  # absent: the body is still parsed as JSON
    ],
)
def test_json_content_types_are_accepted(content_type: str | None) -> None:
    assert refusal_of_body(_post(VALID_BODY, content_type=content_type)) is None


@pytest.mark.parametrize(
    ("coding", "compressed"), [("gzip", True), ("gzip", False), ("br", False), ("identity, gzip", True)]
)
def test_a_body_with_a_content_coding_is_415_naming_the_one_accepted(coding: str, compressed: bool) -> None:
    # Compressed, it used to fail as "not UTF-8"; labelled but plain, it was read as if unlabelled.
    raw = gzip.compress(VALID_BODY.encode()) if compressed else VALID_BODY.encode()
    event = _post(base64.b64encode(raw).decode(), base64_encoded=True)
    event["headers"]["Content-Encoding"] = coding

    response = refusal_of_body(event)
    body = _problem(response)

    assert body["status"] == 415
    assert "Content-Encoding" in body["detail"]
    assert response is not None
    assert response["headers"]["Accept-Encoding"] == "identity"


@pytest.mark.parametrize("coding", ["identity", "IDENTITY", ""])
def test_the_identity_coding_is_no_coding(coding: str) -> None:
    event = _post(VALID_BODY)
    event["headers"]["Content-Encoding"] = coding
    assert refusal_of_body(event) is None


def test_a_leading_byte_order_mark_is_ignored() -> None:
    # RFC 8259 §8.1: parsers may ignore it; Windows tools still write one.
    event = _post("\ufeff" + VALID_BODY)
    assert body_text(event, Headers(event["headers"])) == VALID_BODY
    only_the_mark = _post("\ufeff")
    assert body_text(only_the_mark, Headers(only_the_mark["headers"])) is None


def test_a_non_utf8_body_is_400() -> None:
    encoded = base64.b64encode(b'{"p": "\xff\xfe"}').decode()

    body = _problem(refusal_of_body(_post(encoded, base64_encoded=True)))

    assert body["status"] == 400
    assert "UTF-8" in body["detail"]


@pytest.mark.parametrize("encoded", ["not base64!", "eyJ", "e"])
def test_undecodable_base64_is_400(encoded: str) -> None:
    body = _problem(refusal_of_body(_post(encoded, base64_encoded=True)))

    assert body["status"] == 400
    assert "base64" in body["detail"]


def test_a_base64_utf8_json_body_is_read_as_its_text() -> None:
    event = _post(base64.b64encode(VALID_BODY.encode()).decode(), base64_encoded=True)

    assert body_text(event, Headers(event["headers"])) == VALID_BODY


def test_a_lone_surrogate_in_a_text_body_is_400_not_a_crash() -> None:
    body = _problem(refusal_of_body(_post('{"p": "\ud800"}')))

    assert body["status"] == 400


def test_a_body_that_is_not_a_string_is_400() -> None:
    event = _post(None)
    event["body"] = {"already": "parsed"}

    assert _problem(refusal_of_body(event))["status"] == 400


# The handler as a whole: routing, guards and the last line of defence together.


class Thing(BaseModel):
    a: int


def _handler() -> Any:
    routes = RouteTable()
    documented: dict[str, Any] = {
        "operation_id": "x",
        "summary": "",
        "description": "",
        "tags": (),
        "responses": {},
    }

    @routes.route("GET", "/things", **documented)
    def list_things() -> PlainAnswer:
        return PlainAnswer(200, "application/json", '{"ok":"yes"}')

    @routes.route("POST", "/things", **documented)
    def add_thing(thing: Annotated[Thing, Body("A thing.")]) -> PlainAnswer:
        raise RuntimeError("secret internal detail")

    return routes, make_lambda_handler(routes, Services(Settings()), logger_for_tests("guards"))


def test_a_wrong_method_with_a_malformed_body_is_405_not_400() -> None:
    _, handler = _handler()
    event = make_event("PUT", "/things", raw_body="{not json")

    response = handler(event, LambdaContext())

    assert response["statusCode"] == 405
    assert response["headers"]["Allow"] == "GET, HEAD, POST"


def test_an_unknown_path_with_a_malformed_body_is_404_not_400() -> None:
    _, handler = _handler()
    event = make_event("POST", "/elsewhere", raw_body="{not json")

    assert handler(event, LambdaContext())["statusCode"] == 404


def test_a_route_that_raises_is_a_generic_500_problem() -> None:
    _, handler = _handler()

    response = handler(make_event("POST", "/things", body={"a": 1}), LambdaContext())

    assert response["statusCode"] == 500
    assert "secret" not in response["body"]
    assert json.loads(response["body"])["status"] == 500


def test_a_failure_outside_the_route_is_still_a_500_problem(monkeypatch: pytest.MonkeyPatch) -> None:
    routes, handler = _handler()

    def broken(*_: object) -> Any:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(routes, "match", broken)
    response = handler(make_event("GET", "/things"), LambdaContext())

    assert response["statusCode"] == 500
    assert response["headers"]["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert "secret" not in response["body"]
