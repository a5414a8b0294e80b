"""The floor for POST /v1/schedule: validate the request model, plan with the core, dump JSON. No framework.

Public holidays come from the same adapter the function uses, imported only when a request names a
region, as the function does.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pico_planner.core.course_plan import ScheduleRequest, plan_course
from pico_planner.core.ruleset import load_rule_set
from pico_planner.core.schedule import local_date


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


clock = utc_now  # pinned by the benchmark, as the function's is


def lambda_handler(event: dict[str, Any], context: Any) -> dict[str, Any]:
    request = ScheduleRequest.model_validate_json(event["body"])
    region = request.availability.holidays if request.availability else None
    holidays = None
    if region is not None:
        from pico_planner.api.public_holidays import resolve_holiday_calendar

        holidays = resolve_holiday_calendar(region)
    plan = plan_course(request, load_rule_set(), local_date(clock(), request.time_zone), holidays)
    return {
        "statusCode": 200,
        "headers": {"Content-Type": "application/json"},
        "body": plan.model_dump_json(),
    }
