"""What the functions write to stdout, captured: Powertools' log lines, which carry the EMF metrics."""

from __future__ import annotations

import logging
import sys
from typing import Any

import pytest
from aws_lambda_powertools.logging.formatter import LambdaPowertoolsFormatter

from tests.support.functions import FUNCTION_NAMES, function_module


class LogCapture:
    """Everything the functions write, read from the captured stdout.

    Powertools binds its handler to the stdout of the moment the logger was made (maybe another
    test's), so `start` points every Powertools handler at the stdout captured now.
    """

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys
        self._redirected: list[tuple[logging.StreamHandler[Any], Any]] = []

    def start(self) -> None:
        for name in (*FUNCTION_NAMES, "clinics"):
            function_module(name)  # loaded first, so that every function's handler exists
        for logger in list(logging.Logger.manager.loggerDict.values()):
            for handler in getattr(logger, "handlers", []):
                if isinstance(handler, logging.StreamHandler) and isinstance(
                    handler.formatter, LambdaPowertoolsFormatter
                ):
                    self._redirected.append((handler, handler.stream))
                    handler.stream = sys.stdout
        self._capsys.readouterr()

    def read(self) -> str:
        return self._capsys.readouterr().out

    def stop(self) -> None:
        # Latest first, so a capture started twice ends on the stream the handler had before either.
        for handler, stream in reversed(self._redirected):
            handler.stream = stream  # not setStream: it would flush a capture already closed
