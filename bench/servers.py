"""Which WSGI server should `saas-emulator serve` use?  Measured, in one run, on loopback.

    .venv/bin/python bench/servers.py            # ~2.5 minutes; prints tables, writes bench/servers.md
    .venv/bin/python bench/servers.py --quick    # a smoke run (1 round of 1 s), writes nothing

Two apps, each under granian (WSGI, 1 worker, threads), waitress (threads) and werkzeug's
threaded server, all configured exactly as `serve` configures them (emulator.cli.serve_app):
- bare:     a Flask app answering one small JSON record, the floor any Flask app pays;
- emulator: `python -m emulator serve`, GET the Essentials dashboard as the admin (or
            /_emulator/health while the dashboard is not built).
The emulator is also served with 4 request threads under granian and waitress (--also-threads),
to check serve's default of one.  Every server runs in its own process.  After a warm-up, wrk loads each one in turn for several
short rounds, in an order that changes every round so no server always runs first or hot.  The
table gives the median over rounds.  wrk runs on the same machine, so the numbers are what one
client on this box gets, not what the server could do alone.

Only 127.0.0.1 is ever contacted; every server is stopped before the script ends.
"""
from __future__ import annotations

import argparse
import datetime
import os
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from harness import HOST, Proc, ensure_wrk, free_port, machine, rounds, wrk  # noqa: E402

from emulator.cli import DEFAULT_THREADS, serve_app  # noqa: E402

SERVERS = ("granian", "waitress", "werkzeug")
APPS = ("bare", "emulator")
DASHBOARD = "/essentials/api/v1/integration/essentials/dashboard"
HEALTH = "/_emulator/health"
TOKEN = "Bearer essentials-admin-token"
DEADLINE_S = 170  # the whole run stays under three minutes, whatever the options say


# -- the servers under test -----------------------------------------------------------------------
def bare_app():
    from flask import Flask

    app = Flask("bare")

    @app.get("/record")
    def record():
        return {"id": 1, "name": "Widget", "price": 9.99, "active": True, "tags": ["a", "b"]}

    return app


def serve_bare(server: str, port: int, threads: int | None) -> None:
    """Child-process entry: the bare app, served the way `saas-emulator serve` serves."""
    serve_app(bare_app(), server, HOST, port, threads or DEFAULT_THREADS)


def emulator_path() -> tuple[str, dict[str, str]]:
    """The dashboard if it answers 200 with a body, else the health endpoint."""
    from emulator.core.app import create_app

    headers = {"Authorization": TOKEN}
    try:
        resp = create_app().test_client().get(DASHBOARD, headers=headers)
        if resp.status_code == 200 and resp.get_json():
            return DASHBOARD, headers
    except Exception:  # an API under construction must not stop the benchmark
        pass
    return HEALTH, {}


@dataclass
class Target:
    app: str
    server: str
    path: str
    headers: dict[str, str]
    threads: int | None
    proc: Proc | None = None
    runs: list[dict] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"{self.app}/{self.server}" + (f"/{self.threads}t" if self.threads else "")

    @property
    def threads_label(self) -> str:
        if self.server == "werkzeug":
            return "per connection"
        return str(self.threads or DEFAULT_THREADS)

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.proc.port}{self.path}"

    def start(self) -> None:
        port = free_port()
        threads = ["--threads", str(self.threads)] if self.threads else []
        if self.app == "emulator":
            cmd = [sys.executable, "-m", "emulator", "serve", "--server", self.server,
                   "--host", HOST, "--port", str(port), *threads]
        else:
            cmd = [sys.executable, __file__, "--serve-bare", self.server, str(port), str(self.threads or 0)]
        self.proc = Proc(self.name, cmd, port).start()

    def wait_ready(self) -> float:
        return self.proc.wait_ready(self.path, self.headers)

    def stderr(self) -> str:
        return self.proc.stderr() if self.proc else ""

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.stop()

    def load(self, seconds: float, threads: int, connections: int) -> dict:
        return wrk(self.url, seconds, threads, connections, self.headers, label=self.name)


