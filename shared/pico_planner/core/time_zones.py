"""Time zones: which IANA names a request may give, and the date an instant falls on in one."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.resources
import re
import zoneinfo
from pathlib import Path
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

# The zone the messages give as an example. Passed as the error's context, so that a caller who sent
# part of it ("London", "Europe/Lond") still gets the message: problems.py tells the schema's own text
# from the caller's by the context.
_EXAMPLE_ZONE = "Europe/London"


def validate_time_zone_name(name: str) -> str:
    """Return `name` if it is an IANA time zone this service knows, else raise ValueError."""
    if not _is_zone_name(name):
        # The messages never quote the name: a caller's text is not echoed back (problems.py).
        raise PydanticCustomError(
            "time_zone_malformed",
            "Input should be an IANA time zone name such as {example}",
            {"example": _EXAMPLE_ZONE},
        )
    if name in _NON_LOCATION_ZONES or name.startswith(_NON_LOCATION_PREFIXES):
        raise PydanticCustomError("time_zone_unknown", "Input should be the time zone of a location")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError: a directory of the zone database ("America") rather than a zone.
        raise PydanticCustomError(
            "time_zone_unknown",
            "Input should be a known IANA time zone (names are case-sensitive, e.g. {example})",
            {"example": _EXAMPLE_ZONE},
        ) from None
    return name


def same_time_zone(first: str, second: str) -> bool:
    """Whether two zone names are one zone: the same name, or names the tz database links.

    A link ("Europe/Kiev" for "Europe/Kyiv", "Asia/Calcutta" for "Asia/Kolkata") has no compiled
    file of its own: it is the file of the zone it names, so equal files are the database's own answer,
    and equal files mean the same clock on every date. The files are compared within one zone source
    (a directory of `zoneinfo.TZPATH`, or the `tzdata` package), never across two: a system that
    keeps an older database, or leaves the old names out, cannot make a link look like two zones. The
    plan runs on the clinic's zone, so which source holds the request's name moves no date.
    """
    if first == second:
        return True
    if not (_is_zone_name(first) and _is_zone_name(second)):
        return False  # never a path outside the zone sources
    return any(
        (one := _zone_file_in(source, first)) is not None and one == _zone_file_in(source, second)
        for source in (*zoneinfo.TZPATH, _TZDATA_PACKAGE)
    )


def _is_zone_name(name: str) -> bool:
    return len(name) <= MAX_TIME_ZONE_LENGTH and re.fullmatch(_TIME_ZONE_PATTERN, name) is not None


# The `tzdata` package, the source `zoneinfo` falls back to after the directories of TZPATH (which are
# absolute paths, so this name cannot be one of them).
_TZDATA_PACKAGE = "tzdata package"


# Bounded: the names reaching it are validated zone names (a few hundred exist) in a few sources.
@functools.lru_cache(maxsize=512)
def _zone_file_in(source: str, name: str) -> bytes | None:
    """The compiled TZif file of `name` in one zone source, or None where that source has none."""
    if source == _TZDATA_PACKAGE:
        try:
            resource = importlib.resources.files("tzdata.zoneinfo").joinpath(name)
            return resource.read_bytes() if resource.is_file() else None
        except (ModuleNotFoundError, OSError):
            return None
    candidate = Path(source, name)
    return candidate.read_bytes() if candidate.is_file() else None


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
