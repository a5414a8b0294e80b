"""DynamoClinicStore against moto's DynamoDB: conditional writes, partitions, pages and failures."""

from __future__ import annotations

import base64
import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from botocore.config import Config
from botocore.stub import Stubber

from devtools.local_api.embedded_store import table_definition
from devtools.local_api.template_routes import load_template
from pico_planner.core.clinic import ClinicProfile
from pico_planner.store.clinic_store import MAX_EXPECTED_VERSIONS, VersionCondition
from pico_planner.store.cursor import encode_cursor
from pico_planner.store.dynamodb import DynamoClinicStore
from pico_planner.store.errors import (
    ClinicNotFound,
    InvalidCursor,
    PreconditionFailed,
    PreconditionRequired,
    StoreUnavailable,
)
from tests.store.moto_table import (
    REGION,
    MockedTable,
    atomic_conditional_writes,
    mocked_clinic_table,
    offline_client,
)
from tests.support.events import PROJECT_ROOT

PARTNER = "key-partner-a"
OTHER_PARTNER = "key-partner-b"
PROFILE = ClinicProfile.model_validate(
    {
        "display_name": "North Street Clinic",
        "time_zone": "Europe/London",
        "weekdays": ["tue", "wed", "thu"],
        "closed_dates": ["2027-02-16"],
        "holidays": {"country": "GB", "subdivision": "ENG"},
        "protocol": {"min_interval_days": 42},
    }
)
RENAMED = PROFILE.model_copy(update={"display_name": "North Street Clinic (Leeds)"})


@pytest.fixture
def table(monkeypatch: pytest.MonkeyPatch) -> Iterator[MockedTable]:
    with mocked_clinic_table(monkeypatch) as mocked:
        yield mocked


@pytest.fixture
def store(table: MockedTable) -> DynamoClinicStore:
    return table.store()


def _only(version: str) -> VersionCondition:
    return VersionCondition(versions=frozenset({version}))


def test_the_table_is_made_from_the_templates_key_schema(table: MockedTable) -> None:
    properties = load_template(PROJECT_ROOT / "template.yaml")["Resources"]["ClinicsTable"]["Properties"]
    described = table.client.describe_table(TableName=table.name)["Table"]

    assert described["KeySchema"] == properties["KeySchema"]
    assert described["KeySchema"] == [
        {"AttributeName": "partner_id", "KeyType": "HASH"},
        {"AttributeName": "clinic_id", "KeyType": "RANGE"},
    ]
    assert described["BillingModeSummary"]["BillingMode"] == "PAY_PER_REQUEST"
    assert (
        table_definition(PROJECT_ROOT / "template.yaml", "x")["AttributeDefinitions"]
        == (properties["AttributeDefinitions"])
    )


def test_create_then_read_back(store: DynamoClinicStore) -> None:
    created = store.put(PARTNER, "north-1", PROFILE, expected=None)
    read = store.get(PARTNER, "north-1")

    assert read == created
    assert read.profile == PROFILE
    assert len(read.version) == 32


def test_creating_an_existing_clinic_needs_if_match(store: DynamoClinicStore) -> None:
    store.put(PARTNER, "north-1", PROFILE, expected=None)

    with pytest.raises(PreconditionRequired):
        store.put(PARTNER, "north-1", RENAMED, expected=None)
    assert store.get(PARTNER, "north-1").profile == PROFILE


def test_replacing_with_the_current_version_gives_a_new_one(store: DynamoClinicStore) -> None:
    first = store.put(PARTNER, "north-1", PROFILE, expected=None)
    second = store.put(PARTNER, "north-1", RENAMED, expected=_only(first.version))

    assert second.version != first.version
    assert store.get(PARTNER, "north-1") == second
    with pytest.raises(PreconditionFailed):
        store.put(PARTNER, "north-1", PROFILE, expected=_only(first.version))
    assert store.get(PARTNER, "north-1").profile == RENAMED


