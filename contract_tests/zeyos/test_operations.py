"""Every documented operation of every entity, through HTTP, parametrized over the entity table.

Seed 002, per entity: "List X" (POST, 200 JSON array), "Create new X" (PUT, 201 + ETag; 409 "ID
Present"; 410 Gone), "Get X" (GET, 200 + ETag; 304 on If-None-Match; 404), "Check if X exists"
(HEAD, 204 + ETag; 304; 404), "Update existing X" (PATCH, 200 + ETag; 409 "Non-matching ID";
412 "Non-matching ETag"), "Delete X" (DELETE, 204; "Permanently delete"; 412); every operation 401
"Unauthorized: Invalid token for bearer authentication" with WWW-Authenticate, and 403
"Forbidden: Lacking access permission" where a permission is required.
"""
from __future__ import annotations

import re

import pytest

from emulator.apis.zeyos.schema import entities

from .conftest import DEMO, assert_text_error

ETAG = re.compile(r'^"[0-9a-f]{32}"$')
ENTITIES = sorted(entities())
WRITABLE = [n for n in ENTITIES if {"create", "update", "delete"} <= set(entities()[n].operations)]
READABLE = [n for n in ENTITIES if "get" in entities()[n].operations]
ROWS = [(op.method, op.path) for n in ENTITIES for op in entities()[n].operations.values()]
ROWS += [("GET", "/config"), ("GET", "/settings")]
SERVER = ("ID", "creationdate", "lastmodified", "creator")


def concrete(path: str, record_id: int = 1) -> str:
    return path.replace("{ID}", str(record_id))


def body_for(name: str) -> dict:
    """A create body for `name`: its first demo row without the server's and read-only fields."""
    ent = entities()[name]
    row = DEMO["tables"][name][0]
    body = {k: v for k, v in row.items()
            if k in ent.fields and k not in SERVER and ent.fields[k].type != "binfile"}
    if name == "records":
        body.pop("assigneduser", None)
    if name == "channels":  # "Name (unique)": a copy needs a name of its own
        body["name"] = f"Copy of {body['name']}"
    return body


def a_change(name: str, row: dict) -> dict:
    """A PATCH body that changes something visible."""
    ent = entities()[name]
    for key in ("description", "text", "name", "subject", "filename", "sender", "email", "code"):
        f = ent.fields.get(key)
        if f is not None and f.type == "string" and not f.must_match and f.enum is None:
            return {key: f"changed {row['ID']}" if key != "email" else f"changed{row['ID']}@example.com"}
    for key, f in ent.fields.items():
        if f.type == "string" and key not in SERVER and not f.must_match and f.enum is None and not f.max_length:
            return {key: f"changed {row['ID']}"}
    for key, f in ent.fields.items():
        if f.enum and key not in SERVER and len(f.enum) > 1 and f.type == "int":
            return {key: next(v for v in f.enum if v != row.get(key))}
    if "creationdate" in ent.fields:  # "defaults to" the creation time: a client may set it
        return {"creationdate": row["creationdate"] - 60}
    raise AssertionError(f"no field to change on {name}")


@pytest.mark.parametrize("name", ENTITIES)
def test_list_answers_every_row_as_a_json_array(zey, name: str) -> None:
    resp = zey.list(name)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    rows = resp.json()
    assert isinstance(rows, list) and len(rows) == len(DEMO["tables"][name])
    assert list(rows[0]) == list(entities()[name].fields)
    assert resp.headers["Cache-Control"] == "no-cache"
    assert resp.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("name", READABLE)
def test_get_and_head_answer_with_the_same_etag_and_304(zey, name: str) -> None:
    got = zey.get(f"/{name}/1")
    assert got.status_code == 200 and got.headers["Content-Type"] == "application/json"
    tag = got.headers["ETag"]
    assert ETAG.match(tag)
    assert got.json()["ID"] == 1 and list(got.json()) == list(entities()[name].fields)
    head = zey.head(f"/{name}/1")
    assert head.status_code == 204 and head.headers["ETag"] == tag and head.content == b""
    for method in (zey.get, zey.head):
        cached = method(f"/{name}/1", headers={"If-None-Match": tag})
        assert cached.status_code == 304 and cached.content == b"" and cached.headers["ETag"] == tag
    assert zey.get(f"/{name}/1", headers={"If-None-Match": '"other"'}).status_code == 200
    assert_text_error(zey.get(f"/{name}/987654"), 404, "Not Found")
    assert zey.head(f"/{name}/987654").status_code == 404


