"""ProWorkflow test fixtures: the domain-layer ones (model_support.py); phase B adds HTTP clients."""
from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime

import pytest

from contract_tests.client import Api
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


# -- through HTTP ---------------------------------------------------------------------------------
ACME_KEY = "A1C2-M3E4-S5T6-D7P8-PWFACME-STANDARD"
GLOBEX_KEY = "G1L2-O3B4-E5X6-A7D8-PWFGLBX-ADVANCED"
# fixture logins (fixtures/proworkflow/*.json): who -> (API key, username)
USERS = {
    "alice": ACME_KEY, "peter": ACME_KEY, "tina": ACME_KEY, "carl": ACME_KEY, "cora": ACME_KEY, "dan": ACME_KEY,
    "connie": ACME_KEY, "grace": GLOBEX_KEY, "hank": GLOBEX_KEY, "ivy": GLOBEX_KEY, "jack": GLOBEX_KEY,
    "kim": GLOBEX_KEY, "leo": GLOBEX_KEY,
}


def basic(login: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()


class Pwf(Api):
    """A ProWorkflow client as a real one is configured: a base URL, an API key and a login."""

    def as_(self, who: str) -> Pwf:
        return Pwf(self.base_url, {"apikey": USERS[who], "Authorization": basic(who, f"{who}-pass")}, self.session)

    def bare(self) -> Pwf:
        return Pwf(self.base_url, {}, self.session)


@pytest.fixture
def pwf(emulator_url: str, control) -> Iterator[Pwf]:
    """http://<emulator>/proworkflow as Alice (acme, Standard plan, Super User), with the emulator's
    clock frozen at the fixtures' "today" (2025-03-14T12:00:00Z)."""
    control.clock.freeze(NOW.isoformat().replace("+00:00", "Z"))
    yield Pwf(emulator_url + "/proworkflow").as_("alice")
    control.clock.real()


@pytest.fixture
def account(control):
    """Change an account's settings (plan, ratelimit, ...) through the control API."""
    def set_(tenant: str = "acme", **settings):
        return control.settings("proworkflow", tenant, **settings)
    return set_
