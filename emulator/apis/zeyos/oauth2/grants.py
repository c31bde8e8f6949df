"""POST /token, /revoke and /introspect: the rules, for an authenticated client, without HTTP.

/token's grants are oauth2.json's three: `authorization_code` (with the PKCE verifier when the
authorization carried a challenge, and `redirect_uri`, when sent, equal to the authorization's),
`refresh_token` (single-use: every refresh rotates it, and the pair it replaces stops working) and
`password` (`username` = user name or e-mail, `password`, `otp`).  A code is single-use: a second
exchange fails and revokes the tokens the first one produced (RFC 6749 §4.1.2).  A code, refresh
token or token of another client is not this client's: `invalid_grant`, `{"active": false}`, or
(revocation) nothing done.

/revoke (RFC 7009) answers 200 for every token, unknown ones included; a refresh token takes its
access token along (oauth2.json).  /introspect (RFC 7662) answers `{"active": false}` for a token
that is unknown, revoked, expired, of a deactivated user, or of another client; otherwise
`active`, `client_id`, `username`, `sub` and `exp` (oauth2.json's fields).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ....core.store import Record, TenantDB
from ..rows import tenant_rows
from ..tokens import TOKEN, active_user, user_by_login
from . import issued, pkce
from .clients import Client
from .errors import (
    INVALID_CODE,
    INVALID_CREDENTIALS,
    INVALID_REDIRECT,
    INVALID_REFRESH_TOKEN,
    INVALID_VERIFIER,
    UNSUPPORTED_GRANT,
    UNSUPPORTED_GRANT_TYPE,
    invalid_grant,
    missing,
    oauth_error,
)

GRANT_TYPES = ("authorization_code", "refresh_token", "password")


def _user(tenant: TenantDB, user_id: Any) -> Record | None:
    user = tenant_rows(tenant)("users").get(str(user_id))
    return user if user is not None and active_user(user) else None


def token(tenant: TenantDB, client: Client, body: Mapping[str, str]) -> dict[str, Any]:
    """The /token answer for one request body (its parameters as strings)."""
    grant_type = body.get("grant_type")
    if not grant_type:
        raise missing("grant_type")
    if grant_type == "authorization_code":
        return _authorization_code(tenant, client, body)
    if grant_type == "refresh_token":
        return _refresh(tenant, client, body)
    if grant_type == "password":
        return _password(tenant, client, body)
    raise oauth_error(400, UNSUPPORTED_GRANT_TYPE, UNSUPPORTED_GRANT)


def _authorization_code(tenant: TenantDB, client: Client, body: Mapping[str, str]) -> dict[str, Any]:
    value = body.get("code")
    if not value:
        raise missing("code")
    code = issued.find(tenant, issued.CODE, value)
    if code is None or code.get("application") != client.id or not issued.alive(code):
        raise invalid_grant(INVALID_CODE)
    if code.get("used"):
        issued.revoke_grant(tenant, code.get("grant"))  # a replayed code: what it produced is void
        issued.delete(tenant, code)
        raise invalid_grant(INVALID_CODE)
    redirect_uri = body.get("redirect_uri")
    if redirect_uri is not None and redirect_uri != code.get("redirect_uri"):
        raise invalid_grant(INVALID_REDIRECT)
    if code.get("challenge") and not pkce.verify(code["challenge"], code.get("method") or "S256",
                                                 body.get("code_verifier")):
        raise invalid_grant(INVALID_VERIFIER)
    user = _user(tenant, code.get("user_id"))
    if user is None:
        raise invalid_grant(INVALID_CODE)
    issued.mark_used(tenant, code)
    return issued.issue_tokens(tenant, user_id=user["ID"], application=client.id, grant=code["grant"],
                               scope=code.get("scope"))


def _refresh(tenant: TenantDB, client: Client, body: Mapping[str, str]) -> dict[str, Any]:
    value = body.get("refresh_token")
    if not value:
        raise missing("refresh_token")
    cred = issued.find(tenant, issued.REFRESH, value)
    if cred is None or cred.get("application") != client.id or not issued.alive(cred):
        raise invalid_grant(INVALID_REFRESH_TOKEN)
    user = _user(tenant, cred.get("user_id"))
    if user is None:
        raise invalid_grant(INVALID_REFRESH_TOKEN)
    return issued.issue_tokens(tenant, user_id=user["ID"], application=client.id, grant=cred.get("grant")
                               or issued.new_grant(), scope=cred.get("scope"))


def _password(tenant: TenantDB, client: Client, body: Mapping[str, str]) -> dict[str, Any]:
    for name in ("username", "password"):
        if not body.get(name):
            raise missing(name)
    user = user_by_login(tenant, body["username"], body["password"])
    if user is None:
        raise invalid_grant(INVALID_CREDENTIALS)
    from ..records import now

    tenant.table("users", id_key="ID").update(user["ID"], {"lastlogin": now()})
    return issued.issue_tokens(tenant, user_id=user["ID"], application=client.id, grant=issued.new_grant(),
                               scope=body.get("scope"))


def _this_clients(tenant: TenantDB, client: Client, value: Any) -> Record | None:
    """An access token (or any bearer token issued for this application) or a refresh token of
    this client, in whatever state."""
    for kind in (TOKEN, issued.REFRESH):
        cred = issued.find(tenant, kind, value)
        if cred is not None:
            return cred if cred.get("application") == client.id else None
    return None


def revoke(tenant: TenantDB, client: Client, value: str) -> None:
    cred = _this_clients(tenant, client, value)
    if cred is None:
        return
    if cred["kind"] == issued.REFRESH:
        issued.revoke_grant(tenant, cred.get("grant"))
    issued.delete(tenant, cred)


def introspect(tenant: TenantDB, client: Client, value: str) -> dict[str, Any]:
    cred = _this_clients(tenant, client, value)
    user = _user(tenant, cred.get("user_id")) if cred is not None and issued.alive(cred) else None
    if cred is None or user is None:
        return {"active": False}
    out: dict[str, Any] = {"active": True, "client_id": client.identifier, "username": user["name"],
                           "sub": str(user["ID"])}
    if cred.get("expdate") is not None:
        out["exp"] = cred["expdate"]
    return out
