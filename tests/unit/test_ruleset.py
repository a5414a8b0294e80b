"""The packaged rule set loads and validates; malformed rule sets fail loudly with a useful message."""

from __future__ import annotations

import copy
import hashlib
import itertools
import json
import pickle
import re
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pytest

from pico_planner.core.errors import RuleSetError
from pico_planner.core.figures import SessionCount
from pico_planner.core.ruleset import (
    DEFAULT_RULES_VERSION,
    RuleSet,
    larger_sessions,
    load_rule_set,
    parse_rule_set,
    restore_snapshot,
    snapshot_bytes,
    snapshot_name,
)
from pico_planner.core.ruleset_snapshot import main as snapshot_main
from tests.support.events import PROJECT_ROOT
from tests.unit.test_estimate_conformance import SEED_SENTENCES


def packaged_document() -> dict[str, Any]:
    text = resources.files("pico_planner.core.rulesets").joinpath(f"{DEFAULT_RULES_VERSION}.json").read_text()
    document: dict[str, Any] = json.loads(text)
    return document


def test_default_rule_set_loads_once_per_process() -> None:
    rules = load_rule_set()
    assert isinstance(rules, RuleSet)
    assert rules.version == DEFAULT_RULES_VERSION == "2026.12"
    assert load_rule_set() is rules
    assert load_rule_set(DEFAULT_RULES_VERSION) == rules


def test_every_rule_has_a_source_and_a_unique_code() -> None:
    rules = list(load_rule_set().rules())
    assert len(rules) > 30
    codes = [rule.code for rule in rules]
    assert len(codes) == len(set(codes))
    for rule in rules:
        assert rule.text.strip(), rule.code
        assert rule.source.references, rule.code


# The source document's sentences in its own order: docs/rules.md's table, one row each.
SOURCE_IN_ORDER = [
    row.split("|")[2].strip()
    for row in (PROJECT_ROOT / "docs" / "rules.md").read_text(encoding="utf-8").splitlines()
    if re.match(r"^\| \d+ \|", row)
]
# Where a quote leaves sentences out between two it quotes.
OMISSION = " … "


def test_the_rules_page_lists_the_source_documents_sentences() -> None:
    assert set(SEED_SENTENCES) <= set(SOURCE_IN_ORDER)


def _sentence_numbers(run: str) -> list[int]:
    """The source sentences `run` is made of, in the order it quotes them; AssertionError if none fits."""
    numbers = []
    rest = run
    while rest:
        number = next((n for n, sentence in enumerate(SOURCE_IN_ORDER) if rest.startswith(sentence)), None)
        assert number is not None, f"words the source document does not say: {rest!r}"
        numbers.append(number)
        rest = rest[len(SOURCE_IN_ORDER[number]) :].lstrip()
    return numbers


def test_quotes_are_the_source_documents_sentences_with_omissions_marked() -> None:
    quoting = 0
    for rule in load_rule_set().rules():
        if rule.source.quote is None:
            assert "source_document" not in rule.source.references, rule.code
            continue
        quoting += 1
        runs = [_sentence_numbers(run) for run in rule.source.quote.split(OMISSION)]
        for run in runs:  # each run is sentences that follow each other in the source
            assert run == list(range(run[0], run[0] + len(run))), (rule.code, run)
        for before, after in itertools.pairwise(runs):  # in the source's order, with a gap marked
            assert after[0] > before[-1] + 1, (rule.code, before, after)
    assert quoting > 20


def test_rules_beyond_the_source_document_cite_followable_publications() -> None:
    rules = load_rule_set()
    for rule in rules.rules():
        if rule.source.evidence == "source_document":
            continue
        for reference_id in rule.source.references:
            reference = rules.reference(reference_id)
            assert reference.doi or reference.pmid or reference.url, reference_id
        levels = {rules.reference(ref).evidence for ref in rule.source.references}
        assert rule.source.evidence in levels, rule.code


def test_kirby_desai_tables_match_the_published_range() -> None:
    scale = load_rule_set().concerns.tattoo.kirby_desai
    assert (scale.min_score, scale.max_score) == (4, 26)
    assert scale.skin_type_points == {1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6}
    assert scale.scarring_points == {"none": 0, "minimal": 1, "moderate": 3, "significant": 5}
    assert scale.layering_points == {"none": 0, "layered": 2}


def test_pico_correction_stays_within_the_plausible_range() -> None:
    correction = load_rule_set().concerns.tattoo.pico_correction
    assert 50 <= correction.low_percent <= correction.high_percent <= 75
    assert correction.source.evidence != "source_document"


