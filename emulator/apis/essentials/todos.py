"""Essentials todos: /todos and /todos/{id} (seed 000, "List/Create/Get/Update/Delete Essentials todo").

UltimatePOS's ToDoController rules, as the integration API exposes them:
- visibility: business admins see every todo of the business; anyone else, superadmins included,
  only the todos they created or are assigned to (the pivot, kept on the record as
  `assigned_user_ids`).  Seed: "Non-admin users only see todos they created or are assigned to",
  the dashboard's todos "scoped to the user unless they are a business admin"; ToDoController
  index/show/update/destroy scope by `is_admin` (the role Admin#<id>) alone.  Invisible rows answer
  404 like missing ones.
- create: `date`/`end_date` in the business date + time format; `status` defaults to `new`;
  assignees are honoured only with `essentials.assign_todos`, otherwise the creator is the only
  assignee; `task_id` = essentials_todos_prefix + current year + "/" + a per-business counter
  (`todo_ref_count` in the business settings) padded to 4 digits, never decremented.
- update: `only_status` true changes the status only; otherwise task, date and status are
  required, and `assigned_user_ids` re-syncs the assignees (only with `essentials.assign_todos`).
- delete: non-admins may delete only the todos they created (403 for a visible one they did not).

Choices where the seed is silent (see the report / docs):
- `user_id` filters by assignee for admins only ("Admins may optionally filter by assignee");
  for other callers it is validated and then ignored, so it never narrows or widens their scope.
- Order of checks on writes: permission (403), then the row (404), then the body (422).
- Update: optional fields that are absent keep their value; `null`/"" clears them.
  `assigned_user_ids: []` clears the assignees, `null` leaves them unchanged.
- assigned_user_ids are validated (array of business user ids) even when they will be ignored.
- Deleting a todo deletes its comments (the FK cascades); media rows stay (a morph relation).
"""
from __future__ import annotations

from functools import cache
from typing import Any
from urllib.parse import quote

from flask import request

from ...core.api import Route
from ...core.forms import json_or_form, php_params
from ...core.openapi import Doc
from .answers import BODY_TYPES, ITEM_ID, Ok, TodoAnswer, TodoPage
from .context import (
    BASE,
    business,
    business_id,
    can,
    full_name,
    is_admin,
    my_id,
    require,
    table,
    tenant,
    web_root,
)
from .errors import forbidden, not_found
from .formats import local_now, timestamp
from .inputs import TodoCreate, TodoListQuery, TodoOnlyStatusFlag, TodoStatusUpdate, TodoUpdate
from .paging import like, order, paginate

TODO_MODEL = "Modules\\Essentials\\Entities\\ToDo"
REF_COUNT_KEY = "todo_ref_count"
OPTIONAL = ("description", "estimated_hours", "priority", "end_date")

# --- visibility ---------------------------------------------------------------------------

def sees_all() -> bool:
    """Business admins (and only they: not superadmins) see every todo of the business."""
    return is_admin()


def _mine(rec: dict[str, Any], me: int) -> bool:
    return rec.get("created_by") == me or me in (rec.get("assigned_user_ids") or [])


def visible() -> list[dict[str, Any]]:
    """The stored todos the caller may see (the list's scope; the dashboard counts these).

    Read-only, no copies: the list filters, sorts and serialises them into new dicts, the
    dashboard counts them; copying every row of the business cost the list a third of its time."""
    rows = table("todos").scan()
    if sees_all():
        return list(rows)
    me = my_id()
    return [r for r in rows if _mine(r, me)]


def find_visible(item_id: str) -> dict[str, Any]:
    """The stored todo (read-only: every caller serialises it into new dicts or writes by its id)."""
    rec = table("todos").view(item_id)
    if rec is None or not (sees_all() or _mine(rec, my_id())):
        raise not_found()
    return rec


# --- domain -------------------------------------------------------------------------------

def filter_rows(rows: list[dict[str, Any]], query: dict[str, Any]) -> list[dict[str, Any]]:
    if query.get("priority"):
        rows = [r for r in rows if r.get("priority") == query["priority"]]
    if query.get("status"):
        rows = [r for r in rows if r.get("status") == query["status"]]
    if query.get("user_id") and sees_all():
        uid = query["user_id"]
        rows = [r for r in rows if uid in (r.get("assigned_user_ids") or [])]
    if query.get("start_date") and query.get("end_date"):
        start, end = query["start_date"], query["end_date"]
        rows = [r for r in rows if r.get("date") and start <= r["date"][:10] <= end]
    if query.get("q"):
        pattern = like(query["q"])
        rows = [r for r in rows
                if any(pattern.search(str(r.get(k) or "")) for k in ("task", "task_id", "description"))]
    return rows


