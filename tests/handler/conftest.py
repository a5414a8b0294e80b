"""Fixtures shared by the handler tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from devtools.new_event import EVENTS_PLANNED_AT
from pico_planner.store.dynamodb import DynamoClinicStore
from tests.store.moto_table import mocked_clinic_table
from tests.support.functions import INJECTED
from tests.support.logs import LogCapture

# The instant the sweeps over every scenario plan at (events/ dates lie after it).
SWEEP_NOW = EVENTS_PLANNED_AT


@pytest.fixture
def captured_logs(capsys: pytest.CaptureFixture[str]) -> Iterator[LogCapture]:
    yield LogCapture(capsys)


@pytest.fixture
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The schedule function plans at SWEEP_NOW."""
    monkeypatch.setattr(INJECTED, "clock", lambda: SWEEP_NOW)


@pytest.fixture
def store(monkeypatch: pytest.MonkeyPatch) -> Iterator[DynamoClinicStore]:
    """The functions' clinic store: an empty test table, never the container's cached store."""
    with mocked_clinic_table(monkeypatch) as table:
        clinic_store = table.store()
        monkeypatch.setattr(INJECTED, "clinic_store", lambda: clinic_store)
        yield clinic_store


@pytest.fixture
def empty_clinic_store(store: DynamoClinicStore) -> None:
    """Clinic scenarios run against an empty test table, never the container's cached store."""
