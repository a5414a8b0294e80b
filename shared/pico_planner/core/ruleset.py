"""The planning rules as validated data.

Every figure the estimate uses lives in a versioned JSON rule set (`rulesets/<version>.json`), not in
code, so a clinic-facing change of figures is a reviewed data change. Each rule names its source: a
sentence quoted from the source document, or a REFERENCE.md entry for what clinical practice adds.
A rule set that breaks any invariant (an inverted range, a missing source, a repeated code, an age band
that leaves a gap) fails at load with `RuleSetError`: a deployment defect, never a patient's fault.
"""

from __future__ import annotations

import functools
import itertools
import json
import re
from collections.abc import Iterator, Mapping
from importlib import resources
from typing import Annotated, Any, Final, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from pico_planner.core.concerns import (
    MAX_SKIN_TYPE,
    MIN_AGE,
    MIN_SKIN_TYPE,
    PIGMENTATION_SUBTYPES,
    SEVERITIES,
    TATTOO_COLOURS,
    TATTOO_INKS,
    TATTOO_LOCATIONS,
    TATTOO_SCARRING,
    ConcernType,
    PigmentationSubtype,
    Severity,
    TattooColours,
    TattooInk,
    TattooLocation,
    TattooScarring,
)
from pico_planner.core.errors import RuleSetError
from pico_planner.core.figures import DayRange, SessionCount, session_count

DEFAULT_RULES_VERSION: Final = "2026.11"
_VERSION_PATTERN: Final = r"^\d{4}\.\d{2}$"
_RULESET_PACKAGE: Final = "pico_planner.core.rulesets"

_FROZEN = ConfigDict(extra="forbid", frozen=True)

RuleCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=3, max_length=60)]
Points = Annotated[int, Field(ge=0, le=10)]
Percent = Annotated[int, Field(ge=1, le=100)]


class RuleSource(BaseModel):
    """Where a rule comes from."""

    model_config = _FROZEN

    origin: Literal["source_document", "clinical_addition"] = Field(
        description=(
            "source_document: the figure is stated by the source document; clinical_addition: clinical "
            "practice or published evidence adds it."
        )
    )
    citation: str = Field(
        min_length=10,
        description="The source document's sentence, quoted, or the reference entry the rule rests on.",
    )


class Rule(BaseModel):
    """A named, sourced rule with a sentence a patient could read."""

    model_config = _FROZEN

    code: RuleCode = Field(description="Stable machine code, unique within the rule set.")
    text: str = Field(min_length=10, description="What the rule means for the patient, in plain English.")
    source: RuleSource = Field(description="Where the rule comes from.")


class SessionRule(Rule):
    """A rule that sets a number of sessions."""

    sessions: SessionCount = Field(description="Sessions this rule sets.")


class SessionAdjustment(Rule):
    """A rule that raises a concern's sessions: add to every figure, then lift to a floor."""

    add: int = Field(default=0, ge=0, le=10, description="Sessions added to min, recommended and max.")
    at_least: SessionCount | None = Field(
        default=None, description="Floor for each figure after the addition, if any."
    )

    @model_validator(mode="after")
    def _raises_something(self) -> Self:
        if self.add == 0 and self.at_least is None:
            raise ValueError(f"adjustment {self.code!r} neither adds sessions nor sets a floor")
        return self

    def apply(self, sessions: SessionCount) -> SessionCount:
        """The sessions after this adjustment; never fewer than before."""
        raised = session_count(
            sessions.min + self.add, sessions.max + self.add, sessions.recommended + self.add
        )
        return raised if self.at_least is None else larger_sessions(raised, self.at_least)


class SeverityTable(BaseModel):
    """Sessions for each severity of a concern; never fewer for a more severe concern."""

    model_config = _FROZEN

    mild: SessionRule
    moderate: SessionRule
    severe: SessionRule

    def for_severity(self, severity: Severity) -> SessionRule:
        """The rule for one severity."""
        rule: SessionRule = getattr(self, severity)
        return rule

    @model_validator(mode="after")
    def _non_decreasing(self) -> Self:
        for lighter, heavier in itertools.pairwise(SEVERITIES):
            low = self.for_severity(lighter).sessions
            high = self.for_severity(heavier).sessions
            if low.min > high.min or low.max > high.max or low.recommended > high.recommended:
                raise ValueError(f"{heavier} must not need fewer sessions than {lighter}")
        return self


class WrinklesRules(BaseModel):
    """Fine lines and wrinkles."""

    model_config = _FROZEN

    by_severity: SeverityTable
    dynamic: SessionAdjustment = Field(description="Applied when the wrinkles are dynamic.")


