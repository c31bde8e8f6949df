"""The core's contract with an API, proved with the toy API (tests/toy_api.py), not with Essentials.

The toy API has its tenant in the path (`/toy/<account>` and `/<account>` at the root), a generic
view over a two-entity table, text/plain errors and ETags; its fixed-mount twin (`toyfixed`) finds
the tenant from the credential and gets the core's automatic GET ETags.  Every test talks HTTP to
an in-process server that also mounts Essentials, so the mounts have to share the root.
"""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import requests
from openapi_spec_validator import validate

from emulator.apis import load_specs
from emulator.core.app import create_app
from emulator.core.caller import acting_as
from emulator.testing import ControlError, EmulatorServer

from .toy_api import DOCS_BUILT, TOY, create, make_spec

FIXED = make_spec("toyfixed", fixed=True)
ADMIN = {"X-Toy-Key": "acme-admin-key"}
READER = {"X-Toy-Key": "acme-reader-key"}
GLOBEX = {"X-Toy-Key": "globex-admin-key"}


@pytest.fixture(scope="module")
def server() -> Iterator[EmulatorServer]:
    with EmulatorServer(specs=[*load_specs(["essentials"]), TOY, FIXED]) as srv:
        yield srv


@pytest.fixture
def emu(server: EmulatorServer) -> EmulatorServer:
    server.reset()
    return server


@pytest.fixture
def http() -> Iterator[requests.Session]:
    with requests.Session() as session:
        yield session


def url(emu: EmulatorServer, path: str) -> str:
    return emu.url + path


# -- mounts --------------------------------------------------------------------------------------

@pytest.mark.parametrize("prefix", ["/toy/acme", "/acme"])
def test_the_tenant_is_read_from_the_path_at_both_mounts(emu: EmulatorServer, http: requests.Session,
                                                          prefix: str) -> None:
    resp = http.get(url(emu, prefix + "/v1/me"), headers=ADMIN)
    assert resp.status_code == 200
    assert resp.json() == {"account": "acme", "user": "Ada Admin"}
    assert http.get(url(emu, prefix + "/v1/widgets/"), headers=ADMIN).json()[0]["name"] == "Sprocket"


def test_other_apis_and_the_control_api_keep_their_first_segments(emu: EmulatorServer,
                                                                  http: requests.Session) -> None:
    resp = http.get(url(emu, "/essentials/api/v1/integration/essentials/nope"))
    assert resp.status_code == 404 and resp.json()["message"].startswith("The route")
    assert http.get(url(emu, "/_emulator/health")).json()["status"] == "ok"
    # a first segment no API claims is an account of the API served at the root
    resp = http.get(url(emu, "/nobody/v1/ping"))
    assert (resp.status_code, resp.headers["Content-Type"], resp.text) == (404, "text/plain; charset=utf-8",
                                                                           "404 Not Found")
    # "static" too: Flask's own /static/<path> rule is not there to take the first segment
    assert [r.rule for r in emu.app.url_map.iter_rules() if r.rule.startswith("/static")] == []


def test_each_tenant_has_its_base_url_and_credentials(emu: EmulatorServer, http: requests.Session) -> None:
    listing = http.get(url(emu, "/_emulator/credentials")).json()["toy"]
    assert listing["base_url"] == emu.url + "/{account}/v1"
    tenants = {t["tenant"]: t for t in listing["tenants"]}
    assert tenants["acme"]["base_url"] == emu.url + "/acme/v1"
    assert {u["key"] for u in tenants["acme"]["users"]} == {"acme-admin-key", "acme-reader-key"}
    assert emu.base_url("toy") == emu.url + "/acme/v1"
    assert emu.base_url("toyfixed") == emu.url + "/toyfixed/v1"
    # what a client configures works as it is
    resp = http.get(tenants["globex"]["base_url"] + "/widgets", headers=GLOBEX)
    assert [w["name"] for w in resp.json()] == ["Doomsday device"]


def test_a_new_tenant_lives_at_its_own_path(emu: EmulatorServer, http: requests.Session) -> None:
    made = emu.control.new_tenant("toy")
    key = {"X-Toy-Key": made["users"][0]["key"]}
    assert made["base_url"] == f"{emu.url}/{made['tenant']}/v1"
    assert key["X-Toy-Key"] != "acme-admin-key"
    assert http.put(made["base_url"] + "/widgets", json={"name": "New", "size": 1}, headers=key).status_code == 201
    assert len(http.get(made["base_url"] + "/widgets", headers=key).json()) == 3
    assert len(http.get(url(emu, "/acme/v1/widgets"), headers=ADMIN).json()) == 2


