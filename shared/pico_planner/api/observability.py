"""What each request leaves behind for operators: one log line with its metrics, and no patient data.

Everything written here comes from a fixed vocabulary (routes, methods, status codes, concern types,
exception types, code locations) or is a measurement (latency). Request and response bodies, header
values and exception messages never are: a message can quote the input that caused it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
import time
import traceback
from collections.abc import Iterable, Mapping
from pathlib import Path
from time import perf_counter
from typing import TYPE_CHECKING, Any

from pico_planner.api.json_body import parsed_document

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger
    from aws_lambda_powertools.metrics import Metrics

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
    document = parsed_document(body)  # the guards' parse, never a second one
    concerns = document.get("concerns") if isinstance(document, dict) else None
    if not isinstance(concerns, list):
        return []
    from pico_planner.core.concerns import CONCERN_TYPES  # noqa: PLC0415 - planning functions only

    named = {c.get("type") for c in concerns if isinstance(c, dict) and isinstance(c.get("type"), str)}
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


# The CloudWatch metric counting requests that name a concern type is this prefix and the type.
CONCERN_METRIC_PREFIX = "ConcernRequested."


def _outcome_metric(status: int) -> str | None:
    """The metric counting how a request ended, beyond Requests: None for a success or a redirect."""
    if status == 422:
        return "ValidationFailures"
    if 400 <= status < 500:
        return "ClientErrors"
    if status >= 500:
        return "ServerErrors"
    return None


# Distinct metric sets kept per container: endpoints x outcomes x concern-type sets seen, in practice
# a few dozen. Beyond this (only a flood of unusual requests) documents are made afresh each time.
_DOCUMENTS_KEPT = 256


class RequestMetrics:
    """CloudWatch metrics (Embedded Metric Format) for the requests one function answers.

    One document per request, with the dimensions `service` and `endpoint`: Requests, ColdStart,
    ValidationFailures, ClientErrors or ServerErrors as they apply, and `ConcernRequested.<type>` for
    each concern type a successful request named. The concern type is in the metric's name rather than
    a dimension because a document has one value per dimension: a dimension would take one document
    per type on every request. Every name and dimension value comes from a fixed vocabulary, so no
    patient value can become one.

    Powertools makes each distinct document once per container; a request gets a copy stamped with its
    own time, the only part that differs between requests with the same metrics (docs/decisions.md).
    Powertools' metrics module is imported on the first request, not when the function's module loads.
    """

    def __init__(self, namespace: str) -> None:
        self._namespace = namespace
        self._metrics: Metrics | None = None
        self._disabled: bool | None = None  # POWERTOOLS_METRICS_DISABLED, read once per container
        self._documents: dict[tuple[str, str | None, tuple[str, ...], bool], dict[str, Any]] = {}

    def document(
        self, endpoint: str, status: int, concern_types: Iterable[str], *, cold_start: bool
    ) -> dict[str, Any] | None:
        """The request's EMF document, or None when metrics are turned off (POWERTOOLS_METRICS_DISABLED)."""
        if self._disabled is None:
            from aws_lambda_powertools.metrics.functions import is_metrics_disabled  # noqa: PLC0415

            self._disabled = is_metrics_disabled()
        if self._disabled:
            return None
        key = (endpoint, _outcome_metric(status), tuple(concern_types), cold_start)
        made = self._documents.get(key)
        if made is None:
            made = self._make_document(*key)
            if len(self._documents) < _DOCUMENTS_KEPT:
                self._documents[key] = made
        return {**made, "_aws": {**made["_aws"], "Timestamp": int(time.time() * 1000)}}

    def _make_document(
        self, endpoint: str, outcome: str | None, concern_types: tuple[str, ...], cold_start: bool
    ) -> dict[str, Any]:
        from aws_lambda_powertools.metrics import Metrics, MetricUnit  # noqa: PLC0415

        if self._metrics is None:
            self._metrics = Metrics(namespace=self._namespace)
        metrics = self._metrics
        metrics.add_dimension(name="endpoint", value=endpoint)
        metrics.add_metric(name="Requests", unit=MetricUnit.Count, value=1)
        if cold_start:
            metrics.add_metric(name="ColdStart", unit=MetricUnit.Count, value=1)
        if outcome is not None:
            metrics.add_metric(name=outcome, unit=MetricUnit.Count, value=1)
        for concern_type in concern_types:
            metrics.add_metric(name=CONCERN_METRIC_PREFIX + concern_type, unit=MetricUnit.Count, value=1)
        try:
            return dict(metrics.serialize_metric_set())
        finally:
            metrics.clear_metrics()


