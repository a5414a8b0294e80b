"""Docs function: GET /v1/openapi.json, the committed OpenAPI document (public, cacheable).

A function of its own so that the planning functions carry none of this, and so the document is
public while every planning route needs an API key. `make openapi` writes the document beside this
file; the contract tests fail when it differs from the one at the project root.
"""

from __future__ import annotations

import hashlib
from functools import cache
from http import HTTPStatus
from pathlib import Path
from typing import Annotated

from aws_lambda_powertools import Logger
from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.openapi_responses import documented_responses
from pico_planner.api.resolver import PicoResolver, create_resolver

DOCUMENT_PATH = Path(__file__).with_name("openapi.json")
# Clients may reuse the document for five minutes, then revalidate with If-None-Match (a 304 is cheap).
CACHE_CONTROL = "public, max-age=300"

logger = Logger()
app = create_resolver()


@cache
def _document() -> tuple[str, str]:
    """The document's text and its strong ETag, read once per container (on first use, not at import)."""
    text = DOCUMENT_PATH.read_text(encoding="utf-8")
    return text, '"' + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32] + '"'


def _matches(if_none_match: str, etag: str) -> bool:
    """RFC 9110 weak comparison, as If-None-Match requires: `W/` prefixes are ignored."""
    candidates = (tag.strip().removeprefix("W/") for tag in if_none_match.split(","))
    return any(tag in ("*", etag) for tag in candidates)


@app.get(
    "/openapi.json",
    operation_id="getOpenApiDocument",
    tags=["Service"],
    summary="This OpenAPI document",
    description="The API's contract as OpenAPI 3.1 JSON. Public (no API key) and cacheable: send the "
    "ETag back in If-None-Match to get 304 Not Modified while it is unchanged.",
    responses=documented_responses(
        "The OpenAPI document.",
        success_schema={"type": "object", "description": "An OpenAPI 3.1 document."},
        api_key=False,
        conditional=True,
    ),
)
def get_openapi_document(
    if_none_match: Annotated[
        str | None,
        Header(alias="If-None-Match", description="The ETag of a copy the client holds."),
    ] = None,
) -> Response[str]:
    text, etag = _document()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if if_none_match and _matches(if_none_match, etag):
        return Response(status_code=HTTPStatus.NOT_MODIFIED, headers=headers, body="")
    return Response(status_code=HTTPStatus.OK, content_type="application/json", headers=headers, body=text)


def resolver() -> PicoResolver:
    """The function's resolver (built at load: this function has no direct path)."""
    return app


lambda_handler = make_lambda_handler(resolver, logger)
