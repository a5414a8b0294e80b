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
import os
from collections.abc import Mapping
from typing import IO, Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging.formatter import RESERVED_LOG_ATTRS, LambdaPowertoolsFormatter
from aws_lambda_powertools.shared.constants import SERVICE_NAME_ENV
from aws_lambda_powertools.shared.functions import get_tracer_id, powertools_dev_is_set
from pydantic_core import to_json

# The first characters a JSON text can start with. Powertools turns a message that parses as JSON
# into the object; a message starting with anything else never parses, so it stays text.
_MAY_START_JSON = frozenset(' \t\n\r{["-0123456789tfn')
_RESERVED = frozenset(RESERVED_LOG_ATTRS)
_PRETTY_INDENT = 4  # what Powertools indents by under POWERTOOLS_DEV


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
        values = {**record.__dict__, "asctime": self.formatTime(record)}
        log: dict[str, Any] = {}
        for key, value in self.log_format.items():
            if value and key in _RESERVED and isinstance(value, str):
                log[key] = value % values  # "%(levelname)s" and the like
            elif value and key in _RESERVED:
                return super().format(record)  # Powertools' own error for a key it cannot format
            else:
                log[key] = value
        for key, value in values.items():
            if key not in _RESERVED:  # the record's extra fields
                log[key] = value
        log["message"] = message
        if self.serialize_stacktrace:
            log["stack_trace"] = None  # Powertools' stack trace of a record without an exception
        log["xray_trace_id"] = _trace_id(self.log_format)
        return self.serialize({key: value for key, value in log.items() if value is not None})


def _trace_id(log_format: Mapping[str, object]) -> str | None:
    """The X-Ray trace id Powertools puts on a line: the Root of Lambda's `_X_AMZN_TRACE_ID` (through
    Powertools' public helper), unless the logger was made with `xray_trace_id=None`."""
    if log_format.get("xray_trace_id", "") is None:
        return None
    return get_tracer_id()


def service_logger(*, name: str | None = None, stream: IO[str] | None = None) -> Logger:
    """The Powertools Logger of a function: one JSON object per line, on `stream` (stdout by default).

    `name` gives the logger a name of its own where several functions share a process (the local
    server, tests): Powertools keeps one handler and one set of keys per name, so each function needs
    its own, and a stream is kept only by the first Logger made under a name. Its lines still say the
    service's name (POWERTOOLS_SERVICE_NAME, read as Powertools reads it), as on Lambda.

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
        logger.append_keys(service=os.environ.get(SERVICE_NAME_ENV) or "service_undefined")
    return logger
