"""The catalogue: what a caller may ask for, built from the request models and the rule set.

App forms are generated from this, so it is derived rather than written out: a new subtype or input in
the request models, or a new figure in the rule set, shows up here without anyone editing this module.
"""

from collections.abc import Mapping
from typing import Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from pico_planner.core.concerns import (
    CONCERN_TYPES,
    MAX_CONCERNS,
    Concern,
    ConcernType,
    Patient,
    Severity,
)
from pico_planner.core.figures import DayRange, SessionCount
from pico_planner.core.ruleset import Reference, RuleSet

# Written with every field, null included, so the document marks each one required in answers.
_FROZEN = ConfigDict(extra="forbid", frozen=True, json_schema_serialization_defaults_required=True)

InputValue = str | bool | int

# The labels forms show, in British English (the api layer translates them): a concern type by its
# value, an input by its field name, a choice by `field.value`. A new input or choice without a label
# fails when the catalogue is built, so it cannot ship unlabelled.
FORM_LABELS: Final[Mapping[str, str]] = {
    "wrinkles": "Fine lines and wrinkles",
    "skin_laxity": "Loose or sagging skin",
    "pigmentation": "Pigmentation",
    "acne_scars": "Acne scars",
    "wound_scars": "Scars from wounds",
    "tattoo": "Tattoo removal",
    "age": "Age",
    "skin_type": "Skin type (Fitzpatrick)",
    "sensitive_skin": "Sensitive skin",
    "severity": "Severity",
    "severity.mild": "Mild",
    "severity.moderate": "Moderate",
    "severity.severe": "Severe",
    "dynamic": "Wrinkles show when the face moves",
    "subtype": "Kind of pigmentation",
    "subtype.post_inflammatory": "Dark marks after inflammation or injury",
    "subtype.sun_damage": "Sun damage",
    "subtype.dark_spots": "Dark spots",
    "subtype.melasma": "Melasma",
    "subtype.freckles": "Freckles",
    "subtype.other": "Other discolouration",
    "area": "Area",
    "area.small": "Small",
    "area.large": "Large",
    "ink": "Amount of ink",
    "ink.amateur": "Amateur (home-made)",
    "ink.minimal": "Minimal",
    "ink.moderate": "Moderate",
    "ink.significant": "Significant",
    "colours": "Ink colours",
    "colours.black": "Black only",
    "colours.black_red": "Mostly black, some red",
    "colours.black_red_other": "Black and red, some other colours",
    "colours.multicolour": "Many colours",
    "location": "Where the tattoo is",
    "location.head_neck": "Head or neck",
    "location.upper_trunk": "Chest or upper back",
    "location.lower_trunk": "Belly or lower back",
    "location.proximal_extremity": "Upper arm or thigh",
    "location.distal_extremity": "Forearm, lower leg, hand or foot",
    "scarring": "Scarring at the tattoo",
    "scarring.none": "None",
    "scarring.minimal": "Minimal",
    "scarring.moderate": "Moderate",
    "scarring.significant": "Significant",
    "layered": "Cover-up over an older tattoo",
    "size": "Tattoo size",
    "size.small": "Small (up to 5 x 5 cm)",
    "size.medium": "Medium (up to 10 x 10 cm)",
    "size.large": "Large (over 10 x 10 cm)",
    "special_inks": "Special inks",
    "special_inks.white": "White",
    "special_inks.flesh": "Skin-tone",
    "special_inks.green": "Green",
    "special_inks.blue": "Blue",
    "special_inks.yellow": "Yellow",
}


class InputSpec(BaseModel):
    """One input a caller may send, with the values it accepts."""

    model_config = _FROZEN

    name: str = Field(description="Field name in the request.")
    label: str = Field(description="A short label for a form, in the answer's language (Content-Language).")
    description: str = Field(description="What the input means (for developers; always English).")
    kind: Literal["choice", "choices", "boolean", "integer"] = Field(
        description="How the input is given; choices is a list of distinct allowed values."
    )
    required: bool = Field(description="Whether the input must be sent.")
    allowed_values: list[InputValue] | None = Field(
        default=None, description="For a choice, choices or a boolean: every accepted value, in order."
    )
    minimum: int | None = Field(default=None, description="For an integer: the smallest accepted value.")
    maximum: int | None = Field(default=None, description="For an integer: the largest accepted value.")
    default: InputValue | list[InputValue] | None = Field(
        default=None, description="Value used when the input is left out."
    )
    value_labels: dict[str, str] | None = Field(
        default=None,
        description="For a choice or choices: a short label for each value, in the answer's language.",
    )


class ConcernTypeEntry(BaseModel):
    """A concern type a caller may send, its inputs and its default figures."""

    model_config = _FROZEN

    type: ConcernType = Field(description="The value of the concern's `type` field.")
    label: str = Field(description="A short label for a form, in the answer's language (Content-Language).")
    description: str = Field(description="What the concern type covers (for developers; always English).")
    subtypes: list[str] = Field(description="Accepted subtypes, if the concern type has any.")
    subtype_labels: dict[str, str] = Field(
        description="A short label for each subtype, in the answer's language (empty when there are none)."
    )
    inputs: list[InputSpec] = Field(description="The concern's inputs besides `type`.")
    default_sessions: SessionCount = Field(
        description=(
            "The source document's headline figure: sessions for a mild case with every optional input "
            "left at its default; for a tattoo, the source document's range for a typical tattoo."
        )
    )
    sessions_by_severity: dict[Severity, SessionCount] | None = Field(
        description="Sessions for each severity before other inputs raise them; none for a tattoo."
    )
    default_interval_days: DayRange = Field(
        description="Days between sessions before the patient's skin stretches the maximum."
    )


