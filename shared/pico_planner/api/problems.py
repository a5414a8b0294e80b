"""The one place where errors become `application/problem+json` (RFC 9457).

Every non-2xx response of every function is built here, from one table (`PROBLEMS`) of exception types
to problems that every path uses: the route functions, the body guards, the last-resort 500 and the
local server. Domain errors are mapped by their type, never by matching message text. Nothing from
a request body, a traceback or a library internal is echoed into a problem: `errors[].msg` comes from
pydantic's message templates or from the core's own sentences, which never quote the input.
"""

import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from http import HTTPStatus
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.json_schema import SkipJsonSchema

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.json_body import UnparsableBody
from pico_planner.api.limits import MAX_BODY_BYTES
from pico_planner.core.errors import PlanningInputError
from pico_planner.store.errors import (
    ClinicExists,
    ClinicNotFound,
    InvalidCursor,
    PreconditionFailed,
    PreconditionRequired,
    StoreUnavailable,
)

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:pico-planner:problem:"


# The problem models describe error bodies in the OpenAPI document only; answers are built as plain
# JSON (problem_body). `defer_build`: no function builds their validators at its cold start.
_DOCUMENT_ONLY = ConfigDict(extra="forbid", defer_build=True)


# The most field errors a problem lists; `detail` still counts every one.
MAX_LISTED_ERRORS = 50


class FieldError(BaseModel):
    """One reason a request was refused, naming the field."""

    model_config = _DOCUMENT_ONLY

    loc: list[str | int] = Field(
        description="Where the problem is: where the value was sent ('body', 'path', 'query' or "
        "'header'), then the path to it, e.g. ['body', 'patient', 'skin_type']. Inside a concern the "
        "concern's `type` follows its index: ['body', 'concerns', 0, 'pigmentation', 'severity'] is "
        "`severity` of the first concern, a pigmentation.",
        examples=[["body", "patient", "skin_type"], ["body", "concerns", 0, "pigmentation", "severity"]],
    )
    msg: str = Field(
        description="What is wrong, in a sentence.", examples=["Input should be less than or equal to 6"]
    )
    type: str = Field(description="A stable machine code for the reason.", examples=["less_than_equal"])


# The reason phrases v1 answers with. Python 3.13 renamed four of them after RFC 9110 ("Unprocessable
# Content", ...); a problem's title and default type are part of the contract, so they stay as v1
# published them (template.yaml's gateway answers use the same).
_V1_PHRASES = {
    HTTPStatus.REQUEST_ENTITY_TOO_LARGE: "Request Entity Too Large",
    HTTPStatus.REQUEST_URI_TOO_LONG: "Request-URI Too Long",
    HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE: "Requested Range Not Satisfiable",
    HTTPStatus.UNPROCESSABLE_ENTITY: "Unprocessable Entity",
}


def status_title(status: HTTPStatus) -> str:
    """The `title` of a problem with this status: its reason phrase, as v1 publishes it."""
    return _V1_PHRASES.get(status) or status.phrase


