"""A British English answer loads no translation machinery; the first translated answer loads it.

Run in fresh interpreters, as a cold start is: which modules a request has loaded is exact, where
timings on a shared machine are not (README, Performance, has the measured comparison).
"""

from __future__ import annotations

import pytest

from devtools.new_event import EVENTS_PLANNED_AT
from tests.support.events import EVENTS_DIR, PROJECT_ROOT
from tests.support.fresh_python import environment_with_path, run_fresh

TRANSLATION_MODULES = {"gettext", "babel", "pico_planner.api.patient_language"}
SCENARIOS = {
    "estimate": "estimate/several_concerns",
    "schedule": "schedule/basic_ics",
    "catalogue": "catalogue/concerns",
}

_SERVE_ONE = """
import datetime, json, sys
from devtools.module_loader import load_module, pinned_handler
function, event_path, language, planned_at = sys.argv[1:5]
app = load_module(f"functions/{function}/app.py", "app")
# The schedule event's dates are fixed, so "today" is too.
handler = pinned_handler(app, datetime.datetime.fromisoformat(planned_at))
event = json.loads(open(event_path, encoding="utf-8").read())
if language:
    event["headers"]["Accept-Language"] = language
    event["multiValueHeaders"]["Accept-Language"] = [language]
answer = handler(event, None)
print(json.dumps({"status": answer["statusCode"], "modules": sorted(sys.modules)}))
"""


def _serve_in_a_fresh_interpreter(function: str, language: str) -> dict[str, object]:
    result: dict[str, object] = run_fresh(
        _SERVE_ONE,
        function,
        str(EVENTS_DIR / f"{SCENARIOS[function]}.json"),
        language,
        EVENTS_PLANNED_AT.isoformat(),
        env=environment_with_path(PROJECT_ROOT / "shared"),
        cwd=PROJECT_ROOT,
    )
    return result


def _translation_modules(result: dict[str, object]) -> set[str]:
    modules = result["modules"]
    assert isinstance(modules, list)
    return {
        name
        for name in modules
        for module in TRANSLATION_MODULES
        if name.split(".")[0] == module or name == module
    }


@pytest.mark.parametrize("function", sorted(SCENARIOS))
def test_a_british_english_answer_loads_no_catalogue(function: str) -> None:
    result = _serve_in_a_fresh_interpreter(function, "")

    assert result["status"] == 200
    assert _translation_modules(result) == set()


@pytest.mark.parametrize("function", sorted(SCENARIOS))
def test_a_translated_answer_loads_gettext_and_no_babel(function: str) -> None:
    result = _serve_in_a_fresh_interpreter(function, "vi")

    assert result["status"] == 200
    loaded = _translation_modules(result)
    assert "gettext" in loaded
    assert "babel" not in loaded  # Babel is a build tool: it never ships in the layer
