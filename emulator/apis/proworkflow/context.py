"""Who a domain rule acts for, on which account, at what time: one `Context` per call.

A Context wraps the caller bound by the core (core.caller: the account's TenantDB and the contact
record that authenticated) with what every rule asks: the caller's type, the account's plan,
"now" on the emulator's clock, and memoised look-ups by id, so rendering a list of 500 tasks with
their project titles costs one look-up per distinct project, never a scan.
"""
from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from ...core import clock
from ...core.caller import caller
from ...core.store import Record, TenantDB
from .grammar import stamp

STANDARD = "Standard"
ADVANCED = "Advanced"


class Context:
    def __init__(self, tenant: TenantDB, user: Record | None) -> None:
        self.tenant = tenant
        self.user = user or {}
        self._now: datetime | None = None
        self._lookups: dict[tuple[str, Any], Record | None] = {}
        self._aggregates: dict[Any, Any] = {}
        self.contactdetails = False  # set by render: contacts arrays carry email, image, phone

    @classmethod
    def current(cls) -> Context:
        bound = caller()
        return cls(bound.tenant, bound.user)

    # -- who ---------------------------------------------------------------------------------
    @property
    def me(self) -> int:
        return int(self.user.get("id") or 0)

    @property
    def type(self) -> str:
        return str(self.user.get("type") or "")

    @property
    def is_staff(self) -> bool:
        return self.type == "staff"

    @property
    def is_client(self) -> bool:
        return self.type == "client"

    @property
    def is_contractor(self) -> bool:
        return self.type == "contractor"

    @property
    def company_id(self) -> int:
        return int(self.user.get("companyid") or 0)

    # -- the account -------------------------------------------------------------------------
    @property
    def settings(self) -> Record:
        return self.tenant.settings

    @property
    def plan(self) -> str:
        return str(self.settings.get("plan") or STANDARD)

    @property
    def advanced(self) -> bool:
        return self.plan == ADVANCED

    # -- when --------------------------------------------------------------------------------
    @property
    def now(self) -> datetime:
        """One instant per call, so every record a call writes carries the same time."""
        if self._now is None:
            self._now = clock.now()
        return self._now

    @property
    def stamp(self) -> str:
        return stamp(self.now)

    # -- look-ups ----------------------------------------------------------------------------
    def table(self, name: str) -> Any:
        return self.tenant.table(name)

    def get(self, table: str, record_id: Any) -> Record | None:
        """The stored record by id, read-only (no copy; memoised for the call): never mutate it."""
        if record_id in (None, "", 0):
            return None
        key = (table, record_id)
        if key not in self._lookups:
            self._lookups[key] = self.tenant.table(table).view(record_id)
        return self._lookups[key]

    def children(self, table: str, **equals: Any) -> list[Record]:
        """The records of `table` equal on the given columns, found through the store's column
        index (a company's contacts, a contact's time): never a scan of the others."""
        return self.tenant.table(table).where(**equals)

    def forget(self, table: str, record_id: Any) -> None:
        self._lookups.pop((table, record_id), None)

    def name_of(self, table: str, record_id: Any, column: str = "name") -> str:
        rec = self.get(table, record_id)
        if rec is None:
            return ""
        if table == "contacts":
            return contact_name(rec)
        return str(rec.get(column) or "")

    def aggregate(self, key: Any, build: Callable[[], Any]) -> Any:
        """A value computed once per call (a sum over a table, say), shared by every record."""
        if key not in self._aggregates:
            self._aggregates[key] = build()
        return self._aggregates[key]


def contact_name(rec: Record) -> str:
    return f"{rec.get('firstname') or ''} {rec.get('lastname') or ''}".strip()
