"""Lambda SnapStart: the init state that restored environments must not share.

With SnapStart on (template parameter `SnapStart`), Lambda runs a function's init once, snapshots the
memory and starts every new environment from a copy of that snapshot. Whatever init made is therefore
identical in all of them. The functions make no unique value at init and open no connection (the
clinic store and its boto3 client are made on the first request that needs them, which comes after
the restore), so the hooks below only undo what would be shared if that ever changed:

- Python's `random` state: a module that imported `random` during init would draw the same numbers
  in every environment. Version ids and ETags use `uuid4` (the OS's random source), never this.
- The container's clinic store: a boto3 client holds connections and the credentials of the
  environment that made it.

Registered only when Lambda initialises a function for a snapshot (`Settings.snapshot_initialization`,
from `AWS_LAMBDA_INITIALIZATION_TYPE`): on-demand starts, tests and the local server never import the
runtime's `snapshot_restore_py` module.
"""

from __future__ import annotations

import sys


def register_restore_hooks(snapshot_initialization: bool) -> bool:
    """Registers `after_restore` with the runtime when this init is for a snapshot; whether it did."""
    if not snapshot_initialization:
        return False
    # Part of Lambda's Python runtimes (3.12 and later); not a dependency of the layer.
    from snapshot_restore_py import register_after_restore  # type: ignore[import-not-found]  # noqa: PLC0415

    register_after_restore(after_restore)
    return True


def after_restore() -> None:
    """Runs in each restored environment before its first request."""
    shared_random = sys.modules.get("random")
    if shared_random is not None:
        shared_random.seed()  # from the OS's random source, different in every environment
    clinic_access = sys.modules.get("pico_planner.api.clinic_access")
    if clinic_access is not None:
        clinic_access.forget_clinic_store()
