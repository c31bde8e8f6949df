"""OAuth 2.0 for BasicOps: authorization code with PKCE, and refresh (research §2.2).

BasicOps documents the authorize step (app.basicops.com/oauth/auth: client_id, response_type=code,
redirect_uri registered with the app, code_challenge + code_challenge_method=S256, required for
public clients, optional for confidential ones, state).  The token step comes from a public
client: POST /oauth/token, form-encoded, grant_type authorization_code (client_id, client_secret,
redirect_uri, code[, code_verifier]) or refresh_token (client_id, client_secret, refresh_token).
The answer has the RFC 6749 shape {"access_token", "token_type": "Bearer", "expires_in",
"refresh_token"} and errors are RFC 6749's {"error", "error_description"} (the real shapes are not
public).

Everything lives in the account's credentials, found through the core's credential index in O(1):
fixture apps (`oauth_client`: value = client id, `secret`, `redirect_uris`, `public`), codes
(`oauth_code`, single use, 10 minutes), access tokens (`oauth_access`, setting
oauth_token_lifetime_seconds) and refresh tokens (`oauth_refresh`, rotated on use).  The authorize
step is emulated without a login page: the code is issued for the user named by `user` (an id) or
`login_hint` (an email), else for the app's own user.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
from datetime import timedelta
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

from ...core.api import ApiError
from ...core.caller import acting_as
from ...core.store import CREDENTIALS_TABLE, Record, Store, TenantDB
from . import context
from .formats import iso, now, parse_instant, to_int

API = "basicops"
API_KEY, CLIENT, CODE, ACCESS, REFRESH = "api_key", "oauth_client", "oauth_code", "oauth_access", "oauth_refresh"


def oauth_error(error: str, description: str, status: int = 400) -> ApiError:
    headers = {"WWW-Authenticate": 'Basic realm="oauth"'} if status == 401 else None
    return ApiError(status, description, detail={"error": error, "error_description": description},
                    headers=headers, reason="oauth")


def _client(store: Store, client_id: Any) -> tuple[TenantDB, Record]:
    found = store.credentials.find(API, CLIENT, str(client_id or ""))
    if not client_id or found is None:
        raise oauth_error("invalid_client", "Unknown client_id", 401)
    return found


def _challenge(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii", "replace")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _add(tenant: TenantDB, kind: str, value: str, user_id: Any, **extra: Any) -> None:
    """A credential row: the core's index finds it by (kind, value) at once."""
    tenant.table(CREDENTIALS_TABLE).insert({"kind": kind, "value": value, "user_id": user_id, **extra})


def _expired(cred: Record) -> bool:
    expires = parse_instant(cred.get("expires"))
    return expires is None or expires <= now()


def _drop_expired(tenant: TenantDB) -> None:
    creds = tenant.table(CREDENTIALS_TABLE)
    for cred in creds.filter(lambda c: c.get("kind") in (CODE, ACCESS, REFRESH)):
        if _expired(cred):
            creds.delete(cred["id"])


# -- authorize ---------------------------------------------------------------------------------

def authorize(store: Store, params: dict[str, Any]) -> str:
    """The redirect (redirect_uri?code=...&state=...) the authorize step ends with."""
    tenant, app = _client(store, params.get("client_id"))
    redirect_uri = params.get("redirect_uri") or ""
    if redirect_uri not in (app.get("redirect_uris") or []):
        raise oauth_error("invalid_request", "redirect_uri is not registered for this client")
    if params.get("response_type") != "code":
        raise oauth_error("unsupported_response_type", 'response_type must be "code"')
    challenge = params.get("code_challenge") or None
    method = params.get("code_challenge_method") or ("S256" if challenge else None)
    if app.get("public") and not challenge:
        raise oauth_error("invalid_request", "code_challenge is required for public clients (PKCE)")
    if challenge and method not in ("S256", "plain"):
        raise oauth_error("invalid_request", 'code_challenge_method must be "S256"')
    with acting_as(tenant):
        user = _authorizing_user(tenant, app, params)
        _drop_expired(tenant)
        code = secrets.token_urlsafe(24)
        lifetime = float(context.setting("oauth_code_lifetime_seconds"))
        _add(tenant, CODE, code, user["id"], client_id=app["value"], redirect_uri=redirect_uri,
             challenge=challenge, method=method, expires=iso(now() + timedelta(seconds=lifetime)))
    query = {"code": code, **({"state": params["state"]} if params.get("state") else {})}
    parts = urlsplit(redirect_uri)
    joined = f"{parts.query}&{urlencode(query)}" if parts.query else urlencode(query)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, joined, parts.fragment))


def _authorizing_user(tenant: TenantDB, app: Record, params: dict[str, Any]) -> Record:
    users = tenant.table("users")
    if params.get("user"):
        user = users.get(to_int(params["user"]))
    elif params.get("login_hint"):
        hint = str(params["login_hint"]).strip().lower()
        user = next((u for u in users.scan() if str(u.get("email") or "").lower() == hint), None)
    else:
        user = users.get(app.get("user_id"))
    if user is None or not user.get("active", True):
        raise oauth_error("access_denied", "No such active user in the app's account")
    return user


