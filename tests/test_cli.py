"""The command line, as a user runs it: `python -m emulator serve|routes ...`."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from emulator import __version__, cli
from emulator.apis import KNOWN, available

from .support import ADMIN, ESSENTIALS, ROOT, Served, bearer

ENDPOINTS = json.loads((ROOT.parent / "shared" / "endpoints.json").read_text()) \
    if (ROOT.parent / "shared" / "endpoints.json").exists() else None


def run(*argv: str, timeout: float = 60) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "emulator", *argv], cwd=ROOT, capture_output=True, text=True,
                          timeout=timeout)


def routed(output: str) -> set[tuple[str, str]]:
    """(method, path with every parameter written {}) for each line `routes` prints."""
    pairs = set()
    for line in output.splitlines():
        methods, rule = line.split()[:2]
        for method in methods.split(","):
            pairs.add((method, re.sub(r"<[^>]+>", "{}", rule.strip())))
    return pairs


def documented(prefix: str) -> set[tuple[str, str]]:
    if ENDPOINTS is None:
        pytest.skip("../shared/endpoints.json is not there")
    return {(r["method"], prefix + re.sub(r"\{[^}]+\}", "{}", r["path"]))
            for r in ENDPOINTS if r["api"] == "essentials"}


def test_version() -> None:
    done = run("--version")
    assert done.returncode == 0 and done.stdout.strip() == __version__


def test_routes_lists_every_documented_route_and_the_control_api() -> None:
    done = run("routes")
    assert done.returncode == 0, done.stderr
    pairs = routed(done.stdout)
    assert documented("/essentials") <= pairs
    assert {("GET", "/_emulator/health"), ("POST", "/_emulator/reset"), ("GET", "/_emulator/journal"),
            ("DELETE", "/_emulator/journal"), ("POST", "/_emulator/tenants")} <= pairs


def test_routes_into_a_pipe_that_closes_early_is_not_an_error() -> None:
    """`saas-emulator routes | head`: no BrokenPipeError traceback."""
    done = subprocess.run(f"{sys.executable} -m emulator routes | head -3", shell=True, cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert len(done.stdout.splitlines()) == 3
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


@pytest.mark.parametrize("command", ["serve", "routes", "credentials"])
def test_host_and_port_say_what_they_do_and_their_defaults(command: str) -> None:
    done = run(command, "--help")
    text = " ".join(done.stdout.split())
    assert "--host HOST address to listen on (default: 127.0.0.1" in text
    assert "--port PORT TCP port (default: 8080" in text


def test_routes_with_one_api_at_the_root() -> None:
    done = run("routes", "--api", "essentials")
    assert done.returncode == 0, done.stderr
    pairs = routed(done.stdout)
    assert documented("") <= pairs
    assert not any(path.startswith("/essentials/") for _, path in pairs)


@pytest.mark.parametrize("argv, words", [
    (("serve", "--api", "nosuch"), "unknown api 'nosuch'"),
    (("routes", "--api", "nosuch"), "unknown api 'nosuch'"),
    (("serve", "--apis", "essentials", "nosuch"), "unknown api 'nosuch'"),
    (("serve", "--port", "eighty"), "invalid int value"),
    (("serve", "--server", "gunicorn"), "invalid choice"),
    (("nosuchcommand",), "invalid choice"),
])
def test_bad_arguments_exit_2_with_a_message(argv, words) -> None:
    done = run(*argv, timeout=20)
    assert done.returncode == 2
    assert words in done.stderr
    assert "Traceback" not in done.stderr


def test_an_api_that_is_not_built_yet_exits_2_with_a_message() -> None:
    not_built = [name for name in KNOWN if name not in available()]
    if not not_built:
        pytest.skip("every API is built")
    done = run("serve", "--api", not_built[0], timeout=20)
    assert done.returncode == 2
    assert f"'{not_built[0]}' is not built yet" in done.stderr and "Traceback" not in done.stderr


def test_one_api_at_the_root(http: requests.Session) -> None:
    served = Served("--api", "essentials")
    try:
        root = http.get(served.url + "/api/v1/integration/essentials/dashboard", headers=bearer(ADMIN), timeout=30)
        assert root.status_code == 200 and root.json()["meta"]["business_id"] == 1
        prefixed = http.get(served.url + ESSENTIALS + "/dashboard", headers=bearer(ADMIN), timeout=30)
        assert prefixed.status_code == 404 and prefixed.headers["Content-Type"] == "application/json"
        creds = http.get(served.url + "/_emulator/credentials", timeout=30).json()
        assert creds["essentials"]["base_url"] == served.url + "/api"
        health = http.get(served.url + "/_emulator/health", timeout=30).json()
        assert health["apis"]["essentials"]["mount"] == "/"
        assert http.get(served.url + "/_emulator/nope", timeout=30).json()["status"] == 404
    finally:
        served.stop()


def fake_state(tmp_path: Path, *argv: str) -> dict:
    """The store a `serve --fake ... --seed ...` starts with, read from its data dir."""
    data = tmp_path / f"data-{len(list(tmp_path.iterdir()))}"
    served = Served("--data-dir", str(data), "--server", "waitress", *argv)
    served.stop()
    return json.loads((data / "snapshot.json").read_text())


@pytest.mark.parametrize("argv, pending", [([], set(KNOWN)), (["--fake", "2", "--seed", "1"], set())])
def test_serve_adds_each_api_on_its_first_request_unless_asked_for_fake_records(
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture, argv: list[str], pending: set) -> None:
    """Bulk records are made before the server listens: a client's first request never waits for them."""
    served = []
    monkeypatch.setattr(cli, "serve_app", lambda app, *args, **kw: served.append(app))
    assert cli.main(["serve", "--port", "0", "--server", "waitress", *argv]) == 0
    emu = served[0].extensions["emulator"]
    assert set(emu.pending) == pending & set(available())
    assert set(emu.specs) == set(available()) - pending
    banner = capsys.readouterr().out
    assert all(name in banner for name in available())  # the banner names every API
    if not pending:
        todos = served[0].test_client().get(ESSENTIALS + "/todos", headers=bearer(ADMIN)).get_json()
        assert todos["meta"]["total"] == 3 + 2  # the fixture's three and two made


def test_fake_records_are_deterministic_per_seed(tmp_path: Path) -> None:
    plain = fake_state(tmp_path)
    first = fake_state(tmp_path, "--fake", "5", "--seed", "7")
    second = fake_state(tmp_path, "--fake", "5", "--seed", "7")
    other = fake_state(tmp_path, "--fake", "5", "--seed", "8")
    todos = {name: state["essentials/1"]["tables"]["todos"] for name, state in
             {"plain": plain, "first": first, "second": second, "other": other}.items()}
    if len(todos["first"]) == len(todos["plain"]):
        pytest.skip("the Essentials bulk generator adds no todos yet")
    assert len(todos["first"]) == len(todos["plain"]) + 5
    assert first == second
    assert todos["first"] != todos["other"] and len(todos["other"]) == len(todos["first"])
    # fixture records stay as they are; only new ids are added
    for doc_id, rec in todos["plain"].items():
        assert todos["first"][doc_id] == rec
