"""Lines of the layer's child loggers reach the function being invoked on their thread, as on Lambda."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from devtools.local_api.server import ChildLoggerLines
from tests.support.events import PROJECT_ROOT, event_body
from tests.support.http import request


def _stream_handler() -> tuple[logging.StreamHandler[io.StringIO], io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    return handler, stream


def test_a_child_loggers_line_goes_to_the_function_invoking_on_that_thread() -> None:
    service = f"service-{uuid.uuid4().hex[:8]}"
    lines = ChildLoggerLines.install(service, f"{service}-fallback")
    fallback, fallback_stream = _stream_handler()
    logging.getLogger(f"{service}-fallback").addHandler(fallback)
    child = logging.getLogger(f"{service}.layer_module")
    child.setLevel(logging.INFO)
    handlers = {name: _stream_handler() for name in ("first", "second")}
    both_inside = threading.Barrier(2, timeout=10)

    def invoke(name: str) -> None:
        with lines.invoking(handlers[name][0]):
            both_inside.wait()  # both functions are running at once
            child.info("logged while %s runs", name)

    threads = [threading.Thread(target=invoke, args=(name,)) for name in handlers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=10)
    child.info("logged while nothing runs")

    assert handlers["first"][1].getvalue() == f"{service}.layer_module logged while first runs\n"
    assert handlers["second"][1].getvalue() == f"{service}.layer_module logged while second runs\n"
    assert fallback_stream.getvalue() == f"{service}.layer_module logged while nothing runs\n"
    assert ChildLoggerLines.install(service, "any") is lines  # installed once per parent


def test_the_layers_lines_carry_the_keys_of_the_function_that_wrote_them_under_concurrency() -> None:
    """The store fails for two functions at once; the resolver's warning of each names its function.

    The server runs as `make run` runs it, in a process of its own: which logger a layer module's child
    logger hangs under depends on what the process imported before.
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
    process = subprocess.Popen(
        [sys.executable, "-m", "devtools.local_api", "--port", "0"],
        cwd=PROJECT_ROOT,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        base = process.stdout.readline().strip().rsplit(" ", 1)[-1]
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
    finally:
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
