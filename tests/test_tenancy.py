"""Tenancy: each credential belongs to one account, and an account never sees another's data.

Three accounts: the two fixture businesses (Acme Retail and Bistro Verde) and one made through
the control API from Acme's fixtures.  Checked through the API and directly in the store.
"""
from __future__ import annotations

import json

import pytest
import requests

from emulator.testing import EmulatorServer

from .support import ADMIN, BISTRO, ESSENTIALS, ROOT, bearer, message_texts, post_message

FIXTURES = {p.stem: json.loads(p.read_text()) for p in sorted((ROOT / "fixtures" / "essentials").glob("*.json"))}


@pytest.fixture
def base(emu: EmulatorServer) -> str:
    return emu.url + ESSENTIALS


@pytest.fixture
def made(emu: EmulatorServer) -> dict:
    """A tenant made from business 1's fixtures: {"tenant", "token", "key", "secret"}."""
    info = emu.control.new_tenant("essentials", template="1")
    admin = next(u for u in info["users"] if u["user_id"] == 1)
    return {"tenant": info["tenant"], "token": admin["token"], "key": admin["api_key"],
            "secret": admin["api_secret"]}


def todo_tasks(http: requests.Session, base: str, token: str) -> set[str]:
    resp = http.get(base + "/todos", params={"per_page": 100}, headers=bearer(token), timeout=30)
    if resp.status_code == 404 and "could not be found" in resp.text:
        pytest.skip("GET /todos is not routed yet")
    assert resp.status_code == 200, resp.text
    return {t["task"] for t in resp.json()["data"]}


def test_each_fixture_business_sees_its_own_fixture_records(http, base, made) -> None:
    acme = {t["task"] for t in FIXTURES["1"]["tables"]["todos"]}
    bistro = {t["task"] for t in FIXTURES["2"]["tables"]["todos"]}
    assert acme and bistro and not acme & bistro
    assert todo_tasks(http, base, ADMIN) == acme
    assert todo_tasks(http, base, BISTRO) == bistro
    assert todo_tasks(http, base, made["token"]) == acme  # a copy of Acme's, not Acme's own


def test_writes_stay_in_the_account_that_made_them(emu: EmulatorServer, http, base, made) -> None:
    tokens = {"1": ADMIN, "2": BISTRO, made["tenant"]: made["token"]}
    for tenant, token in tokens.items():
        post_message(http, base, token, f"written by {tenant}")
    written = {f"written by {t}" for t in tokens}
    for tenant, token in tokens.items():
        seen = set(message_texts(http, base, token)) & written
        assert seen == {f"written by {tenant}"}, tenant
        # and in the store: the record is in that tenant's tables only
        stored = {m["message"] for m in emu.emulator.store.tenant("essentials", tenant).table("messages")}
        assert stored & written == {f"written by {tenant}"}, tenant


def test_another_accounts_record_cannot_be_read_changed_or_deleted_by_id(http, base, made) -> None:
    created = http.post(base + "/todos", json={"task": "Acme only", "date": "01/15/2026 10:00"},
                        headers=bearer(ADMIN), timeout=30)
    if created.status_code == 404 and "could not be found" in created.text:
        pytest.skip("POST /todos is not routed yet")
    assert created.status_code == 201, created.text
    todo_id = created.json()["data"]["id"]
    url = f"{base}/todos/{todo_id}"
    assert todo_id > len(FIXTURES["2"]["tables"]["todos"])  # an id the other accounts do not have
    for token in (BISTRO, made["token"]):
        assert http.get(url, headers=bearer(token), timeout=30).status_code == 404
        assert http.patch(url, json={"task": "taken"}, headers=bearer(token), timeout=30).status_code == 404
        assert http.delete(url, headers=bearer(token), timeout=30).status_code == 404
    mine = http.get(url, headers=bearer(ADMIN), timeout=30)
    assert mine.status_code == 200 and mine.json()["data"]["task"] == "Acme only"


def test_credentials_do_not_mix_across_accounts(http, base, made) -> None:
    acme, bistro = FIXTURES["1"]["credentials"][1], FIXTURES["2"]["credentials"][1]
    assert acme["kind"] == bistro["kind"] == "key"

    def with_key(key: str, secret: str) -> int:
        return http.get(base + "/dashboard", timeout=30, headers={
            "X-EPOS-API-Key": key, "X-EPOS-API-Secret": secret, "Accept": "application/json"}).status_code

    assert with_key(acme["value"], acme["secret"]) == 200
    assert with_key(acme["value"], bistro["secret"]) == 401
    assert with_key(made["key"], made["secret"]) == 200
    assert with_key(made["key"], acme["secret"]) == 401  # a clone's key keeps its own secret
    assert with_key(acme["value"], made["secret"]) == 401


def test_the_dashboard_counts_only_the_callers_account(emu: EmulatorServer, http, base, made) -> None:
    def counts(token: str) -> dict:
        resp = http.get(base + "/dashboard", headers=bearer(token), timeout=30)
        assert resp.status_code == 200, resp.text
        return resp.json()["data"]["counts"]

    acme, bistro, clone = counts(ADMIN), counts(BISTRO), counts(made["token"])
    assert acme == clone and acme != bistro
    # a record added straight to the clone's store shows in the clone's counts only
    emu.emulator.store.tenant("essentials", made["tenant"]).table("reminders").insert(
        {"business_id": 1, "user_id": 1, "name": "clone only", "date": "2026-01-20", "time": "09:00:00",
         "end_time": None, "repeat": "one_time"})
    assert counts(made["token"])["reminders"] == acme["reminders"] + 1
    assert counts(ADMIN) == acme and counts(BISTRO) == bistro


def test_tenant_state_is_never_shared_in_memory(emu: EmulatorServer) -> None:
    """A made tenant is a deep copy: changing its nested data leaves the fixtures and Acme alone."""
    store = emu.emulator.store
    a = emu.control.new_tenant("essentials", template="1")["tenant"]
    acme_todo = store.tenant("essentials", "1").table("todos").get(1)
    store.tenant("essentials", a).table("todos").update(1, {"task": "clone's", "assigned_user_ids": [4]})
    raw = store.tenant("essentials", a).table("todos").scan()
    for rec in raw:
        if isinstance(rec.get("assigned_user_ids"), list):
            rec["assigned_user_ids"].append(99)  # even an in-place change to raw storage
    assert store.tenant("essentials", "1").table("todos").get(1) == acme_todo
    b = emu.control.new_tenant("essentials", template="1")["tenant"]
    # the clone is business <b>: same records, its own business id
    assert store.tenant("essentials", b).table("todos").get(1) == {**acme_todo, "business_id": int(b)}
    assert store.tenant("essentials", a).db is not store.tenant("essentials", b).db


def test_the_old_accounts_credentials_do_not_see_a_new_accounts_records(emu: EmulatorServer, http, base,
                                                                       made) -> None:
    post_message(http, base, made["token"], "clone's message")
    for token in (ADMIN, BISTRO):
        assert "clone's message" not in message_texts(http, base, token)
    # the journal attributes each call to its account
    tenants = {e["tenant"] for e in emu.control.journal(path="/messages", method="GET")}
    assert tenants == {"1", "2"}
