"""pytest fixtures for your own test suite (installed as a pytest11 entry point).

    def test_my_client_lists_todos(saas_emulator):
        client = MyClient(base_url=saas_emulator.base_url("essentials"), token="...")
        ...

`saas_emulator_server` is one in-process emulator per test session on a free port;
`saas_emulator` is the same server, reset to its fixtures before each test.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest

from .testing import EmulatorServer


@pytest.fixture(scope="session")
def saas_emulator_server() -> Iterator[EmulatorServer]:
    server = EmulatorServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def saas_emulator(saas_emulator_server: EmulatorServer) -> Iterator[EmulatorServer]:
    saas_emulator_server.reset()
    yield saas_emulator_server
