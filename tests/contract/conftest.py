from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from devtools.local_api.server import make_server
from tests.support.events import PROJECT_ROOT

CONTRACT_API_KEY = "contract-partner-key-0001"


@pytest.fixture(scope="session")
def contract_server() -> Iterator[str]:
    """The local API on an ephemeral port, API keys enforced with one key: the stage's base URL."""
    server = make_server(
        "127.0.0.1", 0, PROJECT_ROOT / "template.yaml", api_keys=frozenset({CONTRACT_API_KEY})
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = str(server.server_address[0]), int(server.server_address[1])
    try:
        yield f"http://{host}:{port}/v1"
    finally:
        server.shutdown()
        server.server_close()
