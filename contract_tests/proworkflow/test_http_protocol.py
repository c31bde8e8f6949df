"""ProWorkflow through HTTP: base URL, authentication, envelopes, rate limits, ETags, path tolerance
and the answers every call shares (research sections 1-4; the seed gives no paths)."""
from __future__ import annotations

import re

import pytest

from emulator.apis.proworkflow.operations import route_rows

from .conftest import ACME_KEY, GLOBEX_KEY, Pwf, basic

ROWS = route_rows()


def concrete(path: str) -> str:
    return path.replace("{permissionid}", "3").replace("{noteid}", "3").replace("{lineid}", "3") \
        .replace("{companyid}", "2").replace("{contactid}", "4").replace("{invoiceid}", "2") \
        .replace("{eventid}", "1").replace("{expenseid}", "1").replace("{fileid}", "1") \
        .replace("{folderid}", "1").replace("{messageid}", "1")


def assert_ratelimit_headers(resp) -> None:
    for name in ("x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"):
        assert resp.headers[name].isdigit(), name


# -- authentication (DOCS-V3: the API key AND Basic credentials) -----------------------------------------
def test_a_client_with_a_base_url_a_key_and_a_login_works(pwf: Pwf) -> None:
    resp = pwf.get("/contacts")
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "application/json;charset=utf-8"
    body = resp.json()
    assert body["status"] == "Success" and body["count"] == len(body["contacts"]) == 9
    assert_ratelimit_headers(resp)


def test_the_key_in_the_query_string_or_the_body(pwf: Pwf) -> None:
    no_header = pwf.with_headers({"apikey": None})
    assert no_header.get("/contacts", params={"apikey": ACME_KEY, "fields": "email,name"}).status_code == 200
    created = no_header.post("/companies", json={"apikey": ACME_KEY, "name": "Body Key Ltd", "type": "client"})
    assert created.status_code == 201 and created.json()["details"][0]["name"] == "Body Key Ltd"


def test_basic_with_the_username_or_the_email(pwf: Pwf) -> None:
    by_email = pwf.with_headers({"Authorization": basic("Tina@Acme.test", "tina-pass")})
    assert by_email.get("/me").json()["contact"]["id"] == 3


@pytest.mark.parametrize("headers", [
    {"apikey": None},                                          # no key
    {"Authorization": None},                                   # no Basic
    {"apikey": "WRONG-KEY"},                                   # a key nobody has
    {"apikey": GLOBEX_KEY},                                    # another account's key
    {"Authorization": basic("alice", "wrong")},                # a bad password
    {"Authorization": basic("nora@cobalt.test", "x")},         # a contact without login access
    {"Authorization": "Bearer alice-pass"},                    # not Basic
], ids=["no-key", "no-basic", "bad-key", "other-account", "bad-password", "no-login", "bearer"])
def test_any_failure_is_401_with_an_empty_body(pwf: Pwf, headers: dict) -> None:
    resp = pwf.with_headers(headers).get("/companies")
    assert resp.status_code == 401 and resp.content == b""
    assert_ratelimit_headers(resp)


@pytest.mark.parametrize(("method", "path"), [(m, p) for m, p, _ in ROWS if p != "/login"],
                         ids=[f"{m} {p}" for m, p, _ in ROWS if p != "/login"])
def test_every_operation_needs_both_credentials(pwf: Pwf, method: str, path: str) -> None:
    resp = pwf.bare().request(method, concrete(path), json={})
    assert resp.status_code == 401 and resp.content == b""


def test_login_with_basic_alone_returns_the_key(pwf: Pwf) -> None:
    """DOCS-V3: "submitting an authenticated GET request to the login call with your account URL"."""
    bare = pwf.bare().with_headers({"Authorization": basic("hank", "hank-pass")})
    body = bare.get("/login", params={"url": "https://app.proworkflow.com/GLOBEX"}).json()
    assert body["status"] == "Success" and body["login"]["apikey"] == GLOBEX_KEY
    assert body["login"]["plan"] == "Advanced" and body["login"]["contactid"] == 2
    assert bare.get("/login", params={"url": "globex"}).status_code == 200
    assert bare.get("/login").status_code == 200  # one account has this login
    assert bare.get("/login", params={"url": "acmeagency"}).status_code == 401
    assert pwf.bare().get("/login", params={"url": "globex"}).status_code == 401


