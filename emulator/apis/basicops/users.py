"""Users (seed, "Users"): read-only through the API.

GET /user/me is the token's owner.  GET /user?name=<first and last name> matches "first last"
ignoring case and extra spaces; ?email= matches the address ignoring case.  A deactivated user
(`active` false) is listed with email null, and so is never found by email.
"""
from __future__ import annotations

from typing import Any

from . import context, filters, serializers
from .lookup import find


def _full_name(rec: dict[str, Any]) -> str:
    return " ".join(f"{rec.get('firstName') or ''} {rec.get('lastName') or ''}".split()).lower()


def list_users(query: filters.ListQuery) -> list[dict[str, Any]]:
    name = query.param("name")
    email = query.param("email")
    wanted_name = " ".join(name.split()).lower() if name is not None else None
    wanted_email = email.strip().lower() if email is not None else None
    out = []
    for rec in filters.select("users", context.table("users").scan(), query):
        if wanted_name is not None and _full_name(rec) != wanted_name:
            continue
        if wanted_email is not None:
            shown = rec.get("email") if rec.get("active", True) else None
            if not shown or shown.lower() != wanted_email:
                continue
        out.append(serializers.user(rec))
    return out


def get_user(user_id: Any) -> dict[str, Any]:
    if isinstance(user_id, str) and user_id.lower() == "me":
        return serializers.user(find("users", context.my_id()))
    return serializers.user(find("users", user_id))
