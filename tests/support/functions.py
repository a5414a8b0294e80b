"""Invoke the functions in-process, each loaded from its own folder as Lambda would load app.py."""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from types import ModuleType
from typing import Any

from aws_lambda_powertools import Logger

from devtools.lambda_context import LambdaContext
from devtools.local_api.template_routes import read_api
from devtools.module_loader import load_module
from pico_planner.api.call import Services, utc_now
from pico_planner.api.clinic_access import clinic_store_on
from pico_planner.api.handler import LambdaHandler, make_lambda_handler
from pico_planner.api.service_logger import service_logger
from pico_planner.api.settings import Settings
from pico_planner.store.clinic_store import ClinicStore
from tests.support.contract import check_answer
from tests.support.events import PROJECT_ROOT, load_event


@cache
def function_of_resource() -> dict[str, str]:
    """The function folder serving each API resource, as template.yaml routes it."""
    return {
        route.resource: route.function.code_dir.name
        for route in read_api(PROJECT_ROOT / "template.yaml").routes
    }


@cache
def function_module(name: str) -> ModuleType:
    """functions/<name>/app.py, loaded once per test process as Lambda loads it once per container."""
    return load_module(PROJECT_ROOT / "functions" / name / "app.py", f"functions_{name}_app")


class _CurrentStdout(io.StringIO):
    """Writes to whatever `sys.stdout` is at the moment: pytest's capture of the running test."""

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


@dataclass
class InjectedServices:
    """What the test in progress injects into every function's handler (fixtures set them)."""

    clock: Callable[[], dt.datetime] = utc_now
    clinic_store: Callable[[], ClinicStore] | None = None


INJECTED = InjectedServices()


def logger_for_tests(name: str) -> Logger:
    """A function's Powertools Logger writing to the running test's stdout, under a name of its own."""
    return service_logger(name=f"test.{name}", stream=_CurrentStdout())


def services_for_tests(settings: Settings | None = None) -> Services:
    """Services whose clock and clinic store are the ones the running test injected; without an injected
    store, the container's store on the table the settings name (the environment's, read at each call,
    for tests that set the variable)."""

    def store() -> ClinicStore:
        if INJECTED.clinic_store is None:
            return clinic_store_on((settings or Settings.from_environment()).clinics_table_name)
        return INJECTED.clinic_store()

    return Services(
        settings=settings or Settings.from_environment(),
        clock=lambda: INJECTED.clock(),  # noqa: PLW0108 - read when called: fixtures replace it
        clinic_store=store,
    )


@cache
def function_handler(name: str) -> LambdaHandler:
    """The function's handler as its app.py makes it, with the test's services and log stream."""
    return make_lambda_handler(function_module(name).ROUTES, services_for_tests(), logger_for_tests(name))


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


def invoke(
    function: str, event: dict[str, Any], *, check_contract: bool = True, settings: Settings | None = None
) -> HandlerAnswer:
    """The function's answer to `event`; by default it must also be one openapi.json allows.

    Every handler test therefore checks the contract too. `check_contract=False` is for the few tests
    that feed an event no gateway would send (no method, no resource). `settings` answers with a
    handler made with other settings than the environment's (as a function deployed elsewhere would).
    """
    method, resource = str(event.get("httpMethod") or ""), str(event.get("resource") or "")
    handler = function_handler(function)
    if settings is not None:
        module = function_module(function)
        handler = make_lambda_handler(module.ROUTES, services_for_tests(settings), logger_for_tests(function))
    response = handler(event, LambdaContext(function_name=function))
    headers = {k: str(v) for k, v in (response.get("headers") or {}).items()}
    for name, values in (response.get("multiValueHeaders") or {}).items():
        headers[name] = ", ".join(str(v) for v in values)
    answer = HandlerAnswer(status=response["statusCode"], headers=headers, body=response.get("body") or "")
    if check_contract:
        check_answer(method, resource, answer.status, answer.headers, answer.body)
    return answer


def invoke_event(function: str, event_name: str) -> HandlerAnswer:
    return invoke(function, load_event(event_name))
