from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from devtools.new_event import EVENTS_PLANNED_AT
from tests.support.events import event_body
from tests.support.http import request
from tests.support.local_server import serving

CONTRACT_API_KEY = "contract-partner-key-0001"


@pytest.fixture(scope="session")
def contract_server() -> Iterator[str]:
    """The local API on an ephemeral port, API keys enforced with one key: the stage's base URL."""
    # The documented examples carry fixed dates; the day they were made for is pinned here as in the
    # generator, so the examples stay valid whatever today is.
    with serving(api_keys=frozenset({CONTRACT_API_KEY}), clock=lambda: EVENTS_PLANNED_AT) as origin:
        base_url = f"{origin}/v1"
        _store_example_clinic(base_url)
        yield base_url


def _store_example_clinic(base_url: str) -> None:
    """The clinic the documented examples name (events/clinics/), so that they succeed here too."""
    answer = request(
        "PUT",
        f"{base_url}/clinics/north-1",
        body=json.dumps(event_body("clinics/put_new")).encode("utf-8"),
        headers={"x-api-key": CONTRACT_API_KEY, "Content-Type": "application/json"},
    )
    assert answer.status in (201, 428), answer.body  # 428: stored by an earlier server in this process
