"""Every request example openapi.json offers (Swagger UI sends them as they stand) keeps working on any
later day: the schedule examples are answered 200 with the clock years ahead of their dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from devtools.openapi import DAY_BOUND_FIELDS, accepted_on_any_day
from tests.support.builders import scenario_event
from tests.support.contract import document
from tests.support.functions import INJECTED, invoke

LATER_DAYS = (dt.datetime(2031, 6, 30, 9, 0, tzinfo=dt.UTC), dt.datetime(2045, 1, 2, 9, 0, tzinfo=dt.UTC))


def _schedule_examples() -> dict[str, Any]:
    content = document()["paths"]["/schedule"]["post"]["requestBody"]["content"]["application/json"]
    examples: dict[str, Any] = content["examples"]
    # Clinic examples need the demo clinic `make run` seeds; their dates are checked the same way below.
    return {
        name: example["value"] for name, example in examples.items() if "clinic_id" not in example["value"]
    }


def test_no_request_example_carries_a_date_bound_to_the_day_it_was_made() -> None:
    for path_item in document()["paths"].values():
        for operation in path_item.values():
            content = (operation.get("requestBody") or {}).get("content", {}).get("application/json", {})
            for name, example in (content.get("examples") or {}).items():
                assert accepted_on_any_day(example["value"]), name
                assert not set(DAY_BOUND_FIELDS) & set(example["value"]), name


def test_the_filter_keeps_out_completed_and_booked_sessions() -> None:
    assert accepted_on_any_day({"start_date": "2026-01-05"})
    assert not accepted_on_any_day({"start_date": "2026-01-05", "completed_sessions": ["2026-01-05"]})
    assert not accepted_on_any_day({"start_date": "2026-01-05", "booked_sessions": ["2026-02-05"]})


@pytest.mark.parametrize("now", LATER_DAYS, ids=lambda now: now.date().isoformat())
@pytest.mark.parametrize("name", sorted(_schedule_examples()))
def test_each_schedule_example_is_planned_years_later(
    name: str, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(INJECTED, "clock", lambda: now)
    event = scenario_event("schedule/basic", body=_schedule_examples()[name])

    answer = invoke("schedule", event)

    assert answer.status == 200, answer.body
