"""PUT, GET and DELETE /v1/clinics/{clinic_id}, and GET /v1/clinics: the partner's clinic profiles.

A partner stores each clinic's calendar and protocol once; schedules then name the clinic by id.
Each partner (API key) sees only its own clinics (`Call.partner`, decided in `clinic_access.py`).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import partial
from http import HTTPStatus
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field

from pico_planner.api.answer import PlainAnswer
from pico_planner.api.call import Call
from pico_planner.api.clinic_conditions import etag, version_condition
from pico_planner.api.conditional import IfNoneMatch, none_match
from pico_planner.api.limits import MAX_CONDITION_HEADER_LENGTH
from pico_planner.api.negotiation import JSON, choose_media_type
from pico_planner.api.openapi_responses import BODY_RULES, documented_responses
from pico_planner.api.problems import InvalidInput, body_field_error
from pico_planner.api.routing import Body, Header, Path, Query, RouteTable
from pico_planner.core.clinic import (
    CLINIC_ID_PATTERN,
    MAX_CLINIC_ID_LENGTH,
    ClinicProfile,
    check_display_name,
)
from pico_planner.core.errors import PlanningInputError
from pico_planner.store.cursor import MAX_CURSOR_LENGTH
from pico_planner.store.errors import ClinicExists, PreconditionRequired

if TYPE_CHECKING:
    from pico_planner.store.clinic_store import StoredClinic, VersionCondition

DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100

# A client may keep a profile and must revalidate it (If-None-Match) before each reuse; only the
# partner's own client may keep it, never a shared cache.
PROFILE_CACHE_CONTROL = "private, no-cache"


class Clinic(BaseModel):
    """A stored clinic profile, its id and its current ETag."""

    model_config = ConfigDict(extra="forbid")

    clinic_id: str = Field(description="The clinic's id, as in the path.", examples=["north-1"])
    etag: str = Field(
        description="The current version, as in the ETag header: send it in If-Match to replace or delete.",
        examples=['"8f14e45fceea167a5a36dedd4bea2543"'],
    )
    profile: ClinicProfile = Field(description="The profile as stored; PUT it back, edited, to replace it.")


class ClinicList(BaseModel):
    """One page of the partner's clinics, in id order."""

    model_config = ConfigDict(extra="forbid")

    clinics: list[Clinic] = Field(description="The clinics on this page.")
    next_cursor: str | None = Field(
        description="Pass as `cursor` for the next page; null on the last page. Opaque: do not edit it."
    )


def check_holiday_region(profile: ClinicProfile) -> None:
    """Refuse a region the holiday calendar does not know now, not when a schedule first uses it."""
    if profile.holidays is None:
        return
    # Imported here: only profiles that name a region pay for the `holidays` package.
    from pico_planner.api.public_holidays import resolve_holiday_calendar  # noqa: PLC0415

    try:
        resolve_holiday_calendar(profile.holidays)
    except PlanningInputError as error:
        # The calendar names the field as a schedule request's; in a profile it sits at the top.
        loc = error.loc[1:] if error.loc[:1] == ("availability",) else error.loc
        raise PlanningInputError(loc, error.message, error.error_type) from None


def _checked_for_writing(profile: ClinicProfile, if_match: str | None) -> VersionCondition | None:
    """What If-Match asks, once the rules a schema cannot state hold; every broken one named in one 422."""
    errors: list[Mapping[str, Any]] = []
    for check in (partial(check_display_name, profile.display_name), partial(check_holiday_region, profile)):
        try:
            check()
        except PlanningInputError as error:
            errors.append(body_field_error(error))
    try:
        expected = version_condition(if_match)
    except InvalidInput as invalid:
        errors.extend(invalid.errors)
    if errors:
        raise InvalidInput(errors)
    return expected


def _clinic(stored: StoredClinic) -> Clinic:
    return Clinic(clinic_id=stored.clinic_id, etag=etag(stored.version), profile=stored.profile)


def _json(model: BaseModel, status: HTTPStatus, headers: dict[str, str]) -> PlainAnswer:
    return PlainAnswer(status, JSON, model.model_dump_json(exclude_none=False), headers)


ROUTES = RouteTable()

