"""What the functions write to stdout, captured: Powertools' log lines, which carry the EMF metrics.

The test handlers' Loggers are made with Powertools' own `Logger(stream=...)`, on a stream that writes
to whatever stdout is at the moment (tests/support/functions.py), so pytest's capture sees every line.
"""

from __future__ import annotations

import pytest


class LogCapture:
    """Everything the functions write, read from the captured stdout."""

    def __init__(self, capsys: pytest.CaptureFixture[str]) -> None:
        self._capsys = capsys

    def start(self) -> None:
        """Forget what was written so far: `read` returns what is written from now on."""
        self._capsys.readouterr()

    def read(self) -> str:
        return self._capsys.readouterr().out

    def read_with_stderr(self) -> str:
        """stdout and stderr, where Python's warnings go: Lambda sends both to the function's log group."""
        captured = self._capsys.readouterr()
        return captured.out + captured.err
