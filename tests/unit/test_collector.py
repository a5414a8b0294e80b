"""The init's collector pause (pico_planner/collector.py): state restored, init objects frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from pico_planner.collector import collector_paused


@pytest.fixture
def collector_state() -> Iterator[None]:
    enabled, frozen = gc.isenabled(), gc.get_freeze_count()
    yield
    gc.unfreeze()  # back to what the test process had: nothing of the tests' own stays frozen
    if frozen:
        gc.freeze()
    if enabled:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.usefixtures("collector_state")
def test_the_block_runs_without_the_collector_and_its_objects_are_frozen() -> None:
    gc.enable()
    gc.unfreeze()  # a function file loaded earlier in this process froze its heap
    assert gc.get_freeze_count() == 0
    with collector_paused():
        assert not gc.isenabled()
        kept = [[index] for index in range(100)]

    assert gc.isenabled()
    assert gc.get_freeze_count() >= len(kept)
    # Frozen objects are in no generation a collection walks.
    made = {id(item) for item in kept}
    assert not any(id(tracked) in made for tracked in gc.get_objects())


@pytest.mark.usefixtures("collector_state")
def test_a_collector_that_was_off_stays_off() -> None:
    gc.disable()
    with collector_paused():
        pass

    assert not gc.isenabled()


@pytest.mark.usefixtures("collector_state")
def test_a_failing_block_freezes_nothing_and_restores_the_collector() -> None:
    gc.enable()
    gc.unfreeze()
    with pytest.raises(RuntimeError), collector_paused():
        raise RuntimeError("init failed")

    assert gc.isenabled()
    assert gc.get_freeze_count() == 0
