"""Why an event is not one the handler can read: a REST proxy event as API Gateway sends it.

API Gateway always sends that shape. A direct invoke, another event source or a test tool may not: a
header sent as a number or a request context sent as a list fails deep in the glue. The handler asks
here only when answering failed with an exception of no type in the error table, so a well-formed
request pays nothing; an event found unreadable is answered 400, naming the member, never its value,
instead of 500.
"""

from __future__ import annotations

from collections.abc import Iterable
from http import HTTPStatus
from itertools import chain

from pico_planner.api.problems import ProblemError

# Members that are text when present.
_TEXTS = ("httpMethod", "path", "resource")
# Members that map names to text, and names to lists of text, when present.
_TEXT_MAPS = ("headers", "queryStringParameters", "pathParameters")
_TEXT_LIST_MAPS = ("multiValueHeaders", "multiValueQueryStringParameters")


def unreadable_event_problem(event: object) -> ProblemError | None:
    """A 400 naming the first member of `event` that is not as API Gateway sends it; None if none is.

    The body and `isBase64Encoded` are checked where the body is read (`request_body.body_text`).
    """
    member = _unreadable_member(event)
    if member is None:
        return None
    return ProblemError(
        HTTPStatus.BAD_REQUEST,
        f"The request is not an API Gateway REST proxy event this service can read: {member} is not "
        "as API Gateway sends it.",
    )


def _unreadable_member(event: object) -> str | None:
    if not isinstance(event, dict):
        return "the event"
    for name in _TEXTS:
        value = event.get(name)
        if value is not None and not isinstance(value, str):
            return name
    for name in _TEXT_MAPS:
        values = event.get(name)
        if values is not None and not (
            isinstance(values, dict) and _texts(values) and _texts(values.values())
        ):
            return name
    for name in _TEXT_LIST_MAPS:
        lists = event.get(name)
        if lists is not None and not (
            isinstance(lists, dict)
            and _texts(lists)
            and all(isinstance(values, list) for values in lists.values())
            and _texts(chain.from_iterable(lists.values()))
        ):
            return name
    context = event.get("requestContext")
    if context is not None and not isinstance(context, dict):
        return "requestContext"
    identity = context.get("identity") if context is not None else None
    if identity is not None and not isinstance(identity, dict):
        return "requestContext.identity"
    return None


def _texts(values: Iterable[object]) -> bool:
    return all(isinstance(value, str) for value in values)
