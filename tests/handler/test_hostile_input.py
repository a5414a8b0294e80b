"""Hostile requests through the real functions: never a 500, never the caller's text in the answer.

Every class of body a parser or validator can trip on is sent to every route that takes a body: integers
past Python's 4,300-digit limit, arrays and objects nested at every depth from 900 to 1,100 (around the
recursion limit, where a second parse deeper in the stack used to fail), huge and infinite floats, and a
long string in every string field. Then a marker is put in every string field, every header, the
method, the query and the path of every scenario in events/, and must come back nowhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from tests.support.events import all_event_names, load_event
from tests.support.functions import HandlerAnswer, function_of_resource, invoke

MARKER = "zq<img src=x onerror=alert(1)>Mk"
REFUSALS = {400, 413, 422}
# One valid body per route that takes one (the schedule twice: without and with a clinic).
BODY_SCENARIOS = (
    "estimate/several_concerns",
    "schedule/basic",
    "clinics/schedule_by_clinic",
    "clinics/put_new",
)


pytestmark = pytest.mark.usefixtures("pinned_today", "empty_clinic_store")


def _function_of(event: dict[str, Any]) -> str:
    return function_of_resource()[str(event["resource"])]


def _send(scenario: str, body: str) -> HandlerAnswer:
    event = load_event(scenario)
    event["body"] = body
    return invoke(_function_of(event), event)


def _string_paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _string_paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _string_paths(item, (*path, index))
    elif isinstance(value, str):
        yield path


def _replaced(document: Any, path: tuple[Any, ...], new: Any) -> Any:
    copy = json.loads(json.dumps(document))
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = new
    return copy


def _assert_refused(answer: HandlerAnswer) -> None:
    assert answer.status in REFUSALS, answer.body
    assert answer.content_type == "application/problem+json"


@pytest.mark.parametrize("scenario", BODY_SCENARIOS)
@pytest.mark.parametrize("digits", [4_301, 4_400, 20_000, 60_000])
def test_an_integer_longer_than_python_reads_is_refused(scenario: str, digits: int) -> None:
    number = "9" * digits
    body = json.loads(load_event(scenario)["body"])
    for text in (
        f'{{"n": {number}}}',
        f"[{number}]",
        json.dumps(body).replace("{", f'{{"n": -{number}, ', 1),
    ):
        answer = _send(scenario, text)
        _assert_refused(answer)
        assert number[:100] not in answer.body


@pytest.mark.parametrize("scenario", BODY_SCENARIOS[::2])  # one per function that takes a body
def test_nesting_at_every_depth_from_900_to_1100_is_refused(scenario: str) -> None:
    for depth in range(900, 1_101):
        opener, closer = ("[", "]") if depth % 2 else ('{"a":', "}")
        answer = _send(scenario, opener * depth + "1" + closer * depth)
        assert answer.status == 400, (depth, answer.body)


@pytest.mark.parametrize("scenario", BODY_SCENARIOS)
@pytest.mark.parametrize(
    "number", ["1e999999", "-1e400", "1." + "7" * 30_000, "0." + "0" * 30_000 + "1", "NaN"]
)
def test_huge_or_infinite_floats_in_every_field_are_refused(scenario: str, number: str) -> None:
    document = json.loads(load_event(scenario)["body"])
    paths = [*_string_paths(document), ("extra",)]
    for path in paths + [("patient", "age")] * ("patient" in document):
        text = json.dumps(_replaced(document, path, "@@NUMBER@@")).replace('"@@NUMBER@@"', number)
        _assert_refused(_send(scenario, text))


@pytest.mark.parametrize("scenario", BODY_SCENARIOS)
@pytest.mark.parametrize("length", [1_000, 60_000, 70_000])
def test_a_long_string_in_every_string_field_is_refused(scenario: str, length: int) -> None:
    document = json.loads(load_event(scenario)["body"])
    paths = list(_string_paths(document))
    assert paths, "the scenario has string fields"
    for path in paths:
        answer = _send(scenario, json.dumps(_replaced(document, path, "q" * length)))
        _assert_refused(answer)
        assert "q" * 60 not in answer.body


def _answer_text(answer: HandlerAnswer) -> str:
    return answer.body + "\n" + "\n".join(f"{name}: {value}" for name, value in answer.headers.items())


def _marked_events(name: str) -> Iterator[tuple[str, dict[str, Any]]]:
    original = load_event(name)
    body = original.get("body")
    document = None
    if isinstance(body, str) and body and not original.get("isBase64Encoded"):
        try:
            document = json.loads(body)
        except ValueError:
            document = None
    for path in _string_paths(document) if document is not None else ():
        event = load_event(name)
        event["body"] = json.dumps(_replaced(document, path, MARKER))
        yield f"body {path}", event
    if isinstance(document, dict):
        event = load_event(name)
        event["body"] = json.dumps({**document, MARKER: MARKER, "x" * 5_000: 1})
        yield "body key", event
    for header in [*list(original.get("headers") or {}), MARKER]:
        event = load_event(name)
        event["headers"] = {**(event.get("headers") or {}), header: MARKER}
        event["multiValueHeaders"] = {k: [v] for k, v in event["headers"].items()}
        yield f"header {header}", event
    for header in ("If-Match", "If-None-Match", "Accept", "Content-Type", "Origin", "X-Forwarded-For"):
        event = load_event(name)
        event["headers"] = {**(event.get("headers") or {}), header: MARKER}
        yield f"header {header}", event
    event = load_event(name)
    event["httpMethod"] = MARKER
    yield "method", event
    event = load_event(name)
    event["queryStringParameters"] = {"cursor": MARKER, "limit": MARKER, MARKER: MARKER}
    yield "query", event
    if original.get("pathParameters"):
        event = load_event(name)
        event["pathParameters"] = dict.fromkeys(original["pathParameters"], MARKER)
        event["path"] = str(event["path"]).rsplit("/", 1)[0] + "/" + MARKER
        yield "path", event


def _one_event_per_route() -> list[str]:
    routes: dict[tuple[str, str], str] = {}
    for name in all_event_names():
        event = load_event(name)
        routes.setdefault((str(event["httpMethod"]), str(event["resource"])), name)
    return sorted(routes.values())


@pytest.mark.parametrize("event_name", _one_event_per_route())
def test_no_caller_text_comes_back_in_any_answer(event_name: str) -> None:
    function = _function_of(load_event(event_name))
    for where, event in _marked_events(event_name):
        answer = invoke(function, event, check_contract=False)
        assert answer.status < 500, (where, answer.body)
        if answer.status < 300 and where == "body ('display_name',)":
            continue  # the clinic's own name, stored and answered as its resource: not a problem's echo
        assert MARKER not in _answer_text(answer), where
        assert "onerror" not in _answer_text(answer), where


def test_the_marker_check_finds_an_echo() -> None:
    echoed = HandlerAnswer(status=422, headers={"X-Note": MARKER}, body="{}")
    assert MARKER in _answer_text(echoed)
