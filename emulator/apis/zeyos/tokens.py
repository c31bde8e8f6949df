"""The ZeyOS Authentication API's rules (auth.json, `/auth/v1`), without HTTP.

`login` checks a user's name (or e-mail) and password, optionally an application's secret, and
issues a persistent 40-hex bearer token tied to (user, application, identifier): a new login with
the same triple replaces that identifier's old token ("Tokens are linked to identifiers which
should be specific to both the accessing app and device").  Tokens are rows of the instance's
`_credentials` table (kind "token"), so the core's credential index finds them across instances;
web-UI sessions (the `ZEYOSID` cookie) are credentials of kind "session".

Every failure of a login answers 401 `Unauthorized: Invalid credentials` (auth.json documents no
other client error); every failure of a token answers the seed's 401 text.
"""
from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from typing import Any

from ...core.api import ApiError
from ...core.store import Record, TenantDB
from . import values
from .access import access_of
from .errors import INVALID_CREDENTIALS, INVALID_TOKEN
from .records import now
from .rows import tenant_rows

API = "zeyos"
TOKEN, SESSION = "token", "session"
IDENTIFIER = re.compile(r"^[a-zA-Z0-9_.:-]+$")
TOKEN_SHAPE = re.compile(r"^[a-f0-9]{40}$")
# an app-less token (login without appsecret) is refused by /api/v1 unless the instance's settings
# say otherwise: "to use the ZeyOS Standard REST API, you will need to generate an
# application-specific authentication token" (developers.zeyos.com/auth)
REQUIRE_APPLICATION = "require_application_token"


def realm_header(instance: str) -> dict[str, str]:
    """api.json's example, exactly (no comma between the parameters)."""
    return {"WWW-Authenticate": f'Bearer realm="{instance}" error="invalid_token"'}


def unauthorized(instance: str, message: str = INVALID_TOKEN) -> ApiError:
    return ApiError(401, message, headers=realm_header(instance))


@dataclass(frozen=True)
class Authenticated:
    tenant: TenantDB
    user: Record
    credential: Record

    @property
    def application(self) -> int | None:
        return self.credential.get("application")


def _users(tenant: TenantDB) -> dict[str, Record]:
    return tenant_rows(tenant)("users")


def active_user(user: Record) -> bool:
    """Could this user log in now: active, and not past its expiry date?"""
    expired = user.get("expdate") is not None and user["expdate"] <= now()
    return user.get("activity", 0) == 0 and not expired


def user_by_login(tenant: TenantDB, name: str, password: str) -> Record | None:
    """The active user whose name or e-mail (case-insensitively) and password these are, or None."""
    wanted = name.casefold()
    user = next((u for u in _users(tenant).values()
                 if str(u.get("name", "")).casefold() == wanted or str(u.get("email", "")).casefold() == wanted),
                None)
    stored = str(user.get("password", "")) if user is not None else ""
    if user is None or not active_user(user) or not secrets.compare_digest(stored.encode(), password.encode()):
        return None
    return user


def login(tenant: TenantDB, body: dict[str, Any]) -> dict[str, Any]:
    """POST /auth/v1/login: {"user", "application", "token", "identifier", "expdate"}."""
    fail = unauthorized(tenant.name, INVALID_CREDENTIALS)
    name, password, identifier = body.get("name"), body.get("password"), body.get("identifier")
    if not all(isinstance(v, str) and v for v in (name, password, identifier)):
        raise fail
    if not IDENTIFIER.match(identifier):
        raise fail
    user = user_by_login(tenant, name, password)
    if user is None:
        raise fail
    application = None
    appsecret = body.get("appsecret")
    if appsecret not in (None, ""):
        given = str(appsecret).encode()
        app = next((a for a in tenant_rows(tenant)("applications").values()
                    if a.get("secret") and secrets.compare_digest(str(a["secret"]).encode(), given)), None)
        if app is None or app.get("activity", 0) != 0:
            raise fail
        application = app["ID"]
    expdate = body.get("expdate")
    if expdate not in (None, ""):
        try:
            expdate = values.to_int(expdate)
        except values.Invalid:
            raise fail from None
    else:
        expdate = None
    creds = tenant.table("_credentials")
    creds.delete_where(lambda c: c.get("kind") == TOKEN and c.get("user_id") == user["ID"]
                       and c.get("application") == application and c.get("identifier") == identifier)
    token = secrets.token_hex(20)
    creds.insert({"kind": TOKEN, "value": token, "user_id": user["ID"], "application": application,
                  "identifier": identifier, "expdate": expdate})
    tenant.table("users", id_key="ID").update(user["ID"], {"lastlogin": now()})
    return {"user": user["ID"], "application": application, "token": token, "identifier": identifier,
            "expdate": expdate}