def test_lookup_helpers() -> None:
    rules = load_rule_set()
    assert rules.rule("interval_default") is rules.intervals.default
    with pytest.raises(KeyError):
        rules.rule("no_such_rule")
    assert rules.turnover_for_age(16).code == "turnover_average"
    assert rules.turnover_for_age(100) == rules.turnover[-1]
    assert rules.session_rules_for("tattoo") is None


def test_the_larger_of_two_session_counts_takes_each_figure_from_whichever_is_larger() -> None:
    first, second = SessionCount(min=4, max=5, recommended=4), SessionCount(min=3, max=6, recommended=5)
    larger = larger_sessions(first, second)
    assert (larger.min, larger.max, larger.recommended) == (4, 6, 5)
    assert larger_sessions(second, first) == larger


def test_packaged_document_round_trips() -> None:
    assert parse_rule_set(packaged_document()) == load_rule_set()
    assert parse_rule_set(json.dumps(packaged_document())) == load_rule_set()


Mutation = Callable[[dict[str, Any]], None]


def invert_interval(document: dict[str, Any]) -> None:
    document["intervals"]["default"]["interval_days"] = {"min": 28, "max": 14}


def drop_a_source(document: dict[str, Any]) -> None:
    del document["concerns"]["wrinkles"]["by_severity"]["mild"]["source"]


def empty_quote(document: dict[str, Any]) -> None:
    document["first_results"]["default"]["source"]["quote"] = ""


def unknown_evidence(document: dict[str, Any]) -> None:
    document["default_course"]["source"]["evidence"] = "hearsay"


def unknown_reference(document: dict[str, Any]) -> None:
    document["concerns"]["tattoo"]["interval"]["source"]["references"] = ["notes_section_2"]


def unfollowable_reference(document: dict[str, Any]) -> None:
    del document["references"][1]["pmid"]
    del document["references"][1]["url"]


def evidence_the_references_lack(document: dict[str, Any]) -> None:
    document["concerns"]["tattoo"]["interval"]["source"]["evidence"] = "randomised_trial"


def working_notes_mark(document: dict[str, Any]) -> None:
    document["references"][1]["published_in"] = "see the notes, section 1.1 [S]"


def uncited_reference(document: dict[str, Any]) -> None:
    document["references"].append(
        {"id": "nobody_2020", "evidence": "review", "published_in": "Nowhere", "url": "https://example.org"}
    )


def repeat_a_code(document: dict[str, Any]) -> None:
    document["concerns"]["acne_scars"]["by_severity"]["severe"]["code"] = "wrinkles_modest"


def recommended_outside_range(document: dict[str, Any]) -> None:
    document["default_course"]["sessions"] = {"min": 3, "max": 4, "recommended": 6}


def severe_needs_fewer(document: dict[str, Any]) -> None:
    document["concerns"]["pigmentation"]["by_severity"]["severe"]["sessions"] = {
        "min": 1,
        "max": 2,
        "recommended": 2,
    }


def missing_kirby_desai_level(document: dict[str, Any]) -> None:
    del document["concerns"]["tattoo"]["kirby_desai"]["location_points"]["head_neck"]


def kirby_desai_total_off(document: dict[str, Any]) -> None:
    document["concerns"]["tattoo"]["kirby_desai"]["scarring_points"]["significant"] = 6


def correction_inverted(document: dict[str, Any]) -> None:
    document["concerns"]["tattoo"]["pico_correction"]["low_percent"] = 90


def turnover_gap_at_youngest(document: dict[str, Any]) -> None:
    document["turnover"][0]["from_age"] = 30


def turnover_speeds_up(document: dict[str, Any]) -> None:
    document["turnover"][-1]["days"] = {"min": 20, "max": 30}


def tattoo_spacing_too_close(document: dict[str, Any]) -> None:
    document["concerns"]["tattoo"]["interval"]["interval_days"] = {"min": 7, "max": 56}


def extension_shorter_than_default(document: dict[str, Any]) -> None:
    document["intervals"]["extensions"][0]["max_days"] = 21


def faster_slower_results(document: dict[str, Any]) -> None:
    document["first_results"]["slower"][0]["days"] = {"min": 7, "max": 10}


def pigmentation_subtype_missing(document: dict[str, Any]) -> None:
    document["concerns"]["pigmentation"]["subtypes"].remove("melasma")


def unknown_field(document: dict[str, Any]) -> None:
    document["intervals"]["default"]["maximum_days"] = 99


def bad_version(document: dict[str, Any]) -> None:
    document["version"] = "november"