def test_a_fixed_mount_finds_the_tenant_from_the_credential(emu: EmulatorServer, http: requests.Session) -> None:
    assert http.get(url(emu, "/toyfixed/v1/me"), headers=GLOBEX).json() == {"account": "globex",
                                                                             "user": "Hank Scorpio"}
    assert http.get(url(emu, "/toyfixed/v1/ping")).json() == {"account": None}


# -- authentication and the bound caller ---------------------------------------------------------

def test_the_authenticate_hook_guards_every_row_but_public_ones(emu: EmulatorServer,
                                                               http: requests.Session) -> None:
    resp = http.get(url(emu, "/acme/v1/widgets"))
    assert (resp.status_code, resp.text, resp.headers["WWW-Authenticate"]) == (401, "401 Unauthorized",
                                                                               'Key realm="toy"')
    # a key of another account does not open this one
    assert http.get(url(emu, "/acme/v1/widgets"), headers=GLOBEX).status_code == 401
    assert http.get(url(emu, "/acme/v1/ping")).json() == {"account": "acme"}
    assert http.get(url(emu, "/nobody/v1/ping")).status_code == 404


def test_domain_rules_run_without_a_request(emu: EmulatorServer) -> None:
    acme = emu.emulator.store.tenant("toy", "acme")
    emu.control.clock.for_tenant("toy", "acme").freeze("2030-01-02T03:04:05Z")
    with acting_as(acme, acme.table("users").get(1)):
        made = create("widgets", {"name": "Offline", "size": 7})
    assert made["created"] == "2030-01-02T03:04:05Z"  # the tenant's own clock, no request needed
    assert acme.table("widgets").get(made["ID"])["name"] == "Offline"


# -- the route table ------------------------------------------------------------------------------

def test_one_generic_view_serves_every_entity_with_its_own_description(emu: EmulatorServer,
                                                                      http: requests.Session) -> None:
    document = http.get(url(emu, "/_emulator/openapi/toy.json")).json()
    validate(document)
    assert document["servers"][0]["url"] == "/{account}"
    assert document["servers"][0]["variables"]["account"]["default"] == "acme"
    paths = document["paths"]
    assert paths["/v1/widgets/{ID}"]["get"]["summary"] == "Get a widget"
    assert paths["/v1/gadgets/{ID}"]["get"]["summary"] == "Get a gadget"
    ids = sorted(op["operationId"] for item in paths.values() for op in item.values())
    assert ids == sorted(row.name for row in emu.emulator.routes["toy"])
    # text/plain errors are documented as such
    ref = paths["/v1/widgets/{ID}"]["patch"]["responses"]["412"]["$ref"]
    assert "text/plain" in document["components"]["responses"][ref.rsplit("/", 1)[1]]["content"]


def test_a_description_can_be_built_when_the_document_is_first_asked_for() -> None:
    """A row's doc may be a builder: starting the app does not call it; the OpenAPI document
    calls it once, however often it is asked for."""
    app = create_app(specs=[TOY])
    before = len(DOCS_BUILT)
    client = app.test_client()
    assert len(DOCS_BUILT) == before
    for _ in range(2):
        document = client.get("/_emulator/openapi/toy.json").get_json()
        assert document["paths"]["/v1/me"]["get"]["summary"] == "The caller"
        assert "200" in document["paths"]["/v1/me"]["get"]["responses"]
    assert len(DOCS_BUILT) == before + 1


def test_routes_cli_and_url_map_read_the_same_table(emu: EmulatorServer) -> None:
    rules = {(rule.rule, rule.endpoint) for rule in emu.app.url_map.iter_rules() if rule.endpoint.startswith("toy_")}
    paths = {row.path for row in emu.emulator.routes["toy"]}
    assert len(rules) == 2 * len(paths)  # one rule per path, at both mounts
    one = "widgets_get+widgets_update+widgets_delete"
    assert ("/toy/<tenant:account>/v1/widgets/<int:ID>", "toy_2." + one) in rules
    assert ("/<tenant:account>/v1/widgets/<int:ID>", "toy_1." + one) in rules