def resolve(store: Any, tenant: TenantDB, *, bearer: str | None, session: str | None,
            for_api: bool) -> Authenticated:
    """The caller of a request to `tenant`, from its bearer token or ZEYOSID cookie, or 401.

    `for_api`: the request is for /api/v1, where app-less tokens are refused (see
    REQUIRE_APPLICATION) and a deactivated application's tokens are void."""
    fail = unauthorized(tenant.name)
    found = None
    if bearer:
        found = store.credentials.find(API, TOKEN, bearer)
    elif session:
        found = store.credentials.find(API, SESSION, session)
    if found is None or found[0] is not tenant:
        raise fail
    _, cred = found
    if cred.get("expdate") is not None and cred["expdate"] <= now():
        raise fail
    user = _users(tenant).get(str(cred.get("user_id")))
    if user is None or not active_user(user):
        raise fail
    app_id = cred.get("application")
    if cred["kind"] == TOKEN:
        if app_id is None and for_api and tenant.settings.get(REQUIRE_APPLICATION, True):
            raise fail
        if app_id is not None:
            app = tenant_rows(tenant)("applications").get(str(app_id))
            if app is None or app.get("activity", 0) != 0:
                raise fail  # "If an application is deactivated or removed, all issued tokens are invalid"
    return Authenticated(tenant, user, cred)


def logout(who: Authenticated) -> None:
    """GET /auth/v1/logout: the token stops working at once."""
    if who.credential.get("kind") != TOKEN:
        raise unauthorized(who.tenant.name)
    who.tenant.table("_credentials").delete(who.credential["id"])


def user_info(who: Authenticated, *, access: bool, settings: bool) -> dict[str, Any]:
    """GET /auth/v1/: who the credential belongs to (auth.json getUserInfo)."""
    user = who.user
    out: dict[str, Any] = {
        "auth": {"user": user["ID"], "application": who.application,
                 "lang": (user.get("settings") or {}).get("lang", "en_US")},
        "user": user["ID"], "contact": user.get("contact"), "name": user.get("name"), "email": user.get("email"),
    }
    if access:
        acc = access_of(tenant_rows(who.tenant), user)
        out.update(admin=acc.admin, nopublic=bool(user.get("nopublic")), apionly=bool(user.get("apionly")),
                   groups={str(g): w for g, w in sorted(acc.groups.items())},
                   permissions=dict(sorted(acc.permissions.items())))
    if settings:
        out["settings"] = dict(user.get("settings") or {})
    return out


def application_settings(who: Authenticated) -> dict[str, Any]:
    """GET /settings: the settings of the application the token was issued for."""
    from .errors import INVALID_APP_CONTEXT, forbidden

    if who.application is None:
        raise forbidden(INVALID_APP_CONTEXT)
    app = tenant_rows(who.tenant)("applications").get(str(who.application))
    if app is None:
        raise forbidden(INVALID_APP_CONTEXT)
    return dict(app.get("settings") or {})


def system_config(tenant: TenantDB) -> dict[str, Any]:
    """GET /config: the user-visible system configuration of the instance."""
    return dict(tenant.settings.get("config") or {})