class SeverityOnlyRules(BaseModel):
    """A concern whose sessions depend on severity alone."""

    model_config = _FROZEN

    by_severity: SeverityTable


class PigmentationRules(BaseModel):
    """Pigmentation, the same figures for every subtype."""

    model_config = _FROZEN

    subtypes: tuple[PigmentationSubtype, ...] = Field(description="The subtypes these figures cover.")
    by_severity: SeverityTable
    large_area: SessionAdjustment = Field(description="Applied when the pigmentation covers a large area.")

    @model_validator(mode="after")
    def _covers_every_subtype(self) -> Self:
        if sorted(self.subtypes) != sorted(PIGMENTATION_SUBTYPES):
            raise ValueError(f"subtypes must list each of {list(PIGMENTATION_SUBTYPES)} exactly once")
        return self


def _require_every_level(table: Mapping[Any, int], levels: tuple[Any, ...], category: str) -> None:
    if sorted(map(str, table)) != sorted(map(str, levels)):
        raise ValueError(f"Kirby–Desai {category} points must cover exactly {list(levels)}")
    values = [table[level] for level in levels]
    if values != sorted(values):
        raise ValueError(f"Kirby–Desai {category} points must not fall as the level rises")


class KirbyDesaiScale(Rule):
    """The Kirby–Desai point tables (six categories) and what the total means."""

    skin_type_points: dict[int, Points]
    location_points: dict[TattooLocation, Points]
    colours_points: dict[TattooColours, Points]
    ink_points: dict[TattooInk, Points]
    scarring_points: dict[TattooScarring, Points]
    layering_points: dict[Literal["none", "layered"], Points]
    min_score: int = Field(ge=1, description="Lowest possible total, as published.")
    max_score: int = Field(ge=1, description="Highest possible total, as published.")

    @model_validator(mode="after")
    def _complete_and_consistent(self) -> Self:
        skin_types = tuple(range(MIN_SKIN_TYPE, MAX_SKIN_TYPE + 1))
        _require_every_level(self.skin_type_points, skin_types, "skin type")
        _require_every_level(self.location_points, TATTOO_LOCATIONS, "location")
        _require_every_level(self.colours_points, TATTOO_COLOURS, "colour")
        _require_every_level(self.ink_points, TATTOO_INKS, "ink")
        _require_every_level(self.scarring_points, TATTOO_SCARRING, "scarring")
        _require_every_level(self.layering_points, ("none", "layered"), "layering")
        tables: list[Mapping[Any, int]] = [
            self.skin_type_points,
            self.location_points,
            self.colours_points,
            self.ink_points,
            self.scarring_points,
            self.layering_points,
        ]
        lowest = sum(min(table.values()) for table in tables)
        highest = sum(max(table.values()) for table in tables)
        if (lowest, highest) != (self.min_score, self.max_score):
            raise ValueError(
                f"Kirby–Desai points add up to {lowest}..{highest}, "
                f"but the published range is {self.min_score}..{self.max_score}"
            )
        return self


class ScoreThreshold(Rule):
    """A rule that applies above a Kirby–Desai score."""

    score_above: int = Field(ge=1, description="Applies when the total score is above this.")


class PicoCorrection(Rule):
    """The scale predates pico lasers and over-predicts: scale the score to a pico session range."""

    low_percent: Percent = Field(description="Fewest sessions as a percentage of the score, rounded up.")
    high_percent: Percent = Field(description="Most sessions as a percentage of the score, rounded up.")

    @model_validator(mode="after")
    def _ordered(self) -> Self:
        if self.low_percent > self.high_percent:
            raise ValueError(f"low_percent ({self.low_percent}) exceeds high_percent ({self.high_percent})")
        return self


class TattooSourceProfile(Rule):
    """The tattoos the source document's range speaks for; their estimate stays within that range."""

    inks: tuple[TattooInk, ...] = Field(min_length=1)
    colours: tuple[TattooColours, ...] = Field(min_length=1)
    scarring: tuple[TattooScarring, ...] = Field(min_length=1)
    layered: bool = Field(description="Whether layered (cover-up) tattoos are inside the profile.")


class IntervalRule(Rule):
    """A rule that sets the days between sessions."""

    interval_days: DayRange


class TattooRules(BaseModel):
    """Tattoo removal: the source range, the Kirby–Desai scale and the pico model built on it."""

    model_config = _FROZEN

    source_range: SessionRule = Field(description="The source document's range for tattoo removal.")
    source_profile: TattooSourceProfile
    kirby_desai: KirbyDesaiScale
    pico_correction: PicoCorrection
    interval: IntervalRule = Field(description="Spacing for tattoo removal sessions.")


