"""pytest fixtures for your own test suite (installed as a pytest11 entry point).

    def test_my_client_lists_todos(saas_emulator):
        client = MyClient(base_url=saas_emulator.base_url("essentials"), token="...")
        ...

`saas_emulator_server` is one in-process emulator per test session on a free loopback port;
`saas_emulator` is the same server, reset to its fixtures (and with an empty journal) before
each test.  Override `saas_emulator_options` in your conftest.py to pass create_app options:

    @pytest.fixture(scope="session")
    def saas_emulator_options():
        return {"apis": ["essentials"], "fake": 50, "seed": 1}
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .testing import EmulatorServer


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
