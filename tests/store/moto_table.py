"""A clinics table in moto's DynamoDB, created from template.yaml's own definition, for tests."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.dynamodb.models import DynamoDBBackend

from devtools.local_api.embedded_store import create_table
from pico_planner.store.dynamodb import DynamoClinicStore, make_dynamodb_client
from tests.support.events import PROJECT_ROOT

REGION = "eu-west-2"
# Credentials for clients that never reach AWS (stubbed, or pointed at a closed port).
FAKE_CREDENTIALS = {"aws_access_key_id": "testing", "aws_secret_access_key": "testing"}


def offline_client(**options: Any) -> Any:
    """A real DynamoDB client with fake credentials, for botocore's Stubber or an unreachable endpoint."""
    return boto3.client("dynamodb", region_name=REGION, **FAKE_CREDENTIALS, **options)


@dataclass(frozen=True)
class MockedTable:
    client: Any
    name: str

    def store(self, client_factory: Callable[[], Any] = make_dynamodb_client) -> DynamoClinicStore:
        """A store on this table, its client made as in production (timeouts and retries set)."""
        return DynamoClinicStore(self.name, client_factory=client_factory)


@contextmanager
def mocked_clinic_table(monkeypatch: pytest.MonkeyPatch) -> Iterator[MockedTable]:
    """A fresh table with a name of its own: a local server's embedded table may share the process."""
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    with mock_aws():
        client = boto3.client("dynamodb", region_name=REGION)
        name = f"clinics-test-{uuid.uuid4().hex[:12]}"
        create_table(client, PROJECT_ROOT / "template.yaml", name)
        try:
            yield MockedTable(client=client, name=name)
        finally:
            client.delete_table(TableName=name)


@contextmanager
def atomic_conditional_writes() -> Iterator[None]:
    """Give moto DynamoDB's guarantee that a conditional write checks and writes atomically.

    moto checks a condition and then stores the item without a lock, so two threads can interleave
    between the two steps, which DynamoDB never allows. With this lock the test exercises the store's
    conditions, not moto's thread-safety.
    """
    lock = threading.Lock()
    original_put, original_delete = DynamoDBBackend.put_item, DynamoDBBackend.delete_item

    def put_item(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        with lock:
            return original_put(self, *args, **kwargs)

    def delete_item(self: DynamoDBBackend, *args: Any, **kwargs: Any) -> Any:
        with lock:
            return original_delete(self, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(DynamoDBBackend, "put_item", put_item)
        patch.setattr(DynamoDBBackend, "delete_item", delete_item)
        yield
