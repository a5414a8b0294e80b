"""The figures a course of treatment is described by, shared by the estimate and the scheduler."""

from __future__ import annotations

from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

NonNegativeDays = Annotated[int, Field(ge=0, le=3660)]


class DayRange(BaseModel):
    """An inclusive range of whole days, for example an interval of 14 to 28 days."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: NonNegativeDays = Field(description="Fewest days.")
    max: NonNegativeDays = Field(description="Most days.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.min > self.max:
            raise ValueError(f"min ({self.min}) must not exceed max ({self.max})")
        return self


class SessionCount(BaseModel):
    """How many sessions: a range and the count we recommend planning for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = Field(ge=1, le=50, description="Fewest sessions expected.")
    max: int = Field(ge=1, le=50, description="Most sessions expected.")
    recommended: int = Field(ge=1, le=50, description="The count to plan and book.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min <= self.recommended <= self.max:
            raise ValueError(
                f"expected min <= recommended <= max, got {self.min}, {self.recommended}, {self.max}"
            )
        return self


# Figures are immutable and equal by value, so each distinct one is validated once and then shared:
# an estimate builds the same few ranges and counts again and again. Bounded, as a guard only: whole
# days up to ten years and sessions up to 50 make far fewer distinct figures than this in practice.
_FIGURES_KEPT = 4096
_day_ranges: dict[tuple[int, int], DayRange] = {}
_session_counts: dict[tuple[int, int, int], SessionCount] = {}


def day_range(fewest: int, most: int) -> DayRange:
    """`DayRange(min=fewest, max=most)`, validated the first time and shared after."""
    key = (fewest, most)
    made = _day_ranges.get(key)
    if made is None:
        made = DayRange(min=fewest, max=most)
        if len(_day_ranges) < _FIGURES_KEPT:
            _day_ranges[key] = made
    return made


def session_count(fewest: int, most: int, recommended: int) -> SessionCount:
    """`SessionCount(min=fewest, max=most, recommended=recommended)`, validated once and shared after."""
    key = (fewest, most, recommended)
    made = _session_counts.get(key)
    if made is None:
        made = SessionCount(min=fewest, max=most, recommended=recommended)
        if len(_session_counts) < _FIGURES_KEPT:
            _session_counts[key] = made
    return made


class CourseFigures(BaseModel):
    """What the scheduler needs from an estimate to place sessions on a calendar."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sessions: SessionCount
    interval_days: DayRange = Field(description="Days between consecutive sessions.")
    first_results_days: DayRange = Field(description="Days after the first session until results show.")
    final_results_days: DayRange = Field(
        description="Days after the last session until the final review (one skin turnover cycle)."
    )
