"""Conformance with the source document: every sentence that carries a figure, checked through the estimate.

Each case quotes its sentence; the figure it states is asserted on `estimate_course`, never on the rule
set's numbers, so a change of data that breaks the source document fails here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pico_planner.core.concerns import (
    PIGMENTATION_SUBTYPES,
    TATTOO_INKS,
    TATTOO_LOCATIONS,
    EstimateRequest,
)
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Estimate
from pico_planner.core.ruleset import load_rule_set

MOST_INDIVIDUALS = (
    "To reach their optimum look goals, most individuals often need 3 or 4 consecutive sessions."
)
SPACING = (
    "These treatments are spaced apart by at least two to four weeks, and if you have sensitive skin or a "
    "darker complexion, sometimes even eight weeks."
)
WRINKLES = (
    "If fine lines and wrinkles are your main concern, you might only need two or three treatments to "
    "reduce their appearance."
)
WRINKLES_MODEST = (
    "This is especially true if the severity of your fine lines and wrinkles is relatively modest."
)
WRINKLES_DEEPER = "Additional treatments may be necessary for deeper or more dynamic wrinkles."
SKIN_LAXITY = "This estimate for the number of treatments you’ll need also applies to treating skin laxity."
PIGMENTATION = (
    "It may take three or four treatments to address pigmentation issues like post-inflammatory "
    "hyperpigmentation, such as hyperpigmentation brought on by UV damage, dark spots, melasma, freckles, "
    "and other skin discolourations."
)
PIGMENTATION_MORE = (
    "You could require more than 4 treatments if your pigmentation issues are severe or include a greater "
    "area of skin."
)
SCARS_BOTH = "Scarring includes both wound-related and acne-related scars."
SCARS_FOUR = (
    "To decrease the visibility of scars and break down scar tissue, this acne scar removal normally only "
    "needs 4 sessions."
)
TATTOO = (
    "It should only require between 3 and 5 treatments to completely remove the tattoo, depending on the "
    "pigmentation, style, and colour of the individual tattoo."
)
FIRST_RESULTS = (
    "The majority of individuals see their first findings two to three weeks following their initial session."
)
MATURE_SKIN = (
    "Because more effort needs to be done to reverse ageing, mature skin often takes longer to show "
    "apparent effects from treatment."
)
SLOWER_RESULTS = (
    "You might not see benefits for three to four weeks after your initial session, depending on your "
    "specific skin problem, including your skin type, skin tone, and the seriousness of your skin concern."
)
TURNOVER = (
    "Since the average skin cell turnover cycle lasts between 28 and 40 days, it can take that long for new "
    "skin cells to reach the surface of your skin."
)
OLDER_TURNOVER = (
    "Again, older people with mature skin have slower cycles of skin cell turnover, so it can take longer "
    "for them to see improvements."
)
YOUNGER_QUICKER = (
    "Again, as collagen and elastin levels decline over time, younger patients have access to more of these "
    "resources and will experience quicker results than those with more advanced skin."
)
IMPROVE_UNTIL_LAST = (
    "Up until the time of your last treatment, or until the best results have been obtained, your results "
    "will keep getting better."
)

SEED_SENTENCES = (
    MOST_INDIVIDUALS,
    SPACING,
    WRINKLES,
    WRINKLES_MODEST,
    WRINKLES_DEEPER,
    SKIN_LAXITY,
    PIGMENTATION,
    PIGMENTATION_MORE,
    SCARS_BOTH,
    SCARS_FOUR,
    TATTOO,
    FIRST_RESULTS,
    MATURE_SKIN,
    SLOWER_RESULTS,
    TURNOVER,
    OLDER_TURNOVER,
    YOUNGER_QUICKER,
    IMPROVE_UNTIL_LAST,
)

# A patient the source document's "most individuals" describes: young adult, light skin, not sensitive.
TYPICAL_PATIENT: dict[str, Any] = {"age": 30, "skin_type": 2, "sensitive_skin": False}
SKIN_CONCERN_TYPES = ("wrinkles", "skin_laxity", "acne_scars", "wound_scars", "pigmentation")


def estimate(*concerns: dict[str, Any], **patient: Any) -> Estimate:
    request = EstimateRequest.model_validate(
        {"patient": {**TYPICAL_PATIENT, **patient}, "concerns": list(concerns)}
    )
    return estimate_course(request, load_rule_set())


def skin_concern(concern_type: str, severity: str = "moderate") -> dict[str, Any]:
    concern: dict[str, Any] = {"type": concern_type, "severity": severity}
    if concern_type == "pigmentation":
        concern["subtype"] = "dark_spots"
    return concern


def tattoo(**fields: Any) -> dict[str, Any]:
    return {
        "type": "tattoo",
        "ink": "amateur",
        "colours": "black",
        "location": "upper_trunk",
        "scarring": "none",
        "layered": False,
    } | fields


def sessions(result: Estimate) -> tuple[int, int]:
    return (result.sessions.min, result.sessions.max)


Check = Callable[[], None]


def check_most_individuals() -> None:
    for result in (
        estimate({"type": "pigmentation", "subtype": "sun_damage", "severity": "moderate"}),
        estimate(skin_concern("acne_scars", "mild")),
        estimate(skin_concern("wound_scars", "mild")),
        estimate(skin_concern("wrinkles", "moderate")),
    ):
        assert sessions(result) == (3, 4)


def check_default_spacing() -> None:
    for concern_type in SKIN_CONCERN_TYPES:
        result = estimate(skin_concern(concern_type))
        assert (result.interval_days.min, result.interval_days.max) == (14, 28)


def check_spacing_at_least_two_weeks_everywhere() -> None:
    for concern in [*(skin_concern(kind) for kind in SKIN_CONCERN_TYPES), tattoo()]:
        for skin_type in range(1, 7):
            for sensitive in (False, True):
                result = estimate(concern, skin_type=skin_type, sensitive_skin=sensitive)
                assert result.interval_days.min >= 14


def check_sensitive_skin_up_to_eight_weeks() -> None:
    for concern_type in SKIN_CONCERN_TYPES:
        result = estimate(skin_concern(concern_type), sensitive_skin=True)
        assert result.interval_days.max == 56
        assert result.interval_days.min == 14


def check_darker_complexion_up_to_eight_weeks() -> None:
    for skin_type in (4, 5, 6):
        result = estimate(skin_concern("pigmentation"), skin_type=skin_type)
        assert result.interval_days.max == 56
    for skin_type in (1, 2, 3):
        assert estimate(skin_concern("pigmentation"), skin_type=skin_type).interval_days.max == 28


def check_modest_wrinkles_two_or_three() -> None:
    result = estimate({"type": "wrinkles", "severity": "mild", "dynamic": False})
    assert sessions(result) == (2, 3)
    assert result.sessions.recommended in (2, 3)


def check_deeper_or_dynamic_wrinkles_need_more() -> None:
    for concern in (
        {"type": "wrinkles", "severity": "moderate"},
        {"type": "wrinkles", "severity": "severe"},
        {"type": "wrinkles", "severity": "mild", "dynamic": True},
        {"type": "wrinkles", "severity": "severe", "dynamic": True},
    ):
        result = estimate(concern)
        assert result.sessions.min > 2
        assert result.sessions.max > 3
        assert result.sessions.recommended > 3


def check_skin_laxity_as_wrinkles() -> None:
    for severity in ("mild", "moderate", "severe"):
        laxity = estimate({"type": "skin_laxity", "severity": severity})
        wrinkles = estimate({"type": "wrinkles", "severity": severity, "dynamic": False})
        assert laxity.sessions == wrinkles.sessions


def check_pigmentation_three_or_four() -> None:
    for subtype in PIGMENTATION_SUBTYPES:
        for severity in ("mild", "moderate"):
            result = estimate(
                {"type": "pigmentation", "subtype": subtype, "severity": severity, "area": "small"}
            )
            assert sessions(result) == (3, 4)


def check_severe_or_large_pigmentation_more_than_four() -> None:
    for subtype in PIGMENTATION_SUBTYPES:
        for severity, area in (
            ("severe", "small"),
            ("mild", "large"),
            ("moderate", "large"),
            ("severe", "large"),
        ):
            result = estimate(
                {"type": "pigmentation", "subtype": subtype, "severity": severity, "area": area}
            )
            assert result.sessions.max > 4
            assert result.sessions.recommended > 4
    severe_small = estimate({"type": "pigmentation", "subtype": "other", "severity": "severe"})
    severe_large = estimate(
        {"type": "pigmentation", "subtype": "other", "severity": "severe", "area": "large"}
    )
    assert severe_large.sessions.max > severe_small.sessions.max


def check_wound_and_acne_scars_alike() -> None:
    for severity in ("mild", "moderate", "severe"):
        acne = estimate(skin_concern("acne_scars", severity))
        wound = estimate(skin_concern("wound_scars", severity))
        assert acne.sessions == wound.sessions


def check_scars_normally_four() -> None:
    for concern_type in ("acne_scars", "wound_scars"):
        for severity in ("mild", "moderate"):
            result = estimate(skin_concern(concern_type, severity))
            assert result.sessions.recommended == 4
            assert result.sessions.min <= 4 <= result.sessions.max


def check_typical_tattoo_three_to_five() -> None:
    # The source's range speaks for typical tattoos: those scoring within the rule set's typical band.
    band = load_rule_set().concerns.tattoo.typical_band.score_at_most
    in_band = 0
    for ink in TATTOO_INKS:
        for colours in ("black", "black_red"):
            for location in TATTOO_LOCATIONS:
                for skin_type in range(1, 7):
                    result = estimate(
                        tattoo(ink=ink, colours=colours, location=location), skin_type=skin_type
                    )
                    breakdown = result.concerns[0].kirby_desai
                    assert breakdown is not None
                    if breakdown.total_score > band:
                        continue
                    in_band += 1
                    assert 3 <= result.sessions.min <= result.sessions.max <= 5
                    codes = {caution.code for caution in result.cautions}
                    assert "caution_tattoo_beyond_source_range" not in codes
    assert in_band > 50


def check_tattoo_depends_on_ink_and_colour() -> None:
    # A tattoo near the top of the typical band: more ink or more colours take it beyond 5 sessions.
    base = {"location": "proximal_extremity"}
    lightest = estimate(tattoo(ink="amateur", colours="black", **base), skin_type=3)
    heavier_ink = estimate(tattoo(ink="significant", colours="black", **base), skin_type=3)
    more_colour = estimate(tattoo(ink="amateur", colours="multicolour", **base), skin_type=3)
    for heavier in (heavier_ink, more_colour):
        assert heavier.sessions.max > lightest.sessions.max
    assert lightest.sessions.min >= 3
    assert lightest.sessions.max <= 5


def check_tattoo_beyond_range_is_said() -> None:
    result = estimate(tattoo(ink="significant", colours="multicolour", location="distal_extremity"))
    assert result.sessions.max > 5
    breakdown = result.concerns[0].kirby_desai
    assert breakdown is not None and breakdown.beyond_source_range
    assert "caution_tattoo_beyond_source_range" in {caution.code for caution in result.cautions}


def check_first_results_two_to_three_weeks() -> None:
    for concern_type in SKIN_CONCERN_TYPES:
        result = estimate(skin_concern(concern_type, "moderate"))
        assert (result.first_results_days.min, result.first_results_days.max) == (14, 21)


def check_mature_skin_takes_longer() -> None:
    young = estimate(skin_concern("wrinkles"), age=30)
    mature = estimate(skin_concern("wrinkles"), age=60)
    assert mature.first_results_days.min > young.first_results_days.min
    assert mature.first_results_days.max > young.first_results_days.max


def check_three_to_four_weeks_for_skin_type_tone_and_seriousness() -> None:
    slower_cases = [
        estimate(skin_concern("pigmentation"), skin_type=4),
        estimate(skin_concern("pigmentation"), skin_type=6),
        estimate(skin_concern("acne_scars", "severe")),
        estimate(skin_concern("wrinkles"), age=65),
    ]
    for result in slower_cases:
        assert (result.first_results_days.min, result.first_results_days.max) == (21, 28)


def check_turnover_28_to_40_days() -> None:
    result = estimate(skin_concern("pigmentation"), age=25)
    assert (result.final_results_days.min, result.final_results_days.max) == (28, 40)


def check_older_turnover_slower() -> None:
    younger = estimate(skin_concern("pigmentation"), age=25)
    older = estimate(skin_concern("pigmentation"), age=60)
    assert older.final_results_days.min > younger.final_results_days.min
    assert older.final_results_days.max > younger.final_results_days.max


def check_younger_quicker() -> None:
    for concern_type in SKIN_CONCERN_TYPES:
        younger = estimate(skin_concern(concern_type), age=20)
        older = estimate(skin_concern(concern_type), age=70)
        assert younger.first_results_days.max < older.first_results_days.max
        assert younger.final_results_days.max < older.final_results_days.max


def check_collagen_slows_results_from_forty() -> None:
    for concern_type in SKIN_CONCERN_TYPES:
        before = estimate(skin_concern(concern_type), age=39)
        after = estimate(skin_concern(concern_type), age=40)
        assert after.first_results_days.max > before.first_results_days.max
        assert after.final_results_days.max > before.final_results_days.max
        quotes = [factor.source.quote or "" for factor in after.factors]
        assert any(YOUNGER_QUICKER in quote for quote in quotes)


def check_patient_told_results_improve_until_last_session() -> None:
    for age in (20, 45, 70):
        result = estimate(skin_concern("pigmentation"), age=age)
        told = [factor for factor in result.factors if "until your last session" in factor.text]
        assert told and all(IMPROVE_UNTIL_LAST in (factor.source.quote or "") for factor in told)


def check_final_review_after_last_session() -> None:
    # Results keep improving until the last session; the final review follows it by one turnover cycle.
    result = estimate(skin_concern("pigmentation"), age=30)
    last_session = result.course_days
    assert last_session.min == (result.sessions.min - 1) * result.interval_days.min
    assert last_session.max == (result.sessions.max - 1) * result.interval_days.max
    # "the average skin cell turnover cycle lasts between 28 and 40 days" (an adult under middle age)
    assert (result.final_results_days.min, result.final_results_days.max) == (28, 40)


CASES: list[tuple[str, Check]] = [
    (MOST_INDIVIDUALS, check_most_individuals),
    (SPACING, check_default_spacing),
    (SPACING, check_spacing_at_least_two_weeks_everywhere),
    (SPACING, check_sensitive_skin_up_to_eight_weeks),
    (SPACING, check_darker_complexion_up_to_eight_weeks),
    (WRINKLES, check_modest_wrinkles_two_or_three),
    (WRINKLES_MODEST, check_modest_wrinkles_two_or_three),
    (WRINKLES_DEEPER, check_deeper_or_dynamic_wrinkles_need_more),
    (SKIN_LAXITY, check_skin_laxity_as_wrinkles),
    (PIGMENTATION, check_pigmentation_three_or_four),
    (PIGMENTATION_MORE, check_severe_or_large_pigmentation_more_than_four),
    (SCARS_BOTH, check_wound_and_acne_scars_alike),
    (SCARS_FOUR, check_scars_normally_four),
    (TATTOO, check_typical_tattoo_three_to_five),
    (TATTOO, check_tattoo_depends_on_ink_and_colour),
    (TATTOO, check_tattoo_beyond_range_is_said),
    (FIRST_RESULTS, check_first_results_two_to_three_weeks),
    (MATURE_SKIN, check_mature_skin_takes_longer),
    (SLOWER_RESULTS, check_three_to_four_weeks_for_skin_type_tone_and_seriousness),
    (TURNOVER, check_turnover_28_to_40_days),
    (OLDER_TURNOVER, check_older_turnover_slower),
    (YOUNGER_QUICKER, check_younger_quicker),
    (YOUNGER_QUICKER, check_collagen_slows_results_from_forty),
    (IMPROVE_UNTIL_LAST, check_final_review_after_last_session),
    (IMPROVE_UNTIL_LAST, check_patient_told_results_improve_until_last_session),
]


@pytest.mark.parametrize(
    ("sentence", "check"),
    CASES,
    ids=[f"{check.__name__.removeprefix('check_')}: {sentence}" for sentence, check in CASES],
)
def test_source_document_sentence(sentence: str, check: Check) -> None:
    assert sentence in SEED_SENTENCES
    check()


def test_every_figure_sentence_has_a_case() -> None:
    covered = {sentence for sentence, _check in CASES}
    assert covered == set(SEED_SENTENCES)


def test_several_concerns_most_demanding_wins_and_each_is_explained() -> None:
    result = estimate(
        {"type": "wrinkles", "severity": "mild"},
        {"type": "pigmentation", "subtype": "melasma", "severity": "severe", "area": "large"},
        {"type": "acne_scars", "severity": "moderate"},
    )
    assert result.sessions.max == max(concern.sessions.max for concern in result.concerns)
    assert result.sessions.min == max(concern.sessions.min for concern in result.concerns)
    deciders = [concern.type for concern in result.concerns if "sessions" in concern.decides]
    assert deciders == ["pigmentation"]
    factor_codes = {factor.code for factor in result.factors}
    for concern in result.concerns:
        assert set(concern.factor_codes) <= factor_codes
        assert concern.factor_codes


def test_a_large_area_lifts_mild_or_moderate_pigmentation_to_five_to_six() -> None:
    # docs/rules.md, sentence 15: "A large area adds one and lifts to at least 5 to 6."
    for severity in ("mild", "moderate"):
        result = estimate(
            {"type": "pigmentation", "subtype": "freckles", "severity": severity, "area": "large"}
        )
        assert (result.sessions.min, result.sessions.max, result.sessions.recommended) == (5, 6, 6)
        assert "pigmentation_large_area" in {factor.code for factor in result.factors}


@pytest.mark.parametrize(
    ("patient", "concerns", "figure"),
    [
        # The tattoo sets the interval's minimum (42 days); mild wrinkles at skin type 4 (14 to 56 days)
        # share only its maximum, and that bound is theirs too.
        (
            {"skin_type": 4},
            [tattoo(location="head_neck"), {"type": "wrinkles", "severity": "mild"}],
            "interval_days",
        ),
        # Severe pigmentation sets the first results' minimum (21 days); mild wrinkles (14 to 28 days)
        # share only the maximum.
        (
            {"age": 45},
            [
                {"type": "pigmentation", "subtype": "freckles", "severity": "severe"},
                {"type": "wrinkles", "severity": "mild"},
            ],
            "first_results_days",
        ),
        # Moderate acne scars set the session range (4 to 5); mild pigmentation (3 to 4) shares only the
        # recommended count, 4.
        (
            {},
            [{"type": "acne_scars", "severity": "moderate"}, skin_concern("pigmentation", "mild")],
            "sessions",
        ),
    ],
    ids=["interval_max", "first_results_max", "sessions_recommended"],
)
def test_a_concern_that_sets_one_bound_of_a_figure_decides_it(
    patient: dict[str, Any], concerns: list[dict[str, Any]], figure: str
) -> None:
    result = estimate(*concerns, **patient)
    own, overall = getattr(result.concerns[1], figure), getattr(result, figure)
    bounds = [bound for bound in ("min", "max", "recommended") if hasattr(overall, bound)]
    # The case's premise: the concern shares exactly one bound of the figure, not all of them.
    assert sum(getattr(own, bound) == getattr(overall, bound) for bound in bounds) == 1
    assert figure in result.concerns[1].decides
