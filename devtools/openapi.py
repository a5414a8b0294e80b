"""Generates the OpenAPI document from the functions' routes: `openapi.json`, committed, checked for drift.

    python -m devtools.openapi            write openapi.json and functions/docs/openapi.json
    python -m devtools.openapi --check    exit 1 when either differs from what the code generates

Every function the template names is loaded from its folder (as Lambda would load it) and its `ROUTES`,
each route declared once (pico_planner/api/routing.py), are registered on a Powertools resolver that
exists only here: Powertools generates each function's schema from the route functions' signatures and
pydantic models, and Powertools' OpenAPI merge joins them. A few steps after that fill gaps Powertools
cannot express; each says why.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import difflib
import importlib
import io
import json
import os
import pkgutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any, Literal, get_args, get_origin

from devtools.lambda_context import LambdaContext
from devtools.local_api.template_routes import FunctionSpec, load_function_module, read_api
from devtools.new_event import EVENTS_PLANNED_AT
from devtools.openapi_examples import scenario_clinic_store
from pico_planner.api.call import Services
from pico_planner.api.handler import make_lambda_handler
from pico_planner.api.openapi_responses import with_gateway_problems
from pico_planner.api.routing import Input, Route, RouteTable
from pico_planner.api.service_logger import service_logger
from pico_planner.api.settings import Settings

PROJECT_ROOT = Path(__file__).resolve().parents[1]
LAYER_DIR = PROJECT_ROOT / "shared"
TEMPLATE_PATH = PROJECT_ROOT / "template.yaml"
EVENTS_DIR = PROJECT_ROOT / "events"
# The document at the root is the contract; the copy beside the docs function is what it serves
# (`sam build` packages only the function's folder).
DOCUMENT_PATHS = (PROJECT_ROOT / "openapi.json", PROJECT_ROOT / "functions" / "docs" / "openapi.json")

LOCAL_SERVER_URL = "http://127.0.0.1:3000/v1"
DEPLOYED_SERVER_URL = "https://{apiId}.execute-api.{region}.amazonaws.com/v1"

# The answer of this operation is the document itself: as an example it would nest every earlier version.
OPERATIONS_WITHOUT_RESPONSE_EXAMPLES = frozenset({"getOpenApiDocument"})

DESCRIPTION = """\
Session estimates and schedules for pico laser treatment courses. Planning figures, not medical advice.

**API key.** Every operation except PUBLIC_OPERATIONS needs an `x-api-key` header;
without a valid one the gateway answers 403.

**Errors.** Every error is `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`,
and for validation problems `errors: [{loc, msg, type}]`. A method a path does not offer answers 405
with an `Allow` header; an unknown path answers 404. Every GET also answers HEAD: the same status and
headers, without the content. Request bodies are JSON, at most 64 KiB; unknown
fields are refused. Problem details are always in English: they are for developers.

**Languages.** `estimateSessions`, `scheduleSessions` (JSON and calendar) and `listConcerns` answer in the
language `Accept-Language` prefers: en-GB (the default and the fallback), en-US, zh-Hans, zh-Hant, ja,
ko, th, vi, ms, id, es, fr or de, and say which in `Content-Language`, with `Vary: Accept-Language`.
Only patient sentences and form labels change: codes, field names, numbers and sources never do.
"""

# Who answers for the API and on what terms (pyproject.toml: the licence is proprietary).
CONTACT = {"name": "Pico Planner maintainers"}
LICENSE = {"name": "Proprietary"}

TAGS = (
    ("Planning", "Estimate and schedule a course of sessions."),
    ("Catalogue", "What the planner accepts: concern types, inputs and default ranges."),
    ("Clinics", "Clinic profiles a partner stores once (calendar, time zone, protocol) and schedules by id."),
    ("Service", "Liveness, versions and this document."),
)


def _security_schemes() -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.models import APIKey, APIKeyIn

    from pico_planner.api.openapi_responses import API_KEY_HEADER, API_KEY_SCHEME

    key = APIKey(
        name=API_KEY_HEADER,
        in_=APIKeyIn.header,
        description="A partner key issued with the API's usage plan (throttle and quota per key).",
    )
    return {API_KEY_SCHEME: key}


def _powertools_marker(marker: Input) -> Any:
    """Powertools' parameter class for one of ours: the same keywords, so the same schema."""
    from aws_lambda_powertools.event_handler.openapi import params

    kind = {"body": params.Body, "path": params.Path, "query": params.Query, "header": params.Header}
    return kind[marker.location](description=marker.description, **marker.constraints)


