"""`make bench`, ZeyOS rows: big instances, list queries and GET by ID, on loopback.

    .venv/bin/python bench/zeyos.py            # ~1 minute; prints the table, writes bench/zeyos.md
    .venv/bin/python bench/zeyos.py --quick    # a smoke run, writes nothing

One server (`python -m emulator serve --api zeyos`, serve's defaults otherwise) over a fixtures
folder made for the run: the demo instance plus 100,000 accounts (joined to 1,000 contacts) as
`demo`, and the demo instance plus 1,000 accounts as `small`.  Measured:
- start to the first answer (fork to the first 2xx GET by ID), and RSS/PSS once loaded;
- the seed's kind of list query over the 100,000 accounts: a three-condition filter with one OR
  group and one join (`contact.country`), 100 rows sorted by lastname; median latency of
  sequential requests on one kept-alive connection (budget: 250 ms);
- GET by ID at 100,000 rows and at 1,000 rows, the same way (budget: within 20 %).
Only 127.0.0.1 is contacted; the server is stopped before the script ends, on error too.
"""
from __future__ import annotations

import argparse
import http.client
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from harness import HOST, Proc, free_port  # noqa: E402

FIXTURES = ROOT / "fixtures" / "zeyos"
TOKEN = "9123bb25b12e853afa89d05fd77da55a2b02250a"  # demo's admin (fixtures/zeyos/demo.json)
BIG, SMALL = 100_000, 1_000
CONTACTS = 1_000  # the join's other side
LIST_BUDGET_MS = 250.0
GET_RATIO_BUDGET = 1.20
COUNTRIES = ("DE", "AT", "GB", "US", "FR", "CH")
T0 = 1_700_000_000


def instance(rows: int, name: str) -> dict:
    """The demo instance plus `rows` accounts, each with a contact among CONTACTS more."""
    doc = json.loads((FIXTURES / "demo.json").read_text())
    doc["settings"]["instance"] = name
    rnd = random.Random(rows)
    accounts, contacts = doc["tables"]["accounts"], doc["tables"]["contacts"]
    template_a, template_c = accounts[1], contacts[1]
    first_a, first_c = max(r["ID"] for r in accounts) + 1, max(r["ID"] for r in contacts) + 1
    for i in range(CONTACTS):
        contacts.append({**template_c, "ID": first_c + i, "lastname": f"Contact {first_c + i}",
                         "country": rnd.choice(COUNTRIES), "lastmodified": T0 + rnd.randint(0, 10**7),
                         "extdata": {}, "tags": []})
    for i in range(rows):
        cid = first_c + rnd.randrange(CONTACTS)
        accounts.append({**template_a, "ID": first_a + i, "lastname": f"Account {rnd.randint(0, 10**9):09d}",
                         "contact": cid, "visibility": rnd.choice((0, 0, 0, 1, 2)),
                         "lastmodified": T0 + rnd.randint(0, 10**7), "extdata": {}, "tags": []})
    if name != "demo":  # tokens are unique across instances: the small one's are reversed
        for cred in doc["credentials"]:
            cred["value"] = cred["value"][::-1] if cred["kind"] == "token" else cred["value"] + "x"
    return doc


