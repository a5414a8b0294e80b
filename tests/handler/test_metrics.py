"""CloudWatch metrics (EMF) per endpoint: requests, validation failures, concern types, cold starts.

Each request writes one log event that is also its EMF document: the "request handled" line.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from devtools.lambda_context import LambdaContext
from devtools.new_event import EVENTS_PLANNED_AT
from pico_planner.core.concerns import CONCERN_TYPES
from tests.support.events import load_event
from tests.support.functions import invoke
from tests.support.logs import LogCapture

# Every dimension a metric may carry; each value comes from a fixed vocabulary.
ALLOWED_DIMENSIONS = {"service", "endpoint"}


def _emf_documents(stdout: str) -> list[dict[str, Any]]:
    documents = []
    for line in stdout.splitlines():
        if line.startswith("{") and '"_aws"' in line:
            documents.append(json.loads(line))
    return documents


def _metric_names(document: dict[str, Any]) -> set[str]:
    return {m["Name"] for d in document["_aws"]["CloudWatchMetrics"] for m in d["Metrics"]}


def _dimension_names(document: dict[str, Any]) -> set[str]:
    return {
        name for d in document["_aws"]["CloudWatchMetrics"] for group in d["Dimensions"] for name in group
    }


def _new_container_handler(function: str) -> Any:
    """The function's handler as a new container would make it: its first request is a cold start."""
    from pico_planner.api.handler import make_lambda_handler
    from tests.support.functions import function_module, logger_for_tests, services_for_tests

    module = function_module(function)
    return make_lambda_handler(module.ROUTES, services_for_tests(), logger_for_tests(function))


def _run(function: str, event_name: str, logs: LogCapture) -> list[dict[str, Any]]:
    logs.start()
    invoke(function, load_event(event_name), check_contract=False)
    return _emf_documents(logs.read())


