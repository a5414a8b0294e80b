"""What each request leaves behind for operators: one log line and CloudWatch metrics, no patient data.

Everything written here comes from a fixed vocabulary (routes, methods, status codes, concern types,
exception types, code locations) or is a measurement (latency). Request and response bodies, header
values and exception messages never are: a message can quote the input that caused it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger
    from aws_lambda_powertools.metrics import Metrics

METRICS_NAMESPACE = "PicoPlanner"
_STANDARD_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})
# API Gateway's resource paths are the template's own (e.g. /estimate); anything else is not a dimension.
_RESOURCE_SHAPE = re.compile(r"^/[A-Za-z0-9_./{}+-]{0,100}$")


def endpoint_name(event: Mapping[str, Any]) -> str:
    """`METHOD /resource` from the template's vocabulary, safe as a metric dimension and a log field."""
    method = str(event.get("httpMethod") or "").upper()
    resource = str(event.get("resource") or "")
    method = method if method in _STANDARD_METHODS else "OTHER"
    resource = resource if _RESOURCE_SHAPE.match(resource) else "unknown"
    return f"{method} {resource}"


def rules_version_in_use() -> str | None:
    """The planning rule set's version, for functions that plan; None for those that never load it.

    Looked up only when the rule set module is already imported, so a function that does not plan
    (the OpenAPI document) never loads the rules just to log their version.
    """
    if "pico_planner.core.ruleset" not in sys.modules:
        return None
    from pico_planner.core.ruleset import load_rule_set  # noqa: PLC0415 - already imported, see above

    try:
        return load_rule_set().version
    except Exception:  # a log field must never turn an answer into a failure
        return None


def concern_types_requested(event: Mapping[str, Any]) -> list[str]:
    """The concern types named in a JSON request body, each from the catalogue's fixed vocabulary."""
    body = event.get("body")
    if not isinstance(body, str) or '"concerns"' not in body:
        return []
    try:
        document = json.loads(body)
    except (json.JSONDecodeError, RecursionError):
        return []
    concerns = document.get("concerns") if isinstance(document, dict) else None
    if not isinstance(concerns, list):
        return []
    from pico_planner.core.concerns import CONCERN_TYPES  # noqa: PLC0415 - planning functions only

    named = {c.get("type") for c in concerns if isinstance(c, dict)}
    return sorted(t for t in CONCERN_TYPES if t in named)


def describe_exception(error: BaseException) -> dict[str, Any]:
    """An exception as its type and where it was raised: never its message or arguments.

    A message can carry request values (pydantic's include `input_value=...`), so only code locations
    from the traceback are kept: enough to find the fault, nothing about the patient.
    """
    frames = traceback.extract_tb(error.__traceback__)
    return {
        "error_type": type(error).__name__,
        "error_frames": [f"{Path(f.filename).name}:{f.lineno} in {f.name}" for f in frames[-5:]],
    }


class RequestMetrics:
    """CloudWatch metrics (Embedded Metric Format) for the requests one function answers.

    Dimensions: `service` and `endpoint`, plus `concern_type` on ConcernRequested. All from fixed
    vocabularies, so no patient value can become a dimension. Powertools' metrics module is imported
    on the first request, not when the function's module loads (a few milliseconds off the import).
    """

    def __init__(self) -> None:
        self._metrics: Metrics | None = None
        self._cold = True

    def record(self, endpoint: str, status: int, concern_types: Iterable[str]) -> None:
        from aws_lambda_powertools.metrics import Metrics, MetricUnit  # noqa: PLC0415

        if self._metrics is None:
            namespace = os.environ.get("POWERTOOLS_METRICS_NAMESPACE") or METRICS_NAMESPACE
            self._metrics = Metrics(namespace=namespace)
        metrics = self._metrics
        metrics.add_dimension(name="endpoint", value=endpoint)
        metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
        if self._cold:
            metrics.add_metric(name="ColdStart", unit=MetricUnit.Count, value=1)
            self._cold = False
        if status == 422:
            metrics.add_metric(name="ValidationFailures", unit=MetricUnit.Count, value=1)
        elif 400 <= status < 500:
            metrics.add_metric(name="ClientErrors", unit=MetricUnit.Count, value=1)
        elif status >= 500:
            metrics.add_metric(name="ServerErrors", unit=MetricUnit.Count, value=1)
        metrics.flush_metrics()
        for concern_type in concern_types:
            # One document per type: a document's metrics share its dimension values. The same
            # Metrics object is reused (a new one per metric re-reads its settings every time).
            metrics.add_dimension(name="endpoint", value=endpoint)
            metrics.add_dimension(name="concern_type", value=concern_type)
            metrics.add_metric(name="ConcernRequested", unit=MetricUnit.Count, value=1)
            metrics.flush_metrics()


def log_and_record(
    logger: Logger, metrics: RequestMetrics, event: Mapping[str, Any], status: int, started: float
) -> None:
    """The one log line and the metrics of an answered request (`started` is its perf_counter)."""
    endpoint = endpoint_name(event)
    method, _, route = endpoint.partition(" ")
    logger.info(
        "request handled",
        extra={
            "route": route,
            "method": method,
            "status": status,
            "latency_ms": round((perf_counter() - started) * 1000, 3),
            "rules_version": rules_version_in_use(),
        },
    )
    metrics.record(endpoint, status, concern_types_requested(event) if 200 <= status < 300 else ())
