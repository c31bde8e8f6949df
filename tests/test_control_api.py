"""The control API under /_emulator/, through HTTP: health, reset, snapshots, tenants, settings,
credentials and the journal, and that its errors (and every other error) are JSON, never HTML."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
import requests

from emulator import __version__, create_app
from emulator.testing import EmulatorServer

from .support import ADMIN, BISTRO, ESSENTIALS, ROOT, bearer, message_texts, post_message

FIXTURES = {p.stem: json.loads(p.read_text()) for p in sorted((ROOT / "fixtures" / "essentials").glob("*.json"))}


def fixture_counts(tenant: str) -> dict[str, int]:
    return {name: len(rows) for name, rows in FIXTURES[tenant]["tables"].items()}


class Control:
    """The control API as raw HTTP (the ControlClient is tested by using it elsewhere)."""

    def __init__(self, http: requests.Session, url: str) -> None:
        self.http, self.url = http, url

    def __call__(self, method: str, path: str, **kw) -> requests.Response:
        resp = self.http.request(method, self.url + "/_emulator" + path, timeout=30, allow_redirects=False, **kw)
        if resp.status_code == 204:
            assert resp.content == b"" and "Content-Type" not in resp.headers
        else:
            assert resp.headers["Content-Type"].startswith("application/json"), resp.text[:200]
        return resp


@pytest.fixture
def ctl(emu: EmulatorServer, http: requests.Session) -> Control:
    return Control(http, emu.url)


@pytest.fixture
def base(emu: EmulatorServer) -> str:
    return emu.url + ESSENTIALS


def counts(ctl: Control, tenant: str) -> dict[str, int]:
    return ctl("GET", "/health").json()["apis"]["essentials"]["tenants"][tenant]


def dashboard(http: requests.Session, base: str, token: str) -> requests.Response:
    return http.get(base + "/dashboard", headers=bearer(token), timeout=30)


def new_tenant(ctl: Control, **body) -> dict:
    resp = ctl("POST", "/tenants", json={"api": "essentials", **body})
    assert resp.status_code == 201, resp.text
    return resp.json()


def token_of(info: dict, user_id: int = 1) -> str:
    return next(u["token"] for u in info["users"] if u["user_id"] == user_id)


# -- health ------------------------------------------------------------------------------------

def test_health_reports_version_apis_and_record_counts(ctl: Control) -> None:
    body = ctl("GET", "/health").json()
    assert body["status"] == "ok" and body["version"] == __version__
    assert body["persistent"] is False
    ess = body["apis"]["essentials"]
    assert ess["mount"] == "/essentials"
    assert set(ess["tenants"]) == set(FIXTURES)
    for tenant in FIXTURES:
        assert ess["tenants"][tenant] == fixture_counts(tenant)


def test_health_counts_follow_writes_and_new_tenants(ctl: Control, http, base) -> None:
    before = counts(ctl, "1")["messages"]
    post_message(http, base, ADMIN, "counted")
    assert counts(ctl, "1")["messages"] == before + 1
    assert counts(ctl, "2") == fixture_counts("2")
    info = new_tenant(ctl)
    assert counts(ctl, info["tenant"]) == fixture_counts("1")


# -- reset -------------------------------------------------------------------------------------

def _dirty(ctl: Control, http, base) -> dict:
    post_message(http, base, ADMIN, "in business 1")
    post_message(http, base, BISTRO, "in business 2")
    ctl("PATCH", "/tenants/essentials/1/settings", json={"name": "Renamed"})
    return new_tenant(ctl)


@pytest.mark.parametrize("how", [{}, {"json": {}}, {"json": {"api": "essentials"}},
                                 {"params": {"api": "essentials"}}],
                         ids=["no-body", "empty-body", "one-api", "query-string"])
def test_reset_everything_or_one_api(ctl: Control, http, base, how) -> None:
    extra = _dirty(ctl, http, base)
    resp = ctl("POST", "/reset", **how)
    assert resp.status_code == 200
    assert sorted(r for r in resp.json()["reset"] if r.startswith("essentials/")) == ["essentials/1", "essentials/2"]
    health = ctl("GET", "/health").json()["apis"]["essentials"]["tenants"]
    assert health == {t: fixture_counts(t) for t in FIXTURES}  # the made tenant is gone
    assert dashboard(http, base, token_of(extra)).status_code == 401
    assert ctl("GET", "/tenants/essentials/1/settings").json()["settings"]["name"] == "Acme Retail"


@pytest.mark.parametrize("tenant", ["2", 2])
def test_reset_one_tenant(ctl: Control, http, base, tenant) -> None:
    extra = _dirty(ctl, http, base)
    resp = ctl("POST", "/reset", json={"api": "essentials", "tenant": tenant})
    assert resp.status_code == 200 and resp.json()["reset"] == ["essentials/2"]
    assert counts(ctl, "2") == fixture_counts("2")
    assert "in business 2" not in message_texts(http, base, BISTRO)
    assert "in business 1" in message_texts(http, base, ADMIN)  # the others keep their state
    assert dashboard(http, base, token_of(extra)).status_code == 200


def test_reset_a_made_tenant_goes_back_to_its_template_and_keeps_its_credentials(ctl: Control, http, base) -> None:
    info = new_tenant(ctl, template="2")
    token = token_of(info)
    post_message(http, base, token, "made tenant's own")
    resp = ctl("POST", "/reset", json={"api": "essentials", "tenant": info["tenant"]})
    assert resp.status_code == 200 and resp.json()["reset"] == [f"essentials/{info['tenant']}"]
    assert counts(ctl, info["tenant"]) == fixture_counts("2")
    assert "made tenant's own" not in message_texts(http, base, token)  # the token still works


@pytest.mark.parametrize("body, status", [
    ({"api": "nosuch"}, 400),
    ({"api": ["essentials"]}, 400),
    ({"api": {"name": "essentials"}}, 400),
    ({"api": 7}, 400),
    ({"api": ""}, 400),
    ({"tenant": "1"}, 400),
    ({"api": "essentials", "tenant": {"id": 1}}, 400),
    ({"api": "essentials", "tenant": "99"}, 404),
])
def test_reset_errors(ctl: Control, body, status) -> None:
    resp = ctl("POST", "/reset", json=body)
    assert resp.status_code == status
    assert resp.json()["status"] == status and resp.json()["error"]


# -- snapshots ---------------------------------------------------------------------------------

def test_snapshots_save_list_restore_delete(ctl: Control, http, base) -> None:
    assert ctl("GET", "/snapshots").json() == {"snapshots": []}
    assert ctl("PUT", "/snapshots/base").status_code == 201
    assert ctl("POST", "/snapshots", json={"name": "also base"}).status_code == 201
    assert ctl("GET", "/snapshots").json() == {"snapshots": ["also base", "base"]}

    post_message(http, base, ADMIN, "after the snapshot")
    extra = new_tenant(ctl)
    ctl("PATCH", "/tenants/essentials/2/settings", json={"name": "Bistro Rosso"})
    assert ctl("PUT", "/snapshots/later").status_code == 201

    resp = ctl("POST", "/snapshots/base/restore")
    assert resp.status_code == 200 and resp.json() == {"restored": "base"}
    assert "after the snapshot" not in message_texts(http, base, ADMIN)
    assert dashboard(http, base, token_of(extra)).status_code == 401
    assert ctl("GET", "/tenants/essentials/2/settings").json()["settings"]["name"] == "Bistro Verde"

    # a snapshot holds made tenants too, credentials and all
    assert ctl("POST", "/snapshots/later/restore").status_code == 200
    assert "after the snapshot" in message_texts(http, base, ADMIN)
    assert dashboard(http, base, token_of(extra)).status_code == 200

    assert ctl("DELETE", "/snapshots/base").status_code == 204
    assert ctl("GET", "/snapshots").json() == {"snapshots": ["also base", "later"]}
    assert ctl("DELETE", "/snapshots/base").status_code == 404
    assert ctl("POST", "/snapshots/base/restore").status_code == 404


def test_a_snapshot_survives_reset_and_is_unchanged_by_later_writes(ctl: Control, http, base) -> None:
    ctl("PUT", "/snapshots/s")
    post_message(http, base, ADMIN, "not in s")
    ctl("POST", "/reset")
    post_message(http, base, ADMIN, "not in s either")
    ctl("POST", "/snapshots/s/restore")
    texts = message_texts(http, base, ADMIN)
    assert "not in s" not in texts and "not in s either" not in texts
    assert counts(ctl, "1") == fixture_counts("1")


@pytest.mark.parametrize("body", [{}, {"name": ""}, {"name": 5}, {"name": ["x"]}, None])
def test_saving_a_snapshot_needs_a_name(ctl: Control, body) -> None:
    resp = ctl("POST", "/snapshots", json=body)
    assert resp.status_code == 400 and "name" in resp.json()["error"]


# -- tenants -----------------------------------------------------------------------------------

def test_a_new_tenant_has_its_own_working_credentials(ctl: Control, emu: EmulatorServer, http, base) -> None:
    info = new_tenant(ctl)
    assert info["api"] == "essentials" and info["tenant"] not in FIXTURES
    assert info["base_url"] == emu.url + "/essentials/api"
    fixture_values = {c["value"] for doc in FIXTURES.values() for c in doc["credentials"]}
    users = {u["user_id"]: u for u in info["users"]}
    assert set(users) == {c["user_id"] for c in FIXTURES["1"]["credentials"]}
    for user in users.values():
        assert user["token"] not in fixture_values
        assert user.get("api_key") not in fixture_values
    admin = users[1]
    assert dashboard(http, base, admin["token"]).status_code == 200
    by_key = http.get(base + "/dashboard", timeout=30, headers={
        "X-EPOS-API-Key": admin["api_key"], "X-EPOS-API-Secret": admin["api_secret"]})
    assert by_key.status_code == 200
    # the fixture's own credentials still reach the fixture tenant, not the new one, which is a
    # business of its own with the same records
    fixture_view, new_view = dashboard(http, base, ADMIN).json(), dashboard(http, base, admin["token"]).json()
    assert fixture_view["meta"]["business_id"] == 1
    assert new_view["meta"] == {"business_id": int(info["tenant"]), "is_admin": True}
    assert new_view["data"] == fixture_view["data"]
    assert ctl("GET", "/tenants").json()["tenants"][-1]["tenant"] == info["tenant"]


def test_tenants_made_from_a_template_start_from_its_fixtures(ctl: Control, http, base) -> None:
    info = new_tenant(ctl, template="2")
    assert counts(ctl, info["tenant"]) == fixture_counts("2")
    assert dashboard(http, base, token_of(info)).json()["data"] == dashboard(http, base, BISTRO).json()["data"]


def test_two_new_tenants_are_distinct(ctl: Control) -> None:
    a, b = new_tenant(ctl), new_tenant(ctl)
    assert a["tenant"] != b["tenant"]
    assert {token_of(a)} & {token_of(b)} == set()


def test_a_new_tenant_sees_only_its_own_records(ctl: Control, http, base) -> None:
    info = new_tenant(ctl)
    token = token_of(info)
    post_message(http, base, token, "new tenant only")
    post_message(http, base, ADMIN, "fixture tenant only")
    mine, theirs = message_texts(http, base, token), message_texts(http, base, ADMIN)
    assert "new tenant only" in mine and "fixture tenant only" not in mine
    assert "fixture tenant only" in theirs and "new tenant only" not in theirs
    assert "new tenant only" not in message_texts(http, base, BISTRO)


def test_dropping_a_tenant(ctl: Control, http, base) -> None:
    info = new_tenant(ctl)
    assert ctl("DELETE", f"/tenants/essentials/{info['tenant']}").status_code == 204
    assert dashboard(http, base, token_of(info)).status_code == 401
    assert info["tenant"] not in ctl("GET", "/health").json()["apis"]["essentials"]["tenants"]
    assert ctl("DELETE", f"/tenants/essentials/{info['tenant']}").status_code == 404


@pytest.mark.parametrize("body, status", [
    ({}, 400),
    ({"api": "nosuch"}, 400),
    ({"api": ["essentials"]}, 400),
    ({"api": "essentials", "template": "99"}, 404),
    ({"api": "essentials", "template": ["1"]}, 400),
])
def test_tenant_creation_errors(ctl: Control, body, status) -> None:
    resp = ctl("POST", "/tenants", json=body)
    assert resp.status_code == status and resp.json()["error"]
    assert set(ctl("GET", "/health").json()["apis"]["essentials"]["tenants"]) == set(FIXTURES)


# -- settings ----------------------------------------------------------------------------------

def test_settings_get_and_patch(ctl: Control, http, base) -> None:
    got = ctl("GET", "/tenants/essentials/1/settings").json()
    assert got["api"] == "essentials" and got["tenant"] == "1"
    assert got["settings"] == FIXTURES["1"]["settings"]
    resp = ctl("PATCH", "/tenants/essentials/1/settings", json={"name": "Acme Two", "demo_mode": True})
    assert resp.status_code == 200
    assert resp.json()["settings"] == {**FIXTURES["1"]["settings"], "name": "Acme Two", "demo_mode": True}
    assert ctl("GET", "/tenants/essentials/1/settings").json()["settings"]["demo_mode"] is True
    # the API obeys the change (demo mode refuses writes), in that tenant only
    refused = http.post(base + "/messages", json={"message": "x"}, headers=bearer(ADMIN), timeout=30)
    assert refused.status_code == 403
    assert ctl("GET", "/tenants/essentials/2/settings").json()["settings"]["demo_mode"] is False


def test_settings_of_a_new_tenant_are_its_own(ctl: Control) -> None:
    info = new_tenant(ctl)
    ctl("PATCH", f"/tenants/essentials/{info['tenant']}/settings", json={"name": "Clone"})
    assert ctl("GET", "/tenants/essentials/1/settings").json()["settings"]["name"] == "Acme Retail"


@pytest.mark.parametrize("body", [
    {"no_such_setting": 1},
    {"name": "ok", "typo": True},
    {"name": 5},
    {"demo_mode": "yes"},
    {"demo_mode": 1},
    {"todo_ref_count": True},
    {"todo_ref_count": "3"},
    {"essentials_settings": ["x"]},
    {"name": None},
    {},
    [],
    "name",
])
def test_bad_settings_are_refused(ctl: Control, body) -> None:
    resp = ctl("PATCH", "/tenants/essentials/1/settings", json=body)
    assert resp.status_code == 400 and resp.json()["error"]
    assert ctl("GET", "/tenants/essentials/1/settings").json()["settings"] == FIXTURES["1"]["settings"]


def test_settings_body_that_is_not_json(ctl: Control) -> None:
    resp = ctl("PATCH", "/tenants/essentials/1/settings", data=b"{name: x",
               headers={"Content-Type": "application/json"})
    assert resp.status_code == 400


@pytest.mark.parametrize("path", ["/tenants/essentials/99/settings", "/tenants/nosuch/1/settings"])
def test_settings_of_an_unknown_tenant(ctl: Control, path) -> None:
    assert ctl("GET", path).status_code == 404
    assert ctl("PATCH", path, json={"name": "x"}).status_code == 404


# -- credentials -------------------------------------------------------------------------------

def test_credentials_give_base_url_and_every_fixture_users_credentials(ctl: Control, emu: EmulatorServer,
                                                                       http) -> None:
    body = ctl("GET", "/credentials").json()
    assert "essentials" in body  # beside every other API that is built
    ess = body["essentials"]
    assert ess["base_url"] == emu.url + "/essentials/api"
    tenants = {t["tenant"]: {u["user_id"]: u for u in t["users"]} for t in ess["tenants"]}
    assert set(tenants) == set(FIXTURES)
    for name, doc in FIXTURES.items():
        for cred in doc["credentials"]:
            user = tenants[name][cred["user_id"]]
            if cred["kind"] == "bearer":
                assert user["token"] == cred["value"]
            else:
                assert (user["api_key"], user["api_secret"]) == (cred["value"], cred["secret"])
            assert user["role"]
    assert "Admin" in tenants["1"][1]["role"]
    # the advertised base URL plus the documented path is what a client calls
    url = ess["base_url"] + "/v1/integration/essentials/dashboard"
    assert http.get(url, headers=bearer(tenants["1"][1]["token"]), timeout=30).status_code == 200


def test_credentials_include_new_tenants(ctl: Control) -> None:
    info = new_tenant(ctl)
    listed = {t["tenant"]: t for t in ctl("GET", "/credentials").json()["essentials"]["tenants"]}
    assert listed[info["tenant"]]["users"] == info["users"]


# -- journal -----------------------------------------------------------------------------------

def test_journal_records_and_filters(ctl: Control, http, base) -> None:
    dashboard(http, base, ADMIN)
    post_message(http, base, BISTRO, "journaled")
    http.get(base + "/no-such-thing", headers=bearer(ADMIN), timeout=30)
    dashboard(http, base, "wrong-token")
    ctl("GET", "/health")  # the control API itself is not journaled

    entries = ctl("GET", "/journal").json()
    assert entries["count"] == 4
    first, post, missing, denied = entries["entries"]
    assert (first["method"], first["path"], first["status"], first["api"], first["tenant"]) == (
        "GET", ESSENTIALS + "/dashboard", 200, "essentials", "1")
    assert isinstance(first["time"], float) and first["time"] <= post["time"]
    assert (post["method"], post["status"], post["tenant"]) == ("POST", 201, "2")
    assert missing["status"] == 404 and denied["status"] == 401 and denied["tenant"] is None
    assert [e["id"] for e in entries["entries"]] == sorted(e["id"] for e in entries["entries"])

    def paths(**params) -> list[str]:
        return [f"{e['method']} {e['path'].rsplit('/', 1)[-1]}"
                for e in ctl("GET", "/journal", params=params).json()["entries"]]

    assert paths(api="essentials") == ["GET dashboard", "POST messages", "GET no-such-thing", "GET dashboard"]
    assert paths(api="basicops") == []
    assert paths(method="post") == ["POST messages"]
    assert paths(method="GET", path="/dashboard") == ["GET dashboard", "GET dashboard"]
    assert paths(path="*/messages") == ["POST messages"]
    assert paths(path="/essentials/*/dash*") == ["GET dashboard", "GET dashboard"]
    assert paths(tenant="2") == ["POST messages"]
    assert paths(limit=1) == ["GET dashboard"]
    for bad in ("x", "-1", "0", "1.5"):  # a bad limit is a 400 that says why, never ignored
        resp = ctl("GET", "/journal", params={"limit": bad})
        assert resp.status_code == 400 and "limit" in resp.json()["error"], bad
    assert ctl("GET", "/journal", params={"status": "abc"}).status_code == 400

    assert ctl("DELETE", "/journal").status_code == 204
    assert ctl("GET", "/journal").json() == {"entries": [], "count": 0}


def test_journal_records_what_was_sent_and_answered(ctl: Control, http, base) -> None:
    """Issue 13: the request's headers (credentials masked) and body, the response's status, headers and
    body; a test can filter and count by body content, as WireMock's request matching does."""
    post_message(http, base, BISTRO, "hello journal")
    http.post(base + "/messages", json={"message": "second"}, headers={**bearer(BISTRO), "X-Trace": "t-1"},
              timeout=30)
    dashboard(http, base, ADMIN)
    entries = ctl("GET", "/journal", params={"body": "hello journal"}).json()["entries"]
    assert len(entries) == 1
    [entry] = entries
    request, response = entry["request"], entry["response"]
    assert request["headers"]["Authorization"] == "***"
    assert request["headers"]["Content-Type"] == "application/json"
    assert request["body"] == {"size": len(request["body"]["text"]), "truncated": False,
                               "text": '{"message": "hello journal"}'}
    assert response["status"] == 201 == entry["status"]
    assert response["headers"]["Content-Type"] == "application/json"
    assert json.loads(response["body"]["text"])["data"]["message"] == "hello journal"
    assert ctl("GET", "/journal", params={"body": "second"}).json()["entries"][0]["request"]["headers"][
        "X-Trace"] == "t-1"
    assert ctl("GET", "/journal", params={"body": "message", "method": "POST"}).json()["count"] == 2
    assert ctl("GET", "/journal", params={"status": 200}).json()["count"] == 1


