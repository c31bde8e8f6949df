"""Recorded requests and responses: the last N only, so memory stays bounded under any load."""
from __future__ import annotations

import fnmatch
import itertools
from collections import deque
from typing import Any


class Journal:
    def __init__(self, size: int = 1000) -> None:
        self.entries: deque[dict[str, Any]] = deque(maxlen=size)
        self._ids = itertools.count(1)

    def record(self, **entry: Any) -> dict[str, Any]:
        entry = {"id": next(self._ids), **entry}
        self.entries.append(entry)
        return entry

    def query(self, api: str | None = None, method: str | None = None, path: str | None = None,
              tenant: str | None = None, limit: int | None = None) -> list[dict[str, Any]]:
        """Entries oldest first.  `path` is a glob when it has `*`, else a substring."""
        out = []
        for e in self.entries:
            if api and e.get("api") != api:
                continue
            if method and e.get("method") != method.upper():
                continue
            if tenant and str(e.get("tenant")) != tenant:
                continue
            if path:
                p = e.get("path", "")
                if ("*" in path and not fnmatch.fnmatchcase(p, path)) or ("*" not in path and path not in p):
                    continue
            out.append(e)
        return out[-limit:] if limit else out

    def clear(self) -> None:
        self.entries.clear()
