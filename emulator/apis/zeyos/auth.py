"""How `/api/v1` and `/auth/v1` authenticate a request: the core's authenticate hook.

A request names its instance in the path; its credential must belong to that instance.  Accepted:
`Authorization: Bearer <token>` (the scheme name case-insensitive, RFC 6750), or the web UI's
session cookie `ZEYOSID` when no Authorization header is sent.  Anything else answers 401 as plain
text with `WWW-Authenticate: Bearer realm="<instance>" error="invalid_token"`.
"""
from __future__ import annotations

from flask import g, request

from ...core.store import Record, Store, TenantDB
from .errors import NOT_FOUND
from .tokens import resolve, unauthorized

COOKIE = "ZEYOSID"


def bearer_token(header: str | None) -> str | None:
    scheme, _, value = (header or "").strip().partition(" ")
    return value.strip() or None if scheme.lower() == "bearer" else None


def authenticate(store: Store, path_tenant: TenantDB | None) -> tuple[TenantDB, Record]:
    if path_tenant is None:  # templated mounts always name the instance; this is a safety net
        from ...core.api import ApiError

        raise ApiError(404, NOT_FOUND)
    header = request.headers.get("Authorization")
    if header is not None:
        token = bearer_token(header)
        if token is None:
            raise unauthorized(path_tenant.name)
        who = resolve(store, path_tenant, bearer=token, session=None, for_api="/auth/v1" not in request.path)
    else:
        session = request.cookies.get(COOKIE)
        if not session:
            raise unauthorized(path_tenant.name)
        who = resolve(store, path_tenant, bearer=None, session=session, for_api="/auth/v1" not in request.path)
    g.zeyos_auth = who
    return who.tenant, who.user
