"""The SAM template validates and lints; what `sam build` produces is what runs on Lambda."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from devtools.local_api.template_routes import read_api
from pico_planner.api.holiday_tables import shipped_tables
from pico_planner.api.holiday_tables_build import YEARS_AFTER, YEARS_BEFORE
from pico_planner.core.ruleset import DEFAULT_RULES_VERSION, load_rule_set, restore_snapshot
from tests.sam.conftest import run_sam
from tests.support.events import EVENTS_DIR, PROJECT_ROOT
from tests.support.fresh_python import run_fresh
from tests.support.functions import invoke_event
from tests.support.holiday_probe import tabled_lookups

pytestmark = [pytest.mark.sam, pytest.mark.xdist_group("sam")]

# Runs in a fresh interpreter with `-S` (no site-packages): only the function's and the layer's
# build folders are importable, exactly as on Lambda (/var/task and /opt/python). The context's class
# is imported from the project first, and the project folder taken off the path again.
_INVOKE_BUILT = """
import json, sys
project_dir, function_dir, layer_dir, event_file = sys.argv[1:5]
sys.path.insert(0, project_dir)
from devtools.lambda_context import LambdaContext
sys.path.remove(project_dir)
sys.path[:0] = [function_dir, layer_dir]
import app
with open(event_file, encoding="utf-8") as handle:
    event = json.load(handle)
response = app.lambda_handler(event, LambdaContext("built", aws_request_id="built-artifact-test"))
site = [m for m in sys.modules if m.startswith(("site", "_pytest"))]
print(json.dumps({"response": response, "app_file": app.__file__, "site": site}))
"""


def invoke_built(build_dir: Path, function: str, event_name: str) -> dict[str, object]:
    output: dict[str, object] = run_fresh(
        _INVOKE_BUILT,
        str(PROJECT_ROOT),
        str(build_dir / function),
        str(build_dir / "SharedLayer" / "python"),
        str(EVENTS_DIR / f"{event_name}.json"),
        env={"POWERTOOLS_SERVICE_NAME": "pico-planner", "PATH": "/usr/bin:/bin"},
        no_site=True,
    )
    return output


def test_sam_validate_lint_is_clean() -> None:
    result = run_sam("validate", "--lint")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "is a valid SAM Template" in result.stdout + result.stderr


def test_build_has_each_function_and_the_layer(sam_build_dir: Path) -> None:
    functions = {route.function.logical_id for route in read_api(PROJECT_ROOT / "template.yaml").routes}

    assert {"EstimateFunction", "ScheduleFunction", "CatalogueFunction", "DocsFunction"} <= functions
    for folder in functions:
        assert (sam_build_dir / folder / "app.py").is_file(), folder
    layer = sam_build_dir / "SharedLayer" / "python"
    assert (layer / "pico_planner" / "core" / "figures.py").is_file()
    assert (layer / "aws_lambda_powertools").is_dir()
    assert (layer / "pydantic").is_dir()


def test_layer_ships_no_dev_tooling_or_tests(sam_build_dir: Path) -> None:
    layer = sam_build_dir / "SharedLayer" / "python"
    shipped = {p.name for p in layer.iterdir()}

    assert not {"devtools", "tests", "pytest", "moto", "boto3", "fastapi", "hypothesis"} & shipped


def test_built_health_function_answers_200_with_only_build_folders_on_the_path(sam_build_dir: Path) -> None:
    output = invoke_built(sam_build_dir, "CatalogueFunction", "catalogue/health")
    response = output["response"]

    assert isinstance(response, dict)
    assert response["statusCode"] == 200
    assert json.loads(response["body"])["status"] == "ok"
    assert str(sam_build_dir) in str(output["app_file"])
    assert output["site"] == []


# In a fresh interpreter with only the built layer: which rule set a function gets, and whether it
# had to build the rule models' validators to get it (it does not when the build's snapshot is used).
_LOAD_BUILT_RULES = """
import json, sys
sys.path[:0] = [sys.argv[1]]
from pico_planner.core.ruleset import RuleSet, load_rule_set
rules = load_rule_set()
print(json.dumps({"validator_built": RuleSet.__pydantic_complete__, "version": rules.version,
                  "codes": [rule.code for rule in rules.rules()]}))
"""


def test_the_built_layer_ships_its_rule_set_validated_and_restores_it_without_validating(
    sam_build_dir: Path,
) -> None:
    layer = sam_build_dir / "SharedLayer" / "python"
    rulesets = layer / "pico_planner" / "core" / "rulesets"
    assert (rulesets / f"{DEFAULT_RULES_VERSION}.validated.pickle").is_file()
    shipped = restore_snapshot(
        (rulesets / f"{DEFAULT_RULES_VERSION}.validated.pickle").read_bytes(),
        (rulesets / f"{DEFAULT_RULES_VERSION}.json").read_bytes(),
    )
    assert shipped == load_rule_set()

    loaded = run_fresh(_LOAD_BUILT_RULES, str(layer), env={"PATH": "/usr/bin:/bin"}, no_site=True)
    assert loaded["version"] == DEFAULT_RULES_VERSION
    assert loaded["codes"] == [rule.code for rule in load_rule_set().rules()]
    assert loaded["validator_built"] is False


def test_the_built_layer_ships_holiday_tables_that_answer_without_importing_holidays(
    sam_build_dir: Path,
) -> None:
    layer = sam_build_dir / "SharedLayer" / "python"
    tables = shipped_tables(layer / "pico_planner" / "holiday_tables")
    assert tables is not None
    assert tables.last_year - tables.first_year == YEARS_BEFORE + YEARS_AFTER
    # Two years inside the span the build chose (around its own year, whichever day it ran).
    years = range(tables.first_year + YEARS_BEFORE, tables.first_year + YEARS_BEFORE + 2)

    answer = tabled_lookups(layer, years, env={"PATH": "/usr/bin:/bin"}, no_site=True)

    assert answer["imported"] is False
    assert answer["refused"] == ["unknown_country", "unknown_subdivision"]
    assert [days for *_, days in answer["found"]] == answer["expected"]
    assert all(len(days) >= 2 * 8 for days in answer["expected"])


@pytest.mark.parametrize(
    ("function", "folder", "event_name"),
    [
        ("catalogue", "CatalogueFunction", "catalogue/concerns"),
        ("estimate", "EstimateFunction", "estimate/several_concerns"),
        ("estimate", "EstimateFunction", "estimate/tattoo_special_inks_large"),
    ],
)
def test_built_functions_answer_from_the_shipped_rule_set_as_the_source_does(
    sam_build_dir: Path, function: str, folder: str, event_name: str
) -> None:
    # The built function restores the build's snapshot; the source validates the JSON: same answers.
    built = invoke_built(sam_build_dir, folder, event_name)["response"]
    source = invoke_event(function, event_name)

    assert isinstance(built, dict)
    assert built["statusCode"] == source.status == 200
    assert json.loads(built["body"]) == source.json
