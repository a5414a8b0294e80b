"""What a clinic store can refuse, as typed exceptions the API layer maps to problems in one place."""

from __future__ import annotations


class ClinicStoreError(Exception):
    """Base class of every error a clinic store raises on purpose."""


class ClinicNotFound(ClinicStoreError):
    """No clinic with this id in the caller's partition (another partner's clinic looks the same)."""


class PreconditionFailed(ClinicStoreError):
    """If-Match named no current version of the clinic (or the clinic does not exist)."""


class PreconditionRequired(ClinicStoreError):
    """The clinic exists, and replacing or deleting it needs If-Match with its current ETag."""


class ClinicExists(ClinicStoreError):
    """The write was to create the clinic only (If-None-Match: *), and it exists."""


class InvalidCursor(ClinicStoreError):
    """A page cursor this store did not issue, or issued for another listing."""


class StoreUnavailable(ClinicStoreError):
    """The database is throttling, unreachable or failing: the request can be retried later.

    `reason` is a short machine code for operators' logs (an AWS error code or an exception name);
    it is never shown to the caller.
    """

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason
