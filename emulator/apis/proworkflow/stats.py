"""Sums a record shows but does not store (a project's tracked time, expenses, percent complete),
each computed once per call in one pass over the table it sums (never once per record).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from .context import Context

Record = Mapping[str, Any]


def time_by(ctx: Context, key: str, keep: Callable[[Record], bool] | None = None,
            tag: Any = None) -> dict[Any, int]:
    """Minutes tracked per `key` (projectid, taskid) over the time records `keep` accepts."""
    def build() -> dict[Any, int]:
        out: dict[Any, int] = {}
        for rec in ctx.table("timerecords").scan():
            if keep is None or keep(rec):
                out[rec.get(key)] = out.get(rec.get(key), 0) + int(rec.get("timetracked") or 0)
        return out
    return ctx.aggregate(("time", key, tag), build)


def project_time(ctx: Context, project_id: Any) -> int:
    return time_by(ctx, "projectid").get(project_id, 0)


def task_time(ctx: Context, task_id: Any) -> int:
    return time_by(ctx, "taskid").get(task_id, 0)


def project_expenses(ctx: Context, project_id: Any) -> float:
    def build() -> dict[Any, float]:
        out: dict[Any, float] = {}
        for rec in ctx.table("expenses").scan():
            out[rec.get("projectid")] = out.get(rec.get("projectid"), 0.0) + float(rec.get("cost") or 0)
        return out
    return round(ctx.aggregate("expenses_by_project", build).get(project_id, 0.0), 2)


def percent_complete(ctx: Context, project_id: Any) -> int:
    """"percentage of tasks completed, heading tasks excluded"."""
    def build() -> dict[Any, tuple[int, int]]:
        out: dict[Any, tuple[int, int]] = {}
        for task in ctx.table("tasks").scan():
            if task.get("type") == "heading" or not task.get("projectid"):
                continue
            done, total = out.get(task["projectid"], (0, 0))
            out[task["projectid"]] = (done + (task.get("status") == "complete"), total + 1)
        return out
    done, total = ctx.aggregate("tasks_by_project", build).get(project_id, (0, 0))
    return int(round(100 * done / total)) if total else 0
