"""Estimate a course of pico laser treatment: sessions, spacing and when results show.

Pure and deterministic: the same request and rule set always give the same estimate, and nothing here
reads a clock, the environment or the network. Every figure comes from the rule set; this module only
decides which rules apply and how figures combine.

How figures combine:
- Each concern gets its own figures, with the patient's traits (age, skin type, sensitivity) applied.
- Concerns are treated in the same sessions, so each overall figure is the most demanding of the
  concerns' figures, bound by bound (the largest minimum, the largest maximum).
- `course_days` runs from the first session to the last: (fewest sessions - 1) x shortest interval up to
  (most sessions - 1) x longest interval.
- `final_results_days` is one skin cell turnover cycle for the patient's age, counted from the last
  session: results keep improving until then.

What is explained: a factor is listed only when its rule set or moved a figure of the answer (the whole
course's or a concern's own). Rules that raise a figure are applied in the rule set's order and listed
only when they changed it; one that would have set the same figure again is left out, so every listed
factor is needed: `estimate_course_without` shows the figures without it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from pydantic import BaseModel

from pico_planner.core.concerns import (
    TATTOO_COLOURS,
    AcneScarsConcern,
    Concern,
    EstimateRequest,
    Patient,
    PigmentationConcern,
    SkinLaxityConcern,
    TattooConcern,
    WoundScarsConcern,
    WrinklesConcern,
)
from pico_planner.core.estimate_models import (
    Caution,
    ConcernEstimate,
    DecidedFigure,
    Estimate,
    Factor,
    KirbyDesaiBreakdown,
)
from pico_planner.core.figures import DayRange, SessionCount, day_range, remember, session_count
from pico_planner.core.ruleset import (
    IntervalRule,
    Rule,
    RuleSet,
    SessionRule,
    SlowerResults,
    larger_sessions,
)


class _ConcernFigures(NamedTuple):
    """One concern's figures and the rules that produced them, before they are combined."""

    sessions: SessionCount
    interval_days: DayRange
    first_results_days: DayRange
    factors: tuple[Rule, ...]
    cautions: tuple[Rule, ...]
    kirby_desai: KirbyDesaiBreakdown | None


def estimate_course(request: EstimateRequest, rules: RuleSet) -> Estimate:
    """Estimate the course for one patient and all their concerns, treated in the same sessions."""
    return _estimate(request, rules, frozenset())


def estimate_course_without(request: EstimateRequest, rules: RuleSet, ignored: frozenset[str]) -> Estimate:
    """The estimate as if the rules that raise a figure with these codes did not exist.

    Rules that set a figure in the first place (a severity's sessions, the default spacing, the
    Kirby–Desai points and the pico correction, a turnover band) cannot be ignored: without them there is
    no figure. This is how the tests prove that every listed factor moved a figure.
    """
    return _estimate(request, rules, ignored)


def _estimate(request: EstimateRequest, rules: RuleSet, ignored: frozenset[str]) -> Estimate:
    patient = request.patient
    per_concern = [_figures_for_concern(concern, patient, rules, ignored) for concern in request.concerns]

    sessions = _most_demanding_sessions([figures.sessions for figures in per_concern])
    interval_days = _most_demanding_days([figures.interval_days for figures in per_concern])
    first_results_days = _most_demanding_days([figures.first_results_days for figures in per_concern])
    turnover = rules.turnover_for_age(patient.age)

    factor_rules = [rule for figures in per_concern for rule in figures.factors]
    factor_rules.append(turnover)
    caution_rules = [*_patient_cautions(patient, rules)]
    caution_rules.extend(rule for figures in per_concern for rule in figures.cautions)
    caution_rules.extend(_plan_cautions(request.concerns, sessions.max, rules))

    # Trusted: every figure is a validated DayRange or SessionCount (course_days from `day_range`), the
    # concerns, factors and cautions are models this module made, and the version and disclaimer are
    # the validated rule set's own.
    return _trusted(
        Estimate,
        sessions=sessions,
        interval_days=interval_days,
        first_results_days=first_results_days,
        course_days=_course_days(sessions, interval_days),
        final_results_days=turnover.days,
        concerns=[
            _concern_estimate(
                index,
                concern=concern,
                figures=figures,
                sessions=sessions,
                interval_days=interval_days,
                first_results_days=first_results_days,
            )
            for index, (concern, figures) in enumerate(zip(request.concerns, per_concern, strict=True))
        ],
        factors=[_factor(rule) for rule in _once(factor_rules)],
        cautions=[_caution(rule) for rule in _once(caution_rules)],
        rules_version=rules.version,
        disclaimer=rules.disclaimer,
    )


