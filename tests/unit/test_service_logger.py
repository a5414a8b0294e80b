"""The functions' logger writes what Powertools' stock formatter and serialiser would write."""

from __future__ import annotations

import io
import json
import logging
import sys
import time
from typing import Any

import pytest
from aws_lambda_powertools.logging.formatter import RESERVED_LOG_ATTRS, LambdaPowertoolsFormatter
from hypothesis import given, settings
from hypothesis import strategies as st

from pico_planner.api.service_logger import ServiceLogFormatter, json_text, service_logger

_RECORD_ATTRIBUTES = set(logging.LogRecord("n", logging.INFO, "p", 1, "m", None, None).__dict__)
_FIELD_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz_ABC", min_size=1, max_size=12).filter(
    lambda name: name not in RESERVED_LOG_ATTRS and name not in _RECORD_ATTRIBUTES and name != "message"
)
_SCALAR = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(alphabet=st.characters(exclude_categories=["Cs"]), max_size=20),
)
_VALUE = st.recursive(
    _SCALAR,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=8,
)
# Messages of every kind: text, text that is JSON (which Powertools turns into the object), empty.
_MESSAGE = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["request handled", "Unhandled error", '{"a": 1}', "[1, 2]", "42", "true", "null", ""]),
)


def _record(message: str, extra: dict[str, Any], *, level: int = logging.INFO) -> logging.LogRecord:
    record = logging.LogRecord("pico", level, "/var/task/app.py", 12, message, None, None, "handler")
    record.__dict__.update(extra)
    return record


def _pair(keys: dict[str, Any]) -> tuple[ServiceLogFormatter, LambdaPowertoolsFormatter]:
    ours = ServiceLogFormatter(json_serializer=json_text)
    stock = LambdaPowertoolsFormatter(json_serializer=json_text)
    for formatter in (ours, stock):
        formatter.append_keys(service="pico-planner", sampling_rate=None, **keys)
    return ours, stock


@settings(max_examples=300, deadline=None)
@given(
    message=_MESSAGE,
    extra=st.dictionaries(_FIELD_NAME, _VALUE, max_size=5),
    keys=st.dictionaries(_FIELD_NAME, _SCALAR, max_size=4),
    level=st.sampled_from([logging.DEBUG, logging.INFO, logging.WARNING, logging.ERROR]),
)
def test_any_record_is_formatted_as_powertools_formats_it(
    message: str, extra: dict[str, Any], keys: dict[str, Any], level: int
) -> None:
    ours, stock = _pair(keys)
    record = _record(message, extra, level=level)

    assert ours.format(record) == stock.format(record)


def test_a_plain_record_takes_the_short_way(monkeypatch: pytest.MonkeyPatch) -> None:
    ours, stock = _pair({"correlation_id": "c-1", "cold_start": False})
    record = _record("request handled", {"route": "/estimate", "status": 200, "latency_ms": 1.25})
    expected = stock.format(record)

    def refuse(*_: Any) -> str:
        raise AssertionError("went the long way")

    monkeypatch.setattr(LambdaPowertoolsFormatter, "format", refuse)
    assert ours.format(record) == expected


def test_a_plain_record_takes_the_short_way_with_the_trace_id(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8")
    ours, stock = _pair({})
    record = _record("request handled", {"status": 200})
    expected = stock.format(record)

    def refuse(*_: Any) -> str:
        raise AssertionError("went the long way")

    monkeypatch.setattr(LambdaPowertoolsFormatter, "format", refuse)
    line = ours.format(record)
    assert line == expected
    assert json.loads(line)["xray_trace_id"] == "1-5759e988-bd862e3fe1be46a994272793"


def test_a_trace_id_turned_off_stays_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
    ours, stock = _pair({"xray_trace_id": None})
    record = _record("request handled", {"status": 200})

    line = ours.format(record)
    assert line == stock.format(record)
    assert "xray_trace_id" not in json.loads(line)


def test_a_record_with_an_exception_is_formatted_by_powertools() -> None:
    ours, stock = _pair({})
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("Unhandled error", {"error_type": "ValueError"})
        record.exc_info = sys.exc_info()

    line = json.loads(ours.format(record))
    assert line == json.loads(stock.format(record))
    assert line["exception_name"] == "ValueError"


def test_thread_local_keys_and_the_trace_id_are_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_X_AMZN_TRACE_ID", "Root=1-5759e988-bd862e3fe1be46a994272793;Sampled=1")
    ours, stock = _pair({})
    ours.thread_safe_append_keys(tenant="t-1")
    try:
        record = _record("request handled", {"status": 200})
        line = json.loads(ours.format(record))
        assert line == json.loads(stock.format(record))
    finally:
        ours.thread_safe_clear_keys()
    assert line["tenant"] == "t-1"
    assert line["xray_trace_id"] == "1-5759e988-bd862e3fe1be46a994272793"


@settings(max_examples=300, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _VALUE, max_size=6))
def test_the_serialiser_writes_the_same_json_as_the_json_module(log: dict[str, Any]) -> None:
    stock = json.dumps(log, separators=(",", ":"), ensure_ascii=False, default=str)

    # The same document; a float may be spelt differently (1e-07 or 1e-7), so compare parsed.
    assert json.loads(json_text(log)) == json.loads(stock)