def timed(conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None, n: int) -> list[float]:
    headers = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"}
    out = []
    for _ in range(n):
        start = time.perf_counter()
        conn.request(method, path, body=body, headers=headers)
        resp = conn.getresponse()
        resp.read()
        out.append((time.perf_counter() - start) * 1000)
        if resp.status != 200:
            raise RuntimeError(f"{method} {path}: {resp.status}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    big = 10_000 if args.quick else BIG
    work = Path(tempfile.mkdtemp(prefix="zeyos-bench-"))
    proc = None
    try:
        (work / "zeyos").mkdir()
        (work / "zeyos" / "demo.json").write_text(json.dumps(instance(big, "demo")))
        (work / "zeyos" / "small.json").write_text(json.dumps(instance(SMALL, "small")))
        port = free_port()
        proc = Proc("zeyos", [sys.executable, "-m", "emulator", "serve", "--api", "zeyos", "--fixtures", str(work),
                              "--host", HOST, "--port", str(port)], port).start()
        startup = proc.wait_ready("/demo/api/v1/accounts/1", {"Authorization": f"Bearer {TOKEN}"}, timeout=120)
        memory = proc.memory_mb()
        conn = http.client.HTTPConnection(HOST, port, timeout=30)
        query = json.dumps({
            "fields": {"ID": "ID", "name": "lastname", "country": "contact.country"},
            "filters": {"visibility": 0, "contact.country": {"IN": ["DE", "AT", "GB"]},
                        "2": ["OR", {"lastmodified": {">": T0 + 9_900_000}},
                              {"contact.lastmodified": {">": T0 + 9_900_000}}]},
            "sort": ["+lastname"], "limit": 100}).encode()
        n = 5 if args.quick else 21
        timed(conn, "POST", "/demo/api/v1/accounts", query, 2)
        list_ms = statistics.median(timed(conn, "POST", "/demo/api/v1/accounts", query, n))
        gets = 200 if args.quick else 2000
        ids_big = [f"/demo/api/v1/accounts/{i}" for i in (5, big // 2, big)]
        def get_medians() -> tuple[float, float]:
            """GET by ID at both sizes, interleaved request by request so that drift in the
            machine's load falls on both alike."""
            heads = ({"Authorization": f"Bearer {TOKEN}"}, {"Authorization": f"Bearer {TOKEN[::-1]}"})
            paths = (ids_big, ids_small)
            samples: tuple[list[float], list[float]] = ([], [])
            for k in range(gets):
                for side in (0, 1):
                    path = paths[side][k % len(paths[side])]
                    start = time.perf_counter()
                    conn.request("GET", path, headers=heads[side])
                    resp = conn.getresponse()
                    resp.read()
                    samples[side].append((time.perf_counter() - start) * 1000)
                    if resp.status != 200:
                        raise RuntimeError(f"GET {path}: {resp.status}")
            return statistics.median(samples[0]), statistics.median(samples[1])

        ids_small = [f"/small/api/v1/accounts/{i}" for i in (5, SMALL // 2, SMALL)]
        get_medians()
        get_big, get_small = get_medians()
        conn.close()
        rows = [
            ("start to first answer", f"{startup * 1000:.0f} ms",
             f"{big:,} + {SMALL:,} accounts, {2 * CONTACTS:,} contacts"),
            ("RSS / PSS loaded", f"{memory['rss']:.0f} MB / {memory['pss']:.0f} MB", ""),
            ("list query (3 conditions, OR group, join)", f"{list_ms:.1f} ms",
             f"median of {n}; budget {LIST_BUDGET_MS:.0f} ms"),
            (f"GET by ID at {big:,} rows", f"{get_big:.2f} ms", f"median of {gets}"),
            (f"GET by ID at {SMALL:,} rows", f"{get_small:.2f} ms", f"ratio {get_big / get_small:.2f}; "
                                                                   f"budget {GET_RATIO_BUDGET:.2f}"),
        ]
        width = max(len(r[0]) for r in rows)
        text = "\n".join(f"| {a:<{width}} | {b} | {c} |" for a, b, c in rows)
        print(text)
        ok = list_ms <= LIST_BUDGET_MS and get_big / get_small <= GET_RATIO_BUDGET
        if not args.quick:
            (ROOT / "bench" / "zeyos.md").write_text(
                "# ZeyOS benchmark (bench/zeyos.py)\n\n| measure | value | note |\n|---|---|---|\n" + text + "\n")
        print("within budget" if ok else "OVER BUDGET")
        return 0
    finally:
        if proc is not None:
            proc.stop()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
