"""Content negotiation: the Accept header picks JSON or iCalendar, or the answer is a 406 problem."""

from __future__ import annotations

from http import HTTPStatus

import pytest

from pico_planner.api.negotiation import CALENDAR, JSON, choose_media_type
from pico_planner.api.problems import ProblemError

OFFERED = (JSON, CALENDAR)


@pytest.mark.parametrize("accept", [None, "", "   "])
def test_no_accept_header_gets_the_first_offered_type(accept: str | None) -> None:
    assert choose_media_type(accept, OFFERED) == JSON


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("*/*", JSON),
        ("application/json", JSON),
        ("text/calendar", CALENDAR),
        ("TEXT/CALENDAR", CALENDAR),
        ("text/*", CALENDAR),
        ("text/calendar; charset=utf-8", CALENDAR),
        ("application/json;q=0.5, text/calendar", CALENDAR),
        ("text/calendar;q=0.2, application/json;q=0.9", JSON),
        ("text/html, text/calendar;q=0.1", CALENDAR),
        ("text/calendar, */*;q=0.1", CALENDAR),
    ],
)
def test_the_preferred_offered_type_wins(accept: str, expected: str) -> None:
    assert choose_media_type(accept, OFFERED) == expected


def test_equal_preference_goes_to_the_earlier_offered_type() -> None:
    assert choose_media_type("text/calendar, application/json", OFFERED) == JSON
    assert choose_media_type("text/calendar, application/json", (CALENDAR, JSON)) == CALENDAR


def test_q_zero_refuses_a_type() -> None:
    assert choose_media_type("application/json;q=0, */*", OFFERED) == CALENDAR


def test_an_unreadable_quality_counts_as_refusal_rather_than_failing() -> None:
    assert choose_media_type("application/json;q=lots, text/calendar", OFFERED) == CALENDAR


@pytest.mark.parametrize("accept", ["text/html", "application/xml, image/*", "application/json;q=0", ",,;"])
def test_nothing_acceptable_is_a_406_problem_naming_what_is_offered(accept: str) -> None:
    with pytest.raises(ProblemError) as raised:
        choose_media_type(accept, OFFERED)

    assert raised.value.status == HTTPStatus.NOT_ACCEPTABLE
    assert JSON in raised.value.detail and CALENDAR in raised.value.detail
    assert raised.value.slug == "not-acceptable"


@pytest.mark.parametrize(
    ("accept", "offered"),
    [(JSON, (JSON,)), (JSON, (JSON, CALENDAR)), (CALENDAR, (JSON, CALENDAR)), (JSON, (CALENDAR, JSON))],
)
def test_an_exact_offered_type_is_answered_as_weighing_would(accept: str, offered: tuple[str, ...]) -> None:
    from pico_planner.api.negotiation import _weigh

    assert choose_media_type(accept, offered) == _weigh(accept, offered) == accept


def test_a_more_specific_range_outranks_a_wildcard_whatever_their_order() -> None:
    # RFC 9110 §12.5.1: `application/json;q=0` refuses JSON even though `application/*` would allow it.
    with pytest.raises(ProblemError):
        choose_media_type("application/*;q=0.5, application/json;q=0", [JSON])


def test_the_quality_parameters_name_is_case_insensitive() -> None:
    assert choose_media_type("application/json;Q=0.1, text/calendar", OFFERED) == CALENDAR
