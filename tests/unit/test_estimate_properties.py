"""Properties every estimate keeps, over generated valid requests."""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pico_planner.core.concerns import (
    CONCERN_TYPES,
    MAX_AGE,
    MAX_CONCERNS,
    MAX_SKIN_TYPE,
    MIN_AGE,
    MIN_SKIN_TYPE,
    PIGMENTATION_SUBTYPES,
    SEVERITIES,
    SPECIAL_INKS,
    TATTOO_COLOURS,
    TATTOO_INKS,
    TATTOO_LOCATIONS,
    TATTOO_SCARRING,
    TATTOO_SIZES,
    EstimateRequest,
)
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import ConcernEstimate, Estimate, KirbyDesaiBreakdown
from pico_planner.core.figures import DayRange, SessionCount
from pico_planner.core.ruleset import TurnoverBand, load_rule_set

RULES = load_rule_set()
PROPERTY_SETTINGS = settings(max_examples=200, deadline=None)

patients = st.fixed_dictionaries(
    {
        "age": st.integers(MIN_AGE, MAX_AGE),
        "skin_type": st.integers(MIN_SKIN_TYPE, MAX_SKIN_TYPE),
        "sensitive_skin": st.booleans(),
    }
)
severities = st.sampled_from(SEVERITIES)
tattoos = st.fixed_dictionaries(
    {
        "type": st.just("tattoo"),
        "ink": st.sampled_from(TATTOO_INKS),
        "colours": st.sampled_from(TATTOO_COLOURS),
        "location": st.sampled_from(TATTOO_LOCATIONS),
        "scarring": st.sampled_from(TATTOO_SCARRING),
        "layered": st.booleans(),
        "size": st.sampled_from(TATTOO_SIZES),
        "special_inks": st.lists(st.sampled_from(SPECIAL_INKS), unique=True),
    }
)
CONCERN_STRATEGIES: dict[str, st.SearchStrategy[dict[str, Any]]] = {
    "wrinkles": st.fixed_dictionaries(
        {"type": st.just("wrinkles"), "severity": severities, "dynamic": st.booleans()}
    ),
    "skin_laxity": st.fixed_dictionaries({"type": st.just("skin_laxity"), "severity": severities}),
    "pigmentation": st.fixed_dictionaries(
        {
            "type": st.just("pigmentation"),
            "subtype": st.sampled_from(PIGMENTATION_SUBTYPES),
            "severity": severities,
            "area": st.sampled_from(("small", "large")),
        }
    ),
    "acne_scars": st.fixed_dictionaries({"type": st.just("acne_scars"), "severity": severities}),
    "wound_scars": st.fixed_dictionaries({"type": st.just("wound_scars"), "severity": severities}),
    "tattoo": tattoos,
}
concerns = st.one_of(*CONCERN_STRATEGIES.values())


def concern_key(concern: dict[str, Any]) -> tuple[str, str | None]:
    return (concern["type"], concern.get("subtype"))


concern_lists = st.lists(concerns, min_size=1, max_size=MAX_CONCERNS, unique_by=concern_key)
requests = st.fixed_dictionaries({"patient": patients, "concerns": concern_lists})


def estimate(request: dict[str, Any]) -> Estimate:
    return estimate_course(EstimateRequest.model_validate(request), RULES)


def with_patient(request: dict[str, Any], **changes: Any) -> dict[str, Any]:
    return {"patient": request["patient"] | changes, "concerns": request["concerns"]}


def with_concern(request: dict[str, Any], index: int, **changes: Any) -> dict[str, Any]:
    changed = list(request["concerns"])
    changed[index] = changed[index] | changes
    return {"patient": request["patient"], "concerns": changed}


def never_fewer(before: SessionCount, after: SessionCount) -> bool:
    return after.min >= before.min and after.max >= before.max and after.recommended >= before.recommended


def never_shorter(before: DayRange, after: DayRange) -> bool:
    return after.min >= before.min and after.max >= before.max


