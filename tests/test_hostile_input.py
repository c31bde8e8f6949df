"""Hostile input, answered in each API's own words and never stored: deeply nested JSON, bracket
keys hundreds of levels deep, and bodies past the size cap (issue 13).

The core rules every API inherits: a JSON document nested deeper than MAX_JSON_DEPTH does not
decode (each API answers an undecodable body its own way), a bracket key deeper than PHP's
max_input_nesting_level is dropped as PHP drops it, and a body past the cap is 413 in the API's
shape before any handler reads it.
"""
from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
import requests

from emulator.core.forms import MAX_INPUT_NESTING, MAX_JSON_DEPTH, TooDeep, parse_json, php_params
from emulator.testing import EmulatorServer

from .support import ADMIN, ESSENTIALS, bearer

DEEP = 600  # past every limit, and past what naive recursion survives
ZEYOS = "/demo/api/v1"
ZEYOS_ADMIN = {"Authorization": "Bearer 9123bb25b12e853afa89d05fd77da55a2b02250a"}
BASICOPS = "/basicops/v1"


def nested(depth: int, leaf: object = 1) -> str:
    return "[" * depth + json.dumps(leaf) + "]" * depth


def nested_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


def bracket_key(depth: int) -> str:
    return "a" + "[b]" * depth


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(max_body_bytes=1024 * 1024) as srv:
        yield srv


@pytest.fixture
def emu(server: EmulatorServer) -> EmulatorServer:
    server.reset()
    return server


def count(emu: EmulatorServer, api: str, tenant: str, table: str) -> int:
    return len(emu.emulator.store.tenant(api, tenant).table(table))


# -- the core's decoder -------------------------------------------------------------------------

def test_the_decoder_refuses_deep_documents_and_takes_everything_else() -> None:
    assert parse_json(nested(MAX_JSON_DEPTH - 1)) == json.loads(nested(MAX_JSON_DEPTH - 1))
    for text in (nested(MAX_JSON_DEPTH + 1), nested_object(MAX_JSON_DEPTH + 1), nested(100_000)):
        with pytest.raises(TooDeep):
            parse_json(text)
    # many brackets side by side are not depth
    wide = json.dumps([[1]] * 10_000)
    assert len(parse_json(wide.encode())) == 10_000


def test_bracket_keys_deeper_than_php_allows_are_dropped() -> None:
    from werkzeug.datastructures import MultiDict

    ok = php_params(MultiDict([(bracket_key(MAX_INPUT_NESTING), "1"), ("x", "2")]))
    assert ok["x"] == "2" and "a" in ok
    dropped = php_params(MultiDict([(bracket_key(MAX_INPUT_NESTING + 1), "1"), ("x", "2")]))
    assert dropped == {"x": "2"}
    assert php_params(MultiDict([(bracket_key(5000), "1")])) == {}


# -- Essentials: what Laravel does with a body it cannot decode (an empty input: 422) -----------

@pytest.mark.parametrize("path, table", [("/todos", "todos"), ("/messages", "messages")])
@pytest.mark.parametrize("body", [nested(DEEP), nested_object(DEEP)])
def test_essentials_reads_deep_json_as_an_empty_input(emu: EmulatorServer, path: str, table: str,
                                                      body: str) -> None:
    before = count(emu, "essentials", "1", table)
    resp = requests.post(emu.url + ESSENTIALS + path, data=body,
                         headers={**bearer(ADMIN), "Content-Type": "application/json"}, timeout=30)
    assert resp.status_code == 422, resp.text
    assert "field is required" in resp.json()["message"]
    assert count(emu, "essentials", "1", table) == before


def test_essentials_document_shares_with_deep_json(emu: EmulatorServer) -> None:
    """The shares body is optional, so Laravel's empty input is a valid request: the shares stay."""
    url = emu.url + ESSENTIALS + "/documents/1/shares"
    before = requests.put(url, json={}, headers=bearer(ADMIN), timeout=30).json()
    resp = requests.put(url, data='{"shared_user_ids": ' + nested(DEEP) + "}",
                        headers={**bearer(ADMIN), "Content-Type": "application/json"}, timeout=30)
    assert (resp.status_code, resp.json()) == (200, before)


