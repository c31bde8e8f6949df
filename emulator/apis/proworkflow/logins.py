"""Contacts' logins as credential rows, so authentication is an index look-up, never a scan.

Both credentials are required on every call (DOCS-V3): the account's API key, and HTTP Basic with
a contact's username or email and password.  The core indexes `_credentials` rows by (api, kind,
value) across accounts, so the rows are:

    {"kind": "apikey",  "value": "<the account's key>",            "user_id": None}
    {"kind": "account", "value": "<account url slug, lower case>", "user_id": None}  (GET /login?url=)
    {"kind": "login",   "value": "<apikey>:<username or email, lower case>", "user_id": <contact id>}

A login row exists for a contact with login access (allowlogin) only; passwords stay on the
contact record (never rendered).  Usernames and emails are case-insensitive.
"""
from __future__ import annotations

from typing import Any

from ...core.store import CREDENTIALS_TABLE, Record, TenantDB

APIKEY = "apikey"
ACCOUNT = "account"
LOGIN = "login"


def login_value(apikey: str, login: str) -> str:
    return f"{apikey}:{login.strip().lower()}"


def account_key(tenant: TenantDB) -> str:
    return str(tenant.settings.get("apikey") or "")


def sync(tenant: TenantDB, contact: Record) -> None:
    """Make the contact's login rows match its record (after add, edit, or a type change)."""
    drop(tenant, contact["id"])
    if not contact.get("allowlogin") or not contact.get("password") or contact.get("pending"):
        return
    key = account_key(tenant)
    seen = set()
    for login in (contact.get("username"), contact.get("email")):
        if login and str(login).strip().lower() not in seen:
            seen.add(str(login).strip().lower())
            tenant.table(CREDENTIALS_TABLE).insert({"kind": LOGIN, "value": login_value(key, str(login)),
                                                    "user_id": contact["id"], "login": str(login)})


def drop(tenant: TenantDB, contact_id: Any) -> None:
    table = tenant.table(CREDENTIALS_TABLE)
    table.delete_where(lambda c: c.get("kind") == LOGIN and c.get("user_id") == contact_id)


def taken(tenant: TenantDB, login: str, but: Any = None) -> bool:
    """Whether a username/email already logs someone else in on this account."""
    found = tenant.store.credentials.find(tenant.api, LOGIN, login_value(account_key(tenant), login)) \
        if tenant.store is not None else None
    return found is not None and found[1].get("user_id") != but