def next_level(levels: tuple[Any, ...], current: Any) -> Any:
    position = levels.index(current)
    assume(position + 1 < len(levels))
    return levels[position + 1]


def _turnover_band(age: int) -> TurnoverBand:
    """The band of the oldest age the patient has reached, found without the rule set's own lookup."""
    return max((band for band in RULES.turnover if band.from_age <= age), key=lambda band: band.from_age)


@PROPERTY_SETTINGS
@given(requests)
def test_figures_are_ordered_and_consistent(request: dict[str, Any]) -> None:
    result = estimate(request)
    assert result.sessions.min <= result.sessions.recommended <= result.sessions.max
    assert result.interval_days.min <= result.interval_days.max
    assert result.interval_days.min >= 14  # "at least two to four weeks"
    assert result.first_results_days.min <= result.first_results_days.max
    assert result.course_days.min == (result.sessions.min - 1) * result.interval_days.min
    assert result.course_days.max == (result.sessions.max - 1) * result.interval_days.max
    assert result.final_results_days == _turnover_band(request["patient"]["age"]).days
    assert result.course_figures().sessions == result.sessions


@PROPERTY_SETTINGS
@given(requests)
def test_every_factor_is_a_concerns_but_the_final_reviews(request: dict[str, Any]) -> None:
    # What the contract tells apps that group factors by concern: one factor, and only one, is the
    # course's own, and it is the turnover band that sets final_results_days.
    result = estimate(request)
    listed = {code for concern in result.concerns for code in concern.factor_codes}
    assert {factor.code for factor in result.factors} - listed == {
        _turnover_band(request["patient"]["age"]).code
    }
    assert listed <= {factor.code for factor in result.factors}


@PROPERTY_SETTINGS
@given(requests)
def test_overall_figures_are_the_most_demanding_concern_figures(request: dict[str, Any]) -> None:
    result = estimate(request)
    parts = result.concerns
    assert [part.index for part in parts] == list(range(len(request["concerns"])))
    assert result.sessions.min == max(part.sessions.min for part in parts)
    assert result.sessions.max == max(part.sessions.max for part in parts)
    assert result.sessions.recommended == max(part.sessions.recommended for part in parts)
    assert result.interval_days.max == max(part.interval_days.max for part in parts)
    assert result.first_results_days.max == max(part.first_results_days.max for part in parts)
    for figure in ("sessions", "interval_days", "first_results_days"):
        assert any(figure in part.decides for part in parts)
    factor_codes = [factor.code for factor in result.factors]
    assert len(factor_codes) == len(set(factor_codes))
    assert all(set(part.factor_codes) <= set(factor_codes) for part in parts)


@PROPERTY_SETTINGS
@given(requests, st.data())
def test_more_severity_never_fewer_sessions(request: dict[str, Any], data: st.DataObject) -> None:
    graded = [index for index, concern in enumerate(request["concerns"]) if "severity" in concern]
    assume(graded)
    index = data.draw(st.sampled_from(graded))
    harder = with_concern(
        request, index, severity=next_level(SEVERITIES, request["concerns"][index]["severity"])
    )
    before, after = estimate(request), estimate(harder)
    assert never_fewer(before.concerns[index].sessions, after.concerns[index].sessions)
    assert never_fewer(before.sessions, after.sessions)
    assert never_shorter(before.first_results_days, after.first_results_days)


@PROPERTY_SETTINGS
@given(requests, st.data())
def test_larger_area_or_dynamic_wrinkles_never_fewer_sessions(
    request: dict[str, Any], data: st.DataObject
) -> None:
    adjustable = [
        index
        for index, concern in enumerate(request["concerns"])
        if concern["type"] in ("pigmentation", "wrinkles")
    ]
    assume(adjustable)
    index = data.draw(st.sampled_from(adjustable))
    concern = request["concerns"][index]
    harder = (
        with_concern(request, index, area="large")
        if concern["type"] == "pigmentation"
        else with_concern(request, index, dynamic=True)
    )
    before, after = estimate(request), estimate(harder)
    assert never_fewer(before.concerns[index].sessions, after.concerns[index].sessions)
    assert never_fewer(before.sessions, after.sessions)


