"""The control API under /_emulator/: what a test harness needs, as JSON.

    GET    /_emulator/health                       version, APIs, record counts
    POST   /_emulator/reset                        {"api"?, "tenant"?} back to fixtures (a made
                                                   tenant: back to its template, same credentials)
    GET    /_emulator/snapshots                    saved snapshot names
    PUT    /_emulator/snapshots/<name>             save the whole store (POST /snapshots {"name"} too)
    POST   /_emulator/snapshots/<name>/restore     restore it
    DELETE /_emulator/snapshots/<name>             forget it
    GET    /_emulator/tenants                      every tenant of every API
    POST   /_emulator/tenants                      {"api", "template"?} a fresh isolated account
    DELETE /_emulator/tenants/<api>/<tenant>       drop an account
    GET    /_emulator/tenants/<api>/<tenant>/settings    the account's settings (module gates, ...)
    PATCH  /_emulator/tenants/<api>/<tenant>/settings    change them
    GET    /_emulator/credentials                  per API: base URL and each fixture user's credentials
    GET    /_emulator/journal                      ?api=&method=&path=&tenant=&limit=
    DELETE /_emulator/journal                      clear it
    GET    /_emulator/openapi/<name>.json          OpenAPI 3.1 document of an API, or of this one ("emulator")
    /_emulator/clock...                            the clock (admin_clock.py)
    /_emulator/faults...                           fault rules (admin_faults.py)
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import request

from .. import __version__
from . import admin_schemas as s
from .api import Route
from .http import current, json_body, json_error, no_content
from .openapi import Doc
from .store import TenantDB

if TYPE_CHECKING:
    from .app import Emulator


def _name(value: Any) -> str | None:
    """An api or tenant name from JSON or a query string: a string, or an integer tenant number."""
    if isinstance(value, str) and value:
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    return None


def _json_type(value: Any) -> str:
    return {bool: "a boolean", int: "an integer", float: "a number", str: "a string",
            list: "an array", dict: "an object"}.get(type(value), type(value).__name__)


def _tenant_info(emu: Emulator, tenant: TenantDB) -> dict[str, Any]:
    spec = emu.specs[tenant.api]
    return {
        "api": tenant.api,
        "tenant": tenant.name,
        "base_url": emu.base_url(tenant.api, request.host_url, tenant.name),
        "users": spec.describe_credentials(tenant),
    }


def health() -> Any:
    emu = current()
    apis = {}
    for spec in emu.specs.values():
        tenants = {
            t.name: {name: len(t.table(name)) for name in sorted(t.table_names())}
            for t in emu.store.tenants_of(spec.name)
        }
        apis[spec.name] = {"title": spec.title, "mount": emu.mounts.preferred(spec.name).template or "/",
                           "tenants": tenants}
    return {"status": "ok", "version": __version__, "apis": apis,
            "persistent": emu.disk is not None}

def reset() -> Any:
    emu = current()
    body = {**request.args.to_dict(), **json_body()}
    api, tenant = _name(body.get("api")), _name(body.get("tenant"))
    if body.get("api") is not None and (api is None or api not in emu.specs):
        return json_error(400, f"unknown api {body.get('api')!r}; served: {sorted(emu.specs)}")
    if body.get("tenant") is not None and tenant is None:
        return json_error(400, "tenant must be a tenant name")
    if tenant and not api:
        return json_error(400, "tenant needs api")
    if tenant and emu.initial_state(api, tenant) is None:
        return json_error(404, f"no tenant {api}/{tenant} to reset")
    only = body.get("only")
    if "only" in request.args:
        only = request.args.getlist("only")
    if only is not None:
        if isinstance(only, str):
            only = [only]
        from .app import RESET_PARTS

        if not isinstance(only, list) or not only or any(p not in RESET_PARTS for p in only):
            return json_error(400, f"only must be a non-empty list of {list(RESET_PARTS)}")
    return emu.reset_all(api, tenant, only)


def list_snapshots() -> Any:
    return {"snapshots": sorted(current().store.snapshots)}

def save_snapshot_body() -> Any:
    name = json_body().get("name")
    if not isinstance(name, str) or not name:
        return json_error(400, "name is required")
    current().snapshot(name)
    return {"snapshot": name}, 201

def save_snapshot(name: str) -> Any:
    current().snapshot(name)
    return {"snapshot": name}, 201

def restore_snapshot(name: str) -> Any:
    emu = current()
    if name not in emu.store.snapshots:
        return json_error(404, f"no snapshot {name!r}")
    emu.restore(name)
    return {"restored": name}

def delete_snapshot(name: str) -> Any:
    if not current().forget_snapshot(name):
        return json_error(404, f"no snapshot {name!r}")
    return no_content()

def list_tenants() -> Any:
    emu = current()
    return {"tenants": [_tenant_info(emu, t) for t in emu.store.tenants.values()]}

def create_tenant() -> Any:
    emu = current()
    body = json_body()
    api = _name(body.get("api"))
    if api is None or api not in emu.specs:
        return json_error(400, f"api must be one of {sorted(emu.specs)}")
    template = _name(body.get("template"))
    if body.get("template") is not None and template is None:
        return json_error(400, "template must be a fixture tenant name")
    try:
        tenant = emu.create_tenant(api, template)
    except KeyError:
        return json_error(404, f"no fixture tenant {api}/{template}")
    return _tenant_info(emu, tenant), 201

def _find(api: str, name: str) -> TenantDB | None:
    return current().store.tenant(api, name)

def delete_tenant(api: str, name: str) -> Any:
    if not current().drop_tenant(api, name):
        return json_error(404, f"no tenant {api}/{name}")
    return no_content()

def tenant_settings(api: str, name: str) -> Any:
    tenant = _find(api, name)
    if tenant is None:
        return json_error(404, f"no tenant {api}/{name}")
    if request.method != "GET":
        body = request.get_json(silent=True, force=True)
        if not isinstance(body, dict) or not body:
            return json_error(400, "the body must be a JSON object of settings to change")
        unknown = sorted(set(body) - set(tenant.settings))
        if unknown:
            return json_error(400, f"unknown settings {unknown}; known: {sorted(tenant.settings)}")
        for key, value in body.items():
            old = tenant.settings[key]
            if old is None:
                continue
            if value is None:
                return json_error(400, f"{key} cannot be null")
            # a whole number where a float is stored is fine; a bool is never a number here
            numeric = type(old) is float and type(value) is int
            if type(old) is not type(value) and not numeric:
                return json_error(400, f"{key} must be {_json_type(old)}")
        check = current().specs[api].check_settings
        if check is not None:
            try:
                check(dict(tenant.settings), body)
            except ValueError as exc:
                return json_error(400, str(exc))
        tenant.update_settings(body)
    return {"api": api, "tenant": name, "settings": tenant.settings}

def credentials() -> Any:
    emu = current()
    out = {}
    for spec in emu.specs.values():
        out[spec.name] = {
            "base_url": emu.base_url(spec.name, request.host_url),
            "tenants": [{"tenant": t.name, "base_url": emu.base_url(spec.name, request.host_url, t.name),
                         "users": spec.describe_credentials(t)}
                        for t in emu.store.tenants_of(spec.name)],
        }
    return out

def journal() -> Any:
    args = request.args
    numbers = {}
    for key, low in (("limit", 1), ("status", 100)):
        raw = args.get(key)
        if raw is None:
            continue
        if not (raw.isascii() and raw.isdigit()) or int(raw) < low:
            return json_error(400, f"{key} must be a whole number of at least {low}, not {raw!r}")
        numbers[key] = int(raw)
    entries = current().journal.query(api=args.get("api"), method=args.get("method"), path=args.get("path"),
                                      tenant=args.get("tenant"), status=numbers.get("status"),
                                      body=args.get("body"), limit=numbers.get("limit"))
    return {"entries": [e.describe() for e in entries], "count": len(entries)}


def clear_journal() -> Any:
    current().journal.clear()
    return no_content()

def openapi_document(name: str) -> Any:
    from flask import current_app

    from .openapi import build, names

    if name not in names(current_app):
        return json_error(404, f"no OpenAPI document {name!r}; there are: {names(current_app)}")
    return build(current_app, name)


def control_routes() -> list[Route]:
    """The control API's route table (its clock and fault rows included)."""
    from . import admin_clock, admin_faults

    no_tenant = {404: "No such tenant"}
    return [
        Route("GET", "/health", "health_get", health,
              doc=Doc("Health, version, mounted APIs and record counts", tags=["state"],
                      responses={200: s.Health})),
        Route("POST", "/reset", "reset_create", reset,
              doc=Doc("Reset to fixtures: everything, one API, or one tenant", tags=["state"], body=s.ResetBody,
                      body_required=False, query=s.ResetQuery, responses={200: s.ResetDone},
                      errors={400: "An unknown api, a bad tenant name, or a tenant without its api",
                              404: "No such tenant to reset"})),
        Route("GET", "/snapshots", "snapshots_list", list_snapshots,
              doc=Doc("Saved snapshot names", tags=["snapshots"], responses={200: s.SnapshotList})),
        Route("POST", "/snapshots", "snapshots_create", save_snapshot_body,
              doc=Doc("Save the whole store under a name", tags=["snapshots"], body=s.SnapshotBody,
                      responses={201: s.SnapshotSaved}, errors={400: "name is missing"})),
        Route("PUT", "/snapshots/<name>", "snapshots_put", save_snapshot,
              doc=Doc("Save the whole store under a name", tags=["snapshots"], responses={201: s.SnapshotSaved})),
        Route("POST", "/snapshots/<name>/restore", "snapshots_restore", restore_snapshot,
              doc=Doc("Restore a snapshot", tags=["snapshots"], responses={200: s.SnapshotRestored},
                      errors={404: "No such snapshot"})),
        Route("DELETE", "/snapshots/<name>", "snapshots_delete", delete_snapshot,
              doc=Doc("Forget a snapshot", tags=["snapshots"], responses={204: "Forgotten"},
                      errors={404: "No such snapshot"})),
        Route("GET", "/tenants", "tenants_list", list_tenants,
              doc=Doc("Every tenant of every API, with its base URL and users", tags=["tenants"],
                      responses={200: s.TenantList})),
        Route("POST", "/tenants", "tenants_create", create_tenant,
              doc=Doc("A fresh isolated account cloned from a fixture tenant, with new credentials",
                      tags=["tenants"], body=s.TenantBody, responses={201: s.TenantInfo},
                      errors={400: "An unknown api or a bad template name", 404: "No such fixture tenant"})),
        Route("DELETE", "/tenants/<api>/<name>", "tenants_delete", delete_tenant,
              doc=Doc("Drop an account", tags=["tenants"], responses={204: "Dropped"}, errors=no_tenant)),
        Route("GET", "/tenants/<api>/<name>/settings", "settings_get", tenant_settings,
              doc=Doc("An account's settings", tags=["tenants"], responses={200: s.TenantSettings},
                      errors=no_tenant)),
        Route(("PATCH", "PUT"), "/tenants/<api>/<name>/settings", "settings_update", tenant_settings,
              doc=Doc("Change an account's settings (known keys, each of its current JSON type)", tags=["tenants"],
                      body=s.SettingsBody, responses={200: s.TenantSettings},
                      errors={400: "Not a JSON object of known settings of the right types", **no_tenant})),
        Route("GET", "/credentials", "credentials_list", credentials,
              doc=Doc("Per API: base URL and each fixture user's credentials and role", tags=["tenants"],
                      responses={200: s.CREDENTIALS})),
        Route("GET", "/journal", "journal_list", journal,
              doc=Doc("Recorded requests and their answers, oldest first", tags=["journal"],
                      query=s.JournalQuery, responses={200: s.Journal},
                      errors={400: "A limit or status that is not a whole number in range"})),
        Route("DELETE", "/journal", "journal_clear", clear_journal,
              doc=Doc("Clear the journal", tags=["journal"], responses={204: "Cleared"})),
        Route("GET", "/openapi/<name>.json", "openapi_get", openapi_document,
              doc=Doc("The OpenAPI 3.1 document of a mounted API, or of this control API (name: emulator)",
                      tags=["openapi"], responses={200: s.OpenApiDocument}, errors={404: "No such API"})),
        *admin_clock.routes(),
        *admin_faults.routes(),
    ]
