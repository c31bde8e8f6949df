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
    assert emu.journal.entries.maxlen == 2
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
