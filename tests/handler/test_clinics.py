"""The clinic routes through the clinics function, in-process, from events/, on a moto table."""

from __future__ import annotations

import io
import json
import sys

import pytest
from botocore.stub import Stubber

from pico_planner.api.limits import MAX_CONDITION_HEADER_LENGTH
from pico_planner.api.settings import Settings
from pico_planner.core.clinic import ClinicProfile
from pico_planner.store.clinic_store import MAX_EXPECTED_VERSIONS
from pico_planner.store.dynamodb import DynamoClinicStore
from tests.store.events_for import EVENT_PARTNER, OTHER_PARTNER, clinic_event
from tests.store.moto_table import offline_client
from tests.support.events import event_body
from tests.support.functions import INJECTED, HandlerAnswer, invoke, invoke_event

PROBLEM = "application/problem+json"


def _call(name: str, *, partner: str | None = EVENT_PARTNER, **headers: str) -> HandlerAnswer:
    return invoke("clinics", clinic_event(name, partner=partner, **headers))


def _created() -> HandlerAnswer:
    answer = _call("clinics/put_new")
    assert answer.status == 201, answer.body
    return answer


def test_a_new_clinic_is_created_with_an_etag_and_location(store: DynamoClinicStore) -> None:
    answer = _created()

    assert answer.headers["ETag"] == answer.json["etag"]
    assert answer.headers["Location"] == "/v1/clinics/north-1"
    assert answer.json["clinic_id"] == "north-1"
    assert answer.json["profile"]["display_name"] == event_body("clinics/put_new")["display_name"]
    assert answer.json["profile"]["protocol"] == {"min_interval_days": 42, "max_sessions": 3}


def test_a_clinic_created_by_an_event_without_a_stage_is_located_without_one(
    store: DynamoClinicStore,
) -> None:
    # A direct invoke: no `requestContext.stage`, so no empty segment (`//clinics/...` names a host).
    event = clinic_event("clinics/put_new", partner=EVENT_PARTNER)
    del event["requestContext"]["stage"]

    answer = invoke("clinics", event)

    assert answer.status == 201
    assert answer.headers["Location"] == "/clinics/north-1"


def test_read_back_with_etag_and_304_for_a_matching_if_none_match(store: DynamoClinicStore) -> None:
    etag = _created().headers["ETag"]

    read = _call("clinics/get")
    unchanged = _call("clinics/get_if_none_match", If_None_Match=etag)
    changed = _call("clinics/get_if_none_match", If_None_Match='"another-version"')

    assert read.status == 200
    assert read.headers["ETag"] == etag
    assert read.headers["Cache-Control"] == "private, no-cache"
    assert read.json["profile"] == _created_profile()
    assert (unchanged.status, unchanged.body, unchanged.headers["ETag"]) == (304, "", etag)
    # A 304 carries the headers a 200 would have had for caching (RFC 9110 §15.4.5).
    assert unchanged.headers["Cache-Control"] == "private, no-cache"
    assert changed.status == 200


def _created_profile() -> dict[str, object]:
    """The profile PUT, as it is stored: every optional field with its default."""
    stored: dict[str, object] = ClinicProfile.model_validate(event_body("clinics/put_new")).model_dump(
        mode="json"
    )
    return stored


def test_replacing_needs_the_current_etag(store: DynamoClinicStore) -> None:
    etag = _created().headers["ETag"]

    without = _call("clinics/put_new")
    stale = _call("clinics/put_replace")  # the event's own If-Match is a version that never existed
    replaced = _call("clinics/put_replace", If_Match=etag)
    replayed = _call("clinics/put_replace", If_Match=etag)

    assert (without.status, without.content_type) == (428, PROBLEM)
    assert (stale.status, stale.content_type) == (412, PROBLEM)
    assert replaced.status == 200
    assert replaced.headers["ETag"] not in (etag, "")
    assert replaced.json["profile"]["display_name"] == "North Street Clinic (Leeds)"
    assert replayed.status == 412
    assert _call("clinics/get").headers["ETag"] == replaced.headers["ETag"]


def test_two_systems_holding_the_same_etag_cannot_both_replace(store: DynamoClinicStore) -> None:
    etag = _created().headers["ETag"]

    first = _call("clinics/put_replace", If_Match=etag)
    second = _call("clinics/put_replace", If_Match=etag)

    assert [first.status, second.status] == [200, 412]


