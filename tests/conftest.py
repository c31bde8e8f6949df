"""Fixtures for the core's own tests (a test root of its own: contract_tests' autouse reset is not here).

`server` is one in-process emulator per session; `emu` is that server reset to its fixtures, with
an empty journal and no saved snapshots, for tests that need a known starting state.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
import requests

from emulator.testing import EmulatorServer


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Two tests with one node id are one test to pytest-xdist (`make test` runs on every core): the
    second would silently not run.  Refuse such a collection instead."""
    seen: set[str] = set()
    repeated = sorted({item.nodeid for item in items if item.nodeid in seen or seen.add(item.nodeid)})
    if repeated:
        raise pytest.UsageError(f"{len(repeated)} node ids name more than one test, e.g. {repeated[:3]}")


@pytest.fixture(scope="session")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer() as srv:
        yield srv


@pytest.fixture
def emu(server: EmulatorServer) -> EmulatorServer:
    server.reset()
    server.emulator.store.snapshots.clear()
    return server


@pytest.fixture(scope="session")
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session
