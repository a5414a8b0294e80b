"""The one log line each request leaves behind for operators, carrying its metrics, and no patient data.

Everything written here comes from a fixed vocabulary (routes, methods, status codes, concern types) or is
a measurement (latency). Request and response bodies and header values never are. Exceptions are described by
`exception_description.describe_exception`, which leaves their messages out: a message can quote the
input that caused it.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable, Mapping
from time import perf_counter
from typing import TYPE_CHECKING, Any

from pico_planner.api.request_metrics import RequestMetrics

if TYPE_CHECKING:
    from aws_lambda_powertools import Logger

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
        concern_types: Iterable[str] = (),
    ) -> None:
        """Write the request's log event and metrics.

        `concern_types`: those the validated request names; only a successful request counts them.
        """
        endpoint = endpoint_name(event)
        method, _, route = endpoint.partition(" ")
        if not 200 <= status < 300:
            concern_types = ()
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