# Each Kirby-Desai input's choices, from the easiest to the hardest.
TATTOO_LEVELS: dict[str, tuple[Any, ...]] = {
    "ink": TATTOO_INKS,
    "colours": TATTOO_COLOURS,
    "location": TATTOO_LOCATIONS,
    "scarring": TATTOO_SCARRING,
    "layered": (False, True),
}


@PROPERTY_SETTINGS
@given(patients, tattoos, st.sampled_from(("ink", "colours", "location", "scarring", "layered", "skin_type")))
def test_harder_tattoo_never_fewer_sessions(
    patient: dict[str, Any], tattoo: dict[str, Any], category: str
) -> None:
    request = {"patient": patient, "concerns": [tattoo]}
    levels = {**TATTOO_LEVELS, "skin_type": tuple(range(MIN_SKIN_TYPE, MAX_SKIN_TYPE + 1))}
    if category == "skin_type":
        harder = with_patient(request, skin_type=next_level(levels[category], patient["skin_type"]))
    else:
        harder = with_concern(request, 0, **{category: next_level(levels[category], tattoo[category])})
    before, after = estimate(request), estimate(harder)
    before_score = before.concerns[0].kirby_desai
    after_score = after.concerns[0].kirby_desai
    assert before_score is not None and after_score is not None
    # Special inks already score the colours as "other colours", so a colour step may add nothing.
    assert after_score.total_score >= before_score.total_score
    if category != "colours" or not tattoo["special_inks"]:
        assert after_score.total_score > before_score.total_score
    assert never_fewer(before.sessions, after.sessions)


@PROPERTY_SETTINGS
@given(patients, tattoos, st.sampled_from(("size", "special_inks")))
def test_larger_tattoo_or_special_inks_never_fewer_sessions(
    patient: dict[str, Any], tattoo: dict[str, Any], change: str
) -> None:
    request = {"patient": patient, "concerns": [tattoo]}
    if change == "size":
        harder = with_concern(request, 0, size=next_level(TATTOO_SIZES, tattoo["size"]))
    else:
        missing = [ink for ink in SPECIAL_INKS if ink not in tattoo["special_inks"]]
        assume(missing)
        harder = with_concern(request, 0, special_inks=[*tattoo["special_inks"], missing[0]])
    assert never_fewer(estimate(request).sessions, estimate(harder).sessions)


def _tattoo_request(skin_type: int, **tattoo: Any) -> dict[str, Any]:
    return {"patient": {"age": 30, "skin_type": skin_type}, "concerns": [{"type": "tattoo", **tattoo}]}


def test_no_cliff_between_tattoos_one_kirby_desai_point_apart() -> None:
    # Every tattoo and skin type, against every tattoo one point harder: at most 2 sessions more.
    levels = TATTOO_LEVELS
    by_score: dict[int, set[int]] = {}
    compared = 0
    for skin_type in range(MIN_SKIN_TYPE, MAX_SKIN_TYPE + 1):
        for values in itertools.product(*levels.values()):
            tattoo = dict(zip(levels, values, strict=True))
            result = estimate(_tattoo_request(skin_type, **tattoo))
            breakdown = result.concerns[0].kirby_desai
            assert breakdown is not None
            by_score.setdefault(breakdown.total_score, set()).add(result.sessions.recommended)
    scores = sorted(by_score)
    assert scores == list(range(4, 27))
    for lower, higher in itertools.pairwise(scores):
        for before in by_score[lower]:
            for after in by_score[higher]:
                compared += 1
                assert abs(after - before) <= 2, (lower, before, higher, after)
    assert compared > 20