def _documented_function(route: Route) -> Any:
    """A stand-in for the route function whose signature Powertools reads: the same parameters, each
    annotated with Powertools' marker in place of ours (the `Call` parameter is not an input)."""
    import inspect
    from typing import Annotated

    from aws_lambda_powertools.event_handler import Response

    _, body, parameters = route.signature
    inputs = [*parameters, *([body] if body is not None else [])]
    signature = inspect.Signature(
        [
            inspect.Parameter(
                p.name,
                inspect.Parameter.KEYWORD_ONLY,
                default=inspect.Parameter.empty if p.default is ... else p.default,
                annotation=Annotated[p.annotation, _powertools_marker(p.marker)],
            )
            for p in inputs
        ],
        return_annotation=Response[str],
    )

    def documented(**_: Any) -> Any:
        raise NotImplementedError("only documents the route")

    documented.__signature__ = signature  # type: ignore[attr-defined]  # read by inspect.signature
    documented.__name__ = route.answer.__name__
    return documented


def powertools_resolver(routes: RouteTable) -> Any:
    """A Powertools resolver with the routes registered, for Powertools to document them."""
    from aws_lambda_powertools.event_handler import APIGatewayRestResolver

    from pico_planner.api.openapi_responses import API_KEY_REQUIRED

    app = APIGatewayRestResolver(enable_validation=True)
    for route in routes:
        operation = route.operation
        register = app.route(
            route.path.replace("{", "<").replace("}", ">"),
            route.method,
            operation_id=operation.operation_id,
            summary=operation.summary,
            description=operation.description,
            tags=list(operation.tags),
            security=API_KEY_REQUIRED if operation.api_key else None,
            responses=with_gateway_problems(operation.responses, api_key=operation.api_key),
        )
        register(_documented_function(route))
    return app


@dataclass(frozen=True)
class LoadedFunction:
    spec: FunctionSpec
    module: ModuleType

    @property
    def routes(self) -> RouteTable:
        routes: RouteTable = self.module.ROUTES
        return routes

    @property
    def app(self) -> Any:
        return powertools_resolver(self.routes)


def template_functions(template: Path = TEMPLATE_PATH) -> list[FunctionSpec]:
    """Each function that serves an API route, once, in the template's order."""
    seen: dict[str, FunctionSpec] = {}
    for route in read_api(template).routes:
        seen.setdefault(route.function.logical_id, route.function)
    return sorted(seen.values(), key=lambda f: f.logical_id)


def load_function(spec: FunctionSpec) -> LoadedFunction:
    """The function's module, loaded from its folder under a name of its own (every one is `app.py`)."""
    module = load_function_module(spec, f"openapi_fn_{spec.logical_id}", LAYER_DIR)
    return LoadedFunction(spec, module)


def _public_operations(functions: list[LoadedFunction]) -> str:
    """The operations declared without an API key, as the description names them."""
    public = sorted(
        route.operation.operation_id
        for function in functions
        for route in function.routes
        if not route.operation.api_key
    )
    return " and ".join(", ".join(f"`{name}`" for name in public).rsplit(", ", 1))


