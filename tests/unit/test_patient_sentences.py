"""Every English sentence a patient reads is easy to read, plain and unambiguous.

Reading ease is Flesch's, as `textstat` computes it. Its dictionary of word sounds is a download; the
test counts syllables with textstat's own offline fallback (hyphenation rules) instead, so it runs the
same on any machine.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
import textstat  # type: ignore[import-untyped]
import textstat.backend.counts._count_syllables as syllable_counter  # type: ignore[import-untyped]

from pico_planner.core.ruleset import load_rule_set

READING_EASE_FLOOR = 60

# Words a patient should not have to look up, and labels that belong to clinicians.
JARGON = (
    "hyperpigmentation",
    "hypopigmentation",
    "post-inflammatory",
    "erythema",
    "fluence",
    "phototype",
    "fitzpatrick",
    "kirby",
    "desai",
    "nanosecond",
    "picosecond",
    "q-switched",
    "wavelength",
    "epidermal",
    "dermal",
    "collagen",
    "elastin",
    "keloid",
    "melanin",
    "lesion",
    "dyschromia",
    "laxity",
    "pigmentation",
    "prognosis",
    "contraindicated",
    "efficacy",
    "modality",
    "regimen",
)
# Roman-numeral skin types ("types IV to VI") mean nothing to a patient; "darker skin" does.
SKIN_TYPE_LABEL = re.compile(r"\btypes? [IV]+\b")
# A sentence opening on a bare pronoun leaves the reader to guess what it stands for ("They may be spaced",
# "These are"); "This tattoo" names its noun and is fine.
_BARE_DEMONSTRATIVE = r"(?:This|These|That|Those) (?:is|are|was|were|may|can|will|should|means?|has|have)"
AMBIGUOUS_OPENING = re.compile(rf"^(?:(?:It|They|Them)\b|{_BARE_DEMONSTRATIVE}\b)")


@pytest.fixture(autouse=True, scope="module")
def offline_syllable_counts() -> Iterator[None]:
    original = syllable_counter.get_cmudict
    syllable_counter.get_cmudict = lambda _lang: None
    yield
    syllable_counter.get_cmudict = original


def patient_texts() -> list[tuple[str, str]]:
    rules = load_rule_set()
    texts = [(rule.code, rule.text) for rule in rules.rules()]
    texts.append(("disclaimer", rules.disclaimer))
    return texts


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


@pytest.mark.parametrize(("code", "text"), patient_texts(), ids=[code for code, _ in patient_texts()])
def test_patient_text_is_easy_to_read(code: str, text: str) -> None:
    ease = textstat.flesch_reading_ease(text)
    assert ease >= READING_EASE_FLOOR, f"{code}: reading ease {ease:.0f} < {READING_EASE_FLOOR}: {text}"


@pytest.mark.parametrize(("code", "text"), patient_texts(), ids=[code for code, _ in patient_texts()])
def test_patient_text_is_plain_and_unambiguous(code: str, text: str) -> None:
    lowered = text.lower()
    used = [word for word in JARGON if re.search(rf"\b{re.escape(word)}\b", lowered)]
    assert not used, f"{code} uses jargon: {used}"
    assert not SKIN_TYPE_LABEL.search(text), f"{code} names skin types by numeral"
    for sentence in sentences(text):
        assert not AMBIGUOUS_OPENING.match(sentence), f"{code}: {sentence!r} opens on a bare pronoun"
        assert sentence.endswith("."), f"{code}: {sentence!r}"


def test_the_checks_catch_hard_text() -> None:
    hard = (
        "Darker skin (types IV to VI) is more prone to temporary darkening of the skin after treatment "
        "(post-inflammatory hyperpigmentation)."
    )
    assert textstat.flesch_reading_ease(hard) < READING_EASE_FLOOR
    assert SKIN_TYPE_LABEL.search(hard)
    assert AMBIGUOUS_OPENING.match("They may be spaced up to 8 weeks apart.")
    assert AMBIGUOUS_OPENING.match("These are planning figures.")
    assert not AMBIGUOUS_OPENING.match("This tattoo will likely need more sessions.")
    assert not AMBIGUOUS_OPENING.match("Their skin heals.")
