"""The app factory: one process, every API at its mount point(s), or one API at the root.

A request walks: path normaliser -> fault rules (latency sleeps here, outside the lock) -> store
lock -> Flask -> injected answer or journal hook -> the API's route (the tenant named in the path,
the API's authenticate hook, the caller bound) -> the view -> the API's error renderer for any
ApiError or anything else that goes wrong -> conditional GETs (APIs with etags) -> journal.
"""
from __future__ import annotations

import re
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from . import caller as callers
from . import conditional
from .api import (
    REASON_BAD_BODY,
    REASON_CRASH,
    REASON_INJECTED,
    REASON_METHOD,
    REASON_NO_ROUTE,
    REASON_NO_TENANT,
    REASON_TOO_LARGE,
    ApiError,
    ApiSpec,
    Route,
    check_routes,
)
from .clock import Clocks
from .faults import FaultRule, Faults
from .fixtures import FixtureSet, fresh_credentials
from .http import json_error
from .journal import Journal
from .mounts import TENANT_CONVERTER, Mount, Mounts, Site, is_control
from .persist import DiskLog
from .store import CREDENTIALS_TABLE, ORIGIN_TABLE, Record, Store, TenantDB, copy_json

_SLASHES = re.compile(r"/{2,}")
_REASONS = {404: REASON_NO_ROUTE, 405: REASON_METHOD, 413: REASON_TOO_LARGE, 400: REASON_BAD_BODY}


class NormalisePath:
    """Accept what real clients send: doubled slashes and a trailing slash reach the same route.

    Werkzeug would answer them with redirects (308), which many clients do not follow for POST.
    """

    def __init__(self, app: Any) -> None:
        self.app = app

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if "//" in path:
            path = _SLASHES.sub("/", path)
        if len(path) > 1 and path.endswith("/"):
            path = path.rstrip("/") or "/"
        environ["PATH_INFO"] = path
        return self.app(environ, start_response)


class FaultGate:
    """Match the fault rules before the store lock, so injected latency never blocks other requests.

    An answering rule (status, reset, malformed) is handed to Flask in the environ; the app's
    before_request renders it in the API's own envelope and the journal marks it with its tenant.
    """

    def __init__(self, app: Any, emu: Emulator) -> None:
        self.app = app
        self.emu = emu

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        faults = self.emu.faults
        path = environ.get("PATH_INFO", "")
        if not faults.rules or is_control(path):
            return self.app(environ, start_response)
        site = self.emu.mounts.site(path)
        method = environ.get("REQUEST_METHOD", "GET")
        tenant = self.emu.tenant_of(site, environ) if site is not None and faults.by_tenant() else None
        delay, answer, applied = faults.match(site.spec.name if site else None, method, path,
                                              site.rel if site else None, tenant)
        if delay > 0:
            time.sleep(delay)
        if applied:
            if answer is not None and tenant is None and site is not None:
                tenant = self.emu.tenant_of(site, environ)  # the journal names who was answered
            environ["emulator.faults"] = (answer, applied, delay, tenant)
        return self.app(environ, start_response)


class Serialised:
    """One lock around each request: handlers see a consistent store under a threaded server."""

    def __init__(self, app: Any, lock: Any) -> None:
        self.app = app
        self.lock = lock

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        with self.lock:
            body = self.app(environ, start_response)
            # materialise the body inside the lock: a handler's generator may read the store
            return body if isinstance(body, list) else list(body)


