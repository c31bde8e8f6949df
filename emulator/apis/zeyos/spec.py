"""What ZeyOS tells the core about itself: mounts, routes, auth, errors, credentials, bulk data."""
from __future__ import annotations

import secrets
from typing import Any

from flask import has_request_context, request

from ...core.api import ApiDocs, ApiSpec
from ...core.store import TenantDB
from . import CLIENT_BASE, MOUNT, ROOT_MOUNT
from .access import access_of
from .auth import authenticate
from .bulk import generate
from .oauth2 import clients as oauth2_clients
from .oauth2.authorize import APPROVER
from .responses import TEXT, render_error
from .routes import routes
from .rows import tenant_rows
from .settings import check_settings
from .tokens import SESSION, TOKEN

SECURITY_SCHEMES = {
    "token": {"type": "http", "scheme": "bearer",
              "description": "a token from POST /auth/v1/login (40 hex), as `Authorization: Bearer <token>`"},
    "session": {"type": "apiKey", "in": "cookie", "name": "ZEYOSID",
                "description": "the web UI's session (fixtures list them)"},
    "basic": {"type": "http", "scheme": "basic",
              "description": "OAuth 2.0 client authentication (client_secret_basic): client_id and client_secret"},
}
APPSECRET = "appsecret"  # an application's secret, as a credential: a cloned instance gets its own


def platform_url(tenant: TenantDB) -> str:
    """What the official client is configured with: the origin and the instance, one segment."""
    origin = request.host_url.rstrip("/") if has_request_context() else ""
    return f"{origin}/{tenant.name}"


def describe_credentials(tenant: TenantDB) -> list[dict[str, Any]]:
    """One entry per fixture user: name, password, ready token, session, platform URL, access."""
    rows = tenant_rows(tenant)
    users = rows("users")
    out: dict[int, dict[str, Any]] = {}
    for cred in tenant.credentials():
        user = users.get(str(cred.get("user_id")))
        if user is None:
            continue
        if user["ID"] not in out:
            access = access_of(rows, user)
            out[user["ID"]] = {
                "user_id": user["ID"], "name": user.get("name"), "email": user.get("email"),
                "password": user.get("password"), "platform_url": platform_url(tenant),
                "role": "admin" if access.admin else ", ".join(
                    sorted(f"{p}{'' if w else ' (read)'}" for p, w in access.permissions.items())),
                "admin": access.admin,
            }
        entry = out[user["ID"]]
        if cred["kind"] == TOKEN and "token" not in entry:
            entry["token"] = cred["value"]
        elif cred["kind"] == SESSION:
            entry["session"] = cred["value"]
    return [*out.values(), *oauth_clients(tenant)]


def oauth_clients(tenant: TenantDB) -> list[dict[str, Any]]:
    """One entry per OAuth application: client id and secret, redirect URIs, the endpoints, and the
    user the instance's settings let approve authorization requests."""
    base = platform_url(tenant) + "/oauth2/v1"
    approver = tenant.settings.get(APPROVER)
    return [{"oauth_client": True, "application_id": c.id, "name": c.name, "client_id": c.identifier,
             "client_secret": c.secret, "redirect_uris": list(c.redirect_uris), "platform_url": platform_url(tenant),
             "authorization_endpoint": base + "/authorize", "token_endpoint": base + "/token",
             "approver": approver if tenant.settings.get("oauth_consent", "approve") == "approve" else None}
            for c in oauth2_clients.clients(tenant)]


def new_credential_value(cred: dict) -> str:
    """A cloned instance's own tokens, codes and application secrets (40 hex, as ZeyOS makes them)
    and session ids."""
    return secrets.token_hex(13 if cred.get("kind") == SESSION else 20)


def adopt(state: dict, tenant: str) -> None:
    """A cloned instance is instance <tenant>: its settings say so, and its applications carry the
    secrets its `appsecret` credentials were given (so OAuth clients and logins use the new ones)."""
    tables = state["tables"]
    settings = tables.setdefault("_settings", {}).setdefault("1", {"id": 1})
    settings["instance"] = tenant
    apps = {row.get("ID"): row for row in (tables.get("applications") or {}).values()}
    for cred in (tables.get("_credentials") or {}).values():
        if cred.get("kind") == APPSECRET and cred.get("application") in apps:
            apps[cred["application"]]["secret"] = cred["value"]


API = ApiSpec(
    name="zeyos",
    title="ZeyOS Standard REST API v1, Auth API and OAuth 2.0 API",
    mount=MOUNT,
    root_mount=ROOT_MOUNT,
    client_base=CLIENT_BASE,
    routes=routes,
    authenticate=authenticate,
    render_error=render_error,
    describe_credentials=describe_credentials,
    error_content_type=lambda status: TEXT,
    id_key="ID",
    bulk=generate,
    new_credential_value=new_credential_value,
    adopt=adopt,
    check_settings=check_settings,
    docs=ApiDocs(
        description="ZeyOS's Standard REST API v1 (58 entities, table-driven), its Auth API (/auth/v1) and its "
                    "OAuth 2.0 API (/oauth2/v1). Errors are text/plain in ZeyOS's words, except RFC 6749's JSON "
                    "on /oauth2/v1/token, /revoke and /introspect.",
        security_schemes=SECURITY_SCHEMES,
        security=[{"token": []}, {"session": []}],
        common_errors={401: "Unauthorized: Invalid token for bearer authentication (WWW-Authenticate: Bearer)",
                       500: "I am afraid I can't do that Dave!"},
    ),
)
