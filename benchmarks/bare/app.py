"""The bare handler: the least any Lambda answering an estimate on this core costs, warm.

A reference beside the function and the peer, never a target. No routing, content negotiation, headers,
languages, problems or metrics: the request model validates the body, the core estimates, the answer
model writes the JSON, and Powertools' Logger writes the peer's "request handled" line as the peer
does (peer/app.py). It answers only the estimate scenarios a function answers with 200, with the same
JSON (the benchmark checks it). Every handler on this core, the function's and the peer's included,
does at least this; so its ratio to the peer says how far below the peer any handler can go.
"""

from __future__ import annotations

from time import perf_counter
from typing import Any

from aws_lambda_powertools import Logger
from aws_lambda_powertools.logging import correlation_paths

from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.ruleset import load_rule_set

logger = Logger()


@logger.inject_lambda_context(correlation_id_path=correlation_paths.API_GATEWAY_REST)
def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    started = perf_counter()
    rules = load_rule_set()
    body = estimate_course(EstimateRequest.model_validate_json(event["body"]), rules).model_dump_json()
    logger.info(
        "request handled",
        extra={
            "route": event.get("resource"),
            "method": event.get("httpMethod"),
            "status": 200,
            "latency_ms": round((perf_counter() - started) * 1000, 3),
            "rules_version": rules.version,
        },
    )
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": body}
