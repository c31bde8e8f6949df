"""The one clock: control API, per-tenant clocks, and proof that the Essentials API takes its
time from it (issue: "a test proves it by freezing the clock and checking every timestamp the
Essentials API writes")."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from emulator.core.clock import Clock, parse_duration
from emulator.testing import ControlError, EmulatorServer

from .support import ADMIN, BISTRO, ESSENTIALS, bearer

FROZEN = "2031-05-17T08:30:00Z"
FROZEN_AT = datetime(2031, 5, 17, 8, 30, tzinfo=UTC)
STAMP = "2031-05-17T08:30:00.000000Z"


@pytest.fixture
def clock(emu: EmulatorServer):
    yield emu.control.clock
    emu.emulator.clocks.reset()


# -- the control API ----------------------------------------------------------------------------

def test_clock_runs_in_real_time_by_default(clock) -> None:
    state = clock.state()
    assert state["scope"] == "global" and state["frozen"] is False and state["offset_seconds"] == 0
    assert abs(clock.now() - datetime.now(UTC)) < timedelta(seconds=5)


def test_freeze_set_advance_and_back_to_real_time(clock) -> None:
    assert clock.freeze(FROZEN)["now"] == "2031-05-17T08:30:00Z"
    assert clock.now() == FROZEN_AT  # frozen: it does not move
    assert clock.advance("1h30m")["now"] == "2031-05-17T10:00:00Z"
    assert clock.advance("PT30M")["now"] == "2031-05-17T10:30:00Z"
    assert clock.advance(-3600)["now"] == "2031-05-17T09:30:00Z"
    assert clock.set("2030-01-01T00:00:00+02:00")["now"] == "2029-12-31T22:00:00Z"
    back = clock.real()
    assert back["frozen"] is False and back["offset_seconds"] == 0


def test_a_running_clock_can_be_set_and_advanced_without_freezing(clock) -> None:
    state = clock.set("2040-01-01T00:00:00Z")
    assert state["frozen"] is False
    assert abs(clock.now() - datetime(2040, 1, 1, tzinfo=UTC)) < timedelta(seconds=5)
    clock.advance("2d")
    assert abs(clock.now() - datetime(2040, 1, 3, tzinfo=UTC)) < timedelta(seconds=5)


def test_freeze_without_an_instant_stops_time_where_it_stands(clock) -> None:
    before = datetime.now(UTC)
    frozen = clock.freeze()
    at = datetime.fromisoformat(frozen["now"].replace("Z", "+00:00"))
    assert before - timedelta(seconds=1) <= at <= datetime.now(UTC) + timedelta(seconds=1)
    assert clock.now() == at


@pytest.mark.parametrize(("action", "body", "words"), [
    ("freeze", {"at": "yesterday"}, "ISO-8601"),
    ("freeze", {"at": 12}, "ISO-8601"),
    ("set", {}, "at is required"),
    ("advance", {}, "by is required"),
    ("advance", {"by": "soon"}, "ISO-8601"),
    ("advance", {"by": True}, "ISO-8601"),
    ("freeze", {"api": "essentials"}, "api and tenant go together"),
    ("freeze", {"api": "nope", "tenant": "1"}, "unknown api"),
])
def test_bad_clock_requests_are_400_with_a_message(clock, action, body, words) -> None:
    with pytest.raises(ControlError) as err:
        clock._control._call("POST", f"/clock/{action}", body)
    assert err.value.status == 400 and words in err.value.body["error"]
    assert clock.state()["frozen"] is False  # nothing changed


def test_an_unknown_tenant_clock_is_404(clock) -> None:
    with pytest.raises(ControlError) as err:
        clock.for_tenant("essentials", "99").freeze(FROZEN)
    assert err.value.status == 404


def test_durations() -> None:
    assert parse_duration("P1DT2H") == timedelta(days=1, hours=2)
    assert parse_duration("-PT5S") == timedelta(seconds=-5)
    assert parse_duration("500ms") == timedelta(milliseconds=500)
    assert parse_duration(2.5) == timedelta(seconds=2.5)
    for bad in ("P", "PT", "1x", "", "h"):
        with pytest.raises(ValueError):
            parse_duration(bad)
    c = Clock()
    c.freeze(FROZEN_AT)
    c.advance(timedelta(days=1))
    assert c.now() == FROZEN_AT + timedelta(days=1)


# -- per tenant ---------------------------------------------------------------------------------

def test_a_tenant_clock_is_its_own(clock, emu, http) -> None:
    clock.freeze(FROZEN)
    bistro = clock.for_tenant("essentials", "2")
    assert bistro.state()["own_clock"] is False  # follows the global clock until changed
    bistro.freeze("2035-12-31T23:00:00Z")
    assert bistro.now() == datetime(2035, 12, 31, 23, tzinfo=UTC)
    assert clock.now() == FROZEN_AT
    assert "essentials/2" in clock.state()["tenants"]
    base = emu.url + ESSENTIALS
    mine = http.post(base + "/messages", json={"message": "hi"}, headers=bearer(ADMIN)).json()["data"]
    theirs = http.post(base + "/messages", json={"message": "hi"}, headers=bearer(BISTRO)).json()["data"]
    assert mine["created_at"] == STAMP
    assert theirs["created_at"] == "2035-12-31T23:00:00.000000Z"
    bistro.real()  # back to following the global clock
    again = http.post(base + "/messages", json={"message": "hi"}, headers=bearer(BISTRO)).json()["data"]
    assert again["created_at"] == STAMP


def test_dropping_or_resetting_a_made_tenant_drops_its_clock(clock, emu) -> None:
    made = emu.control.new_tenant("essentials")["tenant"]
    clock.for_tenant("essentials", made).freeze(FROZEN)
    emu.control.reset()
    assert emu.emulator.clocks.tenants == {}


# -- every timestamp the Essentials API writes comes from the clock ------------------------------

def _rows(emu: EmulatorServer, tenant: str) -> dict[tuple[str, object], dict]:
    t = emu.emulator.store.tenant("essentials", tenant)
    return {(n, r.get("id")): dict(r) for n in t.table_names() for r in t.table(n).scan()}


def _written_stamps(emu: EmulatorServer, tenant: str, before: dict) -> list[tuple[str, str, str]]:
    """(table, column, value): created_at and updated_at of new rows, updated_at of changed rows."""
    out = []
    for key, rec in _rows(emu, tenant).items():
        old = before.get(key)
        if old == rec:
            continue
        for col in ("created_at", "updated_at") if old is None else ("updated_at",):
            if col in rec and (old is None or rec[col] != old.get(col) or col == "updated_at"):
                out.append((key[0], col, rec[col]))
    return out


def test_every_timestamp_essentials_writes_is_the_frozen_clock(clock, emu, http) -> None:
    clock.freeze(FROZEN)
    before = _rows(emu, "1")
    base, h = emu.url + ESSENTIALS, bearer(ADMIN)

    todo = http.post(base + "/todos", json={"task": "Audit", "date": "05/20/2031 10:00",
                                            "assigned_user_ids": [2]}, headers=h)
    assert todo.status_code == 201
    todo = todo.json()["data"]
    assert todo["task_id"] == "TODO2031/0004"  # the year comes from the clock too
    assert http.patch(base + "/todos/1", json={"only_status": True, "status": "completed"},
                      headers=h).status_code == 200
    doc = http.post(base + "/documents", data={"type": "document"},
                    files={"file": ("plan.pdf", b"%PDF-1.4", "application/pdf")}, headers=h)
    assert doc.status_code == 201
    assert doc.json()["data"]["storage_name"] == f"{int(FROZEN_AT.timestamp())}_plan.pdf"
    assert http.put(base + f"/documents/{doc.json()['data']['id']}/shares",
                    json={"shared_user_ids": [2], "shared_role_ids": [3]}, headers=h).status_code == 200
    memo = http.post(base + "/documents", json={"type": "memos", "name": "Memo"}, headers=h)
    assert memo.status_code == 201
    rem = http.post(base + "/reminders", json={"name": "R", "date": "05/20/2031", "time": "09:00",
                                               "repeat": "one_time"}, headers=h)
    assert rem.status_code == 201
    assert http.patch(base + "/reminders/1", json={"name": "Rent"}, headers=h).status_code == 200
    assert http.post(base + "/messages", json={"message": "hello"}, headers=h).status_code == 201
    kb = http.post(base + "/knowledge-base", json={"title": "New root"}, headers=h)
    assert kb.status_code == 201
    assert http.patch(base + "/knowledge-base/1", json={"title": "Handbook"}, headers=h).status_code == 200

    for body in (todo, doc.json()["data"], memo.json()["data"], rem.json()["data"], kb.json()["data"]):
        assert body["created_at"] == STAMP and body["updated_at"] == STAMP
    written = _written_stamps(emu, "1", before)
    tables = {name for name, _, _ in written}
    assert {"todos", "documents", "document_shares", "reminders", "messages", "knowledge_base"} <= tables
    assert [w for w in written if w[2] != STAMP] == []


def test_serve_refuses_a_clock_outside_the_range_it_can_run_in() -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-m", "emulator", "serve", "--clock", "0999-01-01T00:00:00Z"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert "the clock must stay between 1000-01-01 and 9999-12-30" in done.stderr
