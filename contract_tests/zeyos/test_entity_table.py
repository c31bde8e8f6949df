"""The entity table (emulator/apis/zeyos/entities.json) against its sources.

Seed 002: 318 method+path rows over 58 entities plus /config and /settings; each operation's
permission sentence; "Schema Definitions" (fields, enumerations, defaults).  dbref.json: foreign
keys and ON DELETE rules (research Appendix C), trigram search indexes (Appendix B).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulator.apis.zeyos.schema import document, entities, entity

pytestmark = pytest.mark.no_emulator

SHARED = Path(__file__).resolve().parents[3] / "shared"
ENDPOINTS = SHARED / "endpoints.json"


def test_every_seed_row_is_in_the_table_and_nothing_else() -> None:
    """All 318 documented rows (../shared/endpoints.json) and only those are operations of the table."""
    table_rows = {(op.method, op.path) for e in entities().values() for op in e.operations.values()}
    table_rows |= {(g["method"], g["path"]) for g in document()["general"].values()}
    assert len(table_rows) == 318 == document()["operation_count"]
    if not ENDPOINTS.exists():
        pytest.skip("../shared/endpoints.json is not here")
    documented = {(r["method"], r["path"]) for r in json.loads(ENDPOINTS.read_text()) if r["api"] == "zeyos"}
    assert table_rows == documented


def test_58_entities_each_with_a_list_get_and_exists() -> None:
    assert len(entities()) == 58
    for e in entities().values():
        assert "list" in e.operations, e.name
        if e.name != "links":  # the seed documents only POST /links
            assert {"get", "exists"} <= set(e.operations), e.name


@pytest.mark.parametrize("name", ["applications", "groups", "groups2users", "permissions", "resources",
                                  "services", "users", "weblets", "binfiles"])
def test_read_only_entities_have_no_writes(name: str) -> None:
    """Seed: these entities are listed, read and checked only."""
    assert set(entity(name).operations) == {"list", "get", "exists"}


@pytest.mark.parametrize(("name", "action", "any_of", "writable", "creator"), [
    ("accounts", "list", ("accounts",), False, False),
    ("accounts", "update", ("accounts",), True, False),
    ("transactions", "create", ("billing", "procurement", "production"), True, False),
    ("participants", "get", ("mailinglists", "campaigns"), False, False),
    ("groups2users", "list", ("admin",), False, False),
    ("users", "get", (), False, False),
    ("comments", "update", (), False, True),
    ("messagereads", "create", ("messages",), True, True),
    ("devices", "create", ("inventory",), False, False),  # the seed (and api.json) omit "writable" here
])
def test_permissions_parsed_from_each_operation(name, action, any_of, writable, creator) -> None:
    perm = entity(name).operations[action].permission
    assert (perm.any, perm.writable, perm.creator) == (any_of, writable, creator)


@pytest.mark.parametrize(("name", "column", "target", "rule"), [
    ("addresses", "account", "accounts", "CASCADE"),
    ("tickets", "account", "accounts", "SET NULL"),
    ("files", "binfile", "binfiles", "RESTRICT"),
    ("records", "assigneduser", "users", "CASCADE"),
    ("messages", "reference", "messages", "SET NULL"),
    ("items", "model", "items", "SET NULL"),
    ("groups2users", "group", "groups", "CASCADE"),
])
def test_foreign_keys_carry_the_schema_on_delete_rule(name, column, target, rule) -> None:
    fk = entity(name).fkeys[column]
    assert (fk.table, fk.on_delete) == (target, rule)
    assert any(r.entity == name and r.column == column for r in entity(target).referenced_by)


@pytest.mark.parametrize(("name", "columns"), [
    ("accounts", ("customernum", "firstname", "lastname", "suppliernum")),
    ("tickets", ("name", "ticketnum")),
    ("users", ("email", "name")),
    ("addresses", ()),
])
def test_search_columns_are_the_trigram_indexes(name, columns) -> None:
    assert entity(name).search == columns


def test_extdata_and_tags_follow_the_seed_get_parameters() -> None:
    ext = {n for n, e in entities().items() if e.extdata}
    tags = {n for n, e in entities().items() if e.tags}
    assert {"accounts", "tickets", "couponcodes", "participants", "stocktransactions", "links"} <= ext
    assert "channels" not in ext and "records" not in ext
    assert "records" in tags  # the seed offers tags=1 on records (no tag table in dbref: the seed wins)
    assert not {"couponcodes", "participants", "stocktransactions"} & tags


def test_fields_types_enums_defaults() -> None:
    t = entity("tickets").fields
    assert t["status"].type == "int" and t["status"].enum == tuple(range(12)) and t["status"].default == 0
    assert t["priority"].default == 2
    assert t["billingitems"].type == "json"
    assert t["creationdate"].server_default == "now" and t["creationdate"].server_set
    assert t["name"].required and t["name"].min_length == 1
    assert t["account"].nullable and not t["visibility"].nullable
    assert entity("accounts").fields["currency"].must_match == ("^[A-Z]{3}$",)
    assert entity("messages").fields["binfile"].type == "binfile"
    assert entity("messages").fields["attachments"].type == "array"
    assert entity("coupons").fields["foreigntaxrates"].type == "object"
    assert list(entity("links").fields)[:3] == ["ID", "assigneduser", "creationdate"]


def test_error_texts_come_from_the_seed() -> None:
    texts = document()["error_texts"]
    assert texts["401"] == "Unauthorized: Invalid token for bearer authentication"
    assert texts["403"] == "Forbidden: Lacking access permission"
    assert texts["500"] == "I am afraid I can't do that Dave!"


def test_auth_operations_from_auth_json() -> None:
    auth = document()["auth"]
    assert {(o["method"], o["path"]) for o in auth.values()} == {
        ("POST", "/login"), ("GET", "/logout"), ("GET", "/"), ("HEAD", "/")}


def test_generated_output_is_up_to_date() -> None:
    """The committed entities.json is what the generator makes from the sources now."""
    if not (SHARED / "seeds").exists():
        pytest.skip("../shared is not here")
    from emulator.apis.zeyos.tools import generate_entities

    assert generate_entities.main(["--check", "--shared", str(SHARED)]) == 0


def test_disagreements_are_recorded() -> None:
    where = {d["where"] for d in document()["disagreements"]}
    assert "GET /config content type" in where
    assert "records tags" in where
