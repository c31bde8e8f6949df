"""`--data-dir`: the store on disk, at the cost of the change rather than of the whole store.

Two files in the data directory, and a folder:
- `snapshot.json`: the whole store, replaced atomically (temp file + fsync + rename);
- `changes.log`: one JSON line per write since that snapshot, flushed before the write is
  answered, so a `kill -9` loses nothing that a client saw acknowledged;
- `snapshots/<name>.json`: each snapshot saved through the control API, kept across restarts.

At start the snapshot is read and the log replayed, then folded into a new snapshot.  The log is
folded again at clean shutdown, after whole-store operations (reset, restore, new tenant) and
once it passes a size limit.
"""
from __future__ import annotations

import json
import os
from pathlib import Path
from typing import IO
from urllib.parse import quote, unquote

from .forms import compact_json
from .store import Store, TenantDB

SNAPSHOT = "snapshot.json"
LOG = "changes.log"
NAMED = "snapshots"  # the control API's named snapshots, one file each: <quoted name>.json
FOLD_AT_BYTES = 8 * 1024 * 1024


class DiskLog:
    def __init__(self, store: Store, data_dir: str | os.PathLike) -> None:
        self.store = store
        self.dir = Path(data_dir)
        self.dir.mkdir(parents=True, exist_ok=True)
        self._log: IO[str] | None = None
        self._size = 0

    def has_data(self) -> bool:
        return (self.dir / SNAPSHOT).exists()

    def load(self) -> None:
        """Read snapshot + log into the store, then fold them."""
        state = json.loads((self.dir / SNAPSHOT).read_text(encoding="utf-8"))
        self.store.load(state, copy=False)  # just parsed: nobody else holds it
        log = self.dir / LOG
        if log.exists():
            with log.open(encoding="utf-8") as fh:
                for line in fh:
                    try:
                        key, change = json.loads(line)
                        api, name = key.split("/", 1)
                        tenant = self.store.tenant(api, name)
                        if tenant is not None:
                            tenant.apply(tuple(change))
                    except (ValueError, TypeError, AttributeError, IndexError):
                        break  # a torn last line from a crash mid-write: it was never answered
            for tenant in self.store.tenants.values():
                self.store.credentials.refresh_tenant(tenant)
        self.fold()

    @property
    def started(self) -> bool:
        """Whether the log is open: whole-store changes made before that need no fold."""
        return self._log is not None

    def attach(self) -> None:
        self.store.listeners.append(self.record)

    def record(self, tenant: TenantDB, change: tuple) -> None:
        if self._log is None:
            self._log = (self.dir / LOG).open("a", encoding="utf-8")
            self._size = self._log.tell()
        line = compact_json([f"{tenant.api}/{tenant.name}", list(change)]) + "\n"
        self._log.write(line)
        self._log.flush()
        self._size += len(line)
        if self._size > FOLD_AT_BYTES:
            self.fold()

    def serialise(self) -> str:
        """The whole store as snapshot.json holds it.  The stored tables are serialised as they are,
        without a copy, in one C-encoded string (json.dump to a file would run the pure-Python
        encoder, several times slower).  Under the store lock."""
        with self.store.lock:
            return compact_json(self.store.dump(copy=False))

    def fold(self, text: str | None = None) -> None:
        """Write the whole store as the new snapshot and start an empty log.  `text`: the store
        already serialised (a caller that knows the state, such as a full reset to the fixtures).

        Under the store lock throughout: no write may land in the old log after the snapshot was
        taken."""
        tmp = self.dir / (SNAPSHOT + ".tmp")
        with self.store.lock:
            try:
                if text is None:
                    text = self.serialise()
                with tmp.open("w", encoding="utf-8") as fh:
                    fh.write(text)
                    fh.flush()
                    os.fsync(fh.fileno())
                os.replace(tmp, self.dir / SNAPSHOT)
            except BaseException:
                # the old snapshot and the log are untouched and still describe the state
                tmp.unlink(missing_ok=True)
                raise
            if self._log is not None:
                self._log.close()
            self._log = (self.dir / LOG).open("w", encoding="utf-8")
            self._size = 0

    # -- named snapshots (PUT /_emulator/snapshots/<name>), kept across restarts -----------------
    def _named(self, name: str) -> Path:
        return self.dir / NAMED / (quote(name, safe="") + ".json")

    def save_named(self, name: str, state: dict) -> None:
        path = self._named(name)
        path.parent.mkdir(exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(compact_json(state))  # the C encoder (see serialise)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)

    def delete_named(self, name: str) -> None:
        self._named(name).unlink(missing_ok=True)

    def load_named(self) -> dict[str, dict]:
        folder = self.dir / NAMED
        if not folder.is_dir():
            return {}
        out = {}
        for path in sorted(folder.glob("*.json")):
            try:
                out[unquote(path.stem)] = json.loads(path.read_text(encoding="utf-8"))
            except ValueError:
                continue  # a torn file from a crash mid-write: the old one was replaced atomically
        return out

    def close(self) -> None:
        self.fold()
        if self._log is not None:
            self._log.close()
            self._log = None