class ConcernRules(BaseModel):
    """Session rules for each concern type."""

    model_config = _FROZEN

    wrinkles: WrinklesRules
    skin_laxity: SeverityOnlyRules
    pigmentation: PigmentationRules
    acne_scars: SeverityOnlyRules
    wound_scars: SeverityOnlyRules
    tattoo: TattooRules


class IntervalExtension(Rule):
    """A patient trait that lets sessions be spaced further apart."""

    max_days: int = Field(ge=1, le=365, description="The longest spacing this rule allows.")
    skin_type_at_least: int | None = Field(
        default=None, ge=MIN_SKIN_TYPE, le=MAX_SKIN_TYPE, description="Applies from this skin type up."
    )
    sensitive_skin: bool = Field(default=False, description="Applies to sensitive skin.")

    @model_validator(mode="after")
    def _has_a_condition(self) -> Self:
        if self.skin_type_at_least is None and not self.sensitive_skin:
            raise ValueError(f"interval extension {self.code!r} names no skin type and no sensitivity")
        return self


class IntervalRules(BaseModel):
    """Days between sessions."""

    model_config = _FROZEN

    default: IntervalRule
    extensions: tuple[IntervalExtension, ...] = Field(min_length=1)


class DaysRule(Rule):
    """A rule that sets a range of days."""

    days: DayRange


class SlowerResults(DaysRule):
    """A reason first results may take longer; exactly one condition is set."""

    age_at_least: int | None = Field(default=None, ge=MIN_AGE)
    skin_type_at_least: int | None = Field(default=None, ge=MIN_SKIN_TYPE, le=MAX_SKIN_TYPE)
    severity: Severity | None = None

    @model_validator(mode="after")
    def _one_condition(self) -> Self:
        conditions = [self.age_at_least, self.skin_type_at_least, self.severity]
        if sum(condition is not None for condition in conditions) != 1:
            raise ValueError(
                f"slower-results rule {self.code!r} must set exactly one of "
                "age_at_least, skin_type_at_least, severity"
            )
        return self


class FirstResultsRules(BaseModel):
    """Days after the first session until first visible results."""

    model_config = _FROZEN

    default: DaysRule
    slower: tuple[SlowerResults, ...] = Field(min_length=1)


class TurnoverBand(DaysRule):
    """Skin cell turnover from an age upwards, until the next band starts."""

    from_age: int = Field(ge=0, le=150)


class SkinTypeCaution(Rule):
    """A caution from a skin type up."""

    skin_type_at_least: int = Field(ge=MIN_SKIN_TYPE, le=MAX_SKIN_TYPE)


class SubtypeCaution(Rule):
    """A caution for some pigmentation subtypes."""

    subtypes: tuple[PigmentationSubtype, ...] = Field(min_length=1)


class FewSessionsCaution(Rule):
    """A caution when a concern's estimate stays below what published studies used."""

    concern_types: tuple[ConcernType, ...] = Field(min_length=1)
    below_sessions: int = Field(ge=2, le=50, description="Applies when the most sessions is below this.")


class CautionRules(BaseModel):
    """When the estimate asks the patient and clinic to take care, and what it says."""

    model_config = _FROZEN

    darker_skin: SkinTypeCaution
    recurrence: SubtypeCaution
    modest_wrinkles_evidence: FewSessionsCaution
    tattoo_beyond_source_range: Rule
    tattoo_high_score: ScoreThreshold
    tattoo_skin_type: SkinTypeCaution


