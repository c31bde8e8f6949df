"""The record model (emulator/apis/zeyos/records.py) over the demo fixture, no HTTP.

Seed 002: PUT creates (201, server-set ID, creationdate, lastmodified, creator; 409 "ID Present"),
PATCH updates (409 "Non-matching ID", 410 Gone, 412), DELETE is permanent ("Permanently delete"),
extdata merges ("remove if null"), tags/+tags/-tags, "Requires (writable) X permission" (403
"Forbidden: Lacking access permission"), "Requires the authenticated user to be the creator".
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulator.apis.zeyos import records
from emulator.apis.zeyos.records import Context
from emulator.apis.zeyos.schema import entity
from emulator.core.api import ApiError
from emulator.core.fixtures import tenant_state
from emulator.core.store import Store

pytestmark = pytest.mark.no_emulator

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zeyos"
ADMIN, MAX, JOHN, GUEST, NOPUBLIC = 1, 2, 3, 4, 5


@pytest.fixture
def tenant():
    store = Store()
    return store.put_tenant("zeyos", "demo", tenant_state(json.loads((FIXTURES / "demo.json").read_text())))


def ctx(tenant, user_id: int) -> Context:
    return Context.of(tenant, tenant.table("users", id_key="ID").get(user_id))


def fails(status: int, message: str | None = None):
    class _Check:
        def __enter__(self):
            return self

        def __exit__(self, kind, exc, tb):
            assert isinstance(exc, ApiError), f"expected ApiError {status}, got {exc!r}"
            assert exc.status == status, (exc.status, exc.message)
            if message is not None:
                assert exc.message == message
            return True

    return _Check()


def test_access_comes_from_groups_and_permissions(tenant) -> None:
    assert ctx(tenant, ADMIN).access.admin
    sales = ctx(tenant, MAX).access
    assert not sales.admin and sales.permissions["accounts"] and sales.permissions["tickets"] is True
    john = ctx(tenant, JOHN).access
    assert john.permissions["accounts"] is False and john.permissions["tickets"] is True


def test_create_sets_id_dates_and_creator(tenant) -> None:
    row, tag = records.create(ctx(tenant, MAX), entity("accounts"), {"lastname": "New GmbH", "currency": "EUR"})
    assert row["ID"] == 5 and row["creator"] == MAX
    assert isinstance(row["creationdate"], int) and row["creationdate"] == row["lastmodified"]
    assert row["type"] == 0 and row["visibility"] == 0 and row["customernum"] == ""
    assert tag.startswith('"') and len(tag) == 34
    got, same = records.get(ctx(tenant, MAX), entity("accounts"), 5)
    assert got == row and same == tag


def test_create_coerces_form_strings_and_refuses_what_the_database_would(tenant) -> None:
    c = ctx(tenant, ADMIN)
    row, _ = records.create(c, entity("tickets"), {"name": "From a form", "status": "4", "priority": "1"})
    assert (row["status"], row["priority"]) == (4, 1)
    with fails(409, "Conflict: ID Present"):
        records.create(c, entity("tickets"), {"ID": 99, "name": "x"})
    with fails(400, "Bad Request: Invalid selection field"):
        records.create(c, entity("tickets"), {"name": "x", "nope": 1})
    for body in ({"status": 1}, {"name": "x", "status": 12}, {"name": " padded"}, {"name": "x", "priority": "hi"}):
        with fails(500, "I am afraid I can't do that Dave!"):
            records.create(c, entity("tickets"), body)
    with fails(500):
        records.create(c, entity("accounts"), {"lastname": "No currency"})
    with fails(500):
        records.create(c, entity("accounts"), {"currency": "EUR"})  # lastname or firstname is required


def test_missing_dependency_is_410_gone(tenant) -> None:
    c = ctx(tenant, ADMIN)
    with fails(410, "Gone"):
        records.create(c, entity("tickets"), {"name": "x", "account": 999})
    with fails(410):
        records.update(c, entity("tickets"), 1, {"project": 999})


def test_update_is_a_patch_that_resets_lastmodified_and_changes_the_etag(tenant) -> None:
    c = ctx(tenant, ADMIN)
    before, tag = records.get(c, entity("tickets"), 1)
    after, new_tag = records.update(c, entity("tickets"), 1, {"status": 9, "ID": 1})
    assert after["status"] == 9 and after["name"] == before["name"]
    assert after["lastmodified"] >= before["lastmodified"] and new_tag != tag
    with fails(409, "Conflict: Non-matching ID"):
        records.update(c, entity("tickets"), 1, {"ID": 2})
    with fails(404, "Not Found"):
        records.update(c, entity("tickets"), 999, {"status": 1})


def test_if_match_mismatch_changes_nothing(tenant) -> None:
    c = ctx(tenant, ADMIN)
    before, tag = records.get(c, entity("tickets"), 1)

    def precondition(current: str, row: dict) -> None:
        if current != '"stale"':
            raise ApiError(412, "Precondition Failed: Non-matching ETag")

    with fails(412):
        records.update(c, entity("tickets"), 1, {"status": 0}, precondition=precondition)
    with fails(412):
        records.delete(c, entity("tickets"), 1, precondition=precondition)
    assert records.get(c, entity("tickets"), 1) == (before, tag)


def test_extdata_merges_and_null_removes(tenant) -> None:
    c = ctx(tenant, ADMIN)
    acc = entity("accounts")
    _, tag = records.get(c, acc, 1, extdata=True)
    records.update(c, acc, 1, {"extdata": {"segment": None, "tier": 2, "nickname": "LX"}})
    row, new_tag = records.get(c, acc, 1, extdata=True)
    assert row["extdata"] == {"nickname": "LX", "tier": "2"} and new_tag != tag
    assert records.get(c, acc, 2, extdata=True)[0]["extdata"] == {}  # always present when asked for
    assert "extdata" not in records.get(c, acc, 2)[0]


def test_tags_reset_add_remove(tenant) -> None:
    c = ctx(tenant, ADMIN)
    acc = entity("accounts")
    records.update(c, acc, 1, {"+tags": ["VIP", "Key Account"]})
    assert records.get(c, acc, 1, tags=True)[0]["tags"] == ["Key Account", "VIP"]
    _, tag = records.get(c, acc, 1)
    records.update(c, acc, 1, {"-tags": ["Key Account", "Missing"]})
    row, new_tag = records.get(c, acc, 1, tags=True)
    assert row["tags"] == ["VIP"] and new_tag != tag
    records.update(c, acc, 1, {"tags": ["A", "B"]})
    assert records.get(c, acc, 1, tags=True)[0]["tags"] == ["A", "B"]


def test_permissions_answer_403(tenant) -> None:
    guest = ctx(tenant, GUEST)
    assert records.get(guest, entity("accounts"), 1)[0]["ID"] == 1
    with fails(403, "Forbidden: Lacking access permission"):
        records.update(guest, entity("accounts"), 1, {"lastname": "x"})
    with fails(403):
        records.list_records(guest, entity("tickets"), {})
    with fails(403):
        records.list_records(ctx(tenant, MAX), entity("groups2users"), {})
    with fails(404):  # HEAD documents no 403: without the permission the record is not there
        records.exists(guest, entity("tickets"), 1)
    john = ctx(tenant, JOHN)
    with fails(403):
        records.create(john, entity("accounts"), {"lastname": "x", "currency": "EUR"})
    assert records.list_records(john, entity("tickets"), {"count": 1}).count == 3


def test_ownership_hides_and_protects_private_records(tenant) -> None:
    """Ticket 4 belongs to group Sales; account 4 and contact 6 to group Support."""
    tickets = entity("tickets")
    john, max_ = ctx(tenant, JOHN), ctx(tenant, MAX)
    with fails(404):
        records.get(john, tickets, 4)
    assert 4 not in [r["ID"] for r in records.list_records(john, tickets, {"fields": ["ID"]}).rows]
    assert records.get(max_, tickets, 4)[0]["ownergroup"] == 2
    assert records.get(max_, entity("accounts"), 4)[0]["ID"] == 4  # max is a read-only member of Support
    with fails(403):
        records.update(max_, entity("accounts"), 4, {"lastname": "x"})
    nopublic = ctx(tenant, NOPUBLIC)
    assert [r["ID"] for r in records.list_records(nopublic, tickets, {"fields": ["ID"]}).rows] == [4]


def test_creator_rule(tenant) -> None:
    comments = entity("comments")
    with fails(403):
        records.update(ctx(tenant, ADMIN), comments, 1, {"text": "edited"})
    assert records.update(ctx(tenant, MAX), comments, 1, {"text": "edited"})[0]["text"] == "edited"
    with fails(403):
        records.create(ctx(tenant, MAX), comments, {"record": 1, "text": "x", "creator": ADMIN})
    row, _ = records.create(ctx(tenant, MAX), comments, {"record": 1, "text": "mine"})
    assert row["creator"] == MAX


def test_delete_is_hard_and_applies_on_delete_rules(tenant) -> None:
    c = ctx(tenant, ADMIN)
    records.delete(c, entity("accounts"), 1)
    with fails(404):
        records.get(c, entity("accounts"), 1)
    with fails(404):  # addresses.account: ON DELETE CASCADE
        records.get(c, entity("addresses"), 1)
    assert records.get(c, entity("tickets"), 1)[0]["account"] is None  # tickets.account: SET NULL
    assert records.get(c, entity("projects"), 1)[0]["account"] is None
    with fails(404):  # pricelists2accounts: CASCADE
        records.get(c, entity("pricelists2accounts"), 1)
    records.delete(ctx(tenant, JOHN), entity("records"), 1)  # its comments and files: CASCADE
    with fails(404):
        records.get(c, entity("comments"), 1)
    with fails(404):
        records.get(c, entity("files"), 1)


def test_binfile_content_write_and_expand(tenant) -> None:
    c = ctx(tenant, ADMIN)
    row, _ = records.create(c, entity("notes"), {"name": "With file", "binfile": {"content": "SGVsbG8gV29ybGQh"}})
    assert isinstance(row["binfile"], int) and row["size"] == 12
    got, _ = records.get(c, entity("notes"), row["ID"], expand=["binfile"])
    assert got["binfile"] == {"content": "SGVsbG8gV29ybGQh"}
    binfile, _ = records.get(c, entity("binfiles"), row["binfile"])
    assert binfile == {"ID": row["binfile"], "hash": "\\xed076287532e86365e841e92bfc50d8c", "size": 12}
    row, _ = records.create(c, entity("notes"), {"name": "Uri", "binfile": {"uri": "data:text/plain;base64,aGk="}})
    assert records.get(c, entity("notes"), row["ID"], expand=["binfile"])[0]["binfile"] == {"content": "aGk="}
    with fails(500):
        records.create(c, entity("notes"), {"name": "Both", "binfile": {"content": "aGk=", "uri": "data:,x"}})


def test_json_columns_are_text_unless_expanded(tenant) -> None:
    c = ctx(tenant, ADMIN)
    row, _ = records.get(c, entity("transactions"), 1)
    assert isinstance(row["items"], str) and json.loads(row["items"])[0]["item"] == 1
    assert isinstance(records.get(c, entity("transactions"), 1, expand=["items"])[0]["items"], list)
    updated, _ = records.update(c, entity("objects"), 1, {"data": '{"serial": "L43"}'})
    assert updated["data"] == '{"serial":"L43"}'


def test_links_passwords_are_masked(tenant) -> None:
    rows = records.list_records(ctx(tenant, ADMIN), entity("links"), {"fields": ["ID", "password"]}).rows
    assert rows == [{"ID": 1, "password": ""}, {"ID": 2, "password": "**********"}]


def test_visibility_is_a_plain_column(tenant) -> None:
    """No implicit filter: archived (1) and deleted (2) rows are listed and readable by ID."""
    c = ctx(tenant, ADMIN)
    tickets = entity("tickets")
    assert records.get(c, tickets, 3)[0]["visibility"] == 1
    records.update(c, tickets, 1, {"visibility": 2})
    counts = [records.list_records(c, tickets, {"count": 1, "filters": {"visibility": v}}).count for v in (0, 1, 2)]
    assert counts == [2, 1, 1]


def test_etag_covers_record_extdata_and_tags() -> None:
    base = {"ID": 1, "name": "x", "extdata": {}, "tags": []}
    tags = {records.etag(base), records.etag({**base, "name": "y"}), records.etag({**base, "extdata": {"a": "1"}}),
            records.etag({**base, "tags": ["t"]})}
    assert len(tags) == 4
    assert records.etag(dict(reversed(list(base.items())))) == records.etag(base)


# -- the Auth API's rules (tokens.py) -------------------------------------------------------------
def test_login_issues_a_40_hex_token_per_identifier_and_logout_voids_it(tenant) -> None:
    from emulator.apis.zeyos import tokens

    store = tenant.store
    out = tokens.login(tenant, {"name": "MAX.POWER", "password": "MySecretPwd", "identifier": "dev-1",
                                "appsecret": "ff55c5095a126d66faaa37cd71bc771672c56ec5"})
    assert out["user"] == MAX and out["application"] == 1 and out["expdate"] is None
    assert tokens.TOKEN_SHAPE.match(out["token"])
    who = tokens.resolve(store, tenant, bearer=out["token"], session=None, for_api=True)
    assert who.user["ID"] == MAX and who.application == 1
    again = tokens.login(tenant, {"name": "max.power@demo.example", "password": "MySecretPwd",
                                  "identifier": "dev-1", "appsecret": "ff55c5095a126d66faaa37cd71bc771672c56ec5"})
    with fails(401):  # the same (user, app, identifier): the old token is replaced
        tokens.resolve(store, tenant, bearer=out["token"], session=None, for_api=True)
    who = tokens.resolve(store, tenant, bearer=again["token"], session=None, for_api=True)
    tokens.logout(who)
    with fails(401, "Unauthorized: Invalid token for bearer authentication"):
        tokens.resolve(store, tenant, bearer=again["token"], session=None, for_api=True)


def test_login_failures_and_app_less_tokens(tenant) -> None:
    from emulator.apis.zeyos import tokens

    for body in ({"name": "max.power", "password": "wrong", "identifier": "x"},
                 {"name": "max.power", "password": "MySecretPwd"},
                 {"name": "max.power", "password": "MySecretPwd", "identifier": "bad id!"},
                 {"name": "max.power", "password": "MySecretPwd", "identifier": "x", "appsecret": "0" * 40}):
        with fails(401, "Unauthorized: Invalid credentials"):
            tokens.login(tenant, body)
    plain = tokens.login(tenant, {"name": "guest", "password": "guest-secret", "identifier": "cli"})
    assert plain["application"] is None
    assert tokens.resolve(tenant.store, tenant, bearer=plain["token"], session=None, for_api=False)
    with fails(401):
        tokens.resolve(tenant.store, tenant, bearer=plain["token"], session=None, for_api=True)
    tenant.update_settings({tokens.REQUIRE_APPLICATION: False})
    assert tokens.resolve(tenant.store, tenant, bearer=plain["token"], session=None, for_api=True)


def test_sessions_user_info_and_settings(tenant) -> None:
    from emulator.apis.zeyos import tokens

    session = next(c["value"] for c in tenant.credentials() if c["kind"] == "session" and c["user_id"] == ADMIN)
    who = tokens.resolve(tenant.store, tenant, bearer=None, session=session, for_api=True)
    info = tokens.user_info(who, access=True, settings=True)
    assert info["user"] == ADMIN and info["admin"] is True and info["groups"] == {"1": True}
    assert info["auth"] == {"user": ADMIN, "application": None, "lang": "en_US"}
    with fails(403, "Forbidden: Invalid application context"):
        tokens.application_settings(who)
    token = next(c["value"] for c in tenant.credentials() if c["kind"] == "token" and c["user_id"] == JOHN)
    john = tokens.resolve(tenant.store, tenant, bearer=token, session=None, for_api=True)
    assert tokens.application_settings(john) == {"theme": "light", "pagesize": 25}
    assert "admin" not in tokens.user_info(john, access=False, settings=False)
    assert tokens.system_config(tenant)["currency"] == "EUR"