@pytest.mark.parametrize(
    ("if_match", "status"),
    [
        ("*", 200),
        ('"{etag}"', 200),
        # A list matches when any member does (RFC 9110 §13.1.1).
        ('"stale", "{etag}"', 200),
        # Compared strongly: a weak tag never matches, nor does an unquoted one (not an entity tag).
        ('W/"{etag}"', 412),
        ("{etag}", 412),
    ],
)
def test_if_match_forms(store: DynamoClinicStore, if_match: str, status: int) -> None:
    etag = _created().headers["ETag"].strip('"')

    answer = _call("clinics/put_replace", If_Match=if_match.format(etag=etag))

    assert answer.status == status


def test_if_none_match_star_creates_only(store: DynamoClinicStore) -> None:
    created = _call("clinics/put_new", If_None_Match="*")
    again = _call("clinics/put_new", If_None_Match="*")
    with_both = _call("clinics/put_replace", If_None_Match="*", If_Match=created.headers["ETag"])
    an_etag = _call("clinics/put_replace", If_None_Match=created.headers["ETag"])

    assert created.status == 201, created.body
    assert (again.status, again.content_type) == (412, PROBLEM)
    assert "If-None-Match" in again.json["detail"]
    assert with_both.status == 412
    # Only `*` has a meaning on a write here; an ETag list is named as the header's error.
    assert an_etag.status == 422
    assert [e["loc"] for e in an_etag.json["errors"]] == [["header", "if-none-match"]]
    assert _call("clinics/get").json["profile"] == _created_profile()


def test_more_etags_than_a_condition_can_compare_are_refused_not_called_stale(
    store: DynamoClinicStore,
) -> None:
    etag = _created().headers["ETag"]
    # Tags as long as the API's own, so that the header's length limit is shown to leave room for them.
    others = [f'"{number:0{len(etag) - 2}x}"' for number in range(MAX_EXPECTED_VERSIONS)]
    at_the_limit = ", ".join([*others[: MAX_EXPECTED_VERSIONS - 1], etag])
    beyond = ", ".join([*others, etag])

    refused = _call("clinics/put_replace", If_Match=beyond)
    replaced = _call("clinics/put_replace", If_Match=at_the_limit)

    assert (refused.status, refused.content_type) == (422, PROBLEM)
    assert [(e["loc"], e["type"]) for e in refused.json["errors"]] == [
        (["header", "if-match"], "too_many_etags")
    ]
    assert replaced.status == 200, replaced.body


def test_delete_then_gone(store: DynamoClinicStore) -> None:
    etag = _created().headers["ETag"]

    stale = _call("clinics/delete", If_Match='"0000"')
    deleted = _call("clinics/delete", If_Match=etag)
    again = _call("clinics/delete")
    read = _call("clinics/get")

    assert stale.status == 412
    assert (deleted.status, deleted.body) == (204, "")
    assert (again.status, again.content_type) == (404, PROBLEM)
    assert (read.status, read.content_type) == (404, PROBLEM)


def test_the_list_is_paginated_with_an_opaque_cursor(store: DynamoClinicStore) -> None:
    for clinic_id in ("a-1", "b-2", "c-3"):
        event = clinic_event("clinics/put_new")
        event["path"] = f"/clinics/{clinic_id}"
        event["pathParameters"] = {"clinic_id": clinic_id}
        assert invoke("clinics", event).status == 201

    first = _call("clinics/list")
    event = clinic_event("clinics/list")
    event["queryStringParameters"] = {"limit": "2", "cursor": first.json["next_cursor"]}
    event["multiValueQueryStringParameters"] = {k: [v] for k, v in event["queryStringParameters"].items()}
    second = invoke("clinics", event)

    assert [c["clinic_id"] for c in first.json["clinics"]] == ["a-1", "b-2"]
    assert [c["clinic_id"] for c in second.json["clinics"]] == ["c-3"]
    assert second.json["next_cursor"] is None
    assert all(c["etag"] for c in first.json["clinics"])


def test_another_partner_can_neither_read_change_list_nor_detect_a_clinic(store: DynamoClinicStore) -> None:
    created = _created()
    etag = created.headers["ETag"]
    absent = _call("clinics/get", partner=OTHER_PARTNER).json  # an id nobody uses, as the other sees it

    read = _call("clinics/get", partner=OTHER_PARTNER)
    replaced = _call("clinics/put_replace", partner=OTHER_PARTNER, If_Match=etag)
    deleted = _call("clinics/delete", partner=OTHER_PARTNER)
    listed = _call("clinics/list", partner=OTHER_PARTNER)

    assert (read.status, read.json) == (404, absent)
    assert replaced.status == 412  # what If-Match gets for a clinic that does not exist
    assert deleted.status == 404
    assert listed.json == {"clinics": [], "next_cursor": None}
    mine = _call("clinics/get")
    assert (mine.status, mine.headers["ETag"], mine.json["profile"]) == (200, etag, _created_profile())


