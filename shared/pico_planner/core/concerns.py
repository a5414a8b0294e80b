"""What a caller tells us about a patient and the concerns to treat: the estimate request.

These models are the request contract: the OpenAPI document is generated from them, so every field
carries a description and its constraints live in the schema (ranges, allowed values, list lengths).
Unknown fields, and fields that do not apply to a concern, are rejected rather than ignored, so a typo
never passes silently. Types are strict for the same reason: "42" is not an age and "yes" is not a
boolean.
"""

from typing import Annotated, Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator
from pydantic_core import PydanticCustomError

MIN_AGE: Final = 16
MAX_AGE: Final = 100
MIN_SKIN_TYPE: Final = 1
MAX_SKIN_TYPE: Final = 6
MAX_CONCERNS: Final = 6

Severity = Literal["mild", "moderate", "severe"]
PigmentationSubtype = Literal["post_inflammatory", "sun_damage", "dark_spots", "melasma", "freckles", "other"]
PigmentationArea = Literal["small", "large"]
TattooInk = Literal["amateur", "minimal", "moderate", "significant"]
TattooColours = Literal["black", "black_red", "black_red_other", "multicolour"]
TattooLocation = Literal["head_neck", "upper_trunk", "lower_trunk", "proximal_extremity", "distal_extremity"]
TattooScarring = Literal["none", "minimal", "moderate", "significant"]
TattooSize = Literal["small", "medium", "large"]
SpecialInk = Literal["white", "flesh", "green", "blue", "yellow"]
ConcernType = Literal["wrinkles", "skin_laxity", "pigmentation", "acne_scars", "wound_scars", "tattoo"]

# The graded vocabularies (severities, tattoo ink, colours, location, scarring and size) run from least
# to most demanding: the property tests rely on that order. The others (subtypes, concern types,
# special inks) keep the order the catalogue lists them in.
SEVERITIES: Final[tuple[Severity, ...]] = get_args(Severity)
PIGMENTATION_SUBTYPES: Final[tuple[PigmentationSubtype, ...]] = get_args(PigmentationSubtype)
TATTOO_INKS: Final[tuple[TattooInk, ...]] = get_args(TattooInk)
TATTOO_COLOURS: Final[tuple[TattooColours, ...]] = get_args(TattooColours)
TATTOO_LOCATIONS: Final[tuple[TattooLocation, ...]] = get_args(TattooLocation)
TATTOO_SCARRING: Final[tuple[TattooScarring, ...]] = get_args(TattooScarring)
CONCERN_TYPES: Final[tuple[ConcernType, ...]] = get_args(ConcernType)
TATTOO_SIZES: Final[tuple[TattooSize, ...]] = get_args(TattooSize)
SPECIAL_INKS: Final[tuple[SpecialInk, ...]] = get_args(SpecialInk)

# Tattoo size bands by inked area: a small tattoo fits in a 5 x 5 cm square, a medium one in 10 x 10 cm.
SMALL_TATTOO_MAX_CM2: Final = 25
MEDIUM_TATTOO_MAX_CM2: Final = 100

_STRICT_FROZEN = ConfigDict(extra="forbid", frozen=True, strict=True)

_SEVERITY_DESCRIPTION = (
    "How pronounced the concern is: mild, moderate or severe. Required, because the number of sessions "
    "depends on it and a silent default would hide a missing answer."
)


class Patient(BaseModel):
    """The person being treated: only what changes the plan, nothing that identifies them."""

    model_config = _STRICT_FROZEN

    age: int = Field(
        ge=MIN_AGE,
        le=MAX_AGE,
        description=(
            f"Age in whole years, {MIN_AGE} to {MAX_AGE}. Mature skin shows results later and renews "
            "itself more slowly."
        ),
        examples=[42],
    )
    skin_type: int = Field(
        ge=MIN_SKIN_TYPE,
        le=MAX_SKIN_TYPE,
        description=(
            "Fitzpatrick skin phototype, 1 to 6: 1 white skin that always burns; 2 fair skin that "
            "usually burns; 3 average skin that sometimes burns; 4 light-brown skin that rarely burns; "
            "5 brown skin that very rarely burns; 6 black, heavily pigmented skin that never burns."
        ),
        examples=[4],
    )
    sensitive_skin: bool = Field(
        default=False,
        description="Whether the skin is sensitive; sensitive skin may need sessions spaced further apart.",
    )


class WrinklesConcern(BaseModel):
    """Fine lines and wrinkles."""

    model_config = _STRICT_FROZEN

    type: Literal["wrinkles"] = Field(description="Fine lines and wrinkles.")
    severity: Severity = Field(
        description=(
            _SEVERITY_DESCRIPTION + " Mild means fine lines; moderate or severe means deeper wrinkles."
        )
    )
    dynamic: bool = Field(
        default=False,
        description="Whether the wrinkles are dynamic (show with facial movement); these need more sessions.",
    )


class SkinLaxityConcern(BaseModel):
    """Loose or sagging skin; planned like fine lines and wrinkles."""

    model_config = _STRICT_FROZEN

    type: Literal["skin_laxity"] = Field(description="Skin laxity (loose or sagging skin).")
    severity: Severity = Field(description=_SEVERITY_DESCRIPTION)


class PigmentationConcern(BaseModel):
    """Pigmentation and skin discolouration."""

    model_config = _STRICT_FROZEN

    type: Literal["pigmentation"] = Field(description="Pigmentation and skin discolouration.")
    subtype: PigmentationSubtype = Field(
        description=(
            "Kind of pigmentation: post_inflammatory (hyperpigmentation after inflammation or injury), "
            "sun_damage (caused by UV exposure), dark_spots, melasma, freckles, or other discolouration."
        )
    )
    severity: Severity = Field(description=_SEVERITY_DESCRIPTION)
    area: PigmentationArea = Field(
        default="small",
        description="How much skin the pigmentation covers: small, or large (a greater area of skin).",
    )


