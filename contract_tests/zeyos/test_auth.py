"""The Auth API (auth.json, `/auth/v1`), credentials on `/api/v1`, and where ZeyOS is mounted.

Seed 002 "Authentication": a token from `POST /auth/v1/login` (form: name, password, identifier,
appsecret) used as `Authorization: Bearer`, or the ZEYOSID session; 401 "Unauthorized: Invalid token
for bearer authentication" with WWW-Authenticate.  auth.json: login (200 / 401 "Unauthorized:
Invalid credentials"), logout (204), GET / (user info), HEAD / (204).  Issue 14: the official client
takes a one-segment platform URL, so `/<instance>/...` is served at the server root and under
`/zeyos/<instance>`.
"""
from __future__ import annotations

import re

import requests

from .conftest import ACME_ADMIN, APPSECRET, SESSIONS, TOKENS, assert_text_error

LOGIN = {"name": "max.power", "password": "MySecretPwd", "identifier": "MyDevice", "appsecret": APPSECRET}


def test_login_with_form_data_as_the_seed_curl_sends_it(auth, zey) -> None:
    resp = auth.post("/login", data=LOGIN)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    body = resp.json()
    assert body == {"user": 2, "application": 1, "token": body["token"], "identifier": "MyDevice", "expdate": None}
    assert re.fullmatch(r"[a-f0-9]{40}", body["token"])
    me = zey.with_headers({"Authorization": f"Bearer {body['token']}"}).list("accounts", {"count": 1})
    assert me.status_code == 200


def test_login_with_json_and_an_expiry(auth) -> None:
    resp = auth.post("/login", json={**LOGIN, "expdate": 4_000_000_000})
    assert resp.status_code == 200 and resp.json()["expdate"] == 4_000_000_000


def test_login_failures_are_401_invalid_credentials(auth) -> None:
    for body in ({**LOGIN, "password": "wrong"}, {**LOGIN, "name": "nobody"}, {"name": "max.power"},
                 {**LOGIN, "identifier": "not allowed!"}, {**LOGIN, "appsecret": "0" * 40}):
        assert_text_error(auth.post("/login", data=body), 401, "Unauthorized: Invalid credentials")


