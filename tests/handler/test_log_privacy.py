"""No value from a request reaches a log line: every events/ scenario, run with its logs captured.

Log lines here are everything a function writes: Powertools' JSON log lines and the EMF metric
documents on stdout, and whatever reaches stderr (Python's warnings): CloudWatch stores all of it in
the function's log group. A value counts as leaked when it
appears as the request had it: as a `"key": value` pair (JSON or Python repr), or, for strings of
four characters or more (dates, time zones, subtypes), anywhere in a line. The only request values
allowed out are the concern types, as the fixed-vocabulary metric names `ConcernRequested.<type>`.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import Any

import pytest

from pico_planner.api.request_metrics import CONCERN_METRIC_PREFIX
from pico_planner.core.concerns import CONCERN_TYPES
from tests.support.events import EVENTS_DIR, all_event_names, load_event
from tests.support.functions import function_of_resource, invoke
from tests.support.logs import LogCapture

MIN_FREE_TEXT_LENGTH = 4
# The logger's own clock on every line, e.g. "timestamp":"2026-12-01 09:00:00,123+0000". It is the
# moment the line was written, not a request value, and on some days it shares a date with a request.
_LOGGER_TIMESTAMP = re.compile(
    r'"timestamp":\s*"\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})?"'
)


def _scalars(value: Any, key: str | None = None) -> Iterator[tuple[str | None, Any]]:
    if isinstance(value, dict):
        for name, item in value.items():
            yield from _scalars(item, str(name))
    elif isinstance(value, list):
        for item in value:
            yield from _scalars(item, key)
    else:
        yield key, value


def written_by_the_code(log_text: str) -> str:
    """`log_text` without what the logging library adds on its own: the time each line was written."""
    return _LOGGER_TIMESTAMP.sub('"timestamp": "(logger clock)"', log_text)


def leaked_values(request_body: str | None, secrets: list[str], log_text: str) -> list[str]:
    """Every request value found in `log_text`, each as the pattern that found it."""
    log_text = written_by_the_code(log_text)
    found = [secret for secret in secrets if secret and secret in log_text]
    if not request_body:
        return found
    try:
        body = json.loads(request_body)
    except (json.JSONDecodeError, RecursionError):
        # A body that is not JSON must not be logged at all: look for any longer run of it.
        chunks = [request_body[i : i + 12] for i in range(0, max(len(request_body) - 11, 1), 12)]
        return found + [c for c in chunks if len(c.strip()) >= MIN_FREE_TEXT_LENGTH and c in log_text]
    free_text = log_text
    for concern_type in CONCERN_TYPES:  # the one place a concern type may appear: its metric's name
        free_text = free_text.replace(f'"{CONCERN_METRIC_PREFIX}{concern_type}"', '"(metric)"')
    for key, value in _scalars(body):
        if key is not None and value is not None:
            for pattern in (
                f'"{key}": {json.dumps(value)}',
                f'"{key}":{json.dumps(value)}',
                f"'{key}': {value!r}",
            ):
                if pattern in log_text:
                    found.append(pattern)
        if isinstance(value, str) and len(value) >= MIN_FREE_TEXT_LENGTH:
            haystack = free_text if value in CONCERN_TYPES else log_text
            if value in haystack:
                found.append(value)
    return found


pytestmark = pytest.mark.usefixtures("pinned_today", "empty_clinic_store")


def _scenarios() -> list[str]:
    return [name for name in all_event_names() if (EVENTS_DIR / f"{name}.json").is_file()]


@pytest.mark.parametrize("event_name", _scenarios())
def test_no_request_value_is_logged(event_name: str, captured_logs: LogCapture) -> None:
    event = load_event(event_name)
    function = function_of_resource().get(str(event.get("resource")))
    if function is None:
        pytest.fail(f"no function in template.yaml serves {event.get('resource')}")
    identity = (event.get("requestContext") or {}).get("identity") or {}
    secrets = [str(identity.get("apiKey") or ""), str(identity.get("sourceIp") or "")]
    # Clinic ids and cursors identify a partner's data: the line names the route's template instead.
    # (Short values such as a `limit` of 2 would be found in any number the line holds.)
    parameters = [
        *(event.get("pathParameters") or {}).values(),
        *(event.get("queryStringParameters") or {}).values(),
    ]
    secrets += [str(value) for value in parameters if len(str(value)) >= MIN_FREE_TEXT_LENGTH]
    body = event.get("body")

    captured_logs.start()
    invoke(function, event, check_contract=False)
    # The log's own timestamps are the real clock's: a request date equal to today's is no leak.
    log_text = re.sub(r'"timestamp":"[^"]*"', '"timestamp":"(time)"', captured_logs.read_with_stderr())

    assert "request handled" in log_text, "the function logged nothing: the capture is broken"
    assert leaked_values(body, secrets, log_text) == []


def test_the_detector_finds_a_logged_body() -> None:
    event = load_event("schedule/basic")
    body = event["body"]
    logged = json.dumps({"message": "request handled", "body": json.loads(body)})

    assert leaked_values(body, [], logged) != []
    assert leaked_values(body, [], repr(json.loads(body))) != []


def test_the_detector_ignores_the_logger_clock_but_not_a_logged_date() -> None:
    body = json.dumps({"start_date": "2026-12-01"})
    logged_on_that_day = json.dumps({"timestamp": "2026-12-01 09:00:00,123+0000", "message": "ok"})
    date_in_a_field = json.dumps({"timestamp": "2026-12-01 09:00:00,123+0000", "note": "2026-12-01"})

    assert leaked_values(body, [], logged_on_that_day) == []
    assert leaked_values(body, [], date_in_a_field) == ["2026-12-01"]
    assert leaked_values(body, [], json.dumps({"timestamp": "2026-12-01"})) != []


def test_the_detector_allows_a_concern_type_only_as_its_metric_name() -> None:
    body = load_event("estimate/several_concerns")["body"]
    metric = f"{CONCERN_METRIC_PREFIX}tattoo"

    assert leaked_values(body, [], json.dumps({metric: [1.0]})) == []
    assert leaked_values(body, [], json.dumps({metric: [1.0], "note": "a tattoo"})) == ["tattoo"]


def test_the_detector_finds_a_logged_age_and_date() -> None:
    event = load_event("schedule/basic")
    body = json.loads(event["body"])

    assert leaked_values(event["body"], [], json.dumps({"age": body["patient"]["age"]})) != []
    assert leaked_values(event["body"], [], f"planning from {body['start_date']}") != []


@pytest.mark.parametrize(
    "error",
    [
        ValueError("patient aged 42 starting 1999-07-14"),
        KeyError("1999-07-14"),
    ],
)
def test_an_unexpected_error_is_logged_without_its_message(
    error: Exception, monkeypatch: pytest.MonkeyPatch, captured_logs: LogCapture
) -> None:
    def failing_estimate(*_: Any) -> Any:
        raise error

    monkeypatch.setattr("pico_planner.api.routes.estimate.estimate_course", failing_estimate)
    captured_logs.start()
    answer = invoke("estimate", load_event("estimate/several_concerns"), check_contract=False)
    log_text = written_by_the_code(captured_logs.read())

    assert answer.status == 500
    assert "Unhandled error" in log_text
    assert type(error).__name__ in log_text
    # A date no log timestamp can carry, so the check holds whatever day it runs.
    assert "1999-07-14" not in log_text
    assert "aged 42" not in log_text


def test_a_pydantic_error_with_input_values_is_logged_without_them(
    monkeypatch: pytest.MonkeyPatch, captured_logs: LogCapture
) -> None:
    from pydantic import BaseModel

    class Internal(BaseModel):
        count: int

    def failing_estimate(*_: Any) -> Any:
        Internal.model_validate({"count": "melasma-on-2026-12-01"})

    monkeypatch.setattr("pico_planner.api.routes.estimate.estimate_course", failing_estimate)
    captured_logs.start()
    answer = invoke("estimate", load_event("estimate/several_concerns"), check_contract=False)
    log_text = written_by_the_code(captured_logs.read())

    assert answer.status == 500
    assert "ValidationError" in log_text
    assert "melasma-on-2026-12-01" not in log_text


def test_the_capture_reads_what_reaches_stderr(captured_logs: LogCapture) -> None:
    # A warning (a library's, or pydantic's about a value it serialised) is written to stderr, which
    # Lambda keeps in the function's log group as it keeps stdout.
    captured_logs.start()
    sys.stderr.write("a warning quoting 2027-03-15\n")

    assert leaked_values(json.dumps({"start_date": "2027-03-15"}), [], captured_logs.read_with_stderr())
