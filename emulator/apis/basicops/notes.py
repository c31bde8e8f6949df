"""Notes (seed, "Notes"): personal, or belonging to a project.

- Create: name required.  Instead of (or besides) `content`, the meeting fields startTime, endTime,
  summary, actionItems and participants are "formatted and added to the content field" (seed): as
  HTML paragraphs and lists (docs/basicops.md shows the layout), the given content last.  An action
  item with addAsTask true creates a task with its title in the note's project, and the item links
  to that task.
- A personal note (no project) is its owner's: another user gets 403 (or 404 with hide_forbidden).
  Project notes are visible to every user of the account.
- `attachments` takes upload ids; on update it is the full list to keep.
"""
from __future__ import annotations

from html import escape
from typing import Any

from ...core.store import Record
from . import context, events, files, filters, records, serializers
from .errors import forbidden
from .formats import now_iso
from .lookup import find, ref
from .schemas import NoteBody

TABLE = "notes"
MEETING_FIELDS = ("startTime", "endTime", "summary", "actionItems", "participants")
NEW_OWNER = "note:new"


def visible(rec: Record) -> bool:
    return rec.get("project") is not None or rec.get("owner") == context.my_id()


def find_visible(note_id: Any) -> Record:
    rec = find(TABLE, note_id)
    if not visible(rec):
        raise forbidden(TABLE)
    return rec


def list_notes(query: filters.ListQuery) -> list[dict[str, Any]]:
    rows = filters.select(TABLE, (n for n in context.table(TABLE).scan() if visible(n)), query)
    return [serializers.note(r) for r in rows]


def list_for_project(project_id: Any, query: filters.ListQuery) -> list[dict[str, Any]]:
    project = find("projects", project_id)["id"]
    rows = filters.select(TABLE, (n for n in context.table(TABLE).scan() if n.get("project") == project), query)
    return [serializers.note(r) for r in rows]


def get_note(note_id: Any) -> dict[str, Any]:
    return serializers.note(find_visible(note_id))


def link(note_id: Any) -> dict[str, Any]:
    return records.link("note", find_visible(note_id)["id"])


# -- the meeting form ----------------------------------------------------------------------------

def _person(p: dict[str, Any]) -> str:
    name = " ".join(x for x in (p.get("firstName"), p.get("lastName")) if x)
    email = p.get("email")
    if name and email:
        return f"{escape(name)} &lt;{escape(email)}&gt;"
    return escape(name or email or "")


def meeting_content(data: dict[str, Any], task_ids: list[int | None]) -> str:
    """The meeting fields as HTML, followed by the given content."""
    parts: list[str] = []
    if data.get("startTime"):
        parts.append(f"<p><strong>Start:</strong> {escape(data['startTime'])}</p>")
    if data.get("endTime"):
        parts.append(f"<p><strong>End:</strong> {escape(data['endTime'])}</p>")
    if data.get("participants"):
        items = "".join(f"<li>{_person(p)}</li>" for p in data["participants"])
        parts.append(f"<p><strong>Participants:</strong></p><ul>{items}</ul>")
    if data.get("summary"):
        parts.append(f"<p><strong>Summary:</strong></p><p>{escape(data['summary'])}</p>")
    if data.get("actionItems"):
        items = []
        for item, task_id in zip(data["actionItems"], task_ids, strict=True):
            title = escape(item["title"])
            if task_id is not None:
                url = escape(records.view_url("task", task_id))
                title = f'<a class="record-link" _tableid="task" _id="{task_id}" href="{url}">{title}</a>'
            items.append(f"<li>{title}</li>")
        parts.append(f"<p><strong>Action items:</strong></p><ul>{''.join(items)}</ul>")
    if data.get("content"):
        parts.append(data["content"])
    return "".join(parts)


# -- create, update, delete ---------------------------------------------------------------------

def validate_create(body: Any) -> dict[str, Any]:
    data = NoteBody.check(body)
    if data.get("project") is not None:
        ref("project", "projects", data["project"])
    keys = files.check_claims(data.get("attachments") or [], NEW_OWNER)
    return {"data": data, "attachments": keys}


def insert(prepared: dict[str, Any]) -> Record:
    data = prepared["data"]
    stamp = now_iso()
    content = data.get("content")
    if any(data.get(f) for f in MEETING_FIELDS):
        task_ids: list[int | None] = []
        for item in data.get("actionItems") or []:
            if item.get("addAsTask"):
                from .tasks import insert as insert_task

                task = insert_task({
                    "title": item["title"], "description": None, "status": "New", "dueDate": None,
                    "project": data.get("project"), "section": None, "assignee": None, "parent": None,
                    "archived": False, "attachments": [], "creator": context.my_id(),
                    "created": stamp, "updated": stamp})
                task_ids.append(task["id"])
            else:
                task_ids.append(None)
        content = meeting_content(data, task_ids)
    rec = context.table(TABLE).insert({
        "name": data["name"], "content": content, "project": data.get("project"), "owner": context.my_id(),
        "attachments": prepared["attachments"], "created": stamp, "updated": stamp,
    })
    if rec["attachments"]:
        files.claim(rec["attachments"], files.owner_of("note", rec["id"]))
    events.changed("note", "created", rec)
    return rec


def create(body: Any) -> dict[str, Any]:
    return records.created("note", insert(validate_create(body))["id"])


def validate_update(current: Record, body: Any) -> dict[str, Any]:
    if not visible(current):
        raise forbidden(TABLE)
    data = NoteBody.check(body, partial=True)
    if data.get("project") is not None:
        ref("project", "projects", data["project"])
    changes = {k: data[k] for k in ("name", "content", "project") if k in data}
    if "attachments" in data:
        changes["attachments"] = files.check_claims(data["attachments"], files.owner_of("note", current["id"]))
    return changes


def apply_update(current: Record, changes: dict[str, Any]) -> Record:
    if "attachments" in changes:
        files.claim(changes["attachments"], files.owner_of("note", current["id"]), current.get("attachments"))
    after = context.table(TABLE).update(current["id"], {**changes, "updated": now_iso()})
    assert after is not None
    events.changed("note", "updated", after, current)
    return after


def update(note_id: Any, body: Any) -> None:
    current = find(TABLE, note_id)
    apply_update(current, validate_update(current, body))


def delete(note_id: Any) -> dict[str, Any]:
    rec = find_visible(note_id)
    files.drop(rec.get("attachments"))
    context.table(TABLE).delete(rec["id"])
    events.changed("note", "deleted", rec)
    return records.deleted("note", rec["id"], rec.get("name") or "Note")