def test_journal_cuts_long_bodies_and_stays_bounded_in_bytes() -> None:
    client = create_app(journal_size=100, journal_bytes=3_000, journal_part_bytes=100).test_client()
    long = "x" * 5000
    for _ in range(12):
        client.post(f"{ESSENTIALS}/messages", json={"message": long}, headers=bearer(ADMIN))
    entries = client.get("/_emulator/journal").get_json()["entries"]
    body = entries[-1]["request"]["body"]
    assert body["truncated"] is True and body["size"] > 5000 and len(body["text"]) == 100
    assert entries[-1]["response"]["body"]["truncated"] is True
    assert 0 < len(entries) < 12  # the byte bound evicted the oldest, though 100 entries were allowed
    assert entries[-1]["id"] == 12


def test_journal_keeps_only_the_last_n() -> None:
    client = create_app(journal_size=3).test_client()
    for i in range(5):
        client.get(f"{ESSENTIALS}/dashboard?i={i}", headers=bearer(ADMIN))
    entries = client.get("/_emulator/journal").get_json()["entries"]
    assert [e["query"] for e in entries] == ["i=2", "i=3", "i=4"]


# -- errors are JSON ---------------------------------------------------------------------------

CONTROL_CALLS = [("GET", "/health"), ("POST", "/reset"), ("GET", "/snapshots"), ("POST", "/snapshots"),
                 ("PUT", "/snapshots/x"), ("POST", "/snapshots/nope/restore"), ("DELETE", "/snapshots/nope"),
                 ("GET", "/tenants"), ("POST", "/tenants"), ("DELETE", "/tenants/essentials/99"),
                 ("PATCH", "/tenants/essentials/1/settings"), ("PUT", "/tenants/essentials/1/settings"),
                 ("GET", "/credentials"), ("GET", "/journal")]