class Emulator:
    """What the app holds: the store, the parsed fixtures, the journal and the mounted APIs."""

    def __init__(self, specs: Sequence[ApiSpec], fixtures: FixtureSet, root_api: str | None = None,
                 data_dir: str | Path | None = None, journal_size: int = 1000) -> None:
        self.specs = {s.name: s for s in specs}
        self.fixtures = fixtures
        self.root_api = root_api
        self.mounts = Mounts(list(specs), root_api)
        # each API's route table, read once; the control API's rows (its own + the APIs' extras)
        self.routes: dict[str, list[Route]] = {}
        for spec in specs:
            rows = list(spec.routes())
            check_routes(spec.name, rows)
            self.routes[spec.name] = rows
        self.control_rows: list[Route] = []
        self.store = Store(id_keys={s.name: s.id_key_of for s in specs})
        self.journal = Journal(journal_size)
        self.clocks = Clocks()
        self.store.clocks = self.clocks
        self.faults = Faults([s.name for s in specs])
        self.disk: DiskLog | None = None
        if data_dir is not None:
            self.disk = DiskLog(self.store, data_dir)
        if self.disk is not None and self.disk.has_data():
            self.disk.load()
            # an API the data dir has never seen (built or enabled since) starts from its fixtures
            for name in self.specs:
                if not self.store.tenants_of(name):
                    self._reset_data(name, None)
        else:
            self._reset_data(None, None)
        if self.disk is not None:
            self.disk.attach()
            self.disk.fold()
        # the APIs' own in-memory state beside the store, one per app
        self.runtimes: dict[str, Any] = {s.name: s.runtime(self) for s in specs if s.runtime is not None}

    # -- routing help ------------------------------------------------------------------------
    def base_url(self, api: str, host_url: str, tenant: str | None = None) -> str:
        """What a client configures: the host, the API's preferred mount point (for `tenant`, on a
        templated mount; without one, the template) and the API's client base."""
        mount = self.mounts.preferred(api)
        return host_url.rstrip("/") + mount.concrete(tenant) + self.specs[api].client_base

    def tenant_of(self, site: Site, environ: dict) -> str | None:
        """The tenant a request acts for, before any routing: named in the path, or its credential's."""
        if site.mount.templated:
            return site.tenant
        identify = site.spec.identify
        return identify(self.store, environ) if identify is not None else None

    def runtime(self, api: str) -> Any:
        return self.runtimes[api]

    # -- whole-store operations --------------------------------------------------------------
    def initial_state(self, api: str, tenant: str) -> Record | None:
        """What resetting one tenant goes back to: its fixture, or (for a tenant made through the
        control API) its template's fixture with the tenant's own credentials."""
        state = self.fixtures.state(api, tenant)
        if state is not None:
            return state
        current_tenant = self.store.tenant(api, tenant)
        origin = current_tenant.table(ORIGIN_TABLE).get(1) if current_tenant is not None else None
        if origin is None:
            return None
        state = self.fixtures.state(api, str(origin.get("template")))
        if state is None:
            return None
        state["tables"][CREDENTIALS_TABLE] = copy_json(origin["credentials"])
        state["tables"][ORIGIN_TABLE] = {"1": origin}
        if self.specs[api].adopt is not None:
            self.specs[api].adopt(state, tenant)
        return state

    def _reset_data(self, api: str | None, tenant: str | None) -> list[str]:
        done = []
        for name in self.specs:
            if api and name != api:
                continue
            if tenant is None:
                for t in list(self.store.tenants_of(name)):
                    self.store.drop_tenant(name, t.name)
                    self.clocks.drop_tenant(name, t.name)
            names = [tenant] if tenant else self.fixtures.tenants(name)
            for tname in names:
                state = self.initial_state(name, tname)
                if state is None:
                    continue
                self.store.put_tenant(name, tname, state)
                done.append(f"{name}/{tname}")
        return done

    def reset(self, api: str | None = None, tenant: str | None = None) -> list[str]:
        """Back to fixtures: everything, one API, or one tenant.

        Resetting everything or one API drops the tenants made through the control API; resetting
        one such tenant takes it back to its template's fixtures and keeps its credentials.
        """
        with self.store.lock:
            done = self._reset_data(api, tenant)
            for name, runtime in self.runtimes.items():
                if (api is None or name == api) and hasattr(runtime, "reset"):
                    runtime.reset(tenant)
            if self.disk is not None and self.disk.started:
                self.disk.fold()
        return done

    def create_tenant(self, api: str, template: str | None = None) -> TenantDB:
        """A fresh isolated account cloned from a fixture tenant, with credentials of its own."""
        spec = self.specs[api]
        with self.store.lock:
            template = template or (self.fixtures.tenants(api) or [None])[0]
            state = self.fixtures.state(api, template) if template else None
            if state is None:
                raise KeyError(template)
            fresh_credentials(state, spec.new_credential_value)
            state["tables"][ORIGIN_TABLE] = {"1": {
                "id": 1, "template": template,
                "credentials": copy_json(state["tables"].get(CREDENTIALS_TABLE, {})),
            }}
            name = self.store.new_tenant_name(api)
            if spec.adopt is not None:
                spec.adopt(state, name)
            tenant = self.store.put_tenant(api, name, state)
            if self.disk is not None:
                self.disk.fold()
        return tenant

    def drop_tenant(self, api: str, name: str) -> bool:
        with self.store.lock:
            if self.store.tenant(api, name) is None:
                return False
            self.store.drop_tenant(api, name)
            self.clocks.drop_tenant(api, name)
            if self.disk is not None:
                self.disk.fold()  # dropping is not a table change, so the log cannot carry it
        return True

    def snapshot(self, name: str) -> None:
        with self.store.lock:
            self.store.snapshots[name] = self.store.dump()

    def restore(self, name: str) -> None:
        with self.store.lock:
            self.store.load(self.store.snapshots[name])
            if self.disk is not None:
                self.disk.fold()

    def close(self) -> None:
        for runtime in self.runtimes.values():
            if hasattr(runtime, "close"):
                runtime.close()
        if self.disk is not None:
            with self.store.lock:
                self.disk.close()


