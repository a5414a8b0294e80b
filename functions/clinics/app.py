"""Clinics function: PUT, GET and DELETE /v1/clinics/{clinic_id}, and GET /v1/clinics.

A partner stores each clinic's calendar and protocol once; schedules then name the clinic by id.
Each partner (API key) sees only its own clinics.
"""

from http import HTTPStatus
from typing import Annotated, Any

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.event_handler.openapi.params import Body, Header, Path, Query

from pico_planner.api import clinic_profiles
from pico_planner.api.clinic_access import default_clinic_store
from pico_planner.api.clinic_profiles import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Clinic, ClinicList
from pico_planner.api.entrypoint import make_lambda_handler
from pico_planner.api.limits import MAX_CONDITION_HEADER_LENGTH
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.openapi_responses import API_KEY_REQUIRED, BODY_RULES, documented_responses
from pico_planner.api.resolver import PicoResolver, create_resolver
from pico_planner.api.service_logger import service_logger
from pico_planner.core.clinic import CLINIC_ID_PATTERN, MAX_CLINIC_ID_LENGTH, ClinicProfile
from pico_planner.store.cursor import MAX_CURSOR_LENGTH

logger = service_logger()
app = create_resolver()
clinic_store = default_clinic_store  # replaced in tests with a store on a test table

ClinicIdPath = Annotated[
    str,
    Path(
        pattern=CLINIC_ID_PATTERN,
        min_length=1,
        max_length=MAX_CLINIC_ID_LENGTH,
        description="The partner's id for the clinic: 1 to 64 letters, digits, `-` or `_`.",
        examples=["north-1"],
    ),
]

_ETAG = {"description": "The clinic's current version.", "schema": {"type": "string"}}
_UNAVAILABLE = "The clinic store is throttled or unreachable; retry after `Retry-After` seconds."
_NOT_FOUND = "The caller has no clinic with this id."
_STALE = "If-Match names no current version: the clinic changed or was deleted since it was read."


def _with_headers(responses: dict[int, Any], status: int, headers: dict[str, Any]) -> dict[int, Any]:
    responses[status] = {**responses[status], "headers": headers}
    return responses


def _without_body(responses: dict[int, Any], status: int) -> dict[int, Any]:
    # An explicit empty content: without it Powertools gives the answer the return annotation's body.
    responses[status] = {**responses[status], "content": {}}
    return responses


@app.put(
    "/clinics/<clinic_id>",
    operation_id="putClinic",
    security=API_KEY_REQUIRED,
    tags=["Clinics"],
    summary="Create or replace a clinic profile",
    description=(
        "Without If-Match, creates the clinic (201); if it already exists the answer is 428. To replace "
        "it, send If-Match with the ETag from the last read or write (200); a stale ETag gets 412, so "
        "two systems updating the same clinic never overwrite each other unseen."
        "\n\nBusiness rules: If-Match compares strongly, so a weak (`W/`) or unquoted tag never matches "
        "(412). Each is a 422 naming the field: `time_zone` a known IANA location zone; a holiday "
        "`country` and `subdivision` the holiday calendar knows; dates written YYYY-MM-DD." + BODY_RULES
    ),
    responses={
        **_with_headers(
            documented_responses(
                "The clinic was replaced.",
                success_model=Clinic,
                reads_body=True,
                negotiates=True,
                other_problems={
                    412: _STALE,
                    428: "The clinic exists: If-Match is needed.",
                    503: _UNAVAILABLE,
                },
            ),
            200,
            {"ETag": _ETAG},
        ),
        201: {
            "description": "The clinic was created.",
            "headers": {
                "ETag": _ETAG,
                "Location": {"description": "The clinic's path.", "schema": {"type": "string"}},
            },
            "content": {JSON: {"model": Clinic}},
        },
    },
)
def put_clinic(
    clinic_id: ClinicIdPath,
    profile: Annotated[ClinicProfile, Body(description="The clinic's calendar, time zone and protocol.")],
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=MAX_CONDITION_HEADER_LENGTH,
            description="The ETag of the version being replaced.",
        ),
    ] = None,
) -> Response[str]:
    choose_media_type(app.current_event.headers.get("accept"), [JSON])
    return clinic_profiles.put_answer(clinic_store(), app.current_event, clinic_id, profile, if_match)


@app.get(
    "/clinics/<clinic_id>",
    operation_id="getClinic",
    security=API_KEY_REQUIRED,
    tags=["Clinics"],
    summary="Read a clinic profile",
    description="The profile and its ETag. Send the ETag in If-None-Match to get 304 while it is unchanged.",
    responses=documented_responses(
        "The clinic.",
        success_model=Clinic,
        negotiates=True,
        conditional=True,
        other_problems={404: _NOT_FOUND, 503: _UNAVAILABLE},
    ),
)
def get_clinic(
    clinic_id: ClinicIdPath,
    if_none_match: Annotated[
        str | None,
        Header(
            alias="If-None-Match",
            max_length=MAX_CONDITION_HEADER_LENGTH,
            description="The ETag of a copy the client holds.",
        ),
    ] = None,
) -> Response[str]:
    choose_media_type(app.current_event.headers.get("accept"), [JSON])
    return clinic_profiles.get_answer(clinic_store(), app.current_event, clinic_id, if_none_match)


@app.delete(
    "/clinics/<clinic_id>",
    operation_id="deleteClinic",
    security=API_KEY_REQUIRED,
    tags=["Clinics"],
    summary="Delete a clinic profile",
    description=(
        "With If-Match, only the version named is deleted (412 otherwise). If-Match compares strongly: "
        "a weak (`W/`) or unquoted tag never matches."
    ),
    responses=_without_body(
        documented_responses(
            "The clinic was deleted.",
            status=HTTPStatus.NO_CONTENT,
            other_problems={404: _NOT_FOUND, 412: _STALE, 503: _UNAVAILABLE},
        ),
        HTTPStatus.NO_CONTENT,
    ),
)
def delete_clinic(
    clinic_id: ClinicIdPath,
    if_match: Annotated[
        str | None,
        Header(
            alias="If-Match",
            max_length=MAX_CONDITION_HEADER_LENGTH,
            description="Delete only if this is the current ETag.",
        ),
    ] = None,
) -> Response[str]:
    return clinic_profiles.delete_answer(clinic_store(), app.current_event, clinic_id, if_match)


@app.get(
    "/clinics",
    operation_id="listClinics",
    security=API_KEY_REQUIRED,
    tags=["Clinics"],
    summary="List the caller's clinic profiles",
    description=(
        "In clinic id order, a page at a time: pass `next_cursor` back as `cursor`. A `cursor` this "
        "listing did not issue (for this partner) is a 422: start again without one."
    ),
    responses=documented_responses(
        "One page of clinics.", success_model=ClinicList, negotiates=True, other_problems={503: _UNAVAILABLE}
    ),
)
def list_clinics(
    limit: Annotated[
        int, Query(ge=1, le=MAX_PAGE_SIZE, description=f"Clinics per page, 1 to {MAX_PAGE_SIZE}.")
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query(min_length=1, max_length=MAX_CURSOR_LENGTH, description="`next_cursor` of the previous page."),
    ] = None,
) -> Response[str]:
    choose_media_type(app.current_event.headers.get("accept"), [JSON])
    return clinic_profiles.list_answer(clinic_store(), app.current_event, limit, cursor)


def resolver() -> PicoResolver:
    """The function's resolver (built at load: this function has no direct path)."""
    return app


lambda_handler = make_lambda_handler(resolver, logger)
