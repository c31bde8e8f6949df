"""What essentials tells the core: its route table, hooks and documentation (ApiSpec `API`)."""
from __future__ import annotations

from typing import Any

from ...core.api import ApiDocs, ApiSpec, Route
from ...core.store import TenantDB, new_secret
from . import CLIENT_BASE, MOUNT, dashboard, documents, knowledge_base, messages, reminders, todos, web
from .answers import MessageBody, ValidationErrorBody, openapi_field
from .auth import authenticate, identify
from .bulk import generate
from .context import full_name
from .errors import render
from .settings import check_settings
from .web import MEDIA_FILES

# the credentials auth.py accepts, for the OpenAPI document: any one of the three
SECURITY_SCHEMES = {
    "bearer": {"type": "http", "scheme": "bearer", "description": "a personal access token"},
    "apiKey": {"type": "apiKey", "in": "header", "name": "X-EPOS-API-Key", "description": "with X-EPOS-API-Secret"},
    "apiSecret": {"type": "apiKey", "in": "header", "name": "X-EPOS-API-Secret"},
    "basic": {"type": "http", "scheme": "basic", "description": "API key and secret as user and password"},
}
SECURITY = [{"bearer": []}, {"apiKey": [], "apiSecret": []}, {"basic": []}]


def routes() -> list[Route]:
    return [row for module in (dashboard, todos, documents, reminders, messages, knowledge_base, web)
            for row in module.routes()]


def describe_credentials(tenant: TenantDB) -> list[dict[str, Any]]:
    users = {u["id"]: u for u in tenant.table("users").all()}
    roles = {r["id"]: r for r in tenant.table("roles").all()}
    out: dict[int, dict[str, Any]] = {}
    for cred in tenant.credentials():
        user = users.get(cred["user_id"])
        if user is None:
            continue
        entry = out.setdefault(user["id"], {
            "user_id": user["id"], "username": user.get("username"), "name": full_name(user).strip(),
            "role": ", ".join(roles[r]["name"] for r in user.get("role_ids") or [] if r in roles)
                    or ("superadmin" if user.get("is_superadmin") else ""),
            "is_superadmin": bool(user.get("is_superadmin")),
        })
        if cred["kind"] == "bearer":
            entry["token"] = cred["value"]
        elif cred["kind"] == "key":
            entry["api_key"], entry["api_secret"] = cred["value"], cred.get("secret")
    return list(out.values())


def id_key(table: str) -> str:
    """Each table's id column: `id`, except the public media files, found by their file name."""
    return "file_name" if table == MEDIA_FILES else "id"


def _new_credential(cred: dict) -> str:
    return new_secret(20)


def adopt(state: dict, tenant: str) -> None:
    """A cloned business is business <tenant>: its rows and its roles ("Admin#<id>") say so."""
    business_id = int(tenant) if tenant.isdigit() else tenant
    for name, rows in state["tables"].items():
        for row in rows.values():
            if name == "roles" and isinstance(row.get("name"), str) and "#" in row["name"]:
                row["name"] = f"{row['name'].rsplit('#', 1)[0]}#{business_id}"
            if "business_id" in row and name != "_credentials":
                row["business_id"] = business_id


API = ApiSpec(
    name="essentials",
    title="UltimatePOS Essentials integration API",
    mount=MOUNT,
    client_base=CLIENT_BASE,
    routes=routes,
    authenticate=authenticate,
    render_error=render,
    describe_credentials=describe_credentials,
    bulk=generate,
    new_credential_value=_new_credential,
    adopt=adopt,
    identify=identify,
    id_key=id_key,
    check_settings=check_settings,
    max_body_bytes=8 * 1024 * 1024,  # PHP's post_max_size default (8M), which ValidatePostSize enforces
    docs=ApiDocs(
        security_schemes=SECURITY_SCHEMES,
        security=SECURITY,
        error_schema=MessageBody,
        error_schemas={422: ValidationErrorBody},
        common_errors={401: "Unauthenticated: no valid credential, or its user is inactive",
                       403: "The Essentials module gate (not installed, not in the subscription, not enabled), "
                            "demo mode on a write, or a missing permission or ownership"},
        field_properties=openapi_field,
    ),
)
