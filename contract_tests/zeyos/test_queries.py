"""List queries through HTTP: the body encodings real clients send, and the grammar's answers.

Seed 002 "Data Retrieval" (JSON body), "Authentication" (curl -d "fields[]=ID&fields[]=lastname
&limit=3": form data), "Pagination" (count), "Expanding JSON and Binary Data"; research §1.2: the
vue-kitchensink's PHP-bracket bodies, the JS client's JSON strings and repeated keys.
"""
from __future__ import annotations

import json

from .conftest import assert_text_error

T = 1524472045
SEED_QUERY = {
    "fields": {"Id": "ID", "Name": "lastname", "Nickname": "extdata.nickname", "Address": "contact.address",
               "Postalcode": "contact.postalcode", "Town": "contact.city", "SalesAgent": "assigneduser.name"},
    "filters": {"visibility": 0, "contact.country": {"IN": ["DE", "AT", "GB"]},
                "2": ["OR", {"lastmodified": {">": T}}, {"contact.lastmodified": {">": T}}]},
    "sort": ["+lastname", "-contact.country"], "limit": 3, "offset": 0}


def test_the_seed_example_query_with_a_json_body(zey) -> None:
    resp = zey.post("/accounts/", json=SEED_QUERY)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "application/json"
    assert resp.json() == [
        {"Id": 2, "Name": "BEQ Building Equipment", "Nickname": None, "Address": "Queensstreet",
         "Postalcode": "12923", "Town": "London", "SalesAgent": "max.power"},
        {"Id": 3, "Name": "CleanTexx", "Nickname": None, "Address": "Tower Bridge", "Postalcode": "12923",
         "Town": "London", "SalesAgent": None},
        {"Id": 1, "Name": "Lightexx AG", "Nickname": "Lightexx", "Address": "Schmittstr. 4",
         "Postalcode": "80172", "Town": "Munich", "SalesAgent": "max.power"}]
    count = zey.post("/accounts", json={"count": 1, "filters": SEED_QUERY["filters"]})
    assert count.json() == {"count": 3}


def test_json_with_a_charset_and_a_json_string_body(zey) -> None:
    resp = zey.post("/accounts", data=json.dumps({"fields": ["ID"], "limit": 2}),
                    headers={"Content-Type": "application/json;charset=utf-8"})
    assert resp.json() == [{"ID": 1}, {"ID": 2}]


