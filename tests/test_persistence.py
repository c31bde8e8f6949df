"""`serve --data-dir DIR`: answered writes survive a clean stop and a kill -9, under the default
server and under waitress; snapshot.json is replaced atomically; a torn last log line is ignored."""
from __future__ import annotations

import json
import os
import signal
from pathlib import Path

import pytest
import requests

from emulator import create_app
from emulator.core import persist

from .support import ADMIN, ESSENTIALS, Served, bearer

SERVERS = {"default": (), "waitress": ("--server", "waitress")}


def write_some(url: str) -> dict:
    """A new tenant (folded at once), then a real API write, a settings change and the new tenant's write
    (these three are only in the change log until the next fold)."""
    with requests.Session() as http:
        return _write_some(http, url)


def _write_some(http: requests.Session, url: str) -> dict:
    base = url + ESSENTIALS
    made = http.post(url + "/_emulator/tenants", json={"api": "essentials"}, timeout=30).json()
    token = next(u["token"] for u in made["users"] if u["user_id"] == 1)
    msg = http.post(base + "/messages", json={"message": "kept across restarts"}, headers=bearer(ADMIN),
                    timeout=30)
    assert msg.status_code == 201, msg.text
    settings = http.patch(url + "/_emulator/tenants/essentials/2/settings", json={"name": "Bistro Persisted"},
                          timeout=30)
    assert settings.status_code == 200, settings.text
    made_msg = http.post(base + "/messages", json={"message": "made tenant's"}, headers=bearer(token), timeout=30)
    assert made_msg.status_code == 201, made_msg.text
    return {"message_id": msg.json()["data"]["id"], "tenant": made["tenant"], "token": token}


def check_kept(url: str, wrote: dict) -> None:
    with requests.Session() as http:
        _check_kept(http, url, wrote)


def _check_kept(http: requests.Session, url: str, wrote: dict) -> None:
    base = url + ESSENTIALS
    health = http.get(url + "/_emulator/health", timeout=30).json()
    assert health["persistent"] is True
    assert wrote["tenant"] in health["apis"]["essentials"]["tenants"]

    def texts(token: str) -> list[str]:
        resp = http.get(base + "/messages", params={"per_page": 100}, headers=bearer(token), timeout=30)
        assert resp.status_code == 200, resp.text
        return [m["message"] for m in resp.json()["data"]]

    assert "kept across restarts" in texts(ADMIN)
    assert "made tenant's" in texts(wrote["token"]) and "made tenant's" not in texts(ADMIN)
    settings = http.get(url + "/_emulator/tenants/essentials/2/settings", timeout=30).json()["settings"]
    assert settings["name"] == "Bistro Persisted"
    # ids are not reused after the reload either
    again = http.post(base + "/messages", json={"message": "after restart"}, headers=bearer(ADMIN), timeout=30)
    assert again.status_code == 201 and again.json()["data"]["id"] > wrote["message_id"]


def snapshot_state(data_dir: Path) -> dict:
    return json.loads((data_dir / persist.SNAPSHOT).read_text())


@pytest.mark.parametrize("server", list(SERVERS))
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_clean_stop_keeps_every_write(tmp_path: Path, server: str, sig: int) -> None:
    served = Served("--data-dir", str(tmp_path), *SERVERS[server])
    try:
        wrote = write_some(served.url)
        assert (tmp_path / persist.LOG).stat().st_size > 0  # the write was logged before it was answered
        assert served.stop(sig) == 0
    finally:
        served.kill()
    # a graceful shutdown folds the log into the snapshot and leaves no temp file behind
    assert (tmp_path / persist.LOG).stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [persist.LOG, persist.SNAPSHOT]
    assert snapshot_state(tmp_path)["essentials/2"]["tables"]["_settings"]["1"]["name"] == "Bistro Persisted"

    again = Served("--data-dir", str(tmp_path), *SERVERS[server])
    try:
        check_kept(again.url, wrote)
    finally:
        again.stop()


