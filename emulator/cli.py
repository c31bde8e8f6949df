"""The command line: `saas-emulator serve`, `routes`, `credentials`, `openapi`.

`serve` keeps the state in one process.  The default HTTP server is granian (WSGI, one worker
process, one request thread), chosen by measurement: see bench/servers.md.  waitress and
werkzeug's threaded server stay available with `--server`.

Stopping: SIGINT (Ctrl-C) and SIGTERM stop the server cleanly with exit status 0, and with
`--data-dir` the change log is folded into snapshot.json on the way out (under granian, in its
worker process).  A `kill -9` loses nothing that was answered either: every write is flushed to
the log before its answer, and granian's worker stops with its main process.
"""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
import threading
import time
from typing import Any

from . import __version__

SERVERS = ("granian", "waitress", "werkzeug")
DEFAULT_SERVER = "granian"  # bench/servers.md: ~2x waitress, ~4x werkzeug on the same app
# One Python thread.  Every request holds the store lock and is CPU-bound, so a second thread adds
# only GIL hand-offs: on the 2-core box one thread served 7,000 req/s with p99 0.4-1.6 ms at 2-8
# connections; four served 4,800-6,700 with p99 5-70 ms, and p99 over a second at saturation.
# More threads help only requests that sleep outside the lock (injected latency): --threads N.
DEFAULT_THREADS = 1
OPTIONS_ENV = "SAAS_EMULATOR_OPTIONS"
PARENT_ENV = "SAAS_EMULATOR_PARENT"

# The app `serve` built.  granian forks its worker, which then finds the app here instead of
# building it a second time; under the 'spawn' start method the worker rebuilds it from
# OPTIONS_ENV.
_APP: Any = None


class UsageError(Exception):
    """A bad option: one line on stderr, exit status 2."""


def _instant(text: str) -> str:
    from .core.clock import parse_instant

    try:
        parse_instant(text)
    except ValueError as exc:
        why = str(exc) if str(exc).startswith("the clock") else "not an ISO-8601 instant"
        raise argparse.ArgumentTypeError(f"{why}: {text!r}") from None
    return text


def _app_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "apis": args.apis or None,
        "root_api": args.api,
        "data_dir": args.data_dir,
        "fixtures_dir": args.fixtures,
        "fake": args.fake,
        "seed": args.seed,
        "journal_size": args.journal_size,
        "journal_bytes": args.journal_bytes,
        "journal_part_bytes": args.journal_part_bytes,
        "max_body_bytes": args.max_body_bytes,
        "clock": getattr(args, "clock", None),
    }


def _check_apis(args: argparse.Namespace) -> None:
    from .apis import KNOWN, available

    built = available()
    for name in ([args.api] if args.api else []) + list(args.apis or []):
        if name not in KNOWN:
            raise UsageError(f"unknown api {name!r}; known: {', '.join(KNOWN)}")
        if name not in built:
            raise UsageError(f"api {name!r} is not built yet; available: {', '.join(built)}")
    if args.api and args.apis and args.api not in args.apis:
        raise UsageError(f"--api {args.api} must be one of --apis {' '.join(args.apis)}")


def _build(options: dict[str, Any]) -> Any:
    from .core.app import create_app

    opts = dict(options)
    if opts.get("root_api") and not opts.get("apis"):
        opts["apis"] = [opts["root_api"]]
    return create_app(**opts)


def _close(app: Any) -> None:
    """Fold the disk log into the snapshot (a no-op without --data-dir)."""
    emu = getattr(app, "extensions", {}).get("emulator")
    if emu is not None:
        emu.close()


# -- granian ------------------------------------------------------------------------------------
def granian_app() -> Any:
    """The factory granian's worker process calls (target "emulator.cli:granian_app")."""
    import multiprocessing.util

    global _APP
    if _APP is None:
        _APP = _build(json.loads(os.environ[OPTIONS_ENV]))
    _exit_with_parent()
    # granian stops its worker with SIGTERM; the worker then returns through multiprocessing,
    # which runs these finalizers (atexit handlers do not run in a forked child).
    multiprocessing.util.Finalize(None, _close, args=(_APP,), exitpriority=10)
    return _APP


def _exit_with_parent() -> None:
    """Stop the worker when granian's main process dies without stopping it (kill -9).

    Without this the worker lives on as an orphan, still holding the port and the state.
    SIGTERM is the worker's clean stop, so the state is folded to disk on the way out.
    """
    parent = int(os.environ.get(PARENT_ENV) or os.getppid())

    def stop() -> None:
        os.kill(os.getpid(), signal.SIGTERM)

    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(1, int(signal.SIGTERM), 0, 0, 0) == 0:  # PR_SET_PDEATHSIG
                if os.getppid() != parent:  # it died before prctl took effect
                    stop()
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        stop()

    threading.Thread(target=watch, name="saas-emulator-parent-watch", daemon=True).start()


