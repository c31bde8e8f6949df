"""A plain install is a working emulator: the wheel carries the fixtures and the APIs' data files.

Builds the wheel as `pip install .` does, installs it into a clean virtual environment (its
dependencies from the package index, or pip's cache), and runs the installed `saas-emulator` from
a folder outside the repository: `credentials` lists every API's fixture tenants, and `serve`
answers with them.
"""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from .support import ROOT, free_port

# one worker builds and installs the wheel once for both tests
pytestmark = [pytest.mark.no_emulator, pytest.mark.xdist_group("wheel")]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*pip, "wheel", "--no-deps", "-w", str(work / "dist"), str(ROOT)], check=True, timeout=600)
    [wheel] = (work / "dist").glob("saas_emulator-*.whl")
    subprocess.run([sys.executable, "-m", "venv", str(work / "venv")], check=True, timeout=300)
    venv_pip = [str(work / "venv" / "bin" / "python"), "-m", "pip", "--disable-pip-version-check", "-q"]
    subprocess.run([*venv_pip, "install", str(wheel)], check=True, timeout=900)
    return work


def test_the_installed_cli_lists_the_fixture_credentials(installed: Path) -> None:
    done = subprocess.run([str(installed / "venv" / "bin" / "saas-emulator"), "credentials"], cwd=installed,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    listing = json.loads(done.stdout)
    for api in ("essentials", "basicops", "zeyos"):
        assert listing[api]["tenants"], api
        assert all(t["users"] for t in listing[api]["tenants"]), api
    tokens = {u.get("token") for t in listing["essentials"]["tenants"] for u in t["users"]}
    assert "essentials-admin-token" in tokens


def test_the_installed_server_answers_with_its_fixtures(installed: Path) -> None:
    port = free_port()
    proc = subprocess.Popen([str(installed / "venv" / "bin" / "saas-emulator"), "serve", "--port", str(port)],
                            cwd=installed, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            try:
                requests.get(url + "/_emulator/health", timeout=30)  # its first request adds every API
                break
            except requests.ConnectionError:
                assert time.monotonic() < deadline, "the installed server did not start"
                time.sleep(0.1)
        resp = requests.get(url + "/essentials/api/v1/integration/essentials/todos",
                            headers={"Authorization": "Bearer essentials-admin-token"}, timeout=30)
        assert resp.status_code == 200 and resp.json()["meta"]["total"] == 3
        resp = requests.post(url + "/demo/auth/v1/login", data={"name": "admin", "password": "admin"}, timeout=30)
        assert resp.status_code in (200, 401)  # the ZeyOS instance exists (its fixture was shipped)
        assert requests.get(url + "/_emulator/health", timeout=30).json()["apis"]["zeyos"]["tenants"]
    finally:
        proc.terminate()
        proc.wait(30)
