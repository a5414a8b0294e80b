"""The security tooling stays switched on: ruff's security rules and a strict dependency audit."""

from __future__ import annotations

import re
import tomllib

from tests.support.events import PROJECT_ROOT


def test_ruff_selects_the_bandit_security_rules_and_ignores_none_outside_tests() -> None:
    config = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"][
        "lint"
    ]

    assert "S" in config["select"]
    assert not [rule for rule in config.get("ignore", []) if rule.startswith("S")]


def test_make_audit_checks_every_locked_package_and_fails_when_it_cannot() -> None:
    makefile = (PROJECT_ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = re.search(r"^audit:.*\n((?:\t.*\n)+)", makefile, re.MULTILINE)

    assert recipe is not None, "the Makefile has no audit target"
    commands = recipe.group(1)
    assert "export --frozen --all-groups" in commands
    assert "pip-audit --strict" in commands
