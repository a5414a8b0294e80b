"""Answers in the patient's language: the estimate's sentences and the catalogue's form labels.

The core speaks British English; this layer swaps each patient sentence for its translation after the
figures are made, so codes, field names, numbers and sources are the core's own whatever the language.
Message contexts: a factor's or caution's rule code; `disclaimer`; `label:` and the key of
`FORM_LABELS` for a form label (`label:severity.moderate`), so each label can be worded for its place.
"""

from __future__ import annotations

from pico_planner.api.languages import Translator
from pico_planner.core.catalogue import Catalogue, ConcernTypeEntry, InputSpec
from pico_planner.core.estimate_models import Caution, Estimate, Factor

DISCLAIMER_CONTEXT = "disclaimer"


def label_context(key: str) -> str:
    """The message context of the form label with this key of `FORM_LABELS`."""
    return f"label:{key}"


def translate_estimate(estimate: Estimate, translate: Translator) -> Estimate:
    """The estimate with its factor texts, caution texts and disclaimer in the translator's language."""
    factors = [
        Factor(code=factor.code, text=translate.pgettext(factor.code, factor.text), source=factor.source)
        for factor in estimate.factors
    ]
    cautions = [
        Caution(code=caution.code, text=translate.pgettext(caution.code, caution.text), source=caution.source)
        for caution in estimate.cautions
    ]
    disclaimer = translate.pgettext(DISCLAIMER_CONTEXT, estimate.disclaimer)
    return estimate.model_copy(update={"factors": factors, "cautions": cautions, "disclaimer": disclaimer})


def translate_catalogue(catalogue: Catalogue, translate: Translator) -> Catalogue:
    """The catalogue with the labels forms show, and its disclaimer, in the translator's language."""
    return catalogue.model_copy(
        update={
            "patient_inputs": [_translate_input(spec, translate) for spec in catalogue.patient_inputs],
            "concern_types": [_translate_concern(entry, translate) for entry in catalogue.concern_types],
            "disclaimer": translate.pgettext(DISCLAIMER_CONTEXT, catalogue.disclaimer),
        }
    )


def _translate_concern(entry: ConcernTypeEntry, translate: Translator) -> ConcernTypeEntry:
    return entry.model_copy(
        update={
            "label": translate.pgettext(label_context(entry.type), entry.label),
            "subtype_labels": {
                subtype: translate.pgettext(label_context(f"subtype.{subtype}"), label)
                for subtype, label in entry.subtype_labels.items()
            },
            "inputs": [_translate_input(spec, translate) for spec in entry.inputs],
        }
    )


def _translate_input(spec: InputSpec, translate: Translator) -> InputSpec:
    return spec.model_copy(
        update={
            "label": translate.pgettext(label_context(spec.name), spec.label),
            "value_labels": None
            if spec.value_labels is None
            else {
                value: translate.pgettext(label_context(f"{spec.name}.{value}"), label)
                for value, label in spec.value_labels.items()
            },
        }
    )
