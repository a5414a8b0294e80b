"""The resolver every function uses: validation on, every error mapped to problem+json.

Routes are registered by the functions; this module decides what happens when a request cannot
be answered by a route (404, 405 with `Allow`, 422, domain errors, and the last-resort 500).
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import APIGatewayRestResolver, Response
from aws_lambda_powertools.event_handler.exceptions import NotFoundError
from aws_lambda_powertools.event_handler.openapi.exceptions import RequestValidationError

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.exception_description import describe_exception
from pico_planner.api.json_body import UnparsableBody, resolver_body_deserializer
from pico_planner.api.problems import (
    PROBLEM_CONTENT_TYPE,
    ProblemError,
    clean_field_errors,
    problem_body,
    validation_detail,
)
from pico_planner.core.errors import PlanningInputError
from pico_planner.store.errors import (
    ClinicNotFound,
    InvalidCursor,
    PreconditionFailed,
    PreconditionRequired,
    StoreUnavailable,
)

logger = Logger(child=True)

# How long a client should wait after a 503 from the clinic store: DynamoDB throttling and brief
# outages clear within seconds, and the function has already retried with backoff.
STORE_RETRY_AFTER_SECONDS = 2

# Powertools writes path parameters as <name>; `{name}` is accepted too, as the template writes them.
_PATH_PARAMETER = re.compile(r"<[^/<>]+>|\{[^/{}]+\}")


def _rule_to_regex(rule: str) -> re.Pattern[str]:
    parts = _PATH_PARAMETER.split(rule)
    pattern = "[^/]+".join(re.escape(part) for part in parts)
    return re.compile(f"^{pattern}/?$")


class PicoResolver(APIGatewayRestResolver):
    """An API Gateway REST resolver that also knows which methods each path accepts (for 405)."""

    def __init__(self) -> None:
        # The body is parsed once, by the raw-request guards; validation reads their document.
        super().__init__(enable_validation=True, json_body_deserializer=resolver_body_deserializer)
        self._methods_by_rule: dict[str, set[str]] = {}
        self._rule_patterns: dict[str, re.Pattern[str]] = {}

    def route(self, rule: str, method: Any, *args: Any, **kwargs: Any) -> Any:
        methods = (method,) if isinstance(method, str) else tuple(method)
        self._methods_by_rule.setdefault(rule, set()).update(m.upper() for m in methods)
        self._rule_patterns.setdefault(rule, _rule_to_regex(rule))
        return super().route(rule, method, *args, **kwargs)

    def allowed_methods(self, path: str) -> set[str]:
        """Methods registered for any rule matching `path` (empty when the path is unknown)."""
        allowed: set[str] = set()
        for rule, pattern in self._rule_patterns.items():
            if pattern.match(path):
                allowed |= self._methods_by_rule[rule]
        return allowed


def to_response(answer: PlainAnswer) -> Response[str]:
    """A route function's answer as the resolver returns it (the direct path builds its own)."""
    return Response(
        status_code=answer.status,
        content_type=answer.content_type,
        body=answer.body,
        headers=dict(answer.headers),
    )


def problem_response(error: ProblemError) -> Response[str]:
    return Response(
        status_code=int(error.status),
        content_type=PROBLEM_CONTENT_TYPE,
        body=_json(problem_body(error.status, error.detail, slug=error.slug, errors=error.errors)),
        headers=error.headers,
    )


def _json(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False)


def _validation_problem(raw_errors: list[dict[str, Any]]) -> Response[str]:
    errors = clean_field_errors(raw_errors)
    return problem_response(
        ProblemError(
            HTTPStatus.UNPROCESSABLE_ENTITY, validation_detail(errors), slug="validation", errors=errors
        )
    )


def create_resolver() -> PicoResolver:
    """A resolver with validation and the shared error mapping installed."""
    app = PicoResolver()

    def _request_invalid(error: RequestValidationError) -> Response[str]:
        return _validation_problem(list(error.errors()))

    def _cannot_plan(error: PlanningInputError) -> Response[str]:
        return _validation_problem(
            [{"loc": ("body", *error.loc), "msg": error.message, "type": error.error_type}]
        )

    def _problem(error: ProblemError) -> Response[str]:
        return problem_response(error)

    def _unparsable(error: UnparsableBody) -> Response[str]:
        return problem_response(ProblemError(error.status, error.detail, slug=error.slug))

    def _not_found(_: NotFoundError) -> Response[str]:
        path = app.current_event.path
        allowed = app.allowed_methods(path)
        if allowed:
            allow = ", ".join(sorted(allowed))
            return problem_response(
                ProblemError(
                    HTTPStatus.METHOD_NOT_ALLOWED,
                    f"This method is not allowed here; use {allow}.",
                    headers={"Allow": allow},
                )
            )
        return problem_response(ProblemError(HTTPStatus.NOT_FOUND, "No resource at this path."))

    def _unexpected(error: Exception) -> Response[str]:
        # Operators get the exception's type and code locations; not its message, which can quote the
        # request (pydantic's does). The caller learns only that the fault is ours.
        logger.error("Unhandled error", extra=describe_exception(error))
        return problem_response(
            ProblemError(HTTPStatus.INTERNAL_SERVER_ERROR, "The service failed to answer this request.")
        )

    def _clinic_not_found(_: ClinicNotFound) -> Response[str]:
        # The same answer whether the clinic never existed or belongs to another partner.
        return problem_response(
            ProblemError(HTTPStatus.NOT_FOUND, "No clinic with this id.", slug="clinic-not-found")
        )

    def _precondition_failed(_: PreconditionFailed) -> Response[str]:
        return problem_response(
            ProblemError(
                HTTPStatus.PRECONDITION_FAILED,
                "If-Match does not name the clinic's current ETag: it was changed or deleted since it "
                "was read. GET it again, then retry with the new ETag.",
            )
        )

    def _precondition_required(_: PreconditionRequired) -> Response[str]:
        return problem_response(
            ProblemError(
                HTTPStatus.PRECONDITION_REQUIRED,
                "This clinic exists: send If-Match with its current ETag to change it.",
            )
        )

    def _invalid_cursor(_: InvalidCursor) -> Response[str]:
        return _validation_problem(
            [
                {
                    "loc": ("query", "cursor"),
                    "msg": "Not a cursor this listing issued; start again without one",
                    "type": "cursor_invalid",
                }
            ]
        )

    def _store_unavailable(error: StoreUnavailable) -> Response[str]:
        # The reason (an AWS error code or exception name) is for operators only.
        logger.warning("Clinic store unavailable", extra={"store_error": error.reason})
        return problem_response(
            ProblemError(
                HTTPStatus.SERVICE_UNAVAILABLE,
                "Clinic profiles cannot be read or written just now; retry shortly.",
                headers={"Retry-After": str(STORE_RETRY_AFTER_SECONDS)},
            )
        )

    # Registered by call rather than as decorators: Powertools' decorators are untyped.
    app.exception_handler(RequestValidationError)(_request_invalid)
    app.exception_handler(PlanningInputError)(_cannot_plan)
    app.exception_handler(ClinicNotFound)(_clinic_not_found)
    app.exception_handler(PreconditionFailed)(_precondition_failed)
    app.exception_handler(PreconditionRequired)(_precondition_required)
    app.exception_handler(InvalidCursor)(_invalid_cursor)
    app.exception_handler(StoreUnavailable)(_store_unavailable)
    app.exception_handler(ProblemError)(_problem)
    app.exception_handler(UnparsableBody)(_unparsable)
    app.exception_handler(NotFoundError)(_not_found)
    app.exception_handler(Exception)(_unexpected)
    return app
