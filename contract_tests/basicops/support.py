"""Helpers for BasicOps' tests: fixture accounts in a store of their own, acting as a user."""
from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from emulator.apis.basicops import filters
from emulator.core.api import ApiError
from emulator.core.caller import acting_as
from emulator.core.fixtures import tenant_state
from emulator.core.store import Store, TenantDB, copy_json

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "basicops"
TIM, ALEX, MARIA, SAM = 25, 38, 41, 44  # testco's users (Sam is deactivated)


@cache
def _fixture(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8"))


def account(name: str = "testco", store: Store | None = None) -> TenantDB:
    """A fresh copy of a fixture account, in a store of its own unless one is given."""
    store = store or Store()
    return store.put_tenant("basicops", name, tenant_state(copy_json(_fixture(name))))


@contextmanager
def as_user(tenant: TenantDB, user_id: int) -> Iterator[None]:
    with acting_as(tenant, tenant.table("users").get(user_id)):
        yield


def query(resource: str, **params: str) -> filters.ListQuery:
    return filters.parse(resource, params.items())


def fails(status: int, fragment: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> ApiError:
    """Call fn and assert it raises the API's error with this status and text."""
    with pytest.raises(ApiError) as info:
        fn(*args, **kwargs)
    assert info.value.status == status, (info.value.status, info.value.message)
    assert fragment in info.value.message, info.value.message
    return info.value
