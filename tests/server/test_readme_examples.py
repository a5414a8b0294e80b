"""The README's curl examples work as written: on the day its answers were taken, and years later.

Each ```sh block of README.md that calls curl is run by bash as it stands (`set -euo pipefail`), in
README order, against `make run`'s server (`python -m devtools.local_api`, on a free port instead of
3000), started afresh for each day with its clock pinned. Bash's `python3` reads the same pinned day
as today (a `sitecustomize` on its path), so the examples that count from today count from it.

- Every curl call answers the status the README gives it (a `# 412` or `# HTTP/1.1 201 Created`
  comment after it), else a 2xx.
- On the day the README's answers were taken, each answer it shows below a block of one call is the
  answer that call gets, shortened parts aside: a `"..."` key, a list's left-out items, the end of a
  text cut with `...`.
- A block that starts the server with settings (`PICO_API_KEYS=... make run`) gets a server with them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.events import PROJECT_ROOT
from tests.support.local_server import make_run_process

README = PROJECT_ROOT / "README.md"
README_ORIGIN = "http://127.0.0.1:3000"

# The instant the README's answers were taken (its re-plan example says "Run on 1 December 2026", its
# calendar's DTSTAMP gives the time), then days after its example start date and years later.
ANSWERS_TAKEN_AT = dt.datetime(2026, 12, 1, 16, 6, 10, tzinfo=dt.UTC)
LATER = (dt.datetime(2027, 1, 15, 9, 0, tzinfo=dt.UTC), dt.datetime(2031, 6, 30, 9, 0, tzinfo=dt.UTC))

# Bash's python3 answers the pinned day as today (the README's examples call date.today()).
_PINNED_TODAY = """\
import datetime
import os

_day = datetime.date.fromisoformat(os.environ["README_TODAY"])


class _PinnedDate(datetime.date):
    @classmethod
    def today(cls):
        return cls(_day.year, _day.month, _day.day)


datetime.date = _PinnedDate
"""

# Every curl call reports its status on stderr, after whatever the example prints.
_REPORTING_CURL = """\
#!/bin/sh
exec {curl} --write-out '%{{stderr}}status %{{http_code}}\\n' "$@"
"""

_FENCE = re.compile(r"^```(\w*)\n(.*?)^```\n", re.MULTILINE | re.DOTALL)
_SERVER_SETTINGS = re.compile(r"^((?:[A-Z_]+=\S+\s+)*)make run\b.*$", re.MULTILINE)
_STATUS_COMMENT = re.compile(r"#\s*(?:HTTP/[\d.]+\s+)?([1-5]\d\d)\b")
_REPORTED_STATUS = re.compile(r"^status (\d{3})$", re.MULTILINE)


@dataclass(frozen=True)
class Example:
    """One ```sh block that calls curl, with what the README says of its calls."""

    line: int  # of the block's first command in README.md
    script: str  # the block without the line that starts the server
    server_settings: tuple[tuple[str, str], ...]  # environment of `make run` the block asks for
    statuses: tuple[int | None, ...]  # per curl call: the status it states, None for "a 2xx"
    shown_headers: str | None  # the ```text block shown below a single `curl -i`
    shown_answer: Any  # the ```json block shown below a block of one call, parsed; None if none


def _readme_examples() -> list[Example]:
    text = README.read_text(encoding="utf-8")
    fences = [(text.count("\n", 0, m.start()) + 2, m.group(1), m.group(2)) for m in _FENCE.finditer(text)]
    examples = []
    for index, (line, language, body) in enumerate(fences):
        if language != "sh" or "curl " not in body:
            continue
        settings = [
            (name, value)
            for assignments in _SERVER_SETTINGS.findall(body)
            for name, _, value in (pair.partition("=") for pair in assignments.split())
        ]
        script = _SERVER_SETTINGS.sub("", body)
        shown = []
        for _, shown_language, shown_body in fences[index + 1 :]:
            if shown_language == "sh":
                break
            shown.append((shown_language, shown_body))
        single_call = script.count("curl ") == 1
        headers = next((b for lang, b in shown if lang == "text"), None) if " -i " in script else None
        answer = next((json.loads(b) for lang, b in shown if lang == "json"), None)
        examples.append(
            Example(
                line=line,
                script=script,
                server_settings=tuple(settings),
                statuses=_stated_statuses(script),
                shown_headers=headers if single_call else None,
                shown_answer=answer if single_call else None,
            )
        )
    return examples


def _stated_statuses(script: str) -> tuple[int | None, ...]:
    """Each curl call's status as a comment after it (before the next call) states it, or None."""
    calls = script.split("curl ")[1:]
    stated = []
    for call in calls:
        found = _STATUS_COMMENT.search(call)
        stated.append(int(found.group(1)) if found else None)
    return tuple(stated)


