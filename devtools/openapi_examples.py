"""The clinic store each OpenAPI example scenario is answered from.

Every scenario under events/clinics/ starts from the same state: the events' partner holds the demo
clinic at a fixed version (the If-Match and If-None-Match the events carry), unless the scenario
creates it. Each runs against a fresh in-process table, so its answer depends on the event alone, and
versions written during it count up from 1 instead of being random, so the examples never change.
"""

from __future__ import annotations

import itertools
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from devtools.local_api.embedded_store import (
    EMBEDDED_REGION,
    SCENARIO_CLINIC_ID,
    SCENARIO_VERSION,
    create_table,
    event_body,
)
from pico_planner.api.clinic_access import LOCAL_PARTNER_ID
from pico_planner.core.clinic import ClinicProfile
from pico_planner.store.clinic_store import ClinicStore


@contextmanager
def scenario_clinic_store(event: dict[str, Any], template_path: Path) -> Iterator[ClinicStore]:
    """A store on a fresh table holding what the scenario `event` expects to find."""
    import boto3
    from moto import mock_aws

    from pico_planner.store.dynamodb import DynamoClinicStore

    events_dir = template_path.parent / "events"
    profile = ClinicProfile.model_validate_json(event_body(events_dir / "clinics" / "put_new.json"))
    identity = (event.get("requestContext") or {}).get("identity") or {}
    partner = identity.get("apiKeyId") or LOCAL_PARTNER_ID
    creates = event.get("httpMethod") == "PUT" and not any(
        name.lower() == "if-match" for name in (event.get("headers") or {})
    )
    with mock_aws():
        client = boto3.client("dynamodb", region_name=EMBEDDED_REGION)
        table_name = f"clinics-scenario-{uuid.uuid4().hex[:12]}"
        create_table(client, template_path, table_name)
        if not creates:
            DynamoClinicStore(table_name, lambda: client, lambda: SCENARIO_VERSION).put(
                partner, SCENARIO_CLINIC_ID, profile, expected=None
            )
        counter = itertools.count(1)
        try:
            yield DynamoClinicStore(table_name, lambda: client, lambda: f"{next(counter):032x}")
        finally:
            client.delete_table(TableName=table_name)
