"""The local API server over real HTTP: routing, keys, problems, proxy events."""

from __future__ import annotations

import json
from http import HTTPStatus

from devtools.local_api.server_errors import status_line
from pico_planner import SERVICE_VERSION
from pico_planner.api.problems import status_title
from tests.server.conftest import TEST_API_KEY
from tests.support.http import request
from tests.support.local_server import make_run_process


def test_health_is_200_json_without_a_key(keyed_server: str) -> None:
    answer = request("GET", f"{keyed_server}/v1/health")

    assert answer.status == 200
    assert answer.header("Content-Type") == "application/json"
    assert answer.json["status"] == "ok"
    assert answer.json["version"] == SERVICE_VERSION


def test_unknown_path_is_404_problem(keyed_server: str) -> None:
    answer = request("GET", f"{keyed_server}/v1/no-such-thing")

    assert answer.status == 404
    assert answer.header("Content-Type") == "application/problem+json"
    assert answer.json["status"] == 404


def test_path_outside_the_stage_is_404_problem(keyed_server: str) -> None:
    answer = request("GET", f"{keyed_server}/health")

    assert answer.status == 404
    assert answer.header("Content-Type") == "application/problem+json"


def test_missing_key_is_403_where_keys_are_configured(keyed_server: str) -> None:
    answer = request("GET", f"{keyed_server}/v1/concerns")

    assert answer.status == 403
    assert answer.header("Content-Type") == "application/problem+json"
    assert answer.json["status"] == 403


def test_wrong_key_is_403(keyed_server: str) -> None:
    answer = request("GET", f"{keyed_server}/v1/concerns", headers={"x-api-key": "not-a-key"})

    assert answer.status == 403


def test_valid_key_reaches_the_function(keyed_server: str) -> None:
    answer = request(
        "POST",
        f"{keyed_server}/v1/estimate",
        body=b"{",
        headers={"x-api-key": TEST_API_KEY, "Content-Type": "application/json"},
    )

    # The function answered (malformed JSON is its 400), not the gateway's 403.
    assert answer.status == 400
    assert answer.header("Content-Type") == "application/problem+json"


def test_keys_are_not_enforced_when_none_are_configured(open_server: str) -> None:
    answer = request(
        "POST", f"{open_server}/v1/estimate", body=b"{", headers={"Content-Type": "application/json"}
    )

    assert answer.status == 400


def test_wrong_method_reaches_the_function_and_gets_405(open_server: str) -> None:
    answer = request("DELETE", f"{open_server}/v1/health")

    assert answer.status == 405
    assert answer.header("Allow") == "GET, HEAD"


def test_head_is_a_get_without_the_content(open_server: str) -> None:
    # RFC 9110, 9.3.2: the same status and headers, Content-Length the one a GET gets, no content.
    get = request("GET", f"{open_server}/v1/concerns")
    head = request("HEAD", f"{open_server}/v1/concerns")

    assert (head.status, head.body) == (200, b"")
    assert head.header("Content-Length") == get.header("Content-Length") == str(len(get.body))
    assert head.header("ETag") == get.header("ETag")
    assert head.header("Content-Type") == get.header("Content-Type")


def test_head_where_no_get_is_405(open_server: str) -> None:
    answer = request("HEAD", f"{open_server}/v1/estimate")

    assert (answer.status, answer.header("Allow")) == (405, "POST")


def test_non_utf8_body_reaches_the_handler_base64_encoded_and_is_refused_cleanly(open_server: str) -> None:
    answer = request(
        "POST",
        f"{open_server}/v1/estimate",
        body=b"\xff\xfe\x00{",
        headers={"Content-Type": "application/json"},
    )

    assert answer.status == 400
    assert "UTF-8" in answer.json["detail"]


def test_module_entry_point_prints_where_it_listens_and_serves() -> None:
    with make_run_process() as (base, process):
        assert process.stdout is not None
        assert "curl -s" in process.stdout.readline()
        answer = request("GET", f"{base}/health")
        assert answer.status == 200
        assert json.loads(answer.body)["status"] == "ok"


def test_the_status_line_says_the_reason_the_problem_title_says() -> None:
    # Python 3.13 renamed four reason phrases; v1's problems keep the old titles, and so does the line.
    for status in (200, 413, 422, 404):
        assert status_line(status) == f"{status} {status_title(HTTPStatus(status))}"
    assert status_line(422) == "422 Unprocessable Entity"
    assert status_line(599) == "599 Unknown"
