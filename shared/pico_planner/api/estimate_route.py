"""POST /v1/estimate: the route logic both the direct path and the resolver run."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from pico_planner.api.answer import Headers, PlainAnswer
from pico_planner.api.direct_path import DirectRoute
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.ruleset import load_rule_set


def estimate_sessions(request: EstimateRequest, headers: Headers, event: Mapping[str, Any]) -> PlainAnswer:
    """The estimate as JSON."""
    choose_media_type(headers.get("accept"), [JSON])
    estimate = estimate_course(request, load_rule_set())
    return PlainAnswer(HTTPStatus.OK, JSON, estimate.model_dump_json())


DIRECT_ROUTES = {("POST", "/estimate"): DirectRoute(EstimateRequest, estimate_sessions)}
