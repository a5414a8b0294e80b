"""`with collector_paused():`, the cyclic garbage collector kept off the objects a block makes to keep.

A function's init imports pydantic, Powertools and the project's modules and builds their models:
about 48,000 tracked objects that live as long as the container. Left on, the collector walks
the young ones every 2,000 allocations looking for unreachable cycles (about 20 walks per cold start)
and later walks all of them again in each full collection, finding next to none (a few hundred objects
of import-time cycles). Paused for the block and then frozen (`gc.freeze`: moved to the permanent
generation, which no collection walks), they cost no walk at all; the collector is back on after the
block for everything made later. Only disabling would not do: the objects would stay young and the
first collection after the block would walk all of them at once, during the first request.

What freezing gives up: a reference cycle made during the block and dropped later is never collected
(objects freed by reference counting are freed as before). For a function's init, that is a few
hundred objects, once per container.

`gc.freeze` moves every object alive at that moment, not only the block's. On Lambda the init is all
there is. A process that loads function files itself (the local server at start-up, the tests, the
OpenAPI generator) freezes whatever it holds at each load too, so cycles among those objects are never
collected: a bounded cost, paid by development processes only.
"""

import gc


class collector_paused:
    """Pauses the collector for the block, then freezes what exists and restores the collector's state.

    Nothing is frozen when the block raises: an init that fails is not kept.
    """

    __slots__ = ("_was_enabled",)

    def __enter__(self) -> None:
        self._was_enabled = gc.isenabled()
        gc.disable()

    def __exit__(self, exc_type: type[BaseException] | None, *exc_info: object) -> None:
        if exc_type is None:
            gc.freeze()
        if self._was_enabled:
            gc.enable()
