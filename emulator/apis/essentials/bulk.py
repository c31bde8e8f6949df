"""Faker-made bulk records for `--fake N --seed S`: N more todos, reminders, messages, memos and
knowledge-base articles per fixture business, identical for the same seed."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

STATUSES = ("new", "in_progress", "on_hold", "completed")
PRIORITIES = ("low", "medium", "high", "urgent")
REPEATS = ("one_time", "every_day", "every_week", "every_month")
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def _next_id(rows: list[dict]) -> int:
    return max((r["id"] for r in rows), default=0) + 1


def _stamp(at: datetime) -> str:
    return at.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def generate(tables: dict[str, list[dict]], fake: Any, count: int) -> None:
    users = [u["id"] for u in tables.get("users", [])] or [1]
    settings = (tables.get("_settings") or [{}])[0]
    business = settings.get("business_id", 1)
    prefix = (settings.get("essentials_settings") or {}).get("essentials_todos_prefix") or ""
    ref = settings.get("todo_ref_count", 0)

    def when() -> datetime:
        return EPOCH + timedelta(minutes=fake.random_int(0, 60 * 24 * 365))

    todos = tables.setdefault("todos", [])
    for _ in range(count):
        at = when()
        ref += 1
        creator = fake.random_element(users)
        todos.append({
            "id": _next_id(todos), "business_id": business, "task": fake.sentence(nb_words=5).rstrip("."),
            "date": at.strftime("%Y-%m-%d %H:%M:00"), "end_date": None,
            "task_id": f"{prefix}{at.year}/{ref:04d}", "description": fake.paragraph(nb_sentences=2),
            "status": fake.random_element(STATUSES), "estimated_hours": str(fake.random_int(1, 16)),
            "priority": fake.random_element(PRIORITIES), "created_by": creator,
            "assigned_user_ids": sorted({creator, fake.random_element(users)}),
            "created_at": _stamp(at), "updated_at": _stamp(at),
        })
    settings["todo_ref_count"] = ref

    reminders = tables.setdefault("reminders", [])
    for _ in range(count):
        at = when()
        reminders.append({
            "id": _next_id(reminders), "business_id": business, "user_id": fake.random_element(users),
            "name": fake.sentence(nb_words=3).rstrip("."), "date": at.strftime("%Y-%m-%d"),
            "time": at.strftime("%H:%M:00"), "end_time": None, "repeat": fake.random_element(REPEATS),
            "created_at": _stamp(at), "updated_at": _stamp(at),
        })

    messages = tables.setdefault("messages", [])
    for _ in range(count):
        at = when()
        messages.append({
            "id": _next_id(messages), "business_id": business, "user_id": fake.random_element(users),
            "message": fake.sentence(nb_words=8), "location_id": None,
            "created_at": _stamp(at), "updated_at": _stamp(at),
        })

    documents = tables.setdefault("documents", [])
    for _ in range(count):
        at = when()
        documents.append({
            "id": _next_id(documents), "business_id": business, "user_id": fake.random_element(users),
            "type": "memos", "name": fake.sentence(nb_words=3).rstrip("."),
            "description": fake.sentence(nb_words=10)[:255], "created_at": _stamp(at), "updated_at": _stamp(at),
        })

    kb = tables.setdefault("knowledge_base", [])
    sections = [r["id"] for r in kb if r.get("kb_type") == "section"]
    for _ in range(count if sections else 0):
        at = when()
        kb.append({
            "id": _next_id(kb), "business_id": business, "title": fake.sentence(nb_words=4).rstrip("."),
            "content": f"<p>{fake.paragraph(nb_sentences=3)}</p>", "status": "", "kb_type": "article",
            "parent_id": fake.random_element(sections), "share_with": None,
            "created_by": fake.random_element(users), "shared_user_ids": [],
            "created_at": _stamp(at), "updated_at": _stamp(at),
        })
