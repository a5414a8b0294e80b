"""The local API server for tests that talk HTTP to it: in a thread, or as `make run` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from devtools.local_api.server import make_server
from tests.support.events import PROJECT_ROOT


@contextmanager
def serving(**options: Any) -> Iterator[str]:
    """The server's origin, e.g. http://127.0.0.1:40123; `options` go to make_server."""
    server = make_server("127.0.0.1", 0, PROJECT_ROOT / "template.yaml", **options)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


# `make run`'s entry point with its clock pinned: the instant, then the server's own arguments.
_PINNED_MAKE_RUN = """\
import datetime as dt, sys
from devtools.local_api.server import main
now = dt.datetime.fromisoformat(sys.argv[1])
main(sys.argv[2:], clock=lambda: now)
"""


@contextmanager
def make_run_process(
    environment: Mapping[str, str] | None = None, *, now: datetime | None = None
) -> Iterator[tuple[str, subprocess.Popen[str]]]:
    """`make run`'s server (`python -m devtools.local_api`) in a process of its own, on a free port.

    Yields the API's base URL (http://127.0.0.1:PORT/v1), read from the first line it prints, and the
    process, whose stdout carries the rest: its banner, then the functions' log lines. `now` pins the
    server's clock; `environment` replaces the process's (the test's own by default).
    """
    arguments = ["-m", "devtools.local_api"] if now is None else ["-c", _PINNED_MAKE_RUN, now.isoformat()]
    process = subprocess.Popen(
        [sys.executable, *arguments, "--port", "0"],
        cwd=PROJECT_ROOT,
        env=dict(os.environ if environment is None else environment),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        listening = process.stdout.readline()  # "Pico Planner local API listening on http://..."
        assert "listening on http://127.0.0.1:" in listening, listening
        yield listening.strip().rsplit(" ", 1)[-1], process
    finally:
        process.terminate()
        process.wait(timeout=10)
