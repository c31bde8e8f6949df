"""Read access to a tenant's stored rows without copies, keyed by ID, for the query engine and joins.

The store keeps each table as a dict of rows keyed by the decimal string of the row's integer id
(ZeyOS ids are integers and rows are inserted with their own ID, so the key is str(ID)).  A list
query over 100,000 rows cannot afford a copy per row, nor a join a copy per lookup: this module
hands out the stored dicts themselves, through the core's `Table.stored()`.  Callers must never mutate
what they get.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from ...core.store import Record, TenantDB

_EMPTY: dict[str, Record] = {}


class Rows(Protocol):
    """What the query engine needs of a tenant: one table's rows keyed by str(ID)."""

    def __call__(self, table: str) -> Mapping[str, Record]: ...


def tenant_rows(tenant: TenantDB) -> Rows:
    """`rows(table)` for one tenant: the stored dict of that table (read-only by convention)."""

    def rows(table: str) -> Mapping[str, Record]:
        return tenant.table(table, id_key="ID").stored()

    return rows


def dict_rows(tables: dict[str, list[dict[str, Any]]]) -> Rows:
    """`rows(table)` over plain lists of records (unit tests, fixture checks)."""
    keyed = {name: {str(r["ID"]): r for r in records} for name, records in tables.items()}
    return lambda table: keyed.get(table) or _EMPTY