def create_app(apis: Iterable[str] | None = None, root_api: str | None = None,
               data_dir: str | Path | None = None, fixtures_dir: str | Path | None = None,
               fake: int = 0, seed: int | None = None, journal_size: int = 1000,
               clock: str | None = None, specs: Sequence[ApiSpec] | None = None) -> Flask:
    """Build the WSGI app serving the named APIs (default: every API that is built).

    `specs`: serve these ApiSpecs instead (an API that is not shipped, such as the tests' toy API).
    `fixtures_dir`: a folder of `<api>/<tenant>.json` for every API without fixtures of its own.
    `clock`: an ISO-8601 instant to start with the global clock frozen at.
    """
    if specs is None:
        from ..apis import load_specs

        specs = load_specs(apis)
    specs = list(specs)
    if root_api is not None and root_api not in {s.name for s in specs}:
        raise ValueError(f"unknown api {root_api!r}")
    fixtures = FixtureSet(Path(fixtures_dir) if fixtures_dir else None)
    for spec in specs:
        fixtures.load_api(spec.name, spec.fixtures, spec.id_key_of)
        if fake and spec.bulk is not None:
            fixtures.add_bulk(spec.name, spec.bulk, fake, seed, spec.id_key_of)

    app = Flask("emulator")
    app.json.sort_keys = False  # keep each API's own key order
    app.url_map.strict_slashes = False
    emu = Emulator(specs, fixtures, root_api=root_api, data_dir=data_dir, journal_size=journal_size)
    app.url_map.converters[TENANT_CONVERTER] = emu.mounts.converter()
    if clock is not None:
        from .clock import parse_instant

        emu.clocks.global_.freeze(parse_instant(clock))
    app.extensions["emulator"] = emu

    from .admin import control_routes

    emu.control_rows = list(control_routes())
    for spec in specs:
        if spec.control_routes is not None:
            emu.control_rows.extend(spec.control_routes())
    check_routes("control API", emu.control_rows)
    control = Blueprint("emulator_admin", __name__)
    for row in emu.control_rows:
        control.add_url_rule(row.path, row.name, _view(row), methods=list(row.methods))
    app.register_blueprint(control, url_prefix="/_emulator")
    for index, (mount, spec) in enumerate(emu.mounts.entries):
        app.register_blueprint(_api_blueprint(emu, spec, mount, f"{spec.name}_{index}"),
                               url_prefix=mount.flask_prefix() or None)

    _install_hooks(app, emu)
    app.wsgi_app = NormalisePath(FaultGate(Serialised(app.wsgi_app, emu.store.lock), emu))  # type: ignore[method-assign]
    return app


def _view(row: Route) -> Callable[..., Any]:
    return partial(row.view, **row.bind) if row.bind else row.view


