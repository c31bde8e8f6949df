"""The pytest plugin, as a user's own test suite sees it (run in a separate pytest process)."""
from __future__ import annotations

import pytest

from .support import ROOT

pytest_plugins = ["pytester"]

SAMPLE_SUITE = '''
import json
import urllib.request

import pytest

SEEN = {}
MESSAGES = "/v1/integration/essentials/messages"


def call(url, method="GET", body=None, token="essentials-admin-token"):
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as resp:
        return resp.status, json.loads(resp.read())


def test_a_running_emulator_on_a_free_port(saas_emulator):
    host, port = saas_emulator.url.rsplit(":", 1)
    assert host == "http://127.0.0.1" and int(port) > 0
    status, health = call(saas_emulator.url + "/_emulator/health")
    assert status == 200 and "essentials" in health["apis"]
    SEEN["url"] = saas_emulator.url


def test_change_everything(saas_emulator):
    base = saas_emulator.base_url("essentials")
    assert call(base + MESSAGES, "POST", {"message": "left behind"})[0] == 201
    saas_emulator.control.settings("essentials", "1", name="Changed")
    SEEN["tenant"] = saas_emulator.control.new_tenant("essentials")["tenant"]
    assert len(saas_emulator.control.journal()) == 1


def test_the_next_test_starts_from_the_fixtures(saas_emulator):
    assert saas_emulator.url == SEEN["url"]  # one server per session
    assert saas_emulator.control.journal() == []  # the journal was cleared too
    base = saas_emulator.base_url("essentials")
    _, listed = call(base + MESSAGES + "?per_page=100")
    assert "left behind" not in [m["message"] for m in listed["data"]]
    assert saas_emulator.control.settings("essentials", "1")["name"] == "Acme Retail"
    tenants = saas_emulator.control.health()["apis"]["essentials"]["tenants"]
    assert SEEN["tenant"] not in tenants and sorted(tenants) == ["1", "2"]
'''


def test_a_users_suite_gets_a_running_emulator_reset_between_tests(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sample=SAMPLE_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-v")
    result.assert_outcomes(passed=3)


def test_the_fixture_comes_from_the_pytest11_entry_point(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_sample=SAMPLE_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:saas_emulator", "-k", "free_port")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*fixture 'saas_emulator' not found*"])


def test_emulator_options_can_be_overridden(pytester: pytest.Pytester) -> None:
    pytester.makeconftest('''
import pytest

@pytest.fixture(scope="session")
def saas_emulator_options():
    return {"apis": ["essentials"], "fake": 3, "seed": 1, "journal_size": 2}
''')
    pytester.makepyfile(test_options='''
from emulator import create_app


def test_options_reach_create_app(saas_emulator):
    emu = saas_emulator.emulator
    assert emu.journal.size == 2
    assert list(emu.specs) == ["essentials"]
    plain = create_app(apis=["essentials"]).extensions["emulator"]
    count = lambda e: len(e.store.tenant("essentials", "1").table("messages"))
    assert count(emu) == count(plain) + 3
''')
    result = pytester.runpytest_subprocess()
    result.assert_outcomes(passed=1)


def test_the_example_suite_passes(pytester: pytest.Pytester) -> None:
    example = ROOT / "examples" / "pytest_plugin"
    result = pytester.runpytest_subprocess(str(example), "-p", "no:cacheprovider", "--rootdir", str(example))
    result.assert_outcomes(passed=4)


HARNESS_SUITE = '''
import json
import urllib.error
import urllib.request

import pytest

TODOS = "/v1/integration/essentials/todos"
SEEN = {}


def call(url, token, method="GET", body=None):
    req = urllib.request.Request(url, method=method, data=json.dumps(body).encode() if body else None,
                                 headers={"Authorization": "Bearer " + token,
                                          "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, json.loads(resp.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def test_a_fresh_tenant_per_test(saas_emulator, saas_tenant):
    account = saas_tenant("essentials")
    admin = next(u for u in account["users"] if u["user_id"] == 1)
    status, body = call(account["base_url"] + TODOS, admin["token"], "POST",
                        {"task": "Only mine", "date": "01/15/2026 09:00"})
    assert status == 201
    status, listed = call(saas_emulator.base_url("essentials") + TODOS, "essentials-admin-token")
    assert "Only mine" not in [t["task"] for t in listed["data"]]
    SEEN["tenant"] = account["tenant"]


def test_the_tenant_is_gone_afterwards(saas_emulator):
    assert SEEN["tenant"] not in saas_emulator.control.health()["apis"]["essentials"]["tenants"]


def test_a_frozen_clock(saas_emulator, saas_frozen_clock):
    base = saas_emulator.base_url("essentials")
    _, created = call(base + TODOS, "essentials-admin-token", "POST", {"task": "T", "date": "01/15/2026 09:00"})
    assert created["data"]["created_at"] == "2026-01-01T09:00:00.000000Z"
    saas_frozen_clock.advance("1d")
    _, again = call(base + TODOS, "essentials-admin-token", "POST", {"task": "T", "date": "01/15/2026 09:00"})
    assert again["data"]["created_at"] == "2026-01-02T09:00:00.000000Z"


def test_the_clock_runs_again_afterwards(saas_emulator):
    assert saas_emulator.control.clock.state()["frozen"] is False


def test_fault_rules(saas_emulator, saas_faults):
    saas_faults.add("status", status=503, api="essentials", times=1)
    base = saas_emulator.base_url("essentials")
    assert call(base + TODOS, "essentials-admin-token") == (503, {"message": "Service Unavailable"})
    assert call(base + TODOS, "essentials-admin-token")[0] == 200
    saas_faults.add("status", status=500, api="essentials")


def test_fault_rules_are_cleared_afterwards(saas_emulator):
    assert saas_emulator.control.faults.list() == []
    assert call(saas_emulator.base_url("essentials") + TODOS, "essentials-admin-token")[0] == 200
'''


def test_tenant_clock_and_fault_fixtures(pytester: pytest.Pytester) -> None:
    """The plugin's saas_tenant, saas_frozen_clock and saas_faults fixtures, and their clean-up."""
    pytester.makepyfile(test_harness=HARNESS_SUITE)
    result = pytester.runpytest_subprocess("-p", "no:randomly", "-v")
    result.assert_outcomes(passed=6)
