"""Each function's lines carry its own keys in the local server, as each function's do on Lambda."""

from __future__ import annotations

import json
import os
from concurrent.futures import ThreadPoolExecutor

from tests.support.events import event_body
from tests.support.http import request
from tests.support.local_server import make_run_process


def test_the_layers_lines_carry_the_keys_of_the_function_that_wrote_them_under_concurrency() -> None:
    """The store fails for two functions at once; the warning of each names its function.

    The server runs as `make run` runs it, in a process of its own.
    """
    environment = {
        **os.environ,
        "PYTHONUNBUFFERED": "1",
        # A table behind a closed port: every store call fails at once with StoreUnavailable.
        "CLINICS_TABLE_NAME": "no-such-table",
        "AWS_ENDPOINT_URL_DYNAMODB": "http://127.0.0.1:9",
        "AWS_DEFAULT_REGION": "eu-west-2",
        "AWS_ACCESS_KEY_ID": "local",
        "AWS_SECRET_ACCESS_KEY": "local",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_RETRY_MODE": "standard",
    }
    for variable in ("PICO_API_KEYS", "PICO_API_KEYS_FILE", "POWERTOOLS_SERVICE_NAME", "POWERTOOLS_DEV"):
        environment.pop(variable, None)
    schedule_body = {
        **event_body("clinics/schedule_by_clinic"),
        "clinic_id": "north-1",
        "start_date": "2030-01-07",
    }
    with make_run_process(environment) as (base, process):
        calls = [
            lambda: request("GET", f"{base}/clinics"),
            lambda: request(
                "POST",
                f"{base}/schedule",
                body=json.dumps(schedule_body).encode(),
                headers={"Content-Type": "application/json"},
            ),
        ] * 10
        with ThreadPoolExecutor(max_workers=4) as pool:
            statuses = list(pool.map(lambda call: call().status, calls))
        process.terminate()
        output, _ = process.communicate(timeout=10)

    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    warnings = [line for line in lines if line["message"] == "Clinic store unavailable"]
    assert statuses == [503] * len(calls)
    assert (
        sorted(line["function_name"] for line in warnings)
        == ["ClinicsFunction"] * 10 + ["ScheduleFunction"] * 10
    )
    assert {line["service"] for line in warnings} == {"pico-planner"}
    function_of_request = {
        line["correlation_id"]: line["function_name"] for line in lines if "correlation_id" in line
    }
    assert all(function_of_request[line["correlation_id"]] == line["function_name"] for line in warnings)