def test_user_info_verify_and_logout(auth, zey) -> None:
    token = auth.post("/login", data=LOGIN).json()["token"]
    me = auth.get("/?access=1", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200
    info = me.json()
    assert info["auth"] == {"user": 2, "application": 1, "lang": "en_US"}
    assert info["name"] == "max.power" and info["admin"] is False and info["permissions"]["accounts"] is True
    assert "settings" not in info
    assert auth.head("/", headers={"Authorization": f"Bearer {token}"}).status_code == 204
    assert auth.get("/logout", headers={"Authorization": f"Bearer {token}"}).status_code == 204
    gone = zey.with_headers({"Authorization": f"Bearer {token}"}).list("accounts")
    assert_text_error(gone, 401, "Unauthorized: Invalid token for bearer authentication")
    assert auth.head("/", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_an_app_less_token_works_on_auth_but_not_on_the_rest_api(auth, zey) -> None:
    token = auth.post("/login", data={k: v for k, v in LOGIN.items() if k != "appsecret"}).json()["token"]
    assert auth.get("/", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    assert zey.with_headers({"Authorization": f"Bearer {token}"}).list("accounts").status_code == 401


def test_the_zeyosid_session_cookie(zey) -> None:
    anon = zey.anon()
    resp = anon.list("accounts", {"count": 1}, cookies={"ZEYOSID": SESSIONS["admin"]})
    assert resp.status_code == 200 and resp.json() == {"count": 4}
    assert_text_error(anon.get("/settings", cookies={"ZEYOSID": SESSIONS["admin"]}), 403,
                      "Forbidden: Invalid application context")
    assert anon.list("accounts", cookies={"ZEYOSID": "nope"}).status_code == 401


def test_bearer_scheme_is_case_insensitive_and_other_schemes_fail(zey) -> None:
    assert zey.with_headers({"Authorization": f"bearer {TOKENS['admin']}"}).get("/accounts/1").status_code == 200
    assert zey.with_headers({"Authorization": "Basic YWRtaW46eA=="}).get("/accounts/1").status_code == 401


def test_config_and_settings(zey) -> None:
    config = zey.get("/config")
    assert config.status_code == 200 and config.headers["Content-Type"] == "application/json"
    assert config.json()["currency"] == "EUR"
    assert zey.get("/settings").json() == {"theme": "light", "pagesize": 25}


def test_both_mounts_and_a_one_segment_platform_url(emulator_url, zey) -> None:
    """http://host:port/demo is the platform URL; /zeyos/demo the emulator's own prefix."""
    for base in (emulator_url + "/demo/api/v1", emulator_url + "/zeyos/demo/api/v1"):
        assert zey.at(base).get("/accounts/1").json()["lastname"] == "Lightexx AG"
    login = requests.post(emulator_url + "/zeyos/demo/auth/v1/login", data=LOGIN, timeout=10)
    assert login.status_code == 200


def test_instances_are_isolated(emulator_url, zey) -> None:
    acme = zey.at(emulator_url + "/acme/api/v1").with_headers({"Authorization": f"Bearer {ACME_ADMIN}"})
    assert [r["lastname"] for r in acme.list("accounts", {"fields": ["lastname"]}).json()] == \
        ["Acme Corp", "Road Runner Ltd"]
    assert zey.at(emulator_url + "/acme/api/v1").get("/accounts/1").status_code == 401  # demo's token
    wrong = acme.at(emulator_url + "/demo/api/v1").get("/accounts/1")
    assert wrong.status_code == 401 and 'realm="demo"' in wrong.headers["WWW-Authenticate"]
    assert_text_error(requests.get(emulator_url + "/nosuchinstance/api/v1/accounts/1", timeout=10), 404)


def test_a_fresh_instance_from_the_control_api(emulator_url, control) -> None:
    made = requests.post(emulator_url + "/_emulator/tenants", json={"api": "zeyos"}, timeout=10)
    assert made.status_code == 201, made.text
    info = made.json()
    name, users = info["tenant"], info["users"]
    admin = next(u for u in users if u["admin"])
    assert admin["platform_url"].endswith(f"/{name}") and admin["password"]
    assert admin["token"] not in TOKENS.values() and admin["token"] != ACME_ADMIN
    resp = requests.post(f"{emulator_url}/{name}/api/v1/accounts", json={"count": 1},
                         headers={"Authorization": f"Bearer {admin['token']}"}, timeout=10)
    assert resp.status_code == 200 and resp.json()["count"] >= 1
    login = requests.post(f"{emulator_url}/{name}/auth/v1/login", timeout=10,
                          data={"name": admin["name"], "password": admin["password"], "identifier": "t"})
    assert login.status_code == 200


def test_credentials_listing_shows_platform_urls_names_passwords_and_tokens(emulator_url) -> None:
    listing = requests.get(emulator_url + "/_emulator/credentials", timeout=10).json()
    text = str(listing)
    assert "max.power" in text and "MySecretPwd" in text and TOKENS["max"] in text
    assert "/demo" in text


def test_a_logins_expdate_follows_the_instances_clock(auth, zey, control) -> None:
    """The token "stops working at that instant": by the instance's own clock, as the core's clock
    control moves it (the check runs before the core binds the request's caller)."""
    clock = control.clock.for_tenant("zeyos", "demo")
    clock.freeze()
    try:
        at = int(clock.now().timestamp()) + 60
        token = auth.post("/login", data={**LOGIN, "expdate": at}).json()["token"]
        assert zey.with_headers({"Authorization": f"Bearer {token}"}).list("accounts", {"count": 1}).status_code == 200
        clock.advance(60)
        assert_text_error(zey.with_headers({"Authorization": f"Bearer {token}"}).list("accounts"), 401)
        assert auth.head("/", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    finally:
        clock.real()
