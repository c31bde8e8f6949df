"""Fault rules: latency, statuses in the API's own envelope, resets, malformed bodies; next-N and
seeded probabilities; the journal marks every injected answer; bad rules are 400s."""
from __future__ import annotations

import threading
import time

import pytest
import requests

from emulator.testing import ControlError, EmulatorServer

from .support import ADMIN, BISTRO, ESSENTIALS, bearer


@pytest.fixture
def faults(emu: EmulatorServer):
    yield emu.control.faults
    emu.control.faults.clear()


def _get(emu: EmulatorServer, http: requests.Session, path: str, token: str = ADMIN) -> requests.Response:
    return http.get(emu.url + ESSENTIALS + path, headers=bearer(token), timeout=30)


def test_status_fault_answers_in_the_apis_own_envelope(emu, http, faults) -> None:
    rule = faults.add("status", status=503, api="essentials", path="*/todos", times=1)
    assert rule["remaining"] == 1 and rule["hits"] == 0
    r = _get(emu, http, "/todos")
    assert r.status_code == 503
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == {"message": "Service Unavailable"}
    assert _get(emu, http, "/todos").status_code == 200  # only the next one
    assert faults.get(rule["id"]) | {"hits": 1, "remaining": 0} == faults.get(rule["id"])


def test_a_429_carries_the_rate_limit_headers(emu, http, faults) -> None:
    faults.add("status", status=429, api="essentials")
    r = _get(emu, http, "/dashboard")
    assert (r.status_code, r.json()) == (429, {"message": "Too Many Attempts."})
    assert r.headers["Retry-After"] == "60"
    assert r.headers["X-RateLimit-Limit"] == "60" and r.headers["X-RateLimit-Remaining"] == "0"


def test_a_status_fault_can_carry_its_own_message(emu, http, faults) -> None:
    faults.add("status", status=500, api="essentials", message="Database gone")
    assert _get(emu, http, "/todos").json() == {"message": "Database gone"}


def test_the_journal_marks_injected_answers(emu, http, faults) -> None:
    rule = faults.add("status", status=502, method="GET", path="/essentials/*")
    _get(emu, http, "/todos")
    [entry] = emu.control.journal(path="/todos")
    assert entry["status"] == 502
    assert entry["fault"] == {"rules": [rule["id"]], "action": "status", "latency_ms": 0.0}
    faults.clear()
    _get(emu, http, "/todos")
    assert "fault" not in emu.control.journal(path="/todos")[-1]


def test_method_path_and_tenant_scope_a_rule(emu, http, faults) -> None:
    faults.add("status", status=503, method="POST")
    faults.add("status", status=504, path="*/reminders*")
    faults.add("status", status=500, tenant="2")
    assert _get(emu, http, "/todos").status_code == 200
    assert _get(emu, http, "/reminders").status_code == 504
    assert _get(emu, http, "/todos", token=BISTRO).status_code == 500  # business 2 only
    r = http.post(emu.url + ESSENTIALS + "/messages", json={"message": "x"}, headers=bearer(ADMIN))
    assert r.status_code == 503
    assert http.get(emu.url + "/_emulator/health").status_code == 200  # never the control API


def test_a_seeded_probability_is_reproducible(emu, http, faults) -> None:
    def run() -> list[int]:
        faults.clear()
        faults.add("status", status=503, api="essentials", probability=0.5, seed=7)
        return [_get(emu, http, "/dashboard").status_code for _ in range(30)]

    first, second = run(), run()
    assert first == second
    assert 503 in first and 200 in first


def test_latency_delays_the_answer_and_is_recorded(emu, http, faults) -> None:
    faults.add("latency", latency_ms=200, path="*/dashboard", times=1)
    started = time.perf_counter()
    assert _get(emu, http, "/dashboard").status_code == 200
    assert time.perf_counter() - started >= 0.2
    assert emu.control.journal(path="/dashboard")[-1]["fault"]["latency_ms"] == 200.0