class Catalogue(BaseModel):
    """Everything an app needs to build an estimate form that matches the API."""

    model_config = _FROZEN

    rules_version: str = Field(description="Version of the rule set these figures come from.")
    patient_inputs: list[InputSpec] = Field(description="Inputs describing the patient.")
    max_concerns: int = Field(description="Most concerns one request may hold.")
    concern_types: list[ConcernTypeEntry] = Field(description="Every concern type, in a stable order.")
    default_sessions: SessionCount = Field(description="What most patients need, whatever the concern.")
    default_first_results_days: DayRange = Field(
        description="Days after the first session until most patients see first results."
    )
    disclaimer: str = Field(description="Planning figures, not medical advice (Content-Language).")
    references: list[Reference] = Field(
        description=(
            "The bibliography, each entry once: the source document and every publication a rule rests "
            "on. Each factor's and caution's `source.references` holds ids of these entries."
        )
    )


def build_catalogue(rules: RuleSet) -> Catalogue:
    """The catalogue for this rule set; the same rule set always gives the same catalogue."""
    models = _concern_models()
    return Catalogue(
        rules_version=rules.version,
        patient_inputs=_inputs_of(Patient),
        max_concerns=MAX_CONCERNS,
        concern_types=[
            _concern_entry(concern_type, models[concern_type], rules) for concern_type in CONCERN_TYPES
        ],
        default_sessions=rules.default_course.sessions,
        default_first_results_days=rules.first_results.default.days,
        disclaimer=rules.disclaimer,
        references=list(rules.references),
    )


def _concern_models() -> dict[str, type[BaseModel]]:
    union, _discriminator = get_args(Concern)
    models: dict[str, type[BaseModel]] = {}
    for model in get_args(union):
        (type_value,) = get_args(model.model_fields["type"].annotation)
        models[type_value] = model
    return models


def _concern_entry(concern_type: ConcernType, model: type[BaseModel], rules: RuleSet) -> ConcernTypeEntry:
    inputs = _inputs_of(model)
    subtypes = next((spec.allowed_values or [] for spec in inputs if spec.name == "subtype"), [])
    by_severity = rules.session_rules_for(concern_type)
    if by_severity is None:
        sessions_by_severity = None
        default_sessions = rules.concerns.tattoo.source_range.sessions
        interval = rules.concerns.tattoo.interval.interval_days
    else:
        sessions_by_severity = {
            severity: by_severity.for_severity(severity).sessions for severity in get_args(Severity)
        }
        # The source document's headline for each concern is its mildest row ("two or three" for wrinkles).
        default_sessions = sessions_by_severity["mild"]
        interval = rules.intervals.default.interval_days
    return ConcernTypeEntry(
        type=concern_type,
        label=FORM_LABELS[concern_type],
        description=model.model_fields["type"].description or concern_type,
        subtypes=[str(subtype) for subtype in subtypes],
        subtype_labels={str(subtype): FORM_LABELS[f"subtype.{subtype}"] for subtype in subtypes},
        inputs=inputs,
        default_sessions=default_sessions,
        sessions_by_severity=sessions_by_severity,
        default_interval_days=interval,
    )


def _inputs_of(model: type[BaseModel]) -> list[InputSpec]:
    """Read inputs from the model's JSON schema: the same source the OpenAPI document is built from."""
    schema = model.model_json_schema()
    required = set(schema.get("required", []))
    return [
        _input_spec(name, field_schema, required=name in required)
        for name, field_schema in schema["properties"].items()
        if name != "type"
    ]


def _input_spec(name: str, field_schema: dict[str, Any], *, required: bool) -> InputSpec:
    json_type = field_schema.get("type")
    if "enum" in field_schema:
        kind: Literal["choice", "choices", "boolean", "integer"] = "choice"
        allowed: list[InputValue] | None = list(field_schema["enum"])
    elif json_type == "array" and "enum" in field_schema.get("items", {}):
        kind, allowed = "choices", list(field_schema["items"]["enum"])
    elif json_type == "boolean":
        kind, allowed = "boolean", [False, True]
    elif json_type == "integer":
        kind, allowed = "integer", None
    else:  # pragma: no cover - a new kind of input must be described here before it can ship
        raise TypeError(f"input {name!r} has a schema the catalogue cannot describe: {field_schema}")
    value_labels = None
    if kind in ("choice", "choices") and allowed is not None:
        value_labels = {str(value): FORM_LABELS[f"{name}.{value}"] for value in allowed}
    return InputSpec(
        name=name,
        label=FORM_LABELS[name],
        value_labels=value_labels,
        description=field_schema.get("description", ""),
        kind=kind,
        required=required,
        allowed_values=allowed,
        minimum=field_schema.get("minimum"),
        maximum=field_schema.get("maximum"),
        default=field_schema.get("default"),
    )
