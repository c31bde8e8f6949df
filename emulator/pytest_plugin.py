"""pytest fixtures for your own test suite (installed as a pytest11 entry point).

    def test_my_client_lists_todos(saas_emulator):
        client = MyClient(base_url=saas_emulator.base_url("essentials"), token="...")
        ...

`saas_emulator_server` is one in-process emulator per test session on a free loopback port;
`saas_emulator` is the same server, reset before each test (fixtures, empty journal, no fault
rules, real time).  `saas_tenant` is a fresh isolated account per test, `saas_frozen_clock` a
clock frozen at SAAS_FROZEN_AT (2026-01-01T09:00:00Z) for the test, and `saas_faults` the fault
rules, cleared after the test.  Override `saas_emulator_options` in your conftest.py to pass create_app options:

    @pytest.fixture(scope="session")
    def saas_emulator_options():
        return {"apis": ["essentials"], "fake": 50, "seed": 1}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .testing import ClockControl, EmulatorServer, FaultControl

SAAS_FROZEN_AT = "2026-01-01T09:00:00Z"


@pytest.fixture(scope="session")
def saas_emulator_options() -> dict[str, Any]:
    """Keyword arguments for emulator.create_app (apis, fixtures_dir, fake, seed, ...)."""
    return {}


@pytest.fixture(scope="session")
def saas_emulator_server(saas_emulator_options: dict[str, Any]) -> Iterator[EmulatorServer]:
    server = EmulatorServer(**saas_emulator_options).start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def saas_emulator(saas_emulator_server: EmulatorServer) -> Iterator[EmulatorServer]:
    saas_emulator_server.reset()
    yield saas_emulator_server


@pytest.fixture
def saas_tenant(saas_emulator: EmulatorServer) -> Iterator[Any]:
    """A factory of fresh isolated accounts: `account = saas_tenant("essentials")` gives
    {"api", "tenant", "base_url", "users": [...credentials]}; they are dropped after the test."""
    made: list[dict] = []

    def new(api: str, template: str | None = None) -> dict:
        account = saas_emulator.control.new_tenant(api, template)
        made.append(account)
        return account

    yield new
    for account in made:
        saas_emulator.emulator.drop_tenant(account["api"], account["tenant"])


@pytest.fixture
def saas_frozen_clock(saas_emulator: EmulatorServer) -> Iterator[ClockControl]:
    """The global clock, frozen at SAAS_FROZEN_AT; `.advance("1h")`, `.set(...)`; real time after."""
    clock = saas_emulator.control.clock
    clock.freeze(SAAS_FROZEN_AT)
    yield clock
    clock.real()


@pytest.fixture
def saas_faults(saas_emulator: EmulatorServer) -> Iterator[FaultControl]:
    """Fault rules for this test: `.add("status", status=503, api="essentials", times=1)`."""
    yield saas_emulator.control.faults
    saas_emulator.control.faults.clear()
