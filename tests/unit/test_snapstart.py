"""SnapStart's restore hooks: registered only for a snapshot init, and they undo the shared state."""

from __future__ import annotations

import random
import sys
import types
from collections.abc import Callable

import pytest

from pico_planner.api import clinic_access, snapstart
from pico_planner.api.settings import Settings


@pytest.fixture
def registered(monkeypatch: pytest.MonkeyPatch) -> list[Callable[[], None]]:
    """A stand-in for the runtime's `snapshot_restore_py`, recording what is registered."""
    hooks: list[Callable[[], None]] = []
    runtime_module = types.ModuleType("snapshot_restore_py")
    runtime_module.register_after_restore = hooks.append  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "snapshot_restore_py", runtime_module)
    return hooks


@pytest.mark.parametrize("initialization", [None, "on-demand", "provisioned-concurrency"])
def test_no_hook_outside_a_snapshot_init(
    registered: list[Callable[[], None]], initialization: str | None
) -> None:
    environment = {} if initialization is None else {"AWS_LAMBDA_INITIALIZATION_TYPE": initialization}
    settings = Settings.from_environment(environment)

    assert settings.snapshot_initialization is False
    assert snapstart.register_restore_hooks(settings.snapshot_initialization) is False
    assert registered == []


def test_a_snapshot_init_registers_the_restore_hook(registered: list[Callable[[], None]]) -> None:
    settings = Settings.from_environment({"AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start"})

    assert settings.snapshot_initialization is True
    assert snapstart.register_restore_hooks(settings.snapshot_initialization) is True
    assert registered == [snapstart.after_restore]


def test_after_restore_reseeds_random_and_drops_the_clinic_store() -> None:
    store = clinic_access.clinic_store_on("restore-test")
    assert clinic_access.clinic_store_on("restore-test") is store  # one per container until a restore

    snapstart.after_restore()

    assert clinic_access.clinic_store_on("restore-test") is not store
    clinic_access.forget_clinic_store()


def test_environments_restored_from_one_snapshot_draw_different_numbers() -> None:
    random.seed(1234)
    snapshot_state = random.getstate()
    draws = []
    for _ in range(2):  # two environments, each starting from the same snapshot
        random.setstate(snapshot_state)
        snapstart.after_restore()
        draws.append([random.random() for _ in range(4)])  # noqa: S311 - the state under test

    assert draws[0] != draws[1]  # a reseed with any fixed value would draw the same numbers in both


def test_every_function_module_registers_at_init(monkeypatch: pytest.MonkeyPatch) -> None:
    # The factory every function builds its handler with is where the hooks are registered.
    calls: list[bool] = []
    monkeypatch.setattr("pico_planner.api.handler.register_restore_hooks", calls.append)
    from pico_planner.api.call import Services
    from pico_planner.api.handler import make_lambda_handler
    from pico_planner.api.routing import RouteTable

    make_lambda_handler(RouteTable(), Services(Settings(snapshot_initialization=True)))

    assert calls == [True]
