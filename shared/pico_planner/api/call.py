"""One request as a route function sees it beyond its declared inputs, and what the handler is given.

`Services` are a function's dependencies: its settings, the clock and the clinic store. The handler
factory receives them (tests and the local server pass their own) and hands each route function that
asks for it a `Call`, through which it reads the request's headers, the time and the calling partner.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pico_planner.api.answer import Headers
from pico_planner.api.clinic_access import clinic_store_on, partner_id
from pico_planner.api.settings import Settings

if TYPE_CHECKING:
    from pico_planner.store.clinic_store import ClinicStore


def utc_now() -> dt.datetime:
    """The real clock."""
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class Services:
    """A function's dependencies: made once per container (tests and the local server make their own)."""

    settings: Settings = field(default_factory=Settings.from_environment)
    clock: Callable[[], dt.datetime] = utc_now
    # The container's store on the settings' table, made on the first request that reads a clinic.
    clinic_store: Callable[[], ClinicStore] | None = None

    def store(self) -> ClinicStore:
        if self.clinic_store is not None:
            return self.clinic_store()
        return clinic_store_on(self.settings.clinics_table_name)


class Call:
    """The request a route function is answering: its headers and event, and the services."""

    __slots__ = ("event", "headers", "services")

    def __init__(self, event: Mapping[str, Any], headers: Headers, services: Services) -> None:
        self.event = event
        self.headers = headers
        self.services = services

    def now(self) -> dt.datetime:
        return self.services.clock()

    def partner(self) -> str:
        """The calling partner (its API key's id); a 403 problem where a deployed request has none."""
        return partner_id(self.event, deployed=self.services.settings.deployed)

    def clinic_store(self) -> ClinicStore:
        return self.services.store()

    @property
    def stage(self) -> str:
        context = self.event.get("requestContext")
        stage = context.get("stage") if isinstance(context, Mapping) else None
        return stage if isinstance(stage, str) else ""
