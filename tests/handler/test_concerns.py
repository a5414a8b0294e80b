"""GET /v1/concerns: the catalogue, generated from the rule set, cacheable."""

from __future__ import annotations

from pico_planner.core.ruleset import load_rule_set
from tests.support.builders import scenario_event
from tests.support.functions import invoke, invoke_event


def test_catalogue_lists_every_concern_type_with_inputs_and_ranges() -> None:
    answer = invoke_event("catalogue", "catalogue/concerns")

    assert answer.status == 200
    catalogue = answer.json
    types = {entry["type"]: entry for entry in catalogue["concern_types"]}
    assert set(types) == {"wrinkles", "skin_laxity", "pigmentation", "acne_scars", "wound_scars", "tattoo"}
    assert set(types["pigmentation"]["subtypes"]) == {
        "post_inflammatory",
        "sun_damage",
        "dark_spots",
        "melasma",
        "freckles",
        "other",
    }
    tattoo_inputs = {i["name"] for i in types["tattoo"]["inputs"]}
    assert {"ink", "colours", "location", "scarring", "layered"} <= tattoo_inputs
    assert catalogue["rules_version"] == load_rule_set().version


def test_catalogue_is_cacheable_with_an_etag_and_answers_304_when_unchanged() -> None:
    first = invoke_event("catalogue", "catalogue/concerns")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"].startswith("public, max-age=")

    second = invoke("catalogue", scenario_event("catalogue/concerns", headers={"If-None-Match": etag}))

    assert second.status == 304
    assert second.body == ""
    assert second.headers["ETag"] == etag


def test_a_stale_etag_gets_the_full_catalogue() -> None:
    event = scenario_event("catalogue/concerns", headers={"If-None-Match": '"stale"'})

    answer = invoke("catalogue", event)

    assert answer.status == 200
    assert answer.json["concern_types"]
