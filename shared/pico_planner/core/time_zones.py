"""Time zones: which IANA names a request may give, and the date an instant falls on in one."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import AfterValidator, Field
from pydantic_core import PydanticCustomError

# The longest IANA zone name is about 32 characters; anything much longer is not a zone.
MAX_TIME_ZONE_LENGTH = 64

# IANA names are slash-separated parts of letters, digits, "_", "+" and "-", each starting with a
# letter. Checked before the name reaches the file system, so "../" and absolute paths never do.
_TIME_ZONE_PATTERN = r"^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z][A-Za-z0-9_+-]*)*$"

# Entries of a zoneinfo database that load as zones but name no place: "localtime" would be the
# server's own zone, and the posix/ and right/ trees duplicate the real names (right/ with leap
# seconds). Rejecting them keeps the accepted set the same wherever the service runs.
_NON_LOCATION_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_NON_LOCATION_PREFIXES = ("posix/", "right/")


def validate_time_zone_name(name: str) -> str:
    """Return `name` if it is an IANA time zone this service knows, else raise ValueError."""
    if len(name) > MAX_TIME_ZONE_LENGTH or not re.fullmatch(_TIME_ZONE_PATTERN, name):
        # The messages never quote the name: a caller's text is not echoed back (problems.py).
        raise PydanticCustomError(
            "time_zone_malformed", "Input should be an IANA time zone name such as Europe/London"
        )
    if name in _NON_LOCATION_ZONES or name.startswith(_NON_LOCATION_PREFIXES):
        raise PydanticCustomError("time_zone_unknown", "Input should be the time zone of a location")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory of the zone database ("America") rather than a zone.
        raise PydanticCustomError(
            "time_zone_unknown",
            "Input should be a known IANA time zone (names are case-sensitive, e.g. Europe/London)",
        ) from None
    return name


def local_date(instant: dt.datetime, time_zone: str) -> dt.date:
    """The calendar date at `instant` in `time_zone`: the "today" a request's plan is made for."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(ZoneInfo(validate_time_zone_name(time_zone))).date()


TimeZoneName = Annotated[
    str,
    Field(
        min_length=1,
        max_length=MAX_TIME_ZONE_LENGTH,
        # Enforced by validate_time_zone_name (with its own error type); published for clients.
        json_schema_extra={"pattern": _TIME_ZONE_PATTERN},
        description="IANA time zone of the clinic, for example `Europe/London`; case-sensitive.",
        examples=["Europe/London"],
    ),
    AfterValidator(validate_time_zone_name),
]
