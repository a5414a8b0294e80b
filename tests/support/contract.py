"""Checks one answer against the committed OpenAPI document (openapi.json).

An answer conforms when its status is documented for the operation that the event's
(httpMethod, resource) names, its media type is one that status documents, and its body matches
that media type's schema (jsonschema, with the document's components resolvable), and every header it
carries is documented on its response or is one every answer may carry. A method a path
does not offer must be a 405 problem whose Allow lists exactly the documented methods; a path the
document does not have must be a 404 problem.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from jsonschema import Draft202012Validator

from pico_planner.api.problems import PROBLEM_TYPE_PREFIX, PROBLEM_TYPES, status_title
from tests.support.events import PROJECT_ROOT

DOCUMENT_PATH = PROJECT_ROOT / "openapi.json"
PROBLEM_CONTENT_TYPE = "application/problem+json"


class ContractViolation(AssertionError):
    """An answer the committed OpenAPI document does not allow."""


@cache
def document() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    return loaded


def operation(method: str, resource: str) -> dict[str, Any] | None:
    """The operation documented for `method` on the template path `resource`, if any."""
    path_item: dict[str, Any] = document()["paths"].get(resource) or {}
    found: dict[str, Any] | None = path_item.get(method.lower())
    return found


def documented_methods(resource: str) -> set[str]:
    """The path's operations' methods, and HEAD wherever GET is (RFC 9110, 9.3.2)."""
    methods = {method.upper() for method in document()["paths"].get(resource) or {}}
    return methods | {"HEAD"} if "GET" in methods else methods


def _closed(node: Any) -> Any:
    """The schema with every object closed: an answer's schema allows fields a later v1 may add, but
    this version's answers must carry only the fields it documents."""
    if isinstance(node, list):
        return [_closed(item) for item in node]
    if not isinstance(node, dict):
        return node
    closed = {key: _closed(value) for key, value in node.items()}
    if "properties" in node and node.get("additionalProperties") is True:
        closed["additionalProperties"] = False
    return closed


@cache
def _validator(schema_json: str) -> Draft202012Validator:
    # The components ride along in the schema's own root, so `#/components/schemas/...` resolves.
    schema = _closed({**json.loads(schema_json), "components": document().get("components", {})})
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(schema: Mapping[str, Any], value: Any) -> list[str]:
    validator = _validator(json.dumps(schema, sort_keys=True))
    return [
        f"{'/'.join(str(p) for p in error.absolute_path) or '(body)'}: {error.message}"
        for error in validator.iter_errors(value)
    ]


def problem_schema() -> dict[str, Any]:
    return {"$ref": "#/components/schemas/Problem"}


def _header(headers: Mapping[str, str], name: str) -> str | None:
    return next((v for k, v in headers.items() if k.lower() == name.lower()), None)


def _media_type(content_type: str | None) -> str:
    return (content_type or "").split(";", 1)[0].strip().lower()


def _check_body(where: str, media_type: str, schema: Mapping[str, Any], body: str | None) -> None:
    if body is None:  # a HEAD answer's headers only
        return
    if media_type == "application/json" or media_type.endswith("+json"):
        try:
            value: Any = json.loads(body)
        except json.JSONDecodeError as error:
            raise ContractViolation(f"{where}: the {media_type} body is not JSON ({error.msg})") from None
    else:
        value = body
    errors = schema_errors(schema, value)
    if errors:
        raise ContractViolation(f"{where}: the body does not match its schema: " + "; ".join(errors[:5]))


def check_problem_type(where: str, status: int, body: str) -> None:
    """A problem's `type` is one the document lists (`Problem.type`), with this status and its title."""
    problem = json.loads(body)
    slug = str(problem.get("type", "")).removeprefix(PROBLEM_TYPE_PREFIX)
    listed = PROBLEM_TYPES.get(slug)
    if listed is None or f"`{PROBLEM_TYPE_PREFIX}{slug}`" not in _listed_problem_types():
        raise ContractViolation(
            f"{where}: problem type {problem.get('type')!r} is not listed in the document"
        )
    if int(listed[0]) != status or problem.get("title") != status_title(listed[0]):
        raise ContractViolation(
            f"{where}: problem type {slug} is listed as {int(listed[0])}, answered {status}"
        )