# -- paths -------------------------------------------------------------------------------------------------
def test_trailing_and_doubled_slashes_reach_the_same_route(pwf: Pwf) -> None:
    """ASC requests /contacts/; DUM builds //me."""
    assert pwf.get("/contacts/").status_code == 200
    assert pwf.get("//me").json()["contact"]["id"] == 1
    assert pwf.get("/companies//2/").json()["company"]["id"] == 2


def test_fixed_paths_win_over_an_id(pwf: Pwf) -> None:
    assert [c["id"] for c in pwf.get("/companies/client").json()["companies"]] == [2, 3]
    assert pwf.get("/contacts/staff").json()["count"] == 3
    assert pwf.get("/invoices/overdue").json()["invoices"][0]["id"] == 3
    assert "folders" in pwf.get("/files/folders").json()
    assert "contacts" in pwf.get("/contacts/location").json()


def test_an_unknown_path_is_an_html_404(pwf: Pwf) -> None:
    """NUMA live: unknown paths answer an HTML page, not JSON."""
    resp = pwf.get("/projects/nope/tasks/x")
    assert resp.status_code == 404 and resp.headers["Content-Type"].startswith("text/html")
    assert "<html>" in resp.text
    assert_ratelimit_headers(resp)


def test_an_unknown_id_is_a_json_404(pwf: Pwf) -> None:
    resp = pwf.get("/companies/999")
    assert resp.status_code == 404
    assert resp.json() == {"status": "Error", "details": ["Company not found"]}


def test_a_wrong_method_is_405_with_allow(pwf: Pwf) -> None:
    resp = pwf.patch("/companies/2", json={})
    assert resp.status_code == 405 and resp.json()["status"] == "Error"
    assert set(resp.headers["Allow"].split(", ")) >= {"GET", "PUT", "DELETE"}


def test_served_at_the_root_with_api_proworkflow() -> None:
    from emulator import create_app

    app = create_app(["proworkflow"], root_api="proworkflow")
    headers = {"apikey": ACME_KEY, "Authorization": basic("alice", "alice-pass")}
    resp = app.test_client().get("/companies/client", headers=headers)
    assert resp.status_code == 200 and resp.get_json()["count"] == 2


# -- envelopes -----------------------------------------------------------------------------------------------
def test_error_envelopes(pwf: Pwf) -> None:
    resp = pwf.get("/companies", params={"pagenumber": 2})
    assert resp.status_code == 400
    assert resp.json() == {"status": "Error",
                           "details": ["pagesize and pagenumber must both be provided in order to use paging"]}
    assert pwf.post("/companies/2/notes", json={}).json() == {"status": "Error",
                                                              "details": ["'content' is a required field"]}
    bad_json = pwf.post("/companies", data="{not json", headers={"Content-Type": "application/json"})
    assert bad_json.status_code == 400 and bad_json.json()["status"] == "Error"
    forbidden = pwf.as_("tina").get("/invoices")
    assert forbidden.status_code == 403 and forbidden.json()["details"] == ["You do not have permission to view Invoices"]


def test_write_envelopes(pwf: Pwf) -> None:
    created = pwf.post("/companies", json=[{"name": "DEF Co", "type": "client"}, {"name": "GHI Inc", "type": "contractor"}])
    assert created.status_code == 201
    assert created.json() == {"message": "Company/s Added", "status": "Success",
                              "details": [{"id": 7, "name": "DEF Co"}, {"id": 8, "name": "GHI Inc"}]}
    updated = pwf.put("/companies/7", json={"code": "DEF"})
    assert updated.status_code == 200 and updated.json() == {"message": "Company Updated", "status": "Success",
                                                             "details": [{"id": 7}]}
    deleted = pwf.delete("/companies/7")
    assert deleted.status_code == 200 and deleted.json()["message"] == "Company Deleted"


def test_dates_have_no_time_zone(pwf: Pwf) -> None:
    rec = pwf.get("/invoices/2").json()["invoice"]
    assert rec["duedate"] == "2025-03-21T00:00:00" and rec["lastmodified"] == "2025-03-01T00:00:00"