def _merge_generated(functions: list[LoadedFunction]) -> dict[str, Any]:
    from aws_lambda_powertools.event_handler.openapi.merge import OpenAPIMerge
    from aws_lambda_powertools.event_handler.openapi.models import (
        Contact,
        License,
        Server,
        ServerVariable,
        Tag,
    )

    from pico_planner import SERVICE_VERSION

    security_schemes = _security_schemes()
    merge = OpenAPIMerge(
        title="Pico Planner API",
        version=SERVICE_VERSION,
        description=DESCRIPTION.replace("PUBLIC_OPERATIONS", _public_operations(functions)),
        contact=Contact.model_validate(CONTACT),
        license_info=License.model_validate(LICENSE),
        tags=[Tag(name=name, description=text) for name, text in TAGS],
        servers=[
            Server(url=LOCAL_SERVER_URL, description="The local API server (`make run`)."),
            Server(
                url=DEPLOYED_SERVER_URL,
                description="A deployed stack (`sam deploy`); the stack's ApiBaseUrl output.",
                variables={
                    "apiId": ServerVariable(default="abcde12345", description="The REST API's id."),
                    "region": ServerVariable(default="eu-west-2", description="The stack's AWS region."),
                },
            ),
        ],
        security_schemes={
            name: scheme.model_dump(by_alias=True, exclude_none=True, mode="json")
            for name, scheme in security_schemes.items()
        },
        # Two functions documenting the same method and path is a template mistake, never a merge choice.
        on_conflict="error",
    )
    components_seen: dict[str, tuple[str, Any]] = {}
    for function in functions:
        schema = function.app.get_openapi_schema(security_schemes=security_schemes)
        generated = schema.model_dump(by_alias=True, exclude_none=True, mode="json")
        # Powertools' merge keeps the last of two components with one name; two different models named
        # alike in two functions would silently lose one, so that is refused here.
        for name, definition in ((generated.get("components") or {}).get("schemas") or {}).items():
            earlier = components_seen.setdefault(name, (function.spec.logical_id, definition))
            if earlier[1] != definition:
                raise ValueError(f"schema {name} differs between {earlier[0]} and {function.spec.logical_id}")
        merge.add_schema(generated)
    return merge.get_openapi_schema()


