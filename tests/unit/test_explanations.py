"""Explanations that never mislead, over every event and thousands of generated requests.

- No answer carries a mark of working notes: a file name, a section sign or a confidence mark.
- A factor is listed only when its rule moved a figure: the figures without the rule differ.
- Every count, week or day figure a factor or caution states lies within the answer's figures.
- Every source can be followed to the bibliography the catalogue lists.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from hypothesis import given, settings

from devtools.new_event import EVENTS_PLANNED_AT
from pico_planner.core.catalogue import build_catalogue
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course, estimate_course_without
from pico_planner.core.estimate_models import Caution, Estimate, Factor
from pico_planner.core.figures import DayRange, SessionCount
from pico_planner.core.ruleset import (
    NOTE_MARKS,
    InkAdjustment,
    IntervalExtension,
    Rule,
    SessionAdjustment,
    SlowerResults,
    TattooTypicalBand,
    load_rule_set,
)
from tests.support.builders import estimate_body
from tests.support.events import PROJECT_ROOT, all_event_names, load_event
from tests.support.functions import INJECTED, function_of_resource, invoke
from tests.unit.test_estimate_properties import requests

RULES = load_rule_set()
MANY = settings(max_examples=1500, deadline=None)

# Rules that raise a figure another rule set; every other rule sets a figure in the first place.
RAISING_RULES: tuple[type[Rule], ...] = (
    SessionAdjustment,
    IntervalExtension,
    SlowerResults,
    TattooTypicalBand,
    InkAdjustment,
)
RAISING_CODES = frozenset(
    rule.code
    for rule in RULES.rules()
    if isinstance(rule, RAISING_RULES) or rule is RULES.concerns.tattoo.source_range
)

# A figure a sentence states: "3 or 4 sessions", "2 to 4 weeks", "8 weeks", "28 to 40 days"; "at least
# 3 sessions" is a floor, true of a plan whose fewest is 3 or more.
STATED_FIGURE = re.compile(r"\b(at least )?(\d+)(?: (?:or|to) (\d+))? (session|week|day)s?\b")
# Numbers that are not figures of the plan: an age or a tattoo score.
OTHER_NUMBER = re.compile(r"\bage (\d+)\b|\bscores above (\d+)\b")

# The answers that carry patient sentences: the planning requests and the catalogue.
PLANNING_RESOURCES = ("/estimate", "/schedule")
SWEPT_EVENTS = [
    name
    for name in all_event_names()
    if (load_event(name)["resource"] in PLANNING_RESOURCES and load_event(name)["httpMethod"] == "POST")
    or load_event(name)["resource"] == "/concerns"
]


def estimate(request: dict[str, Any]) -> Estimate:
    return estimate_course(EstimateRequest.model_validate(request), RULES)


def figures(result: Estimate) -> tuple[Any, ...]:
    """Every figure of an answer: the whole course's and each concern's own, a tattoo's score included."""
    per_concern = tuple(
        (
            part.sessions,
            part.interval_days,
            part.first_results_days,
            part.kirby_desai.total_score if part.kirby_desai else None,
        )
        for part in result.concerns
    )
    return (
        result.sessions,
        result.interval_days,
        result.first_results_days,
        result.course_days,
        result.final_results_days,
        per_concern,
    )


