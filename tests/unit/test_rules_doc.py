"""docs/rules.md maps every sentence of the source document, and names only rules that exist."""

from __future__ import annotations

import re
from pathlib import Path

from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.ruleset import load_rule_set
from tests.support.builders import every_tattoo
from tests.unit.test_estimate_conformance import IMPROVE_UNTIL_LAST, SEED_SENTENCES, YOUNGER_QUICKER

RULES_DOC = Path(__file__).resolve().parents[2] / "docs" / "rules.md"


def sentence_rows() -> list[list[str]]:
    rows = []
    for line in RULES_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 4 and cells[0].isdigit():
            rows.append(cells)
    return rows


def test_one_row_per_sentence_in_order() -> None:
    numbers = [int(row[0]) for row in sentence_rows()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert len(numbers) >= 30


def test_every_figure_sentence_has_its_row() -> None:
    sentences = [row[1] for row in sentence_rows()]
    for sentence in SEED_SENTENCES:
        assert sentence in sentences, sentence


def test_every_row_has_a_rule_or_says_it_moves_nothing() -> None:
    codes = {rule.code for rule in load_rule_set().rules()}
    for number, _sentence, rule_cell, effect in sentence_rows():
        named = re.findall(r"`([a-z_*]+)`", rule_cell)
        if not named:
            assert "Moves nothing" in effect or "See row" in effect, f"row {number}"
        for code in named:
            pattern = re.compile(code.replace("*", "[a-z_]+") + "$")
            assert any(pattern.match(existing) for existing in codes), f"row {number}: {code}"


def test_the_collagen_paragraph_and_improving_until_the_last_session_move_figures() -> None:
    rows = {row[1]: row for row in sentence_rows()}
    for sentence in (YOUNGER_QUICKER, IMPROVE_UNTIL_LAST):
        assert "Moves nothing" not in rows[sentence][3], sentence


def _numbers(cell: str) -> tuple[int, int]:
    """ "6–10" as (6, 10), "3" as (3, 3)."""
    low, _, high = cell.partition("–")
    return int(low), int(high or low)


def tattoo_score_table() -> dict[int, tuple[int, int, int]]:
    """docs/rules.md's table of every Kirby–Desai score: {score: (min, max, recommended)}."""
    rows: dict[str, list[str]] = {}
    for line in RULES_DOC.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if cells[0] in {"Score", "Sessions", "Recommended"}:
            rows[cells[0]] = cells[1:]
    table: dict[int, tuple[int, int, int]] = {}
    for scores, sessions, recommended in zip(
        rows["Score"], rows["Sessions"], rows["Recommended"], strict=True
    ):
        first, last = _numbers(scores)
        for score in range(first, last + 1):
            table[score] = (*_numbers(sessions), int(recommended))
    return table


def test_every_tattoo_gets_the_sessions_the_rules_page_gives_its_score() -> None:
    table = tattoo_score_table()
    assert sorted(table) == list(range(4, 27))
    rules = load_rule_set()
    scores_met: set[int] = set()
    for skin_type, tattoo in every_tattoo():
        request = EstimateRequest.model_validate(
            {"patient": {"age": 30, "skin_type": skin_type}, "concerns": [tattoo]}
        )
        result = estimate_course(request, rules)
        kirby_desai = result.concerns[0].kirby_desai
        assert kirby_desai is not None
        score = kirby_desai.total_score
        sessions = result.sessions
        assert (sessions.min, sessions.max, sessions.recommended) == table[score], (score, tattoo, skin_type)
        scores_met.add(score)
    assert scores_met == set(table)
