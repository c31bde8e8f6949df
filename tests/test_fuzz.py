"""schemathesis against the emulator's own OpenAPI documents (Essentials, ProWorkflow, the control API).

Every generated request goes through the in-process WSGI app, and every answer must be no 5xx,
carry a documented status and content type, and match the documented body and headers.  Both
generation modes run: valid inputs (positive) and inputs that break the document (negative), which
the emulator must refuse in its documented error shapes.

Besides hypothesis' examples, schemathesis' coverage phase sends each operation's boundary and
missing-field cases.  Bounded for CI: MAX_EXAMPLES per operation and mode, reproducible
(derandomized), and the store is reset before every example so no example sees another's writes,
fault rules or clock changes.  The Essentials operations run as three users: an admin, a cashier
whom most writes are forbidden, and the admin of a business with other date and time formats.
"""
from __future__ import annotations

import base64
import json
import logging
import os
from pathlib import Path
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from emulator.core.app import create_app

pytestmark = pytest.mark.no_emulator

APP = create_app()
EMU = APP.extensions["emulator"]
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance,
          response_headers_conformance]
# per operation and generation run; FUZZ_EXAMPLES=200 for a deeper run by hand
MAX_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
SETTINGS = hypothesis.settings(
    max_examples=MAX_EXAMPLES, deadline=None, derandomize=True, database=None, print_blob=False,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)
# fixture tokens: business 1's admin (m/d/Y, 24h) and a cashier with few permissions, and
# business 2's owner (d/m/Y, 12h, no todo prefix)
TOKENS = ["essentials-admin-token", "essentials-cashier-token", "essentials-bistro-owner-token"]


def _config() -> schemathesis.Config:
    return schemathesis.Config.from_dict({
        "generation": {"mode": "all"},
        "phases": {"examples": {"enabled": False}, "coverage": {"enabled": True},
                   "stateful": {"enabled": False}},
        "warnings": False,
    })


def _fresh() -> None:
    """Back to the fixtures, with no journal, snapshots, fault rules or clock changes left over."""
    EMU.reset()
    EMU.journal.clear()
    EMU.store.snapshots.clear()
    EMU.faults.clear()
    EMU.clocks.reset()
    EMU.snapshot("base")  # one saved snapshot, so restore and delete can succeed


essentials = schemathesis.openapi.from_wsgi("/_emulator/openapi/essentials.json", APP, config=_config())
# ProWorkflow's 99 rows take up to 45 query parameters each: the coverage phase's boundary cases
# alone took minutes, so it runs the generated examples only, fewer of them (FUZZ_EXAMPLES still rules)
PROWORKFLOW_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))
proworkflow = schemathesis.openapi.from_wsgi("/_emulator/openapi/proworkflow.json", APP, config=schemathesis.Config.from_dict({
    "generation": {"mode": "all"},
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "warnings": False,
}))
control = schemathesis.openapi.from_wsgi("/_emulator/openapi/emulator.json", APP, config=_config())
basicops = schemathesis.openapi.from_wsgi("/_emulator/openapi/basicops.json", APP, config=_config())
# ZeyOS has 322 operations: hypothesis' examples only (its coverage phase alone would take minutes)
zeyos = schemathesis.openapi.from_wsgi("/_emulator/openapi/zeyos.json", APP, config=schemathesis.Config.from_dict({
    "generation": {"mode": "all"},
    "phases": {"examples": {"enabled": False}, "coverage": {"enabled": False}, "stateful": {"enabled": False}},
    "warnings": False,
}))


@essentials.hook("flatmap_path_parameters")
def essentials_ids(context: schemathesis.HookContext, path_parameters: dict) -> st.SearchStrategy:
    """Ids are strings in the document (any id answers, 404 if unknown); half the time use a small
    number so the examples reach existing records too."""
    if "item_id" not in (path_parameters or {}):
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters),
                     st.integers(1, 8).map(lambda n: {**path_parameters, "item_id": str(n)}))