@cache
def _listed_problem_types() -> str:
    description: str = document()["components"]["schemas"]["Problem"]["properties"]["type"]["description"]
    return description


# Headers every answer may carry, which the document states once rather than on each response: the
# media type and length, the hygiene headers (Cache-Control: no-store unless a route sets its own,
# X-Content-Type-Options), CORS for the configured origin, and what an HTTP server adds.
_GENERAL_HEADERS = frozenset(
    {
        "content-type",
        "content-length",
        "cache-control",
        "x-content-type-options",
        "access-control-allow-origin",
        "access-control-expose-headers",
        "date",
        "server",
        "connection",
        "keep-alive",
        "transfer-encoding",
    }
)


def _check_headers(where: str, headers: Mapping[str, str], response: Mapping[str, Any]) -> None:
    """Every header an answer carries is documented on its response, or is one every answer may carry."""
    documented = {name.lower() for name in response.get("headers") or {}}
    undocumented = sorted(
        name
        for name, value in headers.items()
        if name.lower() not in _GENERAL_HEADERS | documented
        # Vary: Origin alone is CORS's (the document says so once); any other Vary is the route's.
        and not (name.lower() == "vary" and value == "Origin")
    )
    if undocumented:
        raise ContractViolation(
            f"{where}: headers not documented on this response: {', '.join(undocumented)}"
        )


def check_answer(method: str, resource: str, status: int, headers: Mapping[str, str], body: str) -> None:
    """Raise ContractViolation unless this answer is one the document allows."""
    method = requested = method.upper()
    # HEAD is a GET's answer (the document says so once, in its description); over HTTP it comes
    # without content, so only its status and headers can be checked.
    headers_only = method == "HEAD" and not body
    method = "GET" if method == "HEAD" else method
    media_type = _media_type(_header(headers, "Content-Type"))
    where = f"{requested} {resource} -> {status}"
    sent: str | None = None if headers_only else body
    if media_type == PROBLEM_CONTENT_TYPE and sent:
        check_problem_type(where, status, sent)

    if resource not in document()["paths"]:
        if status != 404 or media_type != PROBLEM_CONTENT_TYPE:
            raise ContractViolation(f"{where}: an undocumented path must answer a 404 problem")
        _check_body(where, media_type, problem_schema(), sent)
        return

    found = operation(method, resource)
    if found is None:
        allowed = documented_methods(resource)
        allow = {m.strip().upper() for m in (_header(headers, "Allow") or "").split(",") if m.strip()}
        if status != 405 or media_type != PROBLEM_CONTENT_TYPE or allow != allowed:
            raise ContractViolation(
                f"{where}: a method the path does not offer must answer a 405 problem with "
                f"Allow: {', '.join(sorted(allowed))} (got Allow: {', '.join(sorted(allow)) or 'none'})"
            )
        _check_body(where, media_type, problem_schema(), sent)
        return

    where = f"{found['operationId']} -> {status}"
    response = found["responses"].get(str(status))
    if response is None:
        raise ContractViolation(
            f"{where}: status {status} is not documented ({', '.join(found['responses'])})"
        )
    _check_headers(where, headers, response)
    content: dict[str, Any] = response.get("content") or {}
    if not content:
        if body:
            raise ContractViolation(f"{where}: documented without a body, but the answer has one")
        return
    if media_type not in content:
        raise ContractViolation(
            f"{where}: Content-Type {media_type or 'none'} is not one of {', '.join(content)}"
        )
    _check_body(where, media_type, content[media_type].get("schema") or {}, sent)