def next_task_id() -> str:
    """Util::setAndGetReferenceCount + generateReferenceNumber('essentials_todos', ...)."""
    settings = business()  # read before the count is written (the write drops the settings' cache)
    count = int(settings.get(REF_COUNT_KEY) or 0) + 1
    prefix = (settings.get("essentials_settings") or {}).get("essentials_todos_prefix") or ""
    year = local_now(settings).year
    tenant().update_settings({REF_COUNT_KEY: count})
    return f"{prefix}{year}/{count:04d}"


def create_todo(values: dict[str, Any]) -> dict[str, Any]:
    me = my_id()
    assignees = values.get("assigned_user_ids") or []
    if not assignees or not can("essentials.assign_todos"):  # the permission only matters for assignees
        assignees = [me]
    now = timestamp()
    return table("todos").insert({
        "business_id": business_id(),
        "task": values["task"],
        "date": values["date"],
        "end_date": values.get("end_date"),
        "task_id": next_task_id(),
        "description": values.get("description"),
        "status": values.get("status") or "new",
        "estimated_hours": values.get("estimated_hours"),
        "priority": values.get("priority"),
        "created_by": me,
        "assigned_user_ids": assignees,
        "created_at": now,
        "updated_at": now,
    })


def update_changes(data: dict[str, Any]) -> dict[str, Any]:
    """The changes an update body asks for (validated; raises the 422)."""
    if TodoOnlyStatusFlag.check(data)["only_status"]:
        return {"status": TodoStatusUpdate.check(data)["status"]}
    values = TodoUpdate.check(data)
    changes = {"task": values["task"], "date": values["date"], "status": values["status"]}
    changes.update({k: values[k] for k in OPTIONAL if k in values})
    if values.get("assigned_user_ids") is not None and can("essentials.assign_todos"):
        changes["assigned_user_ids"] = values["assigned_user_ids"]
    return changes


def delete_todo(rec: dict[str, Any]) -> None:
    if not sees_all() and rec.get("created_by") != my_id():
        raise forbidden()
    table("todos").delete(rec["id"])
    table("todo_comments").delete_where(lambda c: c.get("task_id") == rec["id"])


# --- serialization ------------------------------------------------------------------------

def _user_refs(ids: Any = None) -> dict[int, dict[str, Any]]:
    """{id: {id, name}} of the business's users: all of them, or only those `ids` (one record)."""
    users = table("users")
    if ids is None:
        return {u["id"]: {"id": u["id"], "name": full_name(u)} for u in users.scan()}
    refs: dict[int, dict[str, Any]] = {}
    for user_id in ids:
        if user_id is not None and user_id not in refs:
            user = users.view(user_id)
            if user is not None:
                refs[user["id"]] = {"id": user["id"], "name": full_name(user)}
    return refs


def serialize_row(rec: dict[str, Any], users: dict[int, dict[str, Any]] | None = None,
                  description: bool = False) -> dict[str, Any]:
    """A todo as the list shows it; `description`: as the detail starts, with the description after
    `task`.  User refs may be shared by several keys and rows: answers are only serialised."""
    users = users if users is not None else _user_refs()
    ids = list(rec.get("assigned_user_ids") or [])
    out = {"id": rec["id"], "task_id": rec.get("task_id"), "task": rec.get("task")}
    if description:
        out["description"] = rec.get("description")
    out.update({
        "date": rec.get("date"),
        "end_date": rec.get("end_date"),
        "status": rec.get("status"),
        "priority": rec.get("priority"),
        "estimated_hours": rec.get("estimated_hours"),
        "created_by": rec.get("created_by"),
        "assigned_by": users.get(rec.get("created_by")),
        "assignees": [users[i] for i in ids if i in users],
        "assigned_user_ids": ids,
        "created_at": rec.get("created_at"),
        "updated_at": rec.get("updated_at"),
    })
    return out


def display_name(file_name: str) -> str:
    """Media::getDisplayNameAttribute: after the 2nd "_", else after the 1st."""
    parts = file_name.split("_", 2)
    if len(parts) > 2 and parts[2]:
        return parts[2]
    return parts[1] if len(parts) > 1 else file_name


def serialize_media(m: dict[str, Any], root: str) -> dict[str, Any]:
    file_name = str(m.get("file_name") or "")
    return {
        "id": m["id"],
        "business_id": m.get("business_id"),
        "file_name": m.get("file_name"),
        "description": m.get("description"),
        "uploaded_by": m.get("uploaded_by"),
        "model_type": m.get("model_type"),
        "model_media_type": m.get("model_media_type"),
        "model_id": m.get("model_id"),
        "created_at": m.get("created_at"),
        "updated_at": m.get("updated_at"),
        "display_name": display_name(file_name),
        "display_url": f"{root}uploads/media/{quote(file_name, safe='')}",
    }


