"""The emulator's state: one in-memory TinyDB per (api, tenant).

Every API keeps its records in tables of the tenant (account, business, instance) that the
caller's credential belongs to, so an account never sees another's data.  This module knows
nothing about any API: tables hold plain JSON-able dicts keyed by an id column.

Why not TinyDB's own ids: TinyDB restarts its counter from the highest id left when a table is
reopened, so a deleted last id comes back.  Each table here remembers its next id instead, and
ids never repeat within a table.  String ids (where an API uses them) get an index of their own.

Every write is reported to an optional change listener (the disk log, see persist.py) before
it returns, so an answered write is never lost.
"""
from __future__ import annotations

import secrets
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any

from tinydb import TinyDB
from tinydb.storages import MemoryStorage

Record = dict[str, Any]

SETTINGS_TABLE = "_settings"
CREDENTIALS_TABLE = "_credentials"
# a tenant made through the control API: {"template": fixture tenant, "credentials": its own rows}
ORIGIN_TABLE = "_origin"


def copy_json(value: Any) -> Any:
    """A deep copy of JSON-shaped data, several times faster than copy.deepcopy."""
    if isinstance(value, dict):
        return {k: copy_json(v) if isinstance(v, (dict, list)) else v for k, v in value.items()}
    if isinstance(value, list):
        return [copy_json(v) if isinstance(v, (dict, list)) else v for v in value]
    return value


