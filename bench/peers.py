"""`make bench`: the emulator beside its peers, in one run, on loopback.

    .venv/bin/python bench/peers.py            # ~3 minutes; prints the tables, writes bench/results.md
    .venv/bin/python bench/peers.py --quick    # a smoke run (1 round of 1 s), writes nothing

Served, each in its own process on a free 127.0.0.1 port:
- emulator:        `python -m emulator serve` (granian, 1 worker, 1 request thread: serve's
                   defaults), the default fixtures plus 17 todos posted at start so that the list
                   page holds 20 rows; GET /todos/1 and GET /todos as the Essentials admin;
- emulator (create): a second one taking the POSTs in memory, and a third with `--data-dir`;
- bare Flask:      a Flask app under the same server and thread count (emulator.cli.serve_app),
                   answering the same bodies: a todo from a dict by id, a page of 20, a POST stored
                   into the dict;
- json-server 0.17.4 (`--quiet`) over a db.json holding the same todos (one instance for the
  reads, one taking the POSTs, which it writes back to db.json each time);
- Prism 5 (`mock -v warn`) over a small OpenAPI document whose examples are the same bodies.
The Node peers are installed into bench/.node (npm) when node and npm exist, else reported as
skipped; wrk comes from Debian's packages (installed when missing and root).

Measured: start-up (fork to the first 2xx answer of GET by id, median of several starts, each
target alone); then, after a warm-up, wrk (-t2 -c32, a POST through a Lua script) loads every
(target, scenario) in turn for several short rounds, in an order rotated and reversed every
round; medians over rounds.  After the load: RSS and PSS summed over each server's processes
(granian: main + worker), the reset time (client-side POST /_emulator/reset on a kept-alive
connection, and Emulator.reset() in-process), and a cProfile of GET by id in-process.

Only 127.0.0.1 is ever contacted; every server is stopped before the script ends, on error too.
"""
from __future__ import annotations

import argparse
import base64
import cProfile
import datetime
import http.client
import io
import itertools
import json
import os
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import HOST, Proc, ensure_wrk, free_port, get, machine, rounds, wrk, wrk_script  # noqa: E402

from emulator.cli import DEFAULT_SERVER, DEFAULT_THREADS, serve_app  # noqa: E402

BASE = "/essentials/api/v1/integration/essentials"
# the URL rule of /todos/{id}: <api>_<mount index>.<its rows' names>; the bench only GETs it
GET_ENDPOINT = "essentials_0.todos_get+todos_update+todos_delete"
API_BLUEPRINT = "essentials_0"
AUTH = {"Authorization": "Bearer essentials-admin-token"}
POST_BODY = {"task": "Bench", "date": "01/15/2026 09:00"}
PAGE = 20  # rows on the list page
NODE_DIR = ROOT / "bench" / ".node"
NODE_PACKAGES = {"json-server": "0.17.4", "@stoplight/prism-cli": "5"}
DEADLINE_S = 290  # the whole run stays under five minutes, whatever the options say
SCENARIOS = {"get": "GET by id", "list": f"list page ({PAGE})", "create": "create (POST)"}
# BasicOps' rows: the same emulator process kind, as testco's Alex: GET /v1/project/6 and GET /v1/task
# (its six active tasks, each with project, section and assignee nested, task 73 with two attachments)
BO_PATHS = {"get": "/basicops/v1/project/6", "list": "/basicops/v1/task"}
# ProWorkflow's rows: the same emulator process kind, as the Standard account's Super User (the API key
# and Basic credentials on every request): GET /companies/2 and GET /contacts (9 contacts)
PWF_PATHS = {"get": "/proworkflow/companies/2", "list": "/proworkflow/contacts"}
PWF_AUTH = {"apikey": "A1C2-M3E4-S5T6-D7P8-PWFACME-STANDARD",
            "Authorization": "Basic " + base64.b64encode(b"alice:alice-pass").decode()}
BO_AUTH = {"Authorization": "Bearer " + next(
    c["value"] for c in json.loads((ROOT / "fixtures" / "basicops" / "testco.json").read_text())["credentials"]
    if c["kind"] == "api_key" and c["user_id"] == 38)}

# the budgets of DESIGN.md
GET_VS_BARE = 0.75
DISK_CREATE_VS_JSON_SERVER = 10.0
STARTUP_MS = 500.0
RESET_MS = 10.0
RSS_OVER_BARE_MB = 10.0  # the emulator costs at most this much more memory than bare Flask


# -- the bare Flask app (a child process) ---------------------------------------------------------
def bare_app(data: dict[str, Any]) -> Any:
    """The floor a Flask app pays for the same three answers: no auth, no journal, no store."""
    from flask import Flask, request

    app = Flask("bare")
    app.json.sort_keys = False  # as the emulator
    todos: dict[int, dict] = {1: data["detail"]}
    rows: dict[int, dict] = {r["id"]: r for r in data["list"]["data"]}
    envelope = {k: v for k, v in data["list"].items() if k != "data"}
    created = data["created"]
    next_id = itertools.count(max(rows) + 1)

    @app.get("/todos/<int:todo_id>")
    def show(todo_id: int) -> Any:
        rec = todos.get(todo_id)
        return ({"data": rec}, 200) if rec is not None else ({"message": "Not found"}, 404)

    @app.get("/todos")
    def index() -> Any:
        return {"data": list(itertools.islice(rows.values(), PAGE)), **envelope}

    @app.post("/todos")
    def store() -> Any:
        body = request.get_json()
        rec = {**created, "id": next(next_id), "task": body["task"], "date": body["date"]}
        todos[rec["id"]] = rec
        return {"data": rec}, 201

    return app


def serve_bare(port: int, data_file: str) -> None:
    data = json.loads(Path(data_file).read_text())
    serve_app(bare_app(data), DEFAULT_SERVER, HOST, port, DEFAULT_THREADS)


def core_only_app(detail: dict) -> Any:
    """The emulator with GET /todos/{id}'s handler answering todo 1 as a constant: everything else
    (wrappers, fault gate, lock, auth, journal, routing among every API's routes) as served."""
    from emulator.core.app import create_app

    app = create_app()
    body = {"data": detail}
    app.view_functions[GET_ENDPOINT] = lambda item_id: body
    return app


def serve_core_only(port: int, data_file: str) -> None:
    data = json.loads(Path(data_file).read_text())
    serve_app(core_only_app(data["detail"]), DEFAULT_SERVER, HOST, port, DEFAULT_THREADS)


