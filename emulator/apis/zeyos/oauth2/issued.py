"""What the OAuth 2.0 API issues: authorization codes, access tokens and refresh tokens.

Each is a row of the instance's `_credentials` table, so the core's credential index finds it in
O(1) and a cloned instance, a snapshot or `--data-dir` carries it like any other credential:

- an access token is a bearer token (kind `token`, like the Auth API's), so `/api/v1` and `/auth/v1`
  accept it and refuse it with the same 401 once it is revoked or expired (`expdate`);
- a refresh token is kind `oauth_refresh`, an authorization code kind `oauth_code`.

dbref.json's `tokens` table keeps one token per (user, application, type) (a unique index), and
oauth2.json's `/token` says "Previous tokens will thereby invalidate": so issuing a code or a token
pair replaces that user's earlier code or pair for the same application.  Every token of one
authorization shares a `grant` id, so a replayed code can revoke what it produced (RFC 6749 §4.1.2)
and a revoked refresh token takes its access token along (oauth2.json `/revoke`).

Lifetimes follow the emulator's clock: access tokens 3600 s and refresh tokens 8,640,000 s (100
days: oauth2.json's fixed `expires_in` and `refresh_token_expires_in`); codes the instance setting
`oauth_code_lifetime` (600 s: RFC 6749 §4.1.2 recommends at most ten minutes).
"""
from __future__ import annotations

import secrets
from typing import Any

from ....core.store import Record, TenantDB
from ..records import now
from ..tokens import API, TOKEN

CODE, REFRESH = "oauth_code", "oauth_refresh"
ACCESS = "access"  # the `oauth` marker on an access token row (Auth API tokens have none)
ACCESS_TTL, REFRESH_TTL, CODE_TTL = 3600, 8_640_000, 600
CODE_LIFETIME = "oauth_code_lifetime"


def new_value() -> str:
    """40 hex digits, as oauth2.json's patterns say (`^[a-f0-9]{40}$`)."""
    return secrets.token_hex(20)


def _credentials(tenant: TenantDB) -> Any:
    return tenant.table("_credentials")


def find(tenant: TenantDB, kind: str, value: Any) -> Record | None:
    """The credential of this instance with this kind and value (any state), or None."""
    if not isinstance(value, str) or not value or tenant.store is None:
        return None
    found = tenant.store.credentials.find(API, kind, value)
    if found is None or found[0] is not tenant:
        return None
    return found[1]


def alive(cred: Record) -> bool:
    """Not expired by the emulator's clock (a null expdate never expires: Auth API tokens)."""
    return cred.get("expdate") is None or cred["expdate"] > now()


def _drop(tenant: TenantDB, predicate: Any) -> None:
    _credentials(tenant).delete_where(predicate)


def code_lifetime(tenant: TenantDB) -> int:
    value = tenant.settings.get(CODE_LIFETIME, CODE_TTL)
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else CODE_TTL


def issue_code(tenant: TenantDB, *, user_id: int, application: int, redirect_uri: str, scope: str | None,
               challenge: str | None, method: str | None) -> str:
    """A single-use authorization code; the user's earlier code for this application is void."""
    _drop(tenant, lambda c: c.get("kind") == CODE and c.get("user_id") == user_id
          and c.get("application") == application)
    value = new_value()
    _credentials(tenant).insert({
        "kind": CODE, "value": value, "user_id": user_id, "application": application,
        "expdate": now() + code_lifetime(tenant), "redirect_uri": redirect_uri, "scope": scope,
        "challenge": challenge, "method": method, "grant": new_grant(), "used": False,
    })
    return value


def mark_used(tenant: TenantDB, code: Record) -> None:
    _credentials(tenant).update(code["id"], {"used": True})


def issue_tokens(tenant: TenantDB, *, user_id: int, application: int, grant: str,
                 scope: str | None) -> dict[str, Any]:
    """A new access token and single-use refresh token; the user's earlier pair for this
    application stops working.  Answers oauth2.json's /token 200 body."""
    _drop(tenant, lambda c: c.get("user_id") == user_id and c.get("application") == application and (
        c.get("kind") == REFRESH or (c.get("kind") == TOKEN and c.get("oauth") == ACCESS)))
    issued = now()
    access, refresh = new_value(), new_value()
    creds = _credentials(tenant)
    creds.insert({"kind": TOKEN, "value": access, "user_id": user_id, "application": application,
                  "identifier": None, "expdate": issued + ACCESS_TTL, "oauth": ACCESS, "grant": grant,
                  "scope": scope})
    creds.insert({"kind": REFRESH, "value": refresh, "user_id": user_id, "application": application,
                  "expdate": issued + REFRESH_TTL, "grant": grant, "scope": scope})
    return {"token_type": "Bearer", "access_token": access, "expires_in": ACCESS_TTL,
            "refresh_token": refresh, "refresh_token_expires_in": REFRESH_TTL}


def revoke_grant(tenant: TenantDB, grant: str | None) -> None:
    """Every access and refresh token of one authorization."""
    if not grant:
        return
    _drop(tenant, lambda c: c.get("grant") == grant and (
        c.get("kind") == REFRESH or (c.get("kind") == TOKEN and c.get("oauth") == ACCESS)))


def delete(tenant: TenantDB, cred: Record) -> None:
    _credentials(tenant).delete(cred["id"])


def new_grant() -> str:
    return secrets.token_hex(8)
