"""What basicops tells the core: its route table, hooks and documentation (ApiSpec `API`)."""
from __future__ import annotations

import secrets
from typing import Any

from ...core.api import ApiDocs, ApiSpec, Route
from ...core.store import TenantDB
from . import CLIENT_BASE, MOUNT, delivery, oauth
from .answers import ErrorBody
from .auth import authenticate, identify
from .errors import render
from .fake import generate
from .views import files as file_views
from .views import hooks, talk, work
from .views import oauth as oauth_views

SECURITY_SCHEMES = {"bearer": {"type": "http", "scheme": "bearer",
                               "description": "an API key (bo_...) or an OAuth access token"}}


def routes() -> list[Route]:
    return [row for module in (work, talk, file_views, hooks, oauth_views) for row in module.routes()]


def describe_credentials(tenant: TenantDB) -> list[dict[str, Any]]:
    """One entry per user: their API key, and the OAuth apps they own (client id, secret, redirect URIs)."""
    users = {u["id"]: u for u in tenant.table("users").all()}
    out: dict[int, dict[str, Any]] = {}
    for user in users.values():
        out[user["id"]] = {
            "user_id": user["id"], "name": f"{user.get('firstName') or ''} {user.get('lastName') or ''}".strip(),
            "email": user.get("email"), "active": user.get("active", True),
            "role": ", ".join(r.get("name", "") for r in user.get("roles") or []),
        }
    for cred in tenant.credentials():
        entry = out.get(cred.get("user_id"))
        if entry is None:
            continue
        if cred["kind"] == oauth.API_KEY:
            entry["api_key"] = cred["value"]
        elif cred["kind"] == oauth.CLIENT:
            entry.setdefault("oauth_apps", []).append({
                "name": cred.get("name"), "client_id": cred["value"], "client_secret": cred.get("secret"),
                "public": bool(cred.get("public")), "redirect_uris": list(cred.get("redirect_uris") or []),
                "authorize_path": "/oauth/auth", "token_path": "/oauth/token"})
    return list(out.values())


def new_credential_value(cred: dict) -> str:
    """A cloned account's own credentials, in the real forms: bo_ API keys, app ids and secrets."""
    kind = cred.get("kind")
    if kind == oauth.API_KEY:
        return "bo_" + secrets.token_hex(16)
    if kind == oauth.CLIENT:
        return "client-" + secrets.token_hex(6)
    if kind == oauth.CLIENT + "-secret":
        return secrets.token_hex(20)
    return secrets.token_urlsafe(24)


def adopt(state: dict, tenant: str) -> None:
    """A cloned account has a company id of its own (its webhooks' CompanyId)."""
    settings = state["tables"].get("_settings", {}).get("1")
    if settings is not None:
        settings["company_id"] = 1000 + int(tenant) if tenant.isdigit() else settings.get("company_id")


def runtime(emulator: Any) -> delivery.Engine:
    """The webhook delivery engine of one emulator, on its store and its clocks."""
    clocks = emulator.clocks
    engine = delivery.Engine(emulator.store.lock, clock=lambda tenant: clocks.now(tenant))
    return delivery.install(emulator.store, engine)


API = ApiSpec(
    name="basicops",
    title="BasicOps REST API v1",
    mount=MOUNT,
    client_base=CLIENT_BASE,
    routes=routes,
    authenticate=authenticate,
    render_error=render,
    describe_credentials=describe_credentials,
    identify=identify,
    bulk=generate,
    new_credential_value=new_credential_value,
    adopt=adopt,
    runtime=runtime,
    control_routes=hooks.control_routes,
    docs=ApiDocs(
        description="The BasicOps REST API v1 as the saas-emulator serves it: the seed's operations, envelopes "
                    "and shapes; choices where BasicOps' documentation is silent are in docs/basicops.md.",
        security_schemes=SECURITY_SCHEMES,
        security=[{"bearer": []}],
        error_schema=ErrorBody,
        common_errors={401: "No, an unknown or an expired bearer token, or a deactivated user's"},
    ),
)