# Every problem `type` the API answers with (the functions and API Gateway's GatewayResponses in
# template.yaml): slug, status and when. The `title` is the status's reason phrase (`status_title`).
# A client finds the list in the document, in the description of `Problem.type`.
PROBLEM_TYPES: dict[str, tuple[HTTPStatus, str]] = {
    "bad-request": (HTTPStatus.BAD_REQUEST, "the body is not UTF-8 or not valid base64"),
    "malformed-json": (
        HTTPStatus.BAD_REQUEST,
        "the body is not JSON, nests too deeply or holds a huge integer",
    ),
    "forbidden": (HTTPStatus.FORBIDDEN, "no valid x-api-key (API Gateway)"),
    "not-found": (HTTPStatus.NOT_FOUND, "no resource at this path"),
    "clinic-not-found": (HTTPStatus.NOT_FOUND, "the caller has no clinic with this id"),
    "method-not-allowed": (
        HTTPStatus.METHOD_NOT_ALLOWED,
        "the path does not offer this method; `Allow` lists those it does",
    ),
    "not-acceptable": (HTTPStatus.NOT_ACCEPTABLE, "Accept allows none of the operation's media types"),
    "precondition-failed": (HTTPStatus.PRECONDITION_FAILED, "If-Match or If-None-Match does not hold"),
    "content-too-large": (
        HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
        f"the body is larger than {MAX_BODY_BYTES // 1024} KiB",
    ),
    "unsupported-media-type": (
        HTTPStatus.UNSUPPORTED_MEDIA_TYPE,
        "the body is not JSON in UTF-8, or is compressed",
    ),
    "validation": (HTTPStatus.UNPROCESSABLE_ENTITY, "an input breaks a rule; `errors` names each one"),
    "precondition-required": (HTTPStatus.PRECONDITION_REQUIRED, "the clinic exists: If-Match is needed"),
    "throttled": (HTTPStatus.TOO_MANY_REQUESTS, "too many requests (API Gateway)"),
    "quota-exceeded": (HTTPStatus.TOO_MANY_REQUESTS, "the API key's quota is used up (API Gateway)"),
    "internal-server-error": (
        HTTPStatus.INTERNAL_SERVER_ERROR,
        "the service failed; the request can be retried",
    ),
    "bad-gateway": (HTTPStatus.BAD_GATEWAY, "the function failed to answer (API Gateway)"),
    "service-unavailable": (HTTPStatus.SERVICE_UNAVAILABLE, "the clinic store is throttled or unreachable"),
    "gateway-timeout": (HTTPStatus.GATEWAY_TIMEOUT, "the function took too long (API Gateway)"),
}


def _problem_types_description() -> str:
    listed = "".join(
        f"\n- `{PROBLEM_TYPE_PREFIX}{slug}`: {int(status)} {status_title(status)}, {when}"
        for slug, (status, when) in PROBLEM_TYPES.items()
    )
    return (
        "A URI naming the kind of problem; a minor release may add kinds, never rename one. Each kind, "
        f"its status and title, and when it comes:\n{listed}"
    )


class Problem(BaseModel):
    """An RFC 9457 problem detail: the body of every error response."""

    model_config = _DOCUMENT_ONLY

    type: str = Field(
        description=_problem_types_description(), examples=["urn:pico-planner:problem:validation"]
    )
    title: str = Field(
        description="A short summary of the kind of problem.", examples=["Unprocessable Entity"]
    )
    status: int = Field(ge=400, le=599, description="The HTTP status code.", examples=[422])
    detail: str = Field(description="What went wrong with this request.", examples=["1 field is invalid."])
    # Left out, never null, when there are none: `SkipJsonSchema` keeps null out of the document.
    errors: Annotated[list[FieldError], Field(max_length=MAX_LISTED_ERRORS)] | SkipJsonSchema[None] = Field(
        default=None,
        description=(
            "Present on validation problems: one entry per invalid field, the first "
            f"{MAX_LISTED_ERRORS} of them; `detail` counts them all."
        ),
    )


