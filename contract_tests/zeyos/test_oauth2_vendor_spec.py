"""The vendor's own contract for the OAuth 2.0 API: answers checked against ZeyOS's oauth2.json
with openapi-core (status documented for the operation, content type, body schema, headers).

One relaxation, written where it is made: /userinfo's `permissions` items are a `oneOf` of three
objects that require no keys, so every item matches all three and no answer could ever be valid;
they are checked as `anyOf`.  Answers oauth2.json does not document (400 on /authorize and /token,
the form_post page) are checked by test_oauth2.py in RFC 6749's terms instead.
"""
from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

from .conftest import TOKENS
from .oauth import CALLBACK, CLIENT_ID, SECRET, basic, query_of, verifier_and_challenge

SPEC = Path(__file__).resolve().parents[3] / "shared" / "reference" / "zeyos" / "oauth2.json"
pytestmark = pytest.mark.skipif(not SPEC.exists(), reason="../shared/reference/zeyos/oauth2.json is not here")


@pytest.fixture(scope="module")
def vendor(emulator_url: str) -> OpenAPI:
    spec = copy.deepcopy(json.loads(SPEC.read_text()))
    spec["servers"] = [{"url": emulator_url + "/demo/oauth2/v1"}]
    userinfo = spec["paths"]["/userinfo"]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
    items = userinfo["properties"]["permissions"]["items"]
    items["anyOf"] = items.pop("oneOf")
    return OpenAPI.from_dict(spec)


@pytest.fixture
def call(vendor: OpenAPI, emulator_url: str):
    def send(method: str, path: str, **kw) -> requests.Response:
        session = requests.Session()
        prepared = session.prepare_request(requests.Request(method, emulator_url + "/demo/oauth2/v1" + path, **kw))
        resp = session.send(prepared, timeout=30, allow_redirects=False)
        vendor.validate_response(RequestsOpenAPIRequest(prepared), RequestsOpenAPIResponse(resp))
        return resp
    return send


def test_the_code_flow_answers_match_oauth2_json(call) -> None:
    verifier, challenge = verifier_and_challenge()
    redirect = call("GET", "/authorize", params={"client_id": CLIENT_ID, "redirect_uri": CALLBACK,
                                                 "response_type": "code", "code_challenge": challenge,
                                                 "code_challenge_method": "S256", "state": "s"})
    assert redirect.status_code == 303
    form = {"grant_type": "authorization_code", "code": query_of(redirect)["code"], "code_verifier": verifier,
            "client_id": CLIENT_ID, "client_secret": SECRET}
    token = call("POST", "/token", data=form)
    assert token.status_code == 200
    pair = token.json()
    assert call("POST", "/token", data={**form, "code": "0" * 40}).status_code == 403
    renewed = call("POST", "/token", headers=basic(), json={"grant_type": "refresh_token",
                                                            "refresh_token": pair["refresh_token"]})
    assert renewed.status_code == 200
    access = renewed.json()["access_token"]
    assert call("POST", "/token", headers=basic(), data={"grant_type": "refresh_token",
                                                         "refresh_token": pair["refresh_token"]}).status_code == 403
    assert call("POST", "/token", data={"grant_type": "password", "client_id": CLIENT_ID,
                                        "client_secret": "0" * 40}).status_code == 401
    seen = call("POST", "/introspect", data={"token": access, "client_id": CLIENT_ID, "client_secret": SECRET})
    assert seen.status_code == 200 and seen.json()["active"] is True
    assert call("POST", "/introspect", headers=basic(), data={"token": "0" * 40}).json() == {"active": False}
    assert call("POST", "/introspect", data={"token": access}).status_code == 401
    assert call("GET", "/userinfo", headers={"Authorization": f"Bearer {access}"}).status_code == 200
    assert call("POST", "/revoke", headers=basic(), data={"token": access}).status_code == 200
    assert call("POST", "/revoke", data={"token": access}).status_code == 401
    assert call("GET", "/userinfo", headers={"Authorization": f"Bearer {access}"}).status_code == 401


@pytest.mark.parametrize("user", sorted(TOKENS))
def test_userinfo_of_every_fixture_user_matches_oauth2_json(call, user: str) -> None:
    assert call("GET", "/userinfo", headers={"Authorization": f"Bearer {TOKENS[user]}"}).status_code == 200
