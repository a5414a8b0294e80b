"""The proxy event the local server builds has API Gateway's REST (v1) shape."""

from __future__ import annotations

import base64
from typing import Any

from devtools.local_api.proxy_event import api_key_id, build_proxy_event, read_proxy_response
from devtools.local_api.template_routes import match_route, read_api
from tests.support.events import PROJECT_ROOT, load_event


def _event(body: bytes = b"") -> dict[str, Any]:
    return build_proxy_event(
        method="GET",
        stage="v1",
        resource="/clinics/{clinic_id}",
        path="/clinics/north-1",
        raw_query="a=1&a=2&b=x",
        header_pairs=[("Accept", "application/json"), ("X-Multi", "1"), ("X-Multi", "2")],
        body=body,
        path_parameters={"clinic_id": "north-1"},
        source_ip="127.0.0.1",
        api_key="k1",
    )


def test_event_has_the_keys_of_a_generated_event() -> None:
    generated = load_event("catalogue/health")
    built = _event()

    assert set(generated) <= set(built)
    assert {"stage", "requestId", "identity", "path", "resourcePath"} <= set(built["requestContext"])


def test_query_and_headers_are_single_and_multi_valued() -> None:
    event = _event()

    assert event["queryStringParameters"] == {"a": "2", "b": "x"}
    assert event["multiValueQueryStringParameters"] == {"a": ["1", "2"], "b": ["x"]}
    assert event["headers"]["X-Multi"] == "2"
    assert event["multiValueHeaders"]["X-Multi"] == ["1", "2"]


def test_stage_path_parameters_and_api_key_identity() -> None:
    event = _event()
    context = event["requestContext"]

    assert event["pathParameters"] == {"clinic_id": "north-1"}
    assert context["stage"] == "v1"
    assert context["path"] == "/v1/clinics/north-1"
    assert context["identity"]["apiKey"] == "k1"
    assert context["identity"]["apiKeyId"] == api_key_id("k1")


def test_non_utf8_body_is_base64_encoded_and_utf8_is_not() -> None:
    binary = _event(body=b"\xff\x00")
    text = _event(body='{"é": 1}'.encode())

    assert binary["isBase64Encoded"] is True
    assert base64.b64decode(binary["body"]) == b"\xff\x00"
    assert text["isBase64Encoded"] is False
    assert text["body"] == '{"é": 1}'


def test_response_headers_merge_and_base64_body_is_decoded() -> None:
    answer = read_proxy_response(
        {
            "statusCode": 201,
            "headers": {"Content-Type": "text/calendar"},
            "multiValueHeaders": {"Set-Cookie": ["a=1", "b=2"]},
            "body": base64.b64encode(b"BEGIN:VCALENDAR").decode(),
            "isBase64Encoded": True,
        }
    )

    assert answer.status == 201
    assert ("Set-Cookie", "a=1") in answer.headers and ("Set-Cookie", "b=2") in answer.headers
    assert ("Content-Type", "text/calendar") in answer.headers
    assert answer.body == b"BEGIN:VCALENDAR"


def test_routes_come_from_the_template_with_named_methods_before_any() -> None:
    api = read_api(PROJECT_ROOT / "template.yaml")

    post = match_route(api, "POST", "/estimate")
    other = match_route(api, "GET", "/estimate")
    assert post is not None and post[0].method == "POST"
    assert other is not None and other[0].method == "ANY"
    assert post[0].function.logical_id == "EstimateFunction"
    assert post[0].api_key_required is True
    health = match_route(api, "GET", "/health")
    assert health is not None and health[0].api_key_required is False
    assert match_route(api, "GET", "/nowhere") is None


def test_a_trailing_slash_reaches_the_resource_without_it_as_on_api_gateway() -> None:
    api = read_api(PROJECT_ROOT / "template.yaml")

    health = match_route(api, "GET", "/health/")
    clinic = match_route(api, "GET", "/clinics/north-1/")

    assert health is not None and health[0].resource == "/health"
    assert clinic is not None and (clinic[0].resource, clinic[1]) == (
        "/clinics/{clinic_id}",
        {"clinic_id": "north-1"},
    )
    assert match_route(api, "GET", "/health//") is None
