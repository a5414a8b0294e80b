from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from devtools.local_api.server import make_server
from tests.support.events import PROJECT_ROOT

TEST_API_KEY = "test-partner-key-0001"


def _serve(api_keys: frozenset[str]) -> Iterator[str]:
    server = make_server("127.0.0.1", 0, PROJECT_ROOT / "template.yaml", api_keys=api_keys)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = server.server_address[:2]
    try:
        yield f"http://{host}:{port}"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def keyed_server() -> Iterator[str]:
    """The local API with one API key configured (keys enforced)."""
    yield from _serve(frozenset({TEST_API_KEY}))


@pytest.fixture(scope="session")
def open_server() -> Iterator[str]:
    """The local API with no keys configured (keys not enforced), as `make run` starts by default."""
    yield from _serve(frozenset())
