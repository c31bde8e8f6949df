"""What proworkflow tells the core: its route table, hooks and documentation (ApiSpec `API`)."""
from __future__ import annotations

import secrets
import string
from typing import Any

from ...core.api import ApiDocs, ApiSpec
from ...core.store import CREDENTIALS_TABLE, SETTINGS_TABLE, TenantDB
from . import MOUNT
from .auth import authenticate, identify
from .bulk import generate
from .context import contact_name
from .docs import ErrorBody
from .errors import error_content_type, render
from .logins import ACCOUNT, APIKEY, LOGIN, login_value
from .ratelimit import RateLimiter
from .views import routes

SECURITY_SCHEMES = {
    "apikey": {"type": "apiKey", "in": "header", "name": "apikey",
               "description": "The account's API key (also accepted as an apikey query or body parameter)"},
    "basic": {"type": "http", "scheme": "basic", "description": "A contact's username or email, and password"},
}
SECURITY = [{"apikey": [], "basic": []}]  # both, on every call but /login


def describe_credentials(tenant: TenantDB) -> list[dict[str, Any]]:
    """One entry per contact that can log in: the account's key and the contact's login."""
    key = tenant.settings.get("apikey", "")
    out: dict[int, dict[str, Any]] = {}
    for cred in tenant.credentials():
        if cred.get("kind") != LOGIN:
            continue
        contact = tenant.table("contacts").get(cred["user_id"])
        if contact is None:
            continue
        out.setdefault(contact["id"], {
            "user_id": contact["id"], "name": contact_name(contact), "role": contact.get("type", ""),
            "apikey": key, "username": contact.get("username", ""), "email": contact.get("email", ""),
            "password": contact.get("password", ""), "accounturl": tenant.settings.get("accounturl", ""),
            "plan": tenant.settings.get("plan", ""),
        })
    return list(out.values())


def new_api_key() -> str:
    """The real keys' form: XXXX-XXXX-XXXX-XXXX-XXXXXXX-XXXXXXXX (research section 1)."""
    alphabet = string.ascii_uppercase + string.digits
    return "-".join("".join(secrets.choice(alphabet) for _ in range(n)) for n in (4, 4, 4, 4, 7, 8))


def new_credential_value(cred: dict) -> str:
    if cred.get("kind") == APIKEY:
        return new_api_key()
    if cred.get("kind") == ACCOUNT:
        return f"{cred['value']}{secrets.token_hex(3)}"
    return secrets.token_hex(8)  # login rows: adopt() derives them from the new key


def adopt(state: dict, tenant: str) -> None:
    """A cloned account is its own: settings follow its new key and account URL, and its login
    rows are `<new key>:<login>` (idempotent: reset applies it again)."""
    tables = state["tables"]
    creds = tables.get(CREDENTIALS_TABLE, {})
    settings = tables.setdefault(SETTINGS_TABLE, {}).setdefault("1", {"id": 1})
    key = next((c["value"] for c in creds.values() if c.get("kind") == APIKEY), settings.get("apikey", ""))
    slug = next((c["value"] for c in creds.values() if c.get("kind") == ACCOUNT), None)
    settings["apikey"] = key
    if slug:
        base = str(settings.get("accounturl") or "https://app.proworkflow.com/").rsplit("/", 1)[0]
        settings["accounturl"] = f"{base}/{slug}"
    for cred in creds.values():
        if cred.get("kind") == LOGIN and cred.get("login"):
            cred["value"] = login_value(key, cred["login"])


API = ApiSpec(
    name="proworkflow",
    title="ProWorkflow API v3",
    mount=MOUNT,
    routes=routes,
    authenticate=authenticate,
    render_error=render,
    describe_credentials=describe_credentials,
    content_type="application/json;charset=utf-8",
    error_content_type=error_content_type,
    etags=True,
    etag_style="bare",  # research §1: "an `etag` (unquoted hex, e.g. `10f7b92898aa74de`)"
    identify=identify,
    bulk=generate,
    new_credential_value=new_credential_value,
    adopt=adopt,
    runtime=lambda emulator: RateLimiter(),
    docs=ApiDocs(
        description="The emulated ProWorkflow API v3 (https://api.proworkflow.net): flat paths at the server URL. "
                    "Every call needs the account's API key and HTTP Basic credentials of a contact.",
        security_schemes=SECURITY_SCHEMES,
        security=SECURITY,
        error_schema=ErrorBody,
        error_schemas={401: None},
        common_errors={401: "No valid API key, or no valid Basic credentials (an empty body)",
                       429: "Over the account's rate limit (500 requests per 30 s when enforced)"},
    ),
)
