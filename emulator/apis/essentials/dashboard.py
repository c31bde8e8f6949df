"""GET /dashboard: the Essentials productivity counts, computed from the store.

Seed: todos (scoped to the user unless a business admin), documents and memos owned by the user,
reminders for the user, visible knowledge-base roots, and a message count when the user may view
or create messages (null otherwise: the key stays, so strict client models keep their shape).
"""
from __future__ import annotations

from typing import Any

from ...core.api import Route
from ...core.openapi import Doc
from . import knowledge_base, messages, todos
from .answers import Dashboard
from .context import BASE, business_id, can, is_admin, my_id, table


def counts() -> dict[str, Any]:
    me = my_id()
    owned = [d for d in table("documents").scan() if d.get("user_id") == me]
    may_message = can("essentials.view_message") or can("essentials.create_message")
    return {
        "todos": len(todos.visible()),
        "documents": sum(1 for d in owned if d.get("type") == "document"),
        "memos": sum(1 for d in owned if d.get("type") == "memos"),
        "reminders": table("reminders").count(lambda r: r.get("user_id") == me),
        "knowledge_bases": len(knowledge_base.visible_roots()),
        "messages": len(messages.in_scope()) if may_message else None,
    }


def show_dashboard() -> Any:
    return {"data": {"counts": counts()},
            "meta": {"business_id": business_id(), "is_admin": is_admin()}}


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/dashboard", "dashboard_get", show_dashboard,
              doc=Doc("Productivity dashboard counts", tags=["dashboard"], responses={200: Dashboard})),
    ]