def _references(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref" and isinstance(value, str):
                yield value.rsplit("/", 1)[-1]
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def _drop_unused_schemas(document: dict[str, Any]) -> None:
    """Powertools adds HTTPValidationError and ValidationError to every document even when every route
    documents its own 422 (ours is a Problem); a schema nothing refers to would only mislead."""
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    used = _closure(schemas, {k: v for k, v in document.items() if k != "components"})
    for name in set(schemas) - used:
        del schemas[name]


def _drop_impossible_validation_problems(document: dict[str, Any]) -> None:
    """No 422 for an operation with no parameter and no body: nothing it reads can break a rule.

    `documented_responses` gives every route a 422 (and Powertools one of its own); the route's inputs
    decide whether one can happen. `GET /health` ignores any query string, so it never answers 422.
    """
    for operation in _operations(document).values():
        if not operation.get("parameters") and "requestBody" not in operation:
            operation.get("responses", {}).pop("422", None)


def _tidy_responses(document: dict[str, Any]) -> None:
    """Responses in status order, and no empty `content`: Powertools fills a response without `content`
    from the return annotation, so a bodiless one (304) declares `content: {}`, dropped here."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            responses = operation.get("responses", {})
            for response in responses.values():
                if response.get("content") == {}:
                    del response["content"]
            operation["responses"] = {str(k): responses[k] for k in sorted(responses, key=int)}


def _operations(document: dict[str, Any]) -> dict[tuple[str, str], dict[str, Any]]:
    return {
        (method.upper(), path): operation
        for path, path_item in document.get("paths", {}).items()
        for method, operation in path_item.items()
    }


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


# Request fields whose dates must lie before or after the day of the request (sessions done up to today,
# booked from today on): a request naming them is right on the day its scenario pins, and wrong later.
DAY_BOUND_FIELDS = ("completed_sessions", "booked_sessions")


def accepted_on_any_day(body: Any) -> bool:
    """Whether a request example keeps working on every later day, so Swagger UI and clients may send
    it as it stands: a past `start_date` is planned from today, a completed or booked date is not."""
    return not (isinstance(body, dict) and any(body.get(field) for field in DAY_BOUND_FIELDS))


def _add_examples_from_events(document: dict[str, Any], functions: list[LoadedFunction]) -> None:
    """Request and response examples are the scenarios in events/, answered by the real handlers.

    Powertools takes examples from decorators, but events/ is not part of any function's package, so
    the functions cannot read them; and an answer computed here can never disagree with the code.
    """
    operations = _operations(document)
    routes = read_api(TEMPLATE_PATH).routes
    handler_by_resource = {
        (route.method, route.resource): next(
            f for f in functions if f.spec.logical_id == route.function.logical_id
        )
        for route in routes
    }
    for event_file in sorted(EVENTS_DIR.rglob("*.json")):
        name = event_file.relative_to(EVENTS_DIR).with_suffix("").as_posix()
        event = json.loads(event_file.read_text(encoding="utf-8"))
        key = (str(event.get("httpMethod", "")).upper(), str(event.get("resource", "")))
        operation = operations.get(key)
        function = handler_by_resource.get(key)
        if operation is None or function is None:
            continue  # a wrong-method or unknown-path scenario: no operation to illustrate
        context = LambdaContext(function.spec.logical_id, function.spec.memory_mb, 10)
        # Each scenario is answered from a fresh table set up for it, on EVENTS_PLANNED_AT. The handlers'
        # lines and metrics (printed when INFO lines are off) are not part of this output.
        with scenario_clinic_store(event, TEMPLATE_PATH) as store, contextlib.redirect_stdout(io.StringIO()):
            services = Services(
                settings=Settings(), clock=lambda: EVENTS_PLANNED_AT, clinic_store=lambda: store
            )
            logger = service_logger(name=f"openapi.{function.spec.logical_id}", stream=io.StringIO())
            handler = make_lambda_handler(function.routes, services, logger)
            answer = handler(copy.deepcopy(event), context)
        status = str(answer.get("statusCode"))
        response = operation["responses"].get(status)
        headers = {k.lower(): str(v) for k, v in (answer.get("headers") or {}).items()}
        headers.update(
            {k.lower(): str(v[0]) for k, v in (answer.get("multiValueHeaders") or {}).items() if v}
        )
        media_type = _media_type(headers.get("content-type", ""))
        example_key = name.replace("/", ".")
        summary = name.rsplit("/", 1)[-1].replace("_", " ")

        if status.startswith("2") and event.get("body") and "requestBody" in operation:
            request_content = operation["requestBody"]["content"].get("application/json")
            if (
                request_content is not None
                and not event.get("isBase64Encoded")
                and accepted_on_any_day(json.loads(event["body"]))
            ):
                request_content.setdefault("examples", {})[example_key] = {
                    "summary": summary,
                    "value": json.loads(event["body"]),
                }
        if operation["operationId"] in OPERATIONS_WITHOUT_RESPONSE_EXAMPLES or response is None:
            continue
        response_content = (response.get("content") or {}).get(media_type)
        if response_content is None or not answer.get("body"):
            continue
        body = answer["body"]
        value = json.loads(body) if media_type.endswith("json") else body
        response_content.setdefault("examples", {})[example_key] = {"summary": summary, "value": value}


def shared_vocabularies() -> dict[str, tuple[str, ...]]:
    """The core's named string vocabularies: each module-level `Name = Literal["a", "b", ...]`.

    pydantic writes a Literal inline wherever a field uses it, so the document would repeat one enum
    per model (a generated client then gets `PigmentationConcernSeverity`, `WrinklesConcernSeverity`,
    ...). Naming each one after the core's own alias gives clients one type per vocabulary.
    """
    from pico_planner import core

    found: dict[str, tuple[str, ...]] = {}
    for info in sorted(pkgutil.walk_packages(core.__path__, prefix=f"{core.__name__}."), key=str):
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            if not name[:1].isupper() or get_origin(value) is not Literal:
                continue
            values = get_args(value)
            if len(values) < 2 or not all(isinstance(item, str) for item in values):
                continue
            if found.setdefault(name, values) != values:
                raise ValueError(f"two vocabularies are named {name}")
    by_values: dict[tuple[str, ...], str] = {}
    for name, values in found.items():
        earlier = by_values.setdefault(values, name)
        if earlier != name:
            raise ValueError(f"{earlier} and {name} have the same values: one name must go")
    return found


# What an inline enum may carry besides its values and still be the shared vocabulary.
_INLINE_ENUM_KEYS = frozenset({"enum", "type", "title", "description", "default", "examples"})


def _name_shared_enums(document: dict[str, Any], vocabularies: dict[str, tuple[str, ...]]) -> None:
    """Every inline enum equal to a core vocabulary becomes a `$ref` to one component of that name."""
    schemas: dict[str, Any] = document.setdefault("components", {}).setdefault("schemas", {})
    name_by_values = {values: name for name, values in vocabularies.items()}
    used: set[str] = set()

    def rewrite(node: Any) -> Any:
        if isinstance(node, list):
            return [rewrite(item) for item in node]
        if not isinstance(node, dict):
            return node
        values = node.get("enum")
        if (
            isinstance(values, list)
            and set(node) <= _INLINE_ENUM_KEYS
            and node.get("type", "string") == "string"
        ):
            name = name_by_values.get(tuple(values))
            if name is not None:
                used.add(name)
                kept = {key: node[key] for key in ("description", "default", "examples") if key in node}
                return {"$ref": f"#/components/schemas/{name}", **kept}
        return {key: rewrite(value) for key, value in node.items()}

    document["paths"] = rewrite(document["paths"])
    for name in list(schemas):
        schemas[name] = rewrite(schemas[name])
    for name in sorted(used):
        if name in schemas:
            raise ValueError(f"a model and a vocabulary are both named {name}")
        schemas[name] = {"type": "string", "enum": list(vocabularies[name]), "title": name}


def _non_null_parameters(document: dict[str, Any]) -> None:
    """An optional header or query parameter is absent, never null: `str | None` in a route signature
    means "may be left out", but pydantic writes `anyOf: [string, null]`, which clients then type as
    `string | null` although no header or query string can carry a null."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                schema = parameter.get("schema", {})
                options = schema.get("anyOf")
                if parameter.get("in") not in {"header", "query"} or not isinstance(options, list):
                    continue
                not_null = [option for option in options if option != {"type": "null"}]
                if len(not_null) != 1 or len(not_null) == len(options):
                    continue
                rest = {key: value for key, value in schema.items() if key != "anyOf"}
                if rest.get("default", "") is None:
                    del rest["default"]
                parameter["schema"] = {**not_null[0], **rest}


def _explicit_public_operations(document: dict[str, Any]) -> None:
    """`security: []` on the operations that need no key: public by declaration, not by omission (the
    document has no root-level security, so linters cannot tell an oversight from a choice)."""
    for path_item in document.get("paths", {}).values():
        for operation in path_item.values():
            operation.setdefault("security", [])


# RFC 3339's full-date, the only text a `format: date` field takes (YYYY-MM-DD).
_FULL_DATE_LENGTH = 10


def _schema_objects(node: Any) -> Iterator[dict[str, Any]]:
    """Every object in `node`, outermost first, but those under `examples` and `example`: examples are
    values, not schemas. An object is walked after its caller has seen it, so keys the caller sets on it
    are walked too."""
    if isinstance(node, list):
        for item in node:
            yield from _schema_objects(item)
    elif isinstance(node, dict):
        yield node
        for key, value in node.items():
            if key not in ("examples", "example"):
                yield from _schema_objects(value)


def _bound_string_lengths(node: Any) -> None:
    """Give every string schema the maximum length the service enforces, where pydantic leaves it out.

    An enum or constant can only be one of its values, and a date is ten characters: the bound follows
    from the schema, so it is written down rather than left for each client to work out. Free-text
    fields carry their own `max_length` in the models.
    """
    for schema in _schema_objects(node):
        if schema.get("type") == "string" and "maxLength" not in schema:
            values = schema.get("enum") or ([schema["const"]] if "const" in schema else None)
            if values and all(isinstance(value, str) for value in values):
                schema["maxLength"] = max(len(value) for value in values)
            elif schema.get("format") == "date":
                schema["maxLength"] = _FULL_DATE_LENGTH


def _closure(schemas: dict[str, Any], roots: Any) -> set[str]:
    """The names of the component schemas `roots` refers to, directly or through other components."""
    found: set[str] = set()
    pending = list(_references(roots))
    while pending:
        name = pending.pop()
        if name not in found and name in schemas:
            found.add(name)
            pending.extend(_references(schemas[name]))
    return found


def _open_objects(node: Any) -> None:
    """`additionalProperties: true` on every object schema in `node` that lists its properties."""
    for schema in _schema_objects(node):
        if "properties" in schema and schema.get("additionalProperties") is False:
            schema["additionalProperties"] = True


def _open_response_schemas(document: dict[str, Any]) -> None:
    """Schemas that only answers use may grow; schemas a request uses refuse unknown fields.

    The models forbid extra fields (`extra="forbid"`), which is right for a request: the service
    refuses a field it does not know. Written into an answer's schema, the same `false` would tell
    clients that no v1 answer can ever hold another field, where a minor release may add one (README,
    "Versions"), and several generators take it at its word: ogen's decoders and openapi-generator's Go
    and Java clients fail on any property the schema does not list. So every schema reachable only
    from responses says `additionalProperties: true`, explicitly: openapi-generator reads a missing
    one as `false` by default (`disallowAdditionalPropertiesIfNotPresent`). A schema both sides use
    (a clinic profile is sent and read back) keeps the request's rule.
    """
    schemas: dict[str, Any] = document.get("components", {}).get("schemas", {})
    operations = _operations(document).values()
    requests = [{k: op[k] for k in ("requestBody", "parameters") if k in op} for op in operations]
    answers = [op.get("responses", {}) for op in operations]
    sent = _closure(schemas, requests)
    for name in sorted(_closure(schemas, answers) - sent):
        _open_objects(schemas[name])
    for answer in answers:
        _open_objects(answer)


def _add_clinic_links(document: dict[str, Any]) -> None:
    """OpenAPI links from a clinic's PUT to reading, replacing and deleting the same clinic.

    They say how the answers chain (the path's id, the answer's ETag as If-Match), and Schemathesis'
    stateful phase follows them to test the clinic routes as a client would use them.
    """
    clinic = {"clinic_id": "$request.path.clinic_id"}
    with_etag = {**clinic, "header.If-Match": "$response.header.ETag"}
    links = {
        "GetClinic": {
            "operationId": "getClinic",
            "parameters": clinic,
            "description": "Read the clinic just written.",
        },
        "ReplaceClinic": {
            "operationId": "putClinic",
            "parameters": with_etag,
            "description": "Replace the clinic, naming the version just written in If-Match.",
        },
        "DeleteClinic": {
            "operationId": "deleteClinic",
            "parameters": with_etag,
            "description": "Delete the clinic, if it is still the version just written.",
        },
    }
    responses = document["paths"]["/clinics/{clinic_id}"]["put"]["responses"]
    for status in ("200", "201"):
        responses[status]["links"] = links


def _add_accept_language(document: dict[str, Any]) -> None:
    """The Accept-Language parameter of every operation whose success says Content-Language.

    Declared here rather than as a Powertools `Header` parameter: Powertools would validate it, and a
    header sent twice (a list) or any value it disliked would become a 422, where the contract is that
    no Accept-Language header ever makes a request fail.
    """
    from pico_planner.api.languages import ACCEPT_LANGUAGE_DESCRIPTION

    parameter = {
        "name": "Accept-Language",
        "in": "header",
        "required": False,
        "description": ACCEPT_LANGUAGE_DESCRIPTION,
        # Any text: the service reads every value (a malformed one gives en-GB) and never refuses one, so
        # the schema states no pattern that a client could take for a rule.
        "schema": {"type": "string"},
        "example": "ko-KR, ko;q=0.9, en;q=0.5",
    }
    for operation in _operations(document).values():
        successes = [r for code, r in operation.get("responses", {}).items() if code.startswith("2")]
        if any("Content-Language" in (response.get("headers") or {}) for response in successes):
            operation.setdefault("parameters", []).append(dict(parameter))


def build_document(template: Path = TEMPLATE_PATH) -> dict[str, Any]:
    functions = [load_function(spec) for spec in template_functions(template)]
    document = _merge_generated(functions)
    _drop_unused_schemas(document)
    _name_shared_enums(document, shared_vocabularies())
    _non_null_parameters(document)
    _explicit_public_operations(document)
    _tidy_responses(document)
    _add_accept_language(document)
    _drop_impossible_validation_problems(document)
    _add_examples_from_events(document, functions)
    _bound_string_lengths(document.get("components", {}))
    _bound_string_lengths(document.get("paths", {}))
    _add_clinic_links(document)
    _open_response_schemas(document)
    document["paths"] = dict(sorted(document.get("paths", {}).items()))
    return document


def render(document: dict[str, Any]) -> str:
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate openapi.json from the functions' routes.")
    parser.add_argument("--check", action="store_true", help="exit 1 if a committed document is stale")
    args = parser.parse_args(argv)
    # The handlers answer each example scenario; their request logs and metrics are noise here.
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
    text = render(build_document())
    stale = []
    for path in DOCUMENT_PATHS:
        current = path.read_text(encoding="utf-8") if path.exists() else ""
        if current == text:
            continue
        if args.check:
            stale.append(path)
            diff = difflib.unified_diff(
                current.splitlines(),
                text.splitlines(),
                str(path.relative_to(PROJECT_ROOT)),
                "generated",
                lineterm="",
            )
            print("\n".join(list(diff)[:60]))
        else:
            path.write_text(text, encoding="utf-8")
            print(f"wrote {path.relative_to(PROJECT_ROOT)}")
    if stale:
        print("The OpenAPI document is stale: run `make openapi` and commit the result.")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
