"""Delivery settings of the template and samconfig.toml: SnapStart, published versions, stages."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

from devtools.local_api.template_routes import load_template
from tests.support.events import PROJECT_ROOT

TEMPLATE = load_template(PROJECT_ROOT / "template.yaml")
GLOBAL_FUNCTION: dict[str, Any] = TEMPLATE["Globals"]["Function"]
SAMCONFIG = tomllib.loads((PROJECT_ROOT / "samconfig.toml").read_text(encoding="utf-8"))
STAGES = ("dev", "prod")


def test_snapstart_is_a_parameter_that_is_off_by_default() -> None:
    parameter = TEMPLATE["Parameters"]["SnapStart"]

    assert parameter["Default"] == "false"
    assert set(parameter["AllowedValues"]) == {"true", "false"}
    assert TEMPLATE["Conditions"]["SnapStartEnabled"] == {"Fn::Equals": [{"Ref": "SnapStart"}, "true"]}
    assert GLOBAL_FUNCTION["SnapStart"] == {
        "ApplyOn": {"Fn::If": ["SnapStartEnabled", "PublishedVersions", "None"]}
    }


def test_every_function_is_published_behind_an_alias() -> None:
    # SnapStart only applies to published versions; the API then invokes the alias.
    assert GLOBAL_FUNCTION["AutoPublishAlias"] == "live"
    functions = [r for r in TEMPLATE["Resources"].values() if r["Type"] == "AWS::Serverless::Function"]
    assert functions
    assert all("AutoPublishAlias" not in f["Properties"] for f in functions)


def test_the_runtime_is_python_3_13_for_functions_and_layer() -> None:
    assert GLOBAL_FUNCTION["Runtime"] == "python3.13"
    layer = TEMPLATE["Resources"]["SharedLayer"]
    assert layer["Properties"]["CompatibleRuntimes"] == ["python3.13"]


@pytest.mark.parametrize("stage", STAGES)
def test_each_stage_deploys_its_own_stack_with_known_parameters(stage: str) -> None:
    deploy = SAMCONFIG[stage]["deploy"]["parameters"]
    parameters = dict(item.split("=", 1) for item in deploy["parameter_overrides"])

    assert deploy["stack_name"] == f"pico-planner-{stage}"
    assert deploy["capabilities"] == "CAPABILITY_IAM"
    assert deploy["resolve_s3"] is True
    assert set(parameters) <= set(TEMPLATE["Parameters"]), "an override names no template parameter"
    for name, value in parameters.items():
        allowed = TEMPLATE["Parameters"][name].get("AllowedValues")
        assert allowed is None or value in [str(v) for v in allowed], f"{stage}: {name}={value}"
    assert SAMCONFIG[stage]["delete"]["parameters"]["stack_name"] == deploy["stack_name"]


def test_prod_confirms_every_change_set_and_dev_does_not() -> None:
    assert SAMCONFIG["prod"]["deploy"]["parameters"]["confirm_changeset"] is True
    assert SAMCONFIG["dev"]["deploy"]["parameters"]["confirm_changeset"] is False


def test_the_build_rules_refuse_an_interpreter_other_than_the_runtimes(tmp_path: Path) -> None:
    # Bytecode of another version would be ignored on python3.13: every cold start would compile again.
    # A Python 3.11 as far as any version check can tell, on every machine (whatever else it has).
    other_python = tmp_path / "python3.11"
    other_python.write_text(
        f'#!/bin/sh\nexec "{sys.executable}" -c '
        '"import sys; sys.version_info = (3, 11, 9, \'final\', 0); exec(sys.argv[2])" "$@"\n',
        encoding="utf-8",
    )
    other_python.chmod(0o755)
    assert _version(str(other_python)) == (3, 11)
    function = tmp_path / "function"
    shutil.copytree(PROJECT_ROOT / "functions" / "estimate", function)
    artifacts = tmp_path / "artifacts"
    artifacts.mkdir()

    result = subprocess.run(
        [
            "make",
            "--makefile",
            str(PROJECT_ROOT / "shared" / "Makefile"),
            "build-EstimateFunction",
            f"BUILD_PYTHON={other_python}",
            f"ARTIFACTS_DIR={artifacts}",
        ],
        cwd=function,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert result.returncode != 0
    assert "is not Python 3.13" in result.stderr
    assert list(artifacts.iterdir()) == []


def _version(python: str) -> tuple[int, int]:
    completed = subprocess.run(
        [python, "-c", "import sys; print(*sys.version_info[:2])"],
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    major, minor = completed.stdout.split()
    return int(major), int(minor)
