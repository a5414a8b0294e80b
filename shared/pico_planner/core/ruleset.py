"""The planning rules as validated data.

Every figure the estimate uses lives in a versioned JSON rule set (`rulesets/<version>.json`), not in
code, so a clinic-facing change of figures is a reviewed data change. The rule set carries its
bibliography once (`references`): the source document and each publication a rule rests on, with what a
clinic needs to find it (DOI, PMID or URL) and how strong its evidence is. Each rule's source refers to
those entries by id, quotes the source document's sentences when it rests on them, and states its
evidence level. A rule set that breaks any invariant (an inverted range, a source that cannot be
followed, a repeated code, an age band that leaves a gap) fails at load with `RuleSetError`: a
deployment defect, never a patient's fault.

The checks run where the rule set is read from its JSON: in tests, on a developer's machine, and once in
`sam build`, which ships the validated rule set beside the JSON as a snapshot (`ruleset_snapshot.py`).
A function restores the snapshot instead of validating again, so its cold start builds no validator
for the thirty rule models (they are declared with `defer_build`); a snapshot that does not match the
JSON beside it is ignored and the JSON is validated as anywhere else.
"""

import functools
import hashlib
import itertools
import json
import pickle
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
    SpecialInk,
    TattooColours,
    TattooInk,
    TattooLocation,
    TattooScarring,
)
from pico_planner.core.errors import RuleSetError
from pico_planner.core.figures import DayRange, SessionCount, session_count

DEFAULT_RULES_VERSION: Final = "2026.12"
_VERSION_PATTERN: Final = r"^\d{4}\.\d{2}$"
_RULESET_PACKAGE: Final = "pico_planner.core.rulesets"

# `defer_build`: a rule model's validator is built when a rule set is first validated, not when the
# class is declared; a function that restores the build's snapshot never builds them. The sources an
# answer carries are written with every field, null included, so the document marks each required there.
_FROZEN = ConfigDict(
    extra="forbid", frozen=True, defer_build=True, json_schema_serialization_defaults_required=True
)

RuleCode = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=3, max_length=60)]
Points = Annotated[int, Field(ge=0, le=10)]
Percent = Annotated[int, Field(ge=1, le=100)]


EvidenceLevel = Literal[
    "source_document", "randomised_trial", "cohort_or_case_series", "review", "clinic_practice"
]
SOURCE_DOCUMENT_ID: Final = "source_document"
ReferenceId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", min_length=3, max_length=60)]

# Marks of working notes that must never reach a caller: a file name, a section sign, a confidence mark.
NOTE_MARKS: Final = re.compile(r"\.md\b|§|\[[SVU](?:,[^\]]*)?\]", re.IGNORECASE)


class Reference(BaseModel):
    """One entry of the bibliography: the source document or a publication a clinic can look up."""

    model_config = _FROZEN

    id: ReferenceId = Field(description="Stable id that rule sources refer to.")
    evidence: EvidenceLevel = Field(
        description=(
            "What kind of evidence this is: source_document (the document the rules follow), "
            "randomised_trial, cohort_or_case_series, review, or clinic_practice (a clinic's or vendor's "
            "published practice, not a study)."
        )
    )
    authors: str | None = Field(default=None, description="Authors, as published, when known.")
    year: int | None = Field(default=None, ge=1950, le=2100, description="Year of publication, when known.")
    title: str | None = Field(default=None, description="Title, when known.")
    published_in: str | None = Field(
        default=None, description="Journal (with volume and pages when known) or website."
    )
    doi: str | None = Field(default=None, pattern=r"^10\.\d{4,9}/\S+$", description="DOI, if any.")
    pmid: str | None = Field(default=None, pattern=r"^\d{1,9}$", description="PubMed id, if any.")
    url: str | None = Field(default=None, pattern=r"^https://\S+$", description="Web address, if any.")

    @model_validator(mode="after")
    def _can_be_followed(self) -> Self:
        if self.evidence == "source_document":
            if self.id != SOURCE_DOCUMENT_ID or not self.title:
                raise ValueError(f"the source document is the entry {SOURCE_DOCUMENT_ID!r}, with its title")
        elif self.doi is None and self.pmid is None and self.url is None:
            raise ValueError(f"reference {self.id!r} gives no DOI, PMID or URL to follow")
        elif self.published_in is None:
            raise ValueError(f"reference {self.id!r} names no journal or website")
        return self


