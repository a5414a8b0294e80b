"""The interface the API layer stores clinic profiles through, and what it stores.

Every operation takes the partner id first: a store keeps each partner's clinics apart, and a clinic
of another partner is indistinguishable from one that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    # Annotations only: the functions that never read a clinic (docs, catalogue, estimate) import this
    # module for its conditions, and need not build the clinic models at their cold start.
    from pico_planner.core.clinic import ClinicProfile


@dataclass(frozen=True)
class StoredClinic:
    """A profile as stored, with the version its ETag is made from."""

    clinic_id: str
    profile: ClinicProfile
    version: str


@dataclass(frozen=True)
class ClinicPage:
    """One page of a partner's clinics in id order, and the cursor of the next page (None at the end)."""

    clinics: list[StoredClinic]
    next_cursor: str | None


# The most versions one condition names: DynamoDB compares at most 100 operands in an IN comparison.
MAX_EXPECTED_VERSIONS = 100


@dataclass(frozen=True)
class VersionCondition:
    """What If-Match asks of the stored clinic: that it exists (`*`), or has one of these versions.

    An empty `versions` without `any_version` matches nothing (an If-Match with no usable ETag).
    """

    any_version: bool = False
    versions: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        if len(self.versions) > MAX_EXPECTED_VERSIONS:
            # The API refuses such an If-Match first (a 422): reaching here is a defect of the caller's.
            raise ValueError(f"a condition names at most {MAX_EXPECTED_VERSIONS} versions")


class ClinicStore(Protocol):
    """Clinic profiles by partner and clinic id, with conditional writes."""

    def get(self, partner_id: str, clinic_id: str) -> StoredClinic:
        """The stored clinic; raises ClinicNotFound."""
        ...

    def put(
        self, partner_id: str, clinic_id: str, profile: ClinicProfile, *, expected: VersionCondition | None
    ) -> StoredClinic:
        """Store `profile` under a new version, in one conditional write.

        `expected` None: create only; raises PreconditionRequired when the clinic exists.
        Otherwise: replace only; raises PreconditionFailed unless the stored clinic meets `expected`.
        """
        ...

    def delete(self, partner_id: str, clinic_id: str, *, expected: VersionCondition | None) -> None:
        """Delete the clinic, in one conditional write.

        `expected` None: raises ClinicNotFound when there is none. Otherwise: raises PreconditionFailed
        unless the stored clinic meets `expected`.
        """
        ...

    def list_page(self, partner_id: str, *, limit: int, cursor: str | None) -> ClinicPage:
        """Up to `limit` clinics after `cursor`, in id order; raises InvalidCursor."""
        ...
