"""Fixtures: the hand-written records every API starts from, and optional faker-made bulk data.

`fixtures/<api>/<tenant>.json` holds one tenant (account) of one API:

    {"settings": {...},                      # the tenant's own row (business, instance, ...)
     "credentials": [{"kind": "bearer", "value": "...", "user_id": 1, ...}],
     "tables": {"users": [{"id": 1, ...}], "todos": [...]}}

Files are parsed once at start and kept in memory; reset and new tenants copy the parsed
state, so they never touch the disk (reset budget: milliseconds).  The copy is made from each
state's marshal image, built on first use: about twice as fast as copying the dicts in Python.
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
    """The parsed fixtures of every API: {api: {tenant name: state}}."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root else DEFAULT_FIXTURES_DIR
        self.states: dict[str, dict[str, dict]] = {}
        self._images: dict[tuple[str, str], bytes] = {}  # (api, tenant) -> marshal image of its state

    def load_api(self, api: str, folder: Path | None = None, id_key: IdKey = _id) -> dict[str, dict]:
        """Parse `folder` (default: <root>/<api>), one tenant per `<tenant>.json`."""
        folder = Path(folder) if folder is not None else self.root / api
        states: dict[str, dict] = {}
        if folder.is_dir():
            for path in sorted(folder.glob("*.json")):
                states[path.stem] = tenant_state(json.loads(path.read_text(encoding="utf-8")), id_key)
        self.states[api] = states
        self._forget(api)
        return states

    def add_bulk(self, api: str, generator: BulkGenerator, count: int, seed: int | None,
                 id_key: IdKey = _id) -> None:
        """Add `count` faker-made records to every fixture tenant of `api`, reproducibly per seed."""
        if count <= 0:
            return
        from faker import Faker  # imported only when bulk data is asked for (start-up budget)

        for offset, (_name, state) in enumerate(sorted(self.states.get(api, {}).items())):
            fake = Faker()
            fake.seed_instance((seed or 0) + offset)
            tables = {n: list(rows.values()) for n, rows in state["tables"].items()}
            generator(tables, fake, count)
            for n, rows in tables.items():
                state["tables"][n] = rows_of(rows, id_key(n))
        self._forget(api)

    def _forget(self, api: str) -> None:
        for key in [k for k in self._images if k[0] == api]:
            del self._images[key]

    def state(self, api: str, tenant: str) -> dict | None:
        """A fresh deep copy of one tenant's fixture state, which the caller may keep and change."""
        image = self._images.get((api, tenant))
        if image is None:
            s = self.states.get(api, {}).get(tenant)
            if s is None:
                return None
            try:
                # version 2: no back-references, so an object met twice is copied twice (as copy_json
                # would), never shared between two places of the copy
                image = self._images[(api, tenant)] = marshal.dumps(s, 2)
            except ValueError:  # a value JSON could not have given (a generator's own type)
                return copy_json(s)
        return marshal.loads(image)

    def tenants(self, api: str) -> list[str]:
        return list(self.states.get(api, {}))


def fresh_credentials(state: dict, make_value: Callable[[dict], str]) -> None:
    """Give a copied tenant state new credential values, so a cloned account has its own keys."""
    for cred in state["tables"].get(CREDENTIALS_TABLE, {}).values():
        cred["value"] = make_value(cred)
        if "secret" in cred:
            cred["secret"] = make_value({**cred, "kind": cred["kind"] + "-secret"})
