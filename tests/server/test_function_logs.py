"""Lines of the layer's child loggers reach the function being invoked on their thread, as on Lambda."""

from __future__ import annotations

import io
import json
import logging
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor

from devtools.local_api.embedded_store import EMBEDDED_TABLE_NAME, create_table
from devtools.local_api.server import ChildLoggerLines
from tests.support.events import PROJECT_ROOT, event_body
from tests.support.http import request
from tests.support.local_server import serving


def _stream_handler() -> tuple[logging.StreamHandler[io.StringIO], io.StringIO]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(name)s %(message)s"))
    return handler, stream


def test_a_child_loggers_line_goes_to_the_function_invoking_on_that_thread() -> None:
    service = f"service-{uuid.uuid4().hex[:8]}"
    lines = ChildLoggerLines.install(service)
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
    assert ChildLoggerLines.install(service) is lines  # installed once per service


def test_the_layers_lines_carry_the_keys_of_the_function_that_wrote_them_under_concurrency() -> None:
    """The store fails for two functions at once; the resolver's warning of each names its function."""
    import boto3

    function_log = io.StringIO()
    schedule_body = {
        **event_body("clinics/schedule_by_clinic"),
        "clinic_id": "north-1",
        "start_date": "2030-01-07",
    }
    with serving(api_keys=frozenset(), function_log=function_log, access_log=io.StringIO()) as origin:
        client = boto3.client("dynamodb")  # the embedded store's, once the server has started it
        client.delete_table(TableName=EMBEDDED_TABLE_NAME)  # every store call now fails
        try:
            calls = [
                lambda: request("GET", f"{origin}/v1/clinics"),
                lambda: request(
                    "POST",
                    f"{origin}/v1/schedule",
                    body=json.dumps(schedule_body).encode(),
                    headers={"Content-Type": "application/json"},
                ),
            ] * 10
            with ThreadPoolExecutor(max_workers=4) as pool:
                statuses = list(pool.map(lambda call: call().status, calls))
        finally:
            create_table(client, PROJECT_ROOT / "template.yaml", EMBEDDED_TABLE_NAME)

    lines = [json.loads(line) for line in function_log.getvalue().splitlines()]
    warnings = [line for line in lines if line["message"] == "Clinic store unavailable"]
    assert statuses == [503] * len(calls)
    assert (
        sorted(line["function_name"] for line in warnings)
        == ["ClinicsFunction"] * 10 + ["ScheduleFunction"] * 10
    )
    assert {line["service"] for line in warnings} == {"pico-planner"}
    by_request = {line["correlation_id"]: line["function_name"] for line in lines if "correlation_id" in line}
    assert all(by_request[line["correlation_id"]] == line["function_name"] for line in warnings)
