"""Task dependencies (seed, "Dependencies"): {id (a string), task, dependsOnTask, type}.

The seed shows the type "finish-to-start" ("e.g. finish-to-start"); the three other usual kinds
(start-to-start, finish-to-finish, start-to-finish) are accepted too, "finish-to-start" is the
default.  A task cannot depend on itself, on a task that (through any chain) depends on it, or
twice on the same task: each is a 400 and nothing is stored.  Ids look like the seed's "dep-abc123":
"dep-" and a number that never repeats in the account.
"""
from __future__ import annotations

from typing import Any

from . import context, records, serializers
from .errors import bad_request, not_found
from .formats import now_iso
from .lookup import find, ref
from .schemas import DependencyBody

TABLE = "dependencies"


def list_for_task(task_id: Any) -> list[dict[str, Any]]:
    """The dependencies of a task: those where it waits, and those where another waits on it."""
    task = find("tasks", task_id)["id"]
    rows = [d for d in context.table(TABLE).scan() if task in (d.get("task"), d.get("dependsOnTask"))]
    return [serializers.dependency(d) for d in rows]


def list_for_project(project_id: Any) -> list[dict[str, Any]]:
    project = find("projects", project_id)["id"]
    in_project = {t["id"] for t in context.table("tasks").scan() if t.get("project") == project}
    rows = [d for d in context.table(TABLE).scan()
            if d.get("task") in in_project or d.get("dependsOnTask") in in_project]
    return [serializers.dependency(d) for d in rows]


def _waits_on(start: int, target: int) -> bool:
    """Does `start` (transitively) depend on `target`?"""
    edges: dict[int, list[int]] = {}
    for dep in context.table(TABLE).scan():
        edges.setdefault(dep.get("task"), []).append(dep.get("dependsOnTask"))
    stack, seen = [start], set()
    while stack:
        node = stack.pop()
        if node == target:
            return True
        if node in seen:
            continue
        seen.add(node)
        stack.extend(edges.get(node, []))
    return False


def create(task_id: Any, body: Any) -> dict[str, Any]:
    task = find("tasks", task_id)["id"]
    data = DependencyBody.check(body)
    other = data["dependsOnTask"]
    if other == task:
        raise bad_request("dependsOnTask: a task cannot depend on itself")
    ref("dependsOnTask", "tasks", other)
    table = context.table(TABLE)
    if table.first(task=task, dependsOnTask=other) is not None:
        raise bad_request(f"dependsOnTask: task {task} already depends on task {other}")
    if _waits_on(other, task):
        raise bad_request(f"dependsOnTask: task {other} already depends on task {task}; "
                          "the dependency would make a cycle")
    rec = table.insert({"task": task, "dependsOnTask": other, "type": data.get("type", "finish-to-start"),
                        "user": context.my_id(), "created": now_iso()}, record_id=records.string_id(TABLE, "dep-"))
    return records.created("dependency", rec["id"])


def delete(dependency_id: Any) -> None:
    table = context.table(TABLE)
    if table.get(str(dependency_id)) is None:
        raise not_found(TABLE)
    table.delete(str(dependency_id))


def copy_between(task_ids: dict[int, int]) -> None:
    """Copy the dependencies among copied tasks (a project made from a template)."""
    table = context.table(TABLE)
    for dep in [d for d in table.scan() if d.get("task") in task_ids and d.get("dependsOnTask") in task_ids]:
        table.insert({**{k: v for k, v in dep.items() if k != "id"}, "task": task_ids[dep["task"]],
                      "dependsOnTask": task_ids[dep["dependsOnTask"]], "created": now_iso()},
                     record_id=records.string_id(TABLE, "dep-"))
