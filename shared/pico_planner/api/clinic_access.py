"""Whose clinics a request acts on, and the store they are kept in.

Kept apart from the clinic routes and free of Powertools and boto3, so that the schedule function can
look a clinic up without importing the store's modules until a request names a clinic.

The partner is the API key's id that API Gateway puts in the request context; it is never read from
the request body, a header or a cursor, so one partner cannot name another's partition.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from http import HTTPStatus
from typing import TYPE_CHECKING, Any

from pico_planner.api.problems import ProblemError

if TYPE_CHECKING:
    from pico_planner.store.clinic_store import ClinicStore

# The partition of requests that reach a function without an API key id: the local server when no
# keys are configured (`make run`), and `sam local`. Deployed, every clinic route requires a key.
LOCAL_PARTNER_ID = "local"


@cache
def clinic_store_on(table_name: str | None) -> ClinicStore:
    """The container's store on this table: one (and so one boto3 client) for the container's life.

    The store's modules load on the first request that reads a clinic: a schedule without `clinic_id`
    never needs them.
    """
    from pico_planner.store.dynamodb import DynamoClinicStore  # noqa: PLC0415

    return DynamoClinicStore(table_name)


def forget_clinic_store() -> None:
    """Drops the container's store, so the next request makes a new one (and a new boto3 client)."""
    clinic_store_on.cache_clear()


def partner_id(event: Mapping[str, Any], *, deployed: bool) -> str:
    """The partner a proxy event acts for: its API key's id, or `local` where no key is configured."""
    identity = (event.get("requestContext") or {}).get("identity") or {}
    key_id = identity.get("apiKeyId")
    if isinstance(key_id, str) and key_id:
        return key_id
    if deployed:
        # Only a gateway without the key requirement sends no key id: answering from a shared
        # partition would mix partners' clinics, so the request is refused instead.
        raise ProblemError(HTTPStatus.FORBIDDEN, "A valid x-api-key header is required for this resource.")
    return LOCAL_PARTNER_ID
