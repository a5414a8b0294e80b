"""Reads template.yaml into the routes API Gateway would serve, and the functions behind them."""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import yaml

from devtools.module_loader import load_module


# PyYAML ships no types (see pyproject's mypy overrides), so its SafeLoader is Any to mypy.
class _CloudFormationLoader(yaml.SafeLoader):  # type: ignore[misc]
    """A YAML loader that keeps CloudFormation's short-form tags (!Ref, !Sub, ...) as plain values."""


def _intrinsic(loader: yaml.SafeLoader, tag_suffix: str, node: yaml.Node) -> dict[str, Any]:
    name = "Ref" if tag_suffix == "Ref" else f"Fn::{tag_suffix}"
    if isinstance(node, yaml.ScalarNode):
        return {name: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {name: loader.construct_sequence(node, deep=True)}
    return {name: loader.construct_mapping(node, deep=True)}


_CloudFormationLoader.add_multi_constructor("!", _intrinsic)


def load_template(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        document = yaml.load(handle, Loader=_CloudFormationLoader)  # noqa: S506 - SafeLoader subclass
    if not isinstance(document, dict):
        raise ValueError(f"{path.name} is not a CloudFormation template")
    return document


@dataclass(frozen=True)
class FunctionSpec:
    logical_id: str
    code_dir: Path
    module: str
    handler: str
    environment: dict[str, str] = field(default_factory=dict)
    timeout_seconds: int = 10
    memory_mb: int = 128


@dataclass(frozen=True)
class RouteSpec:
    method: str  # upper case, or "ANY"
    resource: str  # e.g. /clinics/{clinic_id}
    function: FunctionSpec
    api_key_required: bool
    pattern: re.Pattern[str]

    @property
    def specificity(self) -> tuple[int, int, int]:
        """Static segments beat parameters; a named method beats ANY (as in API Gateway)."""
        segments = [s for s in self.resource.split("/") if s]
        static = sum(1 for s in segments if not s.startswith("{"))
        return (static, len(segments), 0 if self.method == "ANY" else 1)


@dataclass(frozen=True)
class ApiSpec:
    stage: str
    routes: tuple[RouteSpec, ...]


_PARAMETER = re.compile(r"\{([^/{}+]+)\+?\}")


def _compile_resource(resource: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in _PARAMETER.finditer(resource):
        pattern += re.escape(resource[position : match.start()])
        greedy = match.group(0).endswith("+}")
        pattern += f"(?P<{match.group(1)}>.+)" if greedy else f"(?P<{match.group(1)}>[^/]+)"
        position = match.end()
    pattern += re.escape(resource[position:])
    return re.compile(pattern)  # used with fullmatch: `$` also matches before a final newline


def _resolve(value: Any, parameters: dict[str, Any]) -> Any:
    if isinstance(value, dict) and set(value) == {"Ref"} and value["Ref"] in parameters:
        return parameters[value["Ref"]]
    return value


def read_api(template_path: Path) -> ApiSpec:
    """The routes of the template's single REST API, each with the function that serves it."""
    template = load_template(template_path)
    base_dir = template_path.parent
    parameters = {name: spec.get("Default") for name, spec in (template.get("Parameters") or {}).items()}
    resources: dict[str, Any] = template.get("Resources") or {}
    globals_function = (template.get("Globals") or {}).get("Function") or {}
    global_env = ((globals_function.get("Environment") or {}).get("Variables")) or {}

    apis = {k: v for k, v in resources.items() if v.get("Type") == "AWS::Serverless::Api"}
    if len(apis) != 1:
        raise ValueError(f"expected exactly one AWS::Serverless::Api, found {len(apis)}")
    api_id, api = next(iter(apis.items()))
    api_properties = api.get("Properties") or {}
    stage = str(api_properties.get("StageName", "Prod"))
    api_key_default = bool((api_properties.get("Auth") or {}).get("ApiKeyRequired", False))

    routes: list[RouteSpec] = []
    for logical_id, resource in resources.items():
        if resource.get("Type") != "AWS::Serverless::Function":
            continue
        properties = {**globals_function, **(resource.get("Properties") or {})}
        module, _, handler = str(properties["Handler"]).rpartition(".")
        environment = {
            **{k: str(_resolve(v, parameters)) for k, v in global_env.items()},
            **{
                k: str(_resolve(v, parameters))
                for k, v in ((resource.get("Properties") or {}).get("Environment") or {})
                .get("Variables", {})
                .items()
            },
        }
        function = FunctionSpec(
            logical_id=logical_id,
            code_dir=(base_dir / str(properties["CodeUri"])).resolve(),
            module=module,
            handler=handler,
            environment={k: v for k, v in environment.items() if not v.startswith("{")},
            timeout_seconds=int(_resolve(properties.get("Timeout", 3), parameters)),
            memory_mb=int(_resolve(properties.get("MemorySize", 128), parameters)),
        )
        for event in (properties.get("Events") or {}).values():
            if event.get("Type") != "Api":
                continue
            event_properties = event.get("Properties") or {}
            rest_api = event_properties.get("RestApiId")
            if rest_api not in (None, {"Ref": api_id}):
                continue
            auth = event_properties.get("Auth") or {}
            path = str(event_properties["Path"])
            routes.append(
                RouteSpec(
                    method=str(event_properties["Method"]).upper(),
                    resource=path,
                    function=function,
                    api_key_required=bool(auth.get("ApiKeyRequired", api_key_default)),
                    pattern=_compile_resource(path),
                )
            )
    routes.sort(key=lambda r: r.specificity, reverse=True)
    return ApiSpec(stage=stage, routes=tuple(routes))


def match_route(api: ApiSpec, method: str, path: str) -> tuple[RouteSpec, dict[str, str]] | None:
    """The route API Gateway would pick for `method path` (path without the stage), with its parameters.

    A REST API routes a path with one trailing slash to the resource without it (`/health/` to
    `/health`); the event's `path` keeps the slash, and the function's router drops it as well.
    """
    method = method.upper()
    if len(path) > 1:
        path = path.removesuffix("/")
    candidates = [r for r in api.routes if r.pattern.fullmatch(path)]
    if not candidates:
        return None
    best_resource = candidates[0].resource
    same_resource = [r for r in candidates if r.resource == best_resource]
    for route in same_resource:
        if route.method == method:
            return route, _parameters(route, path)
    for route in same_resource:
        if route.method == "ANY":
            return route, _parameters(route, path)
    return None


def _parameters(route: RouteSpec, path: str) -> dict[str, str]:
    match = route.pattern.fullmatch(path)
    return dict(match.groupdict()) if match else {}


def load_function_module(function: FunctionSpec, module_name: str, layer_dir: Path) -> ModuleType:
    """A function's handler module, loaded from its folder under `module_name` (every one is `app.py`).

    The layer folder goes on the path as /opt/python is on Lambda, and the template's environment
    variables are set unless the caller already set them.
    """
    if str(layer_dir) not in sys.path:
        sys.path.insert(0, str(layer_dir))
    for name, value in function.environment.items():
        os.environ.setdefault(name, value)
    return load_module(function.code_dir / f"{function.module.replace('.', '/')}.py", module_name)