# -- what every target answers --------------------------------------------------------------------
def emulator_bodies() -> tuple[dict, dict, dict, Any]:
    """(detail of todo 1, the list page of 20, a create's answer, the in-process app)."""
    from emulator.core.app import create_app

    app = create_app()
    client = app.test_client()
    created = None
    for _ in range(PAGE - 3):
        resp = client.post(f"{BASE}/todos", json=POST_BODY, headers=AUTH, base_url=f"http://{HOST}:8080")
        assert resp.status_code == 201, resp.data
        created = resp.get_json()["data"]
    detail = client.get(f"{BASE}/todos/1", headers=AUTH, base_url=f"http://{HOST}:8080").get_json()["data"]
    page = client.get(f"{BASE}/todos", headers=AUTH, base_url=f"http://{HOST}:8080").get_json()
    assert len(page["data"]) == PAGE, len(page["data"])
    return detail, page, created, app


def openapi_doc(detail: dict, page: dict, created: dict) -> dict:
    def answer(description: str, example: Any) -> dict:
        return {"description": description, "content": {"application/json": {"example": example}}}

    return {
        "openapi": "3.0.3",
        "info": {"title": "todos (the emulator's bodies)", "version": "1"},
        "paths": {
            "/todos": {
                "get": {"operationId": "list", "responses": {"200": answer("a page", page)}},
                "post": {
                    "operationId": "create",
                    "requestBody": {"required": True, "content": {"application/json": {"schema": {
                        "type": "object", "required": ["task", "date"],
                        "properties": {"task": {"type": "string"}, "date": {"type": "string"}}}}}},
                    "responses": {"201": answer("created", {"data": created})},
                },
            },
            "/todos/{id}": {"get": {
                "operationId": "show",
                "parameters": [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}],
                "responses": {"200": answer("a todo", {"data": detail})},
            }},
        },
    }


