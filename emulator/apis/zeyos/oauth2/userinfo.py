"""GET /userinfo: the token's user as OpenID Connect claims plus ZeyOS's extensions (oauth2.json).

Required: `sub` (the user ID as a string), `name` (the real name, else the user name),
`preferred_username`, `email`, `zoneinfo`, `locale` (`de-DE`, `en-US` or `es-ES`), `nopublic`,
`apionly`, `updated_at`.  From the user's contact, when it has one: `given_name`, `family_name`,
`phone_number`, `birthdate` (YYYY-MM-DD) and `address`.  ZeyOS's extensions `groups` (id, name,
writable membership) and `permissions` (identifier, writable) come always.

Where the sources are silent: the time zone and language are the user's own settings (`timezone`,
`lang`) when it has them, else the instance's configuration; a language outside the three locales
answers `en-US`.
"""
from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from ....core.store import Record, TenantDB
from ..access import access_of
from ..rows import tenant_rows

LOCALES = {"de": "de-DE", "en": "en-US", "es": "es-ES"}


def _locale(lang: Any) -> str:
    return LOCALES.get(str(lang or "").replace("-", "_").split("_")[0].lower(), "en-US")


def _text(value: Any) -> str | None:
    text = str(value).strip() if value is not None else ""
    return text or None


def _birthdate(value: Any) -> str | None:
    if not isinstance(value, int) or isinstance(value, bool):
        return None
    try:
        return datetime.fromtimestamp(value, UTC).strftime("%Y-%m-%d")
    except (OverflowError, OSError, ValueError):
        return None


def _address(contact: Record) -> dict[str, str] | None:
    country = str(contact.get("country") or "").upper()
    out = {"street_address": contact.get("address"), "locality": contact.get("city"),
           "region": contact.get("region"), "postal_code": contact.get("postalcode"),
           "country": country if len(country) == 2 and country.isalpha() and country.isascii() else None}
    out = {k: str(v) for k, v in out.items() if _text(v)}
    return out or None


def claims(tenant: TenantDB, user: Record) -> dict[str, Any]:
    rows = tenant_rows(tenant)
    contact = rows("contacts").get(str(user.get("contact"))) if user.get("contact") is not None else None
    settings = user.get("settings") if isinstance(user.get("settings"), dict) else {}
    config = tenant.settings.get("config") if isinstance(tenant.settings.get("config"), dict) else {}
    real_name = " ".join(p for p in (_text((contact or {}).get("firstname")), _text((contact or {}).get("lastname")))
                         if p)
    out: dict[str, Any] = {
        "sub": str(user["ID"]),
        "name": real_name or str(user.get("name") or ""),
        "preferred_username": str(user.get("name") or ""),
        "email": str(user.get("email") or ""),
        "zoneinfo": str(settings.get("timezone") or config.get("timezone") or "UTC"),
        "locale": _locale(settings.get("lang") or config.get("language")),
        "nopublic": bool(user.get("nopublic")),
        "apionly": bool(user.get("apionly")),
        "updated_at": int(user.get("lastmodified") or 0),
    }
    if contact is not None:
        optional = {"given_name": _text(contact.get("firstname")), "family_name": _text(contact.get("lastname")),
                    "phone_number": _text(contact.get("phone")), "birthdate": _birthdate(contact.get("birthdate")),
                    "address": _address(contact)}
        out.update({k: v for k, v in optional.items() if v is not None})
    access = access_of(rows, user)
    groups = rows("groups")
    out["groups"] = [{"id": gid, "name": str((groups.get(str(gid)) or {}).get("name") or gid), "writable": w}
                     for gid, w in sorted(access.groups.items())]
    out["permissions"] = [{"identifier": name, "writable": w} for name, w in sorted(access.permissions.items())]
    return out
