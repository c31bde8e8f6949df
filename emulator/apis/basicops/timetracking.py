"""Time tracking entries (seed, "Time Tracking").

- `user` defaults to the owner of the access token (seed).
- A `task` gives the entry its project unless the body names one; a task of another project is a 400.
- `time` (seconds) is computed from startTime and endTime when the body does not give it; with
  startTime and time but no endTime, endTime is computed; endTime before startTime is a 400.
- Delete answers {"activities": [<id>]} (seed), no statusKind.
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from ...core.store import Record
from . import context, filters, records, serializers
from .errors import bad_request
from .formats import iso, now_iso, parse_instant
from .lookup import find, find_stored, ref, user_ref
from .schemas import TimeEntryBody

TABLE = "timeentries"


def list_entries(query: filters.ListQuery) -> list[dict[str, Any]]:
    return [serializers.time_entry(r) for r in filters.select(TABLE, context.table(TABLE).scan(), query)]


def get_entry(entry_id: Any) -> dict[str, Any]:
    return serializers.time_entry(find_stored(TABLE, entry_id))


def _reconcile(entry: dict[str, Any], time_given: bool) -> None:
    """Keep startTime, endTime and time consistent (see the module docstring)."""
    start, end = parse_instant(entry.get("startTime")), parse_instant(entry.get("endTime"))
    if start is not None and end is not None and end < start:
        raise bad_request("endTime must not be before startTime")
    if not time_given and start is not None and end is not None:
        entry["time"] = int((end - start).total_seconds())
    elif time_given and start is not None and end is None and entry.get("time") is not None:
        entry["endTime"] = iso(start + timedelta(seconds=entry["time"]))


def _check_refs(entry: dict[str, Any], project_given: bool) -> None:
    if entry.get("task") is not None:
        task = ref("task", "tasks", entry["task"])
        if not project_given:
            entry["project"] = task.get("project")
        elif entry.get("project") is not None and task.get("project") != entry["project"]:
            raise bad_request(f"task: Task {task['id']} does not belong to project {entry['project']}")
    if entry.get("project") is not None:
        ref("project", "projects", entry["project"])
    user_ref("user", entry["user"])


def create(body: Any) -> dict[str, Any]:
    data = TimeEntryBody.check(body)
    stamp = now_iso()
    entry = {"note": data.get("note"), "project": data.get("project"), "task": data.get("task"),
             "user": data.get("user", context.my_id()), "startTime": data.get("startTime"),
             "endTime": data.get("endTime"), "time": data.get("time"), "created": stamp, "updated": stamp}
    _check_refs(entry, "project" in data)
    _reconcile(entry, "time" in data)
    rec = context.table(TABLE).insert(entry)
    return records.created("timetracking", rec["id"])


def update(entry_id: Any, body: Any) -> None:
    current = find(TABLE, entry_id)
    data = TimeEntryBody.check(body, partial=True)
    entry: Record = {**current, **data}
    if "task" in data or "project" in data or "user" in data:
        _check_refs(entry, "project" in data or "task" not in data)
    if {"startTime", "endTime", "time"} & data.keys():
        _reconcile(entry, "time" in data)
    changes = {k: entry.get(k) for k in ("note", "project", "task", "user", "startTime", "endTime", "time")}
    context.table(TABLE).update(current["id"], {**changes, "updated": now_iso()})


def delete(entry_id: Any) -> dict[str, Any]:
    rec = find(TABLE, entry_id)
    context.table(TABLE).delete(rec["id"])
    activity = records.log_activity("timetracking", rec["id"], "deleted", rec.get("note") or "Time entry")
    return {"activities": [activity]}
