"""The direct path answers exactly as the resolver would, and only ever with a success.

Each function's handler is compared with a handler made from the same resolver without direct
routes: same status, same headers, same body, for every scenario in events/ and for generated
requests, valid and not.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pico_planner.api.direct_path import answer_directly
from pico_planner.api.entrypoint import make_lambda_handler
from tests.support.events import all_event_names, load_event
from tests.support.functions import FakeLambdaContext, function_module

TODAY = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
FUNCTION_OF_RESOURCE = {
    "/estimate": "estimate",
    "/schedule": "schedule",
    "/concerns": "catalogue",
    "/health": "catalogue",
}


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(function_module("schedule"), "clock", lambda: TODAY)
    yield


def _answers(function: str, event: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    module = function_module(function)
    with_direct = module.lambda_handler(json.loads(json.dumps(event)), FakeLambdaContext())
    resolver_only = make_lambda_handler(module.resolver, module.logger)
    without_direct = resolver_only(json.loads(json.dumps(event)), FakeLambdaContext())
    return with_direct, without_direct


def _comparable(response: dict[str, Any]) -> tuple[int, dict[str, str], Any]:
    headers = {k.lower(): str(v) for k, v in (response.get("headers") or {}).items()}
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers[name.lower()] = ", ".join(map(str, values))
    body = response.get("body") or ""
    parsed = json.loads(body) if headers.get("content-type", "").startswith("application/") and body else body
    return response["statusCode"], headers, parsed


DIRECT_SCENARIOS = [
    name
    for name in all_event_names()
    if load_event(name)["resource"] in FUNCTION_OF_RESOURCE
    and load_event(name)["httpMethod"] in ("GET", "POST")
]


@pytest.mark.parametrize("event_name", DIRECT_SCENARIOS)
def test_every_scenario_gets_the_same_answer_with_or_without_the_direct_path(event_name: str) -> None:
    event = load_event(event_name)
    function = FUNCTION_OF_RESOURCE[event["resource"]]

    with_direct, without_direct = _answers(function, event)

    assert _comparable(with_direct) == _comparable(without_direct)


@pytest.mark.parametrize("event_name", DIRECT_SCENARIOS)
def test_the_direct_path_answers_only_successes(event_name: str) -> None:
    event = load_event(event_name)
    module = function_module(FUNCTION_OF_RESOURCE[event["resource"]])

    direct = answer_directly(module.DIRECT_ROUTES, event)

    if direct is not None:
        assert direct.response["statusCode"] in (200, 304)


def test_well_formed_scenarios_are_answered_by_the_direct_path_and_invalid_ones_are_not() -> None:
    answered = {
        name
        for name in DIRECT_SCENARIOS
        if answer_directly(
            function_module(FUNCTION_OF_RESOURCE[load_event(name)["resource"]]).DIRECT_ROUTES,
            load_event(name),
        )
    }

    assert {
        "estimate/several_concerns",
        "schedule/basic",
        "schedule/basic_ics",
        "catalogue/concerns",
    } <= answered
    assert not {name for name in answered if "invalid" in name}


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


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=_estimate_body)
def test_generated_estimate_requests_get_the_same_answer_on_both_paths(body: dict[str, Any]) -> None:
    event = load_event("estimate/pigmentation_melasma")
    event["body"] = json.dumps(body)

    with_direct, without_direct = _answers("estimate", event)

    assert _comparable(with_direct) == _comparable(without_direct)


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
def test_edge_json_estimates_get_the_same_answer_on_both_paths(body: str) -> None:
    event = load_event("estimate/pigmentation_melasma")
    event["body"] = body

    with_direct, without_direct = _answers("estimate", event)

    assert _comparable(with_direct) == _comparable(without_direct)


@pytest.mark.parametrize("start", _EDGE_SCHEDULE_STARTS)
def test_edge_json_schedules_get_the_same_answer_on_both_paths(start: str) -> None:
    event = load_event("schedule/basic")
    body = json.loads(event["body"])
    event["body"] = json.dumps(body).replace(json.dumps(body["start_date"]), start)

    with_direct, without_direct = _answers("schedule", event)

    assert _comparable(with_direct) == _comparable(without_direct)
