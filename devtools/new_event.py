"""Writes an API Gateway REST proxy event (payload v1) into events/, in `sam local generate-event` shape.

    python -m devtools.new_event catalogue/health GET /health
    python -m devtools.new_event estimate/melasma POST /estimate --body-file body.json
    python -m devtools.new_event schedule/ics POST /schedule --body-file b.json --header Accept=text/calendar
    python -m devtools.new_event clinics/list GET /clinics --query limit=2

Events are the single fixture source: handler tests, the built-artifact test and `sam local invoke -e`
all read these files, so a scenario is written once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import uuid
from functools import cache
from pathlib import Path
from typing import Any

from devtools.local_api.template_routes import RouteSpec, read_api

PROJECT_ROOT = Path(__file__).resolve().parents[1]
EVENTS_DIR = PROJECT_ROOT / "events"
# An instant every scenario in events/ can be planned at: their dates lie after it. Tests, the OpenAPI
# examples and the benchmarks all answer as on this instant.
EVENTS_PLANNED_AT = dt.datetime(2026, 11, 23, 9, 0, tzinfo=dt.UTC)
EXAMPLE_API_KEY = "example-partner-key"
EXAMPLE_API_KEY_ID = "a1b2c3d4e5"


@cache
def _template_routes() -> tuple[RouteSpec, ...]:
    return tuple(read_api(PROJECT_ROOT / "template.yaml").routes)


def _needs_api_key(method: str, resource: str) -> bool:
    """Whether API Gateway asks this route for a key, as template.yaml says (the event then carries
    the example partner's key in its identity, as the gateway's would)."""
    routes = _template_routes()
    exact = [r for r in routes if r.resource == resource and r.method == method.upper()]
    fallback = [r for r in routes if r.resource == resource and r.method == "ANY"]
    matches = exact or fallback
    # A resource the template does not route gets the API's default: a key.
    return matches[0].api_key_required if matches else True


def make_event(
    method: str,
    resource: str,
    *,
    path: str | None = None,
    body: Any = None,
    raw_body: str | None = None,
    headers: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    scenario: str = "scenario",
) -> dict[str, Any]:
    path = path or resource
    path_parameters = None
    names = re.findall(r"\{([^/{}]+)\}", resource)
    if names:
        pattern = re.sub(r"\\\{([^/{}]+)\\\}", r"(?P<\1>[^/]+)", re.escape(resource))
        match = re.fullmatch(pattern, path)
        if not match:
            raise SystemExit(f"path {path} does not match resource {resource}")
        path_parameters = match.groupdict()
    all_headers = {
        "Accept": "application/json",
        "Host": "1234567890.execute-api.eu-west-2.amazonaws.com",
        "User-Agent": "pico-planner-events",
        "X-Forwarded-For": "203.0.113.10",
        "X-Forwarded-Port": "443",
        "X-Forwarded-Proto": "https",
    }
    if body is not None or raw_body is not None:
        all_headers["Content-Type"] = "application/json"
    all_headers.update(headers or {})
    text_body = raw_body if raw_body is not None else (json.dumps(body) if body is not None else None)
    needs_key = _needs_api_key(method, resource)
    return {
        "body": text_body,
        "resource": resource,
        "path": path,
        "httpMethod": method.upper(),
        "isBase64Encoded": False,
        "queryStringParameters": query or None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": path_parameters,
        "stageVariables": None,
        "headers": all_headers,
        "multiValueHeaders": {k: [v] for k, v in all_headers.items()},
        "requestContext": {
            "accountId": "123456789012",
            "resourceId": "abc123",
            "stage": "v1",
            "requestId": str(uuid.uuid5(uuid.NAMESPACE_URL, "pico-planner-event:" + scenario)),
            "requestTime": "23/Nov/2026:09:00:00 +0000",
            "requestTimeEpoch": 1795424400000,
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": None,
                "cognitoIdentityId": None,
                "caller": None,
                "accessKey": None,
                "apiKey": EXAMPLE_API_KEY if needs_key else None,
                "apiKeyId": EXAMPLE_API_KEY_ID if needs_key else None,
                "sourceIp": "203.0.113.10",
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": None,
                "userAgent": "pico-planner-events",
                "user": None,
            },
            "path": f"/v1{path}",
            "resourcePath": resource,
            "httpMethod": method.upper(),
            "apiId": "1234567890",
            "protocol": "HTTP/1.1",
        },
    }


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("name", help="file name under events/, without .json (e.g. estimate/melasma)")
    parser.add_argument("method")
    parser.add_argument("resource", help="the template's path, e.g. /clinics/{clinic_id}")
    parser.add_argument("--path", help="the concrete path when the resource has parameters")
    parser.add_argument("--body-file", type=Path, help="a JSON file (or raw text with --raw) for the body")
    parser.add_argument("--raw", action="store_true", help="use the body file's text as is")
    parser.add_argument("--header", action="append", default=[], help="Name=value, repeatable")
    parser.add_argument("--query", action="append", default=[], help="name=value, repeatable")
    args = parser.parse_args(argv)
    headers = dict(h.split("=", 1) for h in args.header)
    query = dict(q.split("=", 1) for q in args.query)
    body = raw = None
    if args.body_file:
        text = args.body_file.read_text(encoding="utf-8")
        if args.raw:
            raw = text
        else:
            body = json.loads(text)
    event = make_event(
        args.method,
        args.resource,
        path=args.path,
        body=body,
        raw_body=raw,
        headers=headers,
        query=query,
        scenario=args.name,
    )
    target = EVENTS_DIR / f"{args.name}.json"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(event, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(target.relative_to(EVENTS_DIR.parent))


if __name__ == "__main__":
    main()
