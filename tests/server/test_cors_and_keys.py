"""The local server answers keys, unknown paths and CORS as the template's API Gateway would."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest

from devtools.local_api.template_routes import load_template
from tests.server.conftest import TEST_API_KEY
from tests.support.builders import estimate_body
from tests.support.events import PROJECT_ROOT
from tests.support.http import request
from tests.support.local_server import serving

ALLOWED_ORIGIN = "https://widget.example-booking.test"
REFUSED_ORIGIN = "https://elsewhere.example.test"
GATEWAY_RESPONSES = load_template(PROJECT_ROOT / "template.yaml")["Resources"]["PicoApi"]["Properties"][
    "GatewayResponses"
]


@pytest.fixture
def cors_server(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Keys enforced and one browser origin allowed, as a deployment with CorsAllowedOrigin set.

    Per test: the functions read the origin from the process environment (as Lambda sets it from the
    template), which must not leak into tests of the server without an origin.
    """
    monkeypatch.setenv("PICO_CORS_ALLOWED_ORIGIN", ALLOWED_ORIGIN)
    with serving(api_keys=frozenset({TEST_API_KEY})) as origin:
        yield origin


def _gateway_body(response_type: str) -> bytes:
    return str(GATEWAY_RESPONSES[response_type]["ResponseTemplates"]["application/json"]).encode()


@pytest.mark.parametrize("headers", [{}, {"x-api-key": "not-a-key"}, {"X-API-Key": ""}])
@pytest.mark.parametrize(("method", "path"), [("GET", "/v1/concerns"), ("POST", "/v1/estimate")])
def test_without_a_valid_key_the_answer_is_the_templates_403_problem(
    keyed_server: str, headers: dict[str, str], method: str, path: str
) -> None:
    answer = request(method, keyed_server + path, body=b"{}" if method == "POST" else None, headers=headers)

    assert answer.status == 403
    assert answer.header("Content-Type") == "application/problem+json"
    assert answer.header("Cache-Control") == "no-store"
    assert answer.header("X-Content-Type-Options") == "nosniff"
    assert answer.body == _gateway_body("INVALID_API_KEY")
    assert answer.json == {
        "type": "urn:pico-planner:problem:forbidden",
        "title": "Forbidden",
        "status": 403,
        "detail": "A valid x-api-key header is required for this resource.",
    }


@pytest.mark.parametrize("path", ["/v1/health", "/v1/openapi.json"])
def test_health_and_the_openapi_document_need_no_key(keyed_server: str, path: str) -> None:
    assert request("GET", keyed_server + path).status == 200


def test_an_unknown_path_in_the_stage_is_the_templates_404_problem(keyed_server: str) -> None:
    answer = request("GET", f"{keyed_server}/v1/no-such-thing")

    assert answer.status == 404
    assert answer.body == _gateway_body("MISSING_AUTHENTICATION_TOKEN")


def test_preflight_from_the_allowed_origin_is_answered_without_a_key(cors_server: str) -> None:
    answer = request(
        "OPTIONS",
        f"{cors_server}/v1/estimate",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "content-type,x-api-key",
        },
    )

    assert answer.status == 200
    assert answer.header("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    assert "POST" in (answer.header("Access-Control-Allow-Methods") or "").split(",")
    allowed_headers = {
        h.strip().lower() for h in (answer.header("Access-Control-Allow-Headers") or "").split(",")
    }
    assert {"content-type", "x-api-key"} <= allowed_headers
    assert int(answer.header("Access-Control-Max-Age") or 0) > 0


def test_preflight_allows_a_browser_to_replace_a_clinic_with_if_match(cors_server: str) -> None:
    answer = request(
        "OPTIONS",
        f"{cors_server}/v1/clinics/north-1",
        headers={
            "Origin": ALLOWED_ORIGIN,
            "Access-Control-Request-Method": "PUT",
            "Access-Control-Request-Headers": "content-type,if-match,x-api-key",
        },
    )

    assert answer.status == 200
    assert {"PUT", "DELETE"} <= set((answer.header("Access-Control-Allow-Methods") or "").split(","))
    allowed_headers = {
        h.strip().lower() for h in (answer.header("Access-Control-Allow-Headers") or "").split(",")
    }
    assert {"if-match", "if-none-match"} <= allowed_headers


def test_a_real_answer_to_the_allowed_origin_names_it(cors_server: str) -> None:
    answer = request(
        "POST",
        f"{cors_server}/v1/estimate",
        body=json.dumps(estimate_body()).encode(),
        headers={"Origin": ALLOWED_ORIGIN, "x-api-key": TEST_API_KEY, "Content-Type": "application/json"},
    )

    assert answer.status == 200, answer.body
    assert answer.header("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    assert "Origin" in (answer.header("Vary") or "")
    assert answer.header("Cache-Control") == "no-store"


def test_a_refused_origin_gets_no_allow_origin_of_its_own(cors_server: str) -> None:
    preflight = request(
        "OPTIONS",
        f"{cors_server}/v1/estimate",
        headers={"Origin": REFUSED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    answer = request("GET", f"{cors_server}/v1/health", headers={"Origin": REFUSED_ORIGIN})

    # The gateway's preflight names only the configured origin, so the browser refuses the other one.
    assert preflight.header("Access-Control-Allow-Origin") == ALLOWED_ORIGIN
    assert answer.status == 200
    assert answer.header("Access-Control-Allow-Origin") is None


def test_a_gateway_refusal_names_the_allowed_origin_so_the_widget_can_read_it(cors_server: str) -> None:
    answer = request("GET", f"{cors_server}/v1/concerns", headers={"Origin": ALLOWED_ORIGIN})

    assert answer.status == 403
    assert answer.header("Access-Control-Allow-Origin") == ALLOWED_ORIGIN


def test_with_no_origin_configured_no_answer_allows_any_origin(keyed_server: str) -> None:
    preflight = request(
        "OPTIONS",
        f"{keyed_server}/v1/estimate",
        headers={"Origin": ALLOWED_ORIGIN, "Access-Control-Request-Method": "POST"},
    )
    answer = request("GET", f"{keyed_server}/v1/health", headers={"Origin": ALLOWED_ORIGIN})

    assert preflight.header("Access-Control-Allow-Origin") is None
    assert answer.header("Access-Control-Allow-Origin") is None
