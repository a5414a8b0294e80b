"""`ClinicStore` on a DynamoDB table keyed by partner (HASH) and clinic id (RANGE).

boto3 is imported on first use, not at import: the functions that hold a store only pay for it when a
request reads or writes a clinic. On Lambda the runtime provides boto3, so the layer does not ship it.

Every write is conditional on the version stored with the item, so two writers holding the same ETag
can never both succeed: DynamoDB applies the condition and the write atomically.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

from pico_planner.core.clinic import ClinicProfile
from pico_planner.store.clinic_store import ClinicPage, StoredClinic, VersionCondition
from pico_planner.store.cursor import decode_cursor, encode_cursor
from pico_planner.store.errors import (
    ClinicNotFound,
    PreconditionFailed,
    PreconditionRequired,
    StoreUnavailable,
)

PARTNER_KEY = "partner_id"
CLINIC_KEY = "clinic_id"
VERSION_ATTRIBUTE = "version"
PROFILE_ATTRIBUTE = "profile"

# A function times out after 10 s. Three attempts in all, each at most 0.5 s to connect and 1.5 s to
# read, with standard-mode backoff (at most 1 s, then 2 s) between them, end before that, so a slow
# database becomes a 503 problem, not a Lambda timeout. DynamoDB answers in milliseconds when healthy.
CONNECT_TIMEOUT_SECONDS = 0.5
READ_TIMEOUT_SECONDS = 1.5
MAX_ATTEMPTS = 3

_CONDITION_FAILED = "ConditionalCheckFailedException"

ClientFactory = Callable[[], Any]


class _ConditionFailed(Exception):
    """A conditional write's condition did not hold (translated by the caller, who knows why)."""


def make_dynamodb_client() -> Any:
    """A DynamoDB client with bounded timeouts and standard-mode retries (boto3 imported here)."""
    # No type stubs are installed for boto3; the client is used through `Any`.
    import boto3  # noqa: PLC0415  (deferred: see the module docstring)
    from botocore.config import Config  # noqa: PLC0415

    config = Config(
        connect_timeout=CONNECT_TIMEOUT_SECONDS,
        read_timeout=READ_TIMEOUT_SECONDS,
        retries={"mode": "standard", "total_max_attempts": MAX_ATTEMPTS},
    )
    return boto3.client("dynamodb", config=config)