def test_a_request_writes_one_document_its_log_line_counting_it_once(
    captured_logs: LogCapture,
) -> None:
    documents = _run("estimate", "estimate/wrinkles_mild", captured_logs)

    assert len(documents) == 1
    (document,) = documents
    assert document["message"] == "request handled"
    assert document["endpoint"] == "POST /estimate"
    assert document["Requests"] == [1.0]
    assert document["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "PicoPlanner"
    assert {"Requests"} <= _metric_names(document)


def test_every_metric_named_in_a_document_has_its_value(captured_logs: LogCapture) -> None:
    (document,) = _run("estimate", "estimate/several_concerns", captured_logs)

    for name in _metric_names(document):
        assert document[name] == [1.0], name


def test_each_document_has_the_time_of_its_own_request(
    captured_logs: LogCapture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    # The same request twice, at two known instants: the second document is not the first's copy.
    monkeypatch.setattr(time, "time", lambda: 1_900_000_000.0)
    first = _run("estimate", "estimate/wrinkles_mild", captured_logs)[0]["_aws"]["Timestamp"]
    monkeypatch.setattr(time, "time", lambda: 1_900_000_060.0)
    second = _run("estimate", "estimate/wrinkles_mild", captured_logs)[0]["_aws"]["Timestamp"]

    assert (first, second) == (1_900_000_000_000, 1_900_000_060_000)


def test_a_validation_failure_is_counted(captured_logs: LogCapture) -> None:
    documents = _run("estimate", "estimate/invalid_skin_type", captured_logs)

    assert any("ValidationFailures" in _metric_names(d) for d in documents)


def test_a_valid_request_is_not_a_validation_failure(captured_logs: LogCapture) -> None:
    documents = _run("estimate", "estimate/wrinkles_mild", captured_logs)

    assert not any("ValidationFailures" in _metric_names(d) for d in documents)


def _concern_metrics(document: dict[str, Any]) -> list[str]:
    return sorted(name for name in _metric_names(document) if name.startswith("ConcernRequested."))


def test_each_concern_type_requested_is_one_metric_named_after_it(captured_logs: LogCapture) -> None:
    (document,) = _run("estimate", "estimate/several_concerns", captured_logs)

    assert _concern_metrics(document) == [
        "ConcernRequested.pigmentation",
        "ConcernRequested.tattoo",
        "ConcernRequested.wrinkles",
    ]
    assert document["endpoint"] == "POST /estimate"


def test_a_schedule_counts_its_concern_types_too(
    captured_logs: LogCapture, monkeypatch: pytest.MonkeyPatch
) -> None:

    from tests.support.functions import INJECTED

    monkeypatch.setattr(INJECTED, "clock", lambda: EVENTS_PLANNED_AT)
    (document,) = _run("schedule", "schedule/basic", captured_logs)

    assert _concern_metrics(document) == ["ConcernRequested.pigmentation"]


def test_a_base64_encoded_success_counts_its_concern_types(captured_logs: LogCapture) -> None:
    import base64

    event = load_event("estimate/several_concerns")
    event["body"] = base64.b64encode(event["body"].encode()).decode()
    event["isBase64Encoded"] = True
    captured_logs.start()
    answer = invoke("estimate", event, check_contract=False)
    (document,) = _emf_documents(captured_logs.read())

    assert answer.status == 200
    assert len(_concern_metrics(document)) == 3


def test_concern_types_of_a_refused_request_are_not_counted(captured_logs: LogCapture) -> None:
    documents = _run("estimate", "estimate/invalid_unknown_concern", captured_logs)

    assert documents
    assert not any(_concern_metrics(d) for d in documents)


def test_the_first_request_of_a_container_is_a_cold_start_and_the_next_is_not(
    captured_logs: LogCapture,
) -> None:

    fresh_handler = _new_container_handler("catalogue")
    captured_logs.start()
    fresh_handler(load_event("catalogue/health"), LambdaContext())
    fresh_handler(load_event("catalogue/health"), LambdaContext())
    documents = _emf_documents(captured_logs.read())

    cold = [d for d in documents if "ColdStart" in _metric_names(d)]
    assert len(cold) == 1
    assert len([d for d in documents if "Requests" in _metric_names(d)]) == 2
    assert [d["cold_start"] for d in documents] == [True, False]


def test_the_line_carries_the_request_ids_and_the_function(captured_logs: LogCapture) -> None:

    fresh_handler = _new_container_handler("estimate")  # its own keys are bound on its cold start
    event = load_event("estimate/wrinkles_mild")
    context = LambdaContext(function_name="estimate-function", memory_limit_in_mb=256)
    captured_logs.start()
    fresh_handler(event, context)
    (line,) = _emf_documents(captured_logs.read())

    assert line["correlation_id"] == event["requestContext"]["requestId"]
    assert line["function_request_id"] == context.aws_request_id
    assert line["function_name"] == "estimate-function"
    assert line["function_arn"] == context.invoked_function_arn
    assert line["function_memory_size"] == context.memory_limit_in_mb
    assert (line["route"], line["method"], line["status"]) == ("/estimate", "POST", 200)


def test_a_request_without_a_request_id_logs_none_rather_than_the_last_one(captured_logs: LogCapture) -> None:
    event = load_event("estimate/wrinkles_mild")
    captured_logs.start()
    invoke("estimate", event, check_contract=False)
    del event["requestContext"]["requestId"]
    invoke("estimate", event, check_contract=False)
    first, second = (json.loads(line) for line in captured_logs.read().splitlines() if '"_aws"' in line)

    assert "correlation_id" in first
    assert "correlation_id" not in second


def test_metrics_turned_off_leave_the_line_without_them(
    captured_logs: LogCapture, monkeypatch: pytest.MonkeyPatch
) -> None:

    monkeypatch.setenv("POWERTOOLS_METRICS_DISABLED", "true")
    fresh_handler = _new_container_handler("estimate")  # the setting is read once per container
    captured_logs.start()
    fresh_handler(load_event("estimate/wrinkles_mild"), LambdaContext())
    fresh_handler(load_event("estimate/wrinkles_mild"), LambdaContext())
    output = captured_logs.read()

    assert output.count("request handled") == 2
    assert '"_aws"' not in output


def test_metrics_are_written_even_when_info_lines_are_turned_off(captured_logs: LogCapture) -> None:
    import logging

    from tests.support.functions import logger_for_tests

    stdlib_logger = logging.getLogger(logger_for_tests("estimate").name)
    level = stdlib_logger.level
    stdlib_logger.setLevel(logging.WARNING)  # setLevel, not the attribute: it resets the level caches
    try:
        captured_logs.start()
        invoke("estimate", load_event("estimate/wrinkles_mild"), check_contract=False)
        output = captured_logs.read()
    finally:
        stdlib_logger.setLevel(level)

    assert "request handled" not in output
    (document,) = _emf_documents(output)
    assert document["Requests"] == [1.0]


@pytest.mark.parametrize(
    ("function", "event_name"),
    [
        ("estimate", "estimate/several_concerns"),
        ("estimate", "estimate/invalid_wrong_types"),
        ("schedule", "schedule/basic"),
        ("catalogue", "catalogue/concerns"),
        ("docs", "docs/openapi_document"),
    ],
)
def test_dimensions_are_fixed_vocabulary_only(
    function: str, event_name: str, captured_logs: LogCapture, monkeypatch: pytest.MonkeyPatch
) -> None:

    from tests.support.functions import INJECTED

    monkeypatch.setattr(INJECTED, "clock", lambda: EVENTS_PLANNED_AT)
    documents = _run(function, event_name, captured_logs)

    assert documents, "no metrics were written"
    for document in documents:
        assert _dimension_names(document) <= ALLOWED_DIMENSIONS
        assert document["endpoint"] in {
            "POST /estimate",
            "POST /schedule",
            "GET /concerns",
            "GET /openapi.json",
        }
        for name in _concern_metrics(document):
            assert name.removeprefix("ConcernRequested.") in CONCERN_TYPES