# -- the report -----------------------------------------------------------------------------------
def table(targets: list[Target]) -> str:
    rows = ["| app | server | threads | req/s (median) | req/s (min-max) | p50 ms | p99 ms | errors |",
            "|---|---|---:|---:|---:|---:|---:|---|"]
    for t in targets:
        rps = [r["rps"] for r in t.runs]
        errors = sum(r["non2xx"] for r in t.runs)
        sock = "; ".join(sorted({r["socket_errors"] for r in t.runs if r["socket_errors"]}))
        note = ", ".join(x for x in (f"{errors} non-2xx" if errors else "", sock) if x) or "none"
        rows.append(f"| {t.app} | {t.server} | {t.threads_label} | {statistics.median(rps):,.0f} | "
                    f"{min(rps):,.0f}-{max(rps):,.0f} | {statistics.median(r['p50'] for r in t.runs):.2f} | "
                    f"{statistics.median(r['p99'] for r in t.runs):.2f} | {note} |")
    return "\n".join(rows)


def ratios(targets: list[Target]) -> str:
    by = {(t.app, t.server): statistics.median(r["rps"] for r in t.runs) for t in targets
          if t.threads is None}
    servers = [s for s in SERVERS if ("bare", s) in by and ("emulator", s) in by]
    rows = ["| server | emulator / bare (req/s) | emulator cost per request vs bare |",
            "|---|---:|---:|"]
    for s in servers:
        if not (by[("emulator", s)] and by[("bare", s)]):
            rows.append(f"| {s} | n/a | n/a |")
            continue
        ratio = by[("emulator", s)] / by[("bare", s)]
        rows.append(f"| {s} | {ratio:.2f} | {1 / ratio:.2f}x |")
    best = max(SERVERS, key=lambda s: by.get(("emulator", s), 0))
    return "\n".join(rows), best


