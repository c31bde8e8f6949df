"""What BasicOps answers for each record: exactly the documented keys, nested as the seed shows.

A client with a strict model rejects one extra key (research §5.1: mcp-basicops-server's models
forbid extras), so each shape below lists its keys explicitly.  Two nested forms exist:

- long (GET /task/<id>, GET /task, GET /section...): project {dueDate, description, id, title,
  status}, section {endDate, name, id, state}, assignee {firstName, lastName, id, email, picture};
- short (GET /project/<id>/tasks, /task/<id>/tasks, /project/<id>/sections): project {id, title,
  status}, section {id, name, state}, assignee {id, firstName, lastName, email}.

Message, reply, dependency and webhook ids are strings; every other id is an integer.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote

from ...core.store import Record
from . import context

LONG, SHORT = "long", "short"
# keys are base64 (seed: "...%3D%3D"): of what quote(text, safe="") escapes they hold only "+/="
_BASE64 = re.compile(r"[A-Za-z0-9_.~+/=-]*")


def _get(table: str, record_id: Any) -> Record | None:
    """The stored row itself (no copy): every serializer below only reads it and copies out scalars
    (or builds new lists), so nothing it answers can change the store."""
    if record_id is None:
        return None
    return context.table(table).view(record_id)


def _quote(text: str) -> str:
    """quote(text, safe=""), several times faster for a base64 key (three replaces, not a call per byte)."""
    if isinstance(text, str) and _BASE64.fullmatch(text):
        return text.replace("+", "%2B").replace("/", "%2F").replace("=", "%3D")
    return quote(text, safe="")


# -- users -------------------------------------------------------------------------------------

def picture_url(user: Record) -> str | None:
    key = user.get("picture")
    if not key:
        return None
    return f"{context.api_base()}/user/{user['id']}/picture/{_quote(key)}/download"


def user(rec: Record) -> dict[str, Any]:
    """GET /user/<id>: email is null when the user is deactivated (seed)."""
    return {
        "firstName": rec.get("firstName"),
        "lastName": rec.get("lastName"),
        "roles": [{"name": r.get("name"), "id": r.get("id")} for r in rec.get("roles") or []],
        "id": rec["id"],
        "email": rec.get("email") if rec.get("active", True) else None,
        "picture": picture_url(rec),
    }


def event_user(rec: Record) -> dict[str, Any]:
    """The `user` of a webhook event (seed, "Executing the Webhook")."""
    full = user(rec)
    return {k: full[k] for k in ("firstName", "lastName", "roles", "id", "email")}


def assignee(user_id: int | None, form: str = LONG) -> dict[str, Any] | None:
    rec = _get("users", user_id)
    if rec is None:
        return None
    email = rec.get("email") if rec.get("active", True) else None
    if form == SHORT:
        return {"id": rec["id"], "firstName": rec.get("firstName"), "lastName": rec.get("lastName"), "email": email}
    return {"firstName": rec.get("firstName"), "lastName": rec.get("lastName"), "id": rec["id"],
            "email": email, "picture": picture_url(rec)}


# -- projects and sections -----------------------------------------------------------------------

def project(rec: Record) -> dict[str, Any]:
    return {
        "id": rec["id"],
        "title": rec.get("title"),
        "description": rec.get("description"),
        "status": rec.get("status"),
        "dueDate": rec.get("dueDate"),
        "startDate": rec.get("startDate"),
        "owner": rec.get("owner"),
        "team": list(rec.get("team") or []),
        "folder": rec.get("folder"),
        "isTemplate": bool(rec.get("isTemplate")),
        "created": rec.get("created"),
        "updated": rec.get("updated"),
    }


def project_ref(project_id: int | None, form: str = LONG) -> dict[str, Any] | None:
    rec = _get("projects", project_id)
    if rec is None:
        return None
    if form == SHORT:
        return {"id": rec["id"], "title": rec.get("title"), "status": rec.get("status")}
    return {"dueDate": rec.get("dueDate"), "description": rec.get("description"), "id": rec["id"],
            "title": rec.get("title"), "status": rec.get("status")}


def section(rec: Record, form: str = LONG) -> dict[str, Any]:
    return {"id": rec["id"], "name": rec.get("name"), "endDate": rec.get("endDate"),
            "state": rec.get("state"), "project": project_ref(rec.get("project"), form)}


def section_ref(section_id: int | None, form: str = LONG) -> dict[str, Any] | None:
    rec = _get("sections", section_id)
    if rec is None:
        return None
    if form == SHORT:
        return {"id": rec["id"], "name": rec.get("name"), "state": rec.get("state")}
    return {"endDate": rec.get("endDate"), "name": rec.get("name"), "id": rec["id"], "state": rec.get("state")}


# -- tasks and what hangs on them ----------------------------------------------------------------

def attachment(rec: Record, task_id: int | None = None) -> dict[str, Any]:
    """An attached file in the seed's PascalCase form; `Id` is URL-encoded (seed: "...%3D%3D").

    Files attached to a task download below the task (the seed's DownloadURL); others through
    /attachment/<id>.  A cloud file has no size, dimensions or thumbnail.
    """
    key = _quote(rec["id"])
    base = context.api_base()
    root = f"{base}/task/{task_id}/attachments/{key}" if task_id is not None else f"{base}/attachment/{key}"
    is_image = rec.get("width") is not None
    return {
        "Id": key,
        "FileName": rec.get("fileName"),
        "Width": rec.get("width"),
        "Height": rec.get("height"),
        "Created": rec.get("created"),
        "Size": rec.get("size"),
        "DownloadURL": f"{root}/download",
        "ThumbnailURL": f"{root}/thumbnail/medium" if is_image else None,
    }


def attachments(keys: list[str] | None, task_id: int | None = None) -> list[dict[str, Any]]:
    if not keys:
        return []
    table = context.table("attachments")
    out = []
    for key in keys or []:
        rec = table.view(key)  # read only, as _get
        if rec is not None:
            out.append(attachment(rec, task_id))
    return out


class Nested:
    """The nested forms (project, section, assignee) of one answer, each built once per id: the tasks
    of a list share a few projects, sections and users.  It lives for one answer only, never between
    requests, and an answer is dumped as built, so a form shared between its rows is never changed."""

    def __init__(self, form: str = LONG) -> None:
        self.form = form
        self._built: dict[tuple[Callable[..., Any], type, Any], Any] = {}

    def __call__(self, make: Callable[[Any, str], Any], record_id: Any) -> Any:
        key = (make, type(record_id), record_id)  # the type too: True == 1, but True is no id
        try:
            return self._built[key]
        except KeyError:
            built = self._built[key] = make(record_id, self.form)
            return built
        except TypeError:  # an unhashable id (a list) finds nothing, as make(...) says each time
            return make(record_id, self.form)


def task(rec: Record, form: str = LONG, nested: Nested | None = None) -> dict[str, Any]:
    refs = nested if nested is not None else Nested(form)
    return {
        "id": rec["id"],
        "title": rec.get("title"),
        "description": rec.get("description"),
        "status": rec.get("status"),
        "dueDate": rec.get("dueDate"),
        "project": refs(project_ref, rec.get("project")),
        "section": refs(section_ref, rec.get("section")),
        "assignee": refs(assignee, rec.get("assignee")),
        "attachments": attachments(rec.get("attachments"), rec["id"]),
        "created": rec.get("created"),
        "updated": rec.get("updated"),
    }


def tasks(rows: Iterable[Record], form: str = LONG) -> list[dict[str, Any]]:
    """A list of tasks, their nested forms built once per id for the whole list."""
    nested = Nested(form)
    return [task(r, form, nested) for r in rows]


def task_ref(task_id: int | None) -> dict[str, Any] | None:
    rec = _get("tasks", task_id)
    if rec is None:
        return None
    return {"id": rec["id"], "title": rec.get("title"), "status": rec.get("status"),
            "dueDate": rec.get("dueDate"), "description": rec.get("description")}


def dependency(rec: Record) -> dict[str, Any]:
    return {"id": rec["id"], "task": rec.get("task"), "dependsOnTask": rec.get("dependsOnTask"),
            "type": rec.get("type")}


def time_entry(rec: Record) -> dict[str, Any]:
    """Seed, "Retrieve a Time Tracking entry" (the list's doubled envelope is a doc slip: research §4.3)."""
    return {
        "id": rec["id"],
        "note": rec.get("note"),
        "task": task_ref(rec.get("task")),
        "created": rec.get("created"),
        "project": project_ref(rec.get("project")),
        "startTime": rec.get("startTime"),
        "endTime": rec.get("endTime"),
        "time": rec.get("time"),
        "updated": rec.get("updated"),
        "user": rec.get("user"),
    }


def note(rec: Record) -> dict[str, Any]:
    return {"id": rec["id"], "name": rec.get("name"), "content": rec.get("content"),
            "attachments": attachments(rec.get("attachments"))}


# -- messages and conversations ------------------------------------------------------------------

def message(rec: Record) -> dict[str, Any]:
    """Messages and replies alike: {id (a string), message, attachments, created, updated}."""
    return {"id": rec["id"], "message": rec.get("message"), "attachments": attachments(rec.get("attachments")),
            "created": rec.get("created"), "updated": rec.get("updated")}


def reaction(rec: Record) -> dict[str, Any]:
    return {"reaction": rec.get("reaction"), "user": rec.get("user")}


def chat(rec: Record, viewer: int) -> dict[str, Any]:
    """A direct chat as one of its two users sees it: `user` is the other one."""
    others = [u for u in rec.get("users") or [] if u != viewer]
    return {"id": rec["id"], "user": others[0] if others else viewer}


def group_chat(rec: Record) -> dict[str, Any]:
    return {"id": rec["id"], "name": rec.get("name"), "users": list(rec.get("users") or []),
            "avatar": rec.get("avatar")}


def channel(rec: Record) -> dict[str, Any]:
    return {
        "id": rec["id"],
        "name": rec.get("name"),
        "isPublic": bool(rec.get("isPublic")),
        "users": list(rec.get("users") or []),
        "administrators": list(rec.get("administrators") or []),
        "avatar": rec.get("avatar"),
        "includeExternalUsers": bool(rec.get("includeExternalUsers")),
        "includeClients": bool(rec.get("includeClients")),
    }


# -- webhooks ------------------------------------------------------------------------------------

def webhook(rec: Record, *, with_project: bool = False) -> dict[str, Any]:
    """Seed: GET and list answer these PascalCase keys; the PUT answer adds a lower-case `project`."""
    out = {
        "Id": rec.get("Id"),
        "CompanyId": context.setting("company_id"),
        "UserId": rec.get("user"),
        "EId": rec["id"],
        "Name": rec.get("name"),
        "Url": rec.get("url"),
        "Events": rec.get("events"),
    }
    if with_project:
        out["project"] = rec.get("project")
    out["ExcludeDetails"] = bool(rec.get("excludeDetails"))
    return out