BAD_BODIES = [b"", b"{", b"[]", b"null", b'"text"', b"\xff\xfe", b'{"api": {"x": []}, "name": {}}',
              b'{"api": "essentials", "tenant": [1], "template": null}', b"a=1&b=2"]


@pytest.mark.parametrize("method, path", CONTROL_CALLS, ids=[f"{m} {p}" for m, p in CONTROL_CALLS])
def test_bad_input_to_the_control_api_is_never_a_500(ctl: Control, method, path) -> None:
    for body in BAD_BODIES:
        for ctype in ("application/json", "application/x-www-form-urlencoded", "text/plain"):
            resp = ctl(method, path, data=body, headers={"Content-Type": ctype},
                       params={"api": "\x00", "tenant": "../..", "limit": "-5", "method": "%"})
            assert resp.status_code < 500, (body, ctype, resp.text)


@pytest.mark.parametrize("method, path, status", [
    ("GET", "/_emulator/nope", 404),
    ("GET", "/_emulator", 404),
    ("DELETE", "/_emulator/health", 405),
    ("GET", "/", 404),  # (any other first segment may be a ZeyOS instance at the root)
    ("POST", "/_emulator/health", 405),
])
def test_unknown_control_paths_and_methods_are_json(emu: EmulatorServer, http, method, path, status) -> None:
    resp = http.request(method, emu.url + path, timeout=30)
    assert resp.status_code == status
    assert resp.headers["Content-Type"] == "application/json"
    assert resp.json()["status"] == status and "<" not in resp.text
    if status == 405:
        assert "GET" in resp.headers["Allow"]


