"""The Lambda handler every function is: route, read the inputs, answer, map errors, log one line.

    lambda_handler = make_lambda_handler(ROUTES)

A request is matched to one of the function's routes (404 or 405 otherwise), its parameters and body
are validated against the route function's signature, and the route function answers, once. Any
exception on the way becomes a problem through the one table in `problems.py`; one of no type there is
logged (its type and code locations, never its message) and answered 500, or 400 when the event is not
one API Gateway sends (`event_shape.py`). Powertools' resolver is not used at run time
(docs/decisions.md): its import and per-request routing cost more than the planning.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.call import Call, Services
from pico_planner.api.event_shape import unreadable_event_problem
from pico_planner.api.exception_description import describe_exception
from pico_planner.api.problems import INTERNAL_ERROR, InvalidInput, problem_for
from pico_planner.api.request_body import body_text, validated_body
from pico_planner.api.request_log import RequestObservability, concern_types_of
from pico_planner.api.response_headers import add_cors_headers, add_hygiene_headers
from pico_planner.api.routing import Location, RouteTable
from pico_planner.api.service_logger import service_logger
from pico_planner.api.snapstart import register_restore_hooks

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger
    from pydantic import BaseModel

LambdaHandler = Callable[[dict[str, Any], Any], dict[str, Any]]


def _query_values(event: Mapping[str, Any]) -> dict[str, Any]:
    """A proxy event's query values by name: text, or a list when sent more than once (which a
    single-valued parameter then refuses, as the contract allows one). Headers are read through
    `Headers`, where a header sent on several lines is one list."""
    values: dict[str, Any] = dict(event.get("queryStringParameters") or {})
    for name, sent in (event.get("multiValueQueryStringParameters") or {}).items():
        if isinstance(sent, list) and len(sent) > 1:
            values[name] = sent
    return values


def answer_request(
    routes: RouteTable, services: Services, event: Mapping[str, Any]
) -> tuple[PlainAnswer, BaseModel | None]:
    """The route's answer to a proxy event, and the validated body; raises what the route raises."""
    method = str(event.get("httpMethod") or "").upper()
    route, path_parameters = routes.match(method, str(event.get("path") or ""))
    call_name, body_parameter, parameters = route.signature
    headers = Headers(event.get("headers"), event.get("multiValueHeaders"))
    arguments: dict[str, Any] = {}
    errors: list[Mapping[str, Any]] = []
    if parameters:
        sources: dict[Location, Mapping[str, Any] | Headers] = {"path": path_parameters, "header": headers}
        sources["query"] = _query_values(event)
        try:
            arguments.update(route.read_parameters(lambda where, name: sources[where].get(name)))
        except InvalidInput as invalid:
            errors.extend(invalid.errors)
    body: BaseModel | None = None
    if body_parameter is not None:
        text = body_text(event, headers)  # 400, 413 and 415 come before any field is named
        try:
            body = validated_body(body_parameter.annotation, text)
            arguments[body_parameter.name] = body
        except InvalidInput as invalid:
            errors.extend(invalid.errors)
    if errors:
        raise InvalidInput(errors)
    if call_name is not None:
        arguments[call_name] = Call(event, headers, services)
    return route.answer(**arguments), body


def make_lambda_handler(
    routes: RouteTable, services: Services | None = None, logger: Logger | None = None
) -> LambdaHandler:
    """A function's `lambda_handler`: answers, logs one line without personal data, records metrics.

    `services` (settings, clock, clinic store) default to the container's own, read once here; tests
    and the local server pass theirs. The line carries the API Gateway request id (as correlation id),
    the route, status, latency and rules version; never a body, a header value or an exception message.
    """
    services = services or Services()
    logger = logger or service_logger()
    observability = RequestObservability(logger, services.settings.metrics_namespace)
    register_restore_hooks(services.settings.snapshot_initialization)

    def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
        # Logged and read for CORS whatever the event is (`event_shape.py`).
        readable: Mapping[str, Any] = event if isinstance(event, dict) else {}
        started = observability.begin(readable, context)
        concern_types: list[str] = []
        try:
            answer, body = answer_request(routes, services, event)
            concern_types = concern_types_of(body)
        except Exception as error:  # every failure is a problem: never a traceback to the caller
            problem = problem_for(error)
            if problem is None:
                # An event API Gateway never sends is the caller's to mend (400); the exception is logged
                # either way, in case the fault is ours.
                problem = unreadable_event_problem(event)
                if problem is None:
                    logger.error("Unhandled error", extra=describe_exception(error))
                    problem = INTERNAL_ERROR
                else:
                    logger.warning("Unreadable request event", extra=describe_exception(error))
            elif problem.operator_note is not None:
                message, fields = problem.operator_note
                logger.warning(message, extra=fields)
            answer = problem.to_answer()
        response = answer.to_proxy_response()
        add_hygiene_headers(response["headers"])
        add_cors_headers(response["headers"], readable.get("headers"), services.settings.cors_allowed_origin)
        observability.end(readable, answer.status, started, concern_types)
        return response

    return lambda_handler
