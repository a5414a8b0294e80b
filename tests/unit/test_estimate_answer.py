"""The estimate's JSON answer is exactly pydantic's JSON of the estimate, however it is written."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings

from pico_planner.api.routes.estimate import estimate_json
from pico_planner.core.concerns import EstimateRequest
from pico_planner.core.estimate import estimate_course
from pico_planner.core.estimate_models import Caution, Factor
from tests.unit.test_estimate_properties import RULES, requests


@settings(max_examples=300, deadline=None)
@given(requests)
def test_the_estimate_is_written_as_pydantic_writes_it(request: dict[str, Any]) -> None:
    estimate = estimate_course(EstimateRequest.model_validate(request), RULES)

    assert estimate_json(estimate) == estimate.model_dump_json()
    assert estimate_json(estimate) == estimate.model_dump_json()  # again, from the texts kept


def test_texts_that_quote_the_keys_are_written_as_pydantic_writes_them() -> None:
    request = EstimateRequest.model_validate(
        {"patient": {"age": 42, "skin_type": 4}, "concerns": [{"type": "acne_scars", "severity": "mild"}]}
    )
    estimate = estimate_course(request, RULES)
    quoting = ',"rules_version":"x","factors":[],"cautions":[]'
    source = estimate.factors[0].source
    changed = estimate.model_copy(
        update={
            "factors": [Factor(code="quoting_factor", text=quoting, source=source)],
            "cautions": [Caution(code="quoting_caution", text=quoting, source=source), *estimate.cautions],
            "disclaimer": quoting,
        }
    )

    assert estimate_json(changed) == changed.model_dump_json()


def test_an_estimate_without_factors_or_cautions_is_written_as_pydantic_writes_it() -> None:
    request = EstimateRequest.model_validate(
        {"patient": {"age": 42, "skin_type": 1}, "concerns": [{"type": "acne_scars", "severity": "mild"}]}
    )
    empty = estimate_course(request, RULES).model_copy(update={"factors": [], "cautions": []})

    assert estimate_json(empty) == empty.model_dump_json()
