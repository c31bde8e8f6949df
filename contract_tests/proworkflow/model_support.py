"""Unit-test support for the ProWorkflow domain layer (no HTTP): fixture accounts in a fresh Store,
a frozen clock, and `as_(contact_id)` to act for a fixture contact (core.caller.acting_as)."""
from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from functools import cache
from pathlib import Path

import pytest

from emulator.core.api import ApiError
from emulator.core.caller import acting_as
from emulator.core.fixtures import tenant_state
from emulator.core.store import Store, TenantDB, copy_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "proworkflow"
NOW = datetime(2025, 3, 14, 12, 0, 0, tzinfo=UTC)  # the fixtures' "today" (a Friday)

# fixture contacts (fixtures/proworkflow/acme.json, Standard plan)
ALICE, PETER, TINA, CARL, CORA, DAN, CONNIE, NORA = 1, 2, 3, 4, 5, 6, 7, 8
# fixtures/proworkflow/globex.json, Advanced plan
GRACE, HANK, IVY, JACK, KIM, LEO = 1, 2, 3, 4, 5, 6


@cache
def _state(name: str) -> dict:
    return tenant_state(json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")))


class Accounts:
    def __init__(self) -> None:
        self.store = Store()
        self.acme = self.store.put_tenant("proworkflow", "acme", copy_json(_state("acme")))
        self.globex = self.store.put_tenant("proworkflow", "globex", copy_json(_state("globex")))

    @contextmanager
    def as_(self, contact_id: int, tenant: TenantDB | None = None) -> Iterator[TenantDB]:
        t = tenant or self.acme
        with acting_as(t, t.table("contacts").get(contact_id)):
            yield t


def error_of(call, *args, **kwargs) -> ApiError:
    """The ApiError a domain call raises (fails the test when it raises none)."""
    with pytest.raises(ApiError) as info:
        call(*args, **kwargs)
    return info.value


def ids(body: dict, key: str) -> list[int]:
    return [r["id"] for r in body[key]]
