"""Shared fixtures: one emulator per session (in-process, or EMULATOR_URL), reset before each test."""
from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from emulator.testing import ControlClient, EmulatorServer


@pytest.fixture(scope="session")
def emulator_url() -> Iterator[str]:
    url = os.environ.get("EMULATOR_URL")
    if url:
        yield url.rstrip("/")
        return
    with EmulatorServer() as server:
        yield server.url


@pytest.fixture(scope="session")
def control(emulator_url: str) -> ControlClient:
    return ControlClient(emulator_url)


@pytest.fixture(autouse=True)
def _fresh_state(request: pytest.FixtureRequest) -> None:
    """Every contract test starts from the fixtures (tests that need no server skip this)."""
    if "no_emulator" in request.keywords:
        return
    ctl = request.getfixturevalue("control")
    ctl.reset()
    ctl.clear_journal()
