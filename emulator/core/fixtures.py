"""Fixtures: the hand-written records every API starts from, and optional faker-made bulk data.

`fixtures/<api>/<tenant>.json` holds one tenant (account) of one API:

    {"settings": {...},                      # the tenant's own row (business, instance, ...)
     "credentials": [{"kind": "bearer", "value": "...", "user_id": 1, ...}],
     "tables": {"users": [{"id": 1, ...}], "todos": [...]}}

Files are parsed once at start and kept in memory; reset and new tenants copy the parsed
state, so they never touch the disk (reset budget: milliseconds).
"""
from __future__ import annotations

import json
import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .store import CREDENTIALS_TABLE, SETTINGS_TABLE, copy_json

# an installed package carries its fixtures (setup.py copies them in); a source checkout reads the
# repository's fixtures/, their source
_PACKAGED = Path(__file__).resolve().parents[1] / "fixtures"
DEFAULT_FIXTURES_DIR = _PACKAGED if _PACKAGED.is_dir() else Path(__file__).resolve().parents[2] / "fixtures"

# (tables, faker, count) -> None: adds `count` generated records to a tenant's tables
BulkGenerator = Callable[[dict[str, list[dict]], Any, int], None]
IdKey = Callable[[str], str]  # table name -> its id column, as the API says


def _id(table: str) -> str:
    return "id"


def rows_of(records: list[dict], id_key: str = "id") -> dict[str, dict]:
    """Records keyed as the store keeps them: by their integer id, or by position for string ids."""
    rows: dict[str, dict] = {}
    for i, rec in enumerate(records, start=1):
        key = rec.get(id_key, i)
        doc_id = key if isinstance(key, int) and not isinstance(key, bool) else i
        rows[str(doc_id)] = rec
    return rows


def tenant_state(doc: dict, id_key: IdKey = _id) -> dict:
    """Turn one fixture document into the state TenantDB.load takes."""
    tables: dict[str, dict[str, dict]] = {}
    for name, records in (doc.get("tables") or {}).items():
        tables[name] = rows_of(records, id_key(name))
    tables[SETTINGS_TABLE] = {"1": {"id": 1, **(doc.get("settings") or {})}}
    tables[CREDENTIALS_TABLE] = {
        str(i): {"id": i, **cred} for i, cred in enumerate(doc.get("credentials") or [], start=1)
    }
    return {"tables": tables, "next_ids": {}}


class FixtureSet:
    """The parsed fixtures of every API: {api: {tenant name: state}}.

    Each state is kept as its marshal image (bytes): a fraction of the parsed dicts' memory, and
    unpacked into a fresh copy about twice as fast as copy_json copies dicts.  Version 2 has no
    back-references, so an object met twice is copied twice, never shared between two places."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else DEFAULT_FIXTURES_DIR
        # api -> tenant -> its state's marshal image; the state itself where it holds a value marshal
        # cannot pack (a bulk generator's own type), copied with copy_json then
        self.states: dict[str, dict[str, bytes | dict]] = {}

    @staticmethod
    def _pack(state: dict) -> bytes | dict:
        try:
            return marshal.dumps(state, 2)
        except ValueError:
            return state

    def load_api(self, api: str, folder: Path | None = None, id_key: IdKey = _id) -> list[str]:
        """Parse `folder` (default: <root>/<api>), one tenant per `<tenant>.json`; the tenants' names."""
        folder = Path(folder) if folder is not None else self.root / api
        states: dict[str, bytes | dict] = {}
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                states[path.stem] = self._pack(
                    tenant_state(json.loads(path.read_text(encoding="utf-8")), id_key))
        self.states[api] = states
        return list(states)

    def add_bulk(self, api: str, generator: BulkGenerator, count: int, seed: int | None,
                 id_key: IdKey = _id) -> None:
        """Add `count` faker-made records to every fixture tenant of `api`, reproducibly per seed."""
        if count <= 0:
            return
        from faker import Faker  # imported only when bulk data is asked for (start-up budget)

        states = self.states.get(api, {})
        for offset, name in enumerate(sorted(states)):
            state = self.state(api, name)
            assert state is not None
            fake = Faker()
            fake.seed_instance((seed or 0) + offset)
            tables = {n: list(rows.values()) for n, rows in state["tables"].items()}
            generator(tables, fake, count)
            for n, rows in tables.items():
                state["tables"][n] = rows_of(rows, id_key(n))
            states[name] = self._pack(state)

    def state(self, api: str, tenant: str) -> dict | None:
        """A fresh deep copy of one tenant's fixture state, which the caller may keep and change."""
        kept = self.states.get(api, {}).get(tenant)
        if kept is None:
            return None
        return marshal.loads(kept) if isinstance(kept, bytes) else copy_json(kept)

    def tenants(self, api: str) -> list[str]:
        return list(self.states.get(api, {}))


def fresh_credentials(state: dict, make_value: Callable[[dict], str]) -> None:
    """Give a copied tenant state new credential values, so a cloned account has its own keys."""
    for cred in state["tables"].get(CREDENTIALS_TABLE, {}).values():
        cred["value"] = make_value(cred)
        if "secret" in cred:
            cred["secret"] = make_value({**cred, "kind": cred["kind"] + "-secret"})
