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

from typing import Any

from flask import Blueprint, Response, jsonify, request

from .. import __version__
from . import admin_schemas as s
from .app import Emulator, current
from .openapi import doc
from .store import TenantDB


def json_error(status: int, message: str) -> Response:
    resp = jsonify({"error": message, "status": status})
    resp.status_code = status
    return resp


def no_content() -> Response:
    """204 with no body and so no Content-Type (Flask would call the empty body text/html)."""
    resp = Response(status=204)
    del resp.headers["Content-Type"]
    return resp


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True, force=True) if request.data else None
    if data is None and request.form:
        data = request.form.to_dict()
    return data if isinstance(data, dict) else {}


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
        "base_url": emu.base_url(tenant.api, request.host_url),
        "users": spec.describe_credentials(tenant),
    }


def make_blueprint() -> Blueprint:
    from . import admin_clock, admin_faults

    bp = Blueprint("emulator_admin", __name__)
    admin_clock.routes(bp)
    admin_faults.routes(bp)

    @bp.get("/health")
    @doc("Health, version, mounted APIs and record counts", tags=["state"], responses={200: s.Health})
    def health() -> Any:
        emu = current()
        apis = {}
        for prefix, spec in emu.mounts:
            tenants = {
                t.name: {name: len(t.table(name)) for name in sorted(t.table_names())}
                for t in emu.store.tenants_of(spec.name)
            }
            apis[spec.name] = {"title": spec.title, "mount": prefix or "/", "tenants": tenants}
        return {"status": "ok", "version": __version__, "apis": apis,
                "persistent": emu.disk is not None}

    @bp.post("/reset")
    @doc("Reset to fixtures: everything, one API, or one tenant", tags=["state"], body=s.ResetBody,
         body_required=False, query=s.ResetQuery, responses={200: s.ResetDone},
         errors={400: "An unknown api, a bad tenant name, or a tenant without its api",
                 404: "No such tenant to reset"})
    def reset() -> Any:
        emu = current()
        body = {**request.args.to_dict(), **_body()}
        api, tenant = _name(body.get("api")), _name(body.get("tenant"))
        if body.get("api") is not None and (api is None or api not in emu.specs):
            return json_error(400, f"unknown api {body.get('api')!r}; served: {sorted(emu.specs)}")
        if body.get("tenant") is not None and tenant is None:
            return json_error(400, "tenant must be a tenant name")
        if tenant and not api:
            return json_error(400, "tenant needs api")
        if tenant and emu.initial_state(api, tenant) is None:
            return json_error(404, f"no tenant {api}/{tenant} to reset")
        done = emu.reset(api, tenant)
        return {"reset": done}

    @bp.get("/snapshots")
    @doc("Saved snapshot names", tags=["snapshots"], responses={200: s.SnapshotList})
    def list_snapshots() -> Any:
        return {"snapshots": sorted(current().store.snapshots)}

    @bp.post("/snapshots")
    @doc("Save the whole store under a name", tags=["snapshots"], body=s.SnapshotBody,
         responses={201: s.SnapshotSaved}, errors={400: "name is missing"})
    def save_snapshot_body() -> Any:
        name = _body().get("name")
        if not isinstance(name, str) or not name:
            return json_error(400, "name is required")
        current().snapshot(name)
        return {"snapshot": name}, 201

    @bp.put("/snapshots/<name>")
    @doc("Save the whole store under a name", tags=["snapshots"], responses={201: s.SnapshotSaved})
    def save_snapshot(name: str) -> Any:
        current().snapshot(name)
        return {"snapshot": name}, 201

    @bp.post("/snapshots/<name>/restore")
    @doc("Restore a snapshot", tags=["snapshots"], responses={200: s.SnapshotRestored},
         errors={404: "No such snapshot"})
    def restore_snapshot(name: str) -> Any:
        emu = current()
        if name not in emu.store.snapshots:
            return json_error(404, f"no snapshot {name!r}")
        emu.restore(name)
        return {"restored": name}

    @bp.delete("/snapshots/<name>")
    @doc("Forget a snapshot", tags=["snapshots"], responses={204: "Forgotten"}, errors={404: "No such snapshot"})
    def delete_snapshot(name: str) -> Any:
        if current().store.snapshots.pop(name, None) is None:
            return json_error(404, f"no snapshot {name!r}")
        return no_content()

    @bp.get("/tenants")
    @doc("Every tenant of every API, with its base URL and users", tags=["tenants"],
         responses={200: s.TenantList})
    def list_tenants() -> Any:
        emu = current()
        return {"tenants": [_tenant_info(emu, t) for t in emu.store.tenants.values()]}

    @bp.post("/tenants")
    @doc("A fresh isolated account cloned from a fixture tenant, with new credentials", tags=["tenants"],
         body=s.TenantBody, responses={201: s.TenantInfo},
         errors={400: "An unknown api or a bad template name", 404: "No such fixture tenant"})
    def create_tenant() -> Any:
        emu = current()
        body = _body()
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

    @bp.delete("/tenants/<api>/<name>")
    @doc("Drop an account", tags=["tenants"], responses={204: "Dropped"}, errors={404: "No such tenant"})
    def delete_tenant(api: str, name: str) -> Any:
        if not current().drop_tenant(api, name):
            return json_error(404, f"no tenant {api}/{name}")
        return no_content()

    @bp.route("/tenants/<api>/<name>/settings", methods=["GET", "PATCH", "PUT"])
    @doc("An account's settings", tags=["tenants"], responses={200: s.TenantSettings},
         errors={404: "No such tenant"}, methods=["GET"])
    @doc("Change an account's settings (known keys, each of its current JSON type)", tags=["tenants"],
         body=s.SettingsBody, responses={200: s.TenantSettings},
         errors={400: "Not a JSON object of known settings of the right types", 404: "No such tenant"},
         methods=["PATCH", "PUT"])
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
            tenant.update_settings(body)
        return {"api": api, "tenant": name, "settings": tenant.settings}

    @bp.get("/credentials")
    @doc("Per API: base URL and each fixture user's credentials and role", tags=["tenants"],
         responses={200: s.CREDENTIALS})
    def credentials() -> Any:
        emu = current()
        out = {}
        for _prefix, spec in emu.mounts:
            out[spec.name] = {
                "base_url": emu.base_url(spec.name, request.host_url),
                "tenants": [{"tenant": t.name, "users": spec.describe_credentials(t)}
                            for t in emu.store.tenants_of(spec.name)],
            }
        return out

    @bp.get("/journal")
    @doc("Recorded requests, oldest first", tags=["journal"], query=s.JournalQuery, responses={200: s.Journal})
    def journal() -> Any:
        args = request.args
        limit = args.get("limit", type=int)
        entries = current().journal.query(api=args.get("api"), method=args.get("method"),
                                          path=args.get("path"), tenant=args.get("tenant"),
                                          limit=limit if limit and limit > 0 else None)
        return {"entries": entries, "count": len(entries)}

    @bp.delete("/journal")
    @doc("Clear the journal", tags=["journal"], responses={204: "Cleared"})
    def clear_journal() -> Any:
        current().journal.clear()
        return no_content()

    @bp.get("/openapi/<name>.json")
    @doc("The OpenAPI 3.1 document of a mounted API, or of this control API (name: emulator)",
         tags=["openapi"], responses={200: s.OpenApiDocument}, errors={404: "No such API"})
    def openapi_document(name: str) -> Any:
        from flask import current_app

        from .openapi import build, names

        if name not in names(current_app):
            return json_error(404, f"no OpenAPI document {name!r}; there are: {names(current_app)}")
        return build(current_app, name)

    return bp
