"""The build ships bytecode that stays valid on Lambda, for every module of the layer and the functions.

Lambda's file system is read-only: without pycs in the artifact, every cold start compiles every module
it imports. Timestamp-based pycs would be no better, because the source mtimes change when Lambda
unzips; unchecked-hash pycs are used as they are (PEP 552).
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path

import pytest

from devtools.local_api.template_routes import load_template
from tests.support.events import PROJECT_ROOT

pytestmark = [pytest.mark.sam, pytest.mark.xdist_group("sam")]


def _runtime_version() -> tuple[int, int]:
    """The Python version of the template's runtime (Globals: `Runtime: python3.13`)."""
    runtime = load_template(PROJECT_ROOT / "template.yaml")["Globals"]["Function"]["Runtime"]
    matched = re.fullmatch(r"python(\d+)\.(\d+)", runtime)
    assert matched is not None, runtime
    return int(matched[1]), int(matched[2])


RUNTIME_VERSION = _runtime_version()
# The name part of every pyc the runtime loads: `module.cpython-313.pyc` for python3.13.
CACHE_TAG = "cpython-{}{}".format(*RUNTIME_VERSION)

# PEP 552: the pyc header's second word holds the flags; bit 0 set means hash-based, bit 1 set means
# checked against the source. Unchecked hash is exactly 0b01.
UNCHECKED_HASH_FLAGS = 0b01


def _artifacts(build_dir: Path) -> list[Path]:
    """The layer's python folder and every function the template builds."""
    functions = sorted(
        path for path in build_dir.iterdir() if path.is_dir() and path.name.endswith("Function")
    )
    assert functions, "the build has no functions"
    return [build_dir / "SharedLayer" / "python", *functions]


def _pyc_for(module: Path) -> Path:
    return module.parent / "__pycache__" / f"{module.stem}.{CACHE_TAG}.pyc"


def test_the_tests_run_on_the_runtimes_python() -> None:
    # The magic number checked below is the running interpreter's: it must be the runtime's version.
    assert sys.version_info[:2] == RUNTIME_VERSION
    assert sys.implementation.cache_tag == CACHE_TAG


def test_every_module_has_an_unchecked_hash_pyc_for_the_runtimes_python(sam_build_dir: Path) -> None:
    modules = [module for folder in _artifacts(sam_build_dir) for module in sorted(folder.rglob("*.py"))]
    assert len(modules) > 100, "the layer's packages are missing"

    missing = [str(module.relative_to(sam_build_dir)) for module in modules if not _pyc_for(module).is_file()]
    assert missing == []
    not_unchecked = []
    for module in modules:
        header = _pyc_for(module).read_bytes()[:8]
        flags = int.from_bytes(header[4:8], "little")
        if header[:4] != importlib.util.MAGIC_NUMBER or flags != UNCHECKED_HASH_FLAGS:
            not_unchecked.append(str(module.relative_to(sam_build_dir)))
    assert not_unchecked == []


def test_every_function_ships_its_app_with_bytecode(sam_build_dir: Path) -> None:
    for function in _artifacts(sam_build_dir)[1:]:
        assert (function / "app.py").is_file()
        assert _pyc_for(function / "app.py").is_file()


def test_no_pyc_of_another_python_version_ships(sam_build_dir: Path) -> None:
    stray = [
        str(pyc.relative_to(sam_build_dir))
        for pyc in sam_build_dir.rglob("*.pyc")
        if not pyc.name.endswith(f".{CACHE_TAG}.pyc")
    ]

    assert stray == []


def test_build_rules_tests_and_swagger_assets_stay_out_of_the_artifacts(sam_build_dir: Path) -> None:
    shipped = {path.relative_to(sam_build_dir).as_posix() for path in sam_build_dir.rglob("*")}

    assert not [path for path in shipped if path.endswith(("Makefile", "requirements.txt"))]
    assert "SharedLayer/python/icalendar/tests" not in shipped
    assert not [path for path in shipped if path.endswith((".min.js", ".min.css"))]