def test_errors_of_the_core_leave_through_the_api_renderer(emu: EmulatorServer, http: requests.Session) -> None:
    resp = http.post(url(emu, "/acme/v1/widgets"), headers=ADMIN)
    assert (resp.status_code, resp.text, resp.headers["Allow"]) == (405, "405 Method Not Allowed",
                                                                    "GET, HEAD, OPTIONS, PUT")
    resp = http.get(url(emu, "/acme/v1/nothing/here"), headers=ADMIN)
    assert (resp.status_code, resp.headers["Content-Type"]) == (404, "text/plain; charset=utf-8")
    resp = http.put(url(emu, "/acme/v1/gadgets"), json={"name": "G", "widget": 99}, headers=ADMIN)
    assert (resp.status_code, resp.text) == (400, "400 no widgets 99")


# -- conditional requests -----------------------------------------------------------------------

def test_a_record_has_a_strong_etag_and_if_none_match_answers_304(emu: EmulatorServer,
                                                                  http: requests.Session) -> None:
    first = http.get(url(emu, "/acme/v1/widgets/1"), headers=ADMIN)
    tag = first.headers["ETag"]
    assert tag.startswith('"') and not tag.startswith("W/")
    for header in (tag, f'"other", {tag}', "W/" + tag, "*"):
        resp = http.get(url(emu, "/acme/v1/widgets/1"), headers={**ADMIN, "If-None-Match": header})
        assert (resp.status_code, resp.content, resp.headers["ETag"]) == (304, b"", tag), header
        assert "Content-Type" not in resp.headers
    assert http.get(url(emu, "/acme/v1/widgets/1"), headers={**ADMIN, "If-None-Match": '"other"'}).status_code == 200
    assert http.get(url(emu, "/acme/v1/widgets/2"), headers=ADMIN).headers["ETag"] != tag


def test_if_match_guards_writes_and_a_write_changes_the_etag(emu: EmulatorServer, http: requests.Session) -> None:
    tag = http.get(url(emu, "/acme/v1/widgets/1"), headers=ADMIN).headers["ETag"]
    stale = http.patch(url(emu, "/acme/v1/widgets/1"), json={"size": 4}, headers={**ADMIN, "If-Match": '"stale"'})
    assert (stale.status_code, stale.text) == (412, "412 Precondition Failed")
    weak = http.patch(url(emu, "/acme/v1/widgets/1"), json={"size": 4}, headers={**ADMIN, "If-Match": "W/" + tag})
    assert weak.status_code == 412  # If-Match compares strongly
    assert http.get(url(emu, "/acme/v1/widgets/1"), headers=ADMIN).json()["size"] == 3  # nothing changed
    done = http.patch(url(emu, "/acme/v1/widgets/1"), json={"size": 4}, headers={**ADMIN, "If-Match": tag})
    assert done.status_code == 200 and done.json()["size"] == 4
    assert done.headers["ETag"] != tag
    gone = http.delete(url(emu, "/acme/v1/widgets/1"), headers={**ADMIN, "If-Match": tag})
    assert gone.status_code == 412
    assert http.delete(url(emu, "/acme/v1/widgets/1"), headers={**ADMIN, "If-Match": "*"}).status_code == 204
    assert http.get(url(emu, "/acme/v1/widgets/1"), headers=ADMIN).status_code == 404
    create_only = http.put(url(emu, "/acme/v1/widgets"), json={"name": "N", "size": 1},
                           headers={**ADMIN, "If-Match": "*"})
    assert create_only.status_code == 412  # If-Match: * needs an existing target


def test_an_api_can_have_the_core_tag_every_get(emu: EmulatorServer, http: requests.Session) -> None:
    resp = http.get(url(emu, "/toyfixed/v1/widgets"), headers=GLOBEX)
    tag = resp.headers["ETag"]
    again = http.get(url(emu, "/toyfixed/v1/widgets"), headers={**GLOBEX, "If-None-Match": tag})
    assert again.status_code == 304
    http.put(url(emu, "/toyfixed/v1/widgets"), json={"name": "More", "size": 2}, headers=GLOBEX)
    assert http.get(url(emu, "/toyfixed/v1/widgets"), headers={**GLOBEX, "If-None-Match": tag}).status_code == 200


# -- faults, journal, reset ---------------------------------------------------------------------

def test_fault_rules_scope_to_a_tenant_named_in_the_path(emu: EmulatorServer, http: requests.Session) -> None:
    emu.control.faults.add("status", status=503, api="toy", tenant="acme")
    try:
        resp = http.get(url(emu, "/acme/v1/widgets"), headers=ADMIN)
        assert (resp.status_code, resp.headers["Content-Type"], resp.text) == (
            503, "text/plain; charset=utf-8", "503 Error")
        assert http.get(url(emu, "/globex/v1/widgets"), headers=GLOBEX).status_code == 200
        assert http.get(url(emu, "/toy/globex/v1/widgets"), headers=GLOBEX).status_code == 200
    finally:
        emu.control.faults.clear()
    entries = emu.control.journal(api="toy")
    assert [(e["tenant"], e["status"]) for e in entries] == [("acme", 503), ("globex", 200), ("globex", 200)]
    assert entries[0]["fault"]["action"] == "status"