# -- token -------------------------------------------------------------------------------------

def token(store: Store, form: dict[str, Any]) -> dict[str, Any]:
    """POST /oauth/token: exchange a code, or refresh."""
    grant = form.get("grant_type")
    if grant not in ("authorization_code", "refresh_token"):
        raise oauth_error("unsupported_grant_type", 'grant_type must be "authorization_code" or "refresh_token"')
    tenant, app = _client(store, form.get("client_id"))
    with acting_as(tenant):
        if grant == "authorization_code":
            user_id = _exchange_code(store, tenant, app, form)
        else:
            user_id = _use_refresh_token(store, tenant, app, form)
        return _issue(tenant, app, user_id)


def _authenticate_client(app: Record, form: dict[str, Any], *, pkce_verified: bool) -> None:
    secret = form.get("client_secret")
    if secret is not None:
        if not hmac.compare_digest(str(secret), str(app.get("secret") or "")):
            raise oauth_error("invalid_client", "client_secret does not match", 401)
    elif not (app.get("public") or pkce_verified):
        raise oauth_error("invalid_client", "client_secret is required for confidential clients", 401)


def _exchange_code(store: Store, tenant: TenantDB, app: Record, form: dict[str, Any]) -> int:
    code = form.get("code")
    found = store.credentials.find(API, CODE, str(code or ""))
    if not code or found is None or found[0] is not tenant or found[1].get("client_id") != app["value"]:
        raise oauth_error("invalid_grant", "The authorization code is invalid")
    grant = found[1]
    tenant.table(CREDENTIALS_TABLE).delete(grant["id"])  # single use, even when the rest fails
    if _expired(grant):
        raise oauth_error("invalid_grant", "The authorization code has expired")
    if form.get("redirect_uri") not in (None, grant.get("redirect_uri")):
        raise oauth_error("invalid_grant", "redirect_uri does not match the authorization request")
    verified = False
    if grant.get("challenge"):
        verifier = form.get("code_verifier")
        if not verifier or not 43 <= len(str(verifier)) <= 128:
            raise oauth_error("invalid_grant", "code_verifier (43 to 128 characters) is required")
        expected = str(verifier) if grant.get("method") == "plain" else _challenge(str(verifier))
        if not hmac.compare_digest(expected, str(grant["challenge"])):
            raise oauth_error("invalid_grant", "code_verifier does not match the code_challenge")
        verified = True
    _authenticate_client(app, form, pkce_verified=verified)
    return int(grant["user_id"])


def _use_refresh_token(store: Store, tenant: TenantDB, app: Record, form: dict[str, Any]) -> int:
    _authenticate_client(app, form, pkce_verified=False)
    value = form.get("refresh_token")
    found = store.credentials.find(API, REFRESH, str(value or ""))
    if not value or found is None or found[0] is not tenant or found[1].get("client_id") != app["value"]:
        raise oauth_error("invalid_grant", "The refresh token is invalid")
    grant = found[1]
    tenant.table(CREDENTIALS_TABLE).delete(grant["id"])  # rotated: a refresh token works once
    if _expired(grant):
        raise oauth_error("invalid_grant", "The refresh token has expired")
    return int(grant["user_id"])


REFRESH_LIFETIME = timedelta(days=30)


def _issue(tenant: TenantDB, app: Record, user_id: int) -> dict[str, Any]:
    user = tenant.table("users").get(user_id)
    if user is None or not user.get("active", True):
        raise oauth_error("invalid_grant", "The user is no longer active")
    _drop_expired(tenant)
    lifetime = int(context.setting("oauth_token_lifetime_seconds"))
    access, refresh = f"bot_{secrets.token_urlsafe(32)}", f"bor_{secrets.token_urlsafe(32)}"
    current = now()
    _add(tenant, ACCESS, access, user_id, client_id=app["value"], expires=iso(current + timedelta(seconds=lifetime)))
    _add(tenant, REFRESH, refresh, user_id, client_id=app["value"], expires=iso(current + REFRESH_LIFETIME))
    return {"access_token": access, "token_type": "Bearer", "expires_in": lifetime, "refresh_token": refresh}


# -- bearer tokens -------------------------------------------------------------------------------

def bearer(store: Store, value: str) -> tuple[TenantDB, Record] | None:
    """(tenant, user) for an API key or an unexpired access token whose user is active, else None."""
    found = store.credentials.find(API, API_KEY, value) or store.credentials.find(API, ACCESS, value)
    if found is None:
        return None
    tenant, cred = found
    if cred["kind"] == ACCESS:  # an API key never expires: no clock to read (the tenant's, so bound)
        with acting_as(tenant):
            if _expired(cred):
                return None
    # the stored row, no copy: the core binds it as the caller's user, which rules only read
    user = tenant.table("users").view(cred.get("user_id"))
    if user is None or not user.get("active", True):
        return None
    return tenant, user
