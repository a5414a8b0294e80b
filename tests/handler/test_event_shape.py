"""Events API Gateway never sends (a direct invoke, another event source, a test tool) are never a 500
nor an exception out of the handler: one the glue cannot read is a 400 naming the member it cannot read."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from devtools.lambda_context import LambdaContext
from pico_planner.api.event_shape import unreadable_event_problem
from pico_planner.api.problems import PROBLEM_CONTENT_TYPE
from pico_planner.api.settings import Settings
from tests.support.events import all_event_names, load_event
from tests.support.functions import function_handler, invoke
from tests.support.logs import LogCapture

# CORS on: its headers are written after the answer, from the request's headers.
WITH_CORS = Settings(cors_allowed_origin="https://booking.example")

# Members the glue reads on every request of these events: each answered 400, naming the member.
_UNREADABLE: list[tuple[str, Any]] = [
    ("headers", ["Accept: application/json"]),
    ("headers", "Accept: application/json"),
    ("headers", {"Accept": ["application/json"]}),
    ("headers", {"Accept": 5}),
    ("headers", {5: "application/json"}),
]
# Members that are not as API Gateway sends them either, but that no step needs to read as text
# for these events: any answer but a 5xx.
_ODD: list[tuple[str, Any]] = [
    ("multiValueHeaders", {"Accept": "application/json"}),
    ("multiValueHeaders", {"Accept": [b"application/json", 5]}),
    ("multiValueHeaders", ["Accept"]),
    ("queryStringParameters", ["limit=5"]),
    ("multiValueQueryStringParameters", {"limit": "5"}),
    ("pathParameters", {"clinic_id": 7}),
    ("httpMethod", 5),
    ("path", ["/clinics"]),
    ("resource", 1),
]
_EVENTS = [("schedule", "schedule/basic"), ("clinics", "clinics/put_new"), ("clinics", "clinics/list")]
# The clinics function answers from an empty test table; the schedule function plans on a fixed day.
_ANSWERING = pytest.mark.usefixtures("empty_clinic_store", "pinned_today")


@pytest.mark.parametrize("name", all_event_names())
def test_every_event_of_events_is_readable(name: str) -> None:
    assert unreadable_event_problem(load_event(name)) is None


@_ANSWERING
@pytest.mark.parametrize(("function", "event_name"), _EVENTS)
@pytest.mark.parametrize(("member", "value"), _UNREADABLE, ids=lambda part: repr(part)[:40])
def test_a_member_the_glue_cannot_read_is_a_400_naming_it(
    function: str, event_name: str, member: str, value: Any
) -> None:
    event = load_event(event_name)
    event[member] = value

    answer = invoke(function, event, check_contract=False, settings=WITH_CORS)

    assert answer.status == 400, answer.body
    assert answer.content_type == PROBLEM_CONTENT_TYPE
    assert f"{member} is not as API Gateway sends it" in answer.json["detail"]


@_ANSWERING
@pytest.mark.parametrize(("function", "event_name"), _EVENTS)
@pytest.mark.parametrize(("member", "value"), _ODD, ids=lambda part: repr(part)[:40])
def test_any_other_odd_member_is_never_a_500(function: str, event_name: str, member: str, value: Any) -> None:
    event = load_event(event_name)
    event[member] = value

    answer = invoke(function, event, check_contract=False, settings=WITH_CORS)

    assert answer.status < 500, answer.body


@pytest.mark.parametrize(("member", "value"), _ODD, ids=lambda part: repr(part)[:40])
def test_an_odd_member_is_named_when_asked(member: str, value: Any) -> None:
    event = load_event("schedule/basic")
    event[member] = value

    problem = unreadable_event_problem(event)

    assert problem is not None
    assert problem.status == 400
    assert f"{member} is not as API Gateway sends it" in problem.detail


@_ANSWERING
@pytest.mark.parametrize("event_name", ["clinics/put_new", "clinics/list"])
@pytest.mark.parametrize(
    ("member", "context"),
    [
        ("requestContext", ["identity"]),
        ("requestContext", "v1"),
        ("requestContext.identity", {"identity": "key"}),
    ],
    ids=repr,
)
def test_a_request_context_not_as_api_gateway_sends_it_is_a_400_not_a_guess_at_the_partner(
    event_name: str, member: str, context: Any
) -> None:
    event = load_event(event_name)
    event["requestContext"] = context

    answer = invoke("clinics", event, check_contract=False, settings=WITH_CORS)

    assert answer.status == 400, answer.body
    assert f"{member} is not as API Gateway sends it" in answer.json["detail"]


@pytest.mark.parametrize("event", [None, [], "GET /v1/health", 7], ids=repr)
def test_an_event_that_is_not_an_object_is_answered_400(event: Any) -> None:
    response = function_handler("catalogue")(copy.deepcopy(event), LambdaContext(function_name="catalogue"))

    assert response["statusCode"] == 400
    assert response["headers"]["Content-Type"] == PROBLEM_CONTENT_TYPE
    assert "the event is not as API Gateway sends it" in json.loads(response["body"])["detail"]


@_ANSWERING
def test_the_exception_behind_an_unreadable_event_is_logged(captured_logs: LogCapture) -> None:
    # An odd member the failing step never read could hide a fault of ours: the operator sees it.
    event = load_event("schedule/basic")
    event["headers"] = {"Accept": 5}
    captured_logs.start()

    answer = invoke("schedule", event, check_contract=False)

    lines = [json.loads(line) for line in captured_logs.read().splitlines() if line.startswith("{")]
    warnings = [line for line in lines if line["message"] == "Unreadable request event"]
    assert answer.status == 400
    assert len(warnings) == 1 and warnings[0]["level"] == "WARNING"
    assert warnings[0]["error_type"] == "AttributeError"
