"""Whole OAuth 2.0 code flows, driven as client libraries drive them.

"Done" for issue 15: a client that knows only a platform URL (`http://host:port/<instance>`), a client
id and a secret completes the code flow with PKCE and calls the REST API with the token; refresh,
revoke, introspect and userinfo answer as oauth2.json documents.  Two drivers:

- the official JS client's wire format (zeyos/client `src/runtime/client.js`, `http.js`):
  `buildAuthorizationUrl` (client_id, redirect_uri, response_type=code, code_challenge +
  code_challenge_method=S256, state), the browser following the 303 to the CLI's loopback callback
  server (`cli/lib/login-server.mjs`), `exchangeAuthorizationCode` / `refreshToken` / `revokeToken` /
  `introspectToken` as form bodies with HTTP Basic *and* client_id/client_secret in the body, and the
  CLI's `whoami` (`GET /oauth2/v1/userinfo`);
- Authlib's OAuth2Session, with client_secret_basic and with client_secret_post.
"""
from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import pytest
import requests
from authlib.common.security import generate_token
from authlib.integrations.requests_client import OAuth2Session

from .oauth import basic, verifier_and_challenge

ACCEPT = "application/json, text/plain;q=0.9, */*;q=0.8"  # what the official client sends


class CallbackServer:
    """The CLI's login server: listens on 127.0.0.1, records the query of `GET /callback`."""

    def __init__(self) -> None:
        received: list[dict[str, str]] = []

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                parts = urlsplit(self.path)
                if parts.path == "/callback":
                    received.append({k: v[0] for k, v in parse_qs(parts.query).items()})
                self.send_response(200 if parts.path == "/callback" else 404)
                self.send_header("Content-Type", "text/html")
                self.end_headers()
                self.wfile.write(b"<p>You are now logged in. You may close this tab.</p>")

            def log_message(self, *args) -> None:
                pass

        self.received = received
        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.uri = f"http://127.0.0.1:{self.server.server_address[1]}/callback"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def callback():
    server = CallbackServer()
    yield server
    server.close()


def demo_client(control) -> tuple[str, str, str]:
    """What a user configures: the platform URL, a client id and its secret (from the listing)."""
    demo = next(t for t in control.credentials()["zeyos"]["tenants"] if t["tenant"] == "demo")
    client = next(u for u in demo["users"] if u.get("oauth_client") and u["client_id"] == "emulator_client")
    return client["platform_url"], client["client_id"], client["client_secret"]