@pytest.mark.parametrize("name", WRITABLE)
def test_create_read_update_delete(zey, name: str) -> None:
    created = zey.put(f"/{name}", json=body_for(name))
    assert created.status_code == 201, created.text
    assert created.headers["Content-Type"] == "application/json"
    row, tag = created.json(), created.headers["ETag"]
    assert ETAG.match(tag) and list(row) == list(entities()[name].fields)
    new_id = row["ID"]
    assert new_id > max(r["ID"] for r in DEMO["tables"][name])
    assert created.headers["Content-Location"] == f"/demo/api/v1/{name}/{new_id}"
    for key in ("creationdate", "lastmodified"):
        if key in row:
            assert isinstance(row[key], int) and row[key] > 1_700_000_000
    if "creator" in row:
        assert row["creator"] == 1
    got = zey.get(f"/{name}/{new_id}")
    assert got.json() == row and got.headers["ETag"] == tag

    change = a_change(name, row)
    assert_text_error(zey.patch(f"/{name}/{new_id}", json=change, headers={"If-Match": '"stale"'}), 412)
    assert_text_error(zey.patch(f"/{name}/{new_id}", json={**change, "ID": new_id + 1}), 409,
                      "Conflict: Non-matching ID")
    assert zey.get(f"/{name}/{new_id}").headers["ETag"] == tag  # nothing changed
    patched = zey.patch(f"/{name}/{new_id}", json={**change, "ID": new_id}, headers={"If-Match": tag})
    assert patched.status_code == 200, patched.text
    assert patched.headers["ETag"] != tag and ETAG.match(patched.headers["ETag"])
    key = next(iter(change))
    if key == "extdata":
        assert zey.get(f"/{name}/{new_id}?extdata=1").json()["extdata"]["changed"] == "yes"
    else:
        assert patched.json()[key] == change[key]
    assert zey.get(f"/{name}/{new_id}").headers["ETag"] == patched.headers["ETag"]

    assert_text_error(zey.delete(f"/{name}/{new_id}", headers={"If-Match": tag}), 412)
    deleted = zey.delete(f"/{name}/{new_id}", headers={"If-Match": patched.headers["ETag"]})
    assert deleted.status_code == 204 and deleted.content == b""
    assert_text_error(zey.get(f"/{name}/{new_id}"), 404)
    assert_text_error(zey.delete(f"/{name}/{new_id}"), 404)
    assert_text_error(zey.patch(f"/{name}/{new_id}", json=change), 404)


@pytest.mark.parametrize("name", WRITABLE)
def test_create_with_an_id_is_409_id_present(zey, name: str) -> None:
    assert_text_error(zey.put(f"/{name}", json={**body_for(name), "ID": 5}), 409, "Conflict: ID Present")


@pytest.mark.parametrize("name", [n for n in WRITABLE if 410 in entities()[n].operations["create"].statuses
                                  and any(entities()[n].fields[c].type != "binfile" and c != "creator"
                                          for c in entities()[n].fkeys)])
def test_a_missing_dependency_is_410_gone(zey, name: str) -> None:
    ent = entities()[name]
    column = next(c for c in ent.fkeys if ent.fields[c].type != "binfile" and c != "creator")
    assert_text_error(zey.put(f"/{name}", json={**body_for(name), column: 987654}), 410, "Gone")
    mine = zey.put(f"/{name}", json=body_for(name)).json()["ID"]  # some entities: only the creator may PATCH
    assert_text_error(zey.patch(f"/{name}/{mine}", json={column: 987654}), 410, "Gone")


@pytest.mark.parametrize(("method", "path"), ROWS, ids=[f"{m} {p}" for m, p in ROWS])
def test_every_operation_needs_a_credential(zey, method: str, path: str) -> None:
    resp = zey.anon().request(method, concrete(path), json={} if method in ("POST", "PUT", "PATCH") else None)
    assert resp.status_code == 401
    assert resp.headers["WWW-Authenticate"] == 'Bearer realm="demo" error="invalid_token"'
    if method != "HEAD":
        assert_text_error(resp, 401, "Unauthorized: Invalid token for bearer authentication")
    bad = zey.with_headers({"Authorization": "Bearer " + "0" * 40}).request(method, concrete(path))
    assert bad.status_code == 401


GUEST_FORBIDDEN = [(n, op) for n in ENTITIES for op in entities()[n].operations.values()
                   if op.permission.any
                   and (op.permission.writable or not {"accounts", "contacts"} & set(op.permission.any))]


@pytest.mark.parametrize(("name", "op"), GUEST_FORBIDDEN, ids=[f"{op.method} {op.path}" for _, op in GUEST_FORBIDDEN])
def test_missing_permissions_answer_403(zey, name: str, op) -> None:
    """The guest holds only read `accounts` and `contacts`."""
    body = body_for(name) if op.action == "create" else {}
    resp = zey.as_("guest").request(op.method, concrete(op.path), json=body if op.method != "GET" else None)
    if op.action == "exists":
        assert resp.status_code == 404  # HEAD documents no 403
    else:
        assert_text_error(resp, 403, "Forbidden: Lacking access permission")


UNDOCUMENTED = []
for _n in ENTITIES:
    _ops = {(op.method, op.path.endswith("{ID}")) for op in entities()[_n].operations.values()}
    for _m in ("GET", "PUT", "POST", "PATCH", "DELETE"):
        if (_m, False) not in _ops:
            UNDOCUMENTED.append((_m, f"/{_n}"))
        if any(by_id for _, by_id in _ops) and (_m, True) not in _ops:
            UNDOCUMENTED.append((_m, f"/{_n}/1"))


@pytest.mark.parametrize(("method", "path"), UNDOCUMENTED, ids=[f"{m} {p}" for m, p in UNDOCUMENTED])
def test_undocumented_methods_answer_405(zey, method: str, path: str) -> None:
    resp = zey.request(method, path)
    assert_text_error(resp, 405)
    assert "Allow" in resp.headers


@pytest.mark.parametrize("path", ["/accounts", "/accounts/", "/accounts/1", "/accounts/1/"])
def test_routes_answer_with_and_without_a_trailing_slash(zey, path: str) -> None:
    resp = zey.post(path, json={"fields": ["ID"]}) if path.rstrip("/").endswith("accounts") else zey.get(path)
    assert resp.status_code == 200 and "Location" not in resp.headers
