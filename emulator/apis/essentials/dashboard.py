"""GET /dashboard: the Essentials productivity counts, computed from the store.

Seed: todos (scoped to the user unless a business admin), documents and memos owned by the user,
reminders for the user, visible knowledge-base roots, and a message count when the user may view
or create messages (null otherwise: the key stays, so strict client models keep their shape).
"""
from __future__ import annotations

from typing import Any

from flask import Blueprint

from ...core.openapi import doc
from . import knowledge_base, messages, todos
from .context import business_id, can, is_admin, my_id, table
from .schemas import Dashboard


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


@doc("Productivity dashboard counts", tags=["dashboard"], responses={200: Dashboard})
def show_dashboard() -> Any:
    return {"data": {"counts": counts()},
            "meta": {"business_id": business_id(), "is_admin": is_admin()}}


def routes(bp: Blueprint, base: str) -> None:
    bp.add_url_rule(f"{base}/dashboard", "dashboard", show_dashboard, methods=["GET"])
