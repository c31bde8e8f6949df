"""Essentials clients: `ess` is the business-1 admin; `ess.as_("cashier")` another fixture user."""
from __future__ import annotations

import pytest

from contract_tests.client import Api

# fixture users (fixtures/essentials/1.json and 2.json) and their bearer tokens
TOKENS = {
    "admin": "essentials-admin-token",          # business 1, role Admin#1 (business admin)
    "manager": "essentials-manager-token",      # business 1, Manager#1: all todo perms + messages, location 1
    "cashier": "essentials-cashier-token",      # business 1, Cashier#1: add/edit todos, view_message, location 2
    "viewer": "essentials-viewer-token",        # business 1, Viewer#1: no Essentials permissions
    "superadmin": "essentials-superadmin-token",  # business 1, platform superadmin, no role
    "dana": "essentials-dana-token",            # business 1, roles Viewer#1 (4) then Cashier#1 (3)
    "bistro": "essentials-bistro-owner-token",  # business 2 admin (d/m/Y, 12-hour times)
    "waiter": "essentials-bistro-waiter-token",  # business 2, add_todos + messages
}
USER_IDS = {"admin": 1, "manager": 2, "cashier": 3, "viewer": 4, "superadmin": 5, "dana": 6}


class Essentials(Api):
    def as_(self, user: str) -> Essentials:
        c = Essentials(self.base_url, {**self.headers, "Authorization": f"Bearer {TOKENS[user]}"}, self.session)
        return c

    def anon(self) -> Essentials:
        return Essentials(self.base_url, {"Accept": "application/json"}, self.session)


@pytest.fixture
def ess(emulator_url: str) -> Essentials:
    """The Essentials API at /api/v1/integration/essentials as the business-1 admin."""
    base = emulator_url + "/essentials/api/v1/integration/essentials"
    return Essentials(base, {"Accept": "application/json"}).as_("admin")


@pytest.fixture
def gate(control):
    """Change business settings (module gate, demo mode, formats) through the control API."""
    def set_(tenant: str = "1", **settings):
        return control.settings("essentials", tenant, **settings)
    return set_
