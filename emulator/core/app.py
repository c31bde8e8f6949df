"""The app factory: one process, every API under its prefix (or one API at the root).

A request walks: path normaliser -> fault rules (latency sleeps here, outside the lock) -> store
lock -> Flask -> injected answer or journal hook -> API blueprint (auth, handler) -> the API's
error renderer for anything that goes wrong -> journal hook.
"""
from __future__ import annotations

import re
import time
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from flask import Flask, g, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from .api import ApiSpec, RouteError
from .clock import Clocks
from .faults import FaultRule, Faults
from .fixtures import FixtureSet, fresh_credentials
from .journal import Journal
from .persist import DiskLog
from .store import CREDENTIALS_TABLE, ORIGIN_TABLE, Record, Store, TenantDB, copy_json

_SLASHES = re.compile(r"/{2,}")


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
    before_request renders it in the API's own envelope and the journal marks it.
    """

    def __init__(self, app: Any, emu: Emulator) -> None:
        self.app = app
        self.emu = emu

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        faults = self.emu.faults
        path = environ.get("PATH_INFO", "")
        if not faults.rules or self.emu.is_control(path):
            return self.app(environ, start_response)
        found = self.emu.api_for_path(path)
        spec, rel = found if found else (None, None)
        tenant = None
        if spec is not None and spec.identify is not None and faults.by_tenant():
            tenant = spec.identify(self.emu.store, environ)
        delay, answer, applied = faults.match(spec.name if spec else None, environ.get("REQUEST_METHOD", "GET"),
                                              path, rel, tenant)
        if delay > 0:
            time.sleep(delay)
        if applied:
            environ["emulator.faults"] = (answer, applied, delay)
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

    def __init__(self, specs: list[ApiSpec], fixtures: FixtureSet, root_api: str | None = None,
                 data_dir: str | Path | None = None, journal_size: int = 1000) -> None:
        self.specs = {s.name: s for s in specs}
        self.fixtures = fixtures
        self.root_api = root_api
        self.store = Store()
        self.journal = Journal(journal_size)
        self.clocks = Clocks()
        self.faults = Faults([s.name for s in specs])
        self.disk: DiskLog | None = None
        self.mounts = [("" if s.name == root_api else s.prefix, s) for s in specs]
        # longest prefix first, the root mount last
        self.mounts.sort(key=lambda m: -len(m[0]))
        if data_dir is not None:
            self.disk = DiskLog(self.store, data_dir)
        if self.disk is not None and self.disk.has_data():
            self.disk.load()
            # an API the data dir has never seen (built or enabled since) starts from its fixtures
            for name in self.specs:
                if not self.store.tenants_of(name):
                    self.reset(name)
        else:
            self.reset()
        if self.disk is not None:
            self.disk.attach()
            self.disk.fold()

    # -- routing help ------------------------------------------------------------------------
    @staticmethod
    def is_control(path: str) -> bool:
        """The control API's paths, which no API claims, even one mounted at the root."""
        return path == "/_emulator" or path.startswith("/_emulator/")

    def api_for_path(self, path: str) -> tuple[ApiSpec, str] | None:
        """(the API mounted at this path, the path below its mount point), or None."""
        if self.is_control(path):
            return None
        for prefix, spec in self.mounts:
            if prefix == "":
                return spec, path
            if path == prefix or path.startswith(prefix + "/"):
                return spec, path[len(prefix):] or "/"
        return None

    def mount_point(self, api: str) -> str:
        for prefix, spec in self.mounts:
            if spec.name == api:
                return prefix
        raise KeyError(api)

    def base_url(self, api: str, host_url: str) -> str:
        return host_url.rstrip("/") + self.mount_point(api) + self.specs[api].client_base

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

    def reset(self, api: str | None = None, tenant: str | None = None) -> list[str]:
        """Back to fixtures: everything, one API, or one tenant.

        Resetting everything or one API drops the tenants made through the control API; resetting
        one such tenant takes it back to its template's fixtures and keeps its credentials.
        """
        done = []
        with self.store.lock:
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
        if self.disk is not None:
            with self.store.lock:
                self.disk.close()


def current() -> Emulator:
    from flask import current_app

    return current_app.extensions["emulator"]