def test_form_data_with_php_brackets_as_the_seed_curl_sends_it(zey) -> None:
    resp = zey.post("/contacts/", data="fields[]=ID&fields[]=lastname&fields[]=firstname&limit=3",
                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 200
    assert resp.json() == [{"ID": 1, "lastname": "Admin", "firstname": "Ada"},
                           {"ID": 2, "lastname": "Lightexx AG", "firstname": ""},
                           {"ID": 3, "lastname": "BEQ Building Equipment", "firstname": ""}]


def test_vue_kitchensink_bracket_groups_and_string_values(zey) -> None:
    """fields[Id]=ID&...&filters[1][]=OR&filters[1][1][assigneduser]=2&filters[1][2][owneruser]=2
    &filters[status][!=]=2&sort[]=-date&limit=10 (research §1.2), on action steps."""
    body = ("fields[Id]=ID&fields[Name]=name&fields[Username]=assigneduser.name&fields[Ticket]=ticket.name"
            "&filters[1][]=OR&filters[1][1][assigneduser]=3&filters[1][2][owneruser]=3"
            "&filters[status][!=]=2&sort[]=-date&limit=10")
    resp = zey.post("/actionsteps", data=body, headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 200, resp.text
    assert [r["Id"] for r in resp.json()] == [1, 2]  # -date: step 1 is a day later
    assert resp.json()[0] == {"Id": 1, "Name": "Called customer", "Username": "john.doe",
                              "Ticket": "Printer jammed"}


def test_form_values_holding_json_and_repeated_keys(zey) -> None:
    """The official JS client's form encoder: objects as JSON strings, arrays as repeated keys."""
    resp = zey.post("/tickets", data={"fields": ["ID", "name"], "filters": json.dumps({"status": {"IN": [0, 4]}}),
                                      "sort": "-ID"})
    assert resp.status_code == 200
    assert [r["ID"] for r in resp.json()] == [4, 2, 1]


def test_query_arguments_join_the_body(zey) -> None:
    resp = zey.post("/tickets?limit=1&fields[]=ID", json={"sort": ["-ID"]})
    assert resp.json() == [{"ID": 4}]


def test_joins_extdata_and_null_joins(zey) -> None:
    rows = zey.list("tickets", {"fields": {"0": "ID", "1": "account.lastname", "who": "assigneduser.email"},
                                "filters": {"ID": [1, 3]}}).json()
    assert rows == [{"ID": 1, "account.lastname": "Lightexx AG", "who": "john.doe@demo.example"},
                    {"ID": 3, "account.lastname": None, "who": None}]
    rows = zey.list("accounts", {"fields": ["ID"], "filters": {"extdata.segment": "enterprise"}}).json()
    assert rows == [{"ID": 1}]


def test_errors_are_text_in_the_seed_s_words(zey) -> None:
    assert_text_error(zey.list("accounts", {"fields": ["nope"]}), 400, "Bad Request: Invalid selection field")
    assert_text_error(zey.list("accounts", {"filters": {"contact.nope": 1}}), 400,
                      "Bad Request: Invalid selection field")
    assert_text_error(zey.list("accounts", {"filters": {"ID": {"~=": 1}}}), 400,
                      "Bad Request: Invalid filter operator")
    assert_text_error(zey.list("transactions", {"filters": {"visibility": 0}}), 400,
                      "Bad Request: Invalid selection field")  # transactions have no visibility column
    assert_text_error(zey.post("/accounts", data="{nope", headers={"Content-Type": "application/json"}), 400)


def test_paging_until_a_short_page_sees_every_row_once(zey) -> None:
    seen, offset = [], 0
    while True:
        page = zey.list("permissions", {"fields": ["ID"], "sort": ["identifier"], "limit": 7, "offset": offset}).json()
        seen += [r["ID"] for r in page]
        if len(page) < 7:
            break
        offset += 7
    assert sorted(seen) == list(range(1, 33))


def test_export_is_csv_for_admins_only(zey) -> None:
    resp = zey.list("tickets", {"fields": ["ID", "name"], "export": True, "filters": {"ID": [1, 2]}})
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/csv")
    assert resp.text == "ID;name\n1;Printer jammed\n2;Relaunch: new logo\n"
    assert_text_error(zey.as_("john").list("tickets", {"export": True}), 403, "Forbidden: Lacking access permission")


def test_expand_binfiles_and_json_columns(zey) -> None:
    rows = zey.list("messages", {"fields": ["ID", "subject", "binfile"], "expand": ["binfile"], "limit": 1}).json()
    assert rows[0]["ID"] == 1 and rows[0]["subject"] == "Test"
    assert rows[0]["binfile"]["content"].startswith("UmV0dXJuLVBhdGg6")  # the RFC 822 mail, as in the seed
    plain = zey.get("/transactions/1").json()["items"]
    assert isinstance(plain, str)
    assert isinstance(zey.get("/transactions/1?expand=items").json()["items"], list)
    assert isinstance(zey.get("/transactions/1?expand[]=items").json()["items"], list)
    note = zey.get("/notes/1", params=[("expand", "binfile"), ("expand", "nothing")]).json()
    assert note["binfile"] == {"content": "TWVldGluZyBub3Rlczogc2hpcCB0aGUgZW11bGF0b3IuCg=="}


def test_extdata_and_tags_on_get(zey) -> None:
    row = zey.get("/accounts/1?extdata=1&tags=1").json()
    assert row["extdata"] == {"nickname": "Lightexx", "segment": "enterprise"} and row["tags"] == ["Key Account"]
    assert zey.get("/accounts/2?extdata=1").json()["extdata"] == {}
    assert "extdata" not in zey.get("/accounts/2?extdata=0").json()
    assert zey.get("/tickets/1?tags=1&positions=1").json()["tags"] == ["Hardware"]  # unknown params are ignored


def test_writes_take_form_bodies_and_coerce_strings(zey) -> None:
    resp = zey.put("/tickets", data="name=From+a+form&status=4&priority=1&tags[]=Web&extdata[source]=form",
                   headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert resp.status_code == 201, resp.text
    row = resp.json()
    assert (row["status"], row["priority"]) == (4, 1)
    full = zey.get(f"/tickets/{row['ID']}?extdata=1&tags=1").json()
    assert full["tags"] == ["Web"] and full["extdata"] == {"source": "form"}
    patched = zey.patch(f"/tickets/{row['ID']}", json={"extdata": {"source": None}, "+tags": ["A"], "-tags": ["Web"]})
    assert patched.status_code == 200
    full = zey.get(f"/tickets/{row['ID']}?extdata=1&tags=1").json()
    assert full["tags"] == ["A"] and full["extdata"] == {}


def test_what_the_database_refuses_is_the_opaque_500(zey) -> None:
    assert_text_error(zey.put("/accounts", json={"lastname": "No currency"}), 500, "I am afraid I can't do that Dave!")
    assert_text_error(zey.put("/tickets", json={"name": "x", "status": 99}), 500)
    assert_text_error(zey.put("/tickets", json={"name": "x", "nope": 1}), 400, "Bad Request: Invalid selection field")


def test_delete_applies_the_schema_rules(zey) -> None:
    assert zey.delete("/accounts/1").status_code == 204
    assert zey.get("/addresses/1").status_code == 404  # CASCADE
    assert zey.get("/tickets/1").json()["account"] is None  # SET NULL
    assert zey.get("/accounts/1").status_code == 404


def test_visibility_partitions(zey) -> None:
    """The client's live scenario a17: tickets with visibility 0/1/2, counted per partition."""
    zey.patch("/tickets/2", json={"visibility": 2})
    counts = [zey.list("tickets", {"count": True, "filters": {"visibility": v}}).json()["count"] for v in (0, 1, 2)]
    assert counts == [2, 1, 1]
    assert zey.get("/tickets/2").json()["visibility"] == 2
