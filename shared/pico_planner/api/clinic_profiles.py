"""What the clinic routes do: ETags and If-Match, holiday regions, and the answers.

Which partner's clinics a request sees is decided in `clinic_access.py`.
"""

from __future__ import annotations

from http import HTTPStatus

from aws_lambda_powertools.event_handler import Response
from aws_lambda_powertools.utilities.data_classes import APIGatewayProxyEvent
from pydantic import BaseModel, ConfigDict, Field

from pico_planner.api.clinic_access import partner_id as _partner_of_event
from pico_planner.api.conditional import none_match
from pico_planner.api.negotiation import JSON
from pico_planner.core.clinic import ClinicProfile
from pico_planner.core.errors import PlanningInputError
from pico_planner.store.clinic_store import ClinicStore, StoredClinic, VersionCondition

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


def partner_id(event: APIGatewayProxyEvent) -> str:
    return _partner_of_event(event.raw_event)


def etag(version: str) -> str:
    return f'"{version}"'


def version_condition(if_match: str | None) -> VersionCondition | None:
    """What an If-Match header asks of the stored clinic; None when the header is absent.

    If-Match compares strongly (RFC 9110), so weak (`W/`) or unquoted tags never match.
    """
    if if_match is None:
        return None
    tags = [tag.strip() for tag in if_match.split(",") if tag.strip()]
    if "*" in tags:
        return VersionCondition(any_version=True)
    versions = frozenset(tag[1:-1] for tag in tags if len(tag) > 2 and tag[0] == tag[-1] == '"')
    return VersionCondition(versions=versions)


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


def _clinic(stored: StoredClinic) -> Clinic:
    return Clinic(clinic_id=stored.clinic_id, etag=etag(stored.version), profile=stored.profile)


def _json(model: BaseModel, status: HTTPStatus, headers: dict[str, str]) -> Response[str]:
    return Response(
        status_code=status, content_type=JSON, body=model.model_dump_json(exclude_none=False), headers=headers
    )


def put_answer(
    store: ClinicStore,
    event: APIGatewayProxyEvent,
    clinic_id: str,
    profile: ClinicProfile,
    if_match: str | None,
) -> Response[str]:
    """201 with Location for a new clinic, 200 for a replaced one; both with the new ETag."""
    check_holiday_region(profile)
    expected = version_condition(if_match)
    stored = store.put(partner_id(event), clinic_id, profile, expected=expected)
    headers = {"ETag": etag(stored.version)}
    if expected is None:
        headers["Location"] = f"/{event.request_context.stage}/clinics/{clinic_id}"
        return _json(_clinic(stored), HTTPStatus.CREATED, headers)
    return _json(_clinic(stored), HTTPStatus.OK, headers)


def get_answer(
    store: ClinicStore, event: APIGatewayProxyEvent, clinic_id: str, if_none_match: str | None
) -> Response[str]:
    """The clinic with its ETag, or a bodiless 304 when If-None-Match names the current version."""
    stored = store.get(partner_id(event), clinic_id)
    headers = {"ETag": etag(stored.version), "Cache-Control": PROFILE_CACHE_CONTROL}
    if none_match(if_none_match, etag(stored.version)):
        return Response(status_code=HTTPStatus.NOT_MODIFIED, content_type=None, body="", headers=headers)
    return _json(_clinic(stored), HTTPStatus.OK, headers)


def delete_answer(
    store: ClinicStore, event: APIGatewayProxyEvent, clinic_id: str, if_match: str | None
) -> Response[str]:
    store.delete(partner_id(event), clinic_id, expected=version_condition(if_match))
    return Response(status_code=HTTPStatus.NO_CONTENT, content_type=None, body="")


def list_answer(
    store: ClinicStore, event: APIGatewayProxyEvent, limit: int, cursor: str | None
) -> Response[str]:
    page = store.list_page(partner_id(event), limit=limit, cursor=cursor)
    listing = ClinicList(clinics=[_clinic(stored) for stored in page.clinics], next_cursor=page.next_cursor)
    return _json(listing, HTTPStatus.OK, {})
