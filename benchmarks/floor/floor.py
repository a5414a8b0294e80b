"""The floor: a bare pydantic model returning JSON, and no code of the project's.

What any Python Lambda behind API Gateway that validates JSON with pydantic pays before it does any
work of its own: start, import pydantic, build one model, validate the request body and dump it back.
Every built function's cold init is measured against it. It answers every route with 200 and the body
it was given (`{}` without one), so it does none of the project's work: the functions' cost above it
is everything they do, frameworks, logging, rules and planning included.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict


class Payload(BaseModel):
    """Any JSON object: validated and dumped by pydantic-core, as a typed model would be."""

    model_config = ConfigDict(extra="allow")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    payload = Payload.model_validate_json(event.get("body") or "{}")
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": payload.model_dump_json(),
    }
