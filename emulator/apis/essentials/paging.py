"""Laravel's paginated resource-collection envelope (PaginatedResourceResponse, Laravel 9).

    {"data": [...],
     "links": {"first", "last", "prev", "next"},
     "meta": {"current_page", "from", "last_page", "links": [...], "path", "per_page", "to", "total"}}

Page URLs carry only `page=`, as Laravel's paginator does without appends().
"""
from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from operator import itemgetter
from typing import Any

from flask import request

ON_EACH_SIDE = 3
PREVIOUS, NEXT = "&laquo; Previous", "Next &raquo;"


def _window(current: int, last: int) -> list[Any]:
    """Laravel's UrlWindow: page numbers, with "..." between distant blocks."""
    window = ON_EACH_SIDE + 4
    if last < ON_EACH_SIDE * 2 + 8:
        return [list(range(1, last + 1))]
    if current <= window:
        return [list(range(1, window + ON_EACH_SIDE + 1)), "...", [last - 1, last]]
    if current > last - window:
        return [[1, 2], "...", list(range(last - (window + ON_EACH_SIDE - 1), last + 1))]
    return [[1, 2], "...", list(range(current - ON_EACH_SIDE, current + ON_EACH_SIDE + 1)), "...",
            [last - 1, last]]


def paginate(rows: Sequence[Any], page: int, per_page: int,
             serialize: Callable[[Any], Any] = lambda r: r) -> dict[str, Any]:
    total = len(rows)
    last = max(1, -(-total // per_page))
    start = (page - 1) * per_page
    items = [serialize(r) for r in rows[start:start + per_page]]
    path = request.base_url

    def url(n: int) -> str:
        return f"{path}?page={n}"

    links = [{"url": url(page - 1) if page > 1 else None, "label": PREVIOUS, "active": False}]
    for block in _window(page, last):
        if block == "...":
            links.append({"url": None, "label": "...", "active": False})
        else:
            links.extend({"url": url(n), "label": str(n), "active": n == page} for n in block)
    links.append({"url": url(page + 1) if page < last else None, "label": NEXT, "active": False})
    return {
        "data": items,
        "links": {"first": url(1), "last": url(last), "prev": url(page - 1) if page > 1 else None,
                  "next": url(page + 1) if page < last else None},
        "meta": {"current_page": page, "from": start + 1 if items else None, "last_page": last,
                 "links": links, "path": path, "per_page": per_page,
                 "to": start + len(items) if items else None, "total": total},
    }


def order(rows: list[dict], sort: str | None, direction: str | None, default: str = "created_at",
          default_direction: str = "desc") -> list[dict]:
    """ORDER BY one column (nulls first ascending, as MySQL), ties by id."""
    key = sort or default
    desc = (direction or (default_direction if sort is None else "asc")) == "desc"

    def nulls_first(r: dict) -> tuple[bool, Any]:
        value = r.get(key)
        return (value is not None, value if value is not None else "")

    return sorted(sorted(rows, key=itemgetter("id"), reverse=desc), key=nulls_first, reverse=desc)


def like(q: str) -> re.Pattern[str]:
    """MySQL `LIKE '%q%'` under a case-insensitive collation; `%` and `_` in q stay wildcards, as in
    Laravel's unescaped where(..., 'like', "%$q%")."""
    parts = [".*" if ch == "%" else "." if ch == "_" else re.escape(ch) for ch in q]
    return re.compile("".join(parts), re.IGNORECASE | re.DOTALL)
