"""events/ is the single fixture source: every handler scenario is a file there."""

from __future__ import annotations

import copy
import json
from functools import cache
from pathlib import Path
from typing import Any

PROJECT_ROOT = Path(__file__).resolve().parents[2]
EVENTS_DIR = PROJECT_ROOT / "events"


@cache
def _read(name: str) -> dict[str, Any]:
    path = EVENTS_DIR / f"{name}.json"
    event: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return event


def load_event(name: str) -> dict[str, Any]:
    """A fresh copy of events/<name>.json (handlers may mutate what they are given)."""
    return copy.deepcopy(_read(name))


def all_event_names() -> list[str]:
    return sorted(str(p.relative_to(EVENTS_DIR).with_suffix("")) for p in EVENTS_DIR.rglob("*.json"))


def event_body(name: str) -> Any:
    body = _read(name)["body"]
    return json.loads(body) if body else None
