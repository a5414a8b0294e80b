"""An in-process DynamoDB for clinic profiles, so the local server needs no AWS account.

moto's DynamoDB is started in the server's process and the table is created from template.yaml's own
definition (the key schema lives in one place). The functions then run their real store code against
it: the only difference from AWS is where the boto3 calls end up. Data lasts while the process runs.

With CLINICS_TABLE_NAME already set, nothing is embedded: the server uses that table with the
environment's AWS credentials and region.
"""

from __future__ import annotations

import itertools
import os
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

from devtools.local_api.template_routes import load_template

TABLE_NAME_VARIABLE = "CLINICS_TABLE_NAME"  # as pico_planner.store.dynamodb reads it
TABLE_LOGICAL_ID = "ClinicsTable"
EMBEDDED_TABLE_NAME = "pico-planner-clinics-local"
EMBEDDED_REGION = "eu-west-2"

# The create_table parameters that have the same name and shape in CloudFormation's properties.
_CREATE_TABLE_PROPERTIES = ("AttributeDefinitions", "KeySchema", "BillingMode")

_lock = threading.Lock()
_started: list[Any] = []  # the running mock, once per process


def table_definition(template_path: Path, table_name: str) -> dict[str, Any]:
    """create_table parameters for the template's clinics table, under `table_name`."""
    resources = load_template(template_path).get("Resources") or {}
    table = resources.get(TABLE_LOGICAL_ID)
    if not table or table.get("Type") != "AWS::DynamoDB::Table":
        raise ValueError(f"{template_path.name} has no AWS::DynamoDB::Table named {TABLE_LOGICAL_ID}")
    properties = table.get("Properties") or {}
    return {
        "TableName": table_name,
        **{k: properties[k] for k in _CREATE_TABLE_PROPERTIES if k in properties},
    }


def create_table(client: Any, template_path: Path, table_name: str) -> None:
    """Create the clinics table from the template's definition, unless it exists already."""
    if table_name in client.list_tables().get("TableNames", []):
        return
    client.create_table(**table_definition(template_path, table_name))


def start_embedded_clinic_store(template_path: Path) -> str | None:
    """Start the in-process DynamoDB once per process and point the store at it.

    Returns the embedded table's name, or None when CLINICS_TABLE_NAME already names a table to use.
    """
    with _lock:
        if _started:
            return EMBEDDED_TABLE_NAME
        if os.environ.get(TABLE_NAME_VARIABLE):
            return None
        import boto3
        from moto import mock_aws

        mock = mock_aws()
        # No reset: a mock already running in this process (a test's) keeps its data.
        mock.start(reset=False)
        _started.append(mock)
        # The store's client resolves its region as boto3 does; the table is created the same way.
        os.environ.setdefault("AWS_DEFAULT_REGION", EMBEDDED_REGION)
        create_table(boto3.client("dynamodb"), template_path, EMBEDDED_TABLE_NAME)
        os.environ[TABLE_NAME_VARIABLE] = EMBEDDED_TABLE_NAME
        return EMBEDDED_TABLE_NAME


# What every example scenario under events/clinics/ starts from: the events' partner holds this clinic at
# this version (the If-Match and If-None-Match the events carry), unless the scenario creates it.
SCENARIO_CLINIC_ID = "north-1"
SCENARIO_VERSION = "0" * 32


@contextmanager
def scenario_clinic_store(module: ModuleType, event: dict[str, Any], template_path: Path) -> Iterator[None]:
    """Run one example scenario against a fresh table, so its answer depends on the event alone.

    Functions without a `clinic_store` run as they are. Versions written during the scenario count
    up from 1 instead of being random, so the examples in the OpenAPI document never change.
    """
    if not hasattr(module, "clinic_store"):
        yield
        return
    import boto3
    from moto import mock_aws

    from pico_planner.core.clinic import ClinicProfile
    from pico_planner.store.dynamodb import DynamoClinicStore

    events_dir = template_path.parent / "events"
    profile = ClinicProfile.model_validate_json(
        _event_body(events_dir / "clinics" / "put_new.json"),
    )
    identity = (event.get("requestContext") or {}).get("identity") or {}
    partner = identity.get("apiKeyId") or "local"
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
        store = DynamoClinicStore(table_name, lambda: client, lambda: f"{next(counter):032x}")
        namespace = vars(module)
        original = namespace["clinic_store"]
        namespace["clinic_store"] = lambda: store
        try:
            yield
        finally:
            namespace["clinic_store"] = original
            client.delete_table(TableName=table_name)


def _event_body(path: Path) -> str:
    import json

    body: str = json.loads(path.read_text(encoding="utf-8"))["body"]
    return body


def seed_demo_clinic(template_path: Path) -> str:
    """Store the clinic the README and the OpenAPI examples name, for the keyless partner `local`.

    `make run` calls this on a fresh embedded table, so the documented `clinic_id` examples answer
    instead of 404. Its profile is events/clinics/put_new.json's, the scenario the examples come from.
    """
    import sys

    import boto3

    layer = str(template_path.parent / "shared")  # the layer, as the functions load it
    if layer not in sys.path:
        sys.path.append(layer)
    from pico_planner.api.clinic_access import LOCAL_PARTNER_ID
    from pico_planner.core.clinic import ClinicProfile
    from pico_planner.store.dynamodb import DynamoClinicStore

    profile = ClinicProfile.model_validate_json(
        _event_body(template_path.parent / "events" / "clinics" / "put_new.json")
    )
    client = boto3.client("dynamodb")
    DynamoClinicStore(EMBEDDED_TABLE_NAME, lambda: client).put(
        LOCAL_PARTNER_ID, SCENARIO_CLINIC_ID, profile, expected=None
    )
    return SCENARIO_CLINIC_ID
