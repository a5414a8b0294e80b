"""Loads a handler module from its file, as Lambda loads a function's `app.py`.

Every function's handler file is `app.py`, so each is loaded under a module name of its own instead of
being imported by name. Tests, the local API, the OpenAPI generator and the benchmarks all load
functions this way, and so do the fresh interpreters of the import-cost tests: this module imports
only what loading a file takes and what every function imports anyway.
"""

from __future__ import annotations

import importlib.util
from os import PathLike
from types import ModuleType
from typing import TYPE_CHECKING

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


def pin_clock(module: ModuleType, now: datetime) -> None:
    """Fix "now" for a handler module that reads it through a module-level `clock` (the schedule's).

    Modules without one are left as they are: their answers do not depend on the day.
    """
    if callable(getattr(module, "clock", None)):
        vars(module)["clock"] = lambda: now