class AcneScarsConcern(BaseModel):
    """Scars left by acne."""

    model_config = _STRICT_FROZEN

    type: Literal["acne_scars"] = Field(description="Acne scars.")
    severity: Severity = Field(description=_SEVERITY_DESCRIPTION)


class WoundScarsConcern(BaseModel):
    """Scars left by wounds or injuries."""

    model_config = _STRICT_FROZEN

    type: Literal["wound_scars"] = Field(description="Scars from wounds or injuries.")
    severity: Severity = Field(description=_SEVERITY_DESCRIPTION)


class TattooConcern(BaseModel):
    """A tattoo to remove, described by the Kirby–Desai scale's categories.

    The patient's Fitzpatrick skin type, the sixth category of the scale, comes from `patient`.
    """

    model_config = _STRICT_FROZEN

    type: Literal["tattoo"] = Field(description="Tattoo removal.")
    ink: TattooInk = Field(
        description=(
            "Amount of ink (Kirby–Desai): amateur (a home-made tattoo), minimal, moderate or significant "
            "(professional tattoos usually hold moderate or significant ink)."
        )
    )
    colours: TattooColours = Field(
        description=(
            "Ink colours (Kirby–Desai): black (black only), black_red (mostly black with some red), "
            "black_red_other (mostly black and red with some other colours), multicolour (several colours)."
        )
    )
    location: TattooLocation = Field(
        description=(
            "Where the tattoo is (Kirby–Desai): head_neck, upper_trunk, lower_trunk, proximal_extremity "
            "(upper arm or thigh), distal_extremity (forearm, lower leg, hands, feet, ankles)."
        )
    )
    scarring: TattooScarring = Field(
        default="none",
        description=(
            "Scarring or tissue change at the tattoo (Kirby–Desai): none, minimal, moderate, significant."
        ),
    )
    layered: bool = Field(
        default=False,
        description="Whether the tattoo is layered: a cover-up over an older tattoo (Kirby–Desai layering).",
    )
    size: TattooSize = Field(
        default="medium",
        description=(
            f"Inked area: small (up to {SMALL_TATTOO_MAX_CM2} cm², about 5 x 5 cm), medium (over "
            f"{SMALL_TATTOO_MAX_CM2} and up to {MEDIUM_TATTOO_MAX_CM2} cm², about 10 x 10 cm) or large "
            f"(over {MEDIUM_TATTOO_MAX_CM2} cm²). The Kirby–Desai scale leaves size out; a large tattoo "
            "adds a session."
        ),
    )
    special_inks: list[SpecialInk] = Field(
        default_factory=list,
        max_length=len(SPECIAL_INKS),
        description=(
            "Inks beyond black and red, each at most once: white, flesh (skin-tone), green, blue, yellow. "
            "Any of them scores the tattoo's colours as black, red and other colours at least; white and "
            "flesh can darken under the laser, and green and blue need a suitable wavelength (cautions "
            "say so)."
        ),
    )

    @field_validator("special_inks")
    @classmethod
    def _each_ink_once(cls, inks: list[SpecialInk]) -> list[SpecialInk]:
        if len(set(inks)) != len(inks):
            raise PydanticCustomError("duplicate_ink", "each special ink may appear only once")
        return inks


Concern = Annotated[
    WrinklesConcern
    | SkinLaxityConcern
    | PigmentationConcern
    | AcneScarsConcern
    | WoundScarsConcern
    | TattooConcern,
    Field(discriminator="type"),
]


def concern_key(concern: Concern) -> tuple[str, str | None]:
    """What makes two concerns "the same": their type and, for pigmentation, their subtype."""
    if isinstance(concern, PigmentationConcern):
        return (concern.type, concern.subtype)
    return (concern.type, None)


_EXAMPLE_REQUEST: Final[dict[str, Any]] = {
    "patient": {"age": 42, "skin_type": 4, "sensitive_skin": False},
    "concerns": [
        {"type": "pigmentation", "subtype": "melasma", "severity": "moderate", "area": "small"},
        {"type": "wrinkles", "severity": "mild", "dynamic": False},
        {
            "type": "tattoo",
            "ink": "moderate",
            "colours": "multicolour",
            "location": "upper_trunk",
            "scarring": "none",
            "layered": False,
        },
    ],
}


class EstimateRequest(BaseModel):
    """One patient and the concerns to treat together in the same sessions."""

    model_config = ConfigDict(
        extra="forbid", frozen=True, strict=True, json_schema_extra={"examples": [_EXAMPLE_REQUEST]}
    )

    patient: Patient = Field(description="The patient being treated.")
    concerns: list[Concern] = Field(
        min_length=1,
        max_length=MAX_CONCERNS,
        description=(
            f"The concerns to treat in the same sessions, 1 to {MAX_CONCERNS}, each at most once "
            "(pigmentation once per subtype)."
        ),
    )

    @field_validator("concerns")
    @classmethod
    def _each_concern_once(cls, concerns: list[Concern]) -> list[Concern]:
        first_seen: dict[tuple[str, str | None], int] = {}
        for index, concern in enumerate(concerns):
            key = concern_key(concern)
            if key in first_seen:
                kind, subtype = key
                label = f"{kind} ({subtype})" if subtype else kind
                raise PydanticCustomError(
                    "duplicate_concern",
                    "concerns[{index}] repeats concerns[{first}]: {label} may appear only once; "
                    "describe it in a single entry",
                    {"index": index, "first": first_seen[key], "label": label},
                )
            first_seen[key] = index
        return concerns
