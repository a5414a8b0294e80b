"""The local API server on an ephemeral port, in a thread, for tests that talk HTTP to it."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
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
