"""The docs function serves the committed document: public, cacheable, 304 while unchanged."""

from __future__ import annotations

import json

import pytest

from tests.support.builders import scenario_event
from tests.support.contract import DOCUMENT_PATH
from tests.support.functions import HandlerAnswer, invoke, invoke_event
from tests.support.http import request


def _with_if_none_match(value: str) -> HandlerAnswer:
    return invoke("docs", scenario_event("docs/openapi_document", headers={"If-None-Match": value}))


def test_the_document_is_served_as_committed_with_cache_headers() -> None:
    answer = invoke_event("docs", "docs/openapi_document")

    assert answer.status == 200
    assert answer.content_type == "application/json"
    assert answer.json == json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    assert answer.headers["Cache-Control"] == "public, max-age=300"
    assert answer.headers["ETag"].startswith('"') and answer.headers["ETag"].endswith('"')


def test_the_etag_is_the_same_on_every_request() -> None:
    first = invoke_event("docs", "docs/openapi_document").headers["ETag"]

    assert invoke_event("docs", "docs/openapi_document").headers["ETag"] == first


@pytest.mark.parametrize("form", ["{etag}", "W/{etag}", '"other", {etag}', "*"])
def test_if_none_match_with_the_current_etag_is_304_without_a_body(form: str) -> None:
    etag = invoke_event("docs", "docs/openapi_document").headers["ETag"]

    answer = _with_if_none_match(form.format(etag=etag))

    assert answer.status == 304
    assert answer.body == ""
    assert answer.headers["ETag"] == etag
    assert answer.headers["Cache-Control"] == "public, max-age=300"


def test_if_none_match_with_an_old_etag_gets_the_document() -> None:
    answer = _with_if_none_match('"0123456789abcdef"')

    assert answer.status == 200
    assert answer.json["openapi"].startswith("3.1")


def test_the_local_server_serves_it_without_a_key_and_swagger_ui_beside_it(contract_server: str) -> None:
    document = request("GET", f"{contract_server}/openapi.json")
    page = request("GET", contract_server.removesuffix("/v1") + "/docs")
    bundle = request("GET", contract_server.removesuffix("/v1") + "/docs/assets/swagger-ui-bundle.js")

    assert document.status == 200 and document.json == json.loads(DOCUMENT_PATH.read_text(encoding="utf-8"))
    assert page.status == 200 and page.header("Content-Type") == "text/html; charset=utf-8"
    assert b"/v1/openapi.json" in page.body and b"swagger-ui-bundle.js" in page.body
    assert bundle.status == 200 and b"SwaggerUIBundle" in bundle.body[:2000]


def test_only_the_pages_assets_are_served_under_docs(contract_server: str) -> None:
    origin = contract_server.removesuffix("/v1")

    assert request("GET", f"{origin}/docs/assets/../../pyproject.toml").status == 404
    assert request("GET", f"{origin}/docs/assets/swagger-editor-bundle.js").status == 404
    assert request("POST", f"{origin}/docs").status == 405
