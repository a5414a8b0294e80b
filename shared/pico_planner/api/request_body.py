"""A request's JSON body: read under the service's limits, then validated against the route's model.

The checks run before any parsing, so a body that cannot be read (too large, not JSON, not UTF-8, an
undecodable base64 payload) is answered with a precise problem instead of reaching library code that
would raise. A well-formed body is validated straight from its text in one pass; only a body that fails
is parsed (`json_body.parse_json_body`, which names why a text is not JSON) and validated again from
the document, so that every refusal names the field and the rule as a validation problem.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from pydantic import BaseModel, ValidationError

from pico_planner.api.answer import Headers
from pico_planner.api.json_body import parse_json_body
from pico_planner.api.limits import MAX_BODY_BYTES
from pico_planner.api.negotiation import is_json_media_type
from pico_planner.api.problems import InvalidInput, ProblemError

BODY_MISSING = {"loc": ("body",), "msg": "Field required", "type": "missing"}


def body_text(event: Mapping[str, Any], headers: Headers) -> str | None:
    """The body as text, or None when there is none; a problem when it cannot be read as JSON text.

    A body without Content-Type is read as JSON; another media type than JSON, or a content coding, is
    a 415. A leading byte order mark is dropped.
    """
    body = event.get("body")
    if body is None or body == "":
        return None
    if not isinstance(body, str):
        raise ProblemError(HTTPStatus.BAD_REQUEST, "The request body could not be read.")
    if event.get("isBase64Encoded"):
        if len(body) > (MAX_BODY_BYTES * 4) // 3 + 4:
            raise _too_large()
        try:
            raw = base64.b64decode(body, validate=True)
        except (binascii.Error, ValueError):
            raise ProblemError(HTTPStatus.BAD_REQUEST, "The request body is not valid base64.") from None
    else:
        # Lone surrogates (text decoded from broken UTF-8) pass here and fail the UTF-8 check below.
        raw = body.encode("utf-8", errors="surrogatepass")
    if len(raw) > MAX_BODY_BYTES:
        raise _too_large()
    content_type = headers.get("content-type")
    if content_type is not None and not is_json_media_type(content_type):
        raise ProblemError(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Send the request body as application/json (UTF-8).",
            slug="unsupported-media-type",
        )
    content_encoding = headers.get("content-encoding")
    if content_encoding is not None and any(
        coding.strip().lower() not in {"", "identity"} for coding in content_encoding.split(",")
    ):
        # A compressed body would otherwise fail as "not UTF-8", and a plain one labelled gzip would be
        # read as if the label were not there (RFC 9110 §8.4, §15.5.16).
        raise ProblemError(
            HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
            "Send the request body without a Content-Encoding: compressed bodies are not accepted.",
            slug="unsupported-media-type",
            headers={"Accept-Encoding": "identity"},
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ProblemError(HTTPStatus.BAD_REQUEST, "The request body is not valid UTF-8.") from None
    # RFC 8259 §8.1: a parser may ignore a byte order mark, which some Windows tools still write. A
    # mark alone is then no body, as an empty one is.
    return text.removeprefix("\ufeff") or None


def _too_large() -> ProblemError:
    return ProblemError(
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        f"The request body is larger than {MAX_BODY_BYTES // 1024} KiB.",
        slug="content-too-large",
    )


def validated_body[Model: BaseModel](model: type[Model], text: str | None) -> Model:
    """The body as the route's model; `InvalidInput` naming each invalid field, or an `UnparsableBody`
    (400) for a text that is not JSON."""
    if text is None:
        raise InvalidInput([BODY_MISSING])
    try:
        return model.model_validate_json(text)
    except ValidationError:
        pass  # parsed below, so that a text that is not JSON is named as such
    document = parse_json_body(text)
    if document is None:  # `null` is no body
        raise InvalidInput([BODY_MISSING])
    try:
        return model.model_validate(document, from_attributes=True)
    except ValidationError as error:
        raise InvalidInput([{**item, "loc": ("body", *item["loc"])} for item in error.errors()]) from None