def adjustment_that_does_nothing(document: dict[str, Any]) -> None:
    document["concerns"]["wrinkles"]["dynamic"]["add"] = 0


def high_score_threshold_off_scale(document: dict[str, Any]) -> None:
    document["cautions"]["tattoo_high_score"]["score_above"] = 40


# Defects that move one bound only: the checks must not rely on both bounds moving together.
def severe_needs_one_session_fewer_at_least(document: dict[str, Any]) -> None:
    severe = document["concerns"]["pigmentation"]["by_severity"]["severe"]
    severe["sessions"] = {"min": 2, "max": 6, "recommended": 6}


def turnover_ends_earlier_with_age(document: dict[str, Any]) -> None:
    document["turnover"][-1]["days"] = {"min": 20, "max": 60}


def slower_results_start_sooner(document: dict[str, Any]) -> None:
    document["first_results"]["slower"][0]["days"] = {"min": 7, "max": 28}


def colour_points_swapped(document: dict[str, Any]) -> None:
    # The same lowest and highest points, so the score's range is unchanged; only the order is wrong.
    document["concerns"]["tattoo"]["kirby_desai"]["colours_points"].update(
        {"black_red": 3, "black_red_other": 2}
    )


def source_document_cited_without_quote(document: dict[str, Any]) -> None:
    del document["default_course"]["source"]["quote"]


def slower_results_without_condition(document: dict[str, Any]) -> None:
    del document["first_results"]["slower"][0]["age_at_least"]


def typical_band_to_the_top_of_the_scale(document: dict[str, Any]) -> None:
    document["concerns"]["tattoo"]["typical_band"]["score_at_most"] = 26


def high_score_threshold_at_the_top_of_the_scale(document: dict[str, Any]) -> None:
    document["cautions"]["tattoo_high_score"]["score_above"] = 26


@pytest.mark.parametrize(
    ("mutate", "expected_in_message"),
    [
        (invert_interval, "intervals.default.interval_days"),
        (drop_a_source, "concerns.wrinkles.by_severity.mild.source"),
        (empty_quote, "first_results.default.source.quote"),
        (unknown_evidence, "default_course.source.evidence"),
        (unknown_reference, "cites unknown references: notes_section_2"),
        (unfollowable_reference, "gives no DOI, PMID or URL"),
        (evidence_the_references_lack, "states evidence its references do not have"),
        (working_notes_mark, "working-notes mark"),
        (uncited_reference, "references no rule cites: nobody_2020"),
        (repeat_a_code, "repeated: wrinkles_modest"),
        (recommended_outside_range, "default_course.sessions"),
        (severe_needs_fewer, "severe must not need fewer sessions than moderate"),
        (missing_kirby_desai_level, "location points must cover exactly"),
        (kirby_desai_total_off, "published range is 4..26"),
        (correction_inverted, "low_percent (90) exceeds high_percent"),
        (turnover_gap_at_youngest, "first turnover band must start at or below age 16"),
        (turnover_speeds_up, "turnover must not speed up with age"),
        (tattoo_spacing_too_close, "tattoo interval must not start below the default minimum"),
        (extension_shorter_than_default, "shorter than the default"),
        (faster_slower_results, "is not slower than the default"),
        (pigmentation_subtype_missing, "subtypes must list each of"),
        (unknown_field, "intervals.default.maximum_days"),
        (bad_version, "version"),
        (adjustment_that_does_nothing, "neither adds sessions nor sets a floor"),
        (high_score_threshold_off_scale, "high-score caution threshold (40)"),
        (severe_needs_one_session_fewer_at_least, "severe must not need fewer sessions than moderate"),
        (turnover_ends_earlier_with_age, "turnover must not speed up with age"),
        (slower_results_start_sooner, "is not slower than the default"),
        (colour_points_swapped, "colour points must not fall as the level rises"),
        (source_document_cited_without_quote, "must quote the source document exactly"),
        (slower_results_without_condition, "must set exactly one of age_at_least"),
        (typical_band_to_the_top_of_the_scale, "typical tattoo band must end within"),
        (high_score_threshold_at_the_top_of_the_scale, "high-score caution threshold (26)"),
    ],
    ids=lambda value: getattr(value, "__name__", None),
)
def test_malformed_rule_set_raises_rule_set_error(mutate: Mutation, expected_in_message: str) -> None:
    document = copy.deepcopy(packaged_document())
    mutate(document)
    with pytest.raises(RuleSetError) as raised:
        parse_rule_set(document)
    message = str(raised.value)
    assert message.startswith("invalid rule set: ")
    assert expected_in_message in message


