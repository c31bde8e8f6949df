"""Bulk create-or-update (seed, "Bulk Operations"): POST /{project|task|section|note}/bulk.

{"items": [...]} with at most 100 items (setting bulk_max_items); an item with an `id` updates that
record, one without creates a record; each item takes the single endpoint's fields (templates go
through /project/bulk with isTemplate true).  All or nothing: every item is checked before any is
written, and the first bad item answers 400 "items[<n>]: <problem>" with nothing changed.
Answer: {"created": [ids], "updated": [ids]}, in item order.
"""
from __future__ import annotations

from types import ModuleType
from typing import Any

from ...core.api import ApiError
from . import context, notes, projects, sections, tasks
from .errors import bad_request
from .formats import to_int
from .schemas import BulkBody

MODULES: dict[str, ModuleType] = {"project": projects, "task": tasks, "section": sections, "note": notes}
TABLES = {"project": "projects", "task": "tasks", "section": "sections", "note": "notes"}


def bulk(kind: str, body: Any) -> dict[str, list[int]]:
    module = MODULES[kind]
    table = context.table(TABLES[kind])
    items = BulkBody.check(body)["items"]
    limit = int(context.setting("bulk_max_items"))
    if len(items) > limit:
        raise bad_request(f"items: at most {limit} items per request ({len(items)} given)")
    plan: list[tuple[str, Any, Any]] = []
    claimed: set[str] = set()
    for n, item in enumerate(items):
        try:
            if item.get("id") is not None:
                record_id = to_int(item["id"])
                current = table.get(record_id) if record_id is not None else None
                if current is None:
                    raise bad_request(f"{kind.capitalize()} {item['id']} not found")
                fields = {k: v for k, v in item.items() if k != "id"}
                plan.append(("update", current, module.validate_update(current, fields)))
            else:
                plan.append(("create", None, module.validate_create(item)))
            keys = item.get("attachments") if isinstance(item.get("attachments"), list) else []
            if claimed & set(map(str, keys)):
                raise bad_request("attachments: an upload id can be used once")
            claimed.update(map(str, keys))
        except ApiError as exc:
            raise bad_request(f"items[{n}]: {exc.message}") from None
    created: list[int] = []
    updated: list[int] = []
    for action, current, prepared in plan:
        if action == "create":
            created.append(module.insert(prepared)["id"])
        else:
            updated.append(module.apply_update(current, prepared)["id"])
    return {"created": created, "updated": updated}
