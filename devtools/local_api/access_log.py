"""One access log line per request: method, route template, status and duration, nothing the caller chose.

The route is the template's resource (`/v1/clinics/{clinic_id}`), never the path that was asked for, and
there is no query string: paths and queries carry clinic ids and cursors, which a log must not keep.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from typing import TextIO

# Labels for requests that match no route of the template: fixed words, never the caller's path.
NO_ROUTE = "(no route)"
NOT_PARSED = "(not parsed)"
DOCS_PAGE = "/docs"
DOCS_ASSET = "/docs/assets/{asset}"

# Methods API Gateway knows; anything else is logged as "OTHER" (a method is caller text too).
_KNOWN_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT"})


def loggable_method(method: str | None) -> str:
    return method if method in _KNOWN_METHODS else "OTHER"


class AccessLog:
    """Writes `access method=GET route=/v1/health status=200 duration_ms=1.2` lines to a stream."""

    def __init__(self, stream: TextIO | Callable[[], TextIO] | None = None) -> None:
        # A callable is looked up on every line, so the default follows whatever sys.stderr is now.
        self._stream = stream if stream is not None else (lambda: sys.stderr)
        self._lock = threading.Lock()

    def record(self, method: str | None, route: str, status: int, duration_seconds: float) -> None:
        line = (
            f"access method={loggable_method(method)} route={route} status={status} "
            f"duration_ms={duration_seconds * 1000:.1f}\n"
        )
        stream = self._stream() if callable(self._stream) else self._stream
        with self._lock:
            stream.write(line)
            stream.flush()