def test_the_cliff_the_old_typical_profile_made_is_gone() -> None:
    ankle = {"ink": "amateur", "location": "distal_extremity"}
    black = estimate(_tattoo_request(6, colours="black", **ankle))
    a_little_red = estimate(_tattoo_request(6, colours="black_red", **ankle))
    assert [
        part.kirby_desai.total_score for part in (*black.concerns, *a_little_red.concerns) if part.kirby_desai
    ] == [13, 14]
    assert a_little_red.sessions.recommended - black.sessions.recommended <= 2


@PROPERTY_SETTINGS
@given(patients, tattoos)
def test_tattoo_score_and_source_range(patient: dict[str, Any], tattoo: dict[str, Any]) -> None:
    result = estimate({"patient": patient, "concerns": [tattoo]})
    score = result.concerns[0].kirby_desai
    assert score is not None
    assert 4 <= score.total_score <= 26
    assert score.total_score == sum(
        (
            score.skin_type_points,
            score.location_points,
            score.colours_points,
            score.ink_points,
            score.scarring_points,
            score.layering_points,
        )
    )
    assert result.sessions.min >= 3
    # The scale over-predicts for pico lasers: the pico estimate never exceeds the original figure.
    assert result.sessions.max <= max(score.original_scale_sessions, 5)
    band = RULES.concerns.tattoo.typical_band
    assert score.within_source_profile == (score.total_score <= band.score_at_most)
    if score.within_source_profile and tattoo["size"] != "large":
        assert result.sessions.max <= 5
    caution_codes = {caution.code for caution in result.cautions}
    assert ("caution_tattoo_beyond_source_range" in caution_codes) == (result.sessions.max > 5)
    assert ("caution_tattoo_high_score" in caution_codes) == (score.total_score > 20)
    assert ("caution_tattoo_skin_type_vi" in caution_codes) == (patient["skin_type"] == 6)


@PROPERTY_SETTINGS
@given(requests, st.sampled_from(("darker", "sensitive")))
def test_darker_or_sensitive_skin_never_shortens_the_longest_interval(
    request: dict[str, Any], change: str
) -> None:
    patient = request["patient"]
    if change == "darker":
        changed = with_patient(request, skin_type=next_level(tuple(range(1, 7)), patient["skin_type"]))
    else:
        assume(not patient["sensitive_skin"])
        changed = with_patient(request, sensitive_skin=True)
    before, after = estimate(request), estimate(changed)
    assert after.interval_days.max >= before.interval_days.max
    assert after.interval_days.min >= 14


@PROPERTY_SETTINGS
@given(requests, st.integers(1, MAX_AGE - MIN_AGE))
def test_older_patient_never_sees_results_earlier(request: dict[str, Any], years: int) -> None:
    age = request["patient"]["age"]
    assume(age + years <= MAX_AGE)
    before, after = estimate(request), estimate(with_patient(request, age=age + years))
    assert never_shorter(before.first_results_days, after.first_results_days)
    assert never_shorter(before.final_results_days, after.final_results_days)


@PROPERTY_SETTINGS
@given(requests, concerns)
def test_adding_a_concern_never_lowers_the_course(request: dict[str, Any], extra: dict[str, Any]) -> None:
    assume(len(request["concerns"]) < MAX_CONCERNS)
    assume(concern_key(extra) not in {concern_key(concern) for concern in request["concerns"]})
    before = estimate(request)
    after = estimate({"patient": request["patient"], "concerns": [*request["concerns"], extra]})
    assert never_fewer(before.sessions, after.sessions)
    assert never_shorter(before.interval_days, after.interval_days)
    assert never_shorter(before.first_results_days, after.first_results_days)
    assert never_shorter(before.course_days, after.course_days)
    # The few-sessions caution speaks of the whole plan, so a concern that lengthens the plan retires it.
    plan_cautions = {RULES.cautions.modest_wrinkles_evidence.code}
    kept = {caution.code for caution in before.cautions} - plan_cautions
    assert kept <= {caution.code for caution in after.cautions}


