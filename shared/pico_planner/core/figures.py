"""The figures a course of treatment is described by, shared by the estimate and the scheduler."""

from collections.abc import Hashable
from typing import Annotated, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

# The longest span a DayRange holds: ten years, which no course or result window approaches.
MAX_RANGE_DAYS = 3660

NonNegativeDays = Annotated[int, Field(ge=0, le=MAX_RANGE_DAYS)]


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


# The most sessions a course has: as many as an estimate may recommend (a heavily inked tattoo asks for
# 13 or more) and as many as a plan holds, so every input the estimate accepts can be planned without an
# override. It also bounds the work per request.
MAX_SESSIONS = 50


class SessionCount(BaseModel):
    """How many sessions: a range and the count we recommend planning for."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min: int = Field(ge=1, le=MAX_SESSIONS, description="Fewest sessions expected.")
    max: int = Field(ge=1, le=MAX_SESSIONS, description="Most sessions expected.")
    recommended: int = Field(ge=1, le=MAX_SESSIONS, description="The count to plan and book.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if not self.min <= self.recommended <= self.max:
            raise ValueError(
                f"expected min <= recommended <= max, got {self.min}, {self.recommended}, {self.max}"
            )
        return self


# Tables of shared values hold at most this many each: a guard only, as the values an estimate makes
# (whole days up to ten years, sessions up to 50, one rule set's explanations) are far fewer.
SHARED_VALUES_KEPT = 4096


def remember[Key: Hashable, Value](table: dict[Key, Value], key: Key, value: Value) -> Value:
    """`value`, kept in `table` under `key` while the table has room, for callers to share.

    For immutable values that `key` determines. Callers look the key up themselves first: on the
    path every request takes, a lookup is all it costs.
    """
    if len(table) < SHARED_VALUES_KEPT:
        table[key] = value
    return value


# Figures are immutable and equal by value, so each distinct one is validated once and then shared:
# an estimate builds the same few ranges and counts again and again.
_day_ranges: dict[tuple[int, int], DayRange] = {}
_session_counts: dict[tuple[int, int, int], SessionCount] = {}


def day_range(fewest: int, most: int) -> DayRange:
    """`DayRange(min=fewest, max=most)`, validated the first time and shared after."""
    key = (fewest, most)
    made = _day_ranges.get(key)
    if made is not None:
        return made
    return remember(_day_ranges, key, DayRange(min=fewest, max=most))


def sessions_text(count: int) -> str:
    """A count of sessions in an English message: "1 session", "3 sessions"."""
    return f"{count} session" if count == 1 else f"{count} sessions"


def session_count(fewest: int, most: int, recommended: int) -> SessionCount:
    """`SessionCount(min=fewest, max=most, recommended=recommended)`, validated once and shared after."""
    key = (fewest, most, recommended)
    made = _session_counts.get(key)
    if made is not None:
        return made
    return remember(_session_counts, key, SessionCount(min=fewest, max=most, recommended=recommended))


class CourseFigures(BaseModel):
    """What the scheduler needs from an estimate to place sessions on a calendar."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    sessions: SessionCount
    interval_days: DayRange = Field(description="Days between consecutive sessions.")
    first_results_days: DayRange = Field(description="Days after the first session until results show.")
    final_results_days: DayRange = Field(
        description="Days after the last session until the final review (one skin turnover cycle)."
    )
