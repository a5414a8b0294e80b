"""POST /v1/estimate through the estimate function, in-process, from events/.

Expected figures are the source document's (seed.txt, as tabled in DESIGN.md), not the code's output.
"""

from __future__ import annotations

import pytest

from pico_planner.api.problems import MAX_LISTED_ERRORS
from tests.support.builders import estimate_body, scenario_event
from tests.support.functions import invoke, invoke_event

SEED_RANGES = {
    # event: (fewest sessions allowed at the low end, most at the high end) from the source document
    "estimate/wrinkles_mild": (2, 3),  # "only need two or three treatments" when modest
    "estimate/skin_laxity": (2, 3),  # "also applies to treating skin laxity"
    "estimate/pigmentation_melasma": (3, 4),  # "three or four treatments"
    "estimate/tattoo_amateur_black": (3, 5),  # "between 3 and 5 treatments"
}


@pytest.mark.parametrize(("event_name", "seed_range"), sorted(SEED_RANGES.items()))
def test_modest_concerns_stay_within_the_source_range(event_name: str, seed_range: tuple[int, int]) -> None:
    answer = invoke_event("estimate", event_name)

    assert answer.status == 200, answer.body
    sessions = answer.json["sessions"]
    assert seed_range[0] <= sessions["min"] <= sessions["recommended"] <= sessions["max"] <= seed_range[1]


def test_deeper_dynamic_wrinkles_need_more_than_modest_ones() -> None:
    modest = invoke_event("estimate", "estimate/wrinkles_mild").json["sessions"]
    deeper = invoke_event("estimate", "estimate/wrinkles_dynamic").json["sessions"]

    assert deeper["max"] > 3  # "Additional treatments may be necessary for deeper or more dynamic wrinkles"
    assert deeper["recommended"] > modest["recommended"]


def test_severe_large_pigmentation_needs_more_than_four() -> None:
    sessions = invoke_event("estimate", "estimate/pigmentation_severe_large").json["sessions"]

    assert sessions["min"] > 4  # "more than 4 treatments if ... severe or include a greater area"


@pytest.mark.parametrize("event_name", ["estimate/acne_scars", "estimate/wound_scars"])
def test_scars_are_planned_at_four_sessions(event_name: str) -> None:
    sessions = invoke_event("estimate", event_name).json["sessions"]

    assert sessions["recommended"] == 4  # "normally only needs 4 sessions"


def test_darker_skin_type_allows_up_to_eight_weeks_between_sessions() -> None:
    estimate = invoke_event("estimate", "estimate/pigmentation_melasma").json  # skin type 4

    assert estimate["interval_days"] == {"min": 14, "max": 56}
    assert estimate["first_results_days"] == {"min": 21, "max": 28}  # slower for darker skin types
    assert estimate["final_results_days"]["min"] >= 28


def test_lighter_skin_keeps_the_default_two_to_four_weeks() -> None:
    estimate = invoke_event("estimate", "estimate/wrinkles_mild").json  # skin type 2, age 35

    assert estimate["interval_days"] == {"min": 14, "max": 28}
    assert estimate["first_results_days"] == {"min": 14, "max": 21}
    assert estimate["final_results_days"] == {"min": 28, "max": 40}


def test_tattoo_shows_its_kirby_desai_score_and_says_when_it_goes_beyond_the_source() -> None:
    typical = invoke_event("estimate", "estimate/tattoo_amateur_black").json
    beyond = invoke_event("estimate", "estimate/tattoo_beyond_range").json

    typical_score = typical["concerns"][0]["kirby_desai"]
    beyond_score = beyond["concerns"][0]["kirby_desai"]
    assert typical_score["total_score"] == 2 + 2 + 1 + 1 + 0 + 0  # skin II, upper trunk, black, amateur
    assert typical_score["beyond_source_range"] is False
    assert beyond_score["total_score"] == 6 + 5 + 4 + 4 + 3 + 2
    assert beyond_score["beyond_source_range"] is True
    assert beyond["sessions"]["max"] > 5
    assert {"caution_tattoo_beyond_source_range", "caution_tattoo_high_score"} <= {
        c["code"] for c in beyond["cautions"]
    }


def test_tattoo_size_and_special_inks_move_the_estimate_and_raise_their_cautions() -> None:
    answer = invoke_event("estimate", "estimate/tattoo_special_inks_large").json
    # Skin III, upper trunk, moderate ink; black and red, lifted to "other colours" by its white and green.
    score = answer["concerns"][0]["kirby_desai"]
    assert score["colours_points"] == 3
    assert score["total_score"] == 3 + 2 + 3 + 3
    factors = {factor["code"] for factor in answer["factors"]}
    assert {"tattoo_special_inks", "tattoo_large_size"} <= factors
    cautions = {caution["code"] for caution in answer["cautions"]}
    assert {"caution_tattoo_ink_may_darken", "caution_tattoo_ink_wavelength"} <= cautions
    # Score 11 plans 4 to 6 sessions; the large size adds one to each figure.
    assert answer["sessions"] == {"min": 5, "max": 7, "recommended": 6}