@pytest.mark.parametrize(
    "expected",
    [VersionCondition(any_version=True), _only("0" * 32), VersionCondition()],
    ids=["star", "some-version", "no-usable-tag"],
)
def test_if_match_on_a_missing_clinic_fails(store: DynamoClinicStore, expected: VersionCondition) -> None:
    with pytest.raises(PreconditionFailed):
        store.put(PARTNER, "north-1", PROFILE, expected=expected)
    with pytest.raises(ClinicNotFound):
        store.get(PARTNER, "north-1")


def test_delete_checks_the_version_when_given(store: DynamoClinicStore) -> None:
    stored = store.put(PARTNER, "north-1", PROFILE, expected=None)

    with pytest.raises(PreconditionFailed):
        store.delete(PARTNER, "north-1", expected=_only("0" * 32))
    store.delete(PARTNER, "north-1", expected=_only(stored.version))
    with pytest.raises(ClinicNotFound):
        store.delete(PARTNER, "north-1", expected=None)


def test_partners_never_see_each_others_clinics(store: DynamoClinicStore) -> None:
    mine = store.put(PARTNER, "north-1", PROFILE, expected=None)

    with pytest.raises(ClinicNotFound):
        store.get(OTHER_PARTNER, "north-1")
    with pytest.raises(PreconditionFailed):
        store.put(OTHER_PARTNER, "north-1", RENAMED, expected=_only(mine.version))
    with pytest.raises(ClinicNotFound):
        store.delete(OTHER_PARTNER, "north-1", expected=None)
    assert store.list_page(OTHER_PARTNER, limit=10, cursor=None).clinics == []
    # The other partner may use the same id for a clinic of its own; neither affects the other.
    theirs = store.put(OTHER_PARTNER, "north-1", RENAMED, expected=None)
    assert store.get(PARTNER, "north-1") == mine
    assert store.get(OTHER_PARTNER, "north-1") == theirs


def test_pages_walk_every_clinic_once_in_id_order(store: DynamoClinicStore) -> None:
    ids = ["a-1", "b-2", "c-3", "d-4", "e-5"]
    for clinic_id in reversed(ids):
        store.put(PARTNER, clinic_id, PROFILE, expected=None)
    store.put(OTHER_PARTNER, "zz-other", PROFILE, expected=None)

    pages, cursor = [], None
    while True:
        page = store.list_page(PARTNER, limit=2, cursor=cursor)
        pages.append([clinic.clinic_id for clinic in page.clinics])
        cursor = page.next_cursor
        if cursor is None:
            break

    assert pages == [["a-1", "b-2"], ["c-3", "d-4"], ["e-5"]]


def test_a_full_last_page_has_no_cursor(store: DynamoClinicStore) -> None:
    for clinic_id in ("a-1", "b-2"):
        store.put(PARTNER, clinic_id, PROFILE, expected=None)

    assert store.list_page(PARTNER, limit=2, cursor=None).next_cursor is None


def _with_version(cursor: str, version: object) -> str:
    """The cursor with its version field replaced, as a hand edit would make it."""
    payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    raw = json.dumps({**payload, "v": version}).encode("utf-8")
    return base64.urlsafe_b64encode(raw).decode("ascii").rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-base64!",
        "bm90IGpzb24",
        encode_cursor(OTHER_PARTNER, "a-1"),
        encode_cursor(PARTNER, "../x"),
        _with_version(encode_cursor(PARTNER, "a-1"), True),
        _with_version(encode_cursor(PARTNER, "a-1"), 1.0),
    ],
    ids=["garbage", "not-json", "other-partners", "bad-clinic-id", "version-true", "version-float"],
)
def test_a_cursor_this_partner_was_not_given_is_refused(store: DynamoClinicStore, cursor: str) -> None:
    with pytest.raises(InvalidCursor):
        store.list_page(PARTNER, limit=2, cursor=cursor)