class Table:
    """One table of one tenant.  Returns copies, so callers can never change stored data by accident."""

    def __init__(self, tenant: TenantDB, name: str, id_key: str = "id") -> None:
        self.tenant = tenant
        self.name = name
        self.id_key = id_key
        self._str_index: dict[str, int] | None = None
        # column -> value -> the stored rows holding it; built on first use, dropped on any write
        self._indexes: dict[str, dict[Any, list[Record]]] = {}
        self._rows: dict[str, Record] | None = None  # the storage dict of this table, once it exists
        self._str_ids: bool | None = None  # whether the ids are strings (known once rows exist)

    def forget(self) -> None:
        """Drop what is derived from the stored rows (the tenant's storage was replaced or replayed)."""
        self._str_index = None
        self._indexes = {}
        self._rows = None
        self._str_ids = None

    # -- reading -----------------------------------------------------------------------------
    def _raw(self) -> dict[str, Record]:
        rows = self._rows
        if rows is None:
            rows = (self.tenant.db.storage.read() or {}).get(self.name)
            if rows is None:
                return {}  # not kept: a table created later must be seen
            self._rows = rows
        return rows

    def _raw_for_write(self) -> dict[str, Record]:
        """The stored rows, creating the table in storage on first write."""
        if self._rows is None:
            self._rows = self.tenant.db.storage.read().setdefault(self.name, {})
        return self._rows

    def _doc_id(self, record_id: Any) -> int | None:
        if isinstance(record_id, bool):
            return None
        if isinstance(record_id, int):
            # in a table of string ids the integer doc ids are internal: never found by them
            return self._string_index().get(str(record_id)) if self._has_str_ids() else record_id
        if isinstance(record_id, str):
            if not self._has_str_ids():
                # "7" from a URL finds record 7 of an integer-id table; "abc" finds nothing
                return int(record_id) if record_id.isdigit() and record_id.isascii() else None
            return self._string_index().get(record_id)
        return None

    def _has_str_ids(self) -> bool:
        if self._str_ids is None:
            for rec in self._raw().values():
                self._str_ids = isinstance(rec.get(self.id_key), str)
                return self._str_ids
            return False  # an empty table: undecided until its first row
        return self._str_ids

    def _string_index(self) -> dict[str, int]:
        if self._str_index is None:
            self._str_index = {
                str(rec.get(self.id_key)): int(doc_id) for doc_id, rec in self._raw().items()
            }
        return self._str_index

    def get(self, record_id: Any) -> Record | None:
        doc_id = self._doc_id(record_id)
        if doc_id is None:
            return None
        raw = self._raw().get(str(doc_id))
        return copy_json(raw) if raw is not None else None

    def view(self, record_id: Any) -> Record | None:
        """The stored record itself, no copy: for reading only (auth, serialisers), like scan()."""
        rows = self._rows
        if rows is not None and type(record_id) is int and self._str_ids is False:
            return rows.get(str(record_id))  # an integer-id table (_doc_id's answer, spared its calls)
        doc_id = self._doc_id(record_id)
        return self._raw().get(str(doc_id)) if doc_id is not None else None

    def _index(self, column: str) -> dict[Any, list[Record]]:
        index = self._indexes.get(column)
        if index is None:
            index = {}
            for rec in self._raw().values():
                value = rec.get(column)
                try:
                    index.setdefault(value, []).append(rec)
                except TypeError:  # an unhashable value (a list, a dict) is found by no equality lookup
                    continue
            self._indexes[column] = index
        return index

    def __iter__(self) -> Iterator[Record]:
        for raw in list(self._raw().values()):
            yield copy_json(raw)

    def all(self) -> list[Record]:
        return list(self)

    def scan(self) -> Iterable[Record]:
        """Read-only view of the stored records, no copies: for filters over big tables.

        Callers must not mutate what they get; copy what they return (copy_json).
        """
        return self._raw().values()

    def stored(self) -> Mapping[str, Record]:
        """The stored records keyed by their doc id's decimal string (for an integer-id table, the
        id itself), no copies: for query engines and joins over big tables.  Read only, as scan()."""
        return self._raw()

    def where(self, **equals: Any) -> list[Record]:
        """Copies of the records equal on every given column (the first through an index)."""
        if not equals:
            return self.all()
        return [copy_json(r) for r in self.view_where(**equals)]

    def view_where(self, **equals: Any) -> list[Record]:
        """The stored records where() would copy, no copies: for reading only, as view()."""
        if not equals:
            return list(self._raw().values())
        items = iter(equals.items())
        column, value = next(items)
        try:
            rows = self._index(column).get(value, ())
        except TypeError:  # an unhashable value to look for
            rows = [r for r in self._raw().values() if r.get(column) == value]
        for k, v in items:  # the other columns, one pass each over the (few) rows left
            rows = [r for r in rows if r.get(k) == v]
        return list(rows)

    def filter(self, predicate: Callable[[Record], bool]) -> list[Record]:
        return [copy_json(r) for r in self._raw().values() if predicate(r)]

    def first(self, **equals: Any) -> Record | None:
        items = equals.items()
        for r in self._raw().values():
            if all(r.get(k) == v for k, v in items):
                return copy_json(r)
        return None

    def count(self, predicate: Callable[[Record], bool] | None = None) -> int:
        if predicate is None:
            return len(self._raw())
        return sum(1 for r in self._raw().values() if predicate(r))

    def __len__(self) -> int:
        return len(self._raw())

    # -- writing -----------------------------------------------------------------------------
    def next_id(self) -> int:
        return self.tenant.next_ids.get(self.name, 1)

    def insert(self, record: Record, record_id: Any = None) -> Record:
        """Store a new record.  Without record_id the table's next integer id is used."""
        rec = copy_json(record)
        doc_id = self.next_id()
        if record_id is None:
            record_id = doc_id
        elif isinstance(record_id, int) and not isinstance(record_id, bool):
            if str(record_id) in self._raw():
                raise KeyError(f"{self.name} {record_id} exists")
            doc_id = record_id
        elif isinstance(record_id, str):
            if record_id in self._string_index():
                raise KeyError(f"{self.name} {record_id} exists")
        else:
            raise TypeError(f"record id must be int or str, not {type(record_id).__name__}")
        self.tenant.next_ids[self.name] = max(self.next_id(), doc_id + 1)
        if self._str_index is not None:
            self._str_index[str(record_id)] = doc_id
        # keep the id first, as real APIs serialise it
        rec = {self.id_key: record_id, **{k: v for k, v in rec.items() if k != self.id_key}}
        # straight into TinyDB's storage dict: Table.insert rebuilds the whole table (O(n) per write)
        self._raw_for_write()[str(doc_id)] = rec
        self._indexes = {}
        self.tenant.changed(("put", self.name, doc_id, rec))
        return copy_json(rec)

    def update(self, record_id: Any, changes: Record) -> Record | None:
        """Merge `changes` into the stored record; its new state (a copy), or None if absent."""
        raw = self.merge(record_id, changes)
        return copy_json(raw) if raw is not None else None

    def merge(self, record_id: Any, changes: Record) -> Record | None:
        """As update, returning the stored record itself (read-only, like view).  The new record is a
        new dict: the old one's values are kept as they are (stored values are never changed in
        place, only replaced), the changes deep-copied in."""
        doc_id = self._doc_id(record_id)
        if doc_id is None:
            return None
        rows = self._raw()
        old = rows.get(str(doc_id))
        if old is None:
            return None
        raw = {**old, **copy_json(changes)}
        raw[self.id_key] = old[self.id_key]
        rows[str(doc_id)] = raw
        self._indexes = {}
        self.tenant.changed(("put", self.name, doc_id, raw))
        return raw

    def delete(self, record_id: Any) -> bool:
        doc_id = self._doc_id(record_id)
        if doc_id is None or str(doc_id) not in self._raw():
            return False
        rec = self._raw().pop(str(doc_id))
        self._indexes = {}
        if self._str_index is not None:
            self._str_index.pop(str(rec.get(self.id_key)), None)
        self.tenant.changed(("del", self.name, doc_id))
        return True

    def delete_where(self, predicate: Callable[[Record], bool]) -> int:
        ids = [r[self.id_key] for r in self._raw().values() if predicate(r)]
        for record_id in ids:
            self.delete(record_id)
        return len(ids)


