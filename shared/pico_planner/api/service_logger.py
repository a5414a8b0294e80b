"""The functions' Powertools Logger: Powertools' JSON lines, made with less work per line.

Every request writes one line (request_log.py), so what a line costs is paid on every request.
Three things take about a third of it off, and none changes a line's content:

- lines are serialised by pydantic-core's serialiser instead of the json module, with the same
  compact output (non-ASCII kept, unknown types as `str()`, as Powertools' own default);
- `ServiceLogFormatter` formats plain records (a text message that cannot be JSON, no %-arguments, no
  exception, no stack) without the generic steps Powertools' formatter runs for every record (a copy
  of the record, a JSON parse attempt of the message, exception extraction). Every other record goes
  to Powertools' own `format`;
- stdlib logging no longer looks up thread and process names no line carries.

tests/unit/test_service_logger.py holds both to the output of Powertools' stock formatter.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping
from typing import IO, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import RESERVED_LOG_ATTRS, LambdaPowertoolsFormatter
from aws_lambda_powertools.shared.functions import get_tracer_id, powertools_dev_is_set
from pydantic_core import to_json

from pico_planner.api.settings import DEFAULT_SERVICE_NAME

# The first characters a JSON text can start with, as Powertools parses it (the json module, which
# also reads NaN and Infinity). Powertools turns a message that parses into the object; a message
# starting with anything else never parses, so it stays text.
_MAY_START_JSON = frozenset(' \t\n\r{["-0123456789tfnNI')
_RESERVED = frozenset(RESERVED_LOG_ATTRS)
_PRETTY_INDENT = 4  # what Powertools indents by under POWERTOOLS_DEV
_ASCTIME = "%(asctime)s"  # the timestamp key's format: the formatted time itself


def json_text(log: Mapping[str, object]) -> str:
    """A log line as compact JSON: what Powertools' default serialiser writes."""
    return to_json(log, fallback=str).decode("utf-8")


def indented_json_text(log: Mapping[str, object]) -> str:
    """A log line as indented JSON: what Powertools writes when POWERTOOLS_DEV is set."""
    return to_json(log, fallback=str, indent=_PRETTY_INDENT).decode("utf-8")


class ServiceLogFormatter(LambdaPowertoolsFormatter):
    """Powertools' JSON format, with a shorter way to the same line for plain records."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.msg
        if (
            record.args
            or record.exc_info
            or record.stack_info
            or not isinstance(message, str)
            or not message
            or message[0] in _MAY_START_JSON
            or self.thread_safe_get_current_keys()
        ):
            return super().format(record)
        fields = record.__dict__
        asctime = self.formatTime(record)
        with_time: dict[str, Any] | None = None  # the record's fields and asctime, made if a key needs both
        log: dict[str, Any] = {}
        for key, value in self.log_format.items():
            if value and key in _RESERVED:
                if not isinstance(value, str):
                    return super().format(record)  # Powertools' own error for a key it cannot format
                if value == _ASCTIME:
                    log[key] = asctime
                elif "asctime" in value:
                    with_time = with_time or {**fields, "asctime": asctime}
                    log[key] = value % with_time
                else:
                    log[key] = value % fields  # "%(levelname)s" and the like
            else:
                log[key] = value
        for key, value in fields.items():
            if key not in _RESERVED:  # the record's extra fields
                log[key] = value
        log["message"] = message
        if self.serialize_stacktrace:
            log["stack_trace"] = None  # Powertools' stack trace of a record without an exception
        log["xray_trace_id"] = _trace_id(self.log_format)
        return self.serialize({key: value for key, value in log.items() if value is not None})

    # The second a timestamp was last made for, with the text before and after its milliseconds.
    _last_second: tuple[tuple[object, ...], str, str] | None = None

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:
        """Powertools' timestamp. In its default format only the milliseconds change within a second,
        so the rest is written once per second (and again should the time zone change)."""
        if datefmt is not None or self.datefmt or self.use_rfc3339_iso8601:
            return super().formatTime(record, datefmt)
        second = int(record.created)  # what the converter floors a time to
        key = (second, self.converter, time.timezone, time.altzone, time.daylight, self.default_time_format)
        last = self._last_second
        if last is None or last[0] != key:
            moment = self.converter(second)
            before, _, after = self.default_time_format.partition(self.custom_ms_time_directive)
            last = (key, time.strftime(before, moment), time.strftime(after, moment))
            self._last_second = last
        return last[1] + "%03d" % record.msecs + last[2]  # noqa: UP031 - Powertools' own milliseconds


def _trace_id(log_format: Mapping[str, object]) -> str | None:
    """The X-Ray trace id Powertools puts on a line: the Root of Lambda's `_X_AMZN_TRACE_ID` (through
    Powertools' public helper), unless the logger was made with `xray_trace_id=None`."""
    if log_format.get("xray_trace_id", "") is None:
        return None
    return get_tracer_id()


def service_logger(
    *, name: str | None = None, stream: IO[str] | None = None, service: str = DEFAULT_SERVICE_NAME
) -> Logger:
    """The Powertools Logger of a function: one JSON object per line, on `stream` (stdout by default).

    `name` gives the logger a name of its own where several functions share a process (the local
    server, tests): Powertools keeps one handler and one set of keys per name, so each function needs
    its own, and a stream is kept only by the first Logger made under a name. Its lines then say
    `service` (`Settings.service_name`), as a Logger without a name says POWERTOOLS_SERVICE_NAME.

    It also turns off stdlib logging's lookups of the thread, process and multiprocessing names for
    every record (the logging HOWTO's "Optimization" settings): no line of this service writes them,
    and a function's process is its own.
    """
    logging.logThreads = False
    logging.logProcesses = False
    logging.logMultiprocessing = False
    serializer = indented_json_text if powertools_dev_is_set() else json_text
    logger = Logger(
        service=name, stream=stream, logger_formatter=ServiceLogFormatter(json_serializer=serializer)
    )
    if name is not None:
        logger.append_keys(service=service)
    return logger
