"""Faker-made bulk records for `--fake N --seed S`: N more todos, reminders, messages, memos and
knowledge-base articles per fixture business, identical for the same seed."""
from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from .formats import timestamp

STATUSES = ("new", "in_progress", "on_hold", "completed")
PRIORITIES = ("low", "medium", "high", "urgent")
REPEATS = ("one_time", "every_day", "every_week", "every_month")
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


def _add(tables: dict[str, list[dict]], name: str, count: int, make: Callable[[datetime], dict], fake: Any) -> None:
    """Append `count` records made by `make(created_at)`, with ids after the table's highest."""
    rows = tables.setdefault(name, [])
    next_id = max((r["id"] for r in rows), default=0) + 1
    for i in range(count):
        at = EPOCH + timedelta(minutes=fake.random_int(0, 60 * 24 * 365))
        stamp = timestamp(at)
        rows.append({"id": next_id + i, **make(at), "created_at": stamp, "updated_at": stamp})


def generate(tables: dict[str, list[dict]], fake: Any, count: int) -> None:
    users = [u["id"] for u in tables.get("users", [])] or [1]
    settings = (tables.get("_settings") or [{}])[0]
    business = settings.get("business_id", 1)
    prefix = (settings.get("essentials_settings") or {}).get("essentials_todos_prefix") or ""
    ref = [settings.get("todo_ref_count", 0)]

    def title(words: int) -> str:
        return fake.sentence(nb_words=words).rstrip(".")

    def todo(at: datetime) -> dict:
        ref[0] += 1
        creator = fake.random_element(users)
        return {"business_id": business, "task": title(5), "date": at.strftime("%Y-%m-%d %H:%M:00"),
                "end_date": None, "task_id": f"{prefix}{at.year}/{ref[0]:04d}",
                "description": fake.paragraph(nb_sentences=2), "status": fake.random_element(STATUSES),
                "estimated_hours": str(fake.random_int(1, 16)), "priority": fake.random_element(PRIORITIES),
                "created_by": creator, "assigned_user_ids": sorted({creator, fake.random_element(users)})}

    _add(tables, "todos", count, todo, fake)
    settings["todo_ref_count"] = ref[0]
    _add(tables, "reminders", count, lambda at: {
        "business_id": business, "user_id": fake.random_element(users), "name": title(3),
        "date": at.strftime("%Y-%m-%d"), "time": at.strftime("%H:%M:00"), "end_time": None,
        "repeat": fake.random_element(REPEATS)}, fake)
    _add(tables, "messages", count, lambda at: {
        "business_id": business, "user_id": fake.random_element(users), "message": fake.sentence(nb_words=8),
        "location_id": None}, fake)
    _add(tables, "documents", count, lambda at: {
        "business_id": business, "user_id": fake.random_element(users), "type": "memos", "name": title(3),
        "description": fake.sentence(nb_words=10)[:255]}, fake)
    sections = [r["id"] for r in tables.get("knowledge_base", []) if r.get("kb_type") == "section"]
    if sections:
        _add(tables, "knowledge_base", count, lambda at: {
            "business_id": business, "title": title(4), "content": f"<p>{fake.paragraph(nb_sentences=3)}</p>",
            "status": "", "kb_type": "article", "parent_id": fake.random_element(sections), "share_with": None,
            "created_by": fake.random_element(users), "shared_user_ids": []}, fake)