def test_fault_rules_scope_to_a_tenant_found_by_credential(emu: EmulatorServer, http: requests.Session) -> None:
    emu.control.faults.add("status", status=429, api="toyfixed", tenant="globex")
    try:
        assert http.get(url(emu, "/toyfixed/v1/widgets"), headers=GLOBEX).status_code == 429
        assert http.get(url(emu, "/toyfixed/v1/widgets"), headers=ADMIN).status_code == 200
    finally:
        emu.control.faults.clear()
    assert [e["tenant"] for e in emu.control.journal(api="toyfixed")] == ["globex", "acme"]


def test_reset_returns_a_tenant_named_in_the_path_to_its_fixture(emu: EmulatorServer,
                                                                 http: requests.Session) -> None:
    http.put(url(emu, "/acme/v1/widgets"), json={"name": "Extra", "size": 1}, headers=ADMIN)
    http.put(url(emu, "/globex/v1/widgets"), json={"name": "Extra", "size": 1}, headers=GLOBEX)
    assert emu.control.reset(api="toy", tenant="acme") == ["toy/acme"]
    assert len(http.get(url(emu, "/acme/v1/widgets"), headers=ADMIN).json()) == 2
    assert len(http.get(url(emu, "/globex/v1/widgets"), headers=GLOBEX).json()) == 2
    emu.control.reset()
    assert len(http.get(url(emu, "/globex/v1/widgets"), headers=GLOBEX).json()) == 1
    with pytest.raises(ControlError):
        emu.control.reset(api="toy", tenant="nobody")


def test_ids_never_repeat_in_tables_keyed_by_the_apis_own_id_column(emu: EmulatorServer,
                                                                    http: requests.Session) -> None:
    made = http.put(url(emu, "/acme/v1/widgets"), json={"name": "Third", "size": 1}, headers=ADMIN).json()
    assert made["ID"] == 3 and list(made)[0] == "ID"
    http.delete(url(emu, "/acme/v1/widgets/3"), headers=ADMIN)
    again = http.put(url(emu, "/acme/v1/widgets"), json={"name": "Fourth", "size": 1}, headers=ADMIN).json()
    assert again["ID"] == 4


def test_permission_errors_and_the_reader(emu: EmulatorServer, http: requests.Session) -> None:
    resp: Any = http.put(url(emu, "/acme/v1/widgets"), json={"name": "X", "size": 1}, headers=READER)
    assert (resp.status_code, resp.text) == (403, "403 read-only user")


def test_a_fixed_api_at_the_root_owns_the_root(http: requests.Session) -> None:
    """serve --api NAME: the named API answers every path, even beside an API with a root mount."""
    with EmulatorServer(specs=[*load_specs(["essentials"]), TOY], root_api="essentials") as srv:
        resp = http.get(srv.url + "/api/v1/integration/essentials/dashboard",
                        headers={"Authorization": "Bearer essentials-admin-token"})
        assert resp.status_code == 200
        resp = http.get(srv.url + "/acme/v1/me", headers=ADMIN)
        assert (resp.status_code, resp.json()) == (404, {"message": "The route acme/v1/me could not be found."})
        assert http.get(srv.url + "/toy/acme/v1/me", headers=ADMIN).json()["user"] == "Ada Admin"


def test_url_building_still_works_with_lazily_compiled_rules(emu: EmulatorServer) -> None:
    from flask import url_for

    with emu.app.test_request_context():
        assert url_for("emulator_admin.health_get") == "/_emulator/health"
        assert url_for("toy_2.ping_get", account="globex") == "/toy/globex/v1/ping"


def test_the_api_checks_the_values_of_its_settings(emu: EmulatorServer, http: requests.Session) -> None:
    url = emu.url + "/_emulator/tenants/toy/acme/settings"
    resp = http.patch(url, json={"name": "  "})
    assert (resp.status_code, resp.json()["error"]) == (400, "name must not be blank")
    assert http.patch(url, json={"nope": 1}).status_code == 400  # unknown keys: the core's rule
    assert http.patch(url, json={"name": 3}).status_code == 400  # another JSON type: the core's rule
    assert http.patch(url, json={"name": "Acme Corp"}).json()["settings"]["name"] == "Acme Corp"
