"""The estimate response: course figures, a per-concern breakdown, and the reasons behind both."""

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from pico_planner.core.concerns import ConcernType, PigmentationSubtype
from pico_planner.core.figures import CourseFigures, DayRange, SessionCount
from pico_planner.core.ruleset import RuleSource

# Written with every field, null included, so the document marks each one required in answers.
_FROZEN = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)

DecidedFigure = Literal["sessions", "interval_days", "first_results_days"]


class Factor(BaseModel):
    """A rule that set or moved a figure in this estimate."""

    model_config = _FROZEN

    code: str = Field(description="Stable machine code of the rule.")
    text: str = Field(description="What the rule means for the patient, in plain words (Content-Language).")
    source: RuleSource = Field(description="Where the rule comes from.")


class Caution(BaseModel):
    """Something the patient and clinic should take care over, raised by the inputs."""

    model_config = _FROZEN

    code: str = Field(description="Stable machine code of the caution.")
    text: str = Field(description="The caution, in plain words (Content-Language).")
    source: RuleSource = Field(description="Where the caution comes from.")


class KirbyDesaiBreakdown(BaseModel):
    """A tattoo's Kirby–Desai score and the session figures drawn from it."""

    model_config = _FROZEN

    skin_type_points: int = Field(ge=0, description="Points for the patient's Fitzpatrick skin type.")
    location_points: int = Field(ge=0, description="Points for where the tattoo is.")
    colours_points: int = Field(
        ge=0,
        description="Points for the ink colours (at least other colours' points given special inks).",
    )
    ink_points: int = Field(ge=0, description="Points for the amount of ink.")
    scarring_points: int = Field(ge=0, description="Points for scarring or tissue change.")
    layering_points: int = Field(ge=0, description="Points for layering (a cover-up tattoo).")
    total_score: int = Field(ge=0, description="Sum of the six category points.")
    original_scale_sessions: int = Field(
        ge=1,
        description=(
            "Sessions the original scale implies (about the total score, give or take 2.5), "
            "for the nanosecond lasers it was built on."
        ),
    )
    pico_sessions: SessionCount = Field(
        description="The pico estimate: the score scaled by the pico correction, within the source range "
        "for scores in the typical band and climbing gradually above it; one more for a large tattoo."
    )
    within_source_profile: bool = Field(
        description="Whether the score lies in the band of typical tattoos that the source range covers."
    )
    beyond_source_range: bool = Field(
        description="Whether the pico estimate goes beyond the source document's range for tattoos."
    )


class ConcernEstimate(BaseModel):
    """One concern's own figures, as if it were treated alone (patient traits included)."""

    model_config = _FROZEN

    index: int = Field(ge=0, description="Position of the concern in the request's concerns list.")
    type: ConcernType = Field(description="The concern type.")
    subtype: PigmentationSubtype | None = Field(description="The pigmentation subtype, if any.")
    sessions: SessionCount = Field(description="Sessions this concern needs.")
    interval_days: DayRange = Field(description="Days between sessions for this concern.")
    first_results_days: DayRange = Field(
        description="Days after the first session until this concern's first results show."
    )
    decides: list[DecidedFigure] = Field(
        description=(
            "Overall figures this concern sets: for each listed figure, at least one of its bounds is this "
            "concern's (ties list every concern involved)."
        )
    )
    factor_codes: list[str] = Field(description="Codes of the factors behind this concern's figures.")
    kirby_desai: KirbyDesaiBreakdown | None = Field(
        default=None, description="For a tattoo: its Kirby–Desai score and what it implies."
    )


class Estimate(BaseModel):
    """How many sessions, how far apart, and when results show, for all concerns treated together."""

    model_config = _FROZEN

    sessions: SessionCount = Field(description="Sessions for the whole course: the most demanding concern's.")
    interval_days: DayRange = Field(description="Days between consecutive sessions.")
    first_results_days: DayRange = Field(description="Days after the first session until first results show.")
    course_days: DayRange = Field(
        description=(
            "Days from the first session to the last: min is (fewest sessions - 1) x shortest interval, "
            "max is (most sessions - 1) x longest interval."
        )
    )
    final_results_days: DayRange = Field(
        description=(
            "Days after the last session until the final review: one skin cell turnover cycle for the "
            "patient's age (results keep improving until the last session)."
        )
    )
    concerns: list[ConcernEstimate] = Field(description="Each concern's own figures, in request order.")
    factors: list[Factor] = Field(
        description=(
            "Every rule that set or moved a figure, each listed once: each concern's, then the one that "
            "sets `final_results_days` from the patient's age, which belongs to no concern. With several "
            "concerns, a concern's factor may explain its own figure (its entry in `concerns`) rather than "
            "the course's: `concerns[].factor_codes` groups the factors by concern, and `decides` says "
            "which concerns set the course's figures."
        )
    )
    cautions: list[Caution] = Field(description="Cautions the inputs call for, each listed once.")
    rules_version: str = Field(description="Version of the rule set that produced this estimate.")
    disclaimer: str = Field(description="Planning figures, not medical advice (Content-Language).")

    def course_figures(self) -> CourseFigures:
        """The figures the scheduler places sessions with."""
        return CourseFigures(
            sessions=self.sessions,
            interval_days=self.interval_days,
            first_results_days=self.first_results_days,
            final_results_days=self.final_results_days,
        )
