"""The store's table semantics: ids, copies, unknown ids, and ids across snapshot, restore and disk reload."""
from __future__ import annotations

import threading
from decimal import Decimal

import pytest
import requests

from emulator import create_app
from emulator.core.app import Emulator
from emulator.core.fixtures import FixtureSet, tenant_state
from emulator.core.store import Store, TenantDB
from emulator.testing import EmulatorServer

from .support import ADMIN, ESSENTIALS, bearer


@pytest.fixture
def tenant() -> TenantDB:
    return Store().put_tenant("demo", "1", tenant_state({"tables": {
        "items": [{"id": 1, "name": "a"}, {"id": 2, "name": "b"}, {"id": 3, "name": "c", "tags": ["x"]}],
        "codes": [{"id": "alpha", "n": 1}, {"id": "beta", "n": 2}],
    }}))


def emulator_of(app) -> Emulator:
    return app.extensions["emulator"]


def crash(emu: Emulator) -> None:
    """What kill -9 leaves: the flushed change log, no fold at shutdown."""
    assert emu.disk is not None and emu.disk._log is not None
    emu.disk._log.close()
    emu.disk._log = None


# -- integer ids -------------------------------------------------------------------------------

def test_new_records_get_the_next_integer_id(tenant: TenantDB) -> None:
    items = tenant.table("items")
    assert items.insert({"name": "d"}) == {"id": 4, "name": "d"}
    assert items.insert({"name": "e"})["id"] == 5
    assert items.get(5) == {"id": 5, "name": "e"}


def test_a_deleted_last_id_is_never_given_again(tenant: TenantDB) -> None:
    items = tenant.table("items")
    assert items.delete(3) is True
    assert items.insert({"name": "d"})["id"] == 4
    assert items.delete(4) is True
    assert items.insert({"name": "e"})["id"] == 5
    assert items.get(3) is None and items.get(4) is None


def test_an_empty_table_does_not_start_again_from_one(tenant: TenantDB) -> None:
    items = tenant.table("items")
    assert items.delete_where(lambda r: True) == 3
    assert len(items) == 0
    assert items.insert({"name": "z"})["id"] == 4


def test_the_id_is_the_first_key_and_cannot_be_changed_by_update(tenant: TenantDB) -> None:
    items = tenant.table("items")
    rec = items.insert({"name": "d", "id": 99})
    assert list(rec) == ["id", "name"] and rec["id"] == 4
    assert items.update(4, {"id": 1, "name": "D"}) == {"id": 4, "name": "D"}
    assert items.get(1) == {"id": 1, "name": "a"}


def test_update_and_merge_replace_the_stored_record_and_share_nothing_a_caller_can_change(tenant: TenantDB) -> None:
    items = tenant.table("items")
    before = items.view(3)
    changes = {"name": "C", "meta": {"k": ["v"]}}
    merged = items.merge(3, changes)
    assert merged is items.view(3) and merged is not before  # a new stored record, not the old one changed
    assert before == {"id": 3, "name": "c", "tags": ["x"]}
    assert merged == {"id": 3, "name": "C", "tags": ["x"], "meta": {"k": ["v"]}}
    changes["meta"]["k"].append("changed after")  # the changes were copied in
    updated = items.update(3, {"name": "C2"})
    updated["tags"].append("y")  # update answers a copy
    assert items.get(3) == {"id": 3, "name": "C2", "tags": ["x"], "meta": {"k": ["v"]}}
    assert items.merge(99, {"name": "none"}) is None and items.update(99, {"name": "none"}) is None


def test_update_settings_writes_through_and_the_settings_follow(tenant: TenantDB) -> None:
    tenant.update_settings({"plan": "basic", "limits": {"n": 1}})
    assert tenant.settings == {"plan": "basic", "limits": {"n": 1}}
    tenant.update_settings({"plan": "pro"})
    assert tenant.settings == {"plan": "pro", "limits": {"n": 1}}
    tenant.settings["limits"]["n"] = 2  # the settings a caller reads are a copy of the stored row
    tenant.update_settings({"other": True})
    assert tenant.settings == {"plan": "pro", "limits": {"n": 1}, "other": True}


def test_explicit_integer_ids_move_the_counter_and_refuse_duplicates(tenant: TenantDB) -> None:
    items = tenant.table("items")
    assert items.insert({"name": "x"}, record_id=10)["id"] == 10
    assert items.insert({"name": "y"})["id"] == 11
    with pytest.raises(KeyError):
        items.insert({"name": "dup"}, record_id=2)
    assert items.get(2) == {"id": 2, "name": "b"}


