"""What the core's tests share besides fixtures: credentials, HTTP helpers and served processes."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest
import requests

ROOT = Path(__file__).resolve().parents[1]
ESSENTIALS = "/essentials/api/v1/integration/essentials"

# fixture credentials (fixtures/essentials/1.json and 2.json)
ADMIN = "essentials-admin-token"          # business 1 admin
CASHIER = "essentials-cashier-token"      # business 1, a restricted user
BISTRO = "essentials-bistro-owner-token"  # business 2 admin


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", "Accept": "application/json"}


def post_message(http: requests.Session, base: str, token: str, text: str) -> dict[str, Any]:
    """A real write through the Essentials API (POST /messages); skips while that route is not built."""
    resp = http.post(base + "/messages", json={"message": text}, headers=bearer(token), timeout=30)
    if resp.status_code == 404 and "could not be found" in resp.text:
        pytest.skip("POST /messages is not routed yet")
    assert resp.status_code == 201, resp.text
    return resp.json()["data"]


def message_texts(http: requests.Session, base: str, token: str) -> list[str]:
    resp = http.get(base + "/messages", params={"per_page": 100}, headers=bearer(token), timeout=30)
    if resp.status_code == 404 and "could not be found" in resp.text:
        pytest.skip("GET /messages is not routed yet")
    assert resp.status_code == 200, resp.text
    return [m["message"] for m in resp.json()["data"]]


# -- served processes (test_persistence, test_cli) ---------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Served:
    """`python -m emulator serve ...` in its own process group, so a crash test can kill it whole."""

    def __init__(self, *args: str, cwd: Path = ROOT) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.args = [sys.executable, "-m", "emulator", "serve", "--port", str(self.port), *args]
        self._out = tempfile.TemporaryFile(mode="w+")  # a file, not a pipe: a full pipe would block the server
        self.proc = subprocess.Popen(self.args, cwd=cwd, stdout=self._out, stderr=subprocess.STDOUT,
                                     text=True, start_new_session=True)
        self._wait_ready()

    def _wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise AssertionError(f"server exited with {self.proc.returncode}: {self.output()}")
            try:
                # the control API's first request adds every lazily served API: allow it the time
                left = max(deadline - time.monotonic(), 1.0)
                if requests.get(self.url + "/_emulator/health", timeout=left).status_code == 200:
                    return
            except requests.ConnectionError:
                pass
            time.sleep(0.05)
        self.kill()
        raise AssertionError(f"server did not answer within {timeout} s: {self.output()}")

    def output(self) -> str:
        if self._out.closed:
            return ""
        self._out.seek(0)
        return self._out.read()

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 20.0) -> int:
        """Send `sig` to the server process; wait for it (and its workers) to end."""
        self.proc.send_signal(sig)
        try:
            code = self.proc.wait(timeout)
        finally:
            self.kill()  # whatever of the group is left
        return code

    def kill(self) -> None:
        """SIGKILL to the whole process group this object started (a crash of the service)."""
        try:
            os.killpg(self.proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.proc.wait(10)
        self._wait_port_free()
        self._out.close()

    def _wait_port_free(self, timeout: float = 10.0) -> None:
        # an orphaned worker would keep answering on the port; wait for the group to be gone
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return
            except PermissionError:
                return
            time.sleep(0.05)
