"""Tasks, subtasks and reviews (seed, "Tasks" and "Reviews").

- Create: title required; status defaults to "New" and must be one of the eight documented values;
  `parent` makes the task a subtask (listed at GET /task/<parent>/tasks) and gives it the parent's
  project unless the body names one; a `section` gives its project unless the body names one, and a
  section of another project is a 400; `attachments` takes upload ids (POST /upload).
- Update (PATCH) changes what the body names.  Moving a task to another project drops a section of
  the old project; a parent may not be the task itself or one of its subtasks; `attachments` is the
  full list to keep (as on a message PUT); `archived` (not in the seed) archives or restores.
- GET /task leaves out the tasks of project templates.
- GET /task and GET /project/<id>/tasks hide archived tasks unless ?archived=true (then only those).
- Reviews: POST /task/<id>/review/request sets the status "Under Review" and records the request;
  POST /task/<id>/review/submit needs an open request and sets "Reviewed" (the seed has no
  approve/reject field).  Any user of the account may submit (docs/basicops.md).
"""
from __future__ import annotations

from typing import Any

from ...core.store import Record
from . import cascade, context, events, files, filters, records, serializers
from .errors import bad_request, missing
from .formats import now_iso
from .lookup import find, find_stored, ref, refs, user_ref
from .schemas import ReviewRequestBody, ReviewSubmitBody, TaskBody

TABLE = "tasks"
NEW_OWNER = "task:new"


def list_tasks(query: filters.ListQuery) -> list[dict[str, Any]]:
    """GET /task: the account's tasks, without those of project templates (they are not work to do;
    GET /project/<template>/tasks lists them)."""
    templates = {p["id"] for p in context.table("projects").scan() if p.get("isTemplate")}
    tasks = context.table(TABLE).scan()
    rows = filters.select(TABLE, (t for t in tasks if t.get("project") not in templates) if templates else tasks,
                          query)
    return serializers.tasks(rows)


def list_for_project(project_id: Any, query: filters.ListQuery) -> list[dict[str, Any]]:
    project = find("projects", project_id)
    rows = filters.select(TABLE, (t for t in context.table(TABLE).scan() if t.get("project") == project["id"]), query)
    return serializers.tasks(rows, serializers.SHORT)


def subtasks(task_id: Any, query: filters.ListQuery) -> list[dict[str, Any]]:
    parent = find(TABLE, task_id)
    rows = filters.select(TABLE, (t for t in context.table(TABLE).scan() if t.get("parent") == parent["id"]), query)
    return serializers.tasks(rows, serializers.SHORT)


def get_task(task_id: Any) -> dict[str, Any]:
    return serializers.task(find_stored(TABLE, task_id))


def link(task_id: Any) -> dict[str, Any]:
    return records.link("task", find(TABLE, task_id)["id"])


# -- create ------------------------------------------------------------------------------------

def validate_create(body: Any) -> dict[str, Any]:
    data = TaskBody.check(body)
    project_given = "project" in data
    project = data.get("project")
    parent = data.get("parent")
    if parent is not None:
        parent_rec = ref("parent", TABLE, parent)
        if not project_given:
            project = parent_rec.get("project")
    section = data.get("section")
    if section is not None:
        sec = ref("section", "sections", section)
        if project is None and not project_given:
            project = sec.get("project")
        if sec.get("project") != project:
            raise bad_request(f"section: Section {section} does not belong to project {project}")
    if project is not None:
        ref("project", "projects", project)
    if data.get("assignee") is not None:
        user_ref("assignee", data["assignee"])
    keys = files.check_claims(data.get("attachments") or [], NEW_OWNER)
    stamp = now_iso()
    return {
        "title": data["title"], "description": data.get("description"), "status": data.get("status", "New"),
        "dueDate": data.get("dueDate"), "project": project, "section": section,
        "assignee": data.get("assignee"), "parent": parent, "archived": bool(data.get("archived", False)),
        "attachments": keys, "creator": context.my_id(), "created": stamp, "updated": stamp,
    }


def insert(data: dict[str, Any]) -> Record:
    table = context.table(TABLE)
    rec = table.insert(data)
    if rec["attachments"]:
        files.claim(rec["attachments"], files.owner_of("task", rec["id"]))
    events.changed("task", "created", rec)
    return rec