def create_app(apis: Iterable[str] | None = None, root_api: str | None = None,
               data_dir: str | Path | None = None, fixtures_dir: str | Path | None = None,
               fake: int = 0, seed: int | None = None, journal_size: int = 1000,
               clock: str | None = None) -> Flask:
    """Build the WSGI app serving the named APIs (default: every API that is built).

    `clock`: an ISO-8601 instant to start with the global clock frozen at.
    """
    from ..apis import load_specs

    specs = load_specs(apis)
    if root_api is not None and root_api not in {s.name for s in specs}:
        raise ValueError(f"unknown api {root_api!r}")
    fixtures = FixtureSet(Path(fixtures_dir) if fixtures_dir else None)
    for spec in specs:
        fixtures.load_api(spec.name)
        if fake and spec.bulk is not None:
            fixtures.add_bulk(spec.name, spec.bulk, fake, seed)

    app = Flask("emulator")
    app.json.sort_keys = False  # keep each API's own key order
    app.url_map.strict_slashes = False
    emu = Emulator(specs, fixtures, root_api=root_api, data_dir=data_dir, journal_size=journal_size)
    if clock is not None:
        from .clock import parse_instant

        emu.clocks.global_.freeze(parse_instant(clock))
    app.extensions["emulator"] = emu

    from .admin import make_blueprint as admin_blueprint

    app.register_blueprint(admin_blueprint(), url_prefix="/_emulator")
    for prefix, spec in emu.mounts:
        app.register_blueprint(spec.make_blueprint(), url_prefix=prefix or None)

    _install_hooks(app, emu)
    app.wsgi_app = NormalisePath(FaultGate(Serialised(app.wsgi_app, emu.store.lock), emu))  # type: ignore[method-assign]
    return app


def _install_hooks(app: Flask, emu: Emulator) -> None:
    @app.before_request
    def _start() -> Any:
        g.started = time.perf_counter()
        injected = request.environ.get("emulator.faults")
        if injected is None:
            return None
        answer, applied, delay = injected
        g.fault = {"rules": [r.id for r in applied], "action": answer.action if answer else "latency",
                   "latency_ms": round(delay * 1000, 3)}
        if answer is None:
            return None
        found = emu.api_for_path(request.path)
        return _injected_answer(answer, found)

    @app.after_request
    def _journal(response: Any) -> Any:
        path = request.path
        if not emu.is_control(path):
            found = emu.api_for_path(path)
            emu.journal.record(
                time=time.time(), api=found[0].name if found else None,
                tenant=getattr(g.get("tenant"), "name", None), method=request.method, path=path,
                query=request.query_string.decode("latin-1"), status=response.status_code,
                duration_ms=round((time.perf_counter() - g.get("started", time.perf_counter())) * 1000, 3),
                **({"fault": g.fault} if "fault" in g else {}),
            )
        return response

    @app.errorhandler(Exception)
    def _error(exc: Exception) -> Any:
        status = exc.code if isinstance(exc, HTTPException) and exc.code else 500
        if status == 500 and not isinstance(exc, HTTPException):
            app.logger.exception("unhandled error on %s %s", request.method, request.path)
        # the control API keeps its JSON errors even when an API is mounted at the root
        found = emu.api_for_path(request.path)
        allowed = tuple(sorted(exc.valid_methods or ())) if isinstance(exc, MethodNotAllowed) else ()
        if found is None:
            from .admin import json_error

            resp = json_error(status, getattr(exc, "description", "Internal error") if status != 500
                              else "Internal error")
            if allowed:
                resp.headers["Allow"] = ", ".join(allowed)
            return resp
        spec, rel = found
        return spec.render_error(RouteError(status=status, method=request.method, path=rel,
                                            allowed=allowed, description=getattr(exc, "description", "")))


def _injected_answer(rule: FaultRule, found: tuple[ApiSpec, str] | None) -> Any:
    """What an answering fault rule sends instead of the API."""
    from flask import Response

    spec, rel = found if found else (None, request.path)
    content_type = spec.content_type if spec else "application/json"
    if rule.action == "status":
        if spec is None:
            from .admin import json_error

            return json_error(rule.status or 500, rule.message or "injected fault")
        return spec.render_error(RouteError(status=rule.status or 500, method=request.method, path=rel,
                                            description=rule.message or "", injected=True))
    if rule.action == "malformed":
        return Response(b'{"data": [{"id": 1, "name": "trunc', status=200, content_type=content_type)
    # reset: promise a body, send a few bytes and close, which a client sees as a broken connection
    resp = Response(b'{"da', status=200, content_type=content_type)
    resp.headers["Content-Length"] = "65536"
    resp.headers["Connection"] = "close"
    return resp
