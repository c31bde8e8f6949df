"""The vendor's own contract: answers checked against ZeyOS's published api.json with openapi-core.

For every seed operation that api.json also describes (all but GET/HEAD /binfiles/{ID}, which the
newer spec dropped), one real request per entity and operation: the answer's status must be one
api.json documents for it, and its body, content type and headers must match api.json's schema.
Where the seed and api.json disagree the seed wins (docs/zeyos.md); none of those differences
makes an answer invalid against api.json (its extra fields are optional there).
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from emulator.apis.zeyos.schema import entities

from .conftest import TOKENS
from .test_operations import WRITABLE, a_change, body_for

SPEC = Path(__file__).resolve().parents[3] / "shared" / "reference" / "zeyos" / "api.json"
pytestmark = [pytest.mark.skipif(not SPEC.exists(), reason="../shared/reference/zeyos/api.json is not here"),
              pytest.mark.xdist_group("zeyos_vendor_spec")]  # one worker loads the vendor's spec


@pytest.fixture(scope="module")
def vendor(emulator_url: str) -> OpenAPI:
    spec = json.loads(SPEC.read_text())
    spec = copy.deepcopy(spec)
    spec["servers"] = [{"url": emulator_url + "/demo/api/v1"}]
    # api.json types Last-Modified as a JSON-Schema date-time (RFC 3339) while its own example, and
    # HTTP (RFC 9110 8.8.2), use an HTTP-date ("Fri, 29 Aug 1997 07:14:00 GMT"): HTTP wins
    spec["components"]["headers"]["Last-Modified"]["schema"].pop("format", None)
    # e-mail and URL columns are NOT NULL DEFAULT '' in dbref.json, so an unset one is "" (the real
    # service's answer too), which api.json's `format: email|uri` would refuse: the schema wins
    for schema in spec["components"]["schemas"].values():
        for prop in (schema.get("properties") or {}).values():
            if prop.get("format") in ("email", "uri", "url"):
                prop.pop("format")
    return OpenAPI.from_dict(spec)


def call(vendor: OpenAPI, emulator_url: str, method: str, path: str, body: dict | None = None,
         headers: dict | None = None) -> requests.Response:
    session = requests.Session()
    req = requests.Request(method, emulator_url + "/demo/api/v1" + path, json=body,
                           headers={"Authorization": f"Bearer {TOKENS['admin']}", **(headers or {})})
    prepared = session.prepare_request(req)
    resp = session.send(prepared, timeout=30, allow_redirects=False)
    vendor.validate_response(RequestsOpenAPIRequest(prepared), RequestsOpenAPIResponse(resp))
    return resp


IN_BOTH = sorted(n for n in entities() if n != "binfiles")


@pytest.mark.parametrize("name", IN_BOTH)
def test_reads_match_api_json(vendor, emulator_url, name: str) -> None:
    ent = entities()[name]
    assert call(vendor, emulator_url, "POST", f"/{name}", {}).status_code == 200
    # {"count": N} (seed "Pagination") is not in api.json, whose list answers only arrays
    if "get" in ent.operations:
        got = call(vendor, emulator_url, "GET", f"/{name}/1")
        assert got.status_code == 200
        assert call(vendor, emulator_url, "HEAD", f"/{name}/1").status_code == 204
        assert call(vendor, emulator_url, "GET", f"/{name}/1",
                    headers={"If-None-Match": got.headers["ETag"]}).status_code == 304
        assert call(vendor, emulator_url, "GET", f"/{name}/987654").status_code == 404


@pytest.mark.parametrize("name", [n for n in WRITABLE if n in IN_BOTH])
def test_writes_match_api_json(vendor, emulator_url, name: str) -> None:
    created = call(vendor, emulator_url, "PUT", f"/{name}", body_for(name))
    assert created.status_code == 201
    row = created.json()
    assert call(vendor, emulator_url, "PATCH", f"/{name}/{row['ID']}", a_change(name, row)).status_code == 200
    assert call(vendor, emulator_url, "PUT", f"/{name}", {**body_for(name), "ID": 1}).status_code == 409
    assert call(vendor, emulator_url, "DELETE", f"/{name}/{row['ID']}").status_code == 204


def test_errors_match_api_json(vendor, emulator_url) -> None:
    assert call(vendor, emulator_url, "POST", "/accounts", {"fields": ["nope"]}).status_code == 400
    resp = call(vendor, emulator_url, "POST", "/accounts", {}, headers={"Authorization": "Bearer " + "0" * 40})
    assert resp.status_code == 401
    resp = call(vendor, emulator_url, "POST", "/tickets", {}, headers={"Authorization": f"Bearer {TOKENS['guest']}"})
    assert resp.status_code == 403