EXAMPLES = _readme_examples()


@contextmanager
def _make_run(now: dt.datetime, settings: tuple[tuple[str, str], ...]) -> Iterator[str]:
    """`make run`'s server with `settings` in its environment, answering as on `now`; yields its origin."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("PICO_", "CLINICS_"))}
    with make_run_process({**environment, **dict(settings)}, now=now) as (base, process):
        # The functions' log lines follow on stdout: read, so that a full pipe never stalls the server.
        assert process.stdout is not None
        threading.Thread(target=process.stdout.read, daemon=True).start()
        yield base.rsplit("/", 1)[0]


@pytest.fixture(scope="module")
def shell_tools(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder with the reporting curl in bin/ and the pinned-today sitecustomize in site/."""
    folder = tmp_path_factory.mktemp("readme-shell")
    curl = shutil.which("curl")
    assert curl is not None, "the README's examples need curl"
    (folder / "bin").mkdir()
    (folder / "bin" / "curl").write_text(_REPORTING_CURL.format(curl=curl), encoding="utf-8")
    (folder / "bin" / "curl").chmod(0o755)
    (folder / "site").mkdir()
    (folder / "site" / "sitecustomize.py").write_text(_PINNED_TODAY, encoding="utf-8")
    return folder


def _run(
    example: Example, origin: str, now: dt.datetime, tools: Path, workdir: Path
) -> tuple[str, list[int]]:
    environment = {
        **os.environ,
        "PATH": f"{tools / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
        "PYTHONPATH": str(tools / "site"),
        "README_TODAY": now.date().isoformat(),
    }
    completed = subprocess.run(
        ["bash", "-euo", "pipefail", "-c", example.script.replace(README_ORIGIN, origin)],
        cwd=workdir,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert completed.returncode == 0, f"README line {example.line}: {completed.stderr}"
    return completed.stdout, [int(status) for status in _REPORTED_STATUS.findall(completed.stderr)]


def _matches(shown: Any, actual: Any) -> bool:
    """Whether the README's shortened answer `shown` is `actual` with parts left out."""
    if isinstance(shown, dict):
        return isinstance(actual, dict) and all(
            key in actual and _matches(value, actual[key]) for key, value in shown.items() if key != "..."
        )
    if isinstance(shown, list):
        if not isinstance(actual, list):
            return False
        # The items shown, in order, each one of the actual items after the previous one's.
        position = 0
        for item in shown:
            while position < len(actual) and not _matches(item, actual[position]):
                position += 1
            if position == len(actual):
                return False
            position += 1
        return True
    if isinstance(shown, str) and shown.endswith("..."):
        return isinstance(actual, str) and actual.startswith(shown.removesuffix("...").rstrip())
    return bool(shown == actual)


def test_the_readme_has_curl_examples_with_answers_to_check() -> None:
    assert len(EXAMPLES) >= 10
    assert sum(example.shown_answer is not None for example in EXAMPLES) >= 5
    assert any(example.server_settings for example in EXAMPLES)
    assert {412, 201} <= {status for example in EXAMPLES for status in example.statuses}


@pytest.mark.parametrize("now", [ANSWERS_TAKEN_AT, *LATER], ids=lambda now: now.date().isoformat())
def test_every_curl_example_answers_as_the_readme_says(
    now: dt.datetime, shell_tools: Path, tmp_path: Path
) -> None:
    with _make_run(now, ()) as origin:
        for example in EXAMPLES:
            if example.server_settings:
                with _make_run(now, example.server_settings) as own_origin:
                    output, statuses = _run(example, own_origin, now, shell_tools, tmp_path)
            else:
                output, statuses = _run(example, origin, now, shell_tools, tmp_path)

            where = f"README line {example.line}"
            assert len(statuses) == len(example.statuses), f"{where}: {statuses}"
            for status, stated in zip(statuses, example.statuses, strict=True):
                if stated is None:
                    assert 200 <= status < 300, f"{where}: {status}, not a 2xx\n{output}"
                else:
                    assert status == stated, f"{where}: {status}, not {stated}\n{output}"
            if now == ANSWERS_TAKEN_AT:
                _check_shown(example, output)


def _check_shown(example: Example, output: str) -> None:
    where = f"README line {example.line}"
    body = output
    if example.shown_headers is not None:
        head, _, body = output.replace("\r\n", "\n").partition("\n\n")
        received = {line.lower() for line in head.splitlines()}
        for line in example.shown_headers.splitlines():
            assert line.lower() in received, f"{where}: no {line!r} in\n{head}"
    if example.shown_answer is not None:
        assert _matches(example.shown_answer, json.loads(body)), f"{where} shows another answer than:\n{body}"
