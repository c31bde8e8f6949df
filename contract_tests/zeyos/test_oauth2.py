"""ZeyOS's OAuth 2.0 API (oauth2.json, `/<instance>/oauth2/v1`): each endpoint and each documented error.

oauth2.json: GET /authorize (RFC 6749 §4.1.1: client_id, redirect_uri, response_type=code,
response_mode query|form_post, PKCE code_challenge + S256, state) answers 303; POST /token
(authorization_code, refresh_token, password; HTTP Basic or body credentials) answers
{token_type, access_token, expires_in 3600, refresh_token, refresh_token_expires_in 8640000},
401 invalid_client with `WWW-Authenticate: Basic realm="{INSTANCE}"`, 403 invalid_grant
("Forbidden: Invalid or expired refresh_token"); POST /revoke (RFC 7009) 200; POST /introspect
(RFC 7662) {active, client_id, username, sub, exp}; GET /userinfo (OpenID Connect claims).
Where oauth2.json is silent, RFC 6749 §4.1.2.1 and §5.2 (400 invalid_request,
unsupported_grant_type) and docs/zeyos.md.
"""
from __future__ import annotations

import base64
import re

import pytest

from contract_tests.client import Api

from .conftest import APPSECRET, SESSIONS, TOKENS, assert_text_error
from .oauth import (
    CALLBACK,
    CLIENT_ID,
    HEX40,
    SECRET,
    WEBAPP_CALLBACK,
    WEBAPP_ID,
    WEBAPP_SECRET,
    authorize,
    basic,
    code_for,
    exchange,
    oauth_error,
    query_of,
    refresh,
    tokens_for,
    verifier_and_challenge,
)

SEED_401 = "Unauthorized: Invalid token for bearer authentication"
OAUTH_401 = "Unauthorized: Invalid bearer token"


@pytest.fixture
def oauth(emulator_url: str) -> Api:
    return Api(emulator_url + "/demo/oauth2/v1")


@pytest.fixture
def settings(control):
    """Change the demo instance's settings (the autouse reset puts them back)."""
    return lambda **changes: control.settings("zeyos", "demo", **changes)


@pytest.fixture
def clock(control):
    """The demo instance's clock, back to real time after the test."""
    clock = control.clock.for_tenant("zeyos", "demo")
    clock.freeze()
    yield clock
    clock.real()


def bearer(zey, token: str):
    return zey.with_headers({"Authorization": f"Bearer {token}"})


# -- GET /authorize ------------------------------------------------------------------------------

def test_authorize_redirects_303_to_the_redirect_uri_with_code_and_state(oauth) -> None:
    resp = authorize(oauth, state="xyz 123")
    assert resp.status_code == 303
    assert resp.headers["Location"].startswith(CALLBACK + "?code=")
    got = query_of(resp)
    assert re.fullmatch(HEX40, got["code"]) and got == {"code": got["code"], "state": "xyz 123"}
    assert resp.headers["Cache-Control"] == "no-store" and resp.content == b""


def test_authorize_keeps_the_registered_query_and_sends_no_state_when_none_was_given(oauth) -> None:
    resp = authorize(oauth, client_id=WEBAPP_ID, redirect_uri=WEBAPP_CALLBACK)
    assert resp.status_code == 303
    assert resp.headers["Location"].startswith(WEBAPP_CALLBACK + "&code=")
    assert set(query_of(resp)) == {"source", "code"}


@pytest.mark.parametrize("uri", ["http://127.0.0.1:54321/callback", "http://localhost:1234/callback",
                                 "http://127.0.0.1/callback"])
def test_a_loopback_redirect_uri_may_name_any_port(oauth, uri: str) -> None:
    """RFC 8252 §7.3, as the official CLI's `zeyos login --port` needs."""
    resp = authorize(oauth, redirect_uri=uri)
    assert resp.status_code == 303 and resp.headers["Location"].startswith(uri + "?code=")