class TenantDB:
    """All tables of one account of one API, plus its settings and credentials."""

    def __init__(self, store: Store | None, api: str, name: str) -> None:
        self.store = store
        self.api = api
        self.name = name
        self.db = TinyDB(storage=MemoryStorage)
        self.db.storage.write({})
        self.next_ids: dict[str, int] = {}
        self._tables: dict[str, Table] = {}
        self._settings_cache: Record | None = None

    def table(self, name: str, id_key: str | None = None) -> Table:
        """One table; its id column is the API's (Store.id_keys) unless given."""
        t = self._tables.get(name)
        if t is None:
            if id_key is None:
                id_key = self.store.id_key(self.api, name) if self.store is not None else "id"
            t = self._tables[name] = Table(self, name, id_key)
        return t

    def table_names(self) -> list[str]:
        return [n for n in (self.db.storage.read() or {}) if not n.startswith("_")]

    def changed(self, change: tuple) -> None:
        if change[1] == SETTINGS_TABLE:
            self._settings_cache = None
        if change[1] == CREDENTIALS_TABLE and self.store is not None:
            self.store.credentials.refresh_tenant(self)
        if self.store is not None:
            self.store.changed(self, change)

    # -- settings: one record per tenant (the business row, the instance config, ...) --------
    @property
    def settings(self) -> Record:
        if self._settings_cache is None:
            raw = (self.db.storage.read() or {}).get(SETTINGS_TABLE, {}).get("1", {})
            # a deep copy: a caller that mutates what it got must not change the stored row unlogged
            self._settings_cache = {k: copy_json(v) for k, v in raw.items() if k != "id"}
        return self._settings_cache

    def update_settings(self, changes: Record) -> None:
        t = self.table(SETTINGS_TABLE)
        if t.view(1) is None:
            t.insert(changes, record_id=1)
        else:
            t.merge(1, changes)

    # -- credentials -------------------------------------------------------------------------
    def credentials(self) -> list[Record]:
        return self.table(CREDENTIALS_TABLE).all()

    # -- whole-state copies ------------------------------------------------------------------
    def dump(self, copy: bool = True) -> Record:
        """The whole state; `copy=False` hands out the stored tables themselves, for a caller that
        holds the store lock and only serialises them (persist.DiskLog.fold)."""
        tables = self.db.storage.read() or {}
        return {"tables": copy_json(tables) if copy else tables, "next_ids": dict(self.next_ids)}

    def load(self, state: Record, copy: bool = True) -> None:
        """Take a whole state (tables and next ids); `copy=False` when the caller hands over a state
        nobody else holds (a fresh copy of the fixtures), so start-up and reset copy it once."""
        tables = state.get("tables", {})
        self.db.storage.write(copy_json(tables) if copy else tables)
        self.db.clear_cache()
        self.next_ids = dict(state.get("next_ids", {}))
        for name, raw in (self.db.storage.read() or {}).items():
            top = max(map(int, raw), default=0)
            self.next_ids[name] = max(self.next_ids.get(name, 1), top + 1)
        for t in self._tables.values():
            t.forget()
        self._settings_cache = None

    def apply(self, change: tuple) -> None:
        """Replay one logged change (see Table.insert/update/delete)."""
        tables = self.db.storage.read()
        if change[0] == "put":
            _, table, doc_id, rec = change
            tables.setdefault(table, {})[str(doc_id)] = rec
            self.next_ids[table] = max(self.next_ids.get(table, 1), int(doc_id) + 1)
        elif change[0] == "del":
            _, table, doc_id = change
            tables.get(table, {}).pop(str(doc_id), None)
        else:
            raise ValueError(f"unknown change {change[0]!r}")
        self._settings_cache = None
        if table in self._tables:
            self._tables[table].forget()


