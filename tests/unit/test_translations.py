"""The translation catalogues: complete, current, and faithful to every number and placeholder."""

from __future__ import annotations

import re
import string
from functools import cache

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from devtools import translations
from pico_planner.api.languages import DEFAULT_LANGUAGE, LANGUAGES, Translator, catalogue_name, translator

TRANSLATED = translations.TRANSLATED_LANGUAGES
# Languages other than English: in these no patient sentence may read as its English source.
FOREIGN = tuple(language for language in TRANSLATED if not language.startswith("en-"))
# Form labels a market says in the English word (a loanword or the same spelling), checked one by one.
SAME_AS_ENGLISH = {
    ("ms", "label:subtype.melasma"),
    ("id", "label:subtype.melasma"),
    ("es", "label:subtype.melasma"),
    ("de", "label:subtype.melasma"),
    ("fr", "label:pigmentation"),
    ("id", "label:area"),
}


@cache
def catalogue(language: str) -> Catalog:
    with translations.po_path(language).open("rb") as file:
        return read_po(file, locale=catalogue_name(language))


def source() -> list[tuple[str, translations.Message]]:
    return list(translations.source_messages())


# Counts that take different forms in the offered languages (one, and the commonest others).
COUNTS = (1, 2, 5)


def shipped_texts(
    translate: Translator, context: str, message: translations.Message
) -> list[tuple[str, str]]:
    """(English, what the catalogue answers) for a message: each count's form of a counted sentence."""
    if isinstance(message, str):
        return [(message, translate.pgettext(context, message))]
    singular, plural = message  # a counted sentence's two English forms
    return [
        (singular if count == 1 else plural, translate.npgettext(context, singular, plural, count))
        for count in COUNTS
    ]


def test_the_languages_are_the_ones_offered() -> None:
    assert set(TRANSLATED) | {DEFAULT_LANGUAGE} == set(LANGUAGES)
    assert len(LANGUAGES) == 13


def test_the_catalogue_files_match_the_code_and_each_other() -> None:
    """The template, every `.po` and every compiled `.mo` are what `devtools.translations` writes."""
    stale = [
        str(path)
        for path, content in translations.expected_files().items()
        if not path.exists() or path.read_bytes() != content
    ]
    assert stale == [], "run: python -m devtools.translations (then translate what it marks)"


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_has_a_reviewed_translation(language: str) -> None:
    catalog = catalogue(language)
    missing = [
        context
        for context, message in source()
        if not (entry := catalog.get(message, context=context))
        or not entry.string
        or not all(translations.forms(entry.string))
        or entry.fuzzy
    ]
    assert missing == []


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_shipped_catalogue_answers_every_message(language: str) -> None:
    translate = translator(language)
    assert translate is not None
    untranslated = [
        context
        for context, message in source()
        for english, shipped in shipped_texts(translate, context, message)
        if shipped == english and language in FOREIGN and (language, context) not in SAME_AS_ENGLISH
    ]
    assert untranslated == []


def _placeholders(text: str) -> list[str]:
    return sorted(name for _, name, _, _ in string.Formatter().parse(text) if name is not None)


def _numbers(text: str) -> list[str]:
    return sorted(re.findall(r"\d+", text))


@pytest.mark.parametrize("language", TRANSLATED)
def test_placeholders_and_numbers_survive_translation(language: str) -> None:
    catalog = catalogue(language)
    changed = []
    for context, message in source():
        entry = catalog.get(message, context=context)
        assert entry is not None and entry.string is not None, context
        # A counted sentence's English forms say the same numbers, so each translated form is held to
        # the last English one (a language with one form uses it for every count).
        english = translations.forms(message)[-1]
        for translated in translations.forms(entry.string):
            if _placeholders(translated) != _placeholders(english):
                changed.append((context, "placeholders"))
            # Every number of the English is in the translation; a translation may add one ("1 more").
            kept = _numbers(translated)
            if any(_numbers(english).count(number) > kept.count(number) for number in set(_numbers(english))):
                changed.append((context, "numbers"))
    assert changed == []


def test_a_counted_sentences_english_forms_share_placeholders_and_numbers() -> None:
    counted = [message for _, message in source() if not isinstance(message, str)]
    assert counted, "the calendar counts the sessions of a course"
    for singular, plural in counted:
        assert _placeholders(singular) == _placeholders(plural) and _numbers(singular) == _numbers(plural)


def test_british_english_is_the_source_and_opens_no_catalogue() -> None:
    assert translator(DEFAULT_LANGUAGE) is None


def test_american_english_changes_spelling_not_content() -> None:
    translate = translator("en-US")
    assert translate is not None
    changed = {
        context: shipped
        for context, message in source()
        for english, shipped in shipped_texts(translate, context, message)
        if shipped != english
    }
    assert changed, "American English has its own spellings (colour: color)"
    assert all("colour" not in text and "discolouration" not in text for text in changed.values())
    for context, message in source():
        for _, shipped in shipped_texts(translate, context, message):
            assert "colour" not in shipped, context
