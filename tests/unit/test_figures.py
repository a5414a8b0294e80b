"""Course figures are validated value objects; equal ones are made once and shared."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from pico_planner.core.figures import DayRange, SessionCount, day_range, session_count


@given(fewest=st.integers(0, 3660), extra=st.integers(0, 3660))
def test_a_shared_day_range_is_the_range_it_names(fewest: int, extra: int) -> None:
    most = min(fewest + extra, 3660)

    made = day_range(fewest, most)

    assert made == DayRange(min=fewest, max=most)
    assert day_range(fewest, most) is made


@given(fewest=st.integers(1, 50), extra=st.integers(0, 49), recommended_share=st.floats(0, 1))
def test_a_shared_session_count_is_the_count_it_names(
    fewest: int, extra: int, recommended_share: float
) -> None:
    most = min(fewest + extra, 50)
    recommended = fewest + round((most - fewest) * recommended_share)

    made = session_count(fewest, most, recommended)

    assert made == SessionCount(min=fewest, max=most, recommended=recommended)
    assert session_count(fewest, most, recommended) is made


@pytest.mark.parametrize(("fewest", "most"), [(5, 3), (15, 14), (-1, 3), (0, 3661)])
def test_a_shared_day_range_is_still_validated(fewest: int, most: int) -> None:
    with pytest.raises(ValidationError):
        day_range(fewest, most)
    with pytest.raises(ValidationError):  # a refusal is never remembered as a range
        day_range(fewest, most)


@pytest.mark.parametrize(("fewest", "most", "recommended"), [(3, 5, 6), (0, 5, 3), (3, 51, 4)])
def test_a_shared_session_count_is_still_validated(fewest: int, most: int, recommended: int) -> None:
    with pytest.raises(ValidationError):
        session_count(fewest, most, recommended)


def test_shared_figures_cannot_be_changed() -> None:
    shared = day_range(14, 28)

    with pytest.raises(ValidationError):
        shared.min = 1  # type: ignore[misc]


def test_a_full_table_hands_values_out_without_keeping_them() -> None:
    from pico_planner.core.figures import SHARED_VALUES_KEPT, remember

    table = {str(number): number for number in range(SHARED_VALUES_KEPT)}

    assert remember(table, "one more", 1) == 1
    assert "one more" not in table
    room: dict[str, int] = {}
    assert remember(room, "first", 1) == 1
    assert room == {"first": 1}
