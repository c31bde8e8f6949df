"""Changes that webhooks can subscribe to (seed: basicops:<collection>:<action>).

A rule that creates, updates or deletes a task, project, section or note calls `changed(...)`.
That costs the request O(1): the change is handed to the account's delivery engine, whose worker
thread matches it against the webhooks, builds the payloads and POSTs them (delivery.py), so a
slow or broken receiver never slows or breaks the API call.  An account without webhooks hands
nothing over.
"""
from __future__ import annotations

from dataclasses import dataclass

from ...core.caller import caller
from ...core.store import Record, TenantDB, copy_json
from . import context
from .formats import now_iso

COLLECTIONS = ("task", "project", "section", "note", "user")
ACTIONS = ("created", "updated", "deleted")
WEBHOOKS = "webhooks"


@dataclass(frozen=True)
class Change:
    """One change of one record, as the request saw it."""

    tenant: TenantDB
    user_id: int | None
    collection: str
    action: str
    record: Record  # the record after the change (before it, for a delete)
    before: Record | None  # the record before an update
    timestamp: str
    api_base: str

    @property
    def event(self) -> str:
        return f"basicops:{self.collection}:{self.action}"


def changed(collection: str, action: str, record: Record, before: Record | None = None) -> None:
    who = caller()
    tenant = who.tenant
    if tenant.store is None or len(tenant.table(WEBHOOKS)) == 0:
        return
    from .delivery import engine_for

    engine_for(tenant.store).submit(Change(
        tenant=tenant, user_id=(who.user or {}).get("id"), collection=collection, action=action,
        record=copy_json(record), before=copy_json(before) if before is not None else None,
        timestamp=now_iso(), api_base=context.api_base(),
    ))
