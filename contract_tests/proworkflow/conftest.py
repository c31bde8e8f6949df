"""ProWorkflow test fixtures: the domain-layer ones (model_support.py); phase B adds HTTP clients."""
from __future__ import annotations

from datetime import datetime

import pytest

from emulator.core import clock

from .model_support import NOW, Accounts


@pytest.fixture
def now(monkeypatch: pytest.MonkeyPatch) -> list[datetime]:
    """The emulator's clock, frozen at NOW; tests may move it (now[0] = ...)."""
    at = [NOW]
    monkeypatch.setattr(clock, "now", lambda: at[0])
    return at


@pytest.fixture
def accounts(now: list[datetime]) -> Accounts:
    return Accounts()
