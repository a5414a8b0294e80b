"""Answers in the patient's language: estimate, schedule (JSON and calendar) and catalogue, from events/."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from icalendar import Calendar

from devtools.new_event import EVENTS_PLANNED_AT
from devtools.translations import forms, source_messages
from pico_planner.api.languages import LANGUAGES
from tests.support.builders import encode_body_base64, scenario_event
from tests.support.events import load_event
from tests.support.functions import INJECTED, HandlerAnswer, invoke

TODAY = EVENTS_PLANNED_AT
FOREIGN = tuple(language for language in LANGUAGES if not language.startswith("en-"))
# Scenarios that between them raise factors and cautions of every kind of concern.
ESTIMATES = (
    "estimate/acne_scars",
    "estimate/several_concerns",
    "estimate/pigmentation_melasma",
    "estimate/tattoo_beyond_range",
    "estimate/tattoo_special_inks_large",
    "estimate/wrinkles_dynamic",
)
# Every English sentence a translated answer could leak (form labels are words, checked in unit tests).
ENGLISH_SENTENCES = {
    text
    for context, message in source_messages()
    if not context.startswith("label:")
    for text in forms(message)
}
HANGUL = re.compile(r"[\uac00-\ud7a3]")


@pytest.fixture(autouse=True)
def pinned_today(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """The schedule events' dates are fixed, so "today" is too."""
    monkeypatch.setattr(INJECTED, "clock", lambda: TODAY)
    yield


def asking_in(event_name: str, accept_language: str) -> dict[str, Any]:
    return scenario_event(event_name, headers={"Accept-Language": accept_language})


def patient_texts(estimate: dict[str, Any]) -> list[str]:
    return [item["text"] for item in estimate["factors"] + estimate["cautions"]] + [estimate["disclaimer"]]


def without_patient_texts(estimate: dict[str, Any]) -> dict[str, Any]:
    """Everything but the sentences: codes, figures and sources, which no language may change."""
    return {
        **estimate,
        "factors": [{**item, "text": None} for item in estimate["factors"]],
        "cautions": [{**item, "text": None} for item in estimate["cautions"]],
        "disclaimer": None,
    }


def test_korean_asked_korean_answered() -> None:
    answer = invoke("estimate", asking_in("estimate/acne_scars", "ko"))

    assert answer.status == 200
    assert answer.headers["Content-Language"] == "ko"
    assert "Accept-Language" in answer.headers["Vary"]
    assert all(HANGUL.search(text) for text in patient_texts(answer.json))


def test_without_accept_language_the_answer_is_british_english() -> None:
    answer = invoke("estimate", load_event("estimate/acne_scars"))

    assert answer.headers["Content-Language"] == "en-GB"
    assert "Accept-Language" in answer.headers["Vary"]
    assert set(patient_texts(answer.json)) <= ENGLISH_SENTENCES


@pytest.mark.parametrize("event_name", ESTIMATES)
@pytest.mark.parametrize("language", FOREIGN)
def test_every_language_translates_every_sentence_and_nothing_else(event_name: str, language: str) -> None:
    english = invoke("estimate", load_event(event_name)).json
    answer = invoke("estimate", asking_in(event_name, language))

    assert answer.status == 200
    assert answer.headers["Content-Language"] == language
    translated = answer.json
    assert without_patient_texts(translated) == without_patient_texts(english)
    leaked = [text for text in patient_texts(translated) if text in ENGLISH_SENTENCES]
    assert leaked == []


def test_american_english_spells_colour_the_american_way() -> None:
    british = invoke("estimate", load_event("estimate/tattoo_beyond_range")).json
    american = invoke("estimate", asking_in("estimate/tattoo_beyond_range", "en-US")).json

    assert any("colour" in text for text in patient_texts(british))
    assert not any("colour" in text for text in patient_texts(american))
    assert without_patient_texts(american) == without_patient_texts(british)


def test_a_base64_encoded_request_is_answered_in_the_same_language() -> None:
    direct = invoke("estimate", asking_in("estimate/several_concerns", "ja"))
    event = asking_in("estimate/several_concerns", "ja")
    encode_body_base64(event)
    resolved = invoke("estimate", event)

    assert (resolved.status, resolved.json) == (direct.status, direct.json)
    assert resolved.headers["Content-Language"] == direct.headers["Content-Language"] == "ja"


def test_problem_details_stay_english_whatever_the_language() -> None:
    answer = invoke("estimate", asking_in("estimate/invalid_age", "ko"))

    assert answer.status == 422
    assert not HANGUL.search(answer.body)
    assert "Content-Language" not in answer.headers


def _calendar_texts(answer: HandlerAnswer) -> list[str]:
    calendar = Calendar.from_ical(answer.body)
    texts = [str(calendar["X-WR-CALNAME"])]
    for event in calendar.walk("VEVENT"):
        texts.append(str(event["SUMMARY"]))
        texts.extend(str(event["DESCRIPTION"]).split("\n"))
    return texts


