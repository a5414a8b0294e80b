"""Accept-Language over real HTTP through the local server, as a partner's app would send it."""

from __future__ import annotations

import json

from tests.server.conftest import TEST_API_KEY
from tests.support.events import EVENTS_DIR
from tests.support.http import request

_ESTIMATE = (EVENTS_DIR / "estimate" / "pigmentation_melasma.json").read_text(encoding="utf-8")


def _estimate_body() -> bytes:
    body: str = json.loads(_ESTIMATE)["body"]
    return body.encode("utf-8")


def test_korean_is_asked_and_answered_over_http(keyed_server: str) -> None:
    answer = request(
        "POST",
        f"{keyed_server}/v1/estimate",
        body=_estimate_body(),
        headers={"x-api-key": TEST_API_KEY, "Content-Type": "application/json", "Accept-Language": "ko"},
    )

    assert answer.status == 200
    assert answer.header("Content-Language") == "ko"
    assert "Accept-Language" in (answer.header("Vary") or "")
    assert any("\uac00" <= character <= "\ud7a3" for character in answer.json["factors"][0]["text"])


def test_a_header_naming_no_offered_language_gets_british_english(keyed_server: str) -> None:
    answer = request(
        "POST",
        f"{keyed_server}/v1/estimate",
        body=_estimate_body(),
        headers={
            "x-api-key": TEST_API_KEY,
            "Content-Type": "application/json",
            "Accept-Language": "pt-BR;q=x, ;",
        },
    )

    assert answer.status == 200
    assert answer.header("Content-Language") == "en-GB"