def test_the_serialiser_writes_unknown_types_as_their_text() -> None:
    class Opaque:
        def __str__(self) -> str:
            return "opaque"

    assert json_text({"value": Opaque()}) == '{"value":"opaque"}'


def test_the_logger_indents_under_powertools_dev(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POWERTOOLS_DEV", "true")
    # A service of its own: a logger of a service already set up keeps that service's formatter.
    monkeypatch.setenv("POWERTOOLS_SERVICE_NAME", "pico-planner-indent-test")
    with pytest.warns(UserWarning, match="POWERTOOLS_DEV"):
        formatter = service_logger().registered_formatter

    assert isinstance(formatter, ServiceLogFormatter)
    assert "\n    " in formatter.format(_record("request handled", {"status": 200}))


def test_a_named_logger_writes_the_service_it_is_given() -> None:
    # The local server's functions share a process: each Logger has a name of its own, and its lines
    # say the service as a function's own Logger would on Lambda.
    stream = io.StringIO()
    logger = service_logger(name="test.named-service", stream=stream, service="pico-planner")

    logger.info("request handled")

    assert json.loads(stream.getvalue())["service"] == "pico-planner"


def test_the_logger_spares_records_the_thread_and_process_lookups() -> None:
    service_logger()
    record = logging.LogRecord("pico", logging.INFO, "app.py", 1, "request handled", None, None)

    assert (record.thread, record.threadName, record.process, record.processName) == (None, None, None, None)


_MOMENTS = (
    0.0,
    0.001,
    1_796_146_531.046,
    1_796_146_531.999,
    1_796_146_532.0,
    1_796_146_532.5,
    1_711_846_799.999,  # the last moment before summer time in Europe (2024-03-31 01:00 UTC)
    1_711_846_800.0,
)


@pytest.mark.parametrize("utc", [False, True])
@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/St_Johns"])
def test_timestamps_are_the_ones_powertools_writes(
    utc: bool, zone: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        ours = ServiceLogFormatter(json_serializer=json_text, utc=utc)
        stock = LambdaPowertoolsFormatter(json_serializer=json_text, utc=utc)
        for created in _MOMENTS:
            record = _record("request handled", {})
            record.created = created
            record.msecs = (int(created * 1000) % 1000) + 0.0
            assert ours.formatTime(record) == stock.formatTime(record)
            assert ours.formatTime(record) == stock.formatTime(record)  # again, within the same second
    finally:
        monkeypatch.undo()
        time.tzset()


def test_a_time_zone_changed_within_a_second_shows_in_the_next_timestamp(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ours = ServiceLogFormatter(json_serializer=json_text)
    stock = LambdaPowertoolsFormatter(json_serializer=json_text)
    record = _record("request handled", {})
    try:
        for zone in ("UTC", "Asia/Tokyo", "America/Los_Angeles"):
            monkeypatch.setenv("TZ", zone)
            time.tzset()
            assert ours.formatTime(record) == stock.formatTime(record)
    finally:
        monkeypatch.undo()
        time.tzset()


@pytest.mark.parametrize(
    "options",
    [
        {"datefmt": "%d/%m/%Y %H:%M:%S.%F"},
        {"use_rfc3339": True},
        {"datefmt": "%H:%M", "use_datetime_directive": True},
    ],
)
def test_other_time_formats_are_left_to_powertools(options: dict[str, Any]) -> None:
    ours = ServiceLogFormatter(json_serializer=json_text, **options)
    stock = LambdaPowertoolsFormatter(json_serializer=json_text, **options)
    record = _record("request handled", {"status": 200})

    assert ours.formatTime(record) == stock.formatTime(record)
    assert ours.format(record) == stock.format(record)


@pytest.mark.parametrize("message", ["NaN", "Infinity", "-Infinity", "Not JSON", "Info"])
def test_messages_the_json_module_reads_as_numbers_are_formatted_as_powertools_formats_them(
    message: str,
) -> None:
    ours, stock = _pair({})
    record = _record(message, {"status": 200})

    assert ours.format(record) == stock.format(record)