class RuleSource(BaseModel):
    """Where a rule comes from: entries of the bibliography, by id, and how strong the evidence is."""

    model_config = _FROZEN

    evidence: EvidenceLevel = Field(
        description=(
            "The kind of evidence that carries the rule: the level of one of its references (see the "
            "bibliography's `evidence`), and a reference cited beside it for context may be stronger; "
            "source_document when the rule states what the source document says."
        )
    )
    references: tuple[ReferenceId, ...] = Field(
        min_length=1, description="Ids of the bibliography entries the rule rests on (see GET /v1/concerns)."
    )
    quote: str | None = Field(
        default=None,
        min_length=10,
        description="The source document's sentences the rule rests on, quoted; only when it cites them.",
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


class TattooTypicalBand(Rule):
    """Tattoos whose score is in the band the source document's range speaks for, and how fast it ends.

    Up to `score_at_most` the estimate stays within the source range; each point above lets every figure
    rise by at most `sessions_per_point` more, until the pico correction alone sets it. So two tattoos one
    point apart never differ by a cliff.
    """

    score_at_most: int = Field(ge=4, le=26, description="Highest Kirby–Desai score inside the band.")
    sessions_per_point: int = Field(ge=1, le=2, description="How much each point above the band may add.")


class InkAdjustment(Rule):
    """Inks that count as colours beyond black and red, whatever the colour category says."""

    inks: tuple[SpecialInk, ...] = Field(min_length=1)
    colours_at_least: TattooColours = Field(
        description="The colour level such a tattoo is scored at, at least."
    )


class IntervalRule(Rule):
    """A rule that sets the days between sessions."""

    interval_days: DayRange


class TattooRules(BaseModel):
    """Tattoo removal: the source range, the Kirby–Desai scale and the pico model built on it."""

    model_config = _FROZEN

    source_range: SessionRule = Field(description="The source document's range for tattoo removal.")
    typical_band: TattooTypicalBand
    kirby_desai: KirbyDesaiScale
    pico_correction: PicoCorrection
    special_inks: InkAdjustment = Field(description="Special inks raise the colour level they are scored at.")
    large_size: SessionAdjustment = Field(description="Applied to a large tattoo.")
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


class ScarCaution(Rule):
    """A caution for scars from a skin type up."""

    concern_types: tuple[ConcernType, ...] = Field(min_length=1)
    skin_type_at_least: int = Field(ge=MIN_SKIN_TYPE, le=MAX_SKIN_TYPE)


class InkCaution(Rule):
    """A caution for tattoos holding some special inks."""

    inks: tuple[SpecialInk, ...] = Field(min_length=1)


class FewSessionsCaution(Rule):
    """A caution when the plan for a concern stays below what published studies used."""

    concern_types: tuple[ConcernType, ...] = Field(min_length=1)
    below_sessions: int = Field(
        ge=2,
        le=50,
        description="Applies when the plan's most sessions (all concerns together) is below this.",
    )


class CautionRules(BaseModel):
    """When the estimate asks the patient and clinic to take care, and what it says."""

    model_config = _FROZEN

    darker_skin: SkinTypeCaution
    recurrence: SubtypeCaution
    modest_wrinkles_evidence: FewSessionsCaution
    scar_keloid: ScarCaution
    tattoo_beyond_source_range: Rule
    tattoo_high_score: ScoreThreshold
    tattoo_skin_type: SkinTypeCaution
    tattoo_ink_darkening: InkCaution
    tattoo_ink_wavelength: InkCaution


class RuleSet(BaseModel):
    """A complete, validated, versioned set of planning rules."""

    model_config = _FROZEN

    version: str = Field(pattern=_VERSION_PATTERN, description="Rule set version, year and month.")
    disclaimer: str = Field(min_length=20, description="Said with every estimate.")
    references: tuple[Reference, ...] = Field(
        min_length=1, description="The bibliography: every entry a rule's source refers to, each once."
    )
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
        self._check_sources()
        self._check_turnover_bands()
        self._check_intervals()
        self._check_first_results()
        self._check_tattoo()
        return self

    def _check_sources(self) -> None:
        by_id = {reference.id: reference for reference in self.references}
        if len(by_id) != len(self.references):
            raise ValueError("reference ids must be unique")
        cited: set[str] = set()
        for rule in self.rules():
            source = rule.source
            unknown = [ref for ref in source.references if ref not in by_id]
            if unknown:
                raise ValueError(f"rule {rule.code!r} cites unknown references: {', '.join(unknown)}")
            cited.update(source.references)
            if (SOURCE_DOCUMENT_ID in source.references) != (source.quote is not None):
                raise ValueError(
                    f"rule {rule.code!r} must quote the source document exactly when it cites it"
                )
            levels = {by_id[ref].evidence for ref in source.references}
            if source.evidence not in levels:
                raise ValueError(f"rule {rule.code!r} states evidence its references do not have")
        uncited = sorted(set(by_id) - cited)
        if uncited:
            raise ValueError(f"references no rule cites: {', '.join(uncited)}")
        marked = NOTE_MARKS.search(self.model_dump_json())
        if marked:
            raise ValueError(f"the rule set carries a working-notes mark: {marked.group(0)!r}")

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
        if not scale.min_score <= tattoo.typical_band.score_at_most < scale.max_score:
            raise ValueError("the typical tattoo band must end within the Kirby–Desai range")

    def rules(self) -> Iterator[Rule]:
        """Every rule in the rule set, in document order."""
        yield from _rules_within(self)

    def reference(self, reference_id: str) -> Reference:
        """The bibliography entry with this id."""
        for reference in self.references:
            if reference.id == reference_id:
                return reference
        raise KeyError(reference_id)

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
    """The packaged rule set of this version (the default when None), validated once per process.

    Where the build shipped a snapshot made from this very JSON, the snapshot is restored instead:
    the same rule set, validated by the build rather than again at every cold start.
    """
    wanted = DEFAULT_RULES_VERSION if version is None else version
    if not re.fullmatch(_VERSION_PATTERN, wanted):
        raise RuleSetError(f"rule set version {wanted!r} is not of the form YYYY.MM")
    package = resources.files(_RULESET_PACKAGE)
    try:
        text = package.joinpath(f"{wanted}.json").read_bytes()
    except FileNotFoundError as error:
        raise RuleSetError(f"no rule set with version {wanted!r} is packaged") from error
    snapshot = package.joinpath(snapshot_name(wanted))
    if snapshot.is_file():
        restored = restore_snapshot(snapshot.read_bytes(), text)
        if restored is not None and restored.version == wanted:
            return restored
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


# What a snapshot holds: its format, the SHA-256 of the JSON it was validated from, and the rule set.
_SNAPSHOT_FORMAT: Final = 1


def snapshot_name(version: str) -> str:
    """The file a rule set version's snapshot is shipped in, beside `<version>.json`."""
    return f"{version}.validated.pickle"


def snapshot_bytes(rule_set: RuleSet, json_text: bytes) -> bytes:
    """A validated rule set as the build ships it, tied to the exact JSON it was validated from."""
    return pickle.dumps(
        (_SNAPSHOT_FORMAT, hashlib.sha256(json_text).hexdigest(), rule_set), protocol=pickle.HIGHEST_PROTOCOL
    )


def restore_snapshot(snapshot: bytes, json_text: bytes) -> RuleSet | None:
    """The rule set in a snapshot made from exactly `json_text`; None when it was made from other JSON.

    The snapshot is the build's own file, inside the deployed package (never a caller's input), so
    unpickling it is as trusted as importing the package's modules. One that cannot be read is a broken
    deployment, reported as `RuleSetError` like an invalid rule set.
    """
    try:
        snapshot_format, json_digest, rule_set = pickle.loads(snapshot)  # noqa: S301  (see docstring)
    except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError) as error:
        raise RuleSetError(f"the rule set snapshot cannot be read: {error}") from error
    if snapshot_format != _SNAPSHOT_FORMAT or json_digest != hashlib.sha256(json_text).hexdigest():
        return None
    if not isinstance(rule_set, RuleSet):
        raise RuleSetError("the rule set snapshot does not hold a rule set")
    return rule_set
