"""GET /v1/health through the catalogue function, in-process, from events/."""

from pico_planner import SERVICE_VERSION
from pico_planner.core.ruleset import load_rule_set
from tests.support.functions import invoke_event


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
    assert answer.headers["Allow"] == "GET"
    assert answer.json["status"] == 405