def _serve_granian(app: Any, options: dict[str, Any] | None, host: str, port: int, threads: int) -> None:
    from granian import Granian
    from granian.constants import Interfaces

    global _APP
    _APP = app
    if options is not None:
        os.environ[OPTIONS_ENV] = json.dumps(options)
    os.environ[PARENT_ENV] = str(os.getpid())
    Granian("emulator.cli:granian_app", address=host, port=port, interface=Interfaces.WSGI,
            workers=1, blocking_threads=threads, factory=True, log_level="warning").serve()


# -- pure-Python servers ------------------------------------------------------------------------
def _stop_on_sigterm() -> None:
    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)


def _serve_waitress(app: Any, host: str, port: int, threads: int) -> None:
    import logging

    from waitress.server import create_server

    # "Task queue depth is N" for every request that waits for the thread: expected, not news
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)
    server = create_server(app, host=host, port=port, threads=threads, ident="saas-emulator")
    _stop_on_sigterm()
    server.run()  # returns on KeyboardInterrupt, after its worker threads finish


def _serve_werkzeug(app: Any, host: str, port: int, threads: int) -> None:
    import logging

    from werkzeug.serving import make_server

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no access log on stderr
    server = make_server(host, port, app, threaded=True)
    _stop_on_sigterm()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


def serve_app(app: Any, server: str = DEFAULT_SERVER, host: str = "127.0.0.1", port: int = 8080,
              threads: int = DEFAULT_THREADS, options: dict[str, Any] | None = None) -> None:
    """Serve a WSGI app until SIGINT or SIGTERM, then fold the emulator's disk log, if any.

    `options` are the emulator's create_app options, for a granian worker that cannot inherit
    the built app.  bench/servers.py serves its bare Flask app through here too, so the
    benchmark measures the servers exactly as `serve` configures them.
    """
    if server == "granian":
        _serve_granian(app, options, host, port, threads)
        return  # the worker folded the log
    try:
        if server == "waitress":
            _serve_waitress(app, host, port, threads)
        elif server == "werkzeug":
            _serve_werkzeug(app, host, port, threads)
        else:
            raise UsageError(f"unknown server {server!r}; known: {', '.join(SERVERS)}")
    except KeyboardInterrupt:
        pass
    finally:
        _close(app)


def _bind_address(host: str, port: int) -> tuple[str, int]:
    """The (ip, port) to listen on: fail now if something already listens there; port 0 is
    resolved to a free port and a host name to its address (granian takes only an IP).

    granian binds with SO_REUSEPORT, so without this check a second emulator on a busy port
    would start and silently take half of the first one's connections.  This plain bind (no
    SO_REUSEPORT) fails against any listener, granian's included.
    """
    import socket

    family, kind, proto, _, addr = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM,
                                                      flags=socket.AI_PASSIVE)[0]
    with socket.socket(family, kind, proto) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as servers do: TIME_WAIT is fine
        sock.bind(addr)
        return addr[0], sock.getsockname()[1]


def _serve(args: argparse.Namespace) -> int:
    # Each API is imported on its first request, unless --fake asks for bulk records: those are
    # made before the server listens, so no client's first request waits seconds for them.
    options = {**_app_options(args), "lazy": not args.fake}
    server = args.server
    try:
        ip, args.port = _bind_address(args.host, args.port)
    except OSError as exc:
        print(f"saas-emulator: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    if server == "granian":
        try:
            import granian  # noqa: F401
        except ImportError:
            print("saas-emulator: granian is not installed; serving with waitress", file=sys.stderr)
            server = "waitress"
    app = _build(options)
    emu = app.extensions["emulator"]
    url = f"http://{args.host}:{args.port}"
    threads = "a thread per connection" if server == "werkzeug" else \
        f"{args.threads} request thread{'s' if args.threads > 1 else ''}"
    lines = [f"saas-emulator {__version__} on {url} ({server}, {threads})"]
    lines += [f"  {name:12} {emu.base_url(name, url)}" for name in emu.names]
    if args.data_dir:
        lines.append(f"  state kept in {os.path.abspath(args.data_dir)}")
    print("\n".join(lines), flush=True)
    try:
        serve_app(app, server, ip, args.port, args.threads, options)
    except OSError as exc:
        print(f"saas-emulator: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}",
              file=sys.stderr)
        return 1
    return 0


def _routes(args: argparse.Namespace) -> int:
    """Every route-table row of every served API at each of its mount points, and the control API's."""
    app = _build(_app_options(args))
    emu = app.extensions["emulator"]
    lines = []
    for mount, spec in emu.mounts.entries:
        for row in emu.routes[spec.name]:
            lines.append((",".join(row.methods), (mount.template + row.path) or "/", f"{spec.name}.{row.name}"))
    lines += [(",".join(row.methods), "/_emulator" + row.path, f"emulator.{row.name}") for row in emu.control_rows]
    for methods, path, name in sorted(lines, key=lambda line: (line[1], line[0])):
        print(f"{methods:14} {path:60} {name}")
    return 0


def _credentials(args: argparse.Namespace) -> int:
    app = _build(_app_options(args))
    resp = app.test_client().get("/_emulator/credentials", base_url=f"http://{args.host}:{args.port}/")
    print(json.dumps(resp.get_json(), indent=2))
    return 0


def _openapi(args: argparse.Namespace) -> int:
    """Print (or write) the OpenAPI 3.1 document of one API, or of the control API ("emulator")."""
    from .apis import KNOWN, available
    from .core.openapi import CONTROL_API, build

    name = args.document
    if name != CONTROL_API:
        if name not in KNOWN:
            raise UsageError(f"unknown api {name!r}; known: {', '.join(KNOWN)}, {CONTROL_API}")
        if name not in available():
            raise UsageError(f"api {name!r} is not built yet; available: {', '.join(available())}")
    elif args.root:
        raise UsageError("--root documents an API mounted at the root; the control API is always at /_emulator")
    app = _build({"apis": [name] if name != CONTROL_API else None,
                  "root_api": name if args.root else None})
    text = json.dumps(build(app, name), indent=2) + "\n"
    if args.out:
        try:
            with open(args.out, "w", encoding="utf-8") as fh:
                fh.write(text)
        except OSError as exc:
            raise UsageError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    else:
        sys.stdout.write(text)
    return 0


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a TCP port (0-65535)")
    return value


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid int value: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"{text} is not a positive number")
    return value