def serialize_detail(rec: dict[str, Any]) -> dict[str, Any]:
    # stored rows, not copies: the answer is built from their values and nothing here writes them
    comments = sorted(table("todo_comments").view_where(task_id=rec["id"]), key=lambda c: c["id"], reverse=True)
    users = _user_refs([rec.get("created_by"), *(rec.get("assigned_user_ids") or []),
                        *(c.get("comment_by") for c in comments)])
    media = _media_of(rec["id"])
    root = web_root() + "/" if media else ""  # asset('/'), needed only for a todo with media
    out = serialize_row(rec, users, description=True)
    out["comments"] = [_serialize_comment(c, users) for c in comments]
    out["media"] = [serialize_media(m, root) for m in media]
    return out


def _serialize_comment(c: dict[str, Any], users: dict[int, dict[str, Any]]) -> dict[str, Any]:
    return {
        "id": c["id"],
        "comment": c.get("comment"),
        "task_id": c.get("task_id"),
        "comment_by": c.get("comment_by"),
        "created_at": c.get("created_at"),
        "updated_at": c.get("updated_at"),
        "added_by": users.get(c.get("comment_by")),
    }


def _media_of(todo_id: int) -> list[dict[str, Any]]:
    return sorted(table("media").view_where(model_id=todo_id, model_type=TODO_MODEL), key=lambda m: m["id"])


# --- handlers -----------------------------------------------------------------------------

@cache
def _default_list_query() -> dict[str, Any]:
    """TodoListQuery's answer to no parameters: its load defaults, which read no business setting,
    clock or stored row (no field runs on an absent value), so they are computed once."""
    return TodoListQuery.check({})


def list_query(params: dict[str, Any]) -> dict[str, Any]:
    """The validated list query; a list without parameters (the common call) skips marshmallow,
    which cost a third of the list handler."""
    if not params:
        return dict(_default_list_query())
    return TodoListQuery.check(params)


def list_todos() -> Any:
    query = list_query(php_params(request.args))
    rows = order(filter_rows(visible(), query), query["sort"], query["direction"])
    users = _user_refs()
    return paginate(rows, query["page"], query["per_page"], lambda r: serialize_row(r, users))


def store_todo() -> Any:
    require("essentials.add_todos", superadmin=True)
    values = TodoCreate.check(json_or_form(request))
    return {"data": serialize_detail(create_todo(values))}, 201


def show_todo(item_id: str) -> Any:
    return {"data": serialize_detail(find_visible(item_id))}


def update_todo(item_id: str) -> Any:
    require("essentials.edit_todos", superadmin=True)
    rec = find_visible(item_id)
    changes = update_changes(json_or_form(request))
    changes["updated_at"] = timestamp()
    return {"data": serialize_detail(table("todos").update(rec["id"], changes))}


def destroy_todo(item_id: str) -> Any:
    require("essentials.delete_todos", superadmin=True)
    delete_todo(find_visible(item_id))
    return {"message": "OK"}


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/todos", "todos_list", list_todos,
              doc=Doc("List Essentials todos", tags=["todos"], query=TodoListQuery, responses={200: TodoPage}, errors=[422],
                  description="Admins see every todo of the business, others those they created or are assigned to.")),
        Route("POST", f"{BASE}/todos", "todos_create", store_todo,
              doc=Doc("Create Essentials todo", tags=["todos"], body=TodoCreate, content_types=BODY_TYPES,
                  responses={201: TodoAnswer}, errors=[422])),
        Route("GET", f"{BASE}/todos/<item_id>", "todos_get", show_todo,
              doc=Doc("Get Essentials todo", tags=["todos"], responses={200: TodoAnswer}, errors=[404], path_params=ITEM_ID)),
        Route(("PUT", "PATCH"), f"{BASE}/todos/<item_id>", "todos_update", update_todo,
              doc=Doc("Update Essentials todo", tags=["todos"], body=[TodoUpdate, TodoStatusUpdate], content_types=BODY_TYPES,
                  responses={200: TodoAnswer}, errors=[404, 422], path_params=ITEM_ID,
                  description="A full update needs task, date and status; with only_status true, status alone.")),
        Route("DELETE", f"{BASE}/todos/<item_id>", "todos_delete", destroy_todo,
              doc=Doc("Delete Essentials todo", tags=["todos"], responses={200: Ok}, errors=[404], path_params=ITEM_ID)),
    ]