def test_a_latency_range_draws_the_same_values_for_the_same_seed(emu, http, faults) -> None:
    def run() -> list[float]:
        faults.clear()
        emu.control.clear_journal()
        faults.add("latency", latency_ms=1, latency_max_ms=20, seed=3)
        for _ in range(5):
            _get(emu, http, "/dashboard")
        return [e["fault"]["latency_ms"] for e in emu.control.journal()]

    first = run()
    assert first == run()
    assert all(1 <= v <= 20 for v in first) and len(set(first)) > 1


def test_latency_does_not_block_other_requests(emu, http, faults) -> None:
    """The sleep happens outside the store lock: a slow todos call does not hold up the dashboard."""
    faults.add("latency", latency_ms=1500, path="*/todos")
    finished: list[str] = []
    slow = threading.Thread(target=lambda: (_get(emu, requests.Session(), "/todos"), finished.append("todos")))
    slow.start()
    time.sleep(0.2)
    assert _get(emu, http, "/dashboard").status_code == 200
    finished.append("dashboard")
    slow.join()
    assert finished == ["dashboard", "todos"]


def test_a_reset_fault_breaks_the_connection(emu, http, faults) -> None:
    faults.add("reset", path="*/todos", times=1)
    with pytest.raises(requests.exceptions.RequestException):
        r = requests.get(emu.url + ESSENTIALS + "/todos", headers=bearer(ADMIN), timeout=10)
        r.json()
    assert emu.control.journal(path="/todos")[-1]["fault"]["action"] == "reset"
    assert _get(emu, http, "/todos").status_code == 200


def test_a_malformed_fault_answers_a_body_that_does_not_parse(emu, http, faults) -> None:
    faults.add("malformed", api="essentials", times=1)
    r = _get(emu, http, "/todos/1")
    assert r.status_code == 200 and r.headers["Content-Type"] == "application/json"
    with pytest.raises(ValueError):
        r.json()


def test_rules_are_listed_removed_and_cleared(faults) -> None:
    a = faults.add("status", status=503)
    b = faults.add("latency", latency_ms=5)
    assert [r["id"] for r in faults.list()] == [a["id"], b["id"]]
    faults.remove(a["id"])
    assert [r["id"] for r in faults.list()] == [b["id"]]
    with pytest.raises(ControlError) as err:
        faults.remove(a["id"])
    assert err.value.status == 404
    faults.clear()
    assert faults.list() == []


@pytest.mark.parametrize(("rule", "words"), [
    ({"action": "explode"}, "action must be one of"),
    ({"action": "status"}, "status needs status"),
    ({"action": "status", "status": 700}, "status must be at most 599"),
    ({"action": "status", "status": 503, "api": "nope"}, "unknown api"),
    ({"action": "latency"}, "latency needs latency_ms"),
    ({"action": "latency", "latency_ms": -5}, "latency_ms must be at least 0"),
    ({"action": "latency", "latency_ms": 10, "latency_max_ms": 5}, "latency_max_ms must be at least"),
    ({"action": "latency", "latency_ms": "fast"}, "latency_ms must be a number"),
    ({"action": "reset", "path": "todos"}, "path must be a glob"),
    ({"action": "reset", "path": "/a[b"}, "unbalanced"),
    ({"action": "reset", "method": "FETCH"}, "method must be one of"),
    ({"action": "reset", "times": 0}, "times must be at least 1"),
    ({"action": "reset", "probability": 1.5}, "probability must be at most 1"),
    ({"action": "reset", "when": "now"}, "unknown keys"),
])
def test_bad_rules_are_400_with_a_clear_message(faults, rule, words) -> None:
    with pytest.raises(ControlError) as err:
        faults._control._call("POST", "/faults", rule)
    assert err.value.status == 400 and words in err.value.body["error"]
    assert faults.list() == []


def test_a_non_object_rule_is_400(emu, http) -> None:
    r = http.post(emu.url + "/_emulator/faults", data="[1]", headers={"Content-Type": "application/json"})
    assert r.status_code == 400 and r.json()["error"] == "a rule is a JSON object"