@pytest.mark.parametrize("server", list(SERVERS))
def test_kill_9_loses_no_answered_write_and_a_torn_last_line_is_ignored(tmp_path: Path, server: str) -> None:
    served = Served("--data-dir", str(tmp_path), *SERVERS[server])
    try:
        wrote = write_some(served.url)
    finally:
        served.kill()  # SIGKILL to the whole process group: no fold, no cleanup
    log = tmp_path / persist.LOG
    assert log.stat().st_size > 0
    assert "kept across restarts" not in (tmp_path / persist.SNAPSHOT).read_text()  # only in the log
    # a crash in the middle of writing the next line
    with log.open("a", encoding="utf-8") as fh:
        fh.write('["essentials/2",["put","_settings",1,{"id":1,"name":"TORN')

    again = Served("--data-dir", str(tmp_path), *SERVERS[server])
    try:
        check_kept(again.url, wrote)
        assert "TORN" not in (tmp_path / persist.SNAPSHOT).read_text()
    finally:
        again.stop()
    assert not list(tmp_path.glob("*.tmp"))


def test_a_fresh_data_dir_starts_from_the_fixtures_and_reset_is_persisted(tmp_path: Path) -> None:
    served = Served("--data-dir", str(tmp_path / "new" / "dir"), "--server", "waitress")
    try:
        write_some(served.url)
        assert requests.post(served.url + "/_emulator/reset", timeout=30).status_code == 200
    finally:
        served.kill()
    again = Served("--data-dir", str(tmp_path / "new" / "dir"), "--server", "waitress")
    try:
        health = requests.get(again.url + "/_emulator/health", timeout=30).json()
        assert sorted(health["apis"]["essentials"]["tenants"]) == ["1", "2"]
        settings = requests.get(again.url + "/_emulator/tenants/essentials/2/settings", timeout=30).json()
        assert settings["settings"]["name"] == "Bistro Verde"
    finally:
        again.stop()


# -- the disk format, in-process ---------------------------------------------------------------

def test_every_full_reset_writes_the_fixtures_state_whatever_came_before(tmp_path: Path) -> None:
    """A full reset reuses the snapshot text of the first one: it must be the state it leaves."""
    emu = create_app(data_dir=tmp_path).extensions["emulator"]
    snapshot = tmp_path / persist.SNAPSHOT
    for _ in range(2):
        emu.store.tenant("essentials", "1").update_settings({"name": "Renamed"})
        emu.create_tenant("essentials")
        emu.reset("essentials", "2")  # a narrower reset folds the state it leaves
        assert '"Renamed"' in snapshot.read_text()
        emu.reset()
        assert snapshot.read_text() == emu.disk.serialise()
        assert '"Renamed"' not in snapshot.read_text() and "essentials/3" not in snapshot.read_text()
    emu.close()
    again = create_app(data_dir=tmp_path).extensions["emulator"]
    assert sorted(t.name for t in again.store.tenants_of("essentials")) == ["1", "2"]
    again.close()


def test_snapshot_json_is_replaced_not_rewritten(tmp_path: Path) -> None:
    emu = create_app(data_dir=tmp_path).extensions["emulator"]
    before = os.stat(tmp_path / persist.SNAPSHOT).st_ino
    emu.store.tenant("essentials", "1").update_settings({"name": "Renamed"})
    emu.close()
    after = os.stat(tmp_path / persist.SNAPSHOT).st_ino
    assert after != before  # a new file renamed over the old one, not the old one truncated
    assert snapshot_state(tmp_path)["essentials/1"]["tables"]["_settings"]["1"]["name"] == "Renamed"
    assert not (tmp_path / (persist.SNAPSHOT + ".tmp")).exists()


