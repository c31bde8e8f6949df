"""Sections: groups of tasks within a project (seed, "Sections").

Create needs a name and a project; state is "Open" (default) or "Complete".  GET /section and
GET /section/<id> nest the project in its long form, GET /project/<id>/sections in its short form.
Moving a section to another project (PATCH project) moves its tasks with it; deleting a section
leaves its tasks in the project, without a section.
"""
from __future__ import annotations

from typing import Any

from ...core.store import Record
from . import context, events, filters, records, serializers
from .formats import now_iso
from .lookup import find, find_stored, ref
from .schemas import SectionBody

TABLE = "sections"


def list_sections(query: filters.ListQuery) -> list[dict[str, Any]]:
    rows = filters.select(TABLE, context.table(TABLE).scan(), query)
    return [serializers.section(r) for r in rows]


def list_for_project(project_id: Any, query: filters.ListQuery) -> list[dict[str, Any]]:
    project = find("projects", project_id)
    rows = filters.select(TABLE, (r for r in context.table(TABLE).scan() if r.get("project") == project["id"]), query)
    return [serializers.section(r, serializers.SHORT) for r in rows]


def get_section(section_id: Any) -> dict[str, Any]:
    return serializers.section(find_stored(TABLE, section_id))


def validate_create(body: Any) -> dict[str, Any]:
    data = SectionBody.check(body)
    ref("project", "projects", data["project"])
    stamp = now_iso()
    return {"name": data["name"], "project": data["project"], "endDate": data.get("endDate"),
            "state": data.get("state", "Open"), "created": stamp, "updated": stamp}


def insert(data: dict[str, Any]) -> Record:
    rec = context.table(TABLE).insert(data)
    events.changed("section", "created", rec)
    return rec


def create(body: Any) -> dict[str, Any]:
    return records.created("section", insert(validate_create(body))["id"])


def validate_update(current: Record, body: Any) -> dict[str, Any]:
    data = SectionBody.check(body, partial=True)
    if "project" in data:
        ref("project", "projects", data["project"])
    return {k: data[k] for k in ("name", "project", "endDate", "state") if k in data}


def apply_update(current: Record, changes: dict[str, Any]) -> Record:
    after = context.table(TABLE).update(current["id"], {**changes, "updated": now_iso()})
    assert after is not None
    if changes.get("project") not in (None, current.get("project")):
        tasks = context.table("tasks")
        for task_id in [t["id"] for t in tasks.scan() if t.get("section") == current["id"]]:
            tasks.update(task_id, {"project": changes["project"]})
    events.changed("section", "updated", after, current)
    return after


def update(section_id: Any, body: Any) -> None:
    current = find(TABLE, section_id)
    apply_update(current, validate_update(current, body))


def delete(section_id: Any) -> dict[str, Any]:
    rec = find(TABLE, section_id)
    tasks = context.table("tasks")
    for task_id in [t["id"] for t in tasks.scan() if t.get("section") == rec["id"]]:
        tasks.update(task_id, {"section": None})
    context.table(TABLE).delete(rec["id"])
    events.changed("section", "deleted", rec)
    return records.deleted("section", rec["id"], rec.get("name") or "Section")