def test_digit_strings_from_urls_find_integer_ids(tenant: TenantDB) -> None:
    items = tenant.table("items")
    assert items.get("2") == {"id": 2, "name": "b"}
    assert items.get("abc") is None
    assert items.get("２") is None  # a non-ASCII digit is not an id
    created = items.insert({"name": "d"})
    # a miss on a non-numeric string must not leave a stale lookup behind
    assert items.get(str(created["id"])) == created
    assert items.update(str(created["id"]), {"name": "D"})["name"] == "D"
    assert items.delete(str(created["id"])) is True


# -- string ids --------------------------------------------------------------------------------

def test_string_ids(tenant: TenantDB) -> None:
    codes = tenant.table("codes")
    assert codes.get("alpha") == {"id": "alpha", "n": 1}
    assert codes.insert({"n": 3}, record_id="gamma") == {"id": "gamma", "n": 3}
    assert codes.get("gamma")["n"] == 3
    with pytest.raises(KeyError):
        codes.insert({"n": 4}, record_id="alpha")
    assert codes.update("beta", {"n": 20, "id": "other"}) == {"id": "beta", "n": 20}
    assert codes.delete("alpha") is True
    assert codes.get("alpha") is None
    assert codes.get(2) is None  # the position a string id is kept at is not an id
    assert sorted(r["id"] for r in codes) == ["beta", "gamma"]


def test_string_ids_in_a_new_table(tenant: TenantDB) -> None:
    keys = tenant.table("keys")
    keys.insert({"v": 1}, record_id="k-1")
    keys.insert({"v": 2}, record_id="k-2")
    assert keys.get("k-2") == {"id": "k-2", "v": 2}
    assert keys.get("1") is None  # "1" is no string id of this table
    with pytest.raises(TypeError):
        keys.insert({"v": 3}, record_id=1.5)


def test_string_ids_survive_a_dump_and_load(tenant: TenantDB) -> None:
    tenant.table("codes").insert({"n": 3}, record_id="gamma")
    copy = Store().put_tenant("demo", "1", tenant.dump())
    assert copy.table("codes").get("gamma") == {"id": "gamma", "n": 3}
    copy.table("codes").insert({"n": 4}, record_id="delta")
    assert copy.table("codes").get("delta")["n"] == 4


# -- copies ------------------------------------------------------------------------------------

def test_returned_records_are_copies(tenant: TenantDB) -> None:
    items = tenant.table("items")
    for got in (items.get(3), items.first(name="c"), items.where(name="c")[0], items.all()[2],
                items.filter(lambda r: r["id"] == 3)[0], next(r for r in items if r["id"] == 3)):
        got["name"] = "changed"
        got["tags"].append("y")
    assert items.get(3) == {"id": 3, "name": "c", "tags": ["x"]}


def test_view_where_reads_the_rows_where_would_copy_and_follows_writes(tenant: TenantDB) -> None:
    items = tenant.table("items")
    assert items.view_where(name="c") == items.where(name="c") == [{"id": 3, "name": "c", "tags": ["x"]}]
    assert items.view_where(name="c")[0] is items.stored()["3"]  # the stored row: read only
    assert items.view_where(name="c", id=2) == [] and items.view_where(tags=["x"]) == items.where(tags=["x"])
    items.update(3, {"name": "d"})
    assert items.view_where(name="c") == [] and items.view_where(name="d")[0]["id"] == 3
    assert len(items.view_where()) == len(items.all())


def test_stored_rows_are_the_table_itself_keyed_by_doc_id(tenant: TenantDB) -> None:
    """Table.stored(): no copies, keyed by the doc id's string, and it follows writes."""
    items = tenant.table("items")
    rows = items.stored()
    assert sorted(rows) == ["1", "2", "3"]
    assert rows["2"] is items.view(2)
    items.insert({"name": "d"})
    assert items.stored()["4"]["name"] == "d"
    items.delete(1)
    assert "1" not in items.stored()
    assert tenant.table("nothing").stored() == {}
    codes = tenant.table("codes").stored()  # string ids: keyed by their internal doc ids
    assert sorted(r["id"] for r in codes.values()) == ["alpha", "beta"]


