"""What the OAuth 2.0 tests share: the demo instance's fixture clients, and the steps of a code flow
as a client sends them (the official JS client's wire format: form bodies, HTTP Basic *and* the
client's credentials in the body)."""
from __future__ import annotations

import base64
import hashlib
import secrets
from urllib.parse import parse_qs, urlsplit

import requests

from contract_tests.client import Api

from .conftest import DEMO

APPS = {a["identifier"]: a for a in DEMO["tables"]["applications"]}
CLIENT_ID = "emulator_client"
SECRET = APPS[CLIENT_ID]["secret"]
CALLBACK = "http://127.0.0.1:9005/callback"  # the official CLI's `zeyos login` callback
WEBAPP_ID = "demo_webapp"
WEBAPP_SECRET = APPS[WEBAPP_ID]["secret"]
WEBAPP_CALLBACK = APPS[WEBAPP_ID]["callbackurls"][0]
HEX40 = r"[a-f0-9]{40}"


def basic(client_id: str = CLIENT_ID, secret: str = SECRET) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{client_id}:{secret}".encode()).decode()}


def verifier_and_challenge() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    challenge = base64.urlsafe_b64encode(hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
    return verifier, challenge


def query_of(resp: requests.Response) -> dict[str, str]:
    """The parameters of a redirect's Location (one value each)."""
    return {k: v[0] for k, v in parse_qs(urlsplit(resp.headers["Location"]).query).items()}


def authorize(oauth: Api, **params: str) -> requests.Response:
    query = {"client_id": CLIENT_ID, "redirect_uri": CALLBACK, "response_type": "code", **params}
    return oauth.get("/authorize", params={k: v for k, v in query.items() if v is not None})


def code_for(oauth: Api, **params: str) -> str:
    resp = authorize(oauth, **params)
    assert resp.status_code == 303, (resp.status_code, resp.text[:300])
    return query_of(resp)["code"]


def exchange(oauth: Api, code: str, client_id: str = CLIENT_ID, secret: str = SECRET,
             **extra: str) -> requests.Response:
    return oauth.post("/token", headers=basic(client_id, secret), data={
        "grant_type": "authorization_code", "code": code, "client_id": client_id, "client_secret": secret, **extra})


def tokens_for(oauth: Api, **params: str) -> dict:
    """A fresh token pair through the code flow (no PKCE)."""
    resp = exchange(oauth, code_for(oauth, **params))
    assert resp.status_code == 200, resp.text
    return resp.json()


def refresh(oauth: Api, refresh_token: str, client_id: str = CLIENT_ID, secret: str = SECRET) -> requests.Response:
    return oauth.post("/token", headers=basic(client_id, secret), data={
        "grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id,
        "client_secret": secret})


def oauth_error(resp: requests.Response, status: int, error: str, description: str | None = None) -> dict:
    """RFC 6749 §5.2: the status, application/json {"error", "error_description"}."""
    assert resp.status_code == status, (resp.status_code, resp.text[:300])
    assert resp.headers["Content-Type"] == "application/json"
    body = resp.json()
    assert set(body) == {"error", "error_description"} and body["error"] == error, body
    if description is not None:
        assert body["error_description"] == description
    return body