class DynamoClinicStore:
    """Clinic profiles in one DynamoDB table; the client is created on first use and then reused."""

    def __init__(
        self,
        table_name: str | None,
        client_factory: ClientFactory = make_dynamodb_client,
        new_version: Callable[[], str] = lambda: uuid.uuid4().hex,
    ) -> None:
        self._table_name = table_name
        self._client_factory = client_factory
        # Random by default, so an ETag says nothing about the clinic or how often it changed.
        self._new_version = new_version
        self._client: Any = None
        self._client_lock = threading.Lock()

    def get(self, partner_id: str, clinic_id: str) -> StoredClinic:
        answer = self._call("get_item", Key=_key(partner_id, clinic_id), ConsistentRead=True)
        item = answer.get("Item")
        if item is None:
            raise ClinicNotFound(clinic_id)
        return _stored_clinic(item)

    def put(
        self, partner_id: str, clinic_id: str, profile: ClinicProfile, *, expected: VersionCondition | None
    ) -> StoredClinic:
        version = self._new_version()
        item = {
            **_key(partner_id, clinic_id),
            VERSION_ATTRIBUTE: {"S": version},
            PROFILE_ATTRIBUTE: {"S": profile.model_dump_json(exclude_none=True)},
        }
        try:
            if expected is None:
                self._call("put_item", Item=item, ConditionExpression=f"attribute_not_exists({CLINIC_KEY})")
            else:
                self._call("put_item", Item=item, **_version_condition(expected))
        except _ConditionFailed:
            if expected is None:
                raise PreconditionRequired(clinic_id) from None
            raise PreconditionFailed(clinic_id) from None
        return StoredClinic(clinic_id=clinic_id, profile=profile, version=version)

    def delete(self, partner_id: str, clinic_id: str, *, expected: VersionCondition | None) -> None:
        try:
            condition = (
                {"ConditionExpression": f"attribute_exists({CLINIC_KEY})"}
                if expected is None
                else _version_condition(expected)
            )
            self._call("delete_item", Key=_key(partner_id, clinic_id), **condition)
        except _ConditionFailed:
            if expected is None:
                raise ClinicNotFound(clinic_id) from None
            raise PreconditionFailed(clinic_id) from None

    def list_page(self, partner_id: str, *, limit: int, cursor: str | None) -> ClinicPage:
        query: dict[str, Any] = {
            "KeyConditionExpression": "#partner = :partner",
            "ExpressionAttributeNames": {"#partner": PARTNER_KEY},
            "ExpressionAttributeValues": {":partner": {"S": partner_id}},
            # One more than asked for: whether it comes back says if there is a next page, so the last
            # page never ends with a cursor to an empty one.
            "Limit": limit + 1,
            "ConsistentRead": True,
        }
        if cursor is not None:
            query["ExclusiveStartKey"] = _key(partner_id, decode_cursor(partner_id, cursor))
        answer = self._call("query", **query)
        clinics = [_stored_clinic(item) for item in answer.get("Items", [])]
        more = len(clinics) > limit or "LastEvaluatedKey" in answer
        page = clinics[:limit]
        next_cursor = encode_cursor(partner_id, page[-1].clinic_id) if more and page else None
        return ClinicPage(clinics=page, next_cursor=next_cursor)

    def _call(self, operation: str, **parameters: Any) -> dict[str, Any]:
        """One DynamoDB call; every failure but a failed condition becomes StoreUnavailable."""
        from botocore.exceptions import (  # noqa: PLC0415  (deferred)
            BotoCoreError,
            ClientError,
        )

        if not self._table_name:
            raise StoreUnavailable("table_not_configured")
        try:
            client = self._get_client()
            answer: dict[str, Any] = getattr(client, operation)(TableName=self._table_name, **parameters)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", "ClientError"))
            if code == _CONDITION_FAILED:
                raise _ConditionFailed from None
            raise StoreUnavailable(code) from None
        except BotoCoreError as error:  # no connection, a timeout, no credentials or region
            raise StoreUnavailable(type(error).__name__) from None
        return answer

    def _get_client(self) -> Any:
        with self._client_lock:
            if self._client is None:
                self._client = self._client_factory()
            return self._client


def _key(partner_id: str, clinic_id: str) -> dict[str, dict[str, str]]:
    return {PARTNER_KEY: {"S": partner_id}, CLINIC_KEY: {"S": clinic_id}}


def _version_condition(expected: VersionCondition) -> dict[str, Any]:
    if expected.any_version:
        return {"ConditionExpression": f"attribute_exists({CLINIC_KEY})"}
    versions = sorted(expected.versions)
    if not versions:
        # No usable ETag (only weak or malformed ones): the write is refused without being sent, as a
        # failed precondition. A condition holds at most the 100 operands DynamoDB's IN compares
        # (MAX_EXPECTED_VERSIONS, checked where it is made).
        raise _ConditionFailed
    names = [f":version{index}" for index in range(len(versions))]
    return {
        "ConditionExpression": f"#version IN ({', '.join(names)})",
        "ExpressionAttributeNames": {"#version": VERSION_ATTRIBUTE},
        "ExpressionAttributeValues": {
            name: {"S": value} for name, value in zip(names, versions, strict=True)
        },
    }


def _stored_clinic(item: dict[str, Any]) -> StoredClinic:
    return StoredClinic(
        clinic_id=str(item[CLINIC_KEY]["S"]),
        profile=ClinicProfile.model_validate_json(item[PROFILE_ATTRIBUTE]["S"]),
        version=str(item[VERSION_ATTRIBUTE]["S"]),
    )