def _english_calendar_fragments() -> list[str]:
    """Each English calendar sentence up to its first placeholder: no translated file may hold one."""
    return [message.split("{", 1)[0] for message in ENGLISH_SENTENCES if message.split("{", 1)[0].strip()]


@pytest.mark.parametrize("language", FOREIGN)
def test_the_calendar_file_is_in_the_patients_language(language: str) -> None:
    english = invoke("schedule", load_event("schedule/basic_ics"))
    answer = invoke("schedule", asking_in("schedule/basic_ics", language))

    assert answer.status == 200
    assert answer.headers["Content-Language"] == language
    assert "Accept-Language" in answer.headers["Vary"]
    texts = _calendar_texts(answer)
    leaked = [text for text in texts for fragment in _english_calendar_fragments() if fragment in text]
    assert leaked == []
    # The same events on the same days, with the same identities: only their words differ.
    english_events = Calendar.from_ical(english.body).walk("VEVENT")
    events = Calendar.from_ical(answer.body).walk("VEVENT")
    assert [(e["UID"], e.decoded("DTSTART"), e.decoded("DTEND")) for e in events] == [
        (e["UID"], e.decoded("DTSTART"), e.decoded("DTEND")) for e in english_events
    ]
    assert all(
        re.findall(r"\d{4}-\d{2}-\d{2}", str(ours["DESCRIPTION"]))
        == re.findall(r"\d{4}-\d{2}-\d{2}", str(theirs["DESCRIPTION"]))
        for ours, theirs in zip(events, english_events, strict=True)
    )


def test_the_json_plan_carries_the_translated_estimate() -> None:
    english = invoke("schedule", load_event("schedule/basic")).json
    answer = invoke("schedule", asking_in("schedule/basic", "zh-Hant"))

    assert answer.headers["Content-Language"] == "zh-Hant"
    plan = answer.json
    assert plan["sessions"] == english["sessions"]
    assert not [text for text in patient_texts(plan["estimate"]) if text in ENGLISH_SENTENCES]


def _labels(catalogue: dict[str, Any]) -> list[str]:
    labels = []
    for entry in catalogue["concern_types"]:
        labels += [entry["label"], *entry["subtype_labels"].values()]
        for spec in entry["inputs"]:
            labels += [spec["label"], *(spec["value_labels"] or {}).values()]
    labels += [spec["label"] for spec in catalogue["patient_inputs"]]
    return labels


def test_the_catalogue_labels_follow_the_language_and_each_language_has_its_own_etag() -> None:
    english = invoke("catalogue", load_event("catalogue/concerns"))
    german = invoke("catalogue", asking_in("catalogue/concerns", "de-DE"))

    assert german.headers["Content-Language"] == "de"
    assert "Accept-Language" in german.headers["Vary"]
    assert german.headers["ETag"] != english.headers["ETag"]
    assert "Aknenarben" in _labels(german.json)
    # Codes and descriptions (for developers) stay as they are.
    assert [e["type"] for e in german.json["concern_types"]] == [
        e["type"] for e in english.json["concern_types"]
    ]
    assert german.json["patient_inputs"][0]["description"] == english.json["patient_inputs"][0]["description"]

    event = scenario_event(
        "catalogue/concerns", headers={"Accept-Language": "de-DE", "If-None-Match": german.headers["ETag"]}
    )
    unchanged = invoke("catalogue", event)
    assert unchanged.status == 304
    assert unchanged.headers["Content-Language"] == "de"


_SUBTAG = st.from_regex(r"[A-Za-z0-9]{1,8}", fullmatch=True)
_LANGUAGE_RANGE = st.one_of(
    st.just("*"),
    st.sampled_from(LANGUAGES),
    st.lists(_SUBTAG, min_size=1, max_size=4).map("-".join),
)
_PARAMETER = st.one_of(
    st.just(""),
    st.decimals(-1, 2, places=4).map(lambda q: f";q={q}"),
    st.text(st.characters(codec="utf-8"), max_size=6).map(lambda t: ";" + t),
)
_HEADERS = st.one_of(
    st.lists(st.tuples(_LANGUAGE_RANGE, _PARAMETER).map("".join), max_size=10).map(", ".join),
    st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=200),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(header=_HEADERS, twice=st.booleans(), encoded=st.booleans())
def test_no_accept_language_header_makes_an_estimate_fail(header: str, twice: bool, encoded: bool) -> None:
    event = asking_in("estimate/tattoo_beyond_range", header)
    if twice:  # the header sent twice: API Gateway keeps both in multiValueHeaders
        event["multiValueHeaders"]["Accept-Language"] = [header, "ko"]
    if encoded:
        encode_body_base64(event)
    answer = invoke("estimate", event)

    assert answer.status == 200, answer.body
    assert answer.headers["Content-Language"] in LANGUAGES
