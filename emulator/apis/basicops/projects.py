"""Projects and project templates (seed, "Project").

- A template is a project with isTemplate true; GET /project lists projects only unless
  ?istemplate=true (then templates only), and active ones unless ?archived=true (then archived
  ones only: the seed's "instead").
- Create: title required; status defaults to "On Track"; owner defaults to the caller ("defaults to
  the current user"); team defaults to [owner]; "template": <id> creates the project from that
  template: its sections, tasks (with subtasks), dependencies between them and notes are copied, and
  what the body leaves out (description, status, team, dates, folder) comes from the template.
- Update (PATCH) changes what the body names; `archived` (not in the seed) archives or restores.
- Delete removes the project's sections, tasks, notes, messages, time entries and dependencies.
Every project in the account is visible to each of its users (the seed names no project rights).
"""
from __future__ import annotations

from typing import Any

from ...core.store import Record
from . import cascade, context, events, filters, records, serializers
from .errors import bad_request
from .formats import now_iso
from .lookup import find, find_stored, ref, refs, user_ref
from .schemas import ProjectBody

TABLE = "projects"
COPIED_FROM_TEMPLATE = ("description", "status", "team", "dueDate", "startDate", "folder")


def list_projects(query: filters.ListQuery) -> list[dict[str, Any]]:
    rows = filters.select(TABLE, context.table(TABLE).scan(), query)
    return [serializers.project(r) for r in rows]


def get_project(project_id: Any) -> dict[str, Any]:
    return serializers.project(find_stored(TABLE, project_id))


def link(project_id: Any) -> dict[str, Any]:
    return records.link("project", find(TABLE, project_id)["id"])


# -- create ------------------------------------------------------------------------------------

def validate_create(body: Any) -> dict[str, Any]:
    data = ProjectBody.check(body)
    template = None
    if data.get("template") is not None:
        template = context.table(TABLE).get(data["template"])
        if template is None or not template.get("isTemplate"):
            raise bad_request(f"template: Template {data['template']} not found")
    owner = data.get("owner", context.my_id())
    user_ref("owner", owner)
    if data.get("team") is not None:
        refs("team", "users", data["team"])
    stamp = now_iso()
    rec: dict[str, Any] = {
        "title": data["title"], "description": None, "status": "On Track", "dueDate": None, "startDate": None,
        "owner": owner, "team": [owner], "folder": None, "isTemplate": False, "archived": False,
        "created": stamp, "updated": stamp,
    }
    if template is not None:
        for key in COPIED_FROM_TEMPLATE:
            rec[key] = template.get(key) if key != "team" else list(template.get("team") or [owner])
    for key in ("description", "status", "team", "dueDate", "startDate", "folder"):
        if key in data:
            rec[key] = data[key] if key != "team" else list(data[key] or [])
    rec["isTemplate"] = bool(data.get("isTemplate"))
    rec["archived"] = bool(data.get("archived", False))
    return {"record": rec, "template": template["id"] if template else None}


def insert(prepared: dict[str, Any]) -> Record:
    rec = context.table(TABLE).insert(prepared["record"])
    events.changed("project", "created", rec)
    if prepared.get("template") is not None:
        copy_template(prepared["template"], rec["id"])
    return rec


def create(body: Any) -> dict[str, Any]:
    rec = insert(validate_create(body))
    return records.created("project", rec["id"])


def copy_template(template_id: int, project_id: int) -> None:
    """Copy a template's sections, tasks (keeping the subtask tree), dependencies and notes."""
    stamp = now_iso()
    sections, tasks = context.table("sections"), context.table("tasks")
    section_ids: dict[int, int] = {}
    for sec in sorted(sections.where(project=template_id), key=lambda r: r["id"]):
        new = sections.insert({**_without_id(sec), "project": project_id, "created": stamp, "updated": stamp})
        section_ids[sec["id"]] = new["id"]
    task_ids: dict[int, int] = {}
    originals = sorted(tasks.where(project=template_id), key=lambda r: r["id"])
    for task in originals:
        new = tasks.insert({
            **_without_id(task), "project": project_id, "section": section_ids.get(task.get("section")),
            "parent": None, "attachments": [], "archived": False, "created": stamp, "updated": stamp,
        })
        task_ids[task["id"]] = new["id"]
    # then the subtask tree, now that every copy has its id
    for task in originals:
        if task.get("parent") in task_ids:
            tasks.update(task_ids[task["id"]], {"parent": task_ids[task["parent"]]})
    from .dependencies import copy_between

    copy_between(task_ids)
    notes = context.table("notes")
    for note in sorted(notes.where(project=template_id), key=lambda r: r["id"]):
        notes.insert({**_without_id(note), "project": project_id, "attachments": [], "created": stamp,
                      "updated": stamp})


def _without_id(rec: Record) -> Record:
    return {k: v for k, v in rec.items() if k != "id"}


# -- update ------------------------------------------------------------------------------------

def validate_update(current: Record, body: Any) -> dict[str, Any]:
    data = ProjectBody.check(body, partial=True)
    data.pop("template", None)
    if "owner" in data:
        user_ref("owner", data["owner"])
    if data.get("team") is not None:
        refs("team", "users", data["team"])
    changes: dict[str, Any] = {}
    for key in ("title", "description", "status", "owner", "dueDate", "startDate", "folder"):
        if key in data:
            changes[key] = data[key]
    if "team" in data:
        changes["team"] = list(data["team"] or [])
    if "isTemplate" in data:
        changes["isTemplate"] = bool(data["isTemplate"])
    if "archived" in data:
        changes["archived"] = data["archived"]
    return changes


def apply_update(current: Record, changes: dict[str, Any]) -> Record:
    after = context.table(TABLE).update(current["id"], {**changes, "updated": now_iso()})
    assert after is not None
    events.changed("project", "updated", after, current)
    return after


def update(project_id: Any, body: Any) -> None:
    current = find(TABLE, project_id)
    apply_update(current, validate_update(current, body))


# -- delete ------------------------------------------------------------------------------------

def delete(project_id: Any) -> dict[str, Any]:
    rec = find(TABLE, project_id)
    cascade.project_children(rec["id"])
    context.table(TABLE).delete(rec["id"])
    events.changed("project", "deleted", rec)
    return records.deleted("project", rec["id"], rec.get("title") or "Project")


def project_ref(field: str, project_id: Any) -> Record:
    return ref(field, TABLE, project_id)