def test_form_post_mode_answers_a_page_that_posts_code_and_state(oauth) -> None:
    resp = authorize(oauth, response_mode="form_post", state="s<1>")
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/html")
    page = resp.text
    assert f'<form method="post" action="{CALLBACK}">' in page
    code = re.search(r'name="code" value="([a-f0-9]{40})"', page).group(1)
    assert 'name="state" value="s&lt;1&gt;"' in page
    assert exchange(oauth, code).status_code == 200


@pytest.mark.parametrize("params, text", [
    ({"client_id": None}, "Bad Request: Unknown client application"),
    ({"client_id": "nobody"}, "Bad Request: Unknown client application"),
    ({"client_id": "acme_integration"}, "Bad Request: Unknown client application"),  # another instance's
    ({"redirect_uri": None}, "Bad Request: Invalid redirect_uri"),
    ({"redirect_uri": "https://evil.example.com/callback"}, "Bad Request: Invalid redirect_uri"),
    ({"redirect_uri": "http://127.0.0.1:9005/other"}, "Bad Request: Invalid redirect_uri"),
    ({"redirect_uri": "http://client.example.com/oauth/callback"}, "Bad Request: Invalid redirect_uri"),
    ({"redirect_uri": CALLBACK + "#frag"}, "Bad Request: Invalid redirect_uri"),
    ({"redirect_uri": WEBAPP_CALLBACK}, "Bad Request: Invalid redirect_uri"),  # another client's
])
def test_an_unknown_client_or_bad_redirect_uri_is_never_redirected_to(oauth, params: dict, text: str) -> None:
    """RFC 6749 §4.1.2.1: "MUST NOT automatically redirect the user-agent to the invalid redirection URI"."""
    resp = authorize(oauth, state="s", **params)
    assert "Location" not in resp.headers
    assert_text_error(resp, 400, text)


def test_a_repeated_client_id_or_redirect_uri_is_not_redirected_to(oauth) -> None:
    for name, value in (("client_id", CLIENT_ID), ("redirect_uri", CALLBACK)):
        query = f"client_id={CLIENT_ID}&redirect_uri={CALLBACK}&response_type=code&{name}={value}"
        resp = oauth.get("/authorize?" + query)
        assert resp.status_code == 400 and "Location" not in resp.headers


