"""The app factory: one process, every API at its mount point(s), or one API at the root.

A request walks: path normaliser -> its API added if this is the API's first request (lazy apps,
as `serve` builds them; every API before the control API's first request) -> fault rules (latency sleeps here, outside the lock) -> store
lock -> Flask -> injected answer or journal hook -> the API's route (the tenant named in the path,
the API's authenticate hook, the caller bound) -> the view -> the API's error renderer for any
ApiError or anything else that goes wrong -> conditional GETs (APIs with etags) -> journal.
"""
from __future__ import annotations

import io
import re
import time
from collections.abc import Callable, Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import Any

from flask import Blueprint, Flask, request
from werkzeug.exceptions import HTTPException, MethodNotAllowed
from werkzeug.routing import Rule

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
    LazySpec,
    Route,
    check_routes,
)
from .clock import Clocks
from .faults import FaultRule, Faults
from .fixtures import FixtureSet, fresh_credentials
from .flaskapp import EmulatorFlask
from .forms import JSONProvider
from .http import Response, current_request, json_error
from .journal import DEFAULT_MAX_BYTES, DEFAULT_PART_LIMIT, DEFAULT_SIZE, Journal
from .mounts import TENANT_CONVERTER, Mount, Mounts, Site, is_control
from .persist import DiskLog
from .store import CREDENTIALS_TABLE, ORIGIN_TABLE, Record, Store, TenantDB, copy_json

_SLASHES = re.compile(r"/{2,}")
RESET_PARTS = ("data", "clock", "faults", "journal")  # what POST /_emulator/reset can reset
DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024  # a request body past this is 413, unless the API says otherwise
_REASONS = {404: REASON_NO_ROUTE, 405: REASON_METHOD, 413: REASON_TOO_LARGE, 400: REASON_BAD_BODY}