def _figures_for_concern(
    concern: Concern, patient: Patient, rules: RuleSet, ignored: frozenset[str]
) -> _ConcernFigures:
    kirby_desai: KirbyDesaiBreakdown | None = None
    if isinstance(concern, TattooConcern):
        kirby_desai, session_rules = _tattoo_sessions(concern, patient, rules, ignored)
        sessions = kirby_desai.pico_sessions
    else:
        sessions, session_rules = _treatment_sessions(concern, rules, ignored)
    interval_days, interval_rules = _interval(concern, patient, rules, ignored)
    first_results_days, first_results_rules = _first_results(concern, patient, rules, ignored)
    cautions = _concern_cautions(concern, patient, kirby_desai, rules)
    return _ConcernFigures(
        sessions=sessions,
        interval_days=interval_days,
        first_results_days=first_results_days,
        factors=(*session_rules, *interval_rules, *first_results_rules),
        cautions=tuple(cautions),
        kirby_desai=kirby_desai,
    )


def _treatment_sessions(
    concern: WrinklesConcern | SkinLaxityConcern | PigmentationConcern | AcneScarsConcern | WoundScarsConcern,
    rules: RuleSet,
    ignored: frozenset[str],
) -> tuple[SessionCount, list[Rule]]:
    """Sessions for a skin concern: the severity's figures, raised by whatever else makes it harder."""
    by_severity = rules.session_rules_for(concern.type)
    if by_severity is None:  # pragma: no cover - every non-tattoo concern type has a severity table
        raise LookupError(f"no severity table for {concern.type}")
    severity_rule: SessionRule = by_severity.for_severity(concern.severity)
    sessions = severity_rule.sessions
    applied: list[Rule] = [severity_rule]
    adjustments = []
    if isinstance(concern, WrinklesConcern) and concern.dynamic:
        adjustments.append(rules.concerns.wrinkles.dynamic)
    if isinstance(concern, PigmentationConcern) and concern.area == "large":
        adjustments.append(rules.concerns.pigmentation.large_area)
    for adjustment in adjustments:
        if adjustment.code in ignored:
            continue
        raised = adjustment.apply(sessions)
        if raised != sessions:
            sessions = raised
            applied.append(adjustment)
    return sessions, applied


