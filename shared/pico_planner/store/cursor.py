"""Opaque page cursors: which clinic a listing stopped after, bound to the partner it was issued to.

A cursor is base64url JSON, but callers treat it as opaque. It never decides whose clinics are read
(the partner always comes from the request's API key); the partner fingerprint in it only lets a
cursor used by another partner be refused as invalid instead of silently skipping. It is not signed:
a cursor edited by hand that still reads as one can only move its caller within the caller's own
clinics, which the caller may list anyway.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import json
import re

from pico_planner.core.clinic import CLINIC_ID_PATTERN
from pico_planner.store.errors import InvalidCursor

# Far longer than any cursor this module writes (about 120 characters); a bound before decoding.
MAX_CURSOR_LENGTH = 512

_CURSOR_VERSION = 1


def _partner_fingerprint(partner_id: str) -> str:
    return hashlib.sha256(partner_id.encode("utf-8")).hexdigest()[:16]


def encode_cursor(partner_id: str, after_clinic_id: str) -> str:
    payload = {"v": _CURSOR_VERSION, "p": _partner_fingerprint(partner_id), "after": after_clinic_id}
    raw = json.dumps(payload, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


def decode_cursor(partner_id: str, cursor: str) -> str:
    """The clinic id the page starts after; raises InvalidCursor for a text that is not a cursor of this
    module's shape, or is one issued to another partner."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise InvalidCursor("too long")
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        payload = json.loads(raw.decode("utf-8"))
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidCursor("not a cursor") from None
    # `type(...) is int`: JSON's `true` is a bool, which Python counts equal to 1.
    if not isinstance(payload, dict) or type(payload.get("v")) is not int or payload["v"] != _CURSOR_VERSION:
        raise InvalidCursor("not a cursor")
    after = payload.get("after")
    if payload.get("p") != _partner_fingerprint(partner_id):
        raise InvalidCursor("issued to another partner")
    if not isinstance(after, str) or not re.fullmatch(CLINIC_ID_PATTERN, after):
        raise InvalidCursor("not a cursor")
    return after
