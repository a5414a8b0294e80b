"""The functions' settings: every environment variable the service reads, named once and read once.

`Settings.from_environment()` runs when a function's module loads (its init); handlers, the local
server and tests receive a `Settings` instead of reading the environment themselves.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass

# The template sets these from the stack's table and its CorsAllowedOrigin parameter.
CLINICS_TABLE_NAME = "CLINICS_TABLE_NAME"
CORS_ALLOWED_ORIGIN = "PICO_CORS_ALLOWED_ORIGIN"
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


@dataclass(frozen=True)
class Settings:
    """What a function's environment says, typed."""

    clinics_table_name: str | None = None
    # The one browser origin whose scripts may read answers; empty turns CORS off.
    cors_allowed_origin: str = ""
    metrics_namespace: str = DEFAULT_METRICS_NAMESPACE
    service_name: str = DEFAULT_SERVICE_NAME
    # Running on Lambda behind API Gateway (not `sam local`, the local server or a test): every
    # clinic request then carries an API key id, and one without is refused.
    deployed: bool = False
    # This init is the one Lambda snapshots (SnapStart): restore hooks are registered (snapstart.py).
    snapshot_initialization: bool = False

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Settings:
        return cls(
            clinics_table_name=environ.get(CLINICS_TABLE_NAME) or None,
            cors_allowed_origin=environ.get(CORS_ALLOWED_ORIGIN, "").strip(),
            metrics_namespace=environ.get(METRICS_NAMESPACE) or DEFAULT_METRICS_NAMESPACE,
            service_name=environ.get(SERVICE_NAME) or DEFAULT_SERVICE_NAME,
            deployed=LAMBDA_FUNCTION_NAME in environ and environ.get(SAM_LOCAL) != "true",
            snapshot_initialization=environ.get(INITIALIZATION_TYPE) == SNAPSHOT_INITIALIZATION,
        )
