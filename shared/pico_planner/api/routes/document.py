"""GET /v1/openapi.json: the committed OpenAPI document (public, cacheable).

A function of its own so that the planning functions carry none of this, and so the document is
public while every planning route needs an API key. `make openapi` writes the document beside the
docs function's app.py; the contract tests fail when it differs from the one at the project root.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.conditional import CacheableDocument, IfNoneMatch
from pico_planner.api.openapi_responses import documented_responses
from pico_planner.api.routing import RouteTable

# Clients may reuse the document for five minutes, then revalidate with If-None-Match (a 304 is cheap).
MAX_AGE_SECONDS = 300


def document_routes(document_path: Path) -> RouteTable:
    """The route serving the document at `document_path` (the docs function's own copy)."""
    routes = RouteTable()

    @cache
    def document() -> CacheableDocument:
        """The document and its strong ETag, read once per container (on first use, not at import)."""
        return CacheableDocument.of(document_path.read_text(encoding="utf-8"), MAX_AGE_SECONDS)

    @routes.route(
        "GET",
        "/openapi.json",
        operation_id="getOpenApiDocument",
        tags=("Service",),
        summary="This OpenAPI document",
        description="The API's contract as OpenAPI 3.1 JSON. Public (no API key) and cacheable: send the "
        "ETag back in If-None-Match to get 304 Not Modified while it is unchanged.",
        responses=documented_responses(
            "The OpenAPI document.",
            success_schema={"type": "object", "description": "An OpenAPI 3.1 document."},
            conditional=True,
        ),
        api_key=False,
    )
    def get_openapi_document(
        if_none_match: IfNoneMatch = None,
    ) -> PlainAnswer:
        return document().answer(if_none_match)

    return routes