def test_unknown_api_paths_are_the_apis_own_json(emu: EmulatorServer, http) -> None:
    resp = http.get(emu.url + "/essentials/api/v1/nope", headers=bearer(ADMIN), timeout=30)
    assert resp.status_code == 404 and resp.headers["Content-Type"] == "application/json"
    assert "message" in resp.json()


def test_the_control_api_keeps_its_errors_when_an_api_is_at_the_root() -> None:
    client = create_app(apis=["essentials"], root_api="essentials").test_client()
    resp = client.get("/_emulator/nope")
    assert resp.status_code == 404 and resp.get_json()["status"] == 404
    assert client.get("/_emulator/health").status_code == 200
    api_miss = client.get("/api/v1/nope", headers=bearer(ADMIN))
    assert api_miss.status_code == 404 and "message" in api_miss.get_json()


def test_a_crash_is_a_json_500_in_the_callers_words(monkeypatch: pytest.MonkeyPatch) -> None:
    app = create_app()
    emu = app.extensions["emulator"]

    def boom(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(emu.journal, "query", boom)
    monkeypatch.setattr(emu.store.credentials, "find", boom)
    app.logger.disabled = True
    client = app.test_client()
    control = client.get("/_emulator/journal")
    assert control.status_code == 500 and control.get_json() == {"error": "Internal error", "status": 500}
    api = client.get(ESSENTIALS + "/dashboard", headers=bearer(ADMIN))
    assert api.status_code == 500 and api.get_json() == {"message": "Server Error"}
    assert "boom" not in api.get_data(as_text=True)


def test_the_control_client_speaks_the_same_api(emu: EmulatorServer) -> None:
    control = emu.control
    assert control.health()["version"] == __version__
    control.snapshot("a b")  # names are quoted into the path
    assert control.snapshots() == ["a b"]
    info = control.new_tenant("essentials", template="2")
    assert control.settings("essentials", info["tenant"])["name"] == "Bistro Verde"
    assert control.settings("essentials", info["tenant"], name="Other")["name"] == "Other"
    control.restore("a b")
    assert [t["tenant"] for t in control.tenants() if t["api"] == "essentials"] == sorted(FIXTURES)
    control.delete_snapshot("a b")
    assert control.snapshots() == []
    assert control.reset("essentials", "1") == ["essentials/1"]
    from emulator.testing import ControlError

    with pytest.raises(ControlError) as err:
        control.drop_tenant("essentials", "99")
    assert err.value.status == 404 and err.value.body["status"] == 404


def test_paths_under_fixtures_dir_are_read(tmp_path: Path) -> None:
    (tmp_path / "essentials").mkdir()
    doc = json.loads((ROOT / "fixtures" / "essentials" / "2.json").read_text())
    (tmp_path / "essentials" / "7.json").write_text(json.dumps(doc))
    client = create_app(fixtures_dir=tmp_path).test_client()
    assert list(client.get("/_emulator/health").get_json()["apis"]["essentials"]["tenants"]) == ["7"]
    assert client.get(ESSENTIALS + "/dashboard", headers=bearer(BISTRO)).status_code == 200


def test_reset_with_no_body_returns_everything_to_the_start_state(ctl: Control, emu: EmulatorServer, http,
                                                                  base) -> None:
    """Issue 13: one call resets the data (made tenants dropped), the clock (real time, no tenant
    clocks), the fault rules and the journal, as WireMock's and moto's resets do; snapshots stay."""
    made = new_tenant(ctl)
    post_message(http, base, ADMIN, "to be forgotten")
    ctl("POST", "/clock/freeze", json={"at": "2030-01-01T00:00:00Z"})
    ctl("POST", "/clock/freeze", json={"at": "2031-01-01T00:00:00Z", "api": "essentials", "tenant": "2"})
    ctl("POST", "/faults", json={"action": "latency", "latency_ms": 1})
    ctl("PUT", "/snapshots/kept")
    assert ctl("GET", "/journal").json()["count"] > 0

    done = ctl("POST", "/reset").json()
    assert done["parts"] == ["data", "clock", "faults", "journal"]
    assert sorted(r for r in done["reset"] if r.startswith("essentials/")) == ["essentials/1", "essentials/2"]
    assert "to be forgotten" not in message_texts(http, base, ADMIN)
    clock = ctl("GET", "/clock").json()
    assert clock["frozen"] is False and clock["tenants"] == {}
    assert ctl("GET", "/faults").json()["rules"] == []
    assert ctl("GET", "/journal").json()["entries"][-1]["path"].endswith("/messages")  # only what came after
    assert made["tenant"] not in ctl("GET", "/health").json()["apis"]["essentials"]["tenants"]
    assert ctl("GET", "/snapshots").json()["snapshots"] == ["kept"]


def test_a_reset_body_narrows_what_is_reset(ctl: Control, http, base) -> None:
    post_message(http, base, ADMIN, "business one")
    post_message(http, base, BISTRO, "business two")
    ctl("POST", "/clock/freeze", json={"at": "2030-01-01T00:00:00Z"})
    ctl("POST", "/faults", json={"action": "latency", "latency_ms": 1, "api": "essentials", "tenant": "2"})
    ctl("POST", "/faults", json={"action": "latency", "latency_ms": 1})

    # one tenant: its data, its fault rules and its journal entries; the global clock stays
    done = ctl("POST", "/reset", json={"api": "essentials", "tenant": "2"}).json()
    assert done["reset"] == ["essentials/2"]
    tenants = [e["tenant"] for e in ctl("GET", "/journal").json()["entries"]]
    assert "1" in tenants and "2" not in tenants
    assert "business two" not in message_texts(http, base, BISTRO)
    assert "business one" in message_texts(http, base, ADMIN)
    assert [r["tenant"] for r in ctl("GET", "/faults").json()["rules"]] == [None]
    assert ctl("GET", "/clock").json()["frozen"] is True

    # only some parts
    done = ctl("POST", "/reset", json={"only": ["journal", "clock"]}).json()
    assert (done["reset"], done["parts"]) == ([], ["clock", "journal"])
    assert "business one" in message_texts(http, base, ADMIN)
    assert ctl("GET", "/clock").json()["frozen"] is False
    assert len(ctl("GET", "/faults").json()["rules"]) == 1
    for bad in ({"only": ["everything"]}, {"only": []}, {"only": "nope"}):
        assert ctl("POST", "/reset", json=bad).status_code == 400, bad
