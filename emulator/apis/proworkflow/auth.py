"""How ProWorkflow authenticates (DOCS-V3): both credentials on every call.

* the account's API key: an `apikey` header (recommended), an `apikey` query parameter, or an
  `apikey` key of a JSON body;
* HTTP Basic with a contact's username or email and password.

A missing or bad key, or bad Basic credentials, is 401 with an empty body (NUMA: the two causes
cannot be told apart).  `GET /login?url=<account url>` takes Basic alone and answers the key.
Each authenticated request counts against the account's rate limit (ratelimit.py): past it, 429.
"""
from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Mapping
from typing import Any
from urllib.parse import parse_qs

from flask import g
from werkzeug.datastructures import EnvironHeaders

from ...core.http import current, current_request
from ...core.store import Record, Store, TenantDB
from .errors import too_many, unauthorized
from .logins import ACCOUNT, APIKEY, LOGIN, login_value
from .ratelimit import Policy

API = "proworkflow"


def basic_credentials(environ: Mapping[str, Any]) -> tuple[str, str] | None:
    """(login, password) of the Basic Authorization header of a request (its WSGI environ)."""
    scheme, _, value = str(environ.get("HTTP_AUTHORIZATION") or "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return None
    try:
        login, sep, password = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None
    return (login, password) if sep and login else None


def api_key() -> str:
    """The key from the header, the query string, or a JSON body (in that order)."""
    req = current_request()
    key = req.environ.get("HTTP_APIKEY") or req.args.get("apikey")  # the header, read where it is
    if not key and req.method in ("POST", "PUT", "DELETE") and req.data:
        data = req.get_json(silent=True, force=True)
        if isinstance(data, dict) and isinstance(data.get("apikey"), str):
            key = data["apikey"]
    return (key or "").strip()


def contact_for(store: Store, tenant: TenantDB, login: str, password: str) -> Record | None:
    """The contact whose username or email is `login`, if the password is its own."""
    key = str(tenant.settings.get("apikey") or "")
    found = store.credentials.find(API, LOGIN, login_value(key, login))
    if found is None or found[0] is not tenant:
        return None
    contact = tenant.table("contacts").view(found[1].get("user_id"))
    if contact is None or not contact.get("allowlogin") or contact.get("pending"):
        return None
    if not hmac.compare_digest(str(contact.get("password") or "").encode(), password.encode()):
        return None
    return contact


def authenticate(store: Store, path_tenant: TenantDB | None) -> tuple[TenantDB, Record]:
    """The core's hook: (account, contact) for a request carrying both credentials, else 401."""
    key = api_key()
    creds = basic_credentials(current_request().environ)
    if not key or creds is None:
        raise unauthorized()
    found = store.credentials.find(API, APIKEY, key)
    if found is None:
        raise unauthorized()
    tenant = found[0]
    contact = contact_for(store, tenant, *creds)
    if contact is None:
        raise unauthorized()
    count(tenant)
    return tenant, contact


def count(tenant: TenantDB) -> None:
    """One request against the account's limit: the headers for the answer, or 429."""
    emu = current()
    policy = Policy.of(tenant.settings)
    verdict = emu.runtime(API).hit(tenant.name, emu.clocks.now(tenant), policy)
    g._get_current_object().ratelimit_headers = verdict.headers()  # the object: a proxy's write costs more
    if not verdict.allowed:
        raise too_many(verdict.headers(), policy.limit, policy.window)


def headers_without_caller() -> dict[str, str]:
    """Rate-limit headers for an answer no counted request produced (401, an unknown path): the
    account's current window when the request names a known key, else a fresh window's."""
    emu = current()
    found = emu.store.credentials.find(API, APIKEY, api_key()) if api_key() else None
    if found is None:
        return Policy().headers_fresh()
    tenant = found[0]
    return emu.runtime(API).peek(tenant.name, emu.clocks.now(tenant), Policy.of(tenant.settings)).headers()


def account_for_login(store: Store, url: str, key: str, login: str, password: str) -> tuple[TenantDB, Record] | None:
    """GET /login: the account named by `url` (or by the key), else the one account where the
    login and password match; Basic credentials are always required."""
    from .account import account_slug

    candidates: list[TenantDB] = []
    if url:
        found = store.credentials.find(API, ACCOUNT, account_slug(url))
        candidates = [found[0]] if found else []
    elif key:
        found = store.credentials.find(API, APIKEY, key)
        candidates = [found[0]] if found else []
    else:
        candidates = store.tenants_of(API)
    matches = [(t, c) for t in candidates if (c := contact_for(store, t, login, password)) is not None]
    return matches[0] if len(matches) == 1 else None


def identify(store: Store, environ: dict) -> str | None:
    """The account a request's API key (header or query) belongs to, for tenant-scoped faults."""
    key = EnvironHeaders(environ).get("apikey")
    if not key:
        values = parse_qs(environ.get("QUERY_STRING", "")).get("apikey")
        key = values[0] if values else ""
    found = store.credentials.find(API, APIKEY, key.strip()) if key else None
    return found[0].name if found else None
