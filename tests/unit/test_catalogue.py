"""The catalogue matches the request models and the rule set, so app forms cannot drift from the API."""

from __future__ import annotations

import itertools
from typing import Any

import pytest

from pico_planner.core.catalogue import Catalogue, ConcernTypeEntry, build_catalogue
from pico_planner.core.concerns import (
    CONCERN_TYPES,
    MAX_CONCERNS,
    PIGMENTATION_SUBTYPES,
    SPECIAL_INKS,
    TATTOO_COLOURS,
    TATTOO_INKS,
    TATTOO_LOCATIONS,
    TATTOO_SCARRING,
    TATTOO_SIZES,
    EstimateRequest,
)
from pico_planner.core.estimate import estimate_course
from pico_planner.core.ruleset import load_rule_set
from tests.support.builders import estimate_body


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return build_catalogue(load_rule_set())


def entry(catalogue: Catalogue, concern_type: str) -> ConcernTypeEntry:
    return next(item for item in catalogue.concern_types if item.type == concern_type)


def test_catalogue_is_deterministic() -> None:
    first = build_catalogue(load_rule_set())
    second = build_catalogue(load_rule_set())
    assert first == second
    assert first.model_dump_json() == second.model_dump_json()


def test_versions_and_limits(catalogue: Catalogue) -> None:
    assert catalogue.rules_version == load_rule_set().version
    assert catalogue.max_concerns == MAX_CONCERNS
    assert catalogue.disclaimer == load_rule_set().disclaimer


def test_every_concern_type_is_listed_once_in_a_stable_order(catalogue: Catalogue) -> None:
    assert [item.type for item in catalogue.concern_types] == list(CONCERN_TYPES)


def test_patient_inputs_carry_their_ranges(catalogue: Catalogue) -> None:
    inputs = {spec.name: spec for spec in catalogue.patient_inputs}
    assert set(inputs) == {"age", "skin_type", "sensitive_skin"}
    assert (inputs["age"].kind, inputs["age"].minimum, inputs["age"].maximum) == ("integer", 16, 100)
    assert (inputs["skin_type"].minimum, inputs["skin_type"].maximum) == (1, 6)
    assert inputs["sensitive_skin"].kind == "boolean"
    assert (inputs["sensitive_skin"].required, inputs["sensitive_skin"].default) == (False, False)
    assert inputs["age"].required and inputs["skin_type"].required


def test_concern_inputs_follow_the_request_models(catalogue: Catalogue) -> None:
    pigmentation = entry(catalogue, "pigmentation")
    assert pigmentation.subtypes == list(PIGMENTATION_SUBTYPES)
    assert {spec.name for spec in pigmentation.inputs} == {"subtype", "severity", "area"}
    tattoo = {spec.name: spec for spec in entry(catalogue, "tattoo").inputs}
    assert tattoo["ink"].allowed_values == list(TATTOO_INKS)
    assert tattoo["colours"].allowed_values == list(TATTOO_COLOURS)
    assert tattoo["location"].allowed_values == list(TATTOO_LOCATIONS)
    assert tattoo["scarring"].allowed_values == list(TATTOO_SCARRING)
    assert tattoo["layered"].default is False
    assert (tattoo["size"].allowed_values, tattoo["size"].default) == (list(TATTOO_SIZES), "medium")
    assert tattoo["special_inks"].kind == "choices"
    assert tattoo["special_inks"].allowed_values == list(SPECIAL_INKS)
    assert tattoo["special_inks"].default is None and not tattoo["special_inks"].required
    assert "cm²" in tattoo["size"].description
    assert "severity" not in tattoo
    wrinkles = {spec.name: spec for spec in entry(catalogue, "wrinkles").inputs}
    assert wrinkles["severity"].required and wrinkles["severity"].allowed_values == [
        "mild",
        "moderate",
        "severe",
    ]
    assert wrinkles["dynamic"].allowed_values == [False, True]
    for item in catalogue.concern_types:
        assert item.description
        for spec in item.inputs:
            assert spec.description, f"{item.type}.{spec.name}"


def test_every_combination_the_catalogue_offers_is_accepted(catalogue: Catalogue) -> None:
    # What a form built from the catalogue can send must be a valid request, and estimable.
    rules = load_rule_set()
    patient = {"age": 40, "skin_type": 3}
    for item in catalogue.concern_types:
        # A list input is offered as none, one, or all of its values.
        choices = [
            [[], *([value] for value in spec.allowed_values or []), list(spec.allowed_values or [])]
            if spec.kind == "choices"
            else spec.allowed_values or []
            for spec in item.inputs
        ]
        names = [spec.name for spec in item.inputs]
        for values in itertools.product(*choices):
            concern: dict[str, Any] = {"type": item.type, **dict(zip(names, values, strict=True))}
            request = EstimateRequest.model_validate({"patient": patient, "concerns": [concern]})
            assert estimate_course(request, rules).sessions.min >= 1


def test_default_figures_come_from_the_rule_set(catalogue: Catalogue) -> None:
    rules = load_rule_set()
    assert catalogue.default_sessions == rules.default_course.sessions
    assert catalogue.default_first_results_days == rules.first_results.default.days
    wrinkles = entry(catalogue, "wrinkles")
    assert wrinkles.sessions_by_severity is not None
    assert wrinkles.sessions_by_severity["mild"] == rules.concerns.wrinkles.by_severity.mild.sessions
    # The source document's headline for wrinkles is "two or three": the mild row, not the moderate one.
    assert (wrinkles.default_sessions.min, wrinkles.default_sessions.max) == (2, 3)
    assert wrinkles.default_sessions == rules.concerns.wrinkles.by_severity.mild.sessions
    assert wrinkles.default_interval_days == rules.intervals.default.interval_days
    tattoo = entry(catalogue, "tattoo")
    assert tattoo.sessions_by_severity is None
    assert (tattoo.default_sessions.min, tattoo.default_sessions.max) == (3, 5)
    assert tattoo.default_interval_days == rules.concerns.tattoo.interval.interval_days


def test_default_sessions_match_an_estimate_of_the_default_case(catalogue: Catalogue) -> None:
    rules = load_rule_set()
    for item in catalogue.concern_types:
        if item.type == "tattoo":
            continue
        concern: dict[str, Any] = {"type": item.type, "severity": "mild"}
        if item.subtypes:
            concern["subtype"] = item.subtypes[0]
        request = EstimateRequest.model_validate(estimate_body(concerns=[concern]))
        estimate = estimate_course(request, rules)
        assert estimate.sessions == item.default_sessions
        assert estimate.interval_days == item.default_interval_days


def test_the_bibliography_is_listed_once_and_covers_every_cited_id(catalogue: Catalogue) -> None:
    ids = [reference.id for reference in catalogue.references]
    assert len(ids) == len(set(ids))
    cited = {ref for rule in load_rule_set().rules() for ref in rule.source.references}
    assert cited == set(ids)
    for reference in catalogue.references:
        if reference.evidence == "source_document":
            assert reference.title == "How Many Pico Laser Sessions Do You Need?"
        else:
            assert reference.doi or reference.pmid or reference.url, reference.id
            assert reference.published_in, reference.id
