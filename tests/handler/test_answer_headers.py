"""The headers every answer carries, successes and problems alike: cache and sniffing hygiene, and CORS
for the configured origin, through the real functions."""

from __future__ import annotations

import pytest

from pico_planner.api.settings import Settings
from tests.support.builders import set_headers
from tests.support.events import load_event
from tests.support.functions import invoke

ORIGIN = "https://booking.example"
WITH_CORS = Settings(cors_allowed_origin=ORIGIN)


def _vary(headers: dict[str, str]) -> set[str]:
    return {name.strip() for name in headers.get("Vary", "").split(",") if name.strip()}


@pytest.mark.parametrize(
    ("function", "event_name", "status"),
    [
        ("estimate", "estimate/acne_scars", 200),
        ("estimate", "estimate/invalid_age", 422),
        ("catalogue", "catalogue/health_wrong_method", 405),
    ],
)
def test_the_allowed_origin_can_read_successes_and_problems(
    function: str, event_name: str, status: int
) -> None:
    # A browser widget must read its own 422s and 405s too, or it cannot show the caller what to mend.
    event = load_event(event_name)
    set_headers(event, {"origin": ORIGIN})  # HTTP/2 clients send header names in lower case

    answer = invoke(function, event, settings=WITH_CORS)

    assert answer.status == status
    assert answer.headers["Access-Control-Allow-Origin"] == ORIGIN
    exposed = {name.strip() for name in answer.headers["Access-Control-Expose-Headers"].split(",")}
    assert {"ETag", "Location", "Retry-After", "Allow"} <= exposed
    assert "Origin" in _vary(answer.headers)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert "Cache-Control" in answer.headers


@pytest.mark.parametrize("origin", [None, "https://elsewhere.example"])
def test_any_other_origin_gets_no_grant_but_the_answer_still_varies_by_origin(origin: str | None) -> None:
    # A shared cache must not hand an answer made for one origin (with its grant) to another.
    event = load_event("catalogue/health")
    if origin is not None:
        set_headers(event, {"Origin": origin})

    answer = invoke("catalogue", event, settings=WITH_CORS)

    assert "Access-Control-Allow-Origin" not in answer.headers
    assert "Origin" in _vary(answer.headers)


def test_origin_is_added_to_the_language_vary_not_put_in_its_place() -> None:
    # The catalogue is cacheable by shared caches: losing Accept-Language from Vary would serve one
    # language's labels to everyone.
    event = load_event("catalogue/concerns")
    set_headers(event, {"Origin": ORIGIN, "Accept-Language": "de"})

    answer = invoke("catalogue", event, settings=WITH_CORS)

    assert answer.status == 200
    assert _vary(answer.headers) == {"Accept-Language", "Origin"}


def test_a_problem_is_never_stored_by_a_cache() -> None:
    answer = invoke("estimate", load_event("estimate/invalid_age"))

    assert answer.status == 422
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
