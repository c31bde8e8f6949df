"""What bench/servers.py and bench/peers.py share: server processes, wrk, rounds, the machine.

- `Proc`: one server in its own session (so it and every child it forks, e.g. granian's worker,
  can be found and stopped together), stderr to a file, start-up timed from just before the fork
  to its first successful answer, RSS and PSS summed over the whole session.
- `wrk()`: one wrk run, parsed (req/s, p50/p99 ms, non-2xx, socket errors); POST through a Lua
  script made by `wrk_script()`.
- `rounds()`: the order of runs in each round, rotated and reversed every other round so that no
  target always runs first or right after the same other one.
- `machine()`: nproc, CPU model, kernel, Python, package and wrk versions for the report.

Only 127.0.0.1 is ever contacted.
"""
from __future__ import annotations

import http.client
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Sequence
from importlib import metadata
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def get(port: int, path: str, headers: dict[str, str] | None = None, timeout: float = 2,
        method: str = "GET", body: bytes | None = None) -> tuple[int, bytes]:
    """One request to 127.0.0.1:port on a fresh connection: (status, body)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        hdrs = dict(headers or {})
        if body is not None:
            hdrs.setdefault("Content-Type", "application/json")
        conn.request(method, path, body=body, headers=hdrs)
        resp = conn.getresponse()
        return resp.status, resp.read()
    finally:
        conn.close()


class Proc:
    """One server process (and whatever it forks), on 127.0.0.1:port."""

    def __init__(self, name: str, cmd: Sequence[str], port: int, cwd: str | os.PathLike | None = None,
                 env: dict[str, str] | None = None) -> None:
        self.name = name
        self.cmd = list(cmd)
        self.port = port
        self.cwd = cwd or ROOT
        # Python as a user runs it: with its bytecode cache.  PYTHONDONTWRITEBYTECODE (set on some
        # CI and sandbox machines) would make every start compile the sources again, which a
        # user's second start never does; the first start here writes the cache.
        base = dict(os.environ if env is None else env)
        base.pop("PYTHONDONTWRITEBYTECODE", None)
        self.env = base
        self.proc: subprocess.Popen | None = None
        self.started_at = 0.0
        # a file, not a pipe: a server that logs under load (waitress's queue-depth warnings)
        # would block once a pipe nobody reads is full
        self.log = tempfile.TemporaryFile()

    def start(self) -> Proc:
        self.started_at = time.perf_counter()
        # own session: its id is the leader's pid, which finds and stops its children too
        self.proc = subprocess.Popen(self.cmd, cwd=self.cwd, env=self.env, stdout=subprocess.DEVNULL,
                                     stderr=self.log, stdin=subprocess.DEVNULL, start_new_session=True)
        return self

    def stderr(self) -> str:
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def wait_ready(self, path: str, headers: dict[str, str] | None = None, timeout: float = 30,
                   poll: float = 0.005) -> float:
        """Seconds from the fork to the first 2xx answer on `path`."""
        assert self.proc is not None
        while time.perf_counter() - self.started_at < timeout:
            if self.proc.poll() is not None:
                raise RuntimeError(f"{self.name} exited ({self.proc.returncode}): {self.stderr()[-800:]}")
            try:
                status, _ = get(self.port, path, headers)
                if 200 <= status < 300:
                    return time.perf_counter() - self.started_at
            except OSError:
                pass
            time.sleep(poll)
        raise RuntimeError(f"{self.name} did not answer {path} within {timeout} s: {self.stderr()[-800:]}")

    def pids(self) -> list[int]:
        """Every live process of this server's session (the leader first)."""
        if self.proc is None:
            return []
        sid = self.proc.pid
        found = []
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            fields = stat[stat.rindex(")") + 2:].split()  # after "pid (comm) "
            if int(fields[3]) == sid and fields[0] != "Z":  # session id, not a zombie
                found.append(int(entry))
        return sorted(found, key=lambda p: p != sid)

    def memory_mb(self) -> dict[str, Any]:
        """VmRSS summed over the session's processes, PSS (shared pages split between them), and
        each process's own numbers (RssAnon: its heap; RssFile: mapped files such as libraries)."""
        total = {"rss": 0.0, "pss": 0.0, "processes": 0, "each": []}
        for pid in self.pids():
            try:
                status = Path(f"/proc/{pid}/status").read_text()
                rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
            except OSError:
                continue
            one = {"pid": pid, "rss": _kb_field(status, "VmRSS") / 1024, "pss": _kb_field(rollup, "Pss") / 1024,
                   "anon": _kb_field(status, "RssAnon") / 1024, "file": _kb_field(status, "RssFile") / 1024}
            total["rss"] += one["rss"]
            total["pss"] += one["pss"]
            total["processes"] += 1
            total["each"].append(one)
        return total

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                pass
        # whatever is left of the session (a worker that outlived its parent, the leader itself)
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            pass