# -- rate limits ---------------------------------------------------------------------------------------------
def test_rate_limit_headers_count_down_per_account(pwf: Pwf) -> None:
    first = pwf.get("/me")
    second = pwf.as_("peter").get("/me")  # the same account: the same window
    other = pwf.as_("grace").get("/me")
    assert first.headers["x-ratelimit-limit"] == "500" and first.headers["x-ratelimit-reset"] == "30"
    assert int(second.headers["x-ratelimit-remaining"]) == int(first.headers["x-ratelimit-remaining"]) - 1
    assert other.headers["x-ratelimit-remaining"] == "499"


def test_past_the_limit_429_when_enforced(pwf: Pwf, account, control) -> None:
    account("acme", ratelimit={"limit": 3, "window": 30, "enforce": True})
    answers = [pwf.get("/me") for _ in range(4)]
    assert [r.status_code for r in answers] == [200, 200, 200, 429]
    assert answers[3].json()["status"] == "Error" and answers[3].headers["x-ratelimit-remaining"] == "0"
    control.clock.advance(31)  # counted on the emulator's clock
    assert pwf.get("/me").status_code == 200


def test_not_enforced_by_default(pwf: Pwf, account) -> None:
    account("acme", ratelimit={"limit": 2})
    assert [pwf.get("/me").status_code for _ in range(3)] == [200, 200, 200]


# -- ETags (NUMA live: every successful GET has one; If-None-Match -> 304) ---------------------------------
def test_etags_and_304(pwf: Pwf) -> None:
    first = pwf.get("/companies/2")
    tag = first.headers["ETag"]
    assert re.fullmatch(r"[0-9a-f]{16}", tag)  # as the real service sends it: unquoted hex
    again = pwf.get("/companies/2", headers={"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b""
    pwf.put("/companies/2", json={"phone": "1"})
    assert pwf.get("/companies/2", headers={"If-None-Match": tag}).status_code == 200


# -- accounts made through the control API, fixtures listing, --fake --------------------------------------
def test_a_cloned_account_has_its_own_key_and_logins(pwf: Pwf, control) -> None:
    made = control.new_tenant("proworkflow", "globex")
    users = {u["username"]: u for u in made["users"]}
    key = users["grace"]["apikey"]
    assert key != GLOBEX_KEY and len(key.split("-")) == 6
    clone = pwf.with_headers({"apikey": key, "Authorization": basic("grace", "grace-pass")})
    assert clone.post("/companies", json={"name": "Only Here", "type": "client"}).status_code == 201
    assert pwf.as_("grace").get("/companies", params={"searchname": "Only Here"}).json()["count"] == 0
    login = pwf.bare().with_headers({"Authorization": basic("grace", "grace-pass")})
    assert login.get("/login", params={"url": users["grace"]["accounturl"]}).json()["login"]["apikey"] == key
    control.reset("proworkflow", made["tenant"])  # back to its template, keeping its own key
    assert clone.get("/companies", params={"searchname": "Only Here"}).json()["count"] == 0


def test_the_credentials_listing(control) -> None:
    listing = control.credentials()["proworkflow"]
    assert listing["base_url"].endswith("/proworkflow")
    tenants = {t["tenant"]: {u["username"]: u for u in t["users"]} for t in listing["tenants"]}
    assert set(tenants) == {"acme", "globex"}
    alice = tenants["acme"]["alice"]
    assert (alice["apikey"], alice["email"], alice["password"], alice["role"]) == (
        ACME_KEY, "alice@acme.test", "alice-pass", "staff")
    assert set(tenants["acme"]) == {"alice", "peter", "tina", "carl", "cora", "dan", "connie"}


def test_fake_bulk_data_is_served() -> None:
    from emulator import create_app

    app = create_app(["proworkflow"], fake=30, seed=1)
    headers = {"apikey": ACME_KEY, "Authorization": basic("alice", "alice-pass")}
    client = app.test_client()
    assert client.get("/proworkflow/companies/client", headers=headers).get_json()["totalcount"] == 32
    time = client.get("/proworkflow/contacts/2/time", headers=headers,
                      query_string={"trackedfrom": "2025-01-01", "trackedto": "2025-12-31", "fields": "task"})
    assert time.status_code == 200
    assert client.get("/proworkflow/invoices", headers=headers, query_string={"status": "all"}).get_json()["totalcount"] == 34
