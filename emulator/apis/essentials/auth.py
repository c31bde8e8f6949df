"""How the Essentials integration API authenticates, and the module gate every route passes.

Accepted credentials (the real docs): `Authorization: Bearer <personal access token>`, the pair
`X-EPOS-API-Key` + `X-EPOS-API-Secret`, or HTTP Basic with key:secret.  Each maps to one user of
one business (the tenant).  Anything else: 401 {"message": "Unauthenticated."}.

Then ensureEssentialsModule: installed, in the subscription (superadmins pass), enabled for the
business, each failing with its own 403 text; and demo mode refuses mutating calls with 403.
"""
from __future__ import annotations

import base64
import hmac
from typing import Any

from ...core.http import current_request
from ...core.store import Record, Store, TenantDB
from .context import is_superadmin
from .errors import (
    DEMO,
    GATE_NOT_ENABLED,
    GATE_NOT_IN_SUBSCRIPTION,
    GATE_NOT_INSTALLED,
    forbidden,
    unauthenticated,
)

API = "essentials"
MUTATING = frozenset({"POST", "PUT", "PATCH", "DELETE"})


def credential(store: Store, environ: dict[str, Any]) -> tuple | None:
    """(tenant, credential) for a request's headers (read from its WSGI environ), or None."""
    header = environ.get("HTTP_AUTHORIZATION", "")
    scheme, _, value = header.partition(" ")
    scheme, value = scheme.lower(), value.strip()
    if scheme == "bearer" and value:
        return store.credentials.find(API, "bearer", value)
    key = environ.get("HTTP_X_EPOS_API_KEY")
    secret = environ.get("HTTP_X_EPOS_API_SECRET")
    if not key and scheme == "basic" and value:
        try:
            key, _, secret = base64.b64decode(value, validate=True).decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None
    if key and secret is not None:
        found = store.credentials.find(API, "key", key)
        if found and hmac.compare_digest(str(found[1].get("secret", "")).encode(), secret.encode()):
            return found
    return None


def authenticate(store: Store, path_tenant: TenantDB | None) -> tuple[TenantDB, Record]:
    """The core's authenticate hook: (business, user) for the request's credential, or 401/403."""
    environ = current_request().environ
    found = credential(store, environ)
    if found is None:
        raise unauthenticated()
    tenant, cred = found
    user = tenant.table("users").view(cred["user_id"])  # read-only: the bound caller never writes it
    if user is None or user.get("status", "active") != "active":
        raise unauthenticated()
    gate(tenant.settings, user)
    if environ["REQUEST_METHOD"] in MUTATING and tenant.settings.get("demo_mode"):
        raise forbidden(DEMO)
    return tenant, user


def identify(store: Store, environ: dict) -> str | None:
    """The tenant (business) a request's credential belongs to, for tenant-scoped fault rules."""
    found = credential(store, environ)
    return found[0].name if found else None


def gate(business: dict, user: Record) -> None:
    """ensureEssentialsModule."""
    if not business.get("essentials_installed", True):
        raise forbidden(GATE_NOT_INSTALLED)
    if not business.get("essentials_in_subscription", True) and not is_superadmin(user):
        raise forbidden(GATE_NOT_IN_SUBSCRIPTION)
    if not business.get("essentials_enabled", True):
        raise forbidden(GATE_NOT_ENABLED)
