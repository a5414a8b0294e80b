"""Accept-Language negotiation: RFC 9110 weights and wildcards, RFC 4647 lookup, British English fallback."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pico_planner.api.languages import DEFAULT_LANGUAGE, LANGUAGES, negotiate_language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        (None, "en-GB"),
        ("", "en-GB"),
        ("ko", "ko"),
        ("KO", "ko"),
        ("ko-KR", "ko"),
        ("ko-KR,ko;q=0.9,en-US;q=0.8,en;q=0.7", "ko"),
        ("en-US", "en-US"),
        ("en", "en-GB"),
        ("en-AU", "en-GB"),
        ("zh-Hans", "zh-Hans"),
        ("zh-Hans-SG", "zh-Hans"),
        ("zh-CN", "zh-Hans"),
        ("zh", "zh-Hans"),
        ("zh-TW", "zh-Hant"),
        ("zh-HK", "zh-Hant"),
        ("zh-Hant-HK", "zh-Hant"),
        ("ms-MY", "ms"),
        ("in", "id"),
        ("es-419", "es"),
        ("fr-CA;q=0.5, de;q=0.8", "de"),
        ("pt-BR, vi;q=0.2", "vi"),
        ("de-CH-x-private", "de"),
        ("th;q=0, fr", "fr"),
        ("*", "en-GB"),
        ("ja;q=0.5, *;q=0.9", "en-GB"),
        ("pt-BR", "en-GB"),
        ("x-klingon", "en-GB"),
    ],
)
def test_the_preferred_offered_language_is_chosen(header: str | None, expected: str) -> None:
    assert negotiate_language(header) == expected


@pytest.mark.parametrize(
    "header",
    ["ko;q=2", "ko;q=abc", "ko;q=0.1234", "ko;level=1", "kö", "ko--KR", "12345678901", ";;;,,,", "\x00ko"],
)
def test_a_malformed_range_is_skipped_and_the_default_answers(header: str) -> None:
    assert negotiate_language(header) == DEFAULT_LANGUAGE


def test_a_malformed_range_does_not_hide_a_good_one() -> None:
    assert negotiate_language("ko;q=abc, fr;q=0.4") == "fr"


def test_equal_weights_keep_the_header_order() -> None:
    assert negotiate_language("de;q=0.5, fr;q=0.5") == "de"
    assert negotiate_language("fr;q=0.5, de;q=0.5") == "fr"


_SUBTAG = st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)
_RANGE = st.one_of(
    st.just("*"),
    st.sampled_from(LANGUAGES),
    st.builds(
        lambda primary, rest: "-".join([primary, *rest]),
        st.from_regex(r"[A-Za-z]{1,8}", fullmatch=True),
        st.lists(_SUBTAG, max_size=3),
    ),
)
_WEIGHT = st.one_of(
    st.just(""),
    st.decimals(0, 1, places=3).map(lambda q: f";q={q}"),
    st.text(max_size=8).map(lambda t: ";" + t),
)
_HEADER = st.lists(st.tuples(_RANGE, _WEIGHT).map("".join), max_size=8).map(", ".join)


@given(st.one_of(_HEADER, st.text()))
def test_any_header_gives_an_offered_language(header: str) -> None:
    assert negotiate_language(header) in LANGUAGES


@given(st.sampled_from(LANGUAGES), st.lists(st.tuples(_RANGE, _WEIGHT).map("".join), max_size=5))
def test_an_offered_language_named_first_with_full_weight_wins(language: str, others: list[str]) -> None:
    assert negotiate_language(", ".join([language, *others])) == language


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("ko;q=0", DEFAULT_LANGUAGE),  # q=0 means "not acceptable" (RFC 9110 §12.4.2)
        ("fr;Q=0.9, de;Q=0.8", "fr"),  # the parameter's name is case-insensitive
        ("pt-BR, pt, it, nl, de", "de"),  # an offered language well down the list is still found
    ],
)
def test_weights_and_long_lists_are_read_as_rfc_9110_reads_them(header: str, expected: str) -> None:
    assert negotiate_language(header) == expected
