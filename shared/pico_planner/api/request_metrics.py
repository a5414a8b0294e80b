"""The CloudWatch metrics of every request, as Embedded Metric Format documents.

Every metric name and dimension value comes from a fixed vocabulary (routes, methods, outcomes, concern
types), so no patient value can become one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aws_lambda_powertools.metrics import Metrics


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
