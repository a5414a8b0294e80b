"""The HTTP server's own refusals (unreadable request line or headers, bad framing, a body too large) as
problems, in the shape the functions answer with.

waitress answers these itself, before any application code runs, in plain text that may quote the
offending line. Here they become `application/problem+json` with a fixed detail per rule: nothing the
caller sent is echoed.
"""

from __future__ import annotations

import time
from http import HTTPStatus
from typing import Any

from waitress.task import ErrorTask  # type: ignore[import-untyped]

from devtools.local_api.access_log import NOT_PARSED, AccessLog
from pico_planner.api.problems import ProblemError, status_title

Answer = tuple[int, list[tuple[str, str]], bytes]

# waitress's messages that name a rule without quoting the request (parser.py): the rule, in our words.
_KNOWN_RULES = {
    "Content-Length is invalid": "Content-Length must be a whole number of bytes.",
    "Start line is invalid": "The request line must be `METHOD target HTTP/1.x`.",
    "Bad URI": "The request target is not a valid URI.",
    "Invalid header": "A header line is not `Name: value`.",
    "HTTP message header invalid": "The request's headers are not valid HTTP/1.1.",
    "Transfer-Encoding requested is not supported.": "Transfer-Encoding must be `chunked` or absent.",
}
# waitress's messages that quote the request, by their fixed start: never echoed.
_QUOTING_RULES = {
    "Malformed HTTP method": "The request method is not a valid HTTP token.",
    "Malformed header line": "A header line is not `Name: value`.",
    "Bare CR or LF found": "A header line holds a bare CR or LF.",
}
_DEFAULT_DETAILS = {
    HTTPStatus.BAD_REQUEST: "The request is not valid HTTP/1.1.",
    HTTPStatus.REQUEST_HEADER_FIELDS_TOO_LARGE: "The request's headers are too large.",
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "The request body is too large.",
    HTTPStatus.NOT_IMPLEMENTED: "Transfer-Encoding must be `chunked` or absent.",
    HTTPStatus.INTERNAL_SERVER_ERROR: "The local server failed to answer.",
}


def problem_answer(status: HTTPStatus, detail: str) -> Answer:
    """A problem answer made as the functions make theirs (pico_planner.api.problems)."""
    answer = ProblemError(status, detail).to_answer()
    return answer.status, [("Content-Type", str(answer.content_type))], answer.body.encode("utf-8")


def server_error_detail(status: HTTPStatus, message: str) -> str:
    """The detail for one of waitress's refusals: the rule it names, never the text it quotes."""
    if message in _KNOWN_RULES:
        return _KNOWN_RULES[message]
    for start, detail in _QUOTING_RULES.items():
        if message.startswith(start):
            return detail
    return _DEFAULT_DETAILS.get(status, "The request could not be read.")


def status_line(status: int) -> str:
    """The status line's code and reason phrase: the phrase the problem's `title` says (v1's, where
    Python 3.13 renamed four), so that the line and the body agree."""
    try:
        return f"{status} {status_title(HTTPStatus(status))}"
    except ValueError:
        return f"{status} Unknown"


class ProblemErrorTask(ErrorTask):  # type: ignore[misc]
    """waitress's answer to a request it could not read, as a problem; the connection then closes."""

    access_log: AccessLog | None = None  # set on the subclass make_server builds

    def execute(self) -> None:
        error: Any = self.request.error
        try:
            status = HTTPStatus(int(error.code))
        except ValueError:
            status = HTTPStatus.BAD_REQUEST
        code, headers, body = problem_answer(status, server_error_detail(status, str(error.body)))
        self.status = status_line(code)
        self.response_headers.extend(headers)
        self.set_close_on_finish()
        self.content_length = len(body)
        self.write(body)
        if self.access_log is not None:
            # From the task's start (waitress sets start_time), as the application's lines count theirs.
            duration = max(0.0, time.time() - float(self.start_time))
            self.access_log.record(getattr(self.request, "command", None), NOT_PARSED, code, duration)