@proworkflow.hook("flatmap_path_parameters")
def proworkflow_ids(context: schemathesis.HookContext, path_parameters: dict) -> st.SearchStrategy:
    """Path ids are strings in the document (a non-number is a 400, an unknown one a 404); half the
    time small numbers, so the examples reach the fixtures' records too."""
    params = path_parameters or {}
    if not params:
        return st.just(params)
    small = st.fixed_dictionaries({k: st.integers(1, 6).map(str) for k in params})
    return st.one_of(st.just(params), small)


@control.hook("flatmap_path_parameters")
def control_names(context: schemathesis.HookContext, path_parameters: dict) -> st.SearchStrategy:
    """Half the time, names that exist (a fixture tenant, a document, a saved snapshot's name)."""
    known = {"api": ["essentials"], "name": ["1", "2", "essentials", "emulator", "base"]}
    params = path_parameters or {}
    names = {k: v for k, v in known.items() if k in params}
    if not names:
        return st.just(params)
    real = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in names.items()})
    return st.one_of(st.just(params), real.map(lambda chosen: {**params, **chosen}))


@control.hook("flatmap_case")
def clock_scope(context: schemathesis.HookContext, case: schemathesis.Case) -> st.SearchStrategy:
    """`api` and `tenant` (query or body) go together, and a tenant must exist: the document says the
    first (dependentRequired, which the generator does not honour) but cannot list tenants.  So clock
    cases also come as the global clock and as a fixture tenant's, besides as generated."""
    if not case.operation.path.startswith("/clock"):
        return st.just(case)
    body = dict(case.body) if isinstance(case.body, dict) else None
    query = dict(case.query or {})

    def scoped(choice: str) -> schemathesis.Case:
        new_body = {k: v for k, v in (body or {}).items() if k not in ("api", "tenant")}
        new_query = {k: v for k, v in query.items() if k not in ("api", "tenant")}
        if choice == "generated":
            new_body, new_query = dict(body or {}), dict(query)
        elif choice == "tenant":
            (new_body if body is not None else new_query).update(api="essentials", tenant="1")
        case.query = new_query
        if body is not None:
            case.body = new_body
        return case

    return st.sampled_from(["global", "tenant", "generated"]).map(scoped)


# BasicOps: testco's Alex (owns note 2, administers channel 5, in chat 7 and group chat 12; not in the
# private channel 6, so 403s come too).  One user and half the examples: 91 operations, under two minutes.
_BASICOPS_KEYS = {c["user_id"]: c["value"] for c in json.loads(
    (Path(__file__).resolve().parents[1] / "fixtures" / "basicops" / "testco.json").read_text())["credentials"]
    if c["kind"] == "api_key"}
