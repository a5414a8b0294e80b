from __future__ import annotations

import json
import threading
from collections.abc import Iterator

import pytest

from devtools.local_api.server import make_server
from devtools.openapi import EXAMPLES_NOW
from tests.support.events import PROJECT_ROOT, event_body
from tests.support.http import request

CONTRACT_API_KEY = "contract-partner-key-0001"


@pytest.fixture(scope="session")
def contract_server() -> Iterator[str]:
    """The local API on an ephemeral port, API keys enforced with one key: the stage's base URL."""
    # The documented examples carry fixed dates; the day they were made for is pinned here as in the
    # generator, so the examples stay valid whatever today is.
    server = make_server(
        "127.0.0.1",
        0,
        PROJECT_ROOT / "template.yaml",
        api_keys=frozenset({CONTRACT_API_KEY}),
        clock=lambda: EXAMPLES_NOW,
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    host, port = str(server.server_address[0]), int(server.server_address[1])
    base_url = f"http://{host}:{port}/v1"
    _store_example_clinic(base_url)
    try:
        yield base_url
    finally:
        server.shutdown()
        server.server_close()


def _store_example_clinic(base_url: str) -> None:
    """The clinic the documented examples name (events/clinics/), so that they succeed here too."""
    answer = request(
        "PUT",
        f"{base_url}/clinics/north-1",
        body=json.dumps(event_body("clinics/put_new")).encode("utf-8"),
        headers={"x-api-key": CONTRACT_API_KEY, "Content-Type": "application/json"},
    )
    assert answer.status in (201, 428), answer.body  # 428: stored by an earlier server in this process
