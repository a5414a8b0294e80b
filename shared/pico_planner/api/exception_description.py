"""Exceptions described for the log by their type and code locations, never by their message."""

from __future__ import annotations

import traceback
from pathlib import Path
from typing import Any


def describe_exception(error: BaseException) -> dict[str, Any]:
    """An exception as its type and where it was raised: never its message or arguments.

    A message can carry request values (pydantic's include `input_value=...`), so only code locations
    from the traceback are kept: enough to find the fault, nothing about the patient.
    """
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "error_type": type(error).__name__,
        "error_frames": [f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames[-5:]],
    }
