"""ZeyOS clients: `zey` is the demo instance's admin at the server root (`/demo/api/v1`), as the
official client builds it from the platform URL `http://host:port/demo`; `zey.as_("guest")` is
another fixture user, `zey.anon()` sends no credential."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from contract_tests.client import Api

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zeyos"
DEMO = json.loads((FIXTURES / "demo.json").read_text())
ACME = json.loads((FIXTURES / "acme.json").read_text())
NAMES = {1: "admin", 2: "max", 3: "john", 4: "guest", 5: "nopublic"}
# fixture users (fixtures/zeyos/demo.json) and their ready tokens
TOKENS = {NAMES[c["user_id"]]: c["value"] for c in DEMO["credentials"] if c["kind"] == "token"}
SESSIONS = {NAMES[c["user_id"]]: c["value"] for c in DEMO["credentials"] if c["kind"] == "session"}
ACME_ADMIN = next(c["value"] for c in ACME["credentials"] if c["kind"] == "token" and c["user_id"] == 1)
APPSECRET = DEMO["tables"]["applications"][0]["secret"]


class Zeyos(Api):
    def as_(self, user: str) -> Zeyos:
        return Zeyos(self.base_url, {**self.headers, "Authorization": f"Bearer {TOKENS[user]}"}, self.session)

    def anon(self) -> Zeyos:
        return Zeyos(self.base_url, {k: v for k, v in self.headers.items() if k != "Authorization"}, self.session)

    def with_headers(self, headers: dict[str, str | None]) -> Zeyos:
        merged = {**self.headers, **headers}
        return Zeyos(self.base_url, {k: v for k, v in merged.items() if v is not None}, self.session)

    def at(self, base_url: str) -> Zeyos:
        return Zeyos(base_url, self.headers, self.session)

    def list(self, entity: str, body: dict | None = None, **kw):
        return self.post(f"/{entity}", json=body or {}, **kw)


@pytest.fixture
def zey(emulator_url: str) -> Zeyos:
    return Zeyos(emulator_url + "/demo/api/v1").as_("admin")


@pytest.fixture
def auth(emulator_url: str) -> Api:
    """The demo instance's Auth API, with no credential."""
    return Api(emulator_url + "/demo/auth/v1")


def assert_text_error(resp, status: int, text: str | None = None) -> None:
    """ZeyOS's errors: the status, a text/plain body (the seed's words when given)."""
    assert resp.status_code == status, (resp.status_code, resp.text[:300])
    assert resp.headers["Content-Type"].startswith("text/plain"), resp.headers.get("Content-Type")
    if text is not None:
        assert resp.text == text

