"""The floor plus a DynamoDB read with boto3: a reference for the clinics function, never a target.

The clinics function reads clinic profiles from DynamoDB with the boto3 that Lambda's runtime provides,
and importing boto3 and making a client costs a Lambda more than the 1.25x that the targets allow above
the bare floor. This reference shows that cost in each run: the bare floor's work (floor.py, the same
model and the same answer), plus what any Lambda reading DynamoDB with boto3 pays, written as boto3's
and Lambda's documentation teach: a client made at module level, outside the handler, and one Query
per request on the caller's partition of the table the clinics function reads. No code of the
project's, no Powertools.
"""

from __future__ import annotations

import os
from typing import Any

import boto3
from pydantic import BaseModel, ConfigDict

# Made once per container, so that every request of the container reuses its connections.
dynamodb = boto3.client("dynamodb")
TABLE_NAME = os.environ["CLINICS_TABLE_NAME"]


class Payload(BaseModel):
    model_config = ConfigDict(extra="allow")


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    body = Payload.model_validate_json(event.get("body") or "{}").model_dump_json()
    # The partition is the caller's API key, as the clinics function keys a partner's clinics.
    dynamodb.query(
        TableName=TABLE_NAME,
        KeyConditionExpression="partner_id = :partner",
        ExpressionAttributeValues={":partner": {"S": event["requestContext"]["identity"]["apiKeyId"]}},
    )
    return {"statusCode": 200, "headers": {"Content-Type": "application/json"}, "body": body}
