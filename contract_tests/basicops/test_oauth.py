"""OAuth through HTTP (research §2.2: authorization code with PKCE, refresh; token endpoint beside /v1),
and the API at the server root (`serve --api basicops`)."""
from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import pytest

from contract_tests.client import Api
from emulator.testing import EmulatorServer

from .conftest import credentials, error_of


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def app_of(control, client_id: str) -> dict:
    for user in credentials(control)["users"].values():
        for app in user.get("oauth_apps", []):
            if app["client_id"] == client_id:
                return app
    raise KeyError(client_id)


@pytest.fixture
def oauth(emulator_url: str) -> Api:
    return Api(emulator_url + "/basicops")


def test_public_client_with_pkce_then_refresh(oauth, bo, control):
    app = app_of(control, "testco-cli")
    verifier, challenge = pkce()
    resp = oauth.get("/oauth/auth", params={"client_id": app["client_id"], "response_type": "code",
                                            "redirect_uri": app["redirect_uris"][0], "code_challenge": challenge,
                                            "code_challenge_method": "S256", "state": "OPTIONAL_STATE"})
    assert resp.status_code == 302
    location = urlsplit(resp.headers["Location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == app["redirect_uris"][0]
    query = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert query["state"] == "OPTIONAL_STATE"
    token = oauth.post("/oauth/token", data={"client_id": app["client_id"], "grant_type": "authorization_code",
                                             "code": query["code"], "redirect_uri": app["redirect_uris"][0],
                                             "code_verifier": verifier})
    assert token.status_code == 200 and token.headers["Cache-Control"] == "no-store"
    tokens = token.json()
    assert set(tokens) == {"access_token", "token_type", "expires_in", "refresh_token"}
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    me = bo.with_headers({"Authorization": f"Bearer {tokens['access_token']}"}).data("GET", "/user/me")
    assert me["id"] == 25  # the app's own user
    refreshed = oauth.post("/oauth/token", data={"client_id": app["client_id"], "grant_type": "refresh_token",
                                                 "refresh_token": tokens["refresh_token"]}).json()
    assert bo.with_headers({"Authorization": f"Bearer {refreshed['access_token']}"}).data("GET", "/user/me")["id"] == 25
    reused = oauth.post("/oauth/token", data={"client_id": app["client_id"], "grant_type": "refresh_token",
                                              "refresh_token": tokens["refresh_token"]})
    assert reused.status_code == 400 and reused.json()["error"] == "invalid_grant"


def test_confidential_client_as_the_forms_prototype_does_it(oauth, bo, control):
    """basicops-forms-prototype: form-encoded client_id, client_secret, redirect_uri, grant_type, code."""
    app = app_of(control, "testco-integration")
    resp = oauth.get("/oauth/auth", params={"client_id": app["client_id"], "response_type": "code",
                                            "redirect_uri": app["redirect_uris"][0], "login_hint": "maria@testco.com"})
    code = parse_qs(urlsplit(resp.headers["Location"]).query)["code"][0]
    tokens = oauth.post("/oauth/token", data={"client_id": app["client_id"], "client_secret": app["client_secret"],
                                              "redirect_uri": app["redirect_uris"][0],
                                              "grant_type": "authorization_code", "code": code}).json()
    assert bo.with_headers({"Authorization": f"Bearer {tokens['access_token']}"}).data("GET", "/user/me")["id"] == 41


def test_client_secret_by_http_basic(oauth, control):
    app = app_of(control, "testco-integration")
    resp = oauth.get("/oauth/auth", params={"client_id": app["client_id"], "response_type": "code",
                                            "redirect_uri": app["redirect_uris"][0]})
    code = parse_qs(urlsplit(resp.headers["Location"]).query)["code"][0]
    basic = base64.b64encode(f"{app['client_id']}:{app['client_secret']}".encode()).decode()
    got = oauth.post("/oauth/token", data={"grant_type": "authorization_code", "code": code},
                     headers={"Authorization": f"Basic {basic}"})
    assert got.status_code == 200 and got.json()["access_token"].startswith("bot_")


@pytest.mark.parametrize("form, status, error", [
    ({"grant_type": "password", "client_id": "testco-cli"}, 400, "unsupported_grant_type"),
    ({"grant_type": "authorization_code", "client_id": "nobody"}, 401, "invalid_client"),
    ({"grant_type": "authorization_code", "client_id": "testco-cli", "code": "nope"}, 400, "invalid_grant"),
    ({"grant_type": "refresh_token", "client_id": "testco-integration", "client_secret": "wrong"}, 401, "invalid_client"),
])
def test_token_errors_are_rfc_6749(oauth, form, status, error):
    resp = oauth.post("/oauth/token", data=form)
    assert resp.status_code == status and resp.json()["error"] == error and resp.json()["error_description"]


def test_authorize_refuses_an_unregistered_redirect(oauth):
    resp = oauth.get("/oauth/auth", params={"client_id": "testco-cli", "response_type": "code",
                                            "redirect_uri": "https://evil.example/cb", "code_challenge": "x" * 43})
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_request"


def test_an_access_token_expires_by_the_emulator_clock(oauth, bo, control):
    app = app_of(control, "testco-integration")
    resp = oauth.get("/oauth/auth", params={"client_id": app["client_id"], "response_type": "code",
                                            "redirect_uri": app["redirect_uris"][0]})
    code = parse_qs(urlsplit(resp.headers["Location"]).query)["code"][0]
    token = oauth.post("/oauth/token", data={"client_id": app["client_id"], "client_secret": app["client_secret"],
                                             "grant_type": "authorization_code", "code": code}).json()["access_token"]
    client = bo.with_headers({"Authorization": f"Bearer {token}"})
    assert client.get("/user/me").status_code == 200
    clock = control.clock.for_tenant("basicops", "testco")
    clock.advance(3601)
    try:
        error_of(client.get("/user/me"), 401, "Unauthorized")
    finally:
        clock.real()


@pytest.mark.no_emulator
def test_the_api_at_the_server_root():
    """`serve --api basicops`: a client configured with http://host/v1 and a token works unchanged."""
    with EmulatorServer(apis=["basicops"], root_api="basicops") as server:
        listing = server.control.credentials()["basicops"]
        assert listing["base_url"] == server.url + "/v1"
        key = next(u["api_key"] for t in listing["tenants"] for u in t["users"] if u["user_id"] == 38)
        client = Api(listing["base_url"], {"Authorization": f"Bearer {key}"})
        task = client.get("/task/73").json()["data"]
        assert task["attachments"][0]["DownloadURL"].startswith(server.url + "/v1/task/73/attachments/")
        assert client.get(task["attachments"][0]["DownloadURL"]).status_code == 200
        resp = Api(server.url).post("/oauth/token", data={"grant_type": "password"})
        assert resp.status_code == 400 and resp.json()["error"] == "unsupported_grant_type"
