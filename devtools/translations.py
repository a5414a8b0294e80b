"""The translation catalogues: extract the English messages, update every `.po`, compile every `.mo`.

    .venv/bin/python -m devtools.translations           # after an English sentence changes
    .venv/bin/python -m devtools.translations --check   # exit 1 when a catalogue is stale

Messages come from the code and data that say them, never from a hand-kept list: every rule's text
(context: the rule's code) and the disclaimer from the packaged rule set, the form labels from
`FORM_LABELS` (context: `label:` and the key), and the calendar's sentences, which Babel extracts from
calendar_export.py (context: `calendar`). A changed English sentence turns its translation fuzzy, which
is neither compiled nor shipped: the answer falls back to English until a translator reviews it, and the
completeness test fails meanwhile. The compiled `.mo` files are committed because the layer's build
(shared/Makefile) runs without the project's dev tools; `--check` holds them to their `.po`.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from pico_planner.api import calendar_export
from pico_planner.api.calendar_export import CALENDAR_CONTEXT
from pico_planner.api.languages import (
    DEFAULT_LANGUAGE,
    DOMAIN,
    LANGUAGES,
    LOCALE_DIR,
    catalogue_name,
)
from pico_planner.api.patient_language import DISCLAIMER_CONTEXT, label_context
from pico_planner.core.catalogue import FORM_LABELS
from pico_planner.core.ruleset import load_rule_set

TRANSLATED_LANGUAGES = tuple(language for language in LANGUAGES if language != DEFAULT_LANGUAGE)
_FIXED_DATE = datetime(2026, 12, 1, tzinfo=UTC)
TEMPLATE_PATH = LOCALE_DIR / f"{DOMAIN}.pot"


# A sentence, or the (singular, plural) English forms of a sentence about a number of things.
Message = str | tuple[str, ...]


def source_messages() -> Iterator[tuple[str, Message]]:
    """(context, English message) for every message the answers may translate: a (singular, plural)
    pair for a sentence about a number of things."""
    rules = load_rule_set()
    for rule in rules.rules():
        yield rule.code, rule.text
    yield DISCLAIMER_CONTEXT, rules.disclaimer
    for key, label in FORM_LABELS.items():
        yield label_context(key), label
    yield CALENDAR_CONTEXT, calendar_export.DISCLAIMER
    calendar_source = Path(calendar_export.__file__)
    for _line, message, _comments, _context in extract_from_file(
        "python", calendar_source, keywords={"text": (1,), "counted": (1, 2)}, comment_tags=()
    ):
        yield CALENDAR_CONTEXT, message


def forms(message: str | Sequence[str]) -> tuple[str, ...]:
    """A message's texts (English or translated): the sentence itself, or each of its forms by number."""
    return (message,) if isinstance(message, str) else tuple(message)


def template() -> Catalog:
    catalog = Catalog(project="Pico Planner", version=None, copyright_holder=None, fuzzy=False)
    for context, message in source_messages():
        catalog.add(message, context=context)
    return catalog


def po_path(language: str) -> Path:
    return LOCALE_DIR / catalogue_name(language) / "LC_MESSAGES" / f"{DOMAIN}.po"


def _po_text(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    # No dates or line numbers: the files change only when a message does.
    write_po(buffer, catalog, width=110, omit_header=False, no_location=True, sort_output=False)
    return buffer.getvalue()


def _mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


def _read(path: Path, language: str) -> Catalog:
    with path.open("rb") as file:
        return read_po(file, locale=catalogue_name(language), domain=DOMAIN)


def _normalised(catalog: Catalog) -> None:
    # Headers that would change with every run or machine.
    catalog.creation_date = catalog.revision_date = _FIXED_DATE
    catalog.last_translator = "Pico Planner"
    catalog.language_team = "Pico Planner"
    catalog.msgid_bugs_address = ""
    catalog.copyright_holder = "Pico Planner"
    catalog.fuzzy = False
    language = "British English (the source)" if catalog.locale is None else str(catalog.locale_identifier)
    catalog.header_comment = (
        f"# Pico Planner: patient sentences, form labels and calendar text; {language}.\n"
        "# Updated by `python -m devtools.translations`; translations are written and reviewed by hand."
    )


def expected_files() -> dict[Path, bytes]:
    """Every catalogue file as it should be: the template, and each language's `.po` and `.mo`."""
    source = template()
    _normalised(source)
    files = {TEMPLATE_PATH: _po_text(source)}
    for language in TRANSLATED_LANGUAGES:
        path = po_path(language)
        catalog = _read(path, language) if path.exists() else Catalog(locale=catalogue_name(language))
        catalog.update(source, no_fuzzy_matching=False)
        catalog.obsolete.clear()
        _normalised(catalog)
        files[path] = _po_text(catalog)
        files[path.with_suffix(".mo")] = _mo_bytes(_read_bytes(files[path], language))
    return files


def _read_bytes(text: bytes, language: str) -> Catalog:
    return read_po(io.BytesIO(text), locale=catalogue_name(language), domain=DOMAIN)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when a catalogue file is stale")
    arguments = parser.parse_args(argv)
    stale = []
    for path, content in expected_files().items():
        current = path.read_bytes() if path.exists() else None
        if current == content:
            continue
        stale.append(path)
        if not arguments.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
    for path in stale:
        print(f"{'stale' if arguments.check else 'wrote'}: {path.relative_to(LOCALE_DIR.parent.parent)}")
    return 1 if arguments.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