@pytest.mark.parametrize("pkce", [True, False], ids=["pkce", "cli-login-without-pkce"])
def test_the_official_clients_code_flow(control, callback: CallbackServer, pkce: bool) -> None:
    platform, client_id, secret = demo_client(control)
    oauth2, api = platform + "/oauth2/v1", platform + "/api/v1"
    http = requests.Session()
    http.headers["Accept"] = ACCEPT
    creds = {"client_id": client_id, "client_secret": secret}
    state = "a1b2c3d4" * 8

    # buildAuthorizationUrl, then the browser follows the 303 to the CLI's callback server
    verifier, challenge = verifier_and_challenge()
    query = {"client_id": client_id, "redirect_uri": callback.uri, "response_type": "code"}
    if pkce:
        query.update(code_challenge=challenge, code_challenge_method="S256")
    query["state"] = state
    landed = http.get(f"{oauth2}/authorize?{urlencode(query)}", timeout=30)
    assert landed.status_code == 200 and landed.url.startswith(callback.uri + "?code=")
    assert len(callback.received) == 1 and callback.received[0]["state"] == state
    code = callback.received[0]["code"]

    # exchangeAuthorizationCode: form, Basic and body credentials, code_verifier, redirect_uri
    body = {"grant_type": "authorization_code", "code": code, "redirect_uri": callback.uri, **creds}
    if pkce:
        body["code_verifier"] = verifier
    tokens = http.post(f"{oauth2}/token", data=body, headers=basic(client_id, secret), timeout=30)
    assert tokens.status_code == 200, tokens.text
    tokens = tokens.json()
    assert tokens["token_type"] == "Bearer" and tokens["expires_in"] == 3600

    def call(token: str) -> requests.Response:  # api.listAccounts: POST JSON, no trailing slash
        return http.post(f"{api}/accounts", json={"fields": ["ID", "lastname"], "limit": 2},
                         headers={"Authorization": f"Bearer {token}"}, timeout=30)

    first = call(tokens["access_token"])
    assert first.status_code == 200 and len(first.json()) == 2
    whoami = http.get(f"{oauth2}/userinfo", headers={"Authorization": f"Bearer {tokens['access_token']}"}, timeout=30)
    assert whoami.status_code == 200 and whoami.json()["preferred_username"] == "admin"

    # refreshToken: a new pair; the old access token stops working
    renewed = http.post(f"{oauth2}/token", headers=basic(client_id, secret), timeout=30, data={
        "grant_type": "refresh_token", "refresh_token": tokens["refresh_token"], **creds})
    assert renewed.status_code == 200
    renewed = renewed.json()
    assert call(renewed["access_token"]).json() == first.json()
    assert call(tokens["access_token"]).status_code == 401

    # introspectToken, revokeToken, and the API refuses the revoked token
    seen = http.post(f"{oauth2}/introspect", data={"token": renewed["access_token"], **creds},
                     headers=basic(client_id, secret), timeout=30).json()
    assert seen["active"] is True and seen["client_id"] == client_id and seen["sub"] == "1"
    revoked = http.post(f"{oauth2}/revoke", data={"token": renewed["access_token"], **creds},
                        headers=basic(client_id, secret), timeout=30)
    assert revoked.status_code == 200
    refused = call(renewed["access_token"])
    assert refused.status_code == 401 and refused.text == "Unauthorized: Invalid token for bearer authentication"
    assert http.post(f"{oauth2}/introspect", data={"token": renewed["access_token"], **creds},
                     headers=basic(client_id, secret), timeout=30).json() == {"active": False}


@pytest.mark.parametrize("auth_method", ["client_secret_basic", "client_secret_post"])
def test_authlibs_code_flow_with_pkce(control, auth_method: str) -> None:
    platform, client_id, secret = demo_client(control)
    oauth2, api = platform + "/oauth2/v1", platform + "/api/v1"
    redirect_uri = "http://127.0.0.1:9005/callback"
    session = OAuth2Session(client_id, secret, token_endpoint_auth_method=auth_method,
                            revocation_endpoint_auth_method=auth_method, redirect_uri=redirect_uri,
                            code_challenge_method="S256", scope="all")
    verifier = generate_token(48)
    url, state = session.create_authorization_url(f"{oauth2}/authorize", code_verifier=verifier)
    redirect = requests.get(url, allow_redirects=False, timeout=30)
    assert redirect.status_code == 303
    token = session.fetch_token(f"{oauth2}/token", authorization_response=redirect.headers["Location"],
                                code_verifier=verifier)
    assert token["token_type"] == "Bearer" and token["expires_at"] > 0 and token["refresh_token"]

    assert session.post(f"{api}/accounts", json={"count": 1}, timeout=30).json()["count"] >= 1
    old_access = token["access_token"]
    renewed = session.refresh_token(f"{oauth2}/token")
    assert renewed["access_token"] != old_access and renewed["refresh_token"] != token["refresh_token"]
    assert session.post(f"{api}/accounts", json={"count": 1}, timeout=30).status_code == 200
    seen = session.introspect_token(f"{oauth2}/introspect", token=renewed["refresh_token"],
                                    token_type_hint="refresh_token")
    assert seen.status_code == 200 and seen.json()["active"] is True
    assert session.revoke_token(f"{oauth2}/revoke", token=renewed["refresh_token"],
                                token_type_hint="refresh_token").status_code == 200
    refused = session.post(f"{api}/accounts", json={"count": 1}, timeout=30)
    assert refused.status_code == 401
    assert refused.headers["WWW-Authenticate"] == f'Bearer realm="{urlsplit(platform).path.strip("/")}" ' \
                                                  'error="invalid_token"'