def _kb_field(text: str, name: str) -> int:
    found = re.search(rf"^{name}:\s+(\d+) kB", text, re.M)
    return int(found.group(1)) if found else 0


# -- the load -------------------------------------------------------------------------------------
_UNIT = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3}


def _ms(text: str) -> float:
    num, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(num) * _UNIT[unit]


def wrk_script(method: str, body: Any, directory: str | os.PathLike) -> str:
    """A wrk Lua script sending `body` as JSON with `method`; returns its path."""
    path = Path(directory) / f"wrk-{method.lower()}.lua"
    path.write_text(f'wrk.method = "{method}"\n'
                    f"wrk.body = {json.dumps(json.dumps(body))}\n"
                    'wrk.headers["Content-Type"] = "application/json"\n')
    return str(path)


def wrk(url: str, seconds: float, threads: int, connections: int, headers: dict[str, str] | None = None,
        script: str | None = None, label: str = "") -> dict:
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
           "--timeout", "5s"]
    for key, value in (headers or {}).items():
        cmd += ["-H", f"{key}: {value}"]
    if script:
        cmd += ["-s", script]
    out = subprocess.run(cmd + [url], capture_output=True, text=True, timeout=seconds + 30).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    if not (rps and p50 and p99):
        raise RuntimeError(f"cannot read wrk's output for {label or url}:\n{out}")
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: (.*)", out)
    total = re.search(r"(\d+) requests in", out)
    return {"rps": float(rps.group(1)), "p50": _ms(p50.group(1)), "p99": _ms(p99.group(1)),
            "requests": int(total.group(1)) if total else 0,
            "non2xx": int(bad.group(1)) if bad else 0, "socket_errors": errors.group(1) if errors else ""}


def ensure_wrk() -> str | None:
    """None when wrk is there (installing it from Debian's packages when root), else why not."""
    if shutil.which("wrk"):
        return None
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return "wrk is not installed (Debian: apt-get install wrk) and this is not root"
    print("installing wrk: apt-get install -y wrk", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    for cmd in (["apt-get", "install", "-y", "-q", "wrk"], ["apt-get", "update", "-q"],
                ["apt-get", "install", "-y", "-q", "wrk"]):
        try:
            subprocess.run(cmd, env=env, capture_output=True, timeout=240)
        except (OSError, subprocess.TimeoutExpired):
            break
        if shutil.which("wrk"):
            return None
    return "wrk is not installed and `apt-get install -y wrk` failed"


def rounds(items: Sequence[T], count: int) -> list[list[T]]:
    """The order of each round: rotate by the round number, and reverse every other round."""
    out = []
    items = list(items)
    for rnd in range(count):
        k = rnd % len(items) if items else 0
        order = items[k:] + items[:k]
        if rnd % 2:
            order.reverse()
        out.append(order)
    return out


# -- the report -----------------------------------------------------------------------------------
def cpu_model() -> str:
    try:
        return next(line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo")
                    if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


def versions(packages: Sequence[str]) -> str:
    out = []
    for pkg in packages:
        try:
            out.append(f"{pkg} {metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            pass
    return ", ".join(out)


def wrk_version() -> str:
    if not shutil.which("wrk"):
        return "no wrk"
    out = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    return out.split("\n")[0].split(" [")[0]


def machine(packages: Sequence[str] = ("granian", "waitress", "werkzeug", "flask"),
            extra: Sequence[str] = ()) -> str:
    parts = [f"nproc {os.cpu_count()} ({cpu_model()}), {platform.system()} {platform.release()}, "
             f"Python {platform.python_version()}", versions(packages), *extra, wrk_version()]
    return "; ".join(p for p in parts if p)
