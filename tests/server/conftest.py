from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.local_server import serving

TEST_API_KEY = "test-partner-key-0001"


@pytest.fixture(scope="session")
def keyed_server() -> Iterator[str]:
    """The local API with one API key configured (keys enforced)."""
    with serving(api_keys=frozenset({TEST_API_KEY})) as origin:
        yield origin


@pytest.fixture(scope="session")
def open_server() -> Iterator[str]:
    """The local API with no keys configured (keys not enforced), as `make run` starts by default."""
    with serving(api_keys=frozenset()) as origin:
        yield origin