class RuleSet(BaseModel):
    """A complete, validated, versioned set of planning rules."""

    model_config = _FROZEN

    version: str = Field(pattern=_VERSION_PATTERN, description="Rule set version, year and month.")
    disclaimer: str = Field(min_length=20, description="Said with every estimate.")
    default_course: SessionRule = Field(description="What most patients need, whatever the concern.")
    intervals: IntervalRules
    first_results: FirstResultsRules
    turnover: tuple[TurnoverBand, ...] = Field(min_length=1, description="Ordered by from_age.")
    concerns: ConcernRules
    cautions: CautionRules

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        codes = [rule.code for rule in self.rules()]
        repeated = sorted({code for code in codes if codes.count(code) > 1})
        if repeated:
            raise ValueError(f"rule codes must be unique; repeated: {', '.join(repeated)}")
        self._check_turnover_bands()
        self._check_intervals()
        self._check_first_results()
        self._check_tattoo()
        return self

    def _check_turnover_bands(self) -> None:
        ages = [band.from_age for band in self.turnover]
        if ages[0] > MIN_AGE:
            raise ValueError(f"the first turnover band must start at or below age {MIN_AGE}")
        if ages != sorted(set(ages)):
            raise ValueError("turnover bands must be listed by strictly rising from_age")
        for younger, older in itertools.pairwise(self.turnover):
            if younger.days.min > older.days.min or younger.days.max > older.days.max:
                raise ValueError(f"turnover must not speed up with age ({younger.code} -> {older.code})")

    def _check_intervals(self) -> None:
        default = self.intervals.default.interval_days
        tattoo = self.concerns.tattoo.interval.interval_days
        # The source document says "at least two to four weeks": nothing may be spaced closer than that.
        if tattoo.min < default.min:
            raise ValueError("the tattoo interval must not start below the default minimum interval")
        for extension in self.intervals.extensions:
            if extension.max_days < default.max:
                raise ValueError(f"interval extension {extension.code!r} is shorter than the default")

    def _check_first_results(self) -> None:
        default = self.first_results.default.days
        for slower in self.first_results.slower:
            if slower.days.min < default.min or slower.days.max < default.max:
                raise ValueError(f"slower-results rule {slower.code!r} is not slower than the default")

    def _check_tattoo(self) -> None:
        tattoo = self.concerns.tattoo
        scale = tattoo.kirby_desai
        threshold = self.cautions.tattoo_high_score.score_above
        if not scale.min_score <= threshold < scale.max_score:
            raise ValueError(
                f"the high-score caution threshold ({threshold}) must lie within the Kirby–Desai range "
                f"{scale.min_score}..{scale.max_score}"
            )

    def rules(self) -> Iterator[Rule]:
        """Every rule in the rule set, in document order."""
        yield from _rules_within(self)

    def rule(self, code: str) -> Rule:
        """The rule with this code."""
        for rule in self.rules():
            if rule.code == code:
                return rule
        raise KeyError(code)

    def turnover_for_age(self, age: int) -> TurnoverBand:
        """The turnover band an age falls in."""
        return [band for band in self.turnover if band.from_age <= age][-1]

    def session_rules_for(self, concern_type: ConcernType) -> SeverityTable | None:
        """The severity table of a concern type; tattoos have none."""
        if concern_type == "tattoo":
            return None
        rules: WrinklesRules | SeverityOnlyRules | PigmentationRules = getattr(self.concerns, concern_type)
        return rules.by_severity


def _rules_within(node: object) -> Iterator[Rule]:
    if isinstance(node, Rule):
        yield node
    if isinstance(node, BaseModel):
        for name in type(node).model_fields:
            yield from _rules_within(getattr(node, name))
    elif isinstance(node, tuple | list):
        for item in node:
            yield from _rules_within(item)


def larger_sessions(first: SessionCount, second: SessionCount) -> SessionCount:
    """Each figure the larger of the two: the more demanding of two session counts."""
    if first.min >= second.min and first.max >= second.max and first.recommended >= second.recommended:
        return first  # already the answer (counts are immutable, so it can be shared)
    if second.min >= first.min and second.max >= first.max and second.recommended >= first.recommended:
        return second
    return session_count(
        max(first.min, second.min), max(first.max, second.max), max(first.recommended, second.recommended)
    )


def parse_rule_set(document: str | bytes | Mapping[str, Any]) -> RuleSet:
    """Validate a rule set from JSON text or an already-decoded mapping; `RuleSetError` if malformed."""
    try:
        if isinstance(document, str | bytes):
            return RuleSet.model_validate_json(document)
        return RuleSet.model_validate(document)
    except ValidationError as error:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in detail['loc']) or '(top level)'}: {detail['msg']}"
            for detail in error.errors(include_url=False)
        )
        raise RuleSetError(f"invalid rule set: {problems}") from error


@functools.cache
def load_rule_set(version: str | None = None) -> RuleSet:
    """The packaged rule set of this version (the default when None), validated once per process."""
    wanted = DEFAULT_RULES_VERSION if version is None else version
    if not re.fullmatch(_VERSION_PATTERN, wanted):
        raise RuleSetError(f"rule set version {wanted!r} is not of the form YYYY.MM")
    resource = resources.files(_RULESET_PACKAGE).joinpath(f"{wanted}.json")
    try:
        text = resource.read_text(encoding="utf-8")
    except FileNotFoundError as error:
        raise RuleSetError(f"no rule set with version {wanted!r} is packaged") from error
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        raise RuleSetError(f"rule set {wanted} is not valid JSON: {error}") from error
    if not isinstance(document, dict):
        raise RuleSetError(f"rule set {wanted} must be a JSON object")
    rule_set = parse_rule_set(document)
    if rule_set.version != wanted:
        raise RuleSetError(f"rule set file {wanted}.json declares version {rule_set.version!r}")
    return rule_set
