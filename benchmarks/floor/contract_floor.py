"""The floor plus Powertools' Logger plus an operation's contract models: a reference, never a target.

What any function answering one of our operations pays before its glue, rules or planning: the logged
floor's work (logged_floor.py: the same model, the same answer, the same log line), and the request and
answer models of the operation's contract, built as the function builds them, by importing from the
build's layer the modules that declare them (scenarios.py's `CONTRACT_MODULES`, per function). The
answer models' fields include the rule set's source model, so its classes are built too, as deferred as
the function's; no rule set is loaded and nothing is planned. Validating one body with the request model
instead of the floor's costs microseconds beside the milliseconds of building the models, so the answer
stays the floor's: 200 and the body it was given.

Shown beside the floor, it says how much of the 1.25x allowed above the floor the contract itself
takes, in the same run.
"""

from __future__ import annotations

import importlib
import os
from typing import Any

from aws_lambda_powertools import Logger
from pydantic import BaseModel, ConfigDict

# scenarios.CONTRACT_MODULES_VARIABLE: the floor imports nothing of the benchmark's own.
for module_name in os.environ["BENCH_CONTRACT_MODULES"].split(","):
    importlib.import_module(module_name)

logger = Logger()


class Payload(BaseModel):
    model_config = ConfigDict(extra="allow")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    body = Payload.model_validate_json(event.get("body") or "{}").model_dump_json()
    logger.info("request handled", extra={"status": 200})
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": body}
