"""Loads a handler module from its file, as Lambda loads a function's `app.py`.

Every function's handler file is `app.py`, so each is loaded under a module name of its own instead of
being imported by name. Tests, the local API, the OpenAPI generator and the benchmarks all load
functions this way, and so do the fresh interpreters of the import-cost tests: this module imports
only what loading a file takes and what every function imports anyway.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from os import PathLike
from types import ModuleType
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from datetime import datetime


def load_module(source: str | PathLike[str], module_name: str) -> ModuleType:
    """The module executed from the file `source` under `module_name` (not added to sys.modules)."""
    spec = importlib.util.spec_from_file_location(module_name, source)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {source}")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pinned_handler(module: ModuleType, now: datetime) -> Callable[[dict[str, Any], Any], dict[str, Any]]:
    """The module's Lambda handler answering as on `now`.

    A function's handler is made as its app.py makes it, from its `ROUTES`, with the clock injected; a
    module that is not one of ours (the benchmark's peer) has its module-level `clock` replaced.
    """
    routes = getattr(module, "ROUTES", None)
    if routes is not None:
        from pico_planner.api.call import Services
        from pico_planner.api.handler import make_lambda_handler

        return make_lambda_handler(routes, Services(clock=lambda: now))
    if callable(getattr(module, "clock", None)):
        vars(module)["clock"] = lambda: now
    handler: Callable[[dict[str, Any], Any], dict[str, Any]] = module.lambda_handler
    return handler
