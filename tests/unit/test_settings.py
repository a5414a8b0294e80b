"""Settings: every variable the service reads, named once and read once, with its default."""

from __future__ import annotations

import pytest

from pico_planner.api.settings import (
    DEFAULT_METRICS_NAMESPACE,
    DEFAULT_SERVICE_NAME,
    LOCAL_CALENDAR_UID_KEY,
    Settings,
)


def test_an_empty_environment_gives_the_defaults() -> None:
    assert Settings.from_environment({}) == Settings(
        clinics_table_name=None,
        cors_allowed_origin="",
        metrics_namespace=DEFAULT_METRICS_NAMESPACE,
        service_name=DEFAULT_SERVICE_NAME,
        calendar_uid_key=LOCAL_CALENDAR_UID_KEY,
        deployed=False,
        snapshot_initialization=False,
    )


def test_each_variable_sets_its_setting() -> None:
    settings = Settings.from_environment(
        {
            "CLINICS_TABLE_NAME": "clinics-prod",
            "PICO_CORS_ALLOWED_ORIGIN": " https://booking.example ",
            "POWERTOOLS_METRICS_NAMESPACE": "Partner",
            "POWERTOOLS_SERVICE_NAME": "pico-planner",
            "PICO_CALENDAR_UID_KEY": "k3y",
            "AWS_LAMBDA_FUNCTION_NAME": "pico-planner-estimate",
            "AWS_LAMBDA_INITIALIZATION_TYPE": "snap-start",
        }
    )

    assert settings == Settings(
        clinics_table_name="clinics-prod",
        cors_allowed_origin="https://booking.example",
        metrics_namespace="Partner",
        service_name="pico-planner",
        calendar_uid_key="k3y",
        deployed=True,
        snapshot_initialization=True,
    )


@pytest.mark.parametrize(
    ("environment", "deployed"),
    [
        ({"AWS_LAMBDA_FUNCTION_NAME": "f"}, True),
        ({"AWS_LAMBDA_FUNCTION_NAME": "f", "AWS_SAM_LOCAL": "true"}, False),  # sam local invoke
        ({}, False),  # the local server, a test
    ],
)
def test_deployed_means_on_lambda_and_not_sam_local(environment: dict[str, str], deployed: bool) -> None:
    assert Settings.from_environment(environment).deployed is deployed


@pytest.mark.parametrize(
    "variable",
    [
        "CLINICS_TABLE_NAME",
        "POWERTOOLS_METRICS_NAMESPACE",
        "POWERTOOLS_SERVICE_NAME",
        "PICO_CALENDAR_UID_KEY",
    ],
)
def test_an_empty_value_is_no_value(variable: str) -> None:
    assert Settings.from_environment({variable: ""}) == Settings.from_environment({})


def test_deployed_without_a_calendar_key_has_none_and_never_shows_one() -> None:
    # Never the public local key: a calendar keyed with it could be traced back to the patient.
    assert Settings.from_environment({"AWS_LAMBDA_FUNCTION_NAME": "f"}).calendar_uid_key is None
    assert "k3y" not in repr(Settings.from_environment({"PICO_CALENDAR_UID_KEY": "k3y"}))


def test_a_dynamic_reference_sam_local_could_not_resolve_is_no_key() -> None:
    # `sam local` sets the template's text as the value; used as a key, that text would be public.
    unresolved = {"PICO_CALENDAR_UID_KEY": "{{resolve:secretsmanager:CalendarUidKey:SecretString}}"}
    assert Settings.from_environment(unresolved).calendar_uid_key == LOCAL_CALENDAR_UID_KEY
    sam_local = {**unresolved, "AWS_LAMBDA_FUNCTION_NAME": "f", "AWS_SAM_LOCAL": "true"}
    assert Settings.from_environment(sam_local).calendar_uid_key == LOCAL_CALENDAR_UID_KEY
    deployed = {**unresolved, "AWS_LAMBDA_FUNCTION_NAME": "f"}
    assert Settings.from_environment(deployed).calendar_uid_key is None
