"""boto3 is the Lambda runtime's, not the layer's: a function imports it only when a clinic is needed."""

from __future__ import annotations

from devtools.new_event import EVENTS_PLANNED_AT
from tests.support.events import EVENTS_DIR, PROJECT_ROOT
from tests.support.fresh_python import run_fresh

# A fresh interpreter where importing boto3 or botocore fails, as in the built-artifact test (`-S`,
# only the build folders on the path): each function must still load and answer without them.
_PROBE = """
import datetime, json, sys
sys.modules["boto3"] = None
sys.modules["botocore"] = None
function, event_file, now = sys.argv[1:4]
from devtools.lambda_context import LambdaContext
sys.path[:0] = [function, "shared"]
import app
from pico_planner.api.call import Services
from pico_planner.api.handler import make_lambda_handler
with open(event_file, encoding="utf-8") as handle:
    event = json.load(handle)
# The function's own handler, made again from its routes as app.py makes it, with the clock pinned.
pinned = datetime.datetime.fromisoformat(now)
handler = make_lambda_handler(app.ROUTES, Services(clock=lambda: pinned))
response = handler(event, LambdaContext("probe", aws_request_id="probe"))
print(json.dumps({"status": response["statusCode"]}))
"""


def _status_without_boto3(function: str, event_name: str) -> int:
    answer = run_fresh(
        _PROBE,
        f"functions/{function}",
        str(EVENTS_DIR / f"{event_name}.json"),
        EVENTS_PLANNED_AT.isoformat(),
        env={"POWERTOOLS_SERVICE_NAME": "pico-planner", "PATH": "/usr/bin:/bin"},
        cwd=PROJECT_ROOT,
    )
    status: int = answer["status"]
    return status


def test_a_schedule_without_clinic_id_needs_no_boto3() -> None:
    assert _status_without_boto3("schedule", "schedule/basic") == 200


def test_the_clinics_function_loads_and_answers_what_needs_no_store_without_boto3() -> None:
    assert _status_without_boto3("clinics", "clinics/wrong_method") == 405
    assert _status_without_boto3("clinics", "clinics/invalid_unknown_field") == 422
    assert _status_without_boto3("clinics", "clinics/oversize_body") == 413
