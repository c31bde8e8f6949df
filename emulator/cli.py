"""The command line: `saas-emulator serve`, `routes`, `credentials`."""
from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from typing import Any

from . import __version__

SERVERS = ("granian", "waitress", "werkzeug")
OPTIONS_ENV = "SAAS_EMULATOR_OPTIONS"


def _app_options(args: argparse.Namespace) -> dict[str, Any]:
    return {
        "apis": args.apis or None,
        "root_api": args.api,
        "data_dir": args.data_dir,
        "fixtures_dir": args.fixtures,
        "fake": args.fake,
        "seed": args.seed,
        "journal_size": args.journal_size,
    }


def _build(options: dict[str, Any]) -> Any:
    from .core.app import create_app

    opts = dict(options)
    if opts.get("root_api") and not opts.get("apis"):
        opts["apis"] = [opts["root_api"]]
    return create_app(**opts)


def granian_app() -> Any:
    """Factory granian's worker calls: the options travel in an environment variable."""
    import multiprocessing.util

    app = _build(json.loads(os.environ[OPTIONS_ENV]))
    # fold the disk log when the worker ends cleanly (a crash loses nothing: the log is flushed)
    multiprocessing.util.Finalize(None, app.extensions["emulator"].close, exitpriority=10)
    return app


def _serve(args: argparse.Namespace) -> int:
    options = _app_options(args)
    server = args.server
    if server == "granian":
        try:
            from granian import Granian
            from granian.constants import Interfaces
        except ImportError:
            server = "waitress"
    if server == "granian":
        os.environ[OPTIONS_ENV] = json.dumps(options)
        _build(options).extensions["emulator"].close()  # fail fast on bad options, fold old logs
        print(f"saas-emulator {__version__} on http://{args.host}:{args.port} (granian)", flush=True)
        Granian("emulator.cli:granian_app", address=args.host, port=args.port, interface=Interfaces.WSGI,
                workers=1, blocking_threads=args.threads, factory=True, log_level="warning").serve()
        return 0

    app = _build(options)
    emu = app.extensions["emulator"]

    def stop(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    print(f"saas-emulator {__version__} on http://{args.host}:{args.port} ({server})", flush=True)
    try:
        if server == "waitress":
            from waitress import serve

            serve(app, host=args.host, port=args.port, threads=args.threads, ident="saas-emulator",
                  _quiet=True)
        else:
            from werkzeug.serving import make_server

            make_server(args.host, args.port, app, threaded=True).serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        emu.close()
    return 0


def _routes(args: argparse.Namespace) -> int:
    app = _build(_app_options(args))
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = ",".join(sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}))
        print(f"{methods:24} {rule.rule}")
    return 0


def _credentials(args: argparse.Namespace) -> int:
    app = _build(_app_options(args))
    resp = app.test_client().get("/_emulator/credentials", base_url=f"http://{args.host}:{args.port}/")
    print(json.dumps(resp.get_json(), indent=2))
    return 0


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="saas-emulator", description=__doc__)
    p.add_argument("--version", action="version", version=__version__)
    sub = p.add_subparsers(dest="command", required=True)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--host", default="127.0.0.1")
        sp.add_argument("--port", type=int, default=8080)
        sp.add_argument("--api", help="serve only this API, mounted at the root")
        sp.add_argument("--apis", nargs="*", help="serve only these APIs (under their prefixes)")
        sp.add_argument("--data-dir", help="also keep the state on disk in this directory")
        sp.add_argument("--fixtures", help="fixtures directory (default: the project's fixtures/)")
        sp.add_argument("--fake", type=int, default=0, metavar="N",
                        help="add N faker-generated records per table family and fixture tenant")
        sp.add_argument("--seed", type=int, default=None, help="seed for --fake (deterministic data)")
        sp.add_argument("--journal-size", type=int, default=1000, help="requests kept in the journal")

    s = sub.add_parser("serve", help="serve the emulator")
    common(s)
    s.add_argument("--server", choices=SERVERS, default="granian")
    s.add_argument("--threads", type=int, default=8)
    s.set_defaults(func=_serve)
    r = sub.add_parser("routes", help="list every routed method and path")
    common(r)
    r.set_defaults(func=_routes)
    c = sub.add_parser("credentials", help="print each API's base URL and fixture credentials")
    common(c)
    c.set_defaults(func=_credentials)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except ValueError as exc:
        print(f"saas-emulator: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
