"""Docs function: GET /v1/openapi.json, the committed OpenAPI document (public, cacheable).

A function of its own so that the planning functions carry none of this, and so the document is
public while every planning route needs an API key. `make openapi` writes the document beside this
file; the contract tests fail when it differs from the one at the project root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Annotated

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Header

from pico_planner.api.conditional import CacheableDocument
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.limits import MAX_CONDITION_HEADER_LENGTH
from pico_planner.api.openapi_responses import documented_responses
from pico_planner.api.resolver import PicoResolver, create_resolver, to_response
from pico_planner.api.service_logger import service_logger

DOCUMENT_PATH = Path(__file__).with_name("openapi.json")
# Clients may reuse the document for five minutes, then revalidate with If-None-Match (a 304 is cheap).
MAX_AGE_SECONDS = 300

logger = service_logger()
app = create_resolver()


@cache
def _document() -> CacheableDocument:
    """The document and its strong ETag, read once per container (on first use, not at import)."""
    return CacheableDocument.of(DOCUMENT_PATH.read_text(encoding="utf-8"), MAX_AGE_SECONDS)


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
        Header(
            alias="If-None-Match",
            max_length=MAX_CONDITION_HEADER_LENGTH,
            description="The ETag of a copy the client holds.",
        ),
    ] = None,
) -> Response[str]:
    return to_response(_document().answer(if_none_match))


def resolver() -> PicoResolver:
    """The function's resolver (built at load: this function has no direct path)."""
    return app


lambda_handler = make_lambda_handler(resolver, logger)
