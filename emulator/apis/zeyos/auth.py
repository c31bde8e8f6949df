"""How `/api/v1` and `/auth/v1` authenticate a request: the core's authenticate hook.

A request names its instance in the path; its credential must belong to that instance.  Accepted:
`Authorization: Bearer <token>` (the scheme name case-insensitive, RFC 6750), or the web UI's
session cookie `ZEYOSID` when no Authorization header is sent.  Anything else answers 401 as plain
text with `WWW-Authenticate: Bearer realm="<instance>" error="invalid_token"`: in the seed's words on
`/api/v1` and `/auth/v1`, in oauth2.json's on `/oauth2/v1/userinfo`.  Only `/api/v1` refuses tokens
issued without an application (tokens.REQUIRE_APPLICATION).
"""
from __future__ import annotations

from flask import g, request

from ...core.api import ApiError
from ...core.caller import acting_as
from ...core.store import Record, Store, TenantDB
from .errors import NOT_FOUND
from .tokens import Authenticated, resolve, unauthorized

COOKIE = "ZEYOSID"
OAUTH2_INVALID_TOKEN = "Unauthorized: Invalid bearer token"  # oauth2.json, GET /userinfo


def bearer_token(header: str | None) -> str | None:
    scheme, _, value = (header or "").strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def _resolve(store: Store, tenant: TenantDB) -> Authenticated:
    for_api = "/api/v1" in request.path
    header = request.headers.get("Authorization")
    if header is not None:
        token = bearer_token(header)
        if token is None:
            raise unauthorized(tenant.name)
        return resolve(store, tenant, bearer=token, session=None, for_api=for_api)
    session = request.cookies.get(COOKIE)
    if not session:
        raise unauthorized(tenant.name)
    return resolve(store, tenant, bearer=None, session=session, for_api=for_api)


def authenticate(store: Store, path_tenant: TenantDB | None) -> tuple[TenantDB, Record]:
    if path_tenant is None:  # templated mounts always name the instance; this is a safety net
        raise ApiError(404, NOT_FOUND)
    try:
        # the instance's own clock decides expiry (the core binds the caller only after this hook)
        with acting_as(path_tenant):
            who = _resolve(store, path_tenant)
    except ApiError as err:
        if err.status == 401 and "/oauth2/v1/" in request.path:
            raise unauthorized(path_tenant.name, OAUTH2_INVALID_TOKEN) from None
        raise
    g.zeyos_auth = who
    return who.tenant, who.user
