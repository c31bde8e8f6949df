"""OAuth 2.0 with PKCE and refresh (research §2.2), and bearer tokens, as domain rules."""
from __future__ import annotations

import base64
import hashlib
from datetime import timedelta
from unittest import mock
from urllib.parse import parse_qs, urlsplit

import pytest

from emulator.apis.basicops import oauth

from .support import ALEX, TIM, account, fails

pytestmark = pytest.mark.no_emulator

VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"  # RFC 7636's example
CHALLENGE = base64.urlsafe_b64encode(hashlib.sha256(VERIFIER.encode()).digest()).rstrip(b"=").decode()


@pytest.fixture
def store():
    tenant = account()
    account("globex", tenant.store)
    return tenant.store


def secret_of(store, client_id):
    return store.credentials.find("basicops", "oauth_client", client_id)[1]["secret"]


def code_from(redirect: str) -> dict:
    return {k: v[0] for k, v in parse_qs(urlsplit(redirect).query).items()}


def authorize(store, **extra):
    params = {"client_id": "testco-cli", "response_type": "code", "redirect_uri": "http://127.0.0.1:8766/callback",
              "code_challenge": CHALLENGE, "code_challenge_method": "S256", "state": "xyz", **extra}
    return oauth.authorize(store, params)


def test_public_client_code_with_pkce_and_refresh(store):
    redirect = authorize(store)
    assert redirect.startswith("http://127.0.0.1:8766/callback?code=")
    got = code_from(redirect)
    assert got["state"] == "xyz"
    tokens = oauth.token(store, {"grant_type": "authorization_code", "client_id": "testco-cli", "code": got["code"],
                                 "redirect_uri": "http://127.0.0.1:8766/callback", "code_verifier": VERIFIER})
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600
    tenant, user = oauth.bearer(store, tokens["access_token"])
    assert tenant.name == "testco" and user["id"] == TIM  # the app's own user
    refreshed = oauth.token(store, {"grant_type": "refresh_token", "client_id": "testco-cli",
                                    "refresh_token": tokens["refresh_token"]})
    assert refreshed["access_token"] != tokens["access_token"]
    assert oauth.bearer(store, refreshed["access_token"])[1]["id"] == TIM
    # a refresh token works once (rotated), a code works once
    fails(400, "refresh token is invalid", oauth.token, store, {"grant_type": "refresh_token", "client_id": "testco-cli",
                                                                "refresh_token": tokens["refresh_token"]})
    fails(400, "authorization code is invalid", oauth.token, store, {
        "grant_type": "authorization_code", "client_id": "testco-cli", "code": got["code"], "code_verifier": VERIFIER})


def test_confidential_client_with_secret_and_login_hint(store):
    redirect = oauth.authorize(store, {"client_id": "testco-integration", "response_type": "code",
                                       "redirect_uri": "http://localhost:8765/callback", "login_hint": "ALEX@testco.com"})
    form = {"grant_type": "authorization_code", "client_id": "testco-integration", "code": code_from(redirect)["code"],
            "redirect_uri": "http://localhost:8765/callback", "client_secret": secret_of(store, "testco-integration")}
    tokens = oauth.token(store, form)
    assert oauth.bearer(store, tokens["access_token"])[1]["id"] == ALEX


def test_wrong_verifier_or_secret_is_rejected(store):
    err = fails(400, "code_verifier does not match", oauth.token, store, {
        "grant_type": "authorization_code", "client_id": "testco-cli", "code": code_from(authorize(store))["code"],
        "code_verifier": "x" * 43})
    assert err.detail == {"error": "invalid_grant", "error_description": "code_verifier does not match the code_challenge"}
    redirect = oauth.authorize(store, {"client_id": "testco-integration", "response_type": "code",
                                       "redirect_uri": "http://localhost:8765/callback"})
    fails(401, "client_secret does not match", oauth.token, store, {
        "grant_type": "authorization_code", "client_id": "testco-integration", "code": code_from(redirect)["code"],
        "client_secret": "wrong"})


@pytest.mark.parametrize("extra, status, message", [
    ({"client_id": "nope"}, 401, "Unknown client_id"),
    ({"redirect_uri": "http://evil.example/cb"}, 400, "redirect_uri is not registered"),
    ({"response_type": "token"}, 400, 'response_type must be "code"'),
    ({"code_challenge": None}, 400, "code_challenge is required for public clients"),
    ({"code_challenge_method": "S512"}, 400, "code_challenge_method"),
    ({"user": "44"}, 400, "No such active user"),
])
def test_authorize_errors(store, extra, status, message):
    fails(status, message, authorize, store, **extra)


def test_unsupported_grant(store):
    fails(400, "grant_type must be", oauth.token, store, {"grant_type": "password", "client_id": "testco-cli"})


def test_access_tokens_expire_by_the_clock(store):
    tokens = oauth.token(store, {"grant_type": "authorization_code", "client_id": "testco-cli",
                                 "code": code_from(authorize(store))["code"], "code_verifier": VERIFIER})
    later = oauth.now() + timedelta(seconds=3601)
    with mock.patch.object(oauth, "now", return_value=later):
        assert oauth.bearer(store, tokens["access_token"]) is None


def test_api_keys_and_deactivated_users(store):
    creds = {c["user_id"]: c["value"] for c in store.tenant("basicops", "testco").credentials() if c["kind"] == "api_key"}
    assert oauth.bearer(store, creds[ALEX])[1]["id"] == ALEX
    assert oauth.bearer(store, creds[44]) is None  # Sam is deactivated
    assert oauth.bearer(store, "bo_unknown") is None
    globex = [c["value"] for c in store.tenant("basicops", "globex").credentials() if c["kind"] == "api_key"][0]
    assert oauth.bearer(store, globex)[0].name == "globex"
