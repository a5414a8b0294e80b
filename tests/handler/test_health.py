"""GET /v1/health through the catalogue function, in-process, from events/."""

from pico_planner import SERVICE_VERSION
from pico_planner.core.ruleset import load_rule_set
from tests.support.builders import scenario_event
from tests.support.functions import invoke, invoke_event


def test_health_answers_ok_with_versions() -> None:
    answer = invoke_event("catalogue", "catalogue/health")

    assert answer.status == 200
    assert answer.content_type == "application/json"
    assert answer.json == {
        "status": "ok",
        "version": SERVICE_VERSION,
        "rules_version": load_rule_set().version,
    }


def test_health_with_another_method_is_405_with_allow() -> None:
    answer = invoke_event("catalogue", "catalogue/health_wrong_method")

    assert answer.status == 405
    assert answer.content_type == "application/problem+json"
    assert answer.headers["Allow"] == "GET, HEAD"
    assert answer.json["status"] == 405


def test_head_is_answered_as_get_for_the_server_in_front_to_strip() -> None:
    # The handler answers HEAD in full, so that API Gateway or the local server can send the GET's
    # Content-Length; they send no content for HEAD (RFC 9110, 9.3.2).
    head_event = scenario_event("catalogue/health")
    head_event["httpMethod"] = "HEAD"

    head = invoke("catalogue", head_event)
    get = invoke_event("catalogue", "catalogue/health")

    assert (head.status, head.headers, head.body) == (get.status, get.headers, get.body)
