"""Instructions per request and at start-up, counted by valgrind (cachegrind): deterministic to
about 1%, where timings on a shared 2-core machine move by 20-40% between runs.

    .venv/bin/python bench/instructions.py            # GET by id of each target, then start-up
    .venv/bin/python bench/instructions.py --requests 300

Per request (the garbage collector's existing objects frozen first, so that a full collection of
the built app does not land in one run and not the other): (instructions of a process that makes N in-process GET-by-id calls - those of one that
makes none) / N, for bare Flask, the emulator with Essentials' handler answering a constant (the
core's part) and each API's bench request (bench/peers.py's paths and credentials).  Start-up:
instructions of a process that imports flask + granian, then + marshmallow + tinydb, then + the
core, then + the APIs, then builds the app; last, what `serve` does before its first answer (the
app built lazily, Essentials added by the first GET by id).  Needs valgrind (Debian: apt-get install valgrind).
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import sys
sys.path.insert(0, {bench!r}); sys.path.insert(0, {root!r})
import peers
which, n = sys.argv[1], int(sys.argv[2])
detail, page, created, app = peers.emulator_bodies()
bare = peers.bare_app({{"detail": detail, "list": page, "created": created}})
if which == "core":
    body = {{"data": detail}}
    app.view_functions[peers.GET_ENDPOINT] = lambda item_id: body
target = {{"bare": (bare, "/todos/1", {{}}), "core": (app, peers.BASE + "/todos/1", peers.AUTH),
          "essentials": (app, peers.BASE + "/todos/1", peers.AUTH),
          "basicops": (app, peers.BO_PATHS["get"], peers.BO_AUTH),
          "proworkflow": (app, peers.PWF_PATHS["get"], peers.PWF_AUTH)}}[which]
peers._call_loop(target[0], "GET", target[1], target[2], b"", 50)
import gc
gc.collect()
gc.freeze()  # a full collection over the built app would land in some runs and not others
if n:
    peers._call_loop(target[0], "GET", target[1], target[2], b"", n)
"""
# `import emulator` first, as `python -m emulator serve` does: it imports marshmallow with its e-mail
# patterns deferred (emulator/_imports.py)
STARTS = [("flask + granian", "import flask, granian"),
          ("+ marshmallow + tinydb", "import flask, granian, emulator, marshmallow, tinydb"),
          ("+ the core", "import flask, granian, emulator, tinydb, emulator.core.app, emulator.core.admin"),
          ("+ the APIs", "import flask, granian, emulator, tinydb, emulator.core.admin\n"
                         "from emulator.apis import load_specs; load_specs(None)"),
          ("+ create_app", "import flask, granian, emulator, tinydb\n"
                           "from emulator.core.app import create_app; create_app()"),
          # what `serve` does before its first answer: every API lazy, Essentials added by its GET
          ("serve: lazy + 1st GET", "import flask, granian, emulator, tinydb, io\n"
                                    "from emulator.core.app import create_app; app = create_app(lazy=True)\n"
                                    "env = {'REQUEST_METHOD': 'GET', 'PATH_INFO': "
                                    "'/essentials/api/v1/integration/essentials/todos/1', 'QUERY_STRING': '', "
                                    "'SERVER_NAME': 'h', 'SERVER_PORT': '80', 'SERVER_PROTOCOL': 'HTTP/1.1', "
                                    "'wsgi.url_scheme': 'http', 'wsgi.input': io.BytesIO(), "
                                    "'HTTP_AUTHORIZATION': 'Bearer essentials-admin-token'}\n"
                                    "sent = []; b''.join(app(env, lambda s, h, e=None: sent.append(s)))\n"
                                    "assert sent[0].startswith('200'), sent")]


def count(args: list[str]) -> int:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}  # as bench/peers.py
    out = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                          sys.executable, *args], capture_output=True, text=True, cwd=ROOT, env=env)
    found = re.search(r"I\s+refs:\s+([\d,]+)", out.stderr)
    if found is None:
        raise SystemExit(f"valgrind gave no count for {args}:\n{out.stderr[-2000:]}")
    return int(found.group(1).replace(",", ""))


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--requests", type=int, default=1000)
    args = p.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing to count", file=sys.stderr)
        return 1
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "emulator")], check=True)
    code = CHILD.format(bench=str(ROOT / "bench"), root=str(ROOT))
    print("GET by id, k instructions per request (in-process)")
    for which in ("bare", "core", "basicops", "essentials", "proworkflow"):
        per = (count(["-c", code, which, str(args.requests)]) - count(["-c", code, which, "0"])) / args.requests
        print(f"  {which:12} {per / 1000:8.1f}")
    print("start-up, M instructions (cumulative)")
    for label, stmt in STARTS:
        print(f"  {label:24} {count(['-c', stmt]) / 1e6:8.0f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
