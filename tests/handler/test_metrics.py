"""CloudWatch metrics (EMF) per endpoint: requests, validation failures, concern types, cold starts."""

from __future__ import annotations

import json
from typing import Any

import pytest

from pico_planner.core.concerns import CONCERN_TYPES
from tests.support.events import load_event
from tests.support.functions import invoke

# Every dimension a metric may carry; each value comes from a fixed vocabulary.
ALLOWED_DIMENSIONS = {"service", "endpoint", "concern_type"}


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


def _run(function: str, event_name: str, capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    capsys.readouterr()
    invoke(function, load_event(event_name), check_contract=False)
    return _emf_documents(capsys.readouterr().out)


def test_a_request_counts_once_for_its_endpoint(capsys: pytest.CaptureFixture[str]) -> None:
    documents = _run("estimate", "estimate/wrinkles_mild", capsys)
    requests = [d for d in documents if "Requests" in _metric_names(d)]

    assert len(requests) == 1
    assert requests[0]["endpoint"] == "POST /estimate"
    assert requests[0]["Requests"] == [1.0]
    assert requests[0]["_aws"]["CloudWatchMetrics"][0]["Namespace"] == "PicoPlanner"


def test_a_validation_failure_is_counted(capsys: pytest.CaptureFixture[str]) -> None:
    documents = _run("estimate", "estimate/invalid_skin_type", capsys)

    assert any("ValidationFailures" in _metric_names(d) for d in documents)


def test_a_valid_request_is_not_a_validation_failure(capsys: pytest.CaptureFixture[str]) -> None:
    documents = _run("estimate", "estimate/wrinkles_mild", capsys)

    assert not any("ValidationFailures" in _metric_names(d) for d in documents)


def test_each_concern_type_requested_is_one_metric_with_its_type_as_dimension(
    capsys: pytest.CaptureFixture[str],
) -> None:
    documents = _run("estimate", "estimate/several_concerns", capsys)
    concerns = [d for d in documents if "ConcernRequested" in _metric_names(d)]

    assert sorted(d["concern_type"] for d in concerns) == ["pigmentation", "tattoo", "wrinkles"]
    assert all(d["endpoint"] == "POST /estimate" for d in concerns)


def test_concern_types_of_a_refused_request_are_not_counted(capsys: pytest.CaptureFixture[str]) -> None:
    documents = _run("estimate", "estimate/invalid_unknown_concern", capsys)

    assert not any("ConcernRequested" in _metric_names(d) for d in documents)


def test_the_first_request_of_a_container_is_a_cold_start_and_the_next_is_not(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pico_planner.api.entrypoint import make_lambda_handler
    from tests.support.functions import FakeLambdaContext, function_module

    module = function_module("catalogue")
    # A handler made now is a new container's: its first request is the cold start.
    fresh_handler = make_lambda_handler(module.resolver, module.logger, module.catalogue_route.DIRECT_ROUTES)
    capsys.readouterr()
    fresh_handler(load_event("catalogue/health"), FakeLambdaContext())
    fresh_handler(load_event("catalogue/health"), FakeLambdaContext())
    documents = _emf_documents(capsys.readouterr().out)

    cold = [d for d in documents if "ColdStart" in _metric_names(d)]
    assert len(cold) == 1
    assert len([d for d in documents if "Requests" in _metric_names(d)]) == 2


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
    function: str, event_name: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import datetime as dt

    from tests.support.functions import function_module

    monkeypatch.setattr(
        function_module("schedule"), "clock", lambda: dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
    )
    documents = _run(function, event_name, capsys)

    assert documents, "no metrics were written"
    for document in documents:
        assert _dimension_names(document) <= ALLOWED_DIMENSIONS
        assert document["endpoint"] in {
            "POST /estimate",
            "POST /schedule",
            "GET /concerns",
            "GET /openapi.json",
        }
        if "concern_type" in document:
            assert document["concern_type"] in CONCERN_TYPES