# -- the Node peers -------------------------------------------------------------------------------
def _installed(package: str) -> str | None:
    try:
        return json.loads((NODE_DIR / "node_modules" / package / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def ensure_node_peers() -> dict[str, str]:
    """{package: version} of the peers installed (installing them), or {package: "skipped: why"}."""
    if not (shutil.which("node") and shutil.which("npm")):
        return {p: "skipped: node/npm not on PATH" for p in NODE_PACKAGES}
    wanted = [f"{p}@{v}" for p, v in NODE_PACKAGES.items()
              if not (_installed(p) or "").startswith(v)]
    error = ""
    if wanted:
        print(f"installing {' '.join(wanted)} into {NODE_DIR.relative_to(ROOT)} (npm)", flush=True)
        NODE_DIR.mkdir(parents=True, exist_ok=True)
        try:
            done = subprocess.run(["npm", "install", "--prefix", str(NODE_DIR), "--no-audit", "--no-fund",
                                   "--loglevel=error", *wanted], capture_output=True, text=True, timeout=300)
            error = (done.stderr.strip().splitlines() or [""])[-1] if done.returncode else ""
        except (OSError, subprocess.TimeoutExpired) as exc:
            error = str(exc)
    out = {}
    for package, version in NODE_PACKAGES.items():
        found = _installed(package)
        out[package] = found if found and found.startswith(version) else \
            f"skipped: npm install {package}@{version} failed{': ' + error if error else ''}"
    return out


def _node_bin(package: str) -> str:
    meta = json.loads((NODE_DIR / "node_modules" / package / "package.json").read_text())
    binary = meta["bin"] if isinstance(meta["bin"], str) else next(iter(meta["bin"].values()))
    return str(NODE_DIR / "node_modules" / package / binary)


# -- the targets ----------------------------------------------------------------------------------
@dataclass
class Kind:
    """One kind of server: how to start one, where it answers each scenario."""

    name: str
    command: Callable[[int, Path], list[str]]  # (port, its own scratch dir) -> argv
    paths: dict[str, str]
    headers: dict[str, str] = field(default_factory=dict)
    prepare: Callable[[Path], None] | None = None  # fills its scratch dir before each start
    timed_start: bool = True  # in the start-up measurement
    starts: list[float] = field(default_factory=list)
    idle_memory: dict[str, Any] = field(default_factory=dict)

    def proc(self, workdir: Path, label: str = "") -> Proc:
        workdir.mkdir(parents=True, exist_ok=True)
        if self.prepare:
            self.prepare(workdir)
        port = free_port()
        return Proc(label or self.name, self.command(port, workdir), port, cwd=workdir)


@dataclass
class Instance:
    """A running server of one kind, loaded with some scenarios."""

    label: str
    kind: Kind
    scenarios: tuple[str, ...]
    proc: Proc | None = None
    memory: dict[str, Any] = field(default_factory=dict)


@dataclass
class Slot:
    """One (instance, scenario) pair that wrk loads."""

    instance: Instance
    scenario: str
    script: str | None = None
    runs: list[dict] = field(default_factory=list)
    bytes: int = 0

    @property
    def name(self) -> str:
        return f"{self.instance.label} {self.scenario}"

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.instance.proc.port}{self.instance.kind.paths[self.scenario]}"

    def median(self, key: str) -> float:
        return statistics.median(r[key] for r in self.runs) if self.runs else 0.0


def make_kinds(work: Path, data_file: Path, node: dict[str, str], bodies: tuple) -> dict[str, Kind]:
    detail, page, created = bodies
    py = [sys.executable]
    emu_paths = {"get": f"{BASE}/todos/1", "list": f"{BASE}/todos", "create": f"{BASE}/todos"}
    kinds = {
        "emulator": Kind("emulator", lambda port, d: py + ["-m", "emulator", "serve", "--host", HOST,
                                                           "--port", str(port)], emu_paths, AUTH),
        "emulator --data-dir": Kind(
            "emulator --data-dir",
            lambda port, d: py + ["-m", "emulator", "serve", "--host", HOST, "--port", str(port),
                                  "--data-dir", str(d / "data")], emu_paths, AUTH,
            prepare=lambda d: shutil.rmtree(d / "data", ignore_errors=True)),
        "emulator, handler constant": Kind(
            "emulator, handler constant",
            lambda port, d: py + [__file__, "--serve-core-only", str(port), str(data_file)], emu_paths, AUTH,
            timed_start=False),
        "emulator (BasicOps)": Kind("emulator (BasicOps)", lambda port, d: py + [
            "-m", "emulator", "serve", "--host", HOST, "--port", str(port)], BO_PATHS, BO_AUTH, timed_start=False),
        "emulator (ProWorkflow)": Kind("emulator (ProWorkflow)", lambda port, d: py + [
            "-m", "emulator", "serve", "--host", HOST, "--port", str(port)], PWF_PATHS, PWF_AUTH, timed_start=False),
        "bare Flask": Kind("bare Flask", lambda port, d: py + [__file__, "--serve-bare", str(port), str(data_file)],
                           {"get": "/todos/1", "list": "/todos", "create": "/todos"}),
    }
    if not node["json-server"].startswith("skipped"):
        rows = [detail if r["id"] == 1 else r for r in page["data"]]
        db = json.dumps({"todos": rows})
        kinds["json-server"] = Kind(
            "json-server",
            lambda port, d: ["node", _node_bin("json-server"), "--host", HOST, "--port", str(port), "--quiet",
                             str(d / "db.json")],
            {"get": "/todos/1", "list": f"/todos?_page=1&_limit={PAGE}", "create": "/todos"},
            prepare=lambda d: (d / "db.json").write_text(db))
    if not node["@stoplight/prism-cli"].startswith("skipped"):
        doc = json.dumps(openapi_doc(detail, page, created))
        kinds["Prism"] = Kind(
            "Prism",
            lambda port, d: ["node", _node_bin("@stoplight/prism-cli"), "mock", "-h", HOST, "-p", str(port),
                             "-v", "warn", str(d / "openapi.json")],
            {"get": "/todos/1", "list": "/todos", "create": "/todos"},
            prepare=lambda d: (d / "openapi.json").write_text(doc))
    return kinds


# -- start-up -------------------------------------------------------------------------------------
def measure_startups(kinds: dict[str, Kind], work: Path, count: int, deadline: float) -> None:
    """Each kind started `count` times, alone, in turn, after one untimed start (it writes the
    bytecode cache and warms the file cache, as a user's earlier runs would); the last start's idle
    memory kept."""
    for rnd in range(-1, count):
        for kind in kinds.values():
            if not kind.timed_start:
                continue
            if time.monotonic() > deadline:
                return
            proc = kind.proc(work / "start" / kind.name.replace(" ", "_"))
            try:
                proc.start()
                took = proc.wait_ready(kind.paths["get"], kind.headers)
                if rnd >= 0:
                    kind.starts.append(took)
                if rnd == count - 1:
                    kind.idle_memory = proc.memory_mb()
            finally:
                proc.stop()


# -- reset ----------------------------------------------------------------------------------------
def time_reset_http(port: int, count: int) -> list[float]:
    conn = http.client.HTTPConnection(HOST, port, timeout=10)
    out = []
    try:
        for i in range(count + 5):
            start = time.perf_counter()
            conn.request("POST", "/_emulator/reset", body=b"{}", headers={"Content-Type": "application/json"})
            resp = conn.getresponse()
            resp.read()
            took = time.perf_counter() - start
            if resp.status != 200:
                raise RuntimeError(f"POST /_emulator/reset answered {resp.status}")
            if i >= 5:  # the first few warm the connection and the code path
                out.append(took * 1000)
    finally:
        conn.close()
    return out


def time_reset_inprocess(app: Any, count: int) -> list[float]:
    emu = app.extensions["emulator"]
    out = []
    for _ in range(count):
        start = time.perf_counter()
        emu.reset()
        out.append((time.perf_counter() - start) * 1000)
    return out


# -- in-process profiles ---------------------------------------------------------------------------
def _environ(method: str, path: str, headers: dict[str, str], body: bytes = b"") -> dict:
    env = {"REQUEST_METHOD": method, "PATH_INFO": path, "QUERY_STRING": "", "SERVER_NAME": HOST,
           "SERVER_PORT": "8080", "SERVER_PROTOCOL": "HTTP/1.1", "wsgi.url_scheme": "http",
           "wsgi.input": io.BytesIO(body), "wsgi.errors": sys.stderr, "wsgi.multithread": False,
           "wsgi.multiprocess": False, "wsgi.run_once": False, "HTTP_HOST": f"{HOST}:8080",
           "REMOTE_ADDR": HOST}
    if body:
        env["CONTENT_TYPE"], env["CONTENT_LENGTH"] = "application/json", str(len(body))
    for key, value in headers.items():
        env["HTTP_" + key.upper().replace("-", "_")] = value
    return env


def _call_loop(app: Any, method: str, path: str, headers: dict[str, str], body: bytes, count: int) -> float:
    """µs per request, the app called as WSGI `count` times."""
    def start_response(status: str, hdrs: list, exc_info: Any = None) -> None:
        if not status.startswith("2"):
            raise RuntimeError(f"{method} {path} answered {status}")

    start = time.perf_counter()
    for _ in range(count):
        b"".join(app(_environ(method, path, headers, body), start_response))
    return (time.perf_counter() - start) / count * 1e6


_CORE = [("core Gateway (path, fault rules, body, lock, journal)", "core/app.py", "__call__"),
         ("  core journal.record", "core/journal.py", "record"),
         ("Flask app: request context, routing, hooks, handler, response", "flask/app.py", "wsgi_app"),
         ("Flask before_request hooks (core _enter: tenant, authenticate, caller)", "flask/app.py",
          "preprocess_request"),
         ("  essentials auth.authenticate", "essentials/auth.py", "authenticate")]
_AFTER = [("Flask make_response (dict -> JSON)", "flask/app.py", "make_response"),
          ("store copy_json, all calls", "core/store.py", "copy_json")]
LAYERS = {  # (label, file suffix, function): the layers of a request, by cumulative time
    "get": _CORE + [
        ("handler todos.show_todo", "essentials/todos.py", "show_todo"),
        ("  todos.find_visible (Table.get + visibility)", "essentials/todos.py", "find_visible"),
        ("    context.is_admin (roles of the user)", "essentials/context.py", "is_admin"),
        ("  todos.serialize_detail", "essentials/todos.py", "serialize_detail"),
        ("    todos._user_refs (every user of the business)", "essentials/todos.py", "_user_refs"),
        ("    Table.where (comments, media: table scans)", "core/store.py", "where"),
        ("store Table.get (a copy of the record), all calls", "core/store.py", "get"),
    ] + _AFTER,
    "create": _CORE + [
        ("handler todos.store_todo", "essentials/todos.py", "store_todo"),
        ("  forms.json_or_form (reading the body)", "core/forms.py", "json_or_form"),
        ("  marshmallow Schema.load (validation)", "marshmallow/schema.py", "load"),
        ("  marshmallow Schema.__init__ (a schema instance per request)", "marshmallow/schema.py", "__init__"),
        ("  todos.create_todo", "essentials/todos.py", "create_todo"),
        ("    todos.next_task_id (the business's counter)", "essentials/todos.py", "next_task_id"),
        ("      TenantDB.update_settings", "core/store.py", "update_settings"),
        ("    store Table.insert (todo and settings)", "core/store.py", "insert"),
        ("      persist DiskLog.record (one log line, flushed)", "core/persist.py", "record"),
        ("  todos.serialize_detail", "essentials/todos.py", "serialize_detail"),
    ] + _AFTER,
}


def _short(fname: str) -> str:
    short = fname.replace(str(ROOT) + os.sep, "")
    for cut in ("site-packages" + os.sep, "lib" + os.sep + "python3." + str(sys.version_info[1]) + os.sep):
        short = short.split(cut)[-1]
    return short


def profile_request(app: Any, bare: Any, scenario: str, count: int) -> dict[str, Any]:
    """µs per request without the profiler (emulator and bare Flask), then a cProfile of the emulator."""
    method = "POST" if scenario == "create" else "GET"
    path, bare_path = (f"{BASE}/todos", "/todos") if scenario == "create" else (f"{BASE}/todos/1", "/todos/1")
    body = json.dumps(POST_BODY).encode() if method == "POST" else b""
    _call_loop(app, method, path, AUTH, body, 300)
    _call_loop(bare, method, bare_path, {}, body, 300)
    emu_us = statistics.median(_call_loop(app, method, path, AUTH, body, count // 4) for _ in range(3))
    bare_us = statistics.median(_call_loop(bare, method, bare_path, {}, body, count // 4) for _ in range(3))
    prof = cProfile.Profile()
    prof.enable()
    _call_loop(app, method, path, AUTH, body, count)
    prof.disable()
    stats = pstats.Stats(prof).stats
    total = sum(tt for _, _, tt, _, _ in stats.values())
    layers = []
    for label, suffix, func in LAYERS[scenario]:
        cum = [ct for (fname, _, name), (_, _, _, ct, _) in stats.items()
               if name == func and fname.replace(os.sep, "/").endswith(suffix)]
        if cum:
            # the outermost of the nested wrappers holds the inner ones
            ct = max(cum) if func == "__call__" else sum(cum)
            layers.append((label, ct / count * 1e6, ct / total * 100))
    top = sorted(stats.items(), key=lambda kv: -kv[1][2])[:15]
    return {"scenario": scenario, "method": method, "path": path, "count": count, "emu_us": emu_us,
            "bare_us": bare_us, "layers": layers,
            "top": [(f"{_short(f)}:{line} {name}", nc / count, tt / count * 1e6, ct / count * 1e6)
                    for (f, line, name), (_, nc, tt, ct, _) in top]}


def ablate_get(detail: dict, bare: Any, count: int) -> list[tuple[str, float]]:
    """GET by id in-process, without a profiler, taking the request's layers away one at a time:
    [(what is served, µs per request)], from the whole emulator down to bare Flask."""
    from flask import Flask

    from emulator.core.app import create_app

    app = create_app()
    _seed_inprocess(app)
    path = f"{BASE}/todos/1"

    def us(target: Any, where: str, headers: dict[str, str]) -> float:
        _call_loop(target, "GET", where, headers, b"", 300)
        return statistics.median(_call_loop(target, "GET", where, headers, b"", count) for _ in range(5))

    steps = [("the emulator as served", us(app, path, AUTH))]
    body = {"data": detail}
    app.view_functions[GET_ENDPOINT] = lambda item_id: body
    steps.append(("handler answering a constant (no show_todo)", us(app, path, AUTH)))
    app.before_request_funcs[API_BLUEPRINT] = []
    steps.append(("and no core _enter (tenant, essentials authenticate, caller bound)", us(app, path, AUTH)))
    app.wsgi_app = Flask.wsgi_app.__get__(app)  # type: ignore[method-assign]
    steps.append(("and no core Gateway (path, fault rules, body, store lock, journal)", us(app, path, AUTH)))
    steps.append(("bare Flask, the same body", us(bare, "/todos/1", {})))
    return steps


MEMORY_PROBE = r"""
import json, sys, tracemalloc
tracemalloc.start()
import flask, granian, marshmallow, tinydb  # noqa: the libraries serve imports
from emulator.core.app import create_app
imported = tracemalloc.take_snapshot()
app = create_app()
built = tracemalloc.take_snapshot()
def by_package(snap):
    out = {}
    for stat in snap.statistics("filename"):
        name = stat.traceback[0].filename
        key = ("emulator" if "/emulator/" in name else name.split("site-packages/")[1].split("/")[0]
               if "site-packages/" in name else "python stdlib" if "/lib/python3" in name
               else "import machinery (module code and dicts)" if name.startswith("<frozen") else "other")
        out[key] = out.get(key, 0) + stat.size
    return out
diff = sum(s.size_diff for s in built.compare_to(imported, "filename"))
print(json.dumps({"imports": by_package(imported), "app_build": diff}))
"""


def memory_profile() -> dict[str, Any]:
    """Python's own allocations (tracemalloc) after the imports of `serve`, and what create_app adds."""
    done = subprocess.run([sys.executable, "-c", MEMORY_PROBE], cwd=ROOT, capture_output=True, text=True,
                          timeout=60)
    if done.returncode:
        return {"error": done.stderr.strip().splitlines()[-1:]}
    return json.loads(done.stdout)


# -- the report -----------------------------------------------------------------------------------
def _fmt_ms(ms: float) -> str:
    return f"{ms:.2f}" if ms < 100 else f"{ms:,.0f}"


def load_table(slots: list[Slot]) -> str:
    rows = ["| scenario | target | req/s (median) | req/s (min-max) | p50 ms | p99 ms | bytes | errors |",
            "|---|---|---:|---:|---:|---:|---:|---|"]
    for scenario in SCENARIOS:
        for s in (s for s in slots if s.scenario == scenario):
            if not s.runs:
                rows.append(f"| {SCENARIOS[scenario]} | {s.instance.label} | not measured | | | | | |")
                continue
            rps = [r["rps"] for r in s.runs]
            bad = sum(r["non2xx"] for r in s.runs)
            sock = "; ".join(sorted({r["socket_errors"] for r in s.runs if r["socket_errors"]}))
            note = ", ".join(x for x in (f"{bad} non-2xx" if bad else "", sock) if x) or "none"
            rows.append(f"| {SCENARIOS[scenario]} | {s.instance.label} | {statistics.median(rps):,.0f} | "
                        f"{min(rps):,.0f}-{max(rps):,.0f} | {_fmt_ms(s.median('p50'))} | "
                        f"{_fmt_ms(s.median('p99'))} | {s.bytes:,} | {note} |")
    return "\n".join(rows)


def process_table(kinds: dict[str, Kind], instances: list[Instance]) -> str:
    rows = ["| server | loaded with | start-up ms (median) | start-up ms (min-max) | starts | RSS MB idle | "
            "RSS MB after load | PSS MB after load | processes |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|"]
    for inst in instances:
        kind = inst.kind
        first = next(i for i in instances if i.kind is kind) is inst
        st = kind.starts
        start = (f"{statistics.median(st) * 1000:,.0f} | {min(st) * 1000:,.0f}-{max(st) * 1000:,.0f} | {len(st)}"
                 if st and first else " | | ")
        idle = f"{kind.idle_memory['rss']:.1f}" if kind.idle_memory and first else ""
        mem = inst.memory
        served = ", ".join(SCENARIOS[x].split(" (")[0] for x in inst.scenarios)
        rows.append(f"| {inst.label} | {served} | {start} | {idle} | "
                    f"{mem.get('rss', 0):.1f} | {mem.get('pss', 0):.1f} | {mem.get('processes', '')} |")
    return "\n".join(rows)


def rps_of(slots: list[Slot], kind: str, scenario: str) -> float | None:
    for s in slots:
        if s.instance.kind.name == kind and s.scenario == scenario and s.runs:
            return s.median("rps")
    return None


def ratio_table(slots: list[Slot], peers: list[str]) -> str:
    rows = ["| scenario | emulator | req/s | " + " | ".join(f"÷ {p}" for p in peers) + " |",
            "|---|---|---:|" + "---:|" * len(peers)]
    for scenario in SCENARIOS:
        for s in (s for s in slots if s.scenario == scenario and s.instance.kind.name.startswith("emulator")):
            mine = rps_of(slots, s.instance.kind.name, scenario)
            if mine is None:
                continue
            cells = []
            for peer in peers:
                other = rps_of(slots, peer, scenario)
                cells.append(f"{mine / other:.2f}" if other else "skipped" if peer not in
                             {x.instance.kind.name for x in slots} else "n/a")
            rows.append(f"| {SCENARIOS[scenario]} | {s.instance.label} | {mine:,.0f} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def budget_rows(slots: list[Slot], kinds: dict[str, Kind], instances: list[Instance],
                resets: dict[str, list[float]]) -> list[tuple[str, str, str, bool | None]]:
    """(budget, measured, target, passed) for each DESIGN.md budget."""
    out: list[tuple[str, str, str, bool | None]] = []
    emu, bare = rps_of(slots, "emulator", "get"), rps_of(slots, "bare Flask", "get")
    if emu and bare:
        out.append(("GET by id: emulator ÷ bare Flask, same server", f"{emu / bare:.2f}", f"≥ {GET_VS_BARE}",
                    emu / bare >= GET_VS_BARE))
    basicops = rps_of(slots, "emulator (BasicOps)", "get")
    if basicops and bare:
        out.append(("GET by id, BasicOps (GET /v1/project/6) ÷ bare Flask", f"{basicops / bare:.2f}",
                    f"≥ {GET_VS_BARE}", basicops / bare >= GET_VS_BARE))
    proworkflow = rps_of(slots, "emulator (ProWorkflow)", "get")
    if proworkflow and bare:
        out.append(("GET by id, ProWorkflow (GET /companies/2) ÷ bare Flask", f"{proworkflow / bare:.2f}",
                    f"≥ {GET_VS_BARE}", proworkflow / bare >= GET_VS_BARE))
    core = rps_of(slots, "emulator, handler constant", "get")
    if core and bare:
        out.append(("GET by id, core's part only (the handler answering a constant) ÷ bare Flask",
                    f"{core / bare:.2f}", f"≥ {GET_VS_BARE}", core / bare >= GET_VS_BARE))
    disk, js = rps_of(slots, "emulator --data-dir", "create"), rps_of(slots, "json-server", "create")
    if disk and js:
        out.append(("create with --data-dir ÷ json-server's POST", f"{disk / js:.1f}",
                    f"≥ {DISK_CREATE_VS_JSON_SERVER:g}", disk / js >= DISK_CREATE_VS_JSON_SERVER))
    elif disk:
        out.append(("create with --data-dir ÷ json-server's POST", "json-server skipped",
                    f"≥ {DISK_CREATE_VS_JSON_SERVER:g}", None))
    for name in ("emulator", "emulator --data-dir"):
        st = kinds[name].starts
        if st:
            ms = statistics.median(st) * 1000
            out.append((f"start to first answer ({name}, median of {len(st)})", f"{ms:,.0f} ms",
                        f"< {STARTUP_MS:g} ms", ms < STARTUP_MS))
    for label, values in resets.items():
        if values:
            ms = statistics.median(values)
            out.append((f"reset: {label} (median of {len(values)})", f"{ms:.2f} ms", f"< {RESET_MS:g} ms",
                        ms < RESET_MS))
    reader = next((i for i in instances if i.label == "emulator"), None)
    floor = next((i for i in instances if i.kind.name == "bare Flask"), None)
    if reader and reader.memory and floor and floor.memory:
        for key, what in (("rss", "VmRSS"), ("pss", "PSS")):
            over = reader.memory[key] - floor.memory[key]
            out.append((f"memory over bare Flask, same server, after load (granian main + worker, {what} summed)",
                        f"{reader.memory[key]:.1f} − {floor.memory[key]:.1f} = {over:+.1f} MB",
                        f"≤ {RSS_OVER_BARE_MB:g} MB", over <= RSS_OVER_BARE_MB))
    return out


def budget_table(rows: list[tuple[str, str, str, bool | None]]) -> str:
    out = ["| budget (DESIGN.md) | measured | target | result |", "|---|---:|---:|---|"]
    for name, measured, target, passed in rows:
        out.append(f"| {name} | {measured} | {target} | "
                   f"{'pass' if passed else 'n/a' if passed is None else '**MISS**'} |")
    return "\n".join(out)


def profile_text(prof: dict[str, Any], steps: list[tuple[str, float]] | None = None) -> str:
    what = f"`{prof['method']} {prof['path']}`" + (f" `{json.dumps(POST_BODY)}`" if prof["method"] == "POST" else "")
    lines = [
        f"In-process, no HTTP server: the app called as WSGI {prof['count']:,} times for {what} as the "
        f"admin. Without the profiler one request costs **{prof['emu_us']:.0f} µs** in the emulator "
        f"against **{prof['bare_us']:.0f} µs** in the bare Flask app answering the same body "
        f"(bare ÷ emulator {prof['bare_us'] / prof['emu_us']:.2f}).",
    ]
    if steps:
        lines += ["", "Taking the layers away one at a time (in-process, no profiler, median of 5 loops; each "
                  "row is served without what the rows above it took away):", "",
                  "| served | µs per request | what the layer took away costs |", "|---|---:|---:|"]
        for i, (label, us) in enumerate(steps):
            delta = f"{steps[i - 1][1] - us:.1f}" if i else ""
            lines.append(f"| {label} | {us:.1f} | {delta} |")
    lines += [
        "",
        "Where the time goes under cProfile (cumulative; indented layers are inside the one above; the "
        "profiler inflates every call, so read the shares):",
        "",
        "| layer | µs per request (profiled) | share of the request |",
        "|---|---:|---:|",
    ]
    lines += [f"| {label.replace('  ', '&nbsp;&nbsp;')} | {us:.1f} | {share:.0f}% |"
              for label, us, share in prof["layers"]]
    lines += ["", "Top functions by own time (cProfile `tottime`):", "",
              "| function | calls per request | own µs per request | cumulative µs per request |",
              "|---|---:|---:|---:|"]
    lines += [f"| `{name}` | {calls:.1f} | {tt:.1f} | {ct:.1f} |" for name, calls, tt, ct in prof["top"]]
    return "\n".join(lines)


def _layer(prof: dict[str, Any], start: str) -> float:
    return next((share for label, _, share in prof["layers"] if label.strip().startswith(start)), 0.0)


def misses_text(missed: set[str], slots: list[Slot], kinds: dict[str, Kind], instances: list[Instance],
                steps: list[tuple[str, float]], create: dict[str, Any]) -> str:
    """One paragraph per missed budget, every number from this run."""
    out = []
    if any(m.startswith("GET by id: emulator") for m in missed) and len(steps) > 2:
        full, no_handler, bare = steps[0][1], steps[1][1], steps[-1][1]
        core = rps_of(slots, "emulator, handler constant", "get")
        bare_rps = rps_of(slots, "bare Flask", "get")
        text = (f"- **GET by id.** In-process the request costs {full:.0f} µs against bare Flask's {bare:.0f}. "
                f"The handler (`show_todo`: the todo with its comments, media and user names) is "
                f"{full - no_handler:.0f} µs of it; everything the core adds to every request (the tenant, "
                f"Essentials' authenticate and the bound caller {steps[1][1] - steps[2][1]:.0f} µs, the Gateway: "
                f"path, fault rules, body, lock and journal {steps[2][1] - steps[3][1]:.0f}, Flask routing among "
                f"every API's routes {steps[3][1] - bare:.0f}) is {no_handler - bare:.0f} µs.")
        if core and bare_rps:
            text += (f" Served, the emulator with that handler answering a constant does {core:,.0f} req/s, "
                     f"{core / bare_rps:.2f} of bare Flask: ")
            text += ("the core's part meets the budget; the Essentials handler's own work is what misses it."
                     if core / bare_rps >= GET_VS_BARE else
                     f"the core's part alone misses too, by {GET_VS_BARE - core / bare_rps:.2f}; of what "
                     f"separates the emulator from bare Flask in-process, the handler is "
                     f"{(full - no_handler) / (full - bare) * 100:.0f}% and auth + Gateway "
                     f"{(steps[1][1] - steps[3][1]) / (full - bare) * 100:.0f}%.")
        out.append(text)
    if any(m.startswith("create with --data-dir") for m in missed):
        mem, disk = rps_of(slots, "emulator", "create"), rps_of(slots, "emulator --data-dir", "create")
        js = [r["rps"] for s in slots if s.instance.kind.name == "json-server" and s.scenario == "create"
              for r in s.runs]
        text = "- **Create with --data-dir.** "
        if mem and disk:
            text += (f"The disk is not the cost: the same create in memory does {mem:,.0f} req/s against "
                     f"{disk:,.0f} with `--data-dir`, and `DiskLog.record` is {_layer(create, 'persist'):.0f}% of a "
                     "profiled create. ")
        text += (f"In-process a create costs {create['emu_us']:.0f} µs against bare Flask's {create['bare_us']:.0f}: "
                 f"the handler `store_todo` is {_layer(create, 'handler'):.0f}% of it, of which building a "
                 f"marshmallow schema per request {_layer(create, 'marshmallow Schema.__init__'):.0f}%, validating "
                 f"{_layer(create, 'marshmallow Schema.load'):.0f}%, the business's todo counter (a settings "
                 f"update) {_layer(create, 'todos.next_task_id'):.0f}%, the answer's detail "
                 f"{_layer(create, 'todos.serialize_detail'):.0f}%.")
        if js:
            text += (f" json-server's POST rate falls as its db.json grows (it rewrites the whole file per write: "
                     f"{max(js):,.0f} down to {min(js):,.0f} req/s over this run), so the ratio depends on how "
                     "much was written before.")
        out.append(text)
    if any(m.startswith("memory") for m in missed):
        reader = next((i for i in instances if i.label == "emulator"), None)
        bare_kind = kinds.get("bare Flask")
        if reader and reader.memory.get("each"):
            sizes = " and ".join(f"{one['rss']:.1f}" for one in reader.memory["each"])
            text = (f"- **RSS.** granian runs two processes, a main one that built the app and supervises and "
                    f"the worker that serves, {sizes} MB; summed they "
                    f"count the pages they share twice (PSS, which splits them: {reader.memory['pss']:.1f} MB).")
            if bare_kind and bare_kind.idle_memory:
                text += (f" bare Flask under the same server idles at {bare_kind.idle_memory['rss']:.1f} MB summed, "
                         "so the floor of this server's two processes is already near the budget; the "
                         "emulator's own data and code add a few MB (tracemalloc below).")
            out.append(text)
    return "\n".join(out)


def memory_text(instances: list[Instance], probe: dict[str, Any] | None) -> str:
    lines = []
    for inst in instances:
        each = inst.memory.get("each") or []
        if len(each) > 1:
            lines.append(f"{inst.label}: " + "; ".join(
                f"{'main' if i == 0 else 'worker'} RSS {p['rss']:.1f} MB (anon {p['anon']:.1f}, files "
                f"{p['file']:.1f}), PSS {p['pss']:.1f}" for i, p in enumerate(each)))
    text = ("Per process, after load: " + " | ".join(lines) + ".") if lines else ""
    if probe and "imports" in probe:
        top = sorted(probe["imports"].items(), key=lambda kv: -kv[1])[:8]
        text += ("\n\nPython's own allocations (tracemalloc, in one process): the imports of `serve` hold "
                 f"{sum(probe['imports'].values()) / 2**20:.1f} MB ("
                 + ", ".join(f"{k} {v / 2**20:.1f}" for k, v in top)
                 + f"); `create_app()` with the default fixtures adds {probe['app_build'] / 2**20:.1f} MB. "
                 "The rest of each process's RSS is the interpreter, shared libraries and allocator slack.")
    return text


# -- main -----------------------------------------------------------------------------------------
def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=5)
    p.add_argument("--seconds", type=float, default=2, help="length of one wrk run")
    p.add_argument("--warmup", type=float, default=1, help="seconds of load per slot before measuring")
    p.add_argument("--starts", type=int, default=5, help="start-ups timed per server")
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--resets", type=int, default=200, help="resets timed (each way)")
    p.add_argument("--profile-requests", type=int, default=20000)
    p.add_argument("--quick", action="store_true", help="1 round of 1 s, no warm-up, 2 starts, write nothing")
    p.add_argument("--out", default=str(ROOT / "bench" / "results.md"), help="'' writes nothing")
    p.add_argument("--serve-bare", nargs=2, metavar=("PORT", "DATA"), help=argparse.SUPPRESS)
    p.add_argument("--serve-core-only", nargs=2, metavar=("PORT", "DATA"), help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.serve_bare:
        serve_bare(int(args.serve_bare[0]), args.serve_bare[1])
        return 0
    if args.serve_core_only:
        serve_core_only(int(args.serve_core_only[0]), args.serve_core_only[1])
        return 0
    if args.quick:
        args.rounds, args.seconds, args.warmup, args.starts, args.out = 1, 1, 0, 2, ""
        args.resets, args.profile_requests = 50, 4000

    started = time.monotonic()
    deadline = started + DEADLINE_S
    skipped: list[str] = []
    wrk_missing = ensure_wrk()
    if wrk_missing:
        skipped.append(f"the load (req/s, latency) and the ratios: {wrk_missing}")
    node = ensure_node_peers()
    for package, state in node.items():
        if state.startswith("skipped"):
            skipped.append(f"{package} ({state.removeprefix('skipped: ')})")

    detail, page, created, app = emulator_bodies()
    work = Path(tempfile.mkdtemp(prefix="saas-emulator-bench-"))
    data_file = work / "bare.json"
    data_file.write_text(json.dumps({"detail": detail, "list": page, "created": created}))
    kinds = make_kinds(work, data_file, node, (detail, page, created))
    peers = ["bare Flask", "json-server", "Prism"]

    # (label, kind, scenarios): reads and writes in separate processes where writes would change the reads
    plan = [("emulator", "emulator", ("get", "list")),
            ("emulator, handler constant", "emulator, handler constant", ("get",)),
            ("emulator, BasicOps", "emulator (BasicOps)", ("get", "list")),
            ("emulator, ProWorkflow", "emulator (ProWorkflow)", ("get", "list")),
            ("emulator, in memory", "emulator", ("create",)),
            ("emulator --data-dir", "emulator --data-dir", ("create",)),
            ("bare Flask", "bare Flask", ("get", "list", "create")),
            ("json-server", "json-server", ("get", "list")),
            ("json-server (creates)", "json-server", ("create",)),
            ("Prism", "Prism", ("get", "list", "create"))]
    instances = [Instance(label, kinds[kind], scen) for label, kind, scen in plan if kind in kinds]
    slots = [Slot(inst, scen) for inst in instances for scen in inst.scenarios]
    n_slots = len(slots) if not wrk_missing else 0
    planned = n_slots * (args.rounds * args.seconds + args.warmup + 0.3) + len(kinds) * args.starts * 0.8 + 30
    if planned > DEADLINE_S:
        print(f"that plan takes ~{planned:.0f} s; the bench stays under {DEADLINE_S} s: "
              "use fewer rounds or shorter runs", file=sys.stderr)
        return 2
    print(f"targets: {', '.join(kinds)}; wrk -t{args.wrk_threads} -c{args.connections} -d{args.seconds:g}s "
          f"x {args.rounds} rounds after {args.warmup:g} s warm-up; {args.starts} starts each", flush=True)
    for line in skipped:
        print(f"  skipped: {line}", flush=True)

    resets: dict[str, list[float]] = {}
    stderr_notes: list[str] = []
    try:
        print("start-up ...", flush=True)
        measure_startups(kinds, work, args.starts, deadline - n_slots * (args.rounds * args.seconds + args.warmup))
        for kind in kinds.values():
            if kind.starts:
                print(f"  {kind.name:20} {statistics.median(kind.starts) * 1000:6.0f} ms "
                      f"(min {min(kind.starts) * 1000:.0f}, max {max(kind.starts) * 1000:.0f})", flush=True)

        for inst in instances:
            inst.proc = inst.kind.proc(work / "load" / inst.label.replace(" ", "_"), inst.label).start()
        for inst in instances:
            inst.proc.wait_ready(inst.kind.paths["get"], inst.kind.headers)
        reader = next(i for i in instances if i.label == "emulator")
        for _ in range(PAGE - 3):  # the list page holds 20 rows, as the peers' pages do
            status, _ = _post(reader.proc.port, f"{BASE}/todos", AUTH)
            assert status == 201, status
        for s in slots:
            if s.scenario == "create":
                s.script = wrk_script("POST", POST_BODY, work)
                status, body = _post(s.instance.proc.port, s.instance.kind.paths["create"], s.instance.kind.headers)
            else:
                status, body = get(s.instance.proc.port, s.instance.kind.paths[s.scenario], s.instance.kind.headers)
            if not 200 <= status < 300:
                raise RuntimeError(f"{s.name} answered {status}: {body[:300]!r}")
            s.bytes = len(body)

        if not wrk_missing:
            if args.warmup:
                print("warm-up ...", flush=True)
                for s in slots:
                    wrk(s.url, args.warmup, args.wrk_threads, args.connections, s.instance.kind.headers,
                        s.script, s.name)
            for rnd, order in enumerate(rounds(slots, args.rounds)):
                for s in order:
                    if time.monotonic() > deadline - 20:
                        raise TimeoutError("deadline")
                    run = wrk(s.url, args.seconds, args.wrk_threads, args.connections, s.instance.kind.headers,
                              s.script, s.name)
                    s.runs.append(run)
                    print(f"  round {rnd + 1}: {s.name:32} {run['rps']:8,.0f} req/s  p50 {run['p50']:7.2f} ms"
                          f"  p99 {run['p99']:8.2f} ms" + (f"  {run['non2xx']} non-2xx" if run["non2xx"] else ""),
                          flush=True)
        for inst in instances:
            inst.memory = inst.proc.memory_mb()
        print("reset ...", flush=True)
        resets["POST /_emulator/reset, client-side, in memory"] = time_reset_http(reader.proc.port, args.resets)
        disk = next(i for i in instances if i.label == "emulator --data-dir")
        resets["POST /_emulator/reset, client-side, --data-dir"] = time_reset_http(disk.proc.port,
                                                                                    max(20, args.resets // 4))
        resets["Emulator.reset() in-process"] = time_reset_inprocess(app, args.resets)
    except TimeoutError:
        skipped.append(f"rounds after the deadline of {DEADLINE_S} s (fewer rounds than asked)")
    finally:
        for inst in instances:
            if inst.proc is not None:
                inst.proc.stop()
                lines = [x for x in inst.proc.stderr().splitlines() if x.strip()]
                if lines:
                    stderr_notes.append(f"{inst.label}: {len(lines)} lines on stderr, e.g. {lines[0][:160]!r}")
        shutil.rmtree(work, ignore_errors=True)

    print("profile ...", flush=True)
    budgets = budget_rows(slots, kinds, instances, resets)
    missed = {name for name, _, _, passed in budgets if passed is False}
    bare = bare_app({"detail": detail, "list": page, "created": created})
    app.extensions["emulator"].reset()
    _seed_inprocess(app)
    analysis = []
    get_prof = profile_request(app, bare, "get", args.profile_requests)
    steps = ablate_get(detail, bare, max(1000, args.profile_requests // 10))
    with tempfile.TemporaryDirectory(prefix="saas-emulator-bench-") as tmp:
        from emulator.core.app import create_app

        disk_app = create_app(data_dir=tmp)
        create_prof = profile_request(disk_app, bare, "create", max(2000, args.profile_requests // 4))
        disk_app.extensions["emulator"].close()
    probe = memory_profile() if any(m.startswith("RSS") for m in missed) else None
    why = misses_text(missed, slots, kinds, instances, steps, create_prof)
    if why:
        analysis.append(("Why the misses (measured, details below)", why))
    analysis.append(("Where GET by id spends its time", profile_text(get_prof, steps)))
    analysis.append(("Where a create with --data-dir spends its time", profile_text(create_prof)))
    analysis.append(("Memory", memory_text(instances, probe)))
    elapsed = time.monotonic() - started

    loads = load_table(slots) if not wrk_missing else "Load: skipped (" + wrk_missing + ")."
    ratios = ratio_table(slots, peers) if not wrk_missing else ""
    procs = process_table(kinds, instances)
    btable = budget_table(budgets)
    print()
    print(loads, "\n", ratios, "\n", procs, "\n", btable, sep="\n")
    for title, text in analysis:
        print(f"\n## {title}\n\n{text}")
    for note in stderr_notes:
        print(f"  {note}")
    print(f"\n({elapsed:.0f} s)")
    if args.out:
        Path(args.out).write_text(report(args, loads, ratios, procs, btable, budgets, analysis, node, skipped,
                                         stderr_notes, resets, elapsed))
        print(f"wrote {args.out}")
    return 0


def _post(port: int, path: str, headers: dict[str, str]) -> tuple[int, bytes]:
    return get(port, path, headers, method="POST", body=json.dumps(POST_BODY).encode())


def _seed_inprocess(app: Any) -> None:
    client = app.test_client()
    for _ in range(PAGE - 3):
        client.post(f"{BASE}/todos", json=POST_BODY, headers=AUTH)


def fs_type(path: str) -> str:
    """The file system type of the mount holding `path` (from /proc/mounts)."""
    best, kind = "", "unknown file system"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            _, mount, fstype, *_ = line.split()
            if (path == mount or path.startswith(mount.rstrip("/") + "/")) and len(mount) >= len(best):
                best, kind = mount, fstype
    except (OSError, ValueError):
        pass
    return kind


def report(args: argparse.Namespace, loads: str, ratios: str, procs: str, btable: str, budgets: list,
           analysis: list[tuple[str, str]], node: dict[str, str], skipped: list[str], stderr_notes: list[str],
           resets: dict[str, list[float]], elapsed: float) -> str:
    when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    node_version = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip() \
        if shutil.which("node") else "no node"
    peers = ", ".join(f"{p} {v}" for p, v in node.items() if not v.startswith("skipped"))
    env = machine(("saas-emulator", "granian", "flask", "werkzeug", "tinydb", "marshmallow"),
                  [f"node {node_version}" + (f" ({peers})" if peers else "")])
    missed = [b for b in budgets if b[3] is False]
    reset_lines = "; ".join(f"{k}: median {statistics.median(v):.2f} ms, p90 "
                            f"{statistics.quantiles(v, n=10)[-1]:.2f} ms" for k, v in resets.items() if len(v) > 1)
    parts = [
        "# The emulator beside its peers, measured (`make bench`)",
        "",
        f"{when}; {env}. The whole run took {elapsed:.0f} s.",
        "",
        f"`.venv/bin/python bench/peers.py` (run by `make bench`): every server in its own process on "
        f"127.0.0.1. The emulator is `python -m emulator serve` ({DEFAULT_SERVER}, 1 worker, "
        f"{DEFAULT_THREADS} request thread: serve's defaults) with the default fixtures plus 17 todos posted "
        f"at start, so that its list page holds {PAGE} rows; GET by id is `GET {BASE}/todos/1` and the list "
        f"`GET {BASE}/todos` as the Essentials admin (`Authorization: Bearer essentials-admin-token`); create "
        f"is `POST {BASE}/todos` `{json.dumps(POST_BODY)}`, to a second emulator in memory and a third with "
        "`--data-dir`. **bare Flask** answers the same bodies under the same server and thread count "
        "(through `emulator.cli.serve_app`): todo 1 from a dict, a page of 20 rows, a POST stored into the "
        "dict; no auth, no journal. **json-server** 0.17.4 (`--quiet`) serves a db.json holding the same "
        "todos (`/todos/1`, `/todos?_page=1&_limit=20`, `POST /todos`, which rewrites db.json each time); "
        "its reads and its writes go to two instances, as the emulator's do. **Prism** 5 (`mock -v warn`) "
        "answers the same bodies as the examples of a small OpenAPI document.",
        "",
        f"After {args.warmup:g} s of warm-up per (target, scenario), wrk (`-t{args.wrk_threads} "
        f"-c{args.connections} -d{args.seconds:g}s --latency`; the POST through a Lua script) loaded each "
        f"in turn for {args.rounds} rounds, in an order rotated and reversed every round; the tables give "
        f"the median over rounds. Nothing is reset between rounds, so the create targets grow (json-server "
        f"rewrites a bigger file each time: its min-max shows it). wrk shares the machine's "
        f"{os.cpu_count()} cores with the server. `bytes` is the body of one answer. Scratch files "
        f"(json-server's db.json, the `--data-dir`) live in {tempfile.gettempdir()} ({fs_type(tempfile.gettempdir())}).",
        "",
        "## Load",
        "",
        loads,
        "",
        "## Ratios (emulator req/s ÷ peer req/s, same scenario)",
        "",
        ratios or "skipped: no load was measured",
        "",
        "## Start-up and memory",
        "",
        f"Start-up: from the fork to the first 2xx answer of GET by id (polled every 5 ms), {args.starts} "
        "starts per server, each alone, in turn (`--data-dir`: into an empty directory). RSS: VmRSS summed "
        "over the server's processes (granian: main process + worker, whose RSS counts the pages they share "
        "twice; PSS splits them). Idle: right after the last timed start; after load: after every round.",
        "",
        procs,
        "",
        f"Reset: {reset_lines}." if reset_lines else "",
        "",
        "## Budgets",
        "",
        btable,
        "",
    ]
    if missed:
        parts += ["Missed: " + "; ".join(f"{name} ({measured}, target {target})"
                                          for name, measured, target, _ in missed) + ".", ""]
    if skipped:
        parts += ["Skipped: " + "; ".join(skipped) + ".", ""]
    for title, text in analysis:
        if text:
            parts += [f"## {title}", "", text, ""]
    if stderr_notes:
        parts += ["Servers' stderr: " + "; ".join(stderr_notes) + ".", ""]
    return "\n".join(x for x in parts if x is not None)


if __name__ == "__main__":
    raise SystemExit(main())
