"""Malformed requests through the real functions, from events/: each is a precise problem, never a 500.

`invoke` also checks each answer against openapi.json, so every status here must be documented for
its operation (or, for a wrong method, be a 405 whose Allow lists the documented methods).
"""

from __future__ import annotations

import base64
import gzip

import pytest

from tests.support.builders import drop_headers, set_headers
from tests.support.events import load_event
from tests.support.functions import invoke, invoke_event

PROBLEM = "application/problem+json"


@pytest.mark.parametrize(
    ("event_name", "status", "problem_type", "detail_mentions"),
    [
        ("errors/malformed_json", 400, "malformed-json", "not valid JSON"),
        ("errors/non_utf8_body", 400, "bad-request", "UTF-8"),
        ("errors/bad_base64_body", 400, "bad-request", "base64"),
        ("errors/multipart_without_boundary", 415, "unsupported-media-type", "application/json"),
        ("errors/wrong_content_type", 415, "unsupported-media-type", "application/json"),
        ("errors/non_json_charset", 415, "unsupported-media-type", "UTF-8"),
        ("errors/oversize_body", 413, "content-too-large", "64 KiB"),
    ],
)
def test_a_body_the_estimate_cannot_read_is_a_precise_problem(
    event_name: str, status: int, problem_type: str, detail_mentions: str
) -> None:
    answer = invoke_event("estimate", event_name)

    assert answer.status == status
    assert answer.content_type == PROBLEM
    assert answer.json["type"] == f"urn:pico-planner:problem:{problem_type}"
    assert detail_mentions in answer.json["detail"]


@pytest.mark.parametrize(
    "function_and_event", [("estimate", "estimate/wrinkles_mild"), ("schedule", "schedule/basic")]
)
def test_a_compressed_body_is_415_asking_for_it_plain(function_and_event: tuple[str, str]) -> None:
    # `invoke` holds the answer's headers to those the document names for a 415.
    function, event_name = function_and_event
    event = load_event(event_name)
    compressed = gzip.compress(event["body"].encode("utf-8"))
    event.update(body=base64.b64encode(compressed).decode("ascii"), isBase64Encoded=True)
    set_headers(event, {"Content-Encoding": "gzip"})

    answer = invoke(function, event)

    assert (answer.status, answer.content_type) == (415, PROBLEM)
    assert answer.headers["Accept-Encoding"] == "identity"


@pytest.mark.parametrize(
    ("function", "event_name", "allow"),
    [
        ("estimate", "errors/wrong_method_on_estimate", "POST"),
        ("catalogue", "errors/malformed_json_on_wrong_method", "GET, HEAD"),
        ("docs", "docs/openapi_document_wrong_method", "GET, HEAD"),
    ],
)
def test_a_wrong_method_is_405_with_allow_whatever_the_body(
    function: str, event_name: str, allow: str
) -> None:
    answer = invoke_event(function, event_name)

    assert answer.status == 405
    assert answer.content_type == PROBLEM
    assert answer.headers["Allow"] == allow


def test_a_json_body_without_content_type_is_read_as_json() -> None:
    """README and docs/contract.md: only a Content-Type other than JSON is a 415."""
    event = load_event("estimate/several_concerns")
    drop_headers(event, "Content-Type")
    assert invoke("estimate", event).status == 200

    event["body"] = "patient=42"
    answer = invoke("estimate", event)
    assert (answer.status, answer.json["type"]) == (400, "urn:pico-planner:problem:malformed-json")


def test_an_estimate_for_a_client_that_accepts_no_json_is_406() -> None:
    event = load_event("estimate/acne_scars")
    set_headers(event, {"Accept": "text/html"})

    answer = invoke("estimate", event)

    assert (answer.status, answer.content_type) == (406, PROBLEM)
