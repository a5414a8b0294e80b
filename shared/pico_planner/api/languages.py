"""The patient's language: chosen from Accept-Language, read from gettext catalogues.

Negotiation follows RFC 9110 §12.5.4 (language ranges with q-values, `*` for any language) and RFC 4647
§3.4 lookup: the ranges are tried from the most preferred, each shortened one subtag at a time until it
names an offered language. Whatever the header says, the answer is in some language: a header that is
absent, malformed or names nothing offered gives British English, never an error.

Translations are gettext catalogues, compiled `.mo` files in `locales/` (the `.po` sources beside them are
kept by `devtools/translations.py`). British English is the source language, so its answers never open a
catalogue; another language's catalogue is read on its first request in a container, and only that one.
Messages are looked up by context and English text: the context is the rule's code for a patient sentence,
so a changed English sentence is not found in an old catalogue and shows up in the completeness test.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Final, Protocol

DEFAULT_LANGUAGE: Final = "en-GB"
# BCP 47 tags, in the order the OpenAPI document lists them.
LANGUAGES: Final = (
    "en-GB",
    "en-US",
    "zh-Hans",
    "zh-Hant",
    "ja",
    "ko",
    "th",
    "vi",
    "ms",
    "id",
    "es",
    "fr",
    "de",
)
DOMAIN: Final = "pico_planner"
LOCALE_DIR: Final = Path(__file__).parent.parent / "locales"

# Tags that lookup alone would not bring to an offered language: Chinese by region (RFC 4647 lookup
# cannot tell that zh-TW is written in Traditional characters), the bare `zh` (Simplified is the
# commoner script), and Indonesian's withdrawn code `in`. Keys are lower case.
_ALIASES: Final = {
    "zh": "zh-Hans",
    "zh-cn": "zh-Hans",
    "zh-sg": "zh-Hans",
    "zh-my": "zh-Hans",
    "zh-tw": "zh-Hant",
    "zh-hk": "zh-Hant",
    "zh-mo": "zh-Hant",
    "in": "id",
    "en": DEFAULT_LANGUAGE,
}
_OFFERED: Final = {tag.lower(): tag for tag in LANGUAGES} | _ALIASES

# A language range (RFC 4647 §2.1) and a weight (RFC 9110 §12.4.2); anything else is skipped. Patterns,
# not compiled at import: `re` compiles (and caches) them on the first header that needs weighing, so a
# container that only ever sees plain tags never pays for them.
_RANGE: Final = r"\*|[A-Za-z]{1,8}(?:-[A-Za-z0-9]{1,8})*"
_WEIGHT: Final = r"\s*q\s*=\s*(0(?:\.\d{0,3})?|1(?:\.0{0,3})?)\s*"
# Real headers name a handful of ranges; past this many the rest are not read (bounded work per request).
_MAX_RANGES: Final = 32


ACCEPT_LANGUAGE_DESCRIPTION: Final = (
    "The patient's languages (RFC 9110 Accept-Language: BCP 47 ranges, q-values, `*`). Patient sentences, "
    "labels and calendar text follow the most preferred of: " + ", ".join(LANGUAGES) + ". Regional tags "
    "fall back to their language (ko-KR: ko; zh-TW, zh-HK: zh-Hant; zh-CN: zh-Hans); anything else, or a "
    "malformed header, gives en-GB. Codes, field names, numbers and problem details never change."
)


class Translator(Protocol):
    """What the answers need of a catalogue: a message by context, English when it has none."""

    def pgettext(self, context: str, message: str, /) -> str: ...

    def npgettext(self, context: str, singular: str, plural: str, count: int, /) -> str: ...


def negotiate_language(accept_language: str | None) -> str:
    """The offered language the Accept-Language header prefers; British English when it names none."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    exact = _OFFERED.get(accept_language.strip().lower())
    if exact is not None:  # one plain tag, the commonest header: nothing to weigh
        return exact
    for language_range in _ranges_by_preference(accept_language):
        found = _lookup(language_range)
        if found is not None:
            return found
    return DEFAULT_LANGUAGE


def _ranges_by_preference(accept_language: str) -> list[str]:
    """The acceptable ranges (weight above 0), most preferred first; ties keep the header's order."""
    weighted: list[tuple[float, int, str]] = []
    for position, item in enumerate(accept_language.split(",")[:_MAX_RANGES]):
        language_range, _, parameters = item.partition(";")
        language_range = language_range.strip()
        if not re.fullmatch(_RANGE, language_range):
            continue
        weight = 1.0
        if parameters:
            matched = re.fullmatch(_WEIGHT, parameters, re.IGNORECASE)
            if matched is None:
                continue
            weight = float(matched.group(1))
        if weight > 0:
            weighted.append((-weight, position, language_range))
    return [language_range for _, _, language_range in sorted(weighted)]


def _lookup(language_range: str) -> str | None:
    """RFC 4647 §3.4 lookup of one range; `*` (any language) takes the default."""
    if language_range == "*":
        return DEFAULT_LANGUAGE
    subtags = language_range.lower().split("-")
    while subtags:
        found = _OFFERED.get("-".join(subtags))
        if found is not None:
            return found
        subtags.pop()
        # A single-letter subtag (an extension or private-use singleton) never ends a shortened range.
        if subtags and len(subtags[-1]) == 1:
            subtags.pop()
    return None


def catalogue_name(language: str) -> str:
    """The gettext locale directory of a language: zh-Hant is `zh_Hant`."""
    return language.replace("-", "_")


@functools.cache
def translator(language: str) -> Translator | None:
    """The catalogue of an offered language, read once per container; None for British English."""
    if language == DEFAULT_LANGUAGE:
        return None
    if language not in LANGUAGES:
        raise ValueError(f"{language!r} is not an offered language")
    import gettext  # noqa: PLC0415 - only a translated answer pays for it

    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[catalogue_name(language)])


@functools.cache
def language_headers(language: str) -> dict[str, str]:
    """The headers every translated resource answers with: the language, and that it depends on the ask."""
    # Shared between answers: PlainAnswer copies its headers before anything adds to them.
    return {"Content-Language": language, "Vary": "Accept-Language"}
