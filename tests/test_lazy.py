"""`create_app(lazy=True)` (what `serve` runs): each API is imported and added on the first request
to one of its mounts, every API before the control API's first request; a client sees the same
answers as from an app that added everything at start."""
from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from emulator.apis import lazy_spec, load_specs
from emulator.core.api import ApiSpec, LazySpec
from emulator.core.app import create_app

from .toy_api import TOY, make_spec

ADMIN = {"X-Toy-Key": "acme-admin-key"}
ESSENTIALS = {"Authorization": "Bearer essentials-admin-token"}
TODO = "/essentials/api/v1/integration/essentials/todos/1"


def lazy(spec: ApiSpec, loads: list[str]) -> LazySpec:
    def loader() -> ApiSpec:
        loads.append(spec.name)
        return spec

    return LazySpec(name=spec.name, mount=spec.mount, root_mount=spec.root_mount,
                    client_base=spec.client_base, loader=loader)


def toy_app(loads: list[str], **options: Any) -> Flask:
    return create_app(specs=[lazy(TOY, loads), lazy(make_spec("fixed", fixed=True), loads)], **options)


def test_nothing_is_added_before_a_request_but_where_each_api_lives() -> None:
    loads: list[str] = []
    app = toy_app(loads)
    emu = app.extensions["emulator"]
    assert (loads, emu.specs, emu.routes, emu.control_rows) == ([], {}, {}, [])
    assert emu.names == ["toy", "fixed"] and sorted(emu.pending) == ["fixed", "toy"]
    assert [r.rule for r in app.url_map.iter_rules()] == []
    assert emu.base_url("toy", "http://h", "acme") == "http://h/acme/v1"  # the root mount first
    assert emu.base_url("fixed", "http://h") == "http://h/fixed/v1"


@pytest.mark.parametrize("prefix", ["/toy/acme", "/acme"])
def test_the_first_request_to_a_mount_adds_its_api_alone_and_once(prefix: str) -> None:
    loads: list[str] = []
    app = toy_app(loads)
    emu = app.extensions["emulator"]
    client = app.test_client()
    resp = client.get(prefix + "/v1/me", headers=ADMIN)
    assert (resp.status_code, resp.get_json()) == (200, {"account": "acme", "user": "Ada Admin"})
    assert loads == ["toy"] and list(emu.specs) == ["toy"] and list(emu.pending) == ["fixed"]
    assert client.get(prefix + "/v1/widgets/1", headers=ADMIN).get_json()["name"] == "Sprocket"
    assert loads == ["toy"]
    # the API's own errors, from its first request on: a wrong key, an unknown path
    resp = app.test_client().get("/globex/v1/nope")
    assert (resp.status_code, resp.headers["Content-Type"], resp.text) == (404, "text/plain; charset=utf-8",
                                                                           "404 Not Found")


def test_an_apis_first_request_can_be_its_error() -> None:
    loads: list[str] = []
    resp = toy_app(loads).test_client().get("/fixed/v1/widgets/1")
    assert (resp.status_code, resp.headers["Content-Type"], resp.headers["WWW-Authenticate"]) == \
        (401, "text/plain; charset=utf-8", 'Key realm="toy"')
    assert loads == ["fixed"]


def test_the_control_api_sees_every_api_in_mount_order() -> None:
    loads: list[str] = []
    app = toy_app(loads)
    client = app.test_client()
    client.get("/fixed/v1/ping", headers=ADMIN)  # "fixed" first
    listing = client.get("/_emulator/credentials").get_json()
    assert loads == ["fixed", "toy"] and list(listing) == ["toy", "fixed"]
    assert listing["toy"]["tenants"][0]["users"][0]["key"] == "acme-admin-key"
    emu = app.extensions["emulator"]
    assert emu.pending == {} and emu.control_rows != [] and list(emu.specs) == ["toy", "fixed"]
    assert client.get("/_emulator/health").status_code == 200 and loads == ["fixed", "toy"]


def test_the_same_answers_as_an_app_built_whole() -> None:
    """The shipped APIs served lazily answer byte for byte as when all are added at start."""
    whole = create_app().test_client()
    parts = create_app(lazy=True)
    assert parts.extensions["emulator"].specs == {}
    client = parts.test_client()
    asks = [("GET", TODO, ESSENTIALS), ("GET", "/demo/api/v1/accounts/1",
                                        {"Authorization": "Bearer 9123bb25b12e853afa89d05fd77da55a2b02250a"}),
            ("GET", "/basicops/v1/nope", {}), ("GET", "/proworkflow/companies/2", {}),
            ("GET", "/_emulator/credentials", {})]
    for method, path, headers in asks:
        want, got = whole.open(path, method=method, headers=headers), client.open(path, method=method, headers=headers)
        assert (got.status_code, got.data) == (want.status_code, want.data), path
    assert parts.extensions["emulator"].pending == {}


def test_concurrent_first_requests_add_the_api_once() -> None:
    loads: list[str] = []
    app = toy_app(loads)
    statuses: list[int] = []

    def ask() -> None:
        statuses.append(app.test_client().get("/toy/acme/v1/widgets/2", headers=ADMIN).status_code)

    threads = [threading.Thread(target=ask) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert statuses == [200] * 8 and loads == ["toy"]


def test_an_api_added_later_keeps_its_tenants_from_the_data_dir(tmp_path: Path) -> None:
    loads: list[str] = []
    app = toy_app(loads, data_dir=tmp_path)
    resp = app.test_client().put("/toy/acme/v1/widgets", json={"name": "Kept", "size": 1}, headers=ADMIN)
    assert resp.status_code == 201
    created = resp.get_json()["ID"]
    app.extensions["emulator"].close()
    again: list[str] = []
    app = toy_app(again, data_dir=tmp_path)
    resp = app.test_client().get(f"/toy/acme/v1/widgets/{created}", headers=ADMIN)
    assert (resp.status_code, resp.get_json()["name"], again) == (200, "Kept", ["toy"])
    # an API the data dir has not seen yet starts from its fixtures, and the disk keeps them
    assert app.test_client().get("/fixed/v1/widgets/1", headers=ADMIN).get_json()["name"] == "Sprocket"
    app.extensions["emulator"].close()
    third = toy_app([], data_dir=tmp_path).test_client()
    assert third.get("/fixed/v1/widgets/1", headers=ADMIN).status_code == 200


def test_a_lazy_spec_must_agree_with_the_api_it_loads() -> None:
    wrong = LazySpec(name="toy", mount="/elsewhere/<account>", root_mount=True, client_base="/v1",
                     loader=lambda: TOY)
    with pytest.raises(ValueError, match="mount"):
        wrong.load()
    # the shipped packages say where they live without importing the API
    assert [(s.name, s.mount, s.root_mount, s.client_base) for s in load_specs(lazy=True)] == [
        ("essentials", "/essentials", False, "/api"), ("basicops", "/basicops", False, "/v1"),
        ("proworkflow", "/proworkflow", False, ""), ("zeyos", "/zeyos/<instance>", True, "/api/v1")]
    assert lazy_spec("zeyos").load() is load_specs(["zeyos"])[0]