def _api_blueprint(emu: Emulator, spec: ApiSpec, mount: Mount, name: str) -> Blueprint:
    """One mount of one API: its route table, the tenant named in the path, its authenticate hook."""
    bp = Blueprint(name, __name__)
    public = set()
    for row in emu.routes[spec.name]:
        bp.add_url_rule(row.path, row.name, _view(row), methods=list(row.methods))
        if row.public:
            public.add(f"{name}.{row.name}")
    param = mount.param
    store = emu.store
    authenticate = spec.authenticate

    if param is not None:
        @bp.url_value_preprocessor
        def _path_tenant(endpoint: str | None, values: dict[str, Any] | None) -> None:
            g.path_tenant = values.pop(param, None) if values else None

    @bp.before_request
    def _enter() -> None:
        tenant = None
        if param is not None:
            tenant = store.tenant(spec.name, g.path_tenant)
            if tenant is None:
                raise ApiError(404, f"no such {param}", reason=REASON_NO_TENANT)
        if request.endpoint in public:
            user = None
            if tenant is None:
                return
        else:
            tenant, user = authenticate(store, tenant)
        g.caller_token = callers.bind(tenant, user)

    if spec.etags:
        bp.after_request(conditional.answer_get)
    return bp


def _install_hooks(app: Flask, emu: Emulator) -> None:
    mounts = emu.mounts

    @app.before_request
    def _start() -> Any:
        g.started = time.perf_counter()
        injected = request.environ.get("emulator.faults")
        if injected is None:
            return None
        answer, applied, delay, tenant = injected
        g.fault = {"rules": [r.id for r in applied], "action": answer.action if answer else "latency",
                   "latency_ms": round(delay * 1000, 3)}
        g.fault_tenant = tenant
        if answer is None:
            return None
        return _injected_answer(answer, mounts.site(request.path))

    @app.after_request
    def _journal(response: Any) -> Any:
        path = request.path
        if not is_control(path):
            site = mounts.site(path)
            bound = callers.current_caller()
            tenant = bound.tenant.name if bound is not None else g.get("fault_tenant")
            emu.journal.record(
                time=time.time(), api=site.spec.name if site else None, tenant=tenant,
                method=request.method, path=path, query=request.query_string.decode("latin-1"),
                status=response.status_code,
                duration_ms=round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 3),
                **({"fault": g.fault} if "fault" in g else {}),
            )
        return response

    @app.teardown_request
    def _leave(exc: BaseException | None) -> None:
        token = g.pop("caller_token", None)
        if token is not None:
            callers.unbind(token)

    @app.errorhandler(Exception)
    def _error(exc: Exception) -> Any:
        if isinstance(exc, ApiError):
            err = exc
        elif isinstance(exc, HTTPException):
            status = exc.code or 500
            allowed = tuple(sorted(exc.valid_methods or ())) if isinstance(exc, MethodNotAllowed) else ()
            err = ApiError(status, exc.description or "", reason=_REASONS.get(status, "http"), allowed=allowed)
        else:
            app.logger.exception("unhandled error on %s %s", request.method, request.path)
            err = ApiError(500, "Internal error", reason=REASON_CRASH)
        site = mounts.site(request.path)
        err.method = request.method
        err.path = site.rel if site is not None else request.path
        return render(site, err)


def render(site: Site | None, err: ApiError) -> Any:
    """An error as the API owning the path answers it; the control API's JSON where no API does."""
    if site is None:
        resp = json_error(err.status, err.message or "error")
    else:
        resp = site.spec.render_error(err)
    if err.allowed and "Allow" not in resp.headers:
        resp.headers["Allow"] = ", ".join(err.allowed)
    resp.headers.update(err.headers)
    return resp


def _injected_answer(rule: FaultRule, site: Site | None) -> Any:
    """What an answering fault rule sends instead of the API."""
    from flask import Response

    if rule.action == "status":
        err = ApiError(rule.status or 500, rule.message or "", reason=REASON_INJECTED, method=request.method,
                       path=site.rel if site else request.path)
        if site is None:
            err.message = rule.message or "injected fault"
        return render(site, err)
    content_type = site.spec.content_type if site else "application/json"
    if rule.action == "malformed":
        return Response(b'{"data": [{"id": 1, "name": "trunc', status=200, content_type=content_type)
    # reset: promise a body, send a few bytes and close, which a client sees as a broken connection
    resp = Response(b'{"da', status=200, content_type=content_type)
    resp.headers["Content-Length"] = "65536"
    resp.headers["Connection"] = "close"
    return resp
