"""The one parse of a body: depth counted before parsing, every failure a reason without the text."""

from __future__ import annotations

import json
import sys
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pico_planner.api.json_body import (
    MAX_NESTING_DEPTH,
    UnparsableBody,
    nesting_depth_exceeds,
    parse_json_body,
)


def _depth(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((_depth(item) for item in value), default=0)
    if isinstance(value, dict):
        return 1 + max((_depth(item) for item in value.values()), default=0)
    return 0


# Strings full of the characters the scan must not be fooled by: brackets, quotes, backslashes.
_tricky_text = st.text(alphabet='[]{}"\\ab', max_size=8)
_documents = st.recursive(
    st.none() | st.integers() | _tricky_text,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_tricky_text, children, max_size=3),
    max_leaves=40,
)


@given(document=_documents, limit=st.integers(min_value=0, max_value=8))
def test_the_scan_counts_the_depth_the_parser_sees(document: Any, limit: int) -> None:
    text = json.dumps(document)

    assert nesting_depth_exceeds(text, limit) == (_depth(document) > limit)


@pytest.mark.parametrize("depth", [MAX_NESTING_DEPTH + 1, 900, 990, sys.getrecursionlimit() + 5, 30_000])
def test_nesting_past_the_limit_is_refused_before_parsing(depth: int) -> None:
    with pytest.raises(UnparsableBody) as raised:
        parse_json_body("[" * depth + "]" * depth)

    assert raised.value.status == 400
    assert f"{MAX_NESTING_DEPTH} levels" in raised.value.detail


def test_nesting_at_the_limit_is_read() -> None:
    text = "[" * MAX_NESTING_DEPTH + "]" * MAX_NESTING_DEPTH
    assert _depth(parse_json_body(text)) == MAX_NESTING_DEPTH


@pytest.mark.parametrize("digits", [4_301, 10_000])
def test_an_integer_past_pythons_digit_limit_is_a_reason_not_a_crash(digits: int) -> None:
    with pytest.raises(UnparsableBody) as raised:
        parse_json_body(f'{{"age": {"4" * digits}}}')

    assert "digits" in raised.value.detail
    assert "4444" not in raised.value.detail


def test_an_integer_of_4300_digits_is_read() -> None:
    assert parse_json_body("9" * 4_300) == int("9" * 4_300)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_javascripts_number_literals_are_not_json(literal: str) -> None:
    # Python's json module reads them; RFC 8259 has no such numbers, so a body holding one is a 400.
    with pytest.raises(UnparsableBody) as raised:
        parse_json_body(f'{{"patient": {{"age": {literal}}}}}')

    assert (raised.value.status, raised.value.slug) == (400, "malformed-json")
    assert "NaN and Infinity" in raised.value.detail