ClinicIdPath = Annotated[
    str,
    Path(
        "The partner's id for the clinic: 1 to 64 letters, digits, `-` or `_`.",
        pattern=CLINIC_ID_PATTERN,
        min_length=1,
        max_length=MAX_CLINIC_ID_LENGTH,
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


@ROUTES.route(
    "PUT",
    "/clinics/{clinic_id}",
    operation_id="putClinic",
    tags=("Clinics",),
    summary="Create or replace a clinic profile",
    description=(
        "Without If-Match, creates the clinic (201); if it already exists the answer is 428. To replace "
        "it, send If-Match with the ETag from the last read or write (200); a stale ETag gets 412, so "
        "two systems updating the same clinic never overwrite each other unseen."
        "\n\nBusiness rules: If-Match compares strongly, so a weak (`W/`) or unquoted tag never matches "
        "(412). Each is a 422 naming the field: `display_name` showing something, without control "
        "characters, line separators or bidirectional controls; `time_zone` a known IANA time zone name "
        "(case-sensitive); a holiday `country` and `subdivision` the holiday calendar knows; dates "
        "written YYYY-MM-DD." + BODY_RULES
    ),
    responses={
        **_with_headers(
            documented_responses(
                "The clinic was replaced.",
                success_model=Clinic,
                reads_body=True,
                negotiates=True,
                other_problems={
                    412: _STALE + " With If-None-Match: *, the clinic exists.",
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
    call: Call,
    clinic_id: ClinicIdPath,
    profile: Annotated[ClinicProfile, Body("The clinic's calendar, time zone and protocol.")],
    if_match: Annotated[
        str | None,
        Header(
            "The ETag of the version being replaced (a list: at most 100 ETags).",
            alias="If-Match",
            max_length=MAX_CONDITION_HEADER_LENGTH,
        ),
    ] = None,
    if_none_match: Annotated[
        str | None,
        Header(
            "`*` to create only: a 412 instead of a 428 when the clinic exists (RFC 9110, section 13.1.2).",
            alias="If-None-Match",
            pattern=r"^\*$",
        ),
    ] = None,
) -> PlainAnswer:
    """201 with Location for a new clinic, 200 for a replaced one; both with the new ETag."""
    choose_media_type(call.headers.get("accept"), [JSON])
    expected = _checked_for_writing(profile, if_match)
    create_only = if_none_match is not None
    if create_only and expected is not None:
        # If-Match needs the clinic to exist, If-None-Match: * needs it not to: never both (RFC 9110 §13.2.2).
        raise ClinicExists(clinic_id)
    try:
        stored = call.clinic_store().put(call.partner(), clinic_id, profile, expected=expected)
    except PreconditionRequired:
        if create_only:
            raise ClinicExists(clinic_id) from None
        raise
    headers = {"ETag": etag(stored.version)}
    if expected is None:
        # The stage API Gateway serves under; an event without one (a direct invoke) gets a path without it.
        headers["Location"] = f"/{call.stage}/clinics/{clinic_id}" if call.stage else f"/clinics/{clinic_id}"
        return _json(_clinic(stored), HTTPStatus.CREATED, headers)
    return _json(_clinic(stored), HTTPStatus.OK, headers)


@ROUTES.route(
    "GET",
    "/clinics/{clinic_id}",
    operation_id="getClinic",
    tags=("Clinics",),
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
    call: Call,
    clinic_id: ClinicIdPath,
    if_none_match: IfNoneMatch = None,
) -> PlainAnswer:
    """The clinic with its ETag, or a bodiless 304 when If-None-Match names the current version."""
    choose_media_type(call.headers.get("accept"), [JSON])
    stored = call.clinic_store().get(call.partner(), clinic_id)
    headers = {"ETag": etag(stored.version), "Cache-Control": PROFILE_CACHE_CONTROL}
    if none_match(if_none_match, etag(stored.version)):
        return PlainAnswer(HTTPStatus.NOT_MODIFIED, None, "", headers)
    return _json(_clinic(stored), HTTPStatus.OK, headers)


@ROUTES.route(
    "DELETE",
    "/clinics/{clinic_id}",
    operation_id="deleteClinic",
    tags=("Clinics",),
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
    call: Call,
    clinic_id: ClinicIdPath,
    if_match: Annotated[
        str | None,
        Header(
            "Delete only if this is the current ETag (a list: at most 100 ETags).",
            alias="If-Match",
            max_length=MAX_CONDITION_HEADER_LENGTH,
        ),
    ] = None,
) -> PlainAnswer:
    call.clinic_store().delete(call.partner(), clinic_id, expected=version_condition(if_match))
    return PlainAnswer(HTTPStatus.NO_CONTENT, None, "")


@ROUTES.route(
    "GET",
    "/clinics",
    operation_id="listClinics",
    tags=("Clinics",),
    summary="List the caller's clinic profiles",
    description=(
        "In clinic id order, a page at a time: pass `next_cursor` back as `cursor`, unchanged. A "
        "`cursor` that cannot be read as one, or that was issued to another partner, is a 422: start "
        "again without one."
    ),
    responses=documented_responses(
        "One page of clinics.", success_model=ClinicList, negotiates=True, other_problems={503: _UNAVAILABLE}
    ),
)
def list_clinics(
    call: Call,
    limit: Annotated[
        int, Query(f"Clinics per page, 1 to {MAX_PAGE_SIZE}.", ge=1, le=MAX_PAGE_SIZE)
    ] = DEFAULT_PAGE_SIZE,
    cursor: Annotated[
        str | None,
        Query("`next_cursor` of the previous page.", min_length=1, max_length=MAX_CURSOR_LENGTH),
    ] = None,
) -> PlainAnswer:
    choose_media_type(call.headers.get("accept"), [JSON])
    page = call.clinic_store().list_page(call.partner(), limit=limit, cursor=cursor)
    listing = ClinicList(clinics=[_clinic(stored) for stored in page.clinics], next_cursor=page.next_cursor)
    return _json(listing, HTTPStatus.OK, {})