class CredentialIndex:
    """(api, kind, value) -> (tenant, credential): O(1) auth lookups across every tenant."""

    def __init__(self) -> None:
        self._index: dict[tuple[str, str, str], tuple[TenantDB, Record]] = {}
        self._keys: dict[TenantDB, list[tuple[str, str, str]]] = {}  # each tenant's keys: drops in O(its own)

    def refresh_tenant(self, tenant: TenantDB) -> None:
        self.drop_tenant(tenant)
        keys = self._keys[tenant] = []
        for cred in tenant.credentials():
            key = (tenant.api, cred["kind"], str(cred["value"]))
            self._index[key] = (tenant, cred)
            keys.append(key)

    def drop_tenant(self, tenant: TenantDB) -> None:
        for key in self._keys.pop(tenant, ()):
            if self._index.get(key, (None,))[0] is tenant:  # another tenant may have taken the value
                del self._index[key]

    def find(self, api: str, kind: str, value: str) -> tuple[TenantDB, Record] | None:
        return self._index.get((api, kind, value))


class Store:
    """Every tenant of every API, the saved snapshots, and the lock that serialises access."""

    def __init__(self, id_keys: dict[str, Callable[[str], str]] | None = None) -> None:
        self.lock = threading.RLock()
        self.tenants: dict[tuple[str, str], TenantDB] = {}
        self.credentials = CredentialIndex()
        self.snapshots: dict[str, Record] = {}
        self.listeners: list[Callable[[TenantDB, tuple], None]] = []
        # api -> (table name -> its id column); the core's own tables always use "id"
        self.id_keys = dict(id_keys or {})
        self.clocks: Any = None  # the emulator's Clocks, for domain rules that run without a request

    def id_key(self, api: str, table: str) -> str:
        found = self.id_keys.get(api)
        return found(table) if found is not None and not table.startswith("_") else "id"

    @contextmanager
    def unlocked(self) -> Iterator[None]:
        """Let other requests run while this thread waits on something slow outside the store (a URL
        fetch, a wait for a background delivery): the core serialises requests on `lock`, so a request
        waiting while it holds the lock would stall everyone.  Only between the request's own reads
        and writes; a thread that does not hold the lock (a unit test, a worker) just waits."""
        held = 0
        while True:
            try:
                self.lock.release()
            except RuntimeError:  # released every level this thread held (or it held none)
                break
            held += 1
        try:
            yield
        finally:
            for _ in range(held):
                self.lock.acquire()

    def changed(self, tenant: TenantDB, change: tuple) -> None:
        for listener in self.listeners:
            listener(tenant, change)

    def tenant(self, api: str, name: str) -> TenantDB | None:
        return self.tenants.get((api, str(name)))

    def tenants_of(self, api: str) -> list[TenantDB]:
        return [t for (a, _), t in self.tenants.items() if a == api]

    def put_tenant(self, api: str, name: str, state: Record, copy: bool = True) -> TenantDB:
        old = self.tenants.get((api, name))
        if old is not None:
            self.credentials.drop_tenant(old)
        t = TenantDB(self, api, name)
        t.load(state, copy)
        self.tenants[(api, name)] = t
        self.credentials.refresh_tenant(t)
        return t

    def drop_tenant(self, api: str, name: str) -> None:
        t = self.tenants.pop((api, name), None)
        if t is not None:
            self.credentials.drop_tenant(t)

    def new_tenant_name(self, api: str) -> str:
        numbers = [int(n) for (a, n) in self.tenants if a == api and n.isdigit()]
        return str(max(numbers, default=0) + 1)

    # -- whole-store state -------------------------------------------------------------------
    def dump(self, copy: bool = True) -> Record:
        return {f"{api}/{name}": t.dump(copy) for (api, name), t in self.tenants.items()}

    def load(self, state: Record, copy: bool = True) -> None:
        self.tenants.clear()
        self.credentials = CredentialIndex()
        for key, tstate in state.items():
            api, name = key.split("/", 1)
            self.put_tenant(api, name, tstate, copy)


def new_secret(nbytes: int = 20) -> str:
    return secrets.token_hex(nbytes)