def test_inserted_and_updated_records_are_copies_both_ways(tenant: TenantDB) -> None:
    items = tenant.table("items")
    record = {"name": "d", "tags": ["p"]}
    stored = items.insert(record)
    record["tags"].append("q")
    stored["tags"].append("r")
    changes = {"tags": ["s"]}
    updated = items.update(stored["id"], changes)
    changes["tags"].append("t")
    updated["tags"].append("u")
    assert items.get(stored["id"])["tags"] == ["s"]


def test_settings_are_a_copy_of_the_stored_row() -> None:
    tenant = Store().put_tenant("demo", "1", tenant_state({"settings": {"nested": {"a": 1}, "flag": True}}))
    tenant.settings["nested"]["a"] = 2
    tenant.settings["flag"] = False
    copy = Store().put_tenant("demo", "1", tenant.dump())
    assert copy.settings == {"nested": {"a": 1}, "flag": True}


# -- unknown ids -------------------------------------------------------------------------------

@pytest.mark.parametrize("record_id", [99, "99", "x", None, True, 1.0, [1], {"id": 1}])
def test_unknown_ids(tenant: TenantDB, record_id) -> None:
    items = tenant.table("items")
    assert items.get(record_id) is None
    assert items.update(record_id, {"name": "z"}) is None
    assert items.delete(record_id) is False
    assert len(items) == 3


def test_a_table_that_was_never_written_is_empty(tenant: TenantDB) -> None:
    t = tenant.table("nothing")
    assert (len(t), t.all(), t.get(1), t.delete(1), t.update(1, {})) == (0, [], None, False, None)
    assert "nothing" not in tenant.table_names()


# -- snapshot / restore and the disk -----------------------------------------------------------

def test_ids_are_not_reused_after_snapshot_and_restore() -> None:
    emu = emulator_of(create_app())
    todos = emu.store.tenant("essentials", "1").table("todos")
    last = max(r["id"] for r in todos)
    assert todos.delete(last)
    emu.snapshot("after-delete")
    emu.restore("after-delete")
    todos = emu.store.tenant("essentials", "1").table("todos")
    assert todos.insert({"task": "new"})["id"] == last + 1


def test_restore_brings_back_the_saved_records_and_drops_later_ones() -> None:
    emu = emulator_of(create_app())
    todos = emu.store.tenant("essentials", "1").table("todos")
    before = todos.all()
    emu.snapshot("s")
    todos.insert({"task": "later"})
    todos.delete(before[0]["id"])
    emu.restore("s")
    assert emu.store.tenant("essentials", "1").table("todos").all() == before


@pytest.mark.parametrize("clean_shutdown", [True, False], ids=["closed", "crashed"])
def test_ids_are_not_reused_after_a_disk_reload(tmp_path, clean_shutdown: bool) -> None:
    emu = emulator_of(create_app(data_dir=tmp_path))
    todos = emu.store.tenant("essentials", "1").table("todos")
    made = todos.insert({"task": "x"})["id"]
    assert todos.delete(made)
    last = max(r["id"] for r in todos)
    assert todos.delete(last)
    emu.close() if clean_shutdown else crash(emu)

    again = emulator_of(create_app(data_dir=tmp_path))
    todos = again.store.tenant("essentials", "1").table("todos")
    assert todos.get(last) is None and todos.get(made) is None
    assert todos.insert({"task": "y"})["id"] == made + 1
    again.close()


def test_string_id_writes_survive_a_crash(tmp_path) -> None:
    emu = emulator_of(create_app(data_dir=tmp_path))
    t = emu.store.tenant("essentials", "2").table("keys")
    t.insert({"v": 1}, record_id="k-1")
    t.insert({"v": 2}, record_id="k-2")
    t.delete("k-1")
    crash(emu)
    again = emulator_of(create_app(data_dir=tmp_path))
    t = again.store.tenant("essentials", "2").table("keys")
    assert (t.get("k-1"), t.get("k-2")) == (None, {"id": "k-2", "v": 2})
    again.close()


# -- bulk data keyed like fixtures -------------------------------------------------------------

def test_bulk_records_with_string_ids_load(tmp_path) -> None:
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "1.json").write_text('{"tables": {"codes": [{"id": "a"}]}}')
    fixtures = FixtureSet(tmp_path)
    fixtures.load_api("demo")

    def generate(tables, fake, count):
        tables.setdefault("codes", []).extend({"id": fake.uuid4(), "n": i} for i in range(count))

    fixtures.add_bulk("demo", generate, 3, seed=1)
    tenant = Store().put_tenant("demo", "1", fixtures.state("demo", "1"))
    codes = tenant.table("codes")
    assert len(codes) == 4
    new = codes.insert({"n": 9}, record_id="z")
    assert codes.get("z") == new and codes.get("a") == {"id": "a"}


