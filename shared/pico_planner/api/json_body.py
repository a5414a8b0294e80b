"""Why a request body is not a JSON text this service reads (request_body.py parses here a body
that failed validation, to tell a text that is not JSON from one that breaks the contract).

Bodies that cannot be parsed are refused with the reason, never the text:

- nesting deeper than `MAX_NESTING_DEPTH` (counted before parsing, so depth never meets the
  recursion limit, whatever the stack depth of the caller);
- an integer longer than Python's limit on integer text (4,300 digits: `ValueError`, not
  `JSONDecodeError`);
- `NaN`, `Infinity` and `-Infinity`, which Python's json module reads but RFC 8259 JSON does not have;
- anything else that is not JSON.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any

# The deepest request a client needs is 4 levels (a concern inside the concerns list inside the body);
# 32 leaves room for any future shape and stays far below the recursion limit.
MAX_NESTING_DEPTH = 32

# The characters that decide nesting: brackets, and the quotes and backslashes that say which brackets
# are inside strings (and so do not count). One pass over them, linear in the body's length.
_STRUCTURAL = re.compile(r'[\[\]{}"\\]')


class _NotAJsonNumber(ValueError):
    """A `NaN` or `Infinity` literal: JavaScript's, not JSON's."""


def _refuse_constant(name: str) -> Any:
    raise _NotAJsonNumber(name)


# Made once: `json.loads(text, parse_constant=...)` would build a decoder for every body it reads.
_RFC_8259_DECODER = json.JSONDecoder(parse_constant=_refuse_constant)


class UnparsableBody(Exception):
    """A body that is not a JSON text this service reads; `detail` names the reason only."""

    def __init__(self, detail: str, slug: str) -> None:
        super().__init__(detail)
        self.status = HTTPStatus.BAD_REQUEST
        self.detail = detail
        self.slug = slug


def nesting_depth_exceeds(text: str, limit: int) -> bool:
    """Whether arrays and objects in `text` nest deeper than `limit` (brackets inside strings aside)."""
    if text.count("[") + text.count("{") <= limit:
        return False  # the usual case, found without a scan
    depth = 0
    in_string = False
    escaped_at = -1  # the position a backslash inside a string escapes
    for match in _STRUCTURAL.finditer(text):
        position, char = match.start(), match.group()
        if position == escaped_at:
            continue
        if in_string:
            if char == "\\":
                escaped_at = position + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def parse_json_body(text: str) -> Any:
    """The JSON document in `text`; raises `UnparsableBody` naming the reason when there is none."""
    if nesting_depth_exceeds(text, MAX_NESTING_DEPTH):
        raise UnparsableBody(
            f"The request body nests arrays and objects more than {MAX_NESTING_DEPTH} levels deep.",
            "malformed-json",
        )
    try:
        document = _RFC_8259_DECODER.decode(text)
    except _NotAJsonNumber:
        raise UnparsableBody(
            "The request body is not valid JSON: NaN and Infinity are not JSON numbers (RFC 8259).",
            "malformed-json",
        ) from None
    except json.JSONDecodeError as error:
        raise UnparsableBody(
            f"The request body is not valid JSON: {error.msg} at line {error.lineno}, column {error.colno}.",
            "malformed-json",
        ) from None
    except ValueError:
        # Python refuses integer text longer than sys.get_int_max_str_digits() (4,300 by default).
        raise UnparsableBody(
            "The request body holds a number with too many digits to read.", "malformed-json"
        ) from None
    except RecursionError:  # not reached within MAX_NESTING_DEPTH; kept as the last guard
        raise UnparsableBody("The request body nests too deeply.", "malformed-json") from None
    return document
