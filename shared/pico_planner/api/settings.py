"""The functions' settings: every environment variable the service reads, named once and read once.

`Settings.from_environment()` runs when a function's module loads (its init); handlers, the local
server and tests receive a `Settings` instead of reading the environment themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field

# The template sets these from the stack's table and its CorsAllowedOrigin parameter.
CLINICS_TABLE_NAME = "CLINICS_TABLE_NAME"
CORS_ALLOWED_ORIGIN = "PICO_CORS_ALLOWED_ORIGIN"
# The template resolves this from a secret it generates (CalendarUidKey).
CALENDAR_UID_KEY = "PICO_CALENDAR_UID_KEY"
# The key outside a deployment: the local server, `sam local` and the tests. Not a secret, so a
# calendar made with it hides nothing; a deployment always has its own.
LOCAL_CALENDAR_UID_KEY = "local-calendar-uid-key"
# Powertools' own variables: the metrics namespace (ours is the default), and the service name every
# log line carries (unset, Powertools' own default).
METRICS_NAMESPACE = "POWERTOOLS_METRICS_NAMESPACE"
DEFAULT_METRICS_NAMESPACE = "PicoPlanner"
SERVICE_NAME = "POWERTOOLS_SERVICE_NAME"
DEFAULT_SERVICE_NAME = "service_undefined"
# Set by Lambda in every function's environment, and by `sam local` (with AWS_SAM_LOCAL=true).
LAMBDA_FUNCTION_NAME = "AWS_LAMBDA_FUNCTION_NAME"
SAM_LOCAL = "AWS_SAM_LOCAL"
# Set by Lambda to `snap-start` while it runs an init to snapshot (template parameter SnapStart).
INITIALIZATION_TYPE = "AWS_LAMBDA_INITIALIZATION_TYPE"
SNAPSHOT_INITIALIZATION = "snap-start"


def _resolved(value: str | None) -> str | None:
    """A template value as deployed, or None: `sam local` passes a dynamic reference it cannot
    resolve as its literal text, which would otherwise be used as the value (a public one)."""
    return None if value is None or value.startswith("{{resolve:") else value


@dataclass(frozen=True)
class Settings:
    """What a function's environment says, typed."""

    clinics_table_name: str | None = None
    # The one browser origin whose scripts may read answers; empty turns CORS off.
    cors_allowed_origin: str = ""
    metrics_namespace: str = DEFAULT_METRICS_NAMESPACE
    # Keys the calendar UIDs of a course sent without course_id (calendar_export.py); never logged.
    # None when deployed without one: calendars are then refused rather than keyed with a public key.
    calendar_uid_key: str | None = field(default=LOCAL_CALENDAR_UID_KEY, repr=False)
    service_name: str = DEFAULT_SERVICE_NAME
    # Running on Lambda behind API Gateway (not `sam local`, the local server or a test): every
    # clinic request then carries an API key id, and one without is refused.
    deployed: bool = False
    # This init is the one Lambda snapshots (SnapStart): restore hooks are registered (snapstart.py).
    snapshot_initialization: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        deployed = LAMBDA_FUNCTION_NAME in environ and environ.get(SAM_LOCAL) != "true"
        return cls(
            clinics_table_name=environ.get(CLINICS_TABLE_NAME) or None,
            cors_allowed_origin=environ.get(CORS_ALLOWED_ORIGIN, "").strip(),
            metrics_namespace=environ.get(METRICS_NAMESPACE) or DEFAULT_METRICS_NAMESPACE,
            calendar_uid_key=_resolved(environ.get(CALENDAR_UID_KEY))
            or (None if deployed else LOCAL_CALENDAR_UID_KEY),
            service_name=environ.get(SERVICE_NAME) or DEFAULT_SERVICE_NAME,
            deployed=deployed,
            snapshot_initialization=environ.get(INITIALIZATION_TYPE) == SNAPSHOT_INITIALIZATION,
        )
