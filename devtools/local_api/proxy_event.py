"""Builds the API Gateway REST proxy event (payload v1) and reads the proxy response back."""

from __future__ import annotations

import base64
import hashlib
import time
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl

from devtools.lambda_context import EXAMPLE_ACCOUNT_ID

LOCAL_API_ID = "local"


def api_key_id(api_key: str) -> str:
    """A stable, non-secret id for a key, as API Gateway gives each key an id."""
    return "key-" + hashlib.sha256(api_key.encode("utf-8")).hexdigest()[:12]


def build_proxy_event(
    *,
    method: str,
    stage: str,
    resource: str,
    path: str,
    raw_query: str,
    header_pairs: Iterable[tuple[str, str]],
    body: bytes,
    path_parameters: dict[str, str],
    source_ip: str,
    api_key: str | None,
) -> dict[str, Any]:
    """The event API Gateway sends a Lambda proxy integration for this request."""
    headers: dict[str, str] = {}
    multi_headers: dict[str, list[str]] = {}
    for name, value in header_pairs:
        headers[name] = value
        multi_headers.setdefault(name, []).append(value)

    query: dict[str, str] = {}
    multi_query: dict[str, list[str]] = {}
    for name, value in parse_qsl(raw_query, keep_blank_values=True):
        query[name] = value
        multi_query.setdefault(name, []).append(value)

    if body:
        try:
            event_body: str | None = body.decode("utf-8")
            is_base64 = False
        except UnicodeDecodeError:
            event_body = base64.b64encode(body).decode("ascii")
            is_base64 = True
    else:
        event_body, is_base64 = None, False

    now = time.time()
    user_agent = next((v for k, v in headers.items() if k.lower() == "user-agent"), None)
    host = next((v for k, v in headers.items() if k.lower() == "host"), "127.0.0.1")
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers or None,
        "multiValueHeaders": multi_headers or None,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": multi_query or None,
        "pathParameters": path_parameters or None,
        "stageVariables": None,
        "requestContext": {
            "accountId": EXAMPLE_ACCOUNT_ID,
            "apiId": LOCAL_API_ID,
            "resourceId": hashlib.sha256(resource.encode()).hexdigest()[:6],
            "resourcePath": resource,
            "httpMethod": method,
            "path": f"/{stage}{path}",
            "stage": stage,
            "requestId": str(uuid.uuid4()),
            "extendedRequestId": str(uuid.uuid4()),
            "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(now)),
            "requestTimeEpoch": int(now * 1000),
            "protocol": "HTTP/1.1",
            "domainName": host,
            "identity": {
                "sourceIp": source_ip,
                "userAgent": user_agent,
                "apiKey": api_key,
                "apiKeyId": api_key_id(api_key) if api_key else None,
                "accountId": None,
                "caller": None,
                "user": None,
                "userArn": None,
            },
        },
        "body": event_body,
        "isBase64Encoded": is_base64,
    }


@dataclass(frozen=True)
class HttpAnswer:
    status: int
    headers: list[tuple[str, str]]
    body: bytes


def read_proxy_response(response: dict[str, Any]) -> HttpAnswer:
    """Status, headers (single and multi-value merged) and body, base64-decoded when flagged."""
    status = int(response.get("statusCode", 502))
    pairs: list[tuple[str, str]] = []
    multi = response.get("multiValueHeaders") or {}
    for name, values in multi.items():
        pairs.extend((name, str(v)) for v in values)
    for name, value in (response.get("headers") or {}).items():
        if name not in multi:
            pairs.append((name, str(value)))
    raw_body = response.get("body") or ""
    body = base64.b64decode(raw_body) if response.get("isBase64Encoded") else str(raw_body).encode("utf-8")
    return HttpAnswer(status=status, headers=pairs, body=body)