class ProblemError(Exception):
    """Raised anywhere in the API layer to answer with a problem instead of a result."""

    def __init__(
        self,
        status: HTTPStatus,
        detail: str,
        *,
        slug: str | None = None,
        errors: Sequence[Mapping[str, Any]] | None = None,
        headers: Mapping[str, str] | None = None,
        operator_note: tuple[str, Mapping[str, str]] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.slug = slug or _default_slug(status)
        self.errors = [dict(e) for e in errors] if errors is not None else None
        self.headers = dict(headers or {})
        # A warning line for operators, never shown to the caller: its message and fields.
        self.operator_note = operator_note

    def to_answer(self) -> PlainAnswer:
        body = problem_body(self.status, self.detail, slug=self.slug, errors=self.errors)
        return PlainAnswer(
            int(self.status),
            PROBLEM_CONTENT_TYPE,
            json.dumps(body, separators=(",", ":"), ensure_ascii=False),
            self.headers,
        )


class InvalidInput(Exception):
    """Request parameters or a body that break the contract: pydantic's errors, `loc` from the wire."""

    def __init__(self, errors: Sequence[Mapping[str, Any]]) -> None:
        super().__init__(f"{len(errors)} invalid inputs")
        self.errors = list(errors)


def _default_slug(status: HTTPStatus) -> str:
    return status_title(status).lower().replace(" ", "-").replace("'", "")


def problem_body(
    status: HTTPStatus,
    detail: str,
    *,
    slug: str | None = None,
    errors: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    body: dict[str, Any] = {
        "type": PROBLEM_TYPE_PREFIX + (slug or _default_slug(status)),
        "title": status_title(status),
        "status": int(status),
        "detail": detail,
    }
    if errors is not None:
        body["errors"] = [dict(e) for e in errors]
    return body


# A `loc` part that names a field: an unknown key sent by the caller is shown only in this shape.
_FIELD_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_-]{0,63}")
UNKNOWN_FIELD = "(unknown field)"

# The shortest input text looked for in a message: shorter runs ("a", "on") occur in any sentence.
_MIN_QUOTED_INPUT = 3

# Context filled from the schema, never from the input: a literal's or an enum's allowed values, a
# string's pattern, the example a time zone message gives. A message is not quoting the caller when the
# input is only part of these: the typo "moderat" keeps "Input should be 'mild', 'moderate' or
# 'severe'", and "London" keeps "... such as Europe/London".
_SCHEMA_CONTEXT = ("expected", "pattern", "example")


def _message_without_input(error: Mapping[str, Any]) -> str:
    """The error's message, or a sentence naming only the rule when the message quotes the input.

    Pydantic's message for an unknown discriminator quotes the caller's tag; any other message found
    to contain the input's text outside the schema's own values is replaced too, so no caller text
    comes back in a problem.
    """
    message = str(error.get("msg", "Invalid value"))
    error_type = str(error.get("type", "value_error"))
    context = error.get("ctx") or {}
    if error_type == "union_tag_invalid":
        expected = context.get("expected_tags")
        return f"Input tag should be one of: {expected}" if expected else "Input tag is not a known tag"
    value = error.get("input")
    if (
        isinstance(value, str)
        and len(value) >= _MIN_QUOTED_INPUT
        and value in _beyond_schema(message, context)
    ):
        return f"Input breaks the rule {error_type}"
    return message


def _beyond_schema(message: str, context: Mapping[str, Any]) -> str:
    """The message without the schema's values it lists (`_SCHEMA_CONTEXT`)."""
    for key in _SCHEMA_CONTEXT:
        if key in context:
            message = message.replace(str(context[key]), "")
    return message


def _location_part(part: object) -> str | int:
    # Field names come from the models, but `extra_forbidden` names the caller's own key: markup or a
    # long text there would be echoed, so a part that is not shaped like a field name is replaced.
    if isinstance(part, int):
        return part
    text = str(part)
    return text if _FIELD_NAME.fullmatch(text) else UNKNOWN_FIELD


def clean_field_errors(raw_errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Keep `loc`, `msg` and `type` only: `input` and `ctx` may carry patient data or internals."""
    cleaned = []
    for error in raw_errors:
        cleaned.append(
            {
                "loc": [_location_part(part) for part in error.get("loc", ())],
                "msg": _message_without_input(error),
                "type": str(error.get("type", "value_error")),
            }
        )
    return cleaned


def validation_detail(errors: Sequence[Mapping[str, Any]], count: int | None = None) -> str:
    """`count` invalid fields (all of `errors` by default), the first five named."""
    count = len(errors) if count is None else count
    fields = ", ".join(".".join(str(p) for p in e["loc"]) or "body" for e in errors[:5])
    more = f" and {count - 5} more" if count > 5 else ""
    noun = "field is" if count == 1 else "fields are"
    return f"{count} {noun} invalid: {fields}{more}."


def validation_problem(raw_errors: Iterable[Mapping[str, Any]]) -> ProblemError:
    """The 422 for pydantic-shaped errors: each names its field and rule, never the value sent.

    At most `MAX_LISTED_ERRORS` are listed: a 50 KiB body of unknown keys would otherwise answer with
    half a megabyte of errors, each cleaned at a cost.
    """
    raw = list(raw_errors)
    errors = clean_field_errors(raw[:MAX_LISTED_ERRORS])
    return ProblemError(
        HTTPStatus.UNPROCESSABLE_ENTITY,
        validation_detail(errors, count=len(raw)),
        slug="validation",
        errors=errors,
    )


# How long a client should wait after a 503 from the clinic store: DynamoDB throttling and brief
# outages clear within seconds, and the store has already retried with backoff.
STORE_RETRY_AFTER_SECONDS = 2


def body_field_error(error: PlanningInputError) -> dict[str, Any]:
    """A rule the body breaks, as a field error of the 422 (its field is in the body)."""
    return {"loc": ("body", *error.loc), "msg": error.message, "type": error.error_type}


def _cannot_plan(error: PlanningInputError) -> ProblemError:
    return validation_problem([body_field_error(error)])


def _store_unavailable(error: StoreUnavailable) -> ProblemError:
    return ProblemError(
        HTTPStatus.SERVICE_UNAVAILABLE,
        "Clinic profiles cannot be read or written just now; retry shortly.",
        headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
        # The reason (an AWS error code or exception name) is for operators only.
        operator_note=("Clinic store unavailable", {"store_error": error.reason}),
    )


# The one table from exceptions to problems. An exception of none of these types is a fault of ours:
# the handler logs it (type and code locations only) and answers `INTERNAL_SERVER_ERROR`.
PROBLEMS: dict[type[Exception], Callable[[Any], ProblemError]] = {
    ProblemError: lambda error: error,
    InvalidInput: lambda error: validation_problem(error.errors),
    PlanningInputError: _cannot_plan,
    UnparsableBody: lambda error: ProblemError(error.status, error.detail, slug=error.slug),
    # The same answer whether the clinic never existed or belongs to another partner.
    ClinicNotFound: lambda _: ProblemError(
        HTTPStatus.NOT_FOUND, "No clinic with this id.", slug="clinic-not-found"
    ),
    PreconditionFailed: lambda _: ProblemError(
        HTTPStatus.PRECONDITION_FAILED,
        "If-Match does not name the clinic's current ETag: it was changed or deleted since it was read. "
        "GET it again, then retry with the new ETag.",
    ),
    ClinicExists: lambda _: ProblemError(
        HTTPStatus.PRECONDITION_FAILED,
        "If-None-Match: * creates a clinic only, and this one exists (or If-Match was sent too): GET it, "
        "then send If-Match with its ETag to replace it.",
    ),
    PreconditionRequired: lambda _: ProblemError(
        HTTPStatus.PRECONDITION_REQUIRED,
        "This clinic exists: send If-Match with its current ETag to change it.",
    ),
    InvalidCursor: lambda _: validation_problem(
        [
            {
                "loc": ("query", "cursor"),
                "msg": "Not a cursor this listing issued; start again without one",
                "type": "cursor_invalid",
            }
        ]
    ),
    StoreUnavailable: _store_unavailable,
}

INTERNAL_ERROR = ProblemError(HTTPStatus.INTERNAL_SERVER_ERROR, "The service failed to answer this request.")


def problem_for(error: BaseException) -> ProblemError | None:
    """The problem an exception is answered with; None for an unexpected one (a 500)."""
    for kind in type(error).__mro__:
        to_problem = PROBLEMS.get(kind)
        if to_problem is not None:
            return to_problem(error)
    return None
