"""The floor for GET /v1/concerns and GET /v1/health: the same figures from the core, dumped as JSON.

The catalogue is built once per container, as the function builds it: a floor that rebuilt it on every
request would flatter the function.
"""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from pico_planner import SERVICE_VERSION
from pico_planner.core.catalogue import build_catalogue
from pico_planner.core.ruleset import load_rule_set


@cache
def _catalogue_json() -> str:
    return build_catalogue(load_rule_set()).model_dump_json()


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    if event["resource"] == "/health":
        body = json.dumps(
            {"status": "ok", "version": SERVICE_VERSION, "rules_version": load_rule_set().version}
        )
    else:
        body = _catalogue_json()
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": body}
