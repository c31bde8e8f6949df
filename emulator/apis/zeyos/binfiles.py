"""Binary files: the `binfiles` rows (ID, size, hash) and their content.

A binfile column elsewhere (`files.binfile`, `messages.binfile`, `contacts.picbinfile`, ...) holds a
binfile ID; writing `{"content": base64}` or `{"uri": data URI}` to it stores a new binfile, and
`expand` inlines `{"content": base64}`.  The content is kept on the binfile row under `content`
(base64), a key the API never lists among the entity's fields.  `hash` is PostgreSQL's bytea text
form of the MD5: `\\x` followed by 32 hex digits.
"""
from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from typing import Any

from ...core.store import TenantDB
from .rows import Rows

CONTENT = "content"


def store(tenant: TenantDB, data: bytes) -> int:
    """Insert a binfile for `data` and return its ID."""
    table = tenant.table("binfiles", id_key="ID")
    new_id = table.next_id()
    table.insert({"size": len(data), "hash": "\\x" + hashlib.md5(data).hexdigest(),
                  CONTENT: base64.b64encode(data).decode("ascii")}, record_id=new_id)
    return new_id


def discard(tenant: TenantDB, binfile_id: int) -> None:
    """Drop a binfile `store` made for a write that was then refused (nothing may stay behind)."""
    tenant.table("binfiles", id_key="ID").delete(binfile_id)


def size_of(rows: Rows, binfile_id: Any) -> int | None:
    row = rows("binfiles").get(str(binfile_id)) if binfile_id is not None else None
    return row.get("size") if row else None


def expander(rows: Rows) -> Callable[[Any], Any]:
    """`binfile ID -> {"content": base64}` (None stays None) for `expand`."""
    table = rows("binfiles")

    def expand(binfile_id: Any) -> Any:
        if binfile_id is None:
            return None
        row = table.get(str(binfile_id))
        return {"content": row.get(CONTENT, "") if row else ""}

    return expand
