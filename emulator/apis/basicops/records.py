"""The answers every resource shares (seed, "Common Response Fields" and each Delete section).

    create  {"id": ..., "viewUrl": "...", "bounceUrl": "..."}
    delete  {"statusKind": 2, "status": "<name> deleted", "activities": [436]}
    link    {"url": "https://app.basicops.com/..."}

The seed leaves viewUrl and bounceUrl as "..."; they are built on the account's `app_url`
(docs/basicops.md).  Each delete is logged as an activity, whose id the delete answers.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from . import context
from .formats import now_iso

ACTIVITIES = "activities"
STATUS_KIND_DELETED = 2


def view_url(kind: str, record_id: Any) -> str:
    return f"{context.app_url()}/{kind}/{quote(str(record_id), safe='')}"


def bounce_url(kind: str, record_id: Any) -> str:
    return f"{context.app_url()}/bounce?type={kind}&id={quote(str(record_id), safe='')}"


def created(kind: str, record_id: Any) -> dict[str, Any]:
    return {"id": record_id, "viewUrl": view_url(kind, record_id), "bounceUrl": bounce_url(kind, record_id)}


def link(kind: str, record_id: Any) -> dict[str, Any]:
    return {"url": view_url(kind, record_id)}


def log_activity(kind: str, record_id: Any, action: str, name: str) -> int:
    """One row of the account's activity log; its id is what deletes answer in `activities`."""
    row = context.table(ACTIVITIES).insert({
        "kind": kind, "record": record_id, "action": action, "name": name,
        "user": context.my_id(), "created": now_iso(),
    })
    return row["id"]


def deleted(kind: str, record_id: Any, name: str) -> dict[str, Any]:
    activity = log_activity(kind, record_id, "deleted", name)
    return {"statusKind": STATUS_KIND_DELETED, "status": f"{name} deleted", "activities": [activity]}


def string_id(table_name: str, prefix: str) -> str:
    """A new string id ("dm12", "dep-3"): the prefix and the table's next number, skipping any
    that a fixture already uses."""
    table = context.table(table_name)
    number = table.next_id()
    while table.get(f"{prefix}{number}") is not None:
        number += 1
    return f"{prefix}{number}"


def next_number(name: str, highest_in_use: int = 0) -> int:
    """The next value of an account's counter (never repeating, even after deletes): for numbers that
    are not a table's own id, such as a webhook's integer `Id` beside its EId."""
    counters = context.table("counters")
    row = counters.get(1)
    value = max(int((row or {}).get(name) or 0), highest_in_use) + 1
    if row is None:
        counters.insert({name: value}, record_id=1)
    else:
        counters.update(1, {name: value})
    return value