class _Parser(argparse.ArgumentParser):
    """argparse, but a bad option is one line on stderr (exit status 2), not usage + message."""

    def error(self, message: str) -> Any:
        self.exit(2, f"{self.prog}: {message} (see --help)\n")


def parser() -> argparse.ArgumentParser:
    p = _Parser(prog="saas-emulator", description=__doc__.split("\n\n")[0])
    p.add_argument("--version", action="version", version=__version__)
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--host", default="127.0.0.1",
                        help="address to listen on (default: 127.0.0.1; 0.0.0.0 for every interface)")
        sp.add_argument("--port", type=_port, default=8080, help="TCP port (default: 8080; 0 picks a free one)")
        sp.add_argument("--api", help="serve only this API, mounted at the root")
        sp.add_argument("--apis", nargs="*", help="serve only these APIs (under their prefixes)")
        sp.add_argument("--data-dir", help="also keep the state on disk in this directory")
        sp.add_argument("--fixtures", help="fixtures directory (default: the project's fixtures/)")
        sp.add_argument("--fake", type=int, default=0, metavar="N",
                        help="add N faker-generated records per table family and fixture tenant")
        sp.add_argument("--seed", type=int, default=None, help="seed for --fake (deterministic data)")
        sp.add_argument("--journal-size", type=_positive, default=1000,
                        help="requests kept in the journal (default: 1000)")
        sp.add_argument("--journal-bytes", type=_positive, default=16 * 1024 * 1024,
                        help="bytes the journal keeps at most (default: 16 MiB)")
        sp.add_argument("--journal-part-bytes", type=_positive, default=64 * 1024,
                        help="each recorded body is cut past this size (default: 64 KiB)")
        sp.add_argument("--max-body-bytes", type=_positive, default=16 * 1024 * 1024,
                        help="request bodies past this size answer 413, unless an API sets its own cap "
                             "(default: 16 MiB)")
        sp.add_argument("--clock", metavar="INSTANT", type=_instant,
                        help="start with the clock frozen at this ISO-8601 instant, e.g. 2026-01-01T09:00:00Z")

    s = sub.add_parser("serve", help="serve the emulator")
    common(s)
    s.add_argument("--server", choices=SERVERS, default=DEFAULT_SERVER,
                   help=f"HTTP server (default: {DEFAULT_SERVER}, the fastest measured)")
    s.add_argument("--threads", type=_positive, default=DEFAULT_THREADS,
                   help=f"request threads of granian and waitress (default: {DEFAULT_THREADS}, the fastest "
                        "measured; raise it only for concurrent requests under injected latency)")
    s.set_defaults(func=_serve)
    r = sub.add_parser("routes", help="list every routed method and path")
    common(r)
    r.set_defaults(func=_routes)
    c = sub.add_parser("credentials", help="print each API's base URL and fixture credentials")
    common(c)
    c.set_defaults(func=_credentials)
    o = sub.add_parser("openapi", help="print the OpenAPI 3.1 document of an API or of the control API")
    o.add_argument("--api", dest="document", required=True, metavar="NAME",
                   help="an API (essentials, ...) or emulator for the control API")
    o.add_argument("--out", metavar="FILE", help="write it to FILE instead of stdout")
    o.add_argument("--root", action="store_true",
                   help="document the API mounted at the root, as `serve --api NAME` serves it")
    o.set_defaults(func=_openapi, api=None, apis=None)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        _check_apis(args)
        return args.func(args)
    except (UsageError, ValueError) as exc:
        print(f"saas-emulator: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # the reader went away (`saas-emulator routes | head`): not an error; point stdout at
        # /dev/null so the interpreter's final flush does not raise again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    raise SystemExit(main())
