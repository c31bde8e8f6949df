"""Faker-made bulk data for `--fake N --seed S`: per account, N tasks (a fifth of them subtasks) in
N/20 new projects with N/10 sections, N task messages, N/5 notes and N/5 time entries; every
reference (owner, team, project, section, parent, assignee, user) points at a record that exists.
The same seed makes the same data."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from . import schemas
from .formats import iso

EPOCH = datetime(2025, 1, 1, tzinfo=UTC)


def _next_int(rows: list[dict]) -> int:
    return max((r["id"] for r in rows if isinstance(r.get("id"), int)), default=0) + 1


def _add(tables: dict[str, list[dict]], name: str, count: int, make: Callable[[int, str], dict], fake: Any) -> list[dict]:
    """Append `count` records made by make(id, created) with integer ids after the table's highest."""
    rows = tables.setdefault(name, [])
    first = _next_int(rows)
    added = []
    for i in range(count):
        stamp = iso(EPOCH + timedelta(minutes=fake.random_int(0, 60 * 24 * 365)))
        rec = {"id": first + i, **make(first + i, stamp)}
        rec.setdefault("created", stamp)
        rec.setdefault("updated", stamp)
        rows.append(rec)
        added.append(rec)
    return added


def _maybe_date(fake: Any) -> str | None:
    if fake.random_int(0, 2) == 0:
        return None
    return iso(EPOCH + timedelta(days=fake.random_int(0, 400), hours=fake.random_int(7, 18)))


def generate(tables: dict[str, list[dict]], fake: Any, count: int) -> None:
    users = [u["id"] for u in tables.get("users", []) if u.get("active", True)] or [1]

    def title(words: int) -> str:
        return fake.sentence(nb_words=words).rstrip(".")

    projects = _add(tables, "projects", max(1, count // 20), lambda pid, at: {
        "title": title(3), "description": fake.sentence(nb_words=10), "status": fake.random_element(schemas.PROJECT_STATUSES),
        "dueDate": _maybe_date(fake), "startDate": None, "owner": fake.random_element(users),
        "team": sorted(set(fake.random_elements(users, length=min(3, len(users)), unique=True))),
        "folder": None, "isTemplate": False, "archived": False}, fake)
    project_ids = [p["id"] for p in projects]
    sections = _add(tables, "sections", max(1, count // 10), lambda sid, at: {
        "name": title(2), "project": fake.random_element(project_ids), "endDate": _maybe_date(fake),
        "state": fake.random_element(schemas.SECTION_STATES)}, fake)
    by_project: dict[int, list[int]] = {}
    for sec in sections:
        by_project.setdefault(sec["project"], []).append(sec["id"])
    made: list[dict] = []

    def task(tid: int, at: str) -> dict:
        parent = fake.random_element(made) if made and fake.random_int(0, 4) == 0 else None
        project = parent["project"] if parent else fake.random_element(project_ids)
        in_project = by_project.get(project, [])
        section = parent["section"] if parent else (fake.random_element(in_project) if in_project else None)
        rec = {"title": title(4), "description": f"<p>{fake.sentence(nb_words=12)}</p>",
               "status": fake.random_element(schemas.TASK_STATUSES), "dueDate": _maybe_date(fake),
               "project": project, "section": section, "assignee": fake.random_element(users),
               "parent": parent["id"] if parent else None, "archived": fake.random_int(0, 19) == 0,
               "attachments": [], "creator": fake.random_element(users)}
        made.append({"id": tid, **rec})
        return rec

    tasks = _add(tables, "tasks", count, task, fake)
    messages = tables.setdefault("messages", [])
    for _ in range(count):
        # string ids at their row position, the doc ids the store gives them (core.fixtures.rows_of)
        position = len(messages) + 1
        target = fake.random_element(tasks)
        stamp = iso(EPOCH + timedelta(minutes=fake.random_int(0, 60 * 24 * 365)))
        messages.append({"id": f"dm{position}", "message": fake.sentence(nb_words=8), "context": "task",
                         "contextId": target["id"], "user": fake.random_element(users), "attachments": [],
                         "created": stamp, "updated": stamp})
    _add(tables, "notes", max(1, count // 5), lambda nid, at: {
        "name": title(3), "content": f"<p>{fake.paragraph(nb_sentences=2)}</p>",
        "project": fake.random_element(project_ids), "owner": fake.random_element(users), "attachments": []}, fake)

    def entry(eid: int, at: str) -> dict:
        target = fake.random_element(tasks)
        start = EPOCH + timedelta(days=fake.random_int(0, 365), hours=fake.random_int(7, 17))
        seconds = 900 * fake.random_int(1, 16)
        return {"note": fake.sentence(nb_words=5), "project": target["project"], "task": target["id"],
                "user": fake.random_element(users), "startTime": iso(start),
                "endTime": iso(start + timedelta(seconds=seconds)), "time": seconds}

    _add(tables, "timeentries", max(1, count // 5), entry, fake)
