"""`saas-emulator serve` as a process: it starts, answers, and stops cleanly on SIGINT and SIGTERM.

Each test starts `python -m emulator serve` on a free loopback port, in its own process group so
that whatever is left (granian's worker process) can be killed whole.  Persistence across stops
is tested in test_persistence.py.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SERVERS = ("granian", "waitress", "werkzeug")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str, headers: dict | None = None) -> tuple[int, str, bytes]:
    req = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=5) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


def listening(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(1)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class Serve:
    def __init__(self, *argv: str, port: int | None = None, wait: bool = True) -> None:
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.out = tempfile.TemporaryFile(mode="w+")  # not a pipe: nobody reads it while it serves
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "emulator", "serve", "--port", str(self.port), *argv], cwd=ROOT,
            stdout=self.out, stderr=subprocess.STDOUT, text=True, start_new_session=True)
        self.ready_after = self.wait_ready() if wait else None

    def wait_ready(self, timeout: float = 10) -> float:
        while time.monotonic() - self.started < timeout:
            if self.proc.poll() is not None:
                raise AssertionError(f"serve exited with {self.proc.returncode}: {self.output()}")
            try:
                status, kind, _ = get(self.url + "/_emulator/health")
                if status == 200:
                    return time.monotonic() - self.started
            except OSError:
                time.sleep(0.02)
        raise AssertionError(f"no answer within {timeout} s: {self.output()}")

    def output(self) -> str:
        self.out.seek(0)
        return self.out.read()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 5) -> int:
        self.proc.send_signal(sig)
        return self.proc.wait(timeout)

    def cleanup(self) -> None:
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        self.proc.wait(5)
        self.out.close()


@pytest.fixture
def served():
    started: list[Serve] = []

    def start(*argv: str, **kw) -> Serve:
        s = Serve(*argv, **kw)
        started.append(s)
        return s

    yield start
    for s in started:
        s.cleanup()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
@pytest.mark.parametrize("server", SERVERS)
def test_serve_answers_and_a_signal_stops_it_with_status_0(served, server: str, sig: int) -> None:
    emu = served("--server", server)
    status, kind, body = get(emu.url + "/_emulator/health")
    assert status == 200 and kind.startswith("application/json")
    assert b'"status"' in body
    assert f"({server}," in emu.output()
    assert emu.stop(sig) == 0, emu.output()
    assert "Traceback" not in emu.output()
    # the port is free: nothing (no orphaned worker) answers there any more
    assert not listening(emu.port)
    with socket.socket() as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", emu.port))


def test_the_default_server_is_granian(served) -> None:
    emu = served()
    assert "(granian," in emu.output()


def test_one_api_mounted_at_the_root(served) -> None:
    emu = served("--api", "essentials")
    status, kind, _ = get(emu.url + "/_emulator/health")
    assert status == 200 and kind.startswith("application/json")
    assert f"essentials   {emu.url}/api" in emu.output()
    status, _, body = get(emu.url + "/api/v1/integration/essentials/dashboard",
                          {"Authorization": "Bearer essentials-admin-token"})
    if status == 500:
        pytest.skip("the Essentials dashboard is not built yet")
    assert status == 200, body
    assert get(emu.url + "/essentials/api/v1/integration/essentials/dashboard",
               {"Authorization": "Bearer essentials-admin-token"})[0] == 404
    assert emu.stop() == 0


def test_a_busy_port_is_refused_and_the_first_server_keeps_it(served) -> None:
    # granian binds with SO_REUSEPORT: without the check a second server would share the port
    first = served()
    second = served("--server", "granian", port=first.port, wait=False)
    assert second.proc.wait(10) == 1
    assert "Address already in use" in second.output()
    assert get(first.url + "/_emulator/health")[0] == 200
    assert first.stop() == 0


def test_kill_9_of_the_main_process_takes_the_granian_worker_with_it(served) -> None:
    emu = served("--server", "granian")
    emu.proc.send_signal(signal.SIGKILL)  # the main process only, not its group
    emu.proc.wait(5)
    deadline = time.monotonic() + 5
    while listening(emu.port) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not listening(emu.port), "granian's worker outlived its main process"


@pytest.mark.parametrize("argv, words", [
    (("--api", "nosuch"), "unknown api 'nosuch'"),
    (("--port", "70000"), "not a TCP port"),
    (("--threads", "0"), "not a positive number"),
])
def test_a_bad_option_exits_2_with_one_line(argv, words) -> None:
    done = subprocess.run([sys.executable, "-m", "emulator", "serve", *argv], cwd=ROOT, capture_output=True,
                          text=True, timeout=20)
    assert done.returncode == 2
    assert words in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert done.stdout == ""