@pytest.mark.parametrize("where", ["form", "query"])
def test_essentials_bracket_keys_hundreds_deep(emu: EmulatorServer, where: str) -> None:
    before = count(emu, "essentials", "1", "todos")
    key = bracket_key(500)
    if where == "form":
        resp = requests.post(emu.url + ESSENTIALS + "/todos", data={key: "1"}, headers=bearer(ADMIN), timeout=30)
        assert resp.status_code == 422, resp.text
    else:
        resp = requests.get(emu.url + ESSENTIALS + "/todos", params={key: "1"}, headers=bearer(ADMIN), timeout=30)
        assert resp.status_code == 200, resp.text
    assert count(emu, "essentials", "1", "todos") == before


def test_essentials_body_past_the_cap_is_laravels_413(emu: EmulatorServer) -> None:
    """PHP's post_max_size (8M by default) enforced by ValidatePostSize: 413 {"message": ""}."""
    before = count(emu, "essentials", "1", "messages")
    big = json.dumps({"message": "x" * (9 * 1024 * 1024)})
    resp = requests.post(emu.url + ESSENTIALS + "/messages", data=big,
                         headers={**bearer(ADMIN), "Content-Type": "application/json"}, timeout=60)
    assert (resp.status_code, resp.json()) == (413, {"message": ""})
    assert count(emu, "essentials", "1", "messages") == before
    entry = emu.control.journal(method="POST")[-1]
    assert entry["status"] == 413 and entry["request"]["body"]["size"] == 0  # never read


# -- the control API, ZeyOS, BasicOps ------------------------------------------------------------

def test_control_api_deep_json_is_a_400(emu: EmulatorServer) -> None:
    for path in ("/faults", "/tenants", "/snapshots"):
        resp = requests.post(emu.url + "/_emulator" + path, data=nested_object(DEEP),
                             headers={"Content-Type": "application/json"}, timeout=30)
        assert resp.status_code == 400 and resp.json()["status"] == 400, (path, resp.text)
    resp = requests.patch(emu.url + "/_emulator/tenants/essentials/1/settings", data=nested_object(DEEP),
                          headers={"Content-Type": "application/json"}, timeout=30)
    assert resp.status_code == 400
    assert requests.get(emu.url + "/_emulator/faults", timeout=30).json()["rules"] == []


def test_control_api_body_past_the_cap(emu: EmulatorServer) -> None:
    resp = requests.post(emu.url + "/_emulator/faults", data=b"{" + b" " * (2 * 1024 * 1024) + b"}",
                         headers={"Content-Type": "application/json"}, timeout=60)
    assert resp.status_code == 413 and resp.json()["status"] == 413


@pytest.mark.parametrize("body", [
    {"json": None, "data": '{"filters": ' + nested(DEEP, {"ID": 1}) + "}"},
    {"json": None, "data": {"filters": nested(DEEP, {"ID": 1})}},
    {"json": None, "data": {bracket_key(500): "1"}},
])
def test_zeyos_deep_queries_answer_in_zeyos_words(emu: EmulatorServer, body: dict) -> None:
    headers = dict(ZEYOS_ADMIN)
    if isinstance(body["data"], str):
        headers["Content-Type"] = "application/json"
    resp = requests.post(emu.url + ZEYOS + "/accounts", data=body["data"], headers=headers, timeout=30)
    assert resp.status_code < 500, resp.text
    assert resp.headers["Content-Type"].startswith("text/plain") or resp.status_code == 200


def test_zeyos_deep_create_is_not_stored(emu: EmulatorServer) -> None:
    before = count(emu, "zeyos", "demo", "accounts")
    resp = requests.put(emu.url + ZEYOS + "/accounts", data='{"lastname": "X", "extdata": ' + nested_object(DEEP)
                        + "}", headers={**ZEYOS_ADMIN, "Content-Type": "application/json"}, timeout=30)
    assert 400 <= resp.status_code < 500 and resp.headers["Content-Type"].startswith("text/plain"), resp.text
    assert count(emu, "zeyos", "demo", "accounts") == before


def test_basicops_deep_json_is_its_400(emu: EmulatorServer) -> None:
    key = next(c["value"] for c in emu.emulator.store.tenant("basicops", "testco").credentials()
               if c["kind"] == "api_key")
    before = count(emu, "basicops", "testco", "tasks")
    resp = requests.post(emu.url + BASICOPS + "/task", data='{"title": "T", "project": ' + nested(DEEP) + "}",
                         headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"}, timeout=30)
    assert resp.status_code == 400 and resp.json()["success"] is False, resp.text
    assert count(emu, "basicops", "testco", "tasks") == before