def test_of_concurrent_writers_holding_one_etag_exactly_one_wins(store: DynamoClinicStore) -> None:
    current = store.put(PARTNER, "north-1", PROFILE, expected=None)
    writers = 8
    barrier = threading.Barrier(writers)

    def write(number: int) -> str:
        profile = PROFILE.model_copy(update={"display_name": f"Writer {number}"})
        barrier.wait()
        try:
            return store.put(PARTNER, "north-1", profile, expected=_only(current.version)).version
        except PreconditionFailed:
            return "412"

    with atomic_conditional_writes(), ThreadPoolExecutor(writers) as pool:
        outcomes = list(pool.map(write, range(writers)))

    winners = [outcome for outcome in outcomes if outcome != "412"]
    assert len(winners) == 1, outcomes
    assert outcomes.count("412") == writers - 1
    assert store.get(PARTNER, "north-1").version == winners[0]


def test_of_concurrent_creators_exactly_one_wins(store: DynamoClinicStore) -> None:
    writers = 8
    barrier = threading.Barrier(writers)

    def create(_: int) -> bool:
        barrier.wait()
        try:
            store.put(PARTNER, "north-1", PROFILE, expected=None)
        except PreconditionRequired:
            return False
        return True

    with atomic_conditional_writes(), ThreadPoolExecutor(writers) as pool:
        outcomes = list(pool.map(create, range(writers)))

    assert outcomes.count(True) == 1


def _stubbed_store() -> tuple[DynamoClinicStore, Stubber]:
    client = offline_client()
    stubber = Stubber(client)
    return DynamoClinicStore("clinics", client_factory=lambda: client), stubber


@pytest.mark.parametrize(
    "error_code",
    ["ProvisionedThroughputExceededException", "ThrottlingException", "InternalServerError"],
)
def test_throttling_and_server_errors_become_unavailable(error_code: str) -> None:
    store, stubber = _stubbed_store()
    stubber.add_client_error("get_item", service_error_code=error_code, http_status_code=400)

    with stubber, pytest.raises(StoreUnavailable) as raised:
        store.get(PARTNER, "north-1")
    assert raised.value.reason == error_code


def test_an_unreachable_database_becomes_unavailable() -> None:
    def unreachable_client() -> object:
        # Port 9 (discard) refuses connections on a test machine; one attempt keeps the test fast.
        return offline_client(
            endpoint_url="http://127.0.0.1:9",
            config=Config(connect_timeout=1, read_timeout=1, retries={"max_attempts": 1}),
        )

    store = DynamoClinicStore("clinics", client_factory=unreachable_client)

    with pytest.raises(StoreUnavailable) as raised:
        store.get(PARTNER, "north-1")
    assert raised.value.reason == "EndpointConnectionError"


def test_a_missing_table_name_is_unavailable_not_a_crash() -> None:
    with pytest.raises(StoreUnavailable) as raised:
        DynamoClinicStore(None).get(PARTNER, "north-1")
    assert raised.value.reason == "table_not_configured"


def test_the_production_client_has_timeouts_and_standard_retries(monkeypatch: pytest.MonkeyPatch) -> None:
    from pico_planner.store.dynamodb import (
        CONNECT_TIMEOUT_SECONDS,
        MAX_ATTEMPTS,
        READ_TIMEOUT_SECONDS,
        make_dynamodb_client,
    )

    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    config = make_dynamodb_client().meta.config

    assert (config.connect_timeout, config.read_timeout) == (CONNECT_TIMEOUT_SECONDS, READ_TIMEOUT_SECONDS)
    assert config.retries == {"mode": "standard", "total_max_attempts": MAX_ATTEMPTS}


def test_a_condition_holds_no_more_versions_than_dynamodb_compares() -> None:
    at_the_limit = frozenset(str(n) for n in range(MAX_EXPECTED_VERSIONS))
    assert len(VersionCondition(versions=at_the_limit).versions) == MAX_EXPECTED_VERSIONS
    with pytest.raises(ValueError, match="at most 100 versions"):
        VersionCondition(versions=at_the_limit | {"one more"})