class Gateway:
    """The WSGI layer in front of Flask, once per request, outside and inside the store lock.

    - Accepts what real clients send: doubled slashes and a trailing slash reach the same route
      (Werkzeug would redirect with 308, which many clients do not follow for POST).
    - Finds the API and tenant of the path once (core/mounts.py) for everything after it, and adds
      a lazily served API on its first request (load_pending).
    - Matches the fault rules before the lock, so injected latency never blocks other requests; an
      answering rule is handed to Flask in the environ and rendered in the API's own envelope.
    - Reads the request body up to the API's cap (a larger one is answered 413 by the API, unread).
    - Serialises the request on the store lock (handlers see a consistent store under a threaded
      server) and materialises the answer inside it (a handler's generator may read the store).
    - Records the request and its answer in the journal; the control API is neither faulted nor
      journaled.
    """

    def __init__(self, app: Any, emu: Emulator, flask_app: Flask) -> None:
        self.app = app
        self.emu = emu
        self.flask_app = flask_app

    def __call__(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if "//" in path:
            path = _SLASHES.sub("/", path)
        if len(path) > 1 and path[-1] == "/":
            path = path.rstrip("/") or "/"
        environ["PATH_INFO"] = path
        emu = self.emu
        if path[:10] == "/_emulator" and is_control(path):
            if not emu.control_rows:  # every API is added before the control API's first request
                load_pending(self.flask_app, emu)
            self._read_body(environ, emu.max_body_bytes)
            with emu.store.lock:
                if "emulator.too_large" in environ:
                    environ["emulator.site"] = None
                    return list(self._decided(environ, start_response))
                answer = self.app(environ, start_response)
                return answer if isinstance(answer, list) else list(answer)
        started = time.perf_counter()
        site = emu.mounts.site(path)
        if site is not None and type(site.spec) is LazySpec:  # its first request: add the API now
            load_pending(self.flask_app, emu, site.spec.name)
            site = emu.mounts.refresh(path)
        environ["emulator.site"] = site
        method = environ.get("REQUEST_METHOD", "GET")
        fault = None
        if emu.faults.rules:
            faults = emu.faults
            tenant = emu.tenant_of(site, environ) if site is not None and faults.by_tenant() else None
            delay, rule, applied = faults.match(site.spec.name if site else None, method, path,
                                                site.rel if site else None, tenant)
            if delay > 0:
                time.sleep(delay)
            if applied:
                if rule is not None and tenant is None and site is not None:
                    tenant = emu.tenant_of(site, environ)  # the journal names who was answered
                environ["emulator.tenant"] = tenant
                if rule is not None:
                    environ["emulator.fault"] = rule
                fault = {"rules": [r.id for r in applied], "action": rule.action if rule else "latency",
                         "latency_ms": round(delay * 1000, 3)}
        cap = site.spec.max_body_bytes if site is not None and site.spec.max_body_bytes else emu.max_body_bytes
        body = self._read_body(environ, cap)
        sent: list[Any] = []

        def capture(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            sent[:] = (status, headers)
            return start_response(status, headers, exc_info)

        with emu.store.lock:
            try:
                if "emulator.fault" in environ or "emulator.too_large" in environ:
                    answer = self._decided(environ, capture)
                else:
                    answer = self.app(environ, capture)
                answer = answer if isinstance(answer, list) else list(answer)
            finally:
                callers.clear()  # the caller bound for this request (core/caller.py)
            emu.journal.record(
                time.time(), site.spec.name if site is not None else None, environ.get("emulator.tenant"),
                method, path, environ.get("QUERY_STRING", ""), int(sent[0][:3]) if sent else 500,
                (time.perf_counter() - started) * 1000, fault, environ, body,
                sent[1] if sent else [], answer[0] if len(answer) == 1 else b"".join(answer))
        return answer

    def _decided(self, environ: dict, start_response: Any) -> Iterable[bytes]:
        """An answer the Gateway decided before any route: an injected fault's, or 413."""
        with self.flask_app.request_context(environ):
            rule = environ.get("emulator.fault")
            site = environ.get("emulator.site")
            if rule is not None:
                response = _injected_answer(rule, site)
            else:
                err = ApiError(413, "Payload Too Large", reason=REASON_TOO_LARGE, method=request.method,
                               path=site.rel if site is not None else request.path)
                response = render(site, err)
            return response(environ, start_response)

    @staticmethod
    def _read_body(environ: dict, cap: int) -> bytes:
        """The request body, read once (and put back for Flask), or b"" with a too-large mark."""
        length = environ.get("CONTENT_LENGTH")
        stream = environ.get("wsgi.input")
        if stream is None:
            return b""
        if length:
            try:
                size = int(length)
            except ValueError:
                return b""
            if size <= 0:
                return b""
            if size > cap:
                environ["emulator.too_large"] = size
                environ["wsgi.input"], environ["CONTENT_LENGTH"] = io.BytesIO(b""), "0"
                return b""
            data = stream.read(size)
        elif environ.get("wsgi.input_terminated"):  # chunked: read to the end, up to the cap
            data = stream.read(cap + 1)
            if len(data) > cap:
                environ["emulator.too_large"] = len(data)
                environ["wsgi.input"] = io.BytesIO(b"")
                return b""
        else:
            return b""
        environ["wsgi.input"] = io.BytesIO(data)
        environ["CONTENT_LENGTH"] = str(len(data))
        environ.pop("wsgi.input_terminated", None)
        return data


class LazyBuildRule(Rule):
    """A URL rule whose URL builders are compiled when first used (url_for), not when registered.

    Werkzeug compiles two Python functions per rule as it is added (about 1-2 ms each here); with
    hundreds of route-table rows at two mounts that was most of start-up, and the emulator builds
    few URLs."""

    def _compile_builder(self, append_unknown: bool = True) -> Callable[..., tuple[str, str]]:
        def build(_self: Any, **values: Any) -> tuple[str, str]:
            real = Rule._compile_builder(self, append_unknown).__get__(self, None)
            setattr(self, "_build_unknown" if append_unknown else "_build", real)
            return real(**values)

        return build


class Emulator:
    """What the app holds: the store, the parsed fixtures, the journal and the mounted APIs."""

    def __init__(self, specs: Sequence[ApiSpec | LazySpec], fixtures: FixtureSet, root_api: str | None = None,
                 data_dir: str | Path | None = None, journal_size: int = DEFAULT_SIZE,
                 journal_bytes: int = DEFAULT_MAX_BYTES, journal_part_bytes: int = DEFAULT_PART_LIMIT,
                 max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, fake: int = 0, seed: int | None = None) -> None:
        self.names = [s.name for s in specs]  # every served API, in mount order
        self.specs: dict[str, ApiSpec] = {}  # the loaded ones (see add)
        self.pending: dict[str, LazySpec] = {s.name: s for s in specs if isinstance(s, LazySpec)}
        self.fixtures = fixtures
        self.fake, self.seed = fake, seed
        self.root_api = root_api
        self.mounts = Mounts(list(specs), root_api)
        # each API's route table, read once; the control API's rows (its own + the APIs' extras)
        self.routes: dict[str, list[Route]] = {}
        self.control_rows: list[Route] = []
        self.store = Store()
        self.journal = Journal(journal_size, journal_bytes, journal_part_bytes)
        self.max_body_bytes = max_body_bytes
        self.clocks = Clocks()
        self.store.clocks = self.clocks
        self.faults = Faults(self.names)
        # the APIs' own in-memory state beside the store, one per app
        self.runtimes: dict[str, Any] = {}
        self.disk: DiskLog | None = None
        self._full_reset_text: str | None = None  # snapshot.json after a full reset (see reset)
        if data_dir is not None:
            self.disk = DiskLog(self.store, data_dir)
            if self.disk.has_data():
                self.disk.load()  # every API's tenants, loaded or not
        for spec in specs:
            if not isinstance(spec, LazySpec):
                self.add(spec)
        if self.disk is not None:
            self.disk.attach()
            self.disk.fold()
            self.store.snapshots.update(self.disk.load_named())

    def add(self, spec: ApiSpec) -> None:
        """Serve one API (at start, or a LazySpec's on its first use): its route table, its fixtures
        (or its tenants kept in the data dir), its runtime.  Its URL rules are the app's (create_app)."""
        name = spec.name
        rows = list(spec.routes())
        check_routes(name, rows)
        # in mount order, whichever API came first
        self.routes = {n: rows if n == name else self.routes[n] for n in self.names if n == name or n in self.routes}
        self.specs = {n: spec if n == name else self.specs[n] for n in self.names if n == name or n in self.specs}
        self.pending.pop(name, None)
        self.mounts.replace(spec)
        self.store.id_keys[name] = spec.id_key_of
        self.fixtures.load_api(name, spec.fixtures, spec.id_key_of)
        if self.fake and spec.bulk is not None:
            self.fixtures.add_bulk(name, spec.bulk, self.fake, self.seed, spec.id_key_of)
        if not self.store.tenants_of(name):  # none kept in the data dir (or no data dir): its fixtures
            self._reset_data(name, None)
            if self.disk is not None and self.disk.started:
                self.disk.fold()  # putting tenants is not a table change, so the log cannot carry it
        if spec.runtime is not None:
            self.runtimes[name] = spec.runtime(self)
        self._full_reset_text = None

    # -- routing help ------------------------------------------------------------------------
    def base_url(self, api: str, host_url: str, tenant: str | None = None) -> str:
        """What a client configures: the host, the API's preferred mount point (for `tenant`, on a
        templated mount; without one, the template) and the API's client base."""
        mount = self.mounts.preferred(api)
        client_base = (self.specs.get(api) or self.pending[api]).client_base
        return host_url.rstrip("/") + mount.concrete(tenant) + client_base

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
                self.store.put_tenant(name, tname, state, copy=False)  # initial_state made it for us
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
                if api is None and tenant is None:
                    # everything back to the fixtures: always the same state (fixture tenants only,
                    # as parsed at start), so its snapshot text is serialised once and reused
                    if self._full_reset_text is None:
                        self._full_reset_text = self.disk.serialise()
                    self.disk.fold(self._full_reset_text)
                else:
                    self.disk.fold()
        return done

    def reset_all(self, api: str | None = None, tenant: str | None = None,
                  only: Iterable[str] | None = None) -> dict[str, Any]:
        """The control API's reset: the emulator back to its start state in one call.

        Everything by default: the data (fixtures; tenants made through the control API are dropped,
        or, reset alone, go back to their template), the clock (real time, no tenant clocks), the
        fault rules and the journal, and each API's own runtime state.  `api` and `tenant` narrow
        every part to that API or tenant (the global clock then stays); `only` names the parts.
        Saved snapshots are kept: they are the user's, to restore after a reset.
        """
        parts = [p for p in RESET_PARTS if only is None or p in set(only)]
        done: dict[str, Any] = {"reset": [], "parts": parts}
        with self.store.lock:
            if "data" in parts:
                done["reset"] = self.reset(api, tenant)
            if "clock" in parts:
                if api is None:
                    self.clocks.reset()
                else:
                    for a, t in list(self.clocks.tenants):
                        if a == api and (tenant is None or t == tenant):
                            self.clocks.drop_tenant(a, t)
            if "faults" in parts:
                self.faults.clear(api, tenant)
            if "journal" in parts:
                self.journal.clear(api, tenant)
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
            tenant = self.store.put_tenant(api, name, state, copy=False)
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
            if self.disk is not None:
                self.disk.save_named(name, self.store.snapshots[name])

    def forget_snapshot(self, name: str) -> bool:
        with self.store.lock:
            if self.store.snapshots.pop(name, None) is None:
                return False
            if self.disk is not None:
                self.disk.delete_named(name)
        return True

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
               fake: int = 0, seed: int | None = None, journal_size: int = DEFAULT_SIZE,
               clock: str | None = None, specs: Sequence[ApiSpec | LazySpec] | None = None,
               journal_bytes: int = DEFAULT_MAX_BYTES, journal_part_bytes: int = DEFAULT_PART_LIMIT,
               max_body_bytes: int = DEFAULT_MAX_BODY_BYTES, lazy: bool = False) -> Flask:
    """Build the WSGI app serving the named APIs (default: every API that is built).

    `specs`: serve these ApiSpecs instead (an API that is not shipped, such as the tests' toy API).
    `lazy`: import each API on the first request to one of its mounts (or the first control-API
    request), not now: `serve` starts in a third of the time, and pays for each API when it is used.
    `fixtures_dir`: a folder of `<api>/<tenant>.json` for every API without fixtures of its own.
    `clock`: an ISO-8601 instant to start with the global clock frozen at.
    `journal_size`, `journal_bytes`: the journal keeps at most that many entries and bytes;
    `journal_part_bytes`: each recorded body is cut past that size.
    `max_body_bytes`: a request body past that size is answered 413 (an API may set its own cap).
    """
    if specs is None:
        from ..apis import load_specs

        specs = load_specs(apis, lazy=lazy)
    specs = list(specs)
    if root_api is not None and root_api not in {s.name for s in specs}:
        raise ValueError(f"unknown api {root_api!r}")

    app = EmulatorFlask("emulator", static_folder=None)  # no /static route: "static" may name a ZeyOS instance
    app.json_provider_class = JSONProvider
    app.json = JSONProvider(app)  # request bodies decode with a depth limit (core/forms.py)
    app.url_rule_class = LazyBuildRule
    app.json.sort_keys = False  # keep each API's own key order
    app.url_map.strict_slashes = False
    emu = Emulator(specs, FixtureSet(Path(fixtures_dir) if fixtures_dir else None), root_api=root_api,
                   data_dir=data_dir, journal_size=journal_size, journal_bytes=journal_bytes,
                   journal_part_bytes=journal_part_bytes, max_body_bytes=max_body_bytes, fake=fake, seed=seed)
    app.url_map.converters[TENANT_CONVERTER] = emu.mounts.converter()
    if clock is not None:
        from .clock import parse_instant

        emu.clocks.global_.freeze(parse_instant(clock))
    app.extensions["emulator"] = emu
    for spec in emu.specs.values():
        _register_api(app, emu, spec)
    if not emu.pending:
        _register_control(app, emu)
    _install_hooks(app, emu)
    app.wsgi_app = Gateway(app.wsgi_app, emu, app)  # type: ignore[method-assign]
    return app


def _register_api(app: Flask, emu: Emulator, spec: ApiSpec) -> None:
    """An added API's URL rules at each of its mounts."""
    for index, (mount, owner) in enumerate(emu.mounts.entries):
        if owner.name == spec.name:
            app.register_blueprint(_api_blueprint(emu, spec, mount, f"{spec.name}_{index}"),
                                   url_prefix=mount.flask_prefix() or None)


def _register_control(app: Flask, emu: Emulator) -> None:
    """The control API's URL rules: its own rows and every API's extras (so every API is added)."""
    from .admin import control_routes

    rows = list(control_routes())
    for spec in emu.specs.values():
        if spec.control_routes is not None:
            rows.extend(spec.control_routes())
    check_routes("control API", rows)
    control = Blueprint("emulator_admin", __name__)
    for path, endpoint, methods in url_rules(rows):
        control.add_url_rule(path, endpoint, _rule_view(methods), methods=list(methods))
    app.register_blueprint(control, url_prefix="/_emulator")
    emu.control_rows = rows


def load_pending(app: Flask, emu: Emulator, name: str | None = None) -> None:
    """Add a lazily served API (`name`), or every one and then the control API (None); under the
    store lock, which every request holds while Flask routes it.

    Flask refuses setup methods once it has handled a request, as rules added then could race with
    requests being routed; the store lock rules that out here, so the refusal is lifted meanwhile."""
    with emu.store.lock:
        if name is not None and name not in emu.pending:
            return  # another request added it meanwhile
        if name is None and not emu.pending and emu.control_rows:
            return
        names = [name] if name is not None else list(emu.pending)
        handled, app._got_first_request = app._got_first_request, False
        try:
            for n in names:
                if n in emu.pending:
                    spec = emu.pending[n].load()
                    emu.add(spec)
                    _register_api(app, emu, spec)
            if name is None and not emu.control_rows:
                _register_control(app, emu)
        finally:
            app._got_first_request = handled


def _view(row: Route) -> Callable[..., Any]:
    return partial(row.view, **row.bind) if row.bind else row.view


def url_rules(rows: Sequence[Route]) -> list[tuple[str, str, dict[str, Route]]]:
    """The route table as URL rules: one per path, serving every method its rows declare.

    (path, endpoint, {method: row}); the endpoint is the row's name, or the names of every row on
    that path joined by "+".  One rule per path, not per row: Werkzeug's rule compilation was most
    of start-up with ZeyOS' 322 rows at two mounts."""
    by_path: dict[str, dict[str, Route]] = {}
    for row in rows:
        methods = by_path.setdefault(row.path, {})
        for method in row.methods:
            if method in methods:
                raise ValueError(f"{method} {row.path} is routed twice: {methods[method].name}, {row.name}")
            methods[method] = row
    out = []
    for path, methods in by_path.items():
        names = list(dict.fromkeys(row.name for row in methods.values()))
        out.append((path, "+".join(names), methods))
    return out


def _rule_view(methods: dict[str, Route]) -> Callable[..., Any]:
    """The view of one URL rule: the row's own view, or a dispatch on the method among its rows."""
    views = {method: _view(row) for method, row in methods.items()}
    if len(set(map(id, methods.values()))) == 1:
        return next(iter(views.values()))
    fallback = views.get("GET")  # HEAD without a HEAD row is GET's, as Werkzeug routes it

    def dispatch(**values: Any) -> Any:
        return views.get(current_request().method, fallback)(**values)  # type: ignore[misc]

    return dispatch


def _api_blueprint(emu: Emulator, spec: ApiSpec, mount: Mount, name: str) -> Blueprint:
    """One mount of one API: its route table, the tenant named in the path, its authenticate hook."""
    bp = Blueprint(name, __name__)
    public: set[tuple[str, str]] = set()
    for path, endpoint, methods in url_rules(emu.routes[spec.name]):
        # "/" below a mount point is the mount point itself ("/essentials", which the Gateway's path
        # normaliser sends; a rule "/essentials/" would not answer it 405 for other methods)
        rule = "" if path == "/" and mount.segments else path
        bp.add_url_rule(rule, endpoint, _rule_view(methods), methods=list(methods))
        public.update((f"{name}.{endpoint}", method) for method, row in methods.items() if row.public)
        if "GET" in methods and "HEAD" not in methods and methods["GET"].public:
            public.add((f"{name}.{endpoint}", "HEAD"))
    param = mount.param
    store = emu.store
    authenticate = spec.authenticate

    if param is not None:
        @bp.url_value_preprocessor
        def _path_tenant(endpoint: str | None, values: dict[str, Any] | None) -> None:
            current_request().environ["emulator.path_tenant"] = values.pop(param, None) if values else None

    @bp.before_request
    def _enter() -> None:
        """The tenant named in the path, the API's authenticate hook, the caller bound (the Gateway
        clears it after the answer)."""
        req = current_request()
        environ = req.environ
        tenant = None
        if param is not None:
            tenant = store.tenant(spec.name, environ["emulator.path_tenant"])
            if tenant is None:
                raise ApiError(404, f"no such {param}", reason=REASON_NO_TENANT)
            environ["emulator.tenant"] = tenant.name
        if public and (req.endpoint, req.method) in public:
            if tenant is None:
                return
            user = None
        else:
            tenant, user = authenticate(store, tenant)
            environ["emulator.tenant"] = tenant.name
        callers.bind(tenant, user)

    if spec.etags:
        bp.after_request(partial(conditional.answer_get, bare=spec.etag_style == "bare"))
    return bp


def _install_hooks(app: Flask, emu: Emulator) -> None:
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
        environ = request.environ
        site = environ["emulator.site"] if "emulator.site" in environ else emu.mounts.site(request.path)
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
