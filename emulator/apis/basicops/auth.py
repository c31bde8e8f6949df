"""How BasicOps authenticates: `Authorization: Bearer <token>` (seed), where the token is an API key
(`bo_...`) or an OAuth access token (oauth.py).  A pre-signed download URL (GET /attachment/<id>/url)
authenticates its own download through its `signature`.  Anything else: 401
{"success": false, "error": "Unauthorized"} with `WWW-Authenticate: Bearer` (research §2.3).

The hook also binds the API's base URL as the client sees it (its mount point on this host, then
/v1), which download, thumbnail and picture URLs are built on.
"""
from __future__ import annotations

from functools import partial
from typing import Any

from flask import Request, request

from ...core.caller import acting_as
from ...core.http import current, current_request
from ...core.mounts import Mounts
from ...core.store import Record, Store, TenantDB
from . import context, files, oauth
from .errors import unauthorized

API = "basicops"
CLIENT_BASE = "/v1"
SIGNED_ENDPOINT = "attachment_download"


def bearer_token(header: str) -> str | None:
    scheme, _, value = (header or "").partition(" ")
    value = value.strip()
    return value if scheme.lower() == "bearer" and value else None


def _presigned(store: Store) -> tuple[TenantDB, Record] | None:
    """The download a pre-signed URL allows (its signature, its attachment, not expired)."""
    signature = request.args.get("signature")
    endpoint = (request.endpoint or "").rsplit(".", 1)[-1]
    if not signature or endpoint != SIGNED_ENDPOINT:
        return None
    found = store.credentials.find(API, files.DOWNLOAD_CREDENTIAL, signature)
    if found is None:
        return None
    tenant, cred = found
    with acting_as(tenant):
        if not files.presigned_valid(cred, (request.view_args or {}).get("attachment_id")):
            return None
    user = tenant.table("users").get(cred.get("user_id"))
    return (tenant, user) if user is not None else None


def _base_url(req: Request, mounts: Mounts) -> str:
    """The API base URL of a request: a function of the request object and the app's mounts only, so
    it answers the same whenever it is called (authenticate defers it to the first URL built)."""
    site = mounts.site(req.path)
    prefix = site.prefix if site is not None else ""
    return f"{req.scheme}://{req.host}{prefix}{CLIENT_BASE}"


def authenticate(store: Store, path_tenant: TenantDB | None) -> tuple[TenantDB, Record]:
    """The core's hook: (account, user) for the request's bearer token, else 401."""
    req = current_request()
    token = bearer_token(req.environ.get("HTTP_AUTHORIZATION", ""))  # = req.headers.get("Authorization")
    found = oauth.bearer(store, token) if token else None
    if found is None:
        found = _presigned(store)
    if found is None:
        raise unauthorized()
    context.bind_api_base_lazily(partial(_base_url, req, current().mounts))
    return found


def identify(store: Store, environ: dict[str, Any]) -> str | None:
    """The account of a request before routing (tenant-scoped fault rules)."""
    token = bearer_token(environ.get("HTTP_AUTHORIZATION", ""))
    if not token:
        return None
    found = store.credentials.find(API, oauth.API_KEY, token) or store.credentials.find(API, oauth.ACCESS, token)
    return found[0].name if found else None