def _tattoo_sessions(
    concern: TattooConcern, patient: Patient, rules: RuleSet, ignored: frozenset[str]
) -> tuple[KirbyDesaiBreakdown, list[Rule]]:
    """Score the tattoo on the Kirby–Desai scale, then turn the score into a pico session range.

    The scale's sessions (about the score) come from nanosecond lasers and over-predict for pico, so the
    score is scaled by the rule set's correction (a range, because no ratio is validated). Within the
    typical band of scores the source document's range holds; above it each point may add at most
    `sessions_per_point` to a figure, so the estimate climbs from the source range to the corrected
    score without a cliff. Every step only ever rises with the score, so more ink, more colours, a harder
    location, scarring or layering never means fewer sessions. A large tattoo adds its sessions last.
    """
    tattoo = rules.concerns.tattoo
    scale = tattoo.kirby_desai
    applied: list[Rule] = [scale, tattoo.pico_correction]
    colours = concern.colours
    inks = tattoo.special_inks
    if inks.code not in ignored and any(ink in inks.inks for ink in concern.special_inks):
        lifted = max(colours, inks.colours_at_least, key=TATTOO_COLOURS.index)
        if lifted != colours:
            colours = lifted
            applied.append(inks)
    points = {
        "skin_type_points": scale.skin_type_points[patient.skin_type],
        "location_points": scale.location_points[concern.location],
        "colours_points": scale.colours_points[colours],
        "ink_points": scale.ink_points[concern.ink],
        "scarring_points": scale.scarring_points[concern.scarring],
        "layering_points": scale.layering_points["layered" if concern.layered else "none"],
    }
    score = sum(points.values())
    source_range = tattoo.source_range
    correction = tattoo.pico_correction
    band = tattoo.typical_band

    fewest = _percent_rounded_up(score, correction.low_percent)
    most = _percent_rounded_up(score, correction.high_percent)
    corrected = (fewest, most)
    within_band = score <= band.score_at_most
    if band.code not in ignored:
        climb = band.sessions_per_point * max(0, score - band.score_at_most)
        banded = (
            min(fewest, source_range.sessions.min + climb),
            min(most, source_range.sessions.max + climb),
        )
        if banded != (fewest, most):
            fewest, most = banded
            applied.append(band)
    if source_range.code not in ignored and fewest < source_range.sessions.min:
        fewest = source_range.sessions.min
        most = max(most, fewest)
        applied.append(source_range)
    if fewest != corrected[0] and most != corrected[1]:
        # The band and the source's range set both bounds: the correction's figures are not the plan's,
        # and its sentence ("half to three quarters of the score") would not be true of it.
        applied.remove(correction)
    large = tattoo.large_size
    if concern.size == "large" and large.code not in ignored:
        fewest, most = fewest + large.add, most + large.add
        applied.append(large)
    pico_sessions = session_count(fewest, most, (fewest + most + 1) // 2)

    # Trusted: every category's points come from the validated scale (0 to 10 each), so the total is
    # at least 0, and at least the scale's published minimum (validated to be at least 1 and to be
    # the sum of the lowest points), which the original scale's sessions must reach; the pico
    # sessions are a validated SessionCount.
    breakdown = _trusted(
        KirbyDesaiBreakdown,
        **points,
        total_score=score,
        original_scale_sessions=score,
        pico_sessions=pico_sessions,
        within_source_profile=within_band,
        beyond_source_range=pico_sessions.max > source_range.sessions.max,
    )
    return breakdown, applied


def _percent_rounded_up(value: int, percent: int) -> int:
    # Integer arithmetic: a float product such as 10 * 0.7 would round up to the wrong whole session.
    return -(-value * percent // 100)


def _interval(
    concern: Concern, patient: Patient, rules: RuleSet, ignored: frozenset[str]
) -> tuple[DayRange, list[Rule]]:
    """Days between sessions: the default (or the tattoo spacing), stretched for the patient's skin.

    An extension is a factor only when it stretched the spacing: a tattoo's spacing already reaches
    8 weeks, and of two traits that allow the same stretch only the first is needed.
    """
    base: IntervalRule = (
        rules.concerns.tattoo.interval if isinstance(concern, TattooConcern) else rules.intervals.default
    )
    interval = base.interval_days
    applied: list[Rule] = [base]
    for extension in rules.intervals.extensions:
        skin_type_applies = (
            extension.skin_type_at_least is not None and patient.skin_type >= extension.skin_type_at_least
        )
        sensitivity_applies = extension.sensitive_skin and patient.sensitive_skin
        if extension.code in ignored:
            continue
        if (skin_type_applies or sensitivity_applies) and extension.max_days > interval.max:
            interval = day_range(interval.min, extension.max_days)
            applied.append(extension)
    return interval, applied


def _first_results(
    concern: Concern, patient: Patient, rules: RuleSet, ignored: frozenset[str]
) -> tuple[DayRange, list[Rule]]:
    """Days until first results: the default, unless something about the patient or concern slows it.

    Slower rules are taken in the rule set's order, each listed only when it made the wait longer.
    """
    severity = None if isinstance(concern, TattooConcern) else concern.severity
    default = rules.first_results.default.days
    fewest, most = default.min, default.max
    moved: list[SlowerResults] = []
    for rule in rules.first_results.slower:
        applies = (
            (rule.age_at_least is not None and patient.age >= rule.age_at_least)
            or (rule.skin_type_at_least is not None and patient.skin_type >= rule.skin_type_at_least)
            or (rule.severity is not None and severity == rule.severity)
        )
        if applies and rule.code not in ignored and (rule.days.min > fewest or rule.days.max > most):
            fewest, most = max(fewest, rule.days.min), max(most, rule.days.max)
            moved.append(rule)
    if not moved:
        return default, [rules.first_results.default]
    return _most_demanding_days([rule.days for rule in moved]), list(moved)


def _patient_cautions(patient: Patient, rules: RuleSet) -> list[Rule]:
    darker_skin = rules.cautions.darker_skin
    return [darker_skin] if patient.skin_type >= darker_skin.skin_type_at_least else []


def _plan_cautions(concerns: Iterable[Concern], planned_sessions: int, rules: RuleSet) -> list[Rule]:
    """Cautions about the plan as a whole: they speak of the sessions the patient will book (for an
    estimate, the most it gives)."""
    few_sessions = rules.cautions.modest_wrinkles_evidence
    concerned = any(concern.type in few_sessions.concern_types for concern in concerns)
    return [few_sessions] if concerned and planned_sessions < few_sessions.below_sessions else []


def with_plan_cautions(
    estimate: Estimate, concerns: Iterable[Concern], planned_sessions: int, rules: RuleSet
) -> Estimate:
    """The estimate with its plan cautions judged on the sessions actually planned: a schedule's
    count may differ from the estimate's (the caller's `sessions`, a clinic's cap)."""
    plan_codes = {rules.cautions.modest_wrinkles_evidence.code}
    kept = [caution for caution in estimate.cautions if caution.code not in plan_codes]
    cautions = kept + [_caution(rule) for rule in _plan_cautions(concerns, planned_sessions, rules)]
    if cautions == estimate.cautions:
        return estimate
    return estimate.model_copy(update={"cautions": cautions})


def _concern_cautions(
    concern: Concern,
    patient: Patient,
    kirby_desai: KirbyDesaiBreakdown | None,
    rules: RuleSet,
) -> list[Rule]:
    cautions = rules.cautions
    raised: list[Rule] = []
    if isinstance(concern, PigmentationConcern) and concern.subtype in cautions.recurrence.subtypes:
        raised.append(cautions.recurrence)
    scars = cautions.scar_keloid
    if concern.type in scars.concern_types and patient.skin_type >= scars.skin_type_at_least:
        raised.append(scars)
    if isinstance(concern, TattooConcern):
        for ink_caution in (cautions.tattoo_ink_darkening, cautions.tattoo_ink_wavelength):
            if any(ink in ink_caution.inks for ink in concern.special_inks):
                raised.append(ink_caution)
    if kirby_desai is not None:
        if kirby_desai.beyond_source_range:
            raised.append(cautions.tattoo_beyond_source_range)
        if kirby_desai.total_score > cautions.tattoo_high_score.score_above:
            raised.append(cautions.tattoo_high_score)
        if patient.skin_type >= cautions.tattoo_skin_type.skin_type_at_least:
            raised.append(cautions.tattoo_skin_type)
    return raised


def _concern_estimate(
    index: int,
    *,
    concern: Concern,
    figures: _ConcernFigures,
    sessions: SessionCount,
    interval_days: DayRange,
    first_results_days: DayRange,
) -> ConcernEstimate:
    decides: list[DecidedFigure] = []
    if _sets_a_session_bound(figures.sessions, sessions):
        decides.append("sessions")
    if _sets_a_day_bound(figures.interval_days, interval_days):
        decides.append("interval_days")
    if _sets_a_day_bound(figures.first_results_days, first_results_days):
        decides.append("first_results_days")
    # Trusted: the index comes from enumerate, the type and subtype from the validated request, the
    # figures are validated DayRange and SessionCount values, `decides` holds only DecidedFigure names
    # and the factor codes are the validated rules' codes.
    return _trusted(
        ConcernEstimate,
        index=index,
        type=concern.type,
        subtype=concern.subtype if isinstance(concern, PigmentationConcern) else None,
        sessions=figures.sessions,
        interval_days=figures.interval_days,
        first_results_days=figures.first_results_days,
        decides=decides,
        factor_codes=[rule.code for rule in _once(figures.factors)],
        kirby_desai=figures.kirby_desai,
    )


def _sets_a_session_bound(own: SessionCount, overall: SessionCount) -> bool:
    return own.min == overall.min or own.recommended == overall.recommended or own.max == overall.max


def _sets_a_day_bound(own: DayRange, overall: DayRange) -> bool:
    return own.min == overall.min or own.max == overall.max


def _most_demanding_sessions(counts: Iterable[SessionCount]) -> SessionCount:
    most_demanding: SessionCount | None = None
    for count in counts:
        most_demanding = count if most_demanding is None else larger_sessions(most_demanding, count)
    if most_demanding is None:  # pragma: no cover - the request model requires at least one concern
        raise ValueError("at least one concern is needed")
    return most_demanding


def _most_demanding_days(ranges: list[DayRange]) -> DayRange:
    """The largest minimum and the largest maximum of at least one range."""
    fewest, most = ranges[0].min, ranges[0].max
    for days in ranges:
        fewest = max(fewest, days.min)
        most = max(most, days.max)
    for days in ranges:
        if days.min == fewest and days.max == most:
            return days  # one range is already the answer (ranges are immutable, so it can be shared)
    return day_range(fewest, most)


def _course_days(sessions: SessionCount, interval_days: DayRange) -> DayRange:
    return day_range((sessions.min - 1) * interval_days.min, (sessions.max - 1) * interval_days.max)


def _trusted[Model: BaseModel](model: type[Model], **values: Any) -> Model:
    """`model(**values)` without validating again values that are already valid, as pydantic's
    `model_construct` makes it (the fields' values, the fields set, no extra, no private state).

    For the models of an estimate, whose every field is given: pydantic's own `model_construct` looks up
    each field's aliases and defaults in Python and costs more than validating (docs/decisions.md).
    Only for values whose every constraint the caller guarantees, and for models without private
    attributes or a post-init hook (which `model_construct` would also have to honour).
    """
    made = model.__new__(model)
    _set_attribute(made, "__dict__", values)
    _set_attribute(made, "__pydantic_fields_set__", set(values))
    _set_attribute(made, "__pydantic_extra__", None)
    _set_attribute(made, "__pydantic_private__", None)
    return made


_set_attribute = object.__setattr__  # a frozen model refuses its own __setattr__, as model_construct knows


# A rule's factor and caution are the same for every estimate that cites it, and immutable: each is
# made once. Keyed by the rule's content (texts hash once), so a rule set loaded twice shares them.
_RuleContent = tuple[str, str, str, tuple[str, ...], str | None]
_factors: dict[_RuleContent, Factor] = {}
_cautions: dict[_RuleContent, Caution] = {}
# The same, found by the rule object itself, as every estimate cites the loaded rule set's own rules:
# a lookup by identity hashes no content. Each entry holds its rule, so its id names no other object.
_factor_of_rule: dict[int, tuple[Rule, Factor]] = {}
_caution_of_rule: dict[int, tuple[Rule, Caution]] = {}


def _factor(rule: Rule) -> Factor:
    known = _factor_of_rule.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    key = _content(rule)
    made = _factors.get(key)
    if made is None:
        made = remember(_factors, key, Factor(code=rule.code, text=rule.text, source=rule.source))
    remember(_factor_of_rule, id(rule), (rule, made))
    return made


def _caution(rule: Rule) -> Caution:
    known = _caution_of_rule.get(id(rule))
    if known is not None and known[0] is rule:
        return known[1]
    key = _content(rule)
    made = _cautions.get(key)
    if made is None:
        made = remember(_cautions, key, Caution(code=rule.code, text=rule.text, source=rule.source))
    remember(_caution_of_rule, id(rule), (rule, made))
    return made


def _content(rule: Rule) -> _RuleContent:
    source = rule.source  # strings hash once; hashing the pydantic source itself costs more per request
    return (rule.code, rule.text, source.evidence, source.references, source.quote)


def _once(rules: Iterable[Rule]) -> list[Rule]:
    """Each rule once, in the order first met.

    A code names one rule of the rule set (its codes are unique), so a later rule with a code already
    met is the same rule: keeping it in the first one's place keeps the first.
    """
    return list({rule.code: rule for rule in rules}.values())
