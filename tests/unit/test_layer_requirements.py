"""The layer's requirements are derived from the lock file, never edited by hand."""

from __future__ import annotations

import re
import tomllib

from tests.support.events import PROJECT_ROOT


def _pins(text: str) -> dict[str, str]:
    pins = {}
    for line in text.splitlines():
        match = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;]+)", line)
        if match:
            pins[match.group(1).lower().replace("_", "-")] = match.group(2)
    return pins


def _locked_versions() -> dict[str, str]:
    lock = tomllib.loads((PROJECT_ROOT / "uv.lock").read_text(encoding="utf-8"))
    return {p["name"].lower(): p["version"] for p in lock["package"] if "version" in p}


def test_layer_requirements_pin_exactly_the_locked_versions() -> None:
    pins = _pins((PROJECT_ROOT / "shared" / "requirements.txt").read_text(encoding="utf-8"))
    locked = _locked_versions()

    assert pins, "shared/requirements.txt pins nothing"
    for name, version in pins.items():
        assert locked.get(name) == version, f"{name}=={version} differs from uv.lock ({locked.get(name)})"


def test_every_runtime_dependency_is_in_the_layer() -> None:
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    pins = _pins((PROJECT_ROOT / "shared" / "requirements.txt").read_text(encoding="utf-8"))

    for requirement in project["dependencies"]:
        name = re.split(r"[<>=!~\[ ]", requirement, maxsplit=1)[0].lower()
        assert name in pins, f"runtime dependency {name} is missing from shared/requirements.txt"


def test_no_dev_dependency_ships_in_the_layer() -> None:
    pins = _pins((PROJECT_ROOT / "shared" / "requirements.txt").read_text(encoding="utf-8"))

    assert not {"pytest", "moto", "boto3", "fastapi", "hypothesis", "schemathesis"} & set(pins)