def create(body: Any) -> dict[str, Any]:
    return records.created("task", insert(validate_create(body))["id"])


# -- update ------------------------------------------------------------------------------------

def _check_parent(task_id: int, parent: int) -> None:
    if parent == task_id:
        raise bad_request("parent: a task cannot be its own parent")
    ref("parent", TABLE, parent)
    table, seen, node = context.table(TABLE), set(), parent
    while node is not None and node not in seen:
        if node == task_id:
            raise bad_request(f"parent: task {parent} is a subtask of task {task_id}")
        seen.add(node)
        up = table.get(node)
        node = up.get("parent") if up else None


def validate_update(current: Record, body: Any) -> dict[str, Any]:
    data = TaskBody.check(body, partial=True)
    changes: dict[str, Any] = {k: data[k] for k in ("title", "description", "status", "dueDate", "assignee")
                               if k in data}
    if data.get("assignee") is not None:
        user_ref("assignee", data["assignee"])
    project = data["project"] if "project" in data else current.get("project")
    if "section" in data:
        section = data["section"]
        if section is not None:
            sec = ref("section", "sections", section)
            if "project" not in data:
                project = sec.get("project")
            elif project is not None and sec.get("project") != project:
                raise bad_request(f"section: Section {section} does not belong to project {project}")
        changes["section"] = section
    elif project != current.get("project") and current.get("section") is not None:
        changes["section"] = None  # the old project's section does not come along
    if project is not None and project != current.get("project"):
        ref("project", "projects", project)
    if "project" in data or project != current.get("project"):
        changes["project"] = project
    if "parent" in data:
        if data["parent"] is not None:
            _check_parent(current["id"], data["parent"])
        changes["parent"] = data["parent"]
    if "attachments" in data:
        changes["attachments"] = files.check_claims(data["attachments"], files.owner_of("task", current["id"]))
    if "archived" in data:
        changes["archived"] = data["archived"]
    return changes


def apply_update(current: Record, changes: dict[str, Any]) -> Record:
    if "attachments" in changes:
        files.claim(changes["attachments"], files.owner_of("task", current["id"]), current.get("attachments"))
    after = context.table(TABLE).update(current["id"], {**changes, "updated": now_iso()})
    assert after is not None
    events.changed("task", "updated", after, current)
    return after


def update(task_id: Any, body: Any) -> None:
    current = find(TABLE, task_id)
    apply_update(current, validate_update(current, body))


def set_status(task: Record, status: str) -> Record:
    return apply_update(task, {"status": status})


# -- delete ------------------------------------------------------------------------------------

def delete(task_id: Any) -> dict[str, Any]:
    rec = find(TABLE, task_id)
    cascade.task_tree(rec["id"])
    context.table(TABLE).delete(rec["id"])
    events.changed("task", "deleted", rec)
    return records.deleted("task", rec["id"], rec.get("title") or "Task")


# -- reviews -----------------------------------------------------------------------------------

REVIEWS = "reviews"
UNDER_REVIEW, REVIEWED = "Under Review", "Reviewed"


def request_review(task_id: Any, body: Any) -> None:
    task = find(TABLE, task_id)
    data = ReviewRequestBody.check(body)
    if not data["reviewers"]:
        raise missing("reviewers")
    refs("reviewers", "users", data["reviewers"])
    stamp = now_iso()
    reviews = context.table(REVIEWS)
    for open_request in reviews.where(task=task["id"], state="requested"):
        reviews.update(open_request["id"], {"state": "replaced", "updated": stamp})
    reviews.insert({"task": task["id"], "requester": context.my_id(), "reviewers": data["reviewers"],
                    "message": data.get("message"), "state": "requested", "submitter": None,
                    "submitMessage": None, "created": stamp, "updated": stamp})
    set_status(task, UNDER_REVIEW)


def submit_review(task_id: Any, body: Any) -> None:
    task = find(TABLE, task_id)
    data = ReviewSubmitBody.check(body)
    reviews = context.table(REVIEWS)
    open_requests = reviews.where(task=task["id"], state="requested")
    if not open_requests:
        raise bad_request("No review has been requested for this task")
    request = max(open_requests, key=lambda r: r["id"])
    reviews.update(request["id"], {"state": "submitted", "submitter": context.my_id(),
                                   "submitMessage": data.get("message"), "updated": now_iso()})
    set_status(task, REVIEWED)
