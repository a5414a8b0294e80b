"""The floor for POST /v1/estimate: validate the request model, call the core, dump JSON. No framework.

What no Lambda answering this request can avoid doing; the functions are measured against it.
"""

from __future__ import annotations

from typing import Any

from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.ruleset import load_rule_set


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request = EstimateRequest.model_validate_json(event["body"])
    body = estimate_course(request, load_rule_set()).model_dump_json()
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": body}
