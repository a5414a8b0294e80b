"""Invoke the functions in-process, each loaded from its own folder as Lambda would load app.py."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from devtools.lambda_context import LambdaContext
from devtools.module_loader import load_module
from tests.support.contract import check_answer
from tests.support.events import PROJECT_ROOT, load_event

FUNCTION_NAMES = ("estimate", "schedule", "catalogue", "docs")


# The one Lambda context of the project (devtools/lambda_context.py), under the name the tests know.
FakeLambdaContext = LambdaContext


@cache
def function_module(name: str) -> ModuleType:
    """functions/<name>/app.py, loaded once per test process as Lambda loads it once per container."""
    return load_module(PROJECT_ROOT / "functions" / name / "app.py", f"functions_{name}_app")


@dataclass(frozen=True)
class HandlerAnswer:
    status: int
    headers: dict[str, str]
    body: str

    @property
    def json(self) -> Any:
        return json.loads(self.body)

    @property
    def content_type(self) -> str:
        return next((v for k, v in self.headers.items() if k.lower() == "content-type"), "")


def invoke(function: str, event: dict[str, Any], *, check_contract: bool = True) -> HandlerAnswer:
    """The function's answer to `event`; by default it must also be one openapi.json allows.

    Every handler test therefore checks the contract too. `check_contract=False` is for the few tests
    that feed an event no gateway would send (no method, no resource).
    """
    method, resource = str(event.get("httpMethod") or ""), str(event.get("resource") or "")
    response = function_module(function).lambda_handler(event, FakeLambdaContext(function_name=function))
    headers = {k: str(v) for k, v in (response.get("headers") or {}).items()}
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers[name] = ", ".join(str(v) for v in values)
    answer = HandlerAnswer(status=response["statusCode"], headers=headers, body=response.get("body") or "")
    if check_contract:
        check_answer(method, resource, answer.status, answer.headers, answer.body)
    return answer


def invoke_event(function: str, event_name: str) -> HandlerAnswer:
    return invoke(function, load_event(event_name))
