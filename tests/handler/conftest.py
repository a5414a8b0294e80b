"""Fixtures shared by the handler tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.logs import LogCapture


@pytest.fixture
def captured_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[LogCapture]:
    capture = LogCapture(capsys)
    yield capture
    capture.stop()