def test_a_failed_fold_leaves_the_old_snapshot_and_the_log_intact(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    emu = create_app(data_dir=tmp_path).extensions["emulator"]
    old = (tmp_path / persist.SNAPSHOT).read_text()
    emu.store.tenant("essentials", "1").update_settings({"name": "Only in the log"})

    def fail(fd: int) -> None:  # the new snapshot is written, then the disk refuses it
        raise OSError("disk full")

    monkeypatch.setattr(persist.os, "fsync", fail)
    with pytest.raises(OSError):
        emu.close()
    monkeypatch.undo()
    emu.disk._log.close()  # the process dies here
    assert (tmp_path / persist.SNAPSHOT).read_text() == old
    assert not (tmp_path / (persist.SNAPSHOT + ".tmp")).exists()
    assert "Only in the log" in (tmp_path / persist.LOG).read_text()

    again = create_app(data_dir=tmp_path).extensions["emulator"]
    assert again.store.tenant("essentials", "1").settings["name"] == "Only in the log"
    again.close()


def test_lines_after_a_torn_line_are_not_replayed(tmp_path: Path) -> None:
    emu = create_app(data_dir=tmp_path).extensions["emulator"]
    emu.store.tenant("essentials", "1").update_settings({"name": "first"})
    emu.disk._log.close()
    emu.disk._log = None  # a crash: nothing folded
    log = tmp_path / persist.LOG
    with log.open("a", encoding="utf-8") as fh:
        fh.write('["essentials/1",["put","_settings",1,{"id"\n')
        fh.write('["essentials/1",["put","_settings",1,{"id":1,"name":"after the tear"}]]\n')
    again = create_app(data_dir=tmp_path).extensions["emulator"]
    assert again.store.tenant("essentials", "1").settings["name"] == "first"
    assert log.stat().st_size == 0  # folded at start
    again.close()


def test_dropping_a_tenant_is_persisted(tmp_path: Path) -> None:
    app = create_app(data_dir=tmp_path)
    client = app.test_client()
    made = client.post("/_emulator/tenants", json={"api": "essentials"}).get_json()["tenant"]
    assert client.delete(f"/_emulator/tenants/essentials/{made}").status_code == 204
    emu = app.extensions["emulator"]
    emu.disk._log.close()
    emu.disk._log = None  # a crash right after the drop
    again = create_app(data_dir=tmp_path).extensions["emulator"]
    assert again.store.tenant("essentials", made) is None
    again.close()


def test_an_api_the_data_dir_has_not_seen_starts_from_its_fixtures(tmp_path: Path) -> None:
    create_app(data_dir=tmp_path).extensions["emulator"].close()
    state = snapshot_state(tmp_path)
    (tmp_path / persist.SNAPSHOT).write_text(json.dumps({k: v for k, v in state.items()
                                                        if not k.startswith("essentials/")}))
    client = create_app(data_dir=tmp_path).test_client()
    assert sorted(client.get("/_emulator/health").get_json()["apis"]["essentials"]["tenants"]) == ["1", "2"]
    assert client.get(ESSENTIALS + "/dashboard", headers=bearer(ADMIN)).status_code == 200
    client.application.extensions["emulator"].close()


def test_named_snapshots_are_kept_in_the_data_dir_across_restarts(tmp_path: Path) -> None:
    """Issue 13: snapshots saved through the control API survive a restart with --data-dir."""
    app = create_app(data_dir=tmp_path)
    client = app.test_client()
    assert client.put("/_emulator/snapshots/before write").status_code == 201
    made = client.post(ESSENTIALS + "/messages", json={"message": "after the snapshot"}, headers=bearer(ADMIN))
    assert made.status_code == 201
    assert client.put("/_emulator/snapshots/gone").status_code == 201
    assert client.delete("/_emulator/snapshots/gone").status_code == 204
    app.extensions["emulator"].close()

    again = create_app(data_dir=tmp_path).test_client()
    assert again.get("/_emulator/snapshots").get_json() == {"snapshots": ["before write"]}
    texts = lambda c: [m["message"] for m in c.get(ESSENTIALS + "/messages", headers=bearer(ADMIN)).get_json()["data"]]  # noqa: E731
    assert "after the snapshot" in texts(again)
    assert again.post("/_emulator/snapshots/before%20write/restore").status_code == 200
    assert "after the snapshot" not in texts(again)
    again.application.extensions["emulator"].close()