def test_the_same_id_under_two_partners_is_two_clinics(store: DynamoClinicStore) -> None:
    _created()
    theirs = _call("clinics/put_new", partner=OTHER_PARTNER)

    assert theirs.status == 201
    assert len(_call("clinics/list").json["clinics"]) == 1


def test_without_an_api_key_id_locally_the_local_partition_is_used(store: DynamoClinicStore) -> None:
    assert _call("clinics/put_new", partner=None).status == 201

    assert _call("clinics/get", partner=None).status == 200
    assert _call("clinics/get").status == 404
    assert [c.clinic_id for c in store.list_page("local", limit=5, cursor=None).clinics] == ["north-1"]


def test_deployed_without_an_api_key_id_is_refused(
    store: DynamoClinicStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    deployed = Settings(deployed=True)
    # The key itself is a secret, never a partner id: without the key's id, even a key is refused.
    with_key_only = clinic_event("clinics/get", partner=None)
    with_key_only["requestContext"]["identity"]["apiKey"] = "key-of-partner-a"

    answer = invoke("clinics", clinic_event("clinics/get", partner=None), settings=deployed)
    key_only = invoke("clinics", with_key_only, settings=deployed)

    assert (answer.status, answer.content_type) == (403, PROBLEM)
    assert (key_only.status, key_only.content_type) == (403, PROBLEM)


@pytest.mark.parametrize(
    ("event_name", "field_path"),
    [
        ("clinics/invalid_clinic_id", ["path", "clinic_id"]),
        ("clinics/invalid_display_name", ["body", "display_name"]),
        ("clinics/invalid_unknown_field", ["body", "colour"]),
        ("clinics/invalid_time_zone", ["body", "time_zone"]),
        ("clinics/invalid_holiday_region", ["body", "holidays", "country"]),
        ("clinics/invalid_too_many_closed_dates", ["body", "closed_dates"]),
        ("clinics/invalid_cursor", ["query", "cursor"]),
    ],
)
def test_bad_input_is_422_naming_the_field(
    store: DynamoClinicStore, event_name: str, field_path: list[object]
) -> None:
    answer = invoke_event("clinics", event_name)

    assert (answer.status, answer.content_type) == (422, PROBLEM), answer.body
    assert field_path in [e["loc"] for e in answer.json["errors"]], answer.json["errors"]


def test_a_name_stored_before_the_name_rule_is_still_read(store: DynamoClinicStore) -> None:
    # The rule applies when a profile is written: a stored profile must stay readable, so the partner
    # can see it and PUT it back with the name fixed.
    old = ClinicProfile.model_validate({**event_body("clinics/put_new"), "display_name": "North\nStreet"})
    store.put(EVENT_PARTNER, "north-1", old, expected=None)

    read = _call("clinics/get")

    assert read.status == 200, read.body
    assert read.json["profile"]["display_name"] == "North\nStreet"


def test_a_bad_path_and_a_bad_body_are_named_together(store: DynamoClinicStore) -> None:
    # One answer lists every invalid input, so a client fixes them in one round.
    event = clinic_event("clinics/invalid_clinic_id")
    event["body"] = json.dumps({**event_body("clinics/put_new"), "time_zone": "Mars/Olympus_Mons"})

    answer = invoke("clinics", event)

    assert answer.status == 422, answer.body
    assert [e["loc"] for e in answer.json["errors"]] == [["path", "clinic_id"], ["body", "time_zone"]]


def test_the_rules_checked_on_writing_are_named_together(store: DynamoClinicStore) -> None:
    event = clinic_event("clinics/invalid_display_name")
    event["body"] = json.dumps({**json.loads(event["body"]), "holidays": {"country": "ZZ"}})

    answer = invoke("clinics", event)

    assert answer.status == 422, answer.body
    first, *others = answer.json["errors"]
    assert (first["loc"], first["type"]) == (["body", "display_name"], "display_name_not_showable")
    assert [error["loc"][:2] for error in others] == [["body", "holidays"]]


def test_an_oversize_body_is_413(store: DynamoClinicStore) -> None:
    answer = invoke_event("clinics", "clinics/oversize_body")

    assert (answer.status, answer.content_type) == (413, PROBLEM)


def test_a_method_the_path_does_not_offer_is_405_with_allow(store: DynamoClinicStore) -> None:
    answer = invoke_event("clinics", "clinics/wrong_method")

    assert answer.status == 405
    assert answer.headers["Allow"] == "DELETE, GET, HEAD, PUT"


@pytest.mark.parametrize("operation", ["get_item", "put_item"])
def test_a_throttled_table_is_503_with_retry_after_and_no_internals(
    monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    client = offline_client()
    stubber = Stubber(client)
    stubber.add_client_error(
        operation,
        service_error_code="ProvisionedThroughputExceededException",
        service_message="Rate of requests exceeds the allowed throughput for table clinics-prod",
        http_status_code=400,
    )
    throttled = DynamoClinicStore("clinics-prod", client_factory=lambda: client)
    monkeypatch.setattr(INJECTED, "clinic_store", lambda: throttled)

    with stubber:
        answer = _call("clinics/get" if operation == "get_item" else "clinics/put_new")

    assert (answer.status, answer.content_type) == (503, PROBLEM)
    assert answer.headers["Retry-After"] == "2"
    assert "Throughput" not in answer.body
    assert "clinics-prod" not in answer.body


def test_logs_carry_no_clinic_data(store: DynamoClinicStore, monkeypatch: pytest.MonkeyPatch) -> None:
    # The test handlers' Loggers write to the running test's stdout: here, a stream of the test's own.
    stream = io.StringIO()
    monkeypatch.setattr(sys, "stdout", stream)
    etag = _created().headers["ETag"]
    _call("clinics/get")
    _call("clinics/put_replace", If_Match=etag)
    _call("clinics/list")
    _call("clinics/invalid_time_zone")
    logs = stream.getvalue()

    assert logs.count('"request handled"') >= 5
    body = event_body("clinics/put_new")
    for secret in (body["display_name"], "Leeds", "2027-02-16", "Mars/Olympus_Mons", etag.strip('"')):
        assert secret not in logs
    for line in logs.splitlines():
        if line.startswith("{"):
            json.loads(line)  # one JSON object a line


def test_an_empty_cursor_is_422_not_the_first_page(store: DynamoClinicStore) -> None:
    # `cursor` has minLength 1: an empty one is a client bug to report, not a request for page one.
    event = clinic_event("clinics/list")
    event["queryStringParameters"] = {"cursor": ""}
    event["multiValueQueryStringParameters"] = {"cursor": [""]}

    answer = invoke("clinics", event)

    assert (answer.status, answer.content_type) == (422, PROBLEM), answer.body
    assert ["query", "cursor"] in [e["loc"] for e in answer.json["errors"]]


def test_a_path_below_a_clinic_is_no_resource(store: DynamoClinicStore) -> None:
    event = clinic_event("clinics/get")
    event["path"] = "/clinics/north-1/extra"

    answer = invoke("clinics", event, check_contract=False)  # no resource in the document: 404 expected

    assert (answer.status, answer.content_type) == (404, PROBLEM), answer.body


def test_a_condition_header_too_long_is_named_as_the_document_names_it(store: DynamoClinicStore) -> None:
    answer = _call("clinics/put_replace", If_Match='"' + "a" * (MAX_CONDITION_HEADER_LENGTH - 1) + '"')

    assert (answer.status, answer.content_type) == (422, PROBLEM), answer.body
    assert [e["loc"] for e in answer.json["errors"]] == [["header", "if-match"]]


def test_a_repeated_limit_is_422_not_one_of_the_two(store: DynamoClinicStore) -> None:
    event = clinic_event("clinics/list")
    event["multiValueQueryStringParameters"] = {"limit": ["2", "50"]}

    answer = invoke("clinics", event)

    assert (answer.status, answer.content_type) == (422, PROBLEM), answer.body
    assert [(e["loc"], e["type"]) for e in answer.json["errors"]] == [
        (["query", "limit"], "parameter_repeated")
    ]


@pytest.mark.parametrize("limit", ["1_0", "+5", " 5 ", "5.0", "٥", "0x10"])
def test_a_limit_is_written_in_digits(store: DynamoClinicStore, limit: str) -> None:
    event = clinic_event("clinics/list")
    event["queryStringParameters"] = {"limit": limit}

    answer = invoke("clinics", event)

    assert (answer.status, answer.content_type) == (422, PROBLEM), answer.body
    assert [(e["loc"], e["type"]) for e in answer.json["errors"]] == [(["query", "limit"], "int_parsing")]
