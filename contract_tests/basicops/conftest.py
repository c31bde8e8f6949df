"""BasicOps clients, configured as a real client is: a base URL (…/basicops/v1) and a bearer token.

`bo` is testco's Alex Jackson (user 38); `bo.as_("tim")` another fixture user; `bo.anon()` none.
API keys come from the control API's credentials listing (fixtures/basicops/*.json).
"""
from __future__ import annotations

import json
import urllib.parse
from typing import Any

import pytest

from contract_tests.client import Api
from emulator.testing import ControlClient

USERS = {"tim": ("testco", 25), "alex": ("testco", 38), "maria": ("testco", 41), "sam": ("testco", 44),
         "hank": ("globex", 1), "homer": ("globex", 2)}
_KEYS: dict[str, dict[str, Any]] = {}


def credentials(control: ControlClient) -> dict[str, Any]:
    """Per account: base URL, users' API keys, OAuth apps (read once per emulator)."""
    if control.url not in _KEYS:
        listing = control.credentials()["basicops"]
        _KEYS[control.url] = {
            "base_url": listing["base_url"],
            "users": {(t["tenant"], u["user_id"]): u for t in listing["tenants"] for u in t["users"]},
        }
    return _KEYS[control.url]


class BasicOps(Api):
    keys: dict[str, Any] = {}

    def as_(self, user: str) -> BasicOps:
        key = self.keys["users"][USERS[user]]["api_key"]
        client = BasicOps(self.base_url, {**self.headers, "Authorization": f"Bearer {key}"}, self.session)
        client.keys = self.keys
        return client

    def with_headers(self, headers: dict[str, str | None]) -> BasicOps:
        merged = {**self.headers, **headers}
        client = BasicOps(self.base_url, {k: v for k, v in merged.items() if v is not None}, self.session)
        client.keys = self.keys
        return client

    def anon(self) -> BasicOps:
        client = BasicOps(self.base_url, {k: v for k, v in self.headers.items() if k != "Authorization"}, self.session)
        client.keys = self.keys
        return client

    def data(self, method: str, path: str, status: int = 200, **kwargs: Any) -> Any:
        """The `data` of a successful answer (asserting the status and the envelope)."""
        resp = self.request(method, path, **kwargs)
        assert resp.status_code == status, (resp.status_code, resp.text[:500])
        assert resp.headers["Content-Type"].startswith("application/json")
        body = resp.json()
        assert body["success"] is True, body
        return body.get("data")


@pytest.fixture
def bo(emulator_url: str, control: ControlClient) -> BasicOps:
    client = BasicOps(emulator_url + "/basicops/v1")
    client.keys = credentials(control)
    return client.as_("alex")


@pytest.fixture
def settings(control: ControlClient):
    """Change an account's settings through the control API."""
    def set_(tenant: str = "testco", **changes: Any) -> dict:
        return control.settings("basicops", tenant, **changes)
    return set_


class Deliveries:
    """The control API's webhook delivery log."""

    def __init__(self, control: ControlClient) -> None:
        self.control = control

    def list(self, **filters: Any) -> list[dict]:
        query = urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
        return self.control._call("GET", "/webhooks/deliveries" + (f"?{query}" if query else ""))["deliveries"]

    def wait(self, count: int = 1, timeout: float = 5, **filters: Any) -> list[dict]:
        return self.list(wait=timeout, count=count, **filters)

    def clear(self) -> None:
        self.control._call("DELETE", "/webhooks/deliveries")


@pytest.fixture
def frozen(control: ControlClient):
    """testco's clock frozen at 2026-03-01 12:00 UTC for the test, then real again."""
    clock = control.clock.for_tenant("basicops", "testco")
    clock.freeze("2026-03-01T12:00:00Z")
    yield clock
    clock.real()


@pytest.fixture
def deliveries(control: ControlClient) -> Deliveries:
    log = Deliveries(control)
    log.clear()
    return log


def error_of(resp: Any, status: int, fragment: str = "") -> str:
    """The error text of a BasicOps error answer with this status."""
    assert resp.status_code == status, (resp.status_code, resp.text[:500])
    assert resp.headers["Content-Type"].startswith("application/json")
    body = json.loads(resp.text)
    assert body["success"] is False and set(body) == {"success", "error"}, body
    assert fragment in body["error"], body["error"]
    return body["error"]