def test_a_tattoo_interval_may_start_at_the_default_minimum() -> None:
    document = copy.deepcopy(packaged_document())
    default_minimum = document["intervals"]["default"]["interval_days"]["min"]
    document["concerns"]["tattoo"]["interval"]["interval_days"] = {"min": default_minimum, "max": 56}
    assert parse_rule_set(document).concerns.tattoo.interval.interval_days.min == default_minimum


def test_malformed_file_raises_rule_set_error(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text(json.dumps(packaged_document())[:-20], encoding="utf-8")
    with pytest.raises(RuleSetError, match=r"invalid rule set: .*Invalid JSON"):
        parse_rule_set(broken.read_text(encoding="utf-8"))


def test_non_object_rule_set_raises_rule_set_error() -> None:
    with pytest.raises(RuleSetError, match="invalid rule set"):
        parse_rule_set("[]")


@pytest.mark.parametrize(
    ("version", "message"),
    [
        ("../../etc/passwd", "not of the form YYYY.MM"),
        ("latest", "not of the form YYYY.MM"),
        ("1999.01", "no rule set with version '1999.01' is packaged"),
    ],
)
def test_unknown_or_unsafe_version_raises_rule_set_error(version: str, message: str) -> None:
    with pytest.raises(RuleSetError, match=message):
        load_rule_set(version)


def _packaged_json() -> bytes:
    rulesets = resources.files("pico_planner.core.rulesets")
    return rulesets.joinpath(f"{DEFAULT_RULES_VERSION}.json").read_bytes()


def test_a_snapshot_restores_the_rule_set_validated_from_the_same_json() -> None:
    text = _packaged_json()
    restored = restore_snapshot(snapshot_bytes(load_rule_set(), text), text)
    assert restored is not None
    assert restored == load_rule_set()
    assert [rule.code for rule in restored.rules()] == [rule.code for rule in load_rule_set().rules()]


def test_a_snapshot_of_other_json_is_ignored() -> None:
    text = _packaged_json()
    edited = text.replace(b'"version": "2026.12"', b'"version": "2026.12" ')
    assert edited != text
    assert restore_snapshot(snapshot_bytes(load_rule_set(), text), edited) is None


@pytest.mark.parametrize(
    ("snapshot", "message"),
    [
        (b"not a pickle", "cannot be read"),
        (pickle.dumps((1, "digest")), "cannot be read"),
    ],
)
def test_an_unreadable_snapshot_is_a_rule_set_error(snapshot: bytes, message: str) -> None:
    with pytest.raises(RuleSetError, match=message):
        restore_snapshot(snapshot, _packaged_json())


def test_a_snapshot_holding_something_else_is_a_rule_set_error() -> None:
    text = _packaged_json()
    impostor = pickle.dumps((1, hashlib.sha256(text).hexdigest(), {"version": DEFAULT_RULES_VERSION}))
    with pytest.raises(RuleSetError, match="does not hold a rule set"):
        restore_snapshot(impostor, text)


def test_the_build_step_writes_a_snapshot_of_each_valid_rule_set(tmp_path: Path) -> None:
    (tmp_path / f"{DEFAULT_RULES_VERSION}.json").write_bytes(_packaged_json())
    assert snapshot_main([str(tmp_path)]) == 0
    snapshot = tmp_path / snapshot_name(DEFAULT_RULES_VERSION)
    assert restore_snapshot(snapshot.read_bytes(), _packaged_json()) == load_rule_set()


def test_the_build_step_fails_on_an_invalid_rule_set(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    document = packaged_document()
    document["default_course"]["sessions"] = {"min": 5, "max": 3, "recommended": 4}
    (tmp_path / f"{DEFAULT_RULES_VERSION}.json").write_text(json.dumps(document), encoding="utf-8")
    assert snapshot_main([str(tmp_path)]) == 1
    assert "invalid rule set" in capsys.readouterr().err
    assert not (tmp_path / snapshot_name(DEFAULT_RULES_VERSION)).exists()


def test_the_build_step_fails_on_a_file_named_for_another_version(tmp_path: Path) -> None:
    (tmp_path / "2026.11.json").write_bytes(_packaged_json())
    assert snapshot_main([str(tmp_path)]) == 1
    assert not list(tmp_path.glob("*.pickle"))


def test_the_build_step_fails_without_a_rule_set(tmp_path: Path) -> None:
    assert snapshot_main([str(tmp_path)]) == 1
    assert snapshot_main([]) == 2