BASICOPS_TOKEN = _BASICOPS_KEYS[38]
BASICOPS_SETTINGS = hypothesis.settings(SETTINGS, max_examples=max(1, MAX_EXAMPLES // 2))
# ids that exist in testco, per path parameter: half the examples use them
BASICOPS_IDS = {
    "project_id": ["6", "8", "12"], "section_id": ["1", "3"], "task_id": ["73", "80"], "time_tracking_id": ["7"],
    "note_id": ["1", "2"], "message_id": ["dm1", "dm3", "dm6"], "reply_id": ["dr1"], "dependency_id": ["dep-1"],
    "chat_id": ["7"], "groupchat_id": ["12"], "channel_id": ["5", "6"], "user_id": ["25", "38", "me"],
    "webhook_EId": ["7f646881-2f1d-4266-a071-cbd3b0b0bfca"], "type": ["task", "project", "channel"],
    "id": ["73", "6", "5"], "attachment_id": ["8dMfbZuoDwmxVvx0W2rbWA==", "Qm5SdHJ3b2xkZ2VuZGE0MQ=="],
    "picture_id": ["mB1Wqsr7DjnvhagZeIag0w=="], "size": ["icon", "medium"],
}


@basicops.hook("flatmap_path_parameters")
def basicops_ids(context: schemathesis.HookContext, path_parameters: dict) -> st.SearchStrategy:
    params = path_parameters or {}
    known = {k: v for k, v in BASICOPS_IDS.items() if k in params}
    if not known:
        return st.just(params)
    real = st.fixed_dictionaries({k: st.sampled_from(v) for k, v in known.items()})
    return st.one_of(st.just(params), real.map(lambda chosen: {**params, **chosen}))


@basicops.parametrize()
@BASICOPS_SETTINGS
# Every fuzz test is also parametrized by its caller, even with one caller: under pytest 9 a
# schemathesis item without a pytest parameter gets its function's bare node id (test_basicops,
# not test_basicops[GET /...]), and pytest-xdist's loadgroup scheduler, keyed by node id, would run
# one operation of the 91.  tests/conftest.py refuses a collection with repeated node ids.
@pytest.mark.parametrize("token", [BASICOPS_TOKEN], ids=["alex"])
def test_basicops(case: schemathesis.Case, token: str) -> None:
    _fresh()
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)
# -- ZeyOS: 322 operations, so fewer examples each; the demo instance's admin and a support user
# (john.doe: tickets and tasks writable, accounts and contacts read-only, most else forbidden)
ZEYOS_TOKENS = ["9123bb25b12e853afa89d05fd77da55a2b02250a", "3a5268b32bb7e741dd38ad12306864238fb088c4"]
ZEYOS_SETTINGS = hypothesis.settings(SETTINGS, max_examples=max(2, MAX_EXAMPLES // 7))
ZEYOS_CRASHES: list[str] = []


class _CrashLog(logging.Handler):
    """The core logs every unhandled exception ("unhandled error on ..."); ZeyOS's documented 500
    (what the database refuses) is an ApiError and is not logged."""

    def emit(self, record: logging.LogRecord) -> None:
        ZEYOS_CRASHES.append(record.getMessage())


APP.logger.addHandler(_CrashLog(level=logging.ERROR))


@schemathesis.check
def zeyos_500_is_a_refusal_not_a_crash(ctx: Any, response: Any, case: schemathesis.Case) -> bool | None:
    """ZeyOS answers 500 "I am afraid I can't do that Dave!" for what its database refuses (a
    missing required field, a value out of range), as the live service does: allowed; a crash is not."""
    if response.status_code >= 500:
        assert not ZEYOS_CRASHES, ZEYOS_CRASHES[-1]
        assert response.text == "I am afraid I can't do that Dave!", response.text[:200]
    return None


ZEYOS_CHECKS = [zeyos_500_is_a_refusal_not_a_crash, *CHECKS[1:]]


@zeyos.hook("flatmap_path_parameters")
def zeyos_ids(context: schemathesis.HookContext, path_parameters: dict) -> st.SearchStrategy:
    """Half the time an ID the fixtures have, so the examples reach existing records too."""
    if "ID" not in (path_parameters or {}):
        return st.just(path_parameters)
    return st.one_of(st.just(path_parameters), st.integers(1, 4).map(lambda n: {**path_parameters, "ID": n}))


@zeyos.parametrize()
@ZEYOS_SETTINGS
@pytest.mark.parametrize("users", [ZEYOS_TOKENS], ids=["admin-or-support"])
def test_zeyos(case: schemathesis.Case, users: list[str]) -> None:
    """Each operation as one of the two users, alternating by entity (322 operations: one run each)."""
    _fresh()
    ZEYOS_CRASHES.clear()
    segment = case.operation.path.split("/")[3] if case.operation.path.count("/") >= 3 else ""
    token = users[sum(map(ord, segment)) % 2]
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=ZEYOS_CHECKS)


@essentials.parametrize()
@SETTINGS
@pytest.mark.parametrize("token", TOKENS)
def test_essentials(case: schemathesis.Case, token: str) -> None:
    _fresh()
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)


# ProWorkflow: the API key and Basic credentials of a Super User on the Standard account (Advanced
# parameters refused) and on the Advanced one (roles' views are the contract tests' job)
PROWORKFLOW_USERS = [("A1C2-M3E4-S5T6-D7P8-PWFACME-STANDARD", "alice:alice-pass"),
                     ("G1L2-O3B4-E5X6-A7D8-PWFGLBX-ADVANCED", "grace:grace-pass")]


@proworkflow.parametrize()
@hypothesis.settings(SETTINGS, max_examples=PROWORKFLOW_EXAMPLES)
@pytest.mark.parametrize("key, login", PROWORKFLOW_USERS, ids=["standard", "advanced"])
def test_proworkflow(case: schemathesis.Case, key: str, login: str) -> None:
    EMU.reset("proworkflow")  # only its own accounts (and rate-limit counters) back to the fixtures
    basic = "Basic " + base64.b64encode(login.encode()).decode()
    case.call_and_validate(headers={"apikey": key, "Authorization": basic}, checks=CHECKS)


@control.parametrize()
@SETTINGS
@pytest.mark.parametrize("headers", [{}], ids=["anonymous"])
def test_control_api(case: schemathesis.Case, headers: dict) -> None:
    _fresh()
    case.call_and_validate(headers=headers, checks=CHECKS)
    _fresh()


@pytest.mark.parametrize("path, body", [
    ("/clock/set", {"at": "0001-01-01T00:00:00+14:00"}),  # before year 1 in UTC
    ("/clock/set", {"at": "9999-12-31T23:59:59Z"}),  # a running clock would overflow a moment later
    ("/clock/set", {"at": "0999-12-31T00:00:00Z"}),  # Eloquent stamps need four-digit years
    ("/clock/freeze", {"at": "9999-12-31T23:59:59-10:00"}),
    ("/clock/advance", {"by": 3e13}),  # a timedelta, but past year 9999
    ("/clock/advance", {"by": "P9999999D", "api": "essentials", "tenant": "1"}),
    ("/clock/advance", {"by": "1e400"}),
])
def test_clock_edges_the_bounded_run_rarely_reaches(path: str, body: dict) -> None:
    """Found by probing the clock's bounds: each once answered 500 (OverflowError) or broke every later
    request; now a documented 400 that leaves the clock as it was."""
    _fresh()
    before = EMU.clocks.global_.describe()["offset_seconds"]
    case = control[path]["POST"].Case(body=body, media_type="application/json")
    response = case.call_and_validate(checks=CHECKS)
    assert response.status_code == 400
    assert EMU.clocks.global_.describe()["offset_seconds"] == before
    _fresh()


def test_a_multipart_part_without_a_name_is_ignored() -> None:
    """Found by the fuzzer: a multipart part with no name (werkzeug reads its name as None) made
    php_params crash with a 500; PHP drops such a field."""
    _fresh()
    body = (b'--b\r\nContent-Disposition: form-data\r\n\r\nx\r\n'
            b'--b\r\nContent-Disposition: form-data; name="type"\r\n\r\nmemos\r\n'
            b'--b\r\nContent-Disposition: form-data; name="name"\r\n\r\nMemo\r\n--b--\r\n')
    response = APP.test_client().post(
        "/essentials/api/v1/integration/essentials/documents", data=body,
        content_type="multipart/form-data; boundary=b", headers={"Authorization": f"Bearer {TOKENS[0]}"})
    case = essentials["/api/v1/integration/essentials/documents"]["POST"].Case(
        body={"type": "memos", "name": "Memo"}, media_type="multipart/form-data")
    case.validate_response(response, checks=CHECKS)
    assert response.status_code == 201
    assert response.get_json()["data"]["name"] == "Memo"