def concern_types_of(request: object) -> list[str]:
    """The concern types a validated planning request names (none for a request without concerns)."""
    concerns = getattr(request, "concerns", None) or ()
    return sorted({concern.type for concern in concerns})


def _request_id(event: Mapping[str, Any]) -> str | None:
    """API Gateway's request id, the correlation id of everything one request leaves behind."""
    context = event.get("requestContext")
    request_id = context.get("requestId") if isinstance(context, Mapping) else None
    return request_id if isinstance(request_id, str) else None


class RequestObservability:
    """The log keys and the one log event, with its metrics, of every request one function answers.

    `begin` binds to the logger the keys Powertools' `inject_lambda_context` would (cold_start,
    function_name, function_memory_size, function_arn, function_request_id, and the API Gateway
    request id as correlation_id), so any line logged while answering carries them. The decorator is
    not used because it rebuilds the container's constant keys and runs a JMESPath query on every
    request, a fifth of the per-request budget of a warm estimate (docs/decisions.md).

    `end` writes the request's log event: "request handled" with route, method, status, latency and
    rules version, carrying the request's metrics as its EMF document. CloudWatch reads metrics from
    any JSON log event with an `_aws` member, so one event per request is both the log line and the
    metrics, written and serialised once. Should INFO lines be turned off, the metrics are still
    written, as a document of their own.
    """

    def __init__(self, logger: Logger, metrics_namespace: str) -> None:
        self._logger = logger
        self._level_holder = logging.getLogger(logger.name)  # the stdlib logger behind it
        self._metrics = RequestMetrics(metrics_namespace)
        self._cold_start = True
        self._rules_version: str | None = None  # looked up until the rule set is loaded, then kept

    def begin(self, event: Mapping[str, Any], context: Any) -> float:
        """Bind this request's log keys; returns its start (perf_counter), for `end`."""
        started = perf_counter()
        keys: dict[str, Any] = {
            "cold_start": self._cold_start,
            "function_request_id": getattr(context, "aws_request_id", None),
            "correlation_id": _request_id(event),
        }
        if self._cold_start:  # the same for every request the container answers: bound once
            keys["function_name"] = getattr(context, "function_name", None)
            keys["function_memory_size"] = getattr(context, "memory_limit_in_mb", None)
            keys["function_arn"] = getattr(context, "invoked_function_arn", None)
        self._logger.append_keys(**keys)
        return started

    def end(
        self,
        event: Mapping[str, Any],
        status: int,
        started: float,
        concern_types: Iterable[str] | None = None,
    ) -> None:
        """Write the request's log event and metrics.

        `concern_types`: those of the validated request when the caller has it; None reads them from
        the body. Only a successful request counts them.
        """
        endpoint = endpoint_name(event)
        method, _, route = endpoint.partition(" ")
        if not 200 <= status < 300:
            concern_types = ()
        elif concern_types is None:
            concern_types = concern_types_requested(event)
        metrics = self._metrics.document(endpoint, status, concern_types, cold_start=self._cold_start)
        self._cold_start = False
        fields = {
            "route": route,
            "method": method,
            "status": status,
            "latency_ms": round((perf_counter() - started) * 1000, 3),
            "rules_version": self._rules_version or self._look_up_rules_version(),
        }
        if not self._level_holder.isEnabledFor(logging.INFO):
            if metrics is not None:
                print(json.dumps(metrics, separators=(",", ":")))  # noqa: T201 - EMF goes to stdout
            return
        self._logger.info("request handled", extra=fields if metrics is None else {**metrics, **fields})

    def _look_up_rules_version(self) -> str | None:
        self._rules_version = rules_version_in_use()
        return self._rules_version
