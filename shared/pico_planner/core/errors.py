"""Typed domain errors raised by the planning core.

The API layer maps these to `application/problem+json` in one place (never by matching message text).
A `PlanningInputError` is the core saying "this request cannot be planned, and here is the field and
why": the same shape as a validation error, so callers see one kind of 422.
"""

from __future__ import annotations

from collections.abc import Sequence


class PlanningError(Exception):
    """Base class for every error the core raises on purpose."""


class PlanningInputError(PlanningError):
    """The request is well-formed but cannot be planned (422).

    `loc` names the offending field as a path, for example ("availability", "weekdays") or
    ("completed_sessions", 2); `error_type` is a short stable machine code such as "no_available_date".
    """

    def __init__(self, loc: Sequence[str | int], message: str, error_type: str) -> None:
        super().__init__(message)
        self.loc: tuple[str | int, ...] = tuple(loc)
        self.message = message
        self.error_type = error_type


class RuleSetError(PlanningError):
    """The rule set failed validation when loaded: a deployment defect, never a patient's fault."""
