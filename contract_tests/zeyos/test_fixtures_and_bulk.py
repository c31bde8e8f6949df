"""Fixtures (fixtures/zeyos/*.json) and the --fake bulk generator: valid rows and keys everywhere."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulator.apis.zeyos import hooks, writes
from emulator.apis.zeyos.bulk import generate
from emulator.apis.zeyos.rows import dict_rows
from emulator.apis.zeyos.schema import entities

pytestmark = pytest.mark.no_emulator

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "zeyos"


def check_tables(tables: dict[str, list[dict]]) -> None:
    """Every value as a write would accept it, every key pointing at a row, every hook rule kept."""
    rows = dict_rows(tables)

    class Ctx:
        pass

    ctx = Ctx()
    ctx.rows = rows
    for name, records in tables.items():
        if name.startswith("_"):
            continue
        entity = entities()[name]
        seen = set()
        for row in records:
            assert row["ID"] not in seen, (name, row["ID"])
            seen.add(row["ID"])
            assert set(entity.fields) <= set(row), (name, set(entity.fields) - set(row))
            for key, f in entity.fields.items():
                if key != "ID" and f.type != "binfile":
                    writes.column_value(f, row[key])
            for column, fk in entity.fkeys.items():
                if row.get(column) is not None:
                    assert rows(fk.table).get(str(row[column])) is not None, (name, row["ID"], column)
            hooks.before_write(ctx, name, dict(row), None)


@pytest.mark.parametrize("instance", ["demo", "acme"])
def test_fixture_instances_are_complete_and_coherent(instance: str) -> None:
    doc = json.loads((FIXTURES / f"{instance}.json").read_text())
    check_tables(doc["tables"])
    users = {u["ID"] for u in doc["tables"]["users"]}
    assert {c["user_id"] for c in doc["credentials"] if c["kind"] != "appsecret"} == users
    assert all(len(c["value"]) == 40 for c in doc["credentials"] if c["kind"] == "token")
    # every application secret is also a credential (a cloned instance gets its own), and back
    apps = {a["ID"]: a for a in doc["tables"]["applications"]}
    secrets = {c["application"]: c["value"] for c in doc["credentials"] if c["kind"] == "appsecret"}
    assert secrets == {i: a["secret"] for i, a in apps.items() if a.get("secret")}
    assert doc["settings"]["instance"] == instance


def test_demo_covers_every_entity() -> None:
    doc = json.loads((FIXTURES / "demo.json").read_text())
    assert set(doc["tables"]) == set(entities())


def test_fixtures_are_what_the_builder_makes() -> None:
    from emulator.apis.zeyos.tools import make_fixtures

    assert make_fixtures.main(["--check"]) == 0


def test_bulk_makes_valid_rows_for_every_entity_without_touching_fixture_access() -> None:
    from faker import Faker

    doc = json.loads((FIXTURES / "demo.json").read_text())
    tables = {k: list(v) for k, v in doc["tables"].items()}
    before = {n: len(v) for n, v in tables.items()}
    fake = Faker()
    fake.seed_instance(7)
    generate(tables, fake, 25)
    assert all(len(tables[n]) == before.get(n, 0) + 25 for n in entities())
    check_tables(tables)
    fixture_users = {u["ID"] for u in doc["tables"]["users"]}
    fixture_groups = {g["ID"] for g in doc["tables"]["groups"]}
    new_members = tables["groups2users"][before["groups2users"]:]
    assert not any(m["user"] in fixture_users or m["group"] in fixture_groups for m in new_members)
    assert not any(p["group"] in fixture_groups for p in tables["permissions"][before["permissions"]:])