@pytest.mark.parametrize("params, error, description", [
    ({"response_type": None}, "invalid_request", "Bad Request: Missing parameter response_type"),
    ({"response_type": "token"}, "unsupported_response_type", "Bad Request: Unsupported response_type"),
    ({"response_mode": "fragment"}, "invalid_request", "Bad Request: Unsupported response_mode"),
    ({"code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"}, "invalid_request",
     "Bad Request: Missing parameter code_challenge_method"),
    ({"code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "plain"},
     "invalid_request", "Bad Request: Unsupported code_challenge_method"),
    ({"code_challenge": "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM", "code_challenge_method": "S512"},
     "invalid_request", "Bad Request: Unsupported code_challenge_method"),
    ({"code_challenge": "short", "code_challenge_method": "S256"}, "invalid_request",
     "Bad Request: Invalid code_challenge"),
])
def test_other_errors_are_redirected_with_error_description_and_state(oauth, params, error, description) -> None:
    """RFC 6749 §4.1.2.1; oauth2.json lists only S256 (RFC 7636 §4.4.1: an unsupported method is
    invalid_request) and makes the method required with a challenge."""
    resp = authorize(oauth, state="st", **params)
    assert resp.status_code == 303 and resp.headers["Location"].startswith(CALLBACK + "?")
    assert query_of(resp) == {"error": error, "error_description": description, "state": "st"}


def test_a_repeated_parameter_is_an_invalid_request(oauth) -> None:
    resp = oauth.get(f"/authorize?client_id={CLIENT_ID}&redirect_uri={CALLBACK}&response_type=code"
                     "&state=a&state=b")
    assert resp.status_code == 303
    assert query_of(resp) == {"error": "invalid_request", "error_description": "Bad Request: Repeated parameter state",
                              "state": "a"}


def test_consent_denied_by_the_instance_settings_answers_access_denied(oauth, settings) -> None:
    settings(oauth_consent="deny")
    resp = authorize(oauth, state="q")
    assert resp.status_code == 303
    assert query_of(resp) == {"error": "access_denied", "state": "q",
                              "error_description": "Forbidden: The user denied the authorization request"}
    form = authorize(oauth, state="q", response_mode="form_post")
    assert form.status_code == 200 and 'name="error" value="access_denied"' in form.text


@pytest.mark.parametrize("approver", ["nobody", ""])
def test_an_unknown_approver_denies_too(oauth, settings, approver: str) -> None:
    settings(oauth_approver=approver)
    assert query_of(authorize(oauth))["error"] == "access_denied"


@pytest.mark.parametrize("approver", ["john.doe", "john.doe@demo.example", "3"])
def test_the_approver_setting_picks_whose_token_it_is(oauth, zey, settings, approver: str) -> None:
    """The setting names a user by name, e-mail or ID; the token acts with that user's permissions
    (john.doe: tickets writable, no opportunities)."""
    settings(oauth_approver=approver)
    token = tokens_for(oauth)["access_token"]
    me = oauth.get("/userinfo", headers={"Authorization": f"Bearer {token}"}).json()
    assert me["sub"] == "3" and me["preferred_username"] == "john.doe"
    assert bearer(zey, token).list("tickets", {"count": 1}).status_code == 200
    assert_text_error(bearer(zey, token).list("opportunities"), 403, "Forbidden: Lacking access permission")


def test_plain_pkce_works_where_the_instance_allows_it(oauth, settings) -> None:
    settings(oauth_pkce_methods=["S256", "plain"])
    verifier = "v" * 43
    code = code_for(oauth, code_challenge=verifier, code_challenge_method="plain")
    oauth_error(exchange(oauth, code, code_verifier="w" * 43), 403, "invalid_grant", "Forbidden: Invalid code_verifier")
    assert exchange(oauth, code, code_verifier=verifier).status_code == 200


# -- POST /token ----------------------------------------------------------------------------------

def test_the_token_answer_is_oauth2_jsons(oauth) -> None:
    resp = exchange(oauth, code_for(oauth))
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    body = resp.json()
    assert body == {"token_type": "Bearer", "access_token": body["access_token"], "expires_in": 3600,
                    "refresh_token": body["refresh_token"], "refresh_token_expires_in": 8640000}
    assert re.fullmatch(HEX40, body["access_token"]) and re.fullmatch(HEX40, body["refresh_token"])
    assert resp.headers["Cache-Control"] == "no-store" and resp.headers["Pragma"] == "no-cache"


@pytest.mark.parametrize("how", ["basic", "post", "both", "json"])
def test_the_client_authenticates_by_basic_or_in_the_body(oauth, how: str) -> None:
    """client_secret_basic, client_secret_post, both at once (the official JS client), a JSON body."""
    code = code_for(oauth)
    creds = {"client_id": CLIENT_ID, "client_secret": SECRET}
    body = {"grant_type": "authorization_code", "code": code}
    if how == "basic":
        resp = oauth.post("/token", headers=basic(), data=body)
    elif how == "post":
        resp = oauth.post("/token", data={**body, **creds})
    elif how == "both":
        resp = oauth.post("/token", headers=basic(), data={**body, **creds})
    else:
        resp = oauth.post("/token", json={**body, **creds})
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize("headers, body, description", [
    ({}, {}, "Unauthorized: Missing client credentials"),
    ({}, {"client_id": CLIENT_ID}, "Unauthorized: Missing client credentials"),
    ({}, {"client_id": "nobody", "client_secret": SECRET}, "Unauthorized: Unknown client application"),
    ({}, {"client_id": CLIENT_ID, "client_secret": "0" * 40}, "Unauthorized: Invalid client secret"),
    (basic(secret="0" * 40), {}, "Unauthorized: Invalid client secret"),
    (basic(), {"client_id": WEBAPP_ID}, "Unauthorized: Conflicting client credentials"),
    ({"Authorization": "Basic !!!"}, {}, "Unauthorized: Missing client credentials"),
    ({"Authorization": "Basic " + base64.b64encode(b"no-colon").decode()}, {},
     "Unauthorized: Missing client credentials"),
    ({"Authorization": f"Bearer {TOKENS['admin']}"}, {}, "Unauthorized: Missing client credentials"),
    ({}, {"client_id": "acme_integration", "client_secret": "0123456789abcdef0123456789abcdef01234567"},
     "Unauthorized: Unknown client application"),
])
def test_client_authentication_failures_are_401_invalid_client(oauth, headers, body, description) -> None:
    for path in ("/token", "/revoke", "/introspect"):
        resp = oauth.post(path, headers=headers, data={"grant_type": "password", "token": "0" * 40, **body})
        oauth_error(resp, 401, "invalid_client", description)
        assert resp.headers["WWW-Authenticate"] == 'Basic realm="demo"'


@pytest.mark.parametrize("body, description", [
    ({}, "Bad Request: Missing parameter grant_type"),
    ({"grant_type": "authorization_code"}, "Bad Request: Missing parameter code"),
    ({"grant_type": "refresh_token"}, "Bad Request: Missing parameter refresh_token"),
    ({"grant_type": "password", "password": "x"}, "Bad Request: Missing parameter username"),
    ({"grant_type": "password", "username": "admin"}, "Bad Request: Missing parameter password"),
])
def test_a_missing_parameter_is_400_invalid_request(oauth, body: dict, description: str) -> None:
    oauth_error(oauth.post("/token", headers=basic(), data=body), 400, "invalid_request", description)


def test_a_repeated_parameter_or_unreadable_body_is_400_invalid_request(oauth) -> None:
    resp = oauth.post("/token", headers={**basic(), "Content-Type": "application/x-www-form-urlencoded"},
                      data="grant_type=password&grant_type=refresh_token")
    oauth_error(resp, 400, "invalid_request", "Bad Request: Repeated parameter grant_type")
    resp = oauth.post("/token", headers={**basic(), "Content-Type": "application/json"}, data="{nope")
    oauth_error(resp, 400, "invalid_request", "Bad Request: Invalid request body")
    resp = oauth.post("/token", headers=basic(), json={"grant_type": "authorization_code", "code": 42})
    oauth_error(resp, 400, "invalid_request", "Bad Request: Invalid parameter code")


def test_an_unknown_grant_type_is_400_unsupported_grant_type(oauth) -> None:
    for grant in ("client_credentials", "implicit"):
        resp = oauth.post("/token", headers=basic(), data={"grant_type": grant})
        oauth_error(resp, 400, "unsupported_grant_type", "Bad Request: Unsupported grant_type")


def test_wrong_methods_answer_json_too(oauth) -> None:
    resp = oauth.get("/token")
    oauth_error(resp, 405, "invalid_request", "Method Not Allowed")
    assert "POST" in resp.headers["Allow"]


def test_pkce_s256_the_verifier_is_required_and_checked(oauth) -> None:
    """RFC 7636 §4.6: a verifier that does not match is invalid_grant (oauth2.json: 403)."""
    verifier, challenge = verifier_and_challenge()
    code = code_for(oauth, code_challenge=challenge, code_challenge_method="S256")
    oauth_error(exchange(oauth, code), 403, "invalid_grant", "Forbidden: Invalid code_verifier")
    other, _ = verifier_and_challenge()
    oauth_error(exchange(oauth, code, code_verifier=other), 403, "invalid_grant", "Forbidden: Invalid code_verifier")
    assert exchange(oauth, code, code_verifier=verifier).status_code == 200


def test_a_code_is_single_use_and_a_replay_revokes_its_tokens(oauth, zey) -> None:
    """oauth2.json: "Authorization code (single-use)"; RFC 6749 §4.1.2: a second use is denied and
    SHOULD revoke the tokens issued from it."""
    code = code_for(oauth)
    first = exchange(oauth, code).json()
    assert bearer(zey, first["access_token"]).list("accounts", {"count": 1}).status_code == 200
    oauth_error(exchange(oauth, code), 403, "invalid_grant", "Forbidden: Invalid or expired code")
    assert_text_error(bearer(zey, first["access_token"]).list("accounts"), 401, SEED_401)
    oauth_error(refresh(oauth, first["refresh_token"]), 403, "invalid_grant")


def test_a_code_expires_by_the_emulator_clock(oauth, clock) -> None:
    """Codes live `oauth_code_lifetime` seconds (600: RFC 6749 §4.1.2's ten minutes at most)."""
    code = code_for(oauth)
    clock.advance(599)
    fresh = code_for(oauth, client_id=WEBAPP_ID, redirect_uri=WEBAPP_CALLBACK)
    clock.advance(1)
    oauth_error(exchange(oauth, code), 403, "invalid_grant", "Forbidden: Invalid or expired code")
    assert exchange(oauth, fresh, WEBAPP_ID, WEBAPP_SECRET).status_code == 200


def test_a_code_is_only_its_clients_and_its_redirect_uris(oauth) -> None:
    code = code_for(oauth)
    oauth_error(exchange(oauth, code, WEBAPP_ID, WEBAPP_SECRET), 403, "invalid_grant",
                "Forbidden: Invalid or expired code")
    oauth_error(exchange(oauth, code, redirect_uri="http://127.0.0.1:1/callback"), 403, "invalid_grant",
                "Forbidden: Invalid redirect_uri")
    assert exchange(oauth, code, redirect_uri=CALLBACK).status_code == 200
    oauth_error(exchange(oauth, "0" * 40), 403, "invalid_grant", "Forbidden: Invalid or expired code")


def test_refresh_tokens_rotate_and_the_old_pair_stops_working(oauth, zey) -> None:
    """oauth2.json: a "single-use refresh token"; "Previous tokens will thereby invalidate"."""
    first = tokens_for(oauth)
    second = refresh(oauth, first["refresh_token"])
    assert second.status_code == 200
    second = second.json()
    assert {second["access_token"], second["refresh_token"]}.isdisjoint({first["access_token"],
                                                                         first["refresh_token"]})
    oauth_error(refresh(oauth, first["refresh_token"]), 403, "invalid_grant",
                "Forbidden: Invalid or expired refresh_token")
    assert_text_error(bearer(zey, first["access_token"]).list("accounts"), 401, SEED_401)
    assert bearer(zey, second["access_token"]).list("accounts", {"count": 1}).status_code == 200
    oauth_error(refresh(oauth, second["refresh_token"], WEBAPP_ID, WEBAPP_SECRET), 403, "invalid_grant")


def test_a_new_authorization_replaces_the_users_previous_tokens_for_that_client(oauth, zey) -> None:
    """dbref.json's tokens: one per (user, application, type); the Auth API's tokens stay."""
    first = tokens_for(oauth)
    second = tokens_for(oauth)
    assert_text_error(bearer(zey, first["access_token"]).list("accounts"), 401, SEED_401)
    assert bearer(zey, second["access_token"]).list("accounts", {"count": 1}).status_code == 200
    assert bearer(zey, TOKENS["admin"]).list("accounts", {"count": 1}).status_code == 200
    webapp = exchange(oauth, code_for(oauth, client_id=WEBAPP_ID, redirect_uri=WEBAPP_CALLBACK),
                      WEBAPP_ID, WEBAPP_SECRET).json()
    assert bearer(zey, second["access_token"]).list("accounts", {"count": 1}).status_code == 200
    assert bearer(zey, webapp["access_token"]).list("accounts", {"count": 1}).status_code == 200


def test_access_and_refresh_tokens_expire_by_the_emulator_clock(oauth, zey, clock) -> None:
    pair = tokens_for(oauth)
    api = bearer(zey, pair["access_token"])
    clock.advance(3599)
    assert api.list("accounts", {"count": 1}).status_code == 200
    clock.advance(1)
    assert_text_error(api.list("accounts"), 401, SEED_401)
    assert api.list("accounts").headers["WWW-Authenticate"] == 'Bearer realm="demo" error="invalid_token"'
    assert_text_error(oauth.get("/userinfo", headers={"Authorization": f"Bearer {pair['access_token']}"}), 401,
                      OAUTH_401)
    assert oauth.post("/introspect", headers=basic(), data={"token": pair["access_token"]}).json() == {
        "active": False}
    renewed = refresh(oauth, pair["refresh_token"])
    assert renewed.status_code == 200
    clock.advance(8_640_000)
    oauth_error(refresh(oauth, renewed.json()["refresh_token"]), 403, "invalid_grant",
                "Forbidden: Invalid or expired refresh_token")


def test_the_password_grant(oauth, zey) -> None:
    resp = oauth.post("/token", headers=basic(), data={"grant_type": "password", "username": "max.power@demo.example",
                                                        "password": "MySecretPwd", "otp": "123456"})
    assert resp.status_code == 200
    token = resp.json()["access_token"]
    assert oauth.get("/userinfo", headers={"Authorization": f"Bearer {token}"}).json()["sub"] == "2"
    for username, password in (("max.power", "wrong"), ("nobody", "x"), ("max.power", "MySecretPwdé")):
        resp = oauth.post("/token", headers=basic(), data={"grant_type": "password", "username": username,
                                                            "password": password})
        oauth_error(resp, 403, "invalid_grant", "Forbidden: Invalid credentials")


def test_oauth_tokens_carry_their_applications_context(oauth, zey) -> None:
    """An OAuth token is an application token: /api/v1/settings answers the application's settings."""
    token = tokens_for(oauth)["access_token"]
    assert bearer(zey, token).get("/settings").json() == {"theme": "light", "pagesize": 25}
    assert oauth.get("/userinfo", headers={"Authorization": f"Bearer {token}"}).status_code == 200


# -- POST /revoke ---------------------------------------------------------------------------------

def test_revoking_an_access_token_stops_it_and_leaves_the_refresh_token(oauth, zey) -> None:
    pair = tokens_for(oauth)
    resp = oauth.post("/revoke", headers=basic(), data={"token": pair["access_token"],
                                                         "token_type_hint": "access_token"})
    assert resp.status_code == 200 and resp.content == b""
    assert_text_error(bearer(zey, pair["access_token"]).list("accounts"), 401, SEED_401)
    assert refresh(oauth, pair["refresh_token"]).status_code == 200


def test_revoking_a_refresh_token_takes_its_access_token_along(oauth, zey) -> None:
    """oauth2.json: "If the specified token is a refresh token, the associated access token will
    also be invalidated"."""
    pair = tokens_for(oauth)
    assert oauth.post("/revoke", headers=basic(), data={"token": pair["refresh_token"]}).status_code == 200
    assert_text_error(bearer(zey, pair["access_token"]).list("accounts"), 401, SEED_401)
    oauth_error(refresh(oauth, pair["refresh_token"]), 403, "invalid_grant")


def test_revoking_an_unknown_or_foreign_token_answers_200_and_changes_nothing(oauth, zey) -> None:
    """RFC 7009 §2.2: "invalid tokens do not cause an error response"."""
    pair = tokens_for(oauth)
    for token in ("0" * 40, "not even hex", pair["access_token"]):
        resp = oauth.post("/revoke", headers=basic(WEBAPP_ID, WEBAPP_SECRET), json={"token": token})
        assert resp.status_code == 200
    assert bearer(zey, pair["access_token"]).list("accounts", {"count": 1}).status_code == 200
    oauth_error(oauth.post("/revoke", headers=basic(), data={}), 400, "invalid_request",
                "Bad Request: Missing parameter token")


# -- POST /introspect -----------------------------------------------------------------------------

def test_introspecting_active_tokens(oauth, clock) -> None:
    now = int(clock.now().timestamp())
    pair = tokens_for(oauth)
    resp = oauth.post("/introspect", headers=basic(), data={"token": pair["access_token"]})
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    assert resp.json() == {"active": True, "client_id": CLIENT_ID, "username": "admin", "sub": "1",
                           "exp": now + 3600}
    resp = oauth.post("/introspect", json={"token": pair["refresh_token"], "client_id": CLIENT_ID,
                                           "client_secret": SECRET})
    assert resp.json() == {"active": True, "client_id": CLIENT_ID, "username": "admin", "sub": "1",
                           "exp": now + 8_640_000}


def test_introspecting_an_auth_api_token_of_the_same_application(oauth, emulator_url) -> None:
    login = Api(emulator_url + "/demo/auth/v1").post("/login", data={
        "name": "max.power", "password": "MySecretPwd", "identifier": "dev", "appsecret": APPSECRET}).json()
    got = oauth.post("/introspect", headers=basic(), data={"token": login["token"]}).json()
    assert got == {"active": True, "client_id": CLIENT_ID, "username": "max.power", "sub": "2"}  # no expiry


def test_introspecting_unknown_revoked_or_foreign_tokens_answers_inactive(oauth) -> None:
    """RFC 7662 §2.2: {"active": false} for a token that is not active or not the caller's to see."""
    pair = tokens_for(oauth)
    webapp = basic(WEBAPP_ID, WEBAPP_SECRET)
    assert oauth.post("/introspect", headers=webapp, data={"token": pair["access_token"]}).json() == {"active": False}
    oauth.post("/revoke", headers=basic(), data={"token": pair["access_token"]})
    for token in (pair["access_token"], "0" * 40, "x"):
        assert oauth.post("/introspect", headers=basic(), data={"token": token}).json() == {"active": False}
    oauth_error(oauth.post("/introspect", headers=basic(), data={}), 400, "invalid_request",
                "Bad Request: Missing parameter token")


# -- GET /userinfo --------------------------------------------------------------------------------

def test_userinfo_of_a_user_with_a_contact(oauth) -> None:
    token = tokens_for(oauth)["access_token"]
    resp = oauth.get("/userinfo", headers={"Authorization": f"Bearer {token}"})
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    assert resp.json() == {
        "sub": "1", "name": "Ada Admin", "preferred_username": "admin", "email": "admin@demo.example",
        "zoneinfo": "Europe/Berlin", "locale": "en-US", "nopublic": False, "apionly": False,
        "updated_at": 1700000000, "given_name": "Ada", "family_name": "Admin",
        "address": {"locality": "Munich", "country": "DE"},
        "groups": [{"id": 1, "name": "Administrators", "writable": True}],
        "permissions": [{"identifier": "admin", "writable": True}]}


def test_userinfo_takes_any_token_of_the_instance_or_the_session(oauth, emulator_url) -> None:
    """The CLI's whoami: the name falls back to the user name without a contact; an Auth API token
    (with or without an application) and the ZEYOSID session work as on /auth/v1."""
    me = oauth.get("/userinfo", headers={"Authorization": f"Bearer {TOKENS['max']}"}).json()
    assert me["sub"] == "2" and me["name"] == "max.power" and "given_name" not in me
    assert {g["name"] for g in me["groups"]} == {"Sales", "Support"}
    assert {"identifier": "accounts", "writable": True} in me["permissions"]
    appless = Api(emulator_url + "/demo/auth/v1").post("/login", data={
        "name": "guest", "password": "guest-secret", "identifier": "dev"}).json()["token"]
    assert oauth.get("/userinfo", headers={"Authorization": f"Bearer {appless}"}).json()["sub"] == "4"
    assert oauth.get("/userinfo", cookies={"ZEYOSID": SESSIONS["admin"]}).json()["sub"] == "1"


@pytest.mark.parametrize("headers", [{}, {"Authorization": "Bearer " + "0" * 40}, {"Authorization": "Basic eDp5"}])
def test_userinfo_without_a_valid_token_is_401_in_oauth2_jsons_words(oauth, headers: dict) -> None:
    resp = oauth.get("/userinfo", headers=headers)
    assert_text_error(resp, 401, OAUTH_401)
    assert resp.headers["WWW-Authenticate"] == 'Bearer realm="demo" error="invalid_token"'


def test_userinfo_of_another_instances_token_is_401(oauth, emulator_url) -> None:
    acme_admin = next(c["value"] for c in __import__("contract_tests.zeyos.conftest", fromlist=["ACME"]).ACME[
        "credentials"] if c["kind"] == "token")
    assert_text_error(oauth.get("/userinfo", headers={"Authorization": f"Bearer {acme_admin}"}), 401, OAUTH_401)
    acme = Api(emulator_url + "/acme/oauth2/v1")
    assert acme.get("/userinfo", headers={"Authorization": f"Bearer {acme_admin}"}).json()["preferred_username"] == \
        "acme.admin"


# -- mounts, credentials listing, cloned instances ------------------------------------------------

def test_the_api_is_also_under_the_zeyos_mount(emulator_url) -> None:
    oauth = Api(emulator_url + "/zeyos/demo/oauth2/v1")
    token = tokens_for(oauth)["access_token"]
    assert Api(emulator_url + "/zeyos/demo/api/v1").post(
        "/accounts", json={"count": 1}, headers={"Authorization": f"Bearer {token}"}).status_code == 200


def test_the_credentials_listing_shows_the_oauth_clients(control, emulator_url) -> None:
    demo = next(t for t in control.credentials()["zeyos"]["tenants"] if t["tenant"] == "demo")
    clients = {u["client_id"]: u for u in demo["users"] if u.get("oauth_client")}
    assert set(clients) == {CLIENT_ID, WEBAPP_ID}
    client = clients[CLIENT_ID]
    assert client["client_secret"] == SECRET and CALLBACK in client["redirect_uris"]
    assert client["token_endpoint"] == emulator_url + "/demo/oauth2/v1/token"
    assert client["platform_url"] == emulator_url + "/demo" and client["approver"] == "admin"


def test_a_new_instance_gets_client_secrets_of_its_own(control, emulator_url) -> None:
    made = control.new_tenant("zeyos", "demo")
    name = made["tenant"]
    try:
        client = next(u for u in made["users"] if u.get("oauth_client") and u["client_id"] == CLIENT_ID)
        assert re.fullmatch(HEX40, client["client_secret"]) and client["client_secret"] != SECRET
        oauth = Api(emulator_url + f"/{name}/oauth2/v1")
        code = code_for(oauth)
        oauth_error(exchange(oauth, code), 401, "invalid_client", "Unauthorized: Invalid client secret")
        pair = exchange(oauth, code, CLIENT_ID, client["client_secret"]).json()
        assert Api(emulator_url + f"/{name}/api/v1").post(
            "/accounts", json={"count": 1}, headers={"Authorization": f"Bearer {pair['access_token']}"}
        ).status_code == 200
        # the fixture instance's client secret is the fixture's still; a reset keeps the new one
        assert exchange(Api(emulator_url + "/demo/oauth2/v1"), code_for(Api(emulator_url + "/demo/oauth2/v1"))
                        ).status_code == 200
        control.reset("zeyos", name)
        assert exchange(oauth, code_for(oauth), CLIENT_ID, client["client_secret"]).status_code == 200
        login = Api(emulator_url + f"/{name}/auth/v1").post("/login", data={
            "name": "admin", "password": "admin-secret", "identifier": "x", "appsecret": client["client_secret"]})
        assert login.status_code == 200 and login.json()["application"] == 1
    finally:
        control.drop_tenant("zeyos", name)


@pytest.mark.parametrize("changes, message", [
    ({"oauth_consent": "maybe"}, "oauth_consent must be one of ['approve', 'deny']"),
    ({"oauth_pkce_methods": ["S512"]}, "oauth_pkce_methods must list one or more of ['S256', 'plain'], each once"),
    ({"oauth_pkce_methods": []}, "oauth_pkce_methods must list one or more of ['S256', 'plain'], each once"),
    ({"oauth_code_lifetime": 0}, "oauth_code_lifetime must be a number of seconds from 1 to 86400"),
    ({"instance": "other"}, "instance is the instance's name in every path: it cannot change"),
])
def test_the_control_api_refuses_settings_the_instance_cannot_take(control, changes: dict, message: str) -> None:
    from emulator.testing import ControlError

    with pytest.raises(ControlError) as refused:
        control.settings("zeyos", "demo", **changes)
    assert refused.value.status == 400 and message in str(refused.value.body)
    assert control.settings("zeyos", "demo")["oauth_consent"] == "approve"


def test_a_deeply_nested_json_body_is_an_invalid_request(oauth) -> None:
    resp = oauth.post("/token", headers={**basic(), "Content-Type": "application/json"},
                      data="[" * 200 + "]" * 200)
    oauth_error(resp, 400, "invalid_request", "Bad Request: Invalid request body")