@pytest.mark.parametrize("event_name", SWEPT_EVENTS)
def test_no_answer_to_an_event_carries_a_working_notes_mark(
    event_name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(INJECTED, "clock", lambda: EVENTS_PLANNED_AT)  # every schedule event is planned
    resource = load_event(event_name)["resource"]
    answer = invoke(function_of_resource()[resource], load_event(event_name))
    assert not NOTE_MARKS.search(answer.body), answer.body


def test_the_sweep_covers_the_estimate_and_the_catalogue() -> None:
    assert "estimate/tattoo_special_inks_large" in SWEPT_EVENTS
    assert "catalogue/concerns" in SWEPT_EVENTS


def test_the_mark_detector_catches_each_kind_of_mark() -> None:
    for marked in ("see NOTES.md", "section §2.2", "a figure [S]", "checked [V, abstract]", "[U]"):
        assert NOTE_MARKS.search(marked), marked
    assert not NOTE_MARKS.search("Darker skin needs more time to settle [between sessions].")


def test_the_catalogue_carries_no_working_notes_mark() -> None:
    assert not NOTE_MARKS.search(build_catalogue(RULES).model_dump_json())


def test_the_served_openapi_document_carries_no_working_notes_mark() -> None:
    # GET /v1/openapi.json serves this document, examples (real answers) and descriptions included.
    document = (PROJECT_ROOT / "functions" / "docs" / "openapi.json").read_text(encoding="utf-8")
    assert '"rules_version"' in document
    assert not NOTE_MARKS.search(document)


@MANY
@given(requests)
def test_no_generated_answer_carries_a_working_notes_mark(request: dict[str, Any]) -> None:
    assert not NOTE_MARKS.search(estimate(request).model_dump_json())


@MANY
@given(requests)
def test_every_factor_moved_a_figure(request: dict[str, Any]) -> None:
    parsed = EstimateRequest.model_validate(request)
    result = estimate_course(parsed, RULES)
    listed = {factor.code for factor in result.factors}
    unlisted_raising = RAISING_CODES - listed
    # The listed factors are enough: leaving out every raising rule not listed changes nothing ...
    assert figures(estimate_course_without(parsed, RULES, unlisted_raising)) == figures(result)
    for factor in result.factors:
        if factor.code not in RAISING_CODES:
            continue  # it set its figure in the first place
        # ... and each listed one is needed: without it some figure changes.
        without = estimate_course_without(parsed, RULES, unlisted_raising | {factor.code})
        assert figures(without) != figures(result), factor.code


@MANY
@given(requests)
def test_the_pico_correction_is_listed_exactly_when_a_tattoo_bound_is_its_figure(
    request: dict[str, Any],
) -> None:
    # Its sentence says the plan is half to three quarters of the score: true only of such a bound.
    result = estimate(request)
    tattoo = RULES.concerns.tattoo
    for part in result.concerns:
        if part.kirby_desai is None:
            continue
        added = tattoo.large_size.add if request["concerns"][part.index].get("size") == "large" else 0
        score = part.kirby_desai.total_score
        corrected = (
            -(-score * tattoo.pico_correction.low_percent // 100),
            -(-score * tattoo.pico_correction.high_percent // 100),
        )
        sessions = part.kirby_desai.pico_sessions
        from_correction = sessions.min - added == corrected[0] or sessions.max - added == corrected[1]
        assert ("tattoo_pico_correction" in part.factor_codes) == from_correction, (score, sessions)


def _within(number: int, ranges: list[tuple[int, int]]) -> bool:
    return any(low <= number <= high for low, high in ranges)


def _check_stated_figures(text: str, sessions: list[SessionCount], days: list[DayRange]) -> None:
    session_ranges = [(count.min, count.max) for count in sessions]
    day_ranges = [(span.min, span.max) for span in days]
    for match in STATED_FIGURE.finditer(text):
        floor, unit = match.group(1) is not None, match.group(4)
        numbers = [int(group) for group in match.group(2, 3) if group is not None]
        for number in numbers:
            in_days = number * 7 if unit == "week" else number
            ranges = session_ranges if unit == "session" else day_ranges
            stated = in_days if unit != "session" else number
            if floor and len(numbers) == 1:
                assert any(stated <= low for low, _high in ranges), f"{text!r}: at least {number}, {ranges}"
            else:
                assert _within(stated, ranges), f"{text!r}: {number} {unit}s, plan {ranges}"
    leftover = OTHER_NUMBER.sub("", STATED_FIGURE.sub("", text))
    assert not re.search(r"\d", leftover), f"{text!r} states a number that is no figure of the plan"


@MANY
@given(requests)
def test_every_number_a_sentence_states_agrees_with_the_answer(request: dict[str, Any]) -> None:
    result = estimate(request)
    course_sessions = [result.sessions]
    course_days = [
        result.interval_days,
        result.first_results_days,
        result.final_results_days,
        result.course_days,
    ]
    for factor in result.factors:
        # A factor speaks for the course, or for the concerns whose own figures it explains.
        parts = [part for part in result.concerns if factor.code in part.factor_codes]
        _check_stated_figures(
            factor.text,
            course_sessions + [part.sessions for part in parts],
            course_days + [span for part in parts for span in (part.interval_days, part.first_results_days)],
        )
    for caution in result.cautions:
        # A caution speaks of the plan the patient books.
        _check_stated_figures(caution.text, course_sessions, course_days)


@MANY
@given(requests)
def test_every_source_leads_to_the_bibliography(request: dict[str, Any]) -> None:
    result = estimate(request)
    bibliography = {reference.id: reference for reference in build_catalogue(RULES).references}
    explained_items: list[Factor | Caution] = [*result.factors, *result.cautions]
    for explained in explained_items:
        assert explained.source.references
        for reference_id in explained.source.references:
            reference = bibliography[reference_id]
            if reference.evidence == "source_document":
                assert explained.source.quote
            else:
                assert reference.doi or reference.pmid or reference.url


def test_the_stated_figure_check_catches_a_contradiction() -> None:
    # The caution the plan used to contradict: "2 or 3 sessions" said of a plan of 3 to 4.
    with pytest.raises(AssertionError):
        _check_stated_figures(
            "If 2 or 3 sessions do not help, more may be needed.",
            [SessionCount(min=3, max=4, recommended=4)],
            [],
        )
    with pytest.raises(AssertionError):
        _check_stated_figures("Sessions may be up to 8 weeks apart.", [], [DayRange(min=42, max=49)])
    with pytest.raises(AssertionError):
        _check_stated_figures("Allow for 5.", [SessionCount(min=3, max=5, recommended=4)], [])
    with pytest.raises(AssertionError):
        _check_stated_figures(
            "It takes at least 4 sessions.", [SessionCount(min=3, max=5, recommended=4)], []
        )
    _check_stated_figures("It takes at least 3 sessions.", [SessionCount(min=4, max=4, recommended=4)], [])


def _own_figures(rule: Rule) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """The session and day ranges a rule carries as data (an interval extension's longest gap too)."""
    fields = [getattr(rule, name) for name in type(rule).model_fields]
    sessions = [(value.min, value.max) for value in fields if isinstance(value, SessionCount)]
    days = [(value.min, value.max) for value in fields if isinstance(value, DayRange)]
    if isinstance(rule, IntervalExtension):
        days.append((rule.max_days, rule.max_days))
    return sessions, days


def _states_its_own_figures(rule: Rule) -> None:
    """Each figure the rule's sentence states is the rule's own: a range of days or weeks is exactly
    one of its ranges, a single one is a bound of one, and a count of sessions lies within its own."""
    own_sessions, own_days = _own_figures(rule)
    for match in STATED_FIGURE.finditer(rule.text):
        unit = match.group(4)
        numbers = [int(group) for group in match.group(2, 3) if group is not None]
        if unit == "session":
            assert own_sessions, f"{rule.code}: states sessions but carries none"
            assert all(_within(number, own_sessions) for number in numbers), (rule.code, own_sessions)
            continue
        stated = [number * 7 if unit == "week" else number for number in numbers]
        assert own_days, f"{rule.code}: states days but carries none"
        if len(stated) == 2:
            assert tuple(stated) in own_days, f"{rule.code}: states {stated} days, carries {own_days}"
        else:
            bounds = {bound for span in own_days for bound in span}
            assert stated[0] in bounds, f"{rule.code}: states {stated[0]} days, carries {own_days}"


@pytest.mark.parametrize("rule", list(RULES.rules()), ids=lambda rule: rule.code)
def test_a_rule_states_only_its_own_figures(rule: Rule) -> None:
    # The figure is data and the sentence is text beside it: a figure changed without its sentence
    # (or the reverse) must not ship.
    _states_its_own_figures(rule)


def test_the_own_figure_check_catches_a_sentence_left_behind() -> None:
    mature = RULES.rule("turnover_mature_skin")
    moved = mature.model_copy(update={"days": DayRange(min=45, max=65)})
    with pytest.raises(AssertionError):
        _states_its_own_figures(moved)
    interval = RULES.rule("interval_sensitive_skin")
    with pytest.raises(AssertionError):
        _states_its_own_figures(interval.model_copy(update={"max_days": 49}))


def _input_values(field: dict[str, Any]) -> list[Any]:
    if field["kind"] == "choices":  # a list of choices: none, or each one alone
        return [[], *([value] for value in field["allowed_values"])]
    if field["kind"] == "integer":
        return [field["minimum"], field["maximum"]]
    return list(field["allowed_values"])


def _concern_variants(concern_type: dict[str, Any]) -> list[dict[str, Any]]:
    """Each input at each of its values with the others at their first, and every input at its last."""
    inputs = concern_type["inputs"]
    first = {field["name"]: _input_values(field)[0] for field in inputs}
    last = {field["name"]: _input_values(field)[-1] for field in inputs}
    variants = [first, last]
    variants += [{**first, field["name"]: value} for field in inputs for value in _input_values(field)]
    return [{"type": concern_type["type"], **variant} for variant in variants]


def test_every_rule_reaches_some_answer() -> None:
    # A rule in the data that no code applies would ship as a promise the service never keeps. Every
    # input the catalogue offers, at each of its values, for patients of every skin type at the ages
    # where the bands change, must between them cite every rule (the catalogue shows the default course).
    catalogue = json.loads(build_catalogue(RULES).model_dump_json())
    patients = [
        {"age": age, "skin_type": skin_type, "sensitive_skin": sensitive}
        for age in (16, 40, 50, 100)
        for skin_type in range(1, 7)
        for sensitive in (False, True)
    ]
    cited = set()
    for concern_type in catalogue["concern_types"]:
        for concern in _concern_variants(concern_type):
            for patient in patients:
                result = estimate({"patient": patient, "concerns": [concern]})
                cited |= {factor.code for factor in result.factors}
                cited |= {caution.code for caution in result.cautions}
    if catalogue["default_sessions"] == RULES.default_course.sessions.model_dump():
        cited.add(RULES.default_course.code)

    assert {rule.code for rule in RULES.rules()} - cited == set()


def test_a_tattoo_spaced_8_weeks_apart_lists_no_darker_skin_spacing() -> None:
    tattoo = {"type": "tattoo", "ink": "amateur", "colours": "black", "location": "head_neck"}
    result = estimate({"patient": {"age": 30, "skin_type": 5}, "concerns": [tattoo]})
    assert result.interval_days == DayRange(min=42, max=56)
    assert "interval_darker_skin" not in {factor.code for factor in result.factors}


def test_an_answer_serialises_its_sources_by_id() -> None:
    result = estimate(estimate_body(concerns=[{"type": "acne_scars", "severity": "severe"}]))
    body = json.loads(result.model_dump_json())
    severe = next(factor for factor in body["factors"] if factor["code"] == "acne_scars_severe")
    assert severe["source"]["evidence"] == "cohort_or_case_series"
    assert set(severe["source"]["references"]) <= {reference.id for reference in RULES.references}