def notes(targets: list[Target], path: str) -> str:
    med = {t.name: (statistics.median(r["rps"] for r in t.runs), statistics.median(r["p99"] for r in t.runs))
           for t in targets if t.runs}
    out = []
    for server in ("granian", "waitress"):
        one = med.get(f"emulator/{server}")
        alt = next((t for t in targets if t.app == "emulator" and t.server == server and t.threads), None)
        more = med.get(alt.name) if alt else None
        if one and more:
            out.append(f"{server}: {more[0]:,.0f} req/s, p99 {more[1]:.1f} ms with {alt.threads} threads against "
                       f"{one[0]:,.0f} req/s, p99 {one[1]:.1f} ms with {DEFAULT_THREADS}")
    text = ""
    if out:
        text += ("\nThreads. " + "; ".join(out) + ". Every emulator request holds the store lock and "
                 "runs Python, so extra threads add only GIL hand-offs (a waiting thread waits out the "
                 "5 ms switch interval) and, under saturation, starve some connections: hence serve's "
                 "default of one thread. `--threads N` is for concurrent requests that sleep (injected "
                 "latency).\n")
    if path == DASHBOARD:
        text += ("\nThe dashboard counts records over several tables, so the emulator/bare ratio is an upper "
                 "bound on core's per-request cost, not the GET-by-id budget of DESIGN.md.\n")
    noisy = [t.name for t in targets if "Task queue depth" in t.stderr()]
    if noisy:
        text += (f"\nUnder this load waitress logs `Task queue depth is N` on stderr for every queued request "
                 f"({', '.join(noisy)}).\n")
    return text


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--seconds", type=float, default=5, help="length of one wrk run")
    p.add_argument("--warmup", type=float, default=2, help="seconds of load before measuring")
    p.add_argument("--wrk-threads", type=int, default=2)
    p.add_argument("--connections", type=int, default=32)
    p.add_argument("--also-threads", type=int, default=4, metavar="N",
                   help="also serve the emulator under granian and waitress with N request threads "
                        "(0: do not), to check serve's default thread count")
    p.add_argument("--servers", nargs="*", default=list(SERVERS), choices=SERVERS)
    p.add_argument("--quick", action="store_true", help="1 round of 1 s, no warm-up, write nothing")
    p.add_argument("--out", default=str(ROOT / "bench" / "servers.md"), help="'' writes nothing")
    p.add_argument("--serve-bare", nargs=3, metavar=("SERVER", "PORT", "THREADS"), help=argparse.SUPPRESS)
    args = p.parse_args()

    if args.serve_bare:
        server, port, threads = args.serve_bare
        serve_bare(server, int(port), int(threads) or None)
        return 0
    if args.quick:
        args.rounds, args.seconds, args.warmup, args.out = 1, 1, 0, ""
    missing = ensure_wrk()
    if missing:
        print(f"bench/servers.py: skipped: {missing}", file=sys.stderr)
        return 0

    extra = len([s for s in args.servers if s != "werkzeug"]) if args.also_threads else 0
    planned = (len(args.servers) * len(APPS) + extra) * (args.rounds * args.seconds + args.warmup + 2)
    if planned > DEADLINE_S:
        print(f"that plan takes ~{planned:.0f} s; the bench stays under {DEADLINE_S} s: "
              "use fewer rounds or shorter runs", file=sys.stderr)
        return 2

    started = time.monotonic()
    path, headers = emulator_path()
    targets = [Target("bare", s, "/record", {}, None) for s in args.servers]
    targets += [Target("emulator", s, path, headers, None) for s in args.servers]
    if args.also_threads and args.also_threads != DEFAULT_THREADS:
        targets += [Target("emulator", s, path, headers, args.also_threads)
                    for s in args.servers if s != "werkzeug"]
    print(f"emulator endpoint: GET {path}; wrk -t{args.wrk_threads} -c{args.connections} "
          f"-d{args.seconds:g}s x {args.rounds} rounds", flush=True)
    try:
        for t in targets:
            t.start()
        for t in targets:
            t.wait_ready()
            if args.warmup:
                t.load(args.warmup, args.wrk_threads, args.connections)
        # rotated, and reversed every other round: each target runs early and late, after each other one
        for rnd, order in enumerate(rounds(targets, args.rounds)):
            for t in order:
                if time.monotonic() - started > DEADLINE_S:
                    raise RuntimeError("deadline reached")
                run = t.load(args.seconds, args.wrk_threads, args.connections)
                t.runs.append(run)
                print(f"  round {rnd + 1}: {t.name:18} {run['rps']:8,.0f} req/s  p50 {run['p50']:.2f} ms"
                      f"  p99 {run['p99']:.2f} ms", flush=True)
    finally:
        for t in targets:
            t.stop()
    for t in targets:  # what the servers said on stderr: a server that complains is not measured fairly
        lines = [line for line in t.stderr().splitlines() if line.strip()]
        if lines:
            print(f"  {t.name} wrote {len(lines)} lines on stderr, e.g. {lines[0][:150]!r}")

    result = table(targets)
    ratio_table, best = ratios(targets)
    elapsed = time.monotonic() - started
    print()
    print(result)
    print()
    print(ratio_table)
    print(f"\nfastest for the emulator: {best}  ({elapsed:.0f} s)")
    if args.out:
        when = datetime.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
        Path(args.out).write_text(
            f"# WSGI servers for `saas-emulator serve`, measured\n\n"
            f"{when}; {machine()}.\n\n"
            f"`.venv/bin/python bench/servers.py`: every server in its own process on 127.0.0.1, "
            f"configured as `serve` configures it (granian: WSGI, 1 worker; granian and waitress: "
            f"{DEFAULT_THREADS} request thread{'s' if DEFAULT_THREADS > 1 else ''} unless the table says "
            f"otherwise; werkzeug: a thread per connection). "
            f"`bare` is a Flask app answering one small JSON record at `/record`; `emulator` is "
            f"`python -m emulator serve`, `GET {path}`"
            f"{' as the Essentials admin' if headers else ''}. "
            f"After {args.warmup:g} s of warm-up each, wrk (`-t{args.wrk_threads} -c{args.connections} "
            f"-d{args.seconds:g}s --latency`) loaded each target in turn for {args.rounds} rounds, in an "
            f"order rotated and reversed every round; the table shows the median over rounds. wrk shares "
            f"the machine's {os.cpu_count()} cores with the server, as a test suite would.\n\n"
            f"{result}\n\n{ratio_table}\n\n"
            f"Fastest for the emulator: **{best}**, which `serve` uses by default "
            f"(`--server` chooses another).\n{notes(targets, path)}")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