def test_several_concerns_share_sessions_and_the_most_demanding_decides() -> None:
    estimate = invoke_event("estimate", "estimate/several_concerns").json
    per_concern = estimate["concerns"]

    assert len(per_concern) == 3
    assert estimate["sessions"]["max"] == max(c["sessions"]["max"] for c in per_concern)
    assert estimate["interval_days"]["max"] == max(c["interval_days"]["max"] for c in per_concern)
    assert any("sessions" in c["decides"] for c in per_concern)


def test_every_factor_is_explained_and_sourced() -> None:
    estimate = invoke_event("estimate", "estimate/several_concerns").json

    assert estimate["factors"]
    for item in estimate["factors"] + estimate["cautions"]:
        assert item["code"] and item["text"].endswith(".")
        assert item["source"]
    assert "not medical advice" in estimate["disclaimer"].lower()
    assert estimate["rules_version"]


@pytest.mark.parametrize(
    ("event_name", "field_path", "error_type"),
    [
        ("estimate/invalid_skin_type", ["body", "patient", "skin_type"], "less_than_equal"),
        ("estimate/invalid_age", ["body", "patient", "age"], "greater_than_equal"),
        ("estimate/invalid_unknown_concern", ["body", "concerns", 0], "union_tag_invalid"),
        (
            "estimate/invalid_field_not_applicable",
            ["body", "concerns", 0, "pigmentation", "dynamic"],
            "extra_forbidden",
        ),
        ("estimate/invalid_duplicate_concern", ["body", "concerns"], "duplicate_concern"),
        ("estimate/invalid_unknown_field", ["body", "patient", "skin_typ"], "extra_forbidden"),
        ("estimate/invalid_empty_concerns", ["body", "concerns"], "too_short"),
        ("estimate/invalid_wrong_types", ["body", "patient", "age"], "int_type"),
    ],
)
def test_bad_input_is_422_naming_the_field_and_reason(
    event_name: str, field_path: list[object], error_type: str
) -> None:
    answer = invoke_event("estimate", event_name)

    assert answer.status == 422
    assert answer.content_type == "application/problem+json"
    problem = answer.json
    assert problem["status"] == 422
    matching = [e for e in problem["errors"] if e["loc"] == field_path]
    assert matching, problem["errors"]
    assert matching[0]["type"] == error_type
    assert matching[0]["msg"]


def test_wrong_types_name_every_bad_field_not_just_the_first() -> None:
    problem = invoke_event("estimate", "estimate/invalid_wrong_types").json

    locations = {tuple(e["loc"]) for e in problem["errors"]}
    assert ("body", "patient", "age") in locations
    assert ("body", "patient", "sensitive_skin") in locations


def test_plan_responses_are_not_cached() -> None:
    answer = invoke_event("estimate", "estimate/pigmentation_melasma")

    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.headers["X-Content-Type-Options"] == "nosniff"


def test_a_body_of_many_unknown_fields_lists_a_bounded_number_and_counts_them_all() -> None:
    body = estimate_body(**{f"k{i}": 0 for i in range(5000)})

    answer = invoke("estimate", scenario_event("estimate/acne_scars", body=body))

    assert answer.status == 422
    assert len(answer.json["errors"]) == MAX_LISTED_ERRORS
    assert answer.json["detail"].startswith("5000 fields are invalid: ")
    assert len(answer.body) < 10_000


@pytest.mark.parametrize(("first", "last", "status"), [(200, 30, 200), (30, 200, 422)])
def test_a_name_sent_twice_in_one_object_counts_once_with_its_last_value(
    first: int, last: int, status: int
) -> None:
    """As the contract documents (RFC 8259 §4 leaves repeated names to the receiver): the last one counts."""
    event = scenario_event("estimate/wrinkles_mild")
    event["body"] = (
        f'{{"patient": {{"age": {first}, "skin_type": 2, "age": {last}}}, '
        '"concerns": [{"type": "wrinkles", "severity": "mild"}]}'
    )

    answer = invoke("estimate", event)

    assert answer.status == status, answer.body
    if status == 200:
        assert (
            answer.json
            == invoke("estimate", scenario_event("estimate/wrinkles_mild", body=estimate_body())).json
        )
    else:
        assert [error["loc"] for error in answer.json["errors"]] == [["body", "patient", "age"]]