@PROPERTY_SETTINGS
@given(requests)
def test_same_input_same_output(request: dict[str, Any]) -> None:
    first = estimate(request)
    round_tripped = EstimateRequest.model_validate_json(
        EstimateRequest.model_validate(request).model_dump_json()
    )
    second = estimate_course(round_tripped, RULES)
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_generated_requests_cover_every_concern_type() -> None:
    # Guards the strategies: a concern type missing here would go untested by every property above.
    assert set(CONCERN_STRATEGIES) == set(CONCERN_TYPES)


@PROPERTY_SETTINGS
@given(requests)
def test_cautions_and_factors_follow_the_inputs(request: dict[str, Any]) -> None:
    result = estimate(request)
    patient, concern_list = request["patient"], request["concerns"]
    cautions = {caution.code for caution in result.cautions}
    factors = {factor.code for factor in result.factors}
    assert ("caution_darker_skin_pigment" in cautions) == (patient["skin_type"] >= 4)
    has_melasma = any(concern.get("subtype") == "melasma" for concern in concern_list)
    assert ("caution_melasma_recurrence" in cautions) == has_melasma
    wrinkle_concern = any(part.type in ("wrinkles", "skin_laxity") for part in result.concerns)
    assert ("caution_wrinkles_evidence" in cautions) == (wrinkle_concern and result.sessions.max < 4)
    scars = any(part.type in ("acne_scars", "wound_scars") for part in result.concerns)
    assert ("caution_scars_dark_skin" in cautions) == (scars and patient["skin_type"] >= 5)
    inks = {ink for concern in concern_list for ink in concern.get("special_inks", [])}
    assert ("caution_tattoo_ink_may_darken" in cautions) == bool(inks & {"white", "flesh"})
    assert ("caution_tattoo_ink_wavelength" in cautions) == bool(inks & {"green", "blue"})
    skin_concern = any(part.type != "tattoo" for part in result.concerns)
    # A tattoo is spaced 6 to 8 weeks anyway: only a skin concern's spacing is stretched by the skin.
    stretched = skin_concern and (patient["sensitive_skin"] or patient["skin_type"] >= 4)
    assert ({"interval_sensitive_skin", "interval_darker_skin"} & factors != set()) == stretched
    assert ("interval_sensitive_skin" in factors) == (skin_concern and patient["sensitive_skin"])
    assert ("first_results_mature_skin" in factors) == (patient["age"] >= 50)
    dynamic = any(concern.get("dynamic") for concern in concern_list)
    assert ("wrinkles_dynamic" in factors) == dynamic
    large = any(concern.get("area") == "large" for concern in concern_list)
    assert ("pigmentation_large_area" in factors) == large
    assert _turnover_band(patient["age"]).code in factors
    assert len(cautions) == len(result.cautions)
    explained = [(factor.text, factor.source.references) for factor in result.factors]
    explained += [(caution.text, caution.source.references) for caution in result.cautions]
    for text, references in explained:
        assert text.endswith(".")
        assert references


@PROPERTY_SETTINGS
@given(requests)
def test_an_estimate_is_what_validating_its_values_gives(request: dict[str, Any]) -> None:
    # The core builds an estimate from values it has already made valid, without validating them again:
    # validating them must accept every one and give the same estimate, field for field.
    result = estimate(request)
    validated = Estimate.model_validate(result.model_dump())

    assert validated == result
    assert validated.model_dump_json() == result.model_dump_json()
    assert validated.model_fields_set == result.model_fields_set
    for made, checked in zip(result.concerns, validated.concerns, strict=True):
        assert made.model_fields_set == checked.model_fields_set
        if made.kirby_desai is not None:
            assert checked.kirby_desai is not None
            assert made.kirby_desai.model_fields_set == checked.kirby_desai.model_fields_set


def test_the_models_built_from_trusted_values_hold_no_other_state() -> None:
    # What building without validation leaves out: private attributes and a post-init hook.
    for model in (Estimate, ConcernEstimate, KirbyDesaiBreakdown):
        assert not model.__private_attributes__
        assert model.__pydantic_post_init__ is None
