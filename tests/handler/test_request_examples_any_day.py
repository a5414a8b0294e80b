"""Every request example openapi.json offers (Swagger UI sends them as they stand) keeps working on any
later day: the schedule examples are answered 200 with the clock years ahead of their dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from devtools.local_api.embedded_store import SCENARIO_CLINIC_ID
from devtools.openapi import DAY_BOUND_FIELDS, accepted_on_any_day
from pico_planner.core.clinic import ClinicProfile
from tests.store.events_for import EVENT_PARTNER, clinic_event
from tests.store.moto_table import mocked_clinic_table
from tests.support.builders import scenario_event, set_body
from tests.support.contract import document
from tests.support.events import event_body
from tests.support.functions import INJECTED, invoke

LATER_DAYS = (dt.datetime(2031, 6, 30, 9, 0, tzinfo=dt.UTC), dt.datetime(2045, 1, 2, 9, 0, tzinfo=dt.UTC))


def _schedule_examples(*, at_a_clinic: bool = False) -> dict[str, Any]:
    """The schedule's request examples, those without `clinic_id` or (`at_a_clinic`) those with one."""
    content = document()["paths"]["/schedule"]["post"]["requestBody"]["content"]["application/json"]
    examples: dict[str, Any] = content["examples"]
    return {
        name: example["value"]
        for name, example in examples.items()
        if ("clinic_id" in example["value"]) == at_a_clinic
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


@pytest.mark.parametrize("now", LATER_DAYS, ids=lambda now: now.date().isoformat())
@pytest.mark.parametrize("name", sorted(_schedule_examples(at_a_clinic=True)))
def test_each_clinic_schedule_example_is_planned_years_later(
    name: str, now: dt.datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The clinic the examples name, as `make run` seeds it (devtools/local_api/embedded_store.py).
    monkeypatch.setattr(INJECTED, "clock", lambda: now)
    with mocked_clinic_table(monkeypatch) as table:
        store = table.store()
        monkeypatch.setattr(INJECTED, "clinic_store", lambda: store)
        profile = ClinicProfile.model_validate(event_body("clinics/put_new"))
        store.put(EVENT_PARTNER, SCENARIO_CLINIC_ID, profile, expected=None)
        event = clinic_event("clinics/schedule_by_clinic")
        set_body(event, _schedule_examples(at_a_clinic=True)[name])

        answer = invoke("schedule", event)

    assert answer.status == 200, answer.body
    assert answer.json["sessions"][0]["date"] >= now.date().isoformat()