def test_fixture_states_are_fresh_independent_copies_also_after_bulk_data(tmp_path) -> None:
    """Reset and new tenants take FixtureSet.state(): each call a deep copy of its own, nothing
    shared with the parsed fixtures or another copy (even an object the fixtures hold twice)."""
    (tmp_path / "demo").mkdir()
    (tmp_path / "demo" / "1.json").write_text('{"settings": {"tags": ["a"]}, "tables": {"notes": [{"id": 1, "n": 1.5}]}}')
    fixtures = FixtureSet(tmp_path)
    fixtures.load_api("demo")
    first, second = fixtures.state("demo", "1"), fixtures.state("demo", "1")
    assert first == second and first is not second
    first["tables"]["notes"]["1"]["n"] = 2
    first["tables"]["_settings"]["1"]["tags"].append("b")
    again = fixtures.state("demo", "1")
    assert again["tables"]["notes"]["1"] == {"id": 1, "n": 1.5}
    assert again["tables"]["_settings"]["1"]["tags"] == ["a"]
    shared = {"x": [1]}

    def generate(tables, fake, count):
        tables["notes"].extend({"id": 10 + i, "meta": shared} for i in range(count))

    fixtures.add_bulk("demo", generate, 2, seed=1)  # the copies now carry the generated rows
    state = fixtures.state("demo", "1")
    assert sorted(state["tables"]["notes"]) == ["1", "10", "11"]
    state["tables"]["notes"]["10"]["meta"]["x"].append(2)
    assert state["tables"]["notes"]["11"]["meta"] == {"x": [1]}
    assert fixtures.state("demo", "2") is None

    def decimals(tables, fake, count):  # a value marshal cannot pack: the state is kept as it is
        tables["notes"].append({"id": 20, "amount": Decimal("1.10"), "meta": {"x": [1]}})

    fixtures.add_bulk("demo", decimals, 1, seed=1)
    first, second = fixtures.state("demo", "1"), fixtures.state("demo", "1")
    assert first["tables"]["notes"]["20"]["amount"] == Decimal("1.10")
    first["tables"]["notes"]["20"]["meta"]["x"].append(2)
    assert second["tables"]["notes"]["20"]["meta"] == {"x": [1]} and len(second["tables"]["notes"]) == 4


# -- threads -----------------------------------------------------------------------------------

def test_concurrent_writes_under_the_threaded_server_get_distinct_ids() -> None:
    with EmulatorServer() as srv:
        tenant = srv.emulator.store.tenant("essentials", "1")
        before = len(tenant.table("messages"))
        url = srv.url + ESSENTIALS + "/messages"
        statuses: list[int] = []
        ids: list[int] = []

        def writer(n: int) -> None:
            with requests.Session() as s:
                for i in range(10):
                    r = s.post(url, json={"message": f"m{n}-{i}"}, headers=bearer(ADMIN), timeout=30)
                    statuses.append(r.status_code)
                    if r.status_code == 201:
                        ids.append(r.json()["data"]["id"])

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        if set(statuses) == {404}:
            pytest.skip("POST /messages is not routed yet")
        assert statuses == [201] * 80
        assert len(set(ids)) == 80
        assert len(tenant.table("messages")) == before + 80


def test_unlocked_lets_other_threads_in_while_one_waits() -> None:
    """Store.unlocked: a request waiting on something outside the store (a URL fetch) releases the
    store lock, every level it held, and takes it back afterwards."""
    store = Store()
    got_in = threading.Event()

    def other() -> None:
        with store.lock:
            got_in.set()

    with store.lock, store.lock:  # held twice, as nested callers would
        with store.unlocked():
            worker = threading.Thread(target=other)
            worker.start()
            assert got_in.wait(5)
            worker.join(5)
        taken: list[bool] = []
        probe = threading.Thread(target=lambda: taken.append(store.lock.acquire(blocking=False)))
        probe.start()
        probe.join(5)
        assert taken == [False]  # ours again, after the wait
    assert store.lock.acquire(blocking=False)  # and fully released at the end
    store.lock.release()
    with store.unlocked():  # a thread holding nothing just goes on
        pass
