"""Invoke the functions in-process, each loaded from its own folder as Lambda would load app.py."""

from __future__ import annotations

import importlib.util
import json
import uuid
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from tests.support.contract import check_answer
from tests.support.events import PROJECT_ROOT, load_event

FUNCTION_NAMES = ("estimate", "schedule", "catalogue", "docs")


@dataclass
class FakeLambdaContext:
    """The Lambda context attributes Powertools reads; Lambda's own object is not importable."""

    function_name: str = "test-function"
    function_version: str = "$LATEST"
    invoked_function_arn: str = "arn:aws:lambda:eu-west-2:123456789012:function:test-function"
    memory_limit_in_mb: int = 512
    aws_request_id: str = ""
    log_group_name: str = "/aws/lambda/test-function"
    log_stream_name: str = "test"

    def __post_init__(self) -> None:
        self.aws_request_id = self.aws_request_id or str(uuid.uuid4())

    def get_remaining_time_in_millis(self) -> int:
        return 10_000


@cache
def function_module(name: str) -> ModuleType:
    source = PROJECT_ROOT / "functions" / name / "app.py"
    spec = importlib.util.spec_from_file_location(f"functions_{name}_app", source)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


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
