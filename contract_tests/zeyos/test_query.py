"""The list-query engine (emulator/apis/zeyos/query.py) as plain functions, no HTTP.

Seed 002 "Data Retrieval": fields (array or alias object), first-degree joins, extdata fields,
composite filters with the operators =, !=, <>, <, <=, >, >=, IN, !IN, ~, ~*, !~, !~*, ~~, ~~*, !~~,
!~~*, AND/OR/NOT groups, `query`, sort with +/-, limit/offset pagination, count, expand, export.
"""
from __future__ import annotations

import time

import pytest

from emulator.apis.zeyos.query import list_records
from emulator.apis.zeyos.rows import dict_rows
from emulator.apis.zeyos.schema import entity

pytestmark = pytest.mark.no_emulator

ACCOUNTS = entity("accounts")
T = 1524472045

TABLES = {
    "accounts": [
        {"ID": 1, "lastname": "Lightexx AG", "firstname": "", "customernum": "C-1", "contact": 1, "visibility": 0,
         "lastmodified": T + 10, "assigneduser": None, "type": 1, "currency": "EUR",
         "extdata": {"nickname": "lx", "score": "7"}},
        {"ID": 2, "lastname": "BEQ Building Equipment", "firstname": "", "customernum": "C-2", "contact": 2,
         "visibility": 0, "lastmodified": 1000, "assigneduser": 1, "type": 3, "currency": "GBP",
         "extdata": {"score": "12"}},
        {"ID": 15, "lastname": "CleanTexx", "firstname": "", "customernum": "", "contact": 3, "visibility": 0,
         "lastmodified": 1000, "assigneduser": None, "type": 2, "currency": "GBP", "extdata": {}},
        {"ID": 16, "lastname": "Hidden_Corp 100%", "firstname": "Anna", "customernum": "", "contact": None,
         "visibility": 2, "lastmodified": T + 99, "assigneduser": 2, "type": 0, "currency": "EUR", "extdata": {}},
    ],
    "contacts": [
        {"ID": 1, "address": "Schmittstr. 4", "postalcode": "80172", "city": "Munich", "country": "DE",
         "lastmodified": 1000},
        {"ID": 2, "address": "Queensstreet", "postalcode": "12923", "city": "London", "country": "GB",
         "lastmodified": T + 5},
        {"ID": 3, "address": "Tower Bridge", "postalcode": "12923", "city": "London", "country": "GB",
         "lastmodified": T + 5},
    ],
    "users": [{"ID": 1, "name": "Max Mueller"}, {"ID": 2, "name": "Anna Admin"}],
}
ROWS = dict_rows(TABLES)


def ids(body: dict, **kw) -> list[int]:
    return [r["ID"] for r in list_records(ACCOUNTS, {"fields": ["ID"], **body}, ROWS, **kw).rows]


def err(body: dict) -> tuple[int, str]:
    with pytest.raises(Exception) as info:
        list_records(ACCOUNTS, body, ROWS)
    return info.value.status, info.value.message


def test_the_seed_data_retrieval_example_answers_as_documented() -> None:
    """Seed "Data Retrieval": aliases, extdata, joins, IN, an OR group, +/- sort, limit 3."""
    body = {
        "fields": {"Id": "ID", "Name": "lastname", "Nickname": "extdata.nickname", "Address": "contact.address",
                   "Postalcode": "contact.postalcode", "Town": "contact.city", "SalesAgent": "assigneduser.name"},
        "filters": {"visibility": 0, "contact.country": {"IN": ["DE", "AT", "GB"]},
                    "2": ["OR", {"lastmodified": {">": T}}, {"contact.lastmodified": {">": T}}]},
        "sort": ["+lastname", "-contact.country"], "limit": 3, "offset": 0}
    rows = list_records(ACCOUNTS, body, ROWS).rows
    assert rows == [
        {"Id": 2, "Name": "BEQ Building Equipment", "Nickname": None, "Address": "Queensstreet",
         "Postalcode": "12923", "Town": "London", "SalesAgent": "Max Mueller"},
        {"Id": 15, "Name": "CleanTexx", "Nickname": None, "Address": "Tower Bridge", "Postalcode": "12923",
         "Town": "London", "SalesAgent": None},
        {"Id": 1, "Name": "Lightexx AG", "Nickname": "lx", "Address": "Schmittstr. 4", "Postalcode": "80172",
         "Town": "Munich", "SalesAgent": None}]
    count = list_records(ACCOUNTS, {"count": 1, "filters": body["filters"]}, ROWS)
    assert count.count == 3 and count.rows is None


def test_fields_array_object_and_unaliased_dotted_names() -> None:
    rows = list_records(ACCOUNTS, {"fields": {"0": "ID", "1": "contact.city", "who": "assigneduser.name"},
                                   "limit": 2}, ROWS).rows
    assert rows == [{"ID": 1, "contact.city": "Munich", "who": None},
                    {"ID": 2, "contact.city": "London", "who": "Max Mueller"}]
    rows = list_records(ACCOUNTS, {"fields": ["ID", "contact.city"], "filters": {"ID": 16}}, ROWS).rows
    assert rows == [{"ID": 16, "contact.city": None}]  # a null FK joins nothing: LEFT JOIN


def test_no_fields_gives_every_standard_field_and_no_pseudo_fields() -> None:
    row = list_records(ACCOUNTS, {"limit": 1}, ROWS).rows[0]
    assert list(row) == list(ACCOUNTS.fields)
    assert "extdata" not in row
    row = list_records(ACCOUNTS, {"limit": 1, "extdata": 1}, ROWS).rows[0]
    assert row["extdata"] == {"nickname": "lx", "score": "7"}


@pytest.mark.parametrize("body", [
    {"fields": ["nope"]}, {"fields": ["contact.nope"]}, {"fields": ["contact.account.name"]},
    {"fields": ["lastname.x"]}, {"filters": {"nope": 1}}, {"filters": {"contact.extdata.x": 1}},
    {"sort": ["-nope"]}, {"fields": [1]},
])
def test_unknown_fields_joins_and_sorts_answer_400_invalid_selection_field(body) -> None:
    assert err(body) == (400, "Bad Request: Invalid selection field")


def test_unknown_operator_and_malformed_filters() -> None:
    assert err({"filters": {"lastname": {"LIKE": "x"}}}) == (400, "Bad Request: Invalid filter operator")
    assert err({"filters": {"1": ["XOR", {"ID": 1}]}}) == (400, "Bad Request: Invalid filter operator")
    assert err({"filters": {"1": ["OR"]}})[0] == 400
    assert err({"filters": {"1": {"ID": 1}}})[0] == 400
    assert err({"filters": "nope"})[0] == 400
    assert err({"filters": {"visibility": "abc"}}) == (400, "Bad Request: Invalid filter value")


@pytest.mark.parametrize(("cond", "expected"), [
    ({"type": 3}, [2]),
    ({"type": {"=": "3"}}, [2]),  # form values are strings: coerced by column type
    ({"type": {"!=": 3}}, [1, 15, 16]),
    ({"type": {"<>": 3}}, [1, 15, 16]),
    ({"type": {"<": 2}}, [1, 16]),
    ({"type": {"<=": 2}}, [1, 15, 16]),
    ({"type": {">": 2}}, [2]),
    ({"type": {">=": "2"}}, [2, 15]),
    ({"type": {">": 0, "<": 3}}, [1, 15]),  # several operators on one field are AND-ed
    ({"type": {"IN": [1, "2"]}}, [1, 15]),
    ({"type": [1, 2]}, [1, 15]),  # a bare array means IN
    ({"type": {"!IN": [1, 2]}}, [2, 16]),
    ({"type": {"IN": []}}, []),
    ({"lastname": {"~": "^[BC]"}}, [2, 15]),
    ({"lastname": {"~*": "^c"}}, [15]),
    ({"lastname": {"!~": "Texx$"}}, [1, 2, 16]),
    ({"lastname": {"!~*": "texx"}}, [2, 16]),
    ({"lastname": {"~~": "%Texx"}}, [15]),
    ({"lastname": {"~~*": "%texx%"}}, [1, 15]),
    ({"lastname": {"!~~": "%Texx%"}}, [1, 2, 16]),
    ({"lastname": {"!~~*": "%TEXX%"}}, [2, 16]),
    ({"lastname": {"~~": "Hidden\\_Corp 100\\%"}}, [16]),  # escaped LIKE wildcards are literal
    ({"lastname": {"~~": "Hidden_Corp%"}}, [16]),
    ({"lastname": {"~~": "Clean_exx"}}, [15]),
    ({"assigneduser": None}, [1, 15]),  # null means IS NULL
    ({"assigneduser": {"!=": None}}, [2, 16]),
    ({"assigneduser": {"!=": 1}}, [16]),  # SQL: NULL != 1 is unknown, so NULL rows drop out
    ({"assigneduser": {"!IN": [1, None]}}, []),  # NOT IN with a NULL never matches
    ({"contact.country": "GB"}, [2, 15]),
    ({"assigneduser.name": {"~~": "Anna%"}}, [16]),
    ({"extdata.nickname": "lx"}, [1]),
    ({"extdata.score": {">": 8}}, [2]),  # extdata against a number reads its numeric value
    ({"extdata.score": {"<": 8}}, [1]),
    ({"extdata.score": {"<": "8"}}, [1, 2]),  # ... against text it compares text ("12" < "8")
    ({"customernum": ""}, [15, 16]),
])
def test_every_operator(cond, expected) -> None:
    assert ids({"filters": cond}) == expected


def test_groups_nest_to_any_depth_and_not_is_three_valued() -> None:
    deep: dict = {"ID": {">": 0}}
    for n in range(60):
        deep = {str(n): ["AND" if n % 2 else "OR", deep, {"ID": {"<": 100}}]}
    assert ids({"filters": deep}) == [1, 2, 15, 16]
    assert ids({"filters": {"0": ["AND", {"1": ["OR", {"ID": 1}, {"ID": 2}]}, {"type": 3}]}}) == [2]
    assert ids({"filters": {"5": ["NOT", {"type": 3}]}}) == [1, 15, 16]
    assert ids({"filters": {"5": ["NOT", {"type": 1}, {"currency": "EUR"}]}}) == [2, 15, 16]
    # NOT of unknown (assigneduser NULL) stays unknown: the rows with a NULL drop out
    assert ids({"filters": {"5": ["NOT", {"assigneduser": 1}]}}) == [16]
    assert ids({"filters": {"5": ["NOT", {"1": ["OR", {"assigneduser": 1}, {"type": 1}]}]}}) == [16]
    # a list at the top level (what PHP makes of filters[0][]=OR&...) works the same
    assert ids({"filters": [["OR", {"ID": 1}, {"ID": 15}]]}) == [1, 15]


def test_filter_and_filters_are_anded_and_json_strings_are_decoded() -> None:
    assert ids({"filter": {"currency": "GBP"}, "filters": {"type": 2}}) == [15]
    assert ids({"filters": '{"currency": "EUR"}', "sort": '["-ID"]'}) == [16, 1]


def test_form_encoded_shapes_as_php_parses_them() -> None:
    """vue-kitchensink's body: fields[Id]=ID&filters[1][]=OR&filters[1][1][assigneduser]=2&..."""
    body = {"fields": {"Id": "ID", "Agent": "assigneduser.name"},
            "filters": {"1": ["OR", {"assigneduser": "2"}, {"type": "1"}], "visibility": {"!=": "1"}},
            "sort": ["-ID"], "limit": "10", "offset": "0", "count": "0"}
    assert list_records(ACCOUNTS, body, ROWS).rows == [{"Id": 16, "Agent": "Anna Admin"},
                                                       {"Id": 1, "Agent": None}]


def test_query_searches_the_search_columns_case_insensitively_every_word() -> None:
    assert ids({"query": "texx"}) == [1, 15]
    assert ids({"query": "C-2"}) == [2]
    assert ids({"query": "clean texx"}) == [15]
    assert ids({"query": "anna hidden"}) == [16]


def test_sort_several_columns_nulls_last_ascending_first_descending() -> None:
    assert ids({"sort": ["currency", "-lastname"]}) == [1, 16, 15, 2]
    assert ids({"sort": ["assigneduser"]}) == [2, 16, 1, 15]
    assert ids({"sort": ["-assigneduser"]}) == [1, 15, 16, 2]
    assert ids({"sort": ["-contact.city", "ID"]}) == [16, 1, 2, 15]
    assert ids({"sort": ["extdata.score"]}) == [2, 1, 15, 16]
    assert [r["n"] for r in list_records(ACCOUNTS, {"fields": {"n": "lastname"}, "sort": ["-n"]}, ROWS).rows][0] \
        == "Lightexx AG"


def test_paging_is_exact_and_limit_bounds() -> None:
    everything = ids({"sort": ["lastname"]})
    pages = [ids({"sort": ["lastname"], "limit": 1, "offset": n}) for n in range(5)]
    assert sum(pages, []) == everything and pages[-1] == []
    assert ids({"limit": 20000}) == [1, 2, 15, 16]  # above 10000: capped silently
    assert err({"limit": 0}) == (400, "Bad Request: Invalid parameter")
    assert err({"offset": -1})[0] == 400
    assert err({"limit": "many"})[0] == 400


def test_distinct_and_count() -> None:
    rows = list_records(ACCOUNTS, {"fields": ["currency"], "distinct": True, "sort": ["currency"]}, ROWS).rows
    assert rows == [{"currency": "EUR"}, {"currency": "GBP"}]
    assert list_records(ACCOUNTS, {"count": True, "limit": 1}, ROWS).count == 4


def test_export_is_csv_with_semicolons_for_admins_only() -> None:
    result = list_records(ACCOUNTS, {"fields": ["ID", "lastname"], "export": 1, "filters": {"ID": [1, 16]}},
                          ROWS, admin=True)
    assert result.csv == "ID;lastname\n1;Lightexx AG\n16;Hidden_Corp 100%\n"
    with pytest.raises(Exception) as info:
        list_records(ACCOUNTS, {"export": 1}, ROWS, admin=False)
    assert (info.value.status, info.value.message) == (403, "Forbidden: Lacking access permission")


def test_expand_composite_columns() -> None:
    tickets = entity("tickets")
    rows = dict_rows({"tickets": [{"ID": 1, "name": "t", "billingitems": [{"type": 1, "text": "x"}]}]})
    plain = list_records(tickets, {"fields": ["billingitems"]}, rows).rows[0]["billingitems"]
    assert plain == '[{"type":1,"text":"x"}]'
    expanded = list_records(tickets, {"fields": ["billingitems"], "expand": ["billingitems"]}, rows).rows[0]
    assert expanded == {"billingitems": [{"type": 1, "text": "x"}]}
    msgs = entity("messages")
    rows = dict_rows({"messages": [{"ID": 188, "subject": "Test", "binfile": 1, "attachments": ["a.pdf", "b c"]}],
                      "binfiles": [{"ID": 1, "size": 2, "hash": "\\x00", "content": "aGk="}]})
    from emulator.apis.zeyos.binfiles import expander

    out = list_records(msgs, {"fields": ["ID", "subject", "binfile", "attachments"], "expand": ["binfile"]},
                       rows, binfile_content=expander(rows)).rows
    assert out == [{"ID": 188, "subject": "Test", "binfile": {"content": "aGk="}, "attachments": '{a.pdf,"b c"}'}]


@pytest.mark.parametrize(("pattern", "text", "match"), [
    ("^ab.c$", "ab\nc", True),  # . matches a newline in PostgreSQL
    ("c$", "abc\n", False),  # $ is the very end
    ("\\mfoo\\M", "a foo b", True),
    ("\\mfoo\\M", "afoo", False),
    ("\\yfoo", "a foo", True),
    ("[[:digit:]]+x", "a12x", True),
    ("(a)\\1", "xaax", True),  # back references
    ("***=a.b", "axb", False),  # a literal pattern
    ("(?i)ABC", "abc", True),
    ("a{2,3}", "ab", False),
])
def test_regular_expressions_match_as_postgresql(pattern, text, match) -> None:
    rows = dict_rows({"accounts": [{"ID": 1, "lastname": text}]})
    got = list_records(ACCOUNTS, {"fields": ["ID"], "filters": {"lastname": {"~": pattern}}}, rows).rows
    assert bool(got) is match


@pytest.mark.parametrize("pattern", ["a{256}", "(", "a)", "\\q", "*a", "[[:nope:]]"])
def test_invalid_regular_expressions_answer_400(pattern) -> None:
    assert err({"filters": {"lastname": {"~": pattern}}}) == (400, "Bad Request: Invalid regular expression")


def test_a_hostile_pattern_answers_within_a_second() -> None:
    """(a+)+$ over long strings: PostgreSQL answers at once, and so does the emulator."""
    rows = dict_rows({"accounts": [{"ID": i, "lastname": "a" * 5000 + "!"} for i in range(1, 201)]})
    for pattern in ["(a+)+$", "^(a|a)*$", "^(\\w+\\s?)*$", "%a%a%a%a%a%a%a%a%b"]:
        op = "~~" if pattern.startswith("%") else "~"
        start = time.thread_time()  # CPU time of this thread: what a hung matcher would burn, whatever the load
        got = list_records(ACCOUNTS, {"fields": ["ID"], "filters": {"lastname": {op: pattern}}}, rows).rows
        assert got == [] and time.thread_time() - start < 1.0, pattern


def test_a_hostile_backtracking_only_pattern_is_refused_not_hung() -> None:
    """A pattern RE2 cannot run (a back reference) is bounded by the query's time budget."""
    rows = dict_rows({"accounts": [{"ID": i, "lastname": "a" * 3000 + "!"} for i in range(1, 50)]})
    start, wall = time.thread_time(), time.monotonic()
    with pytest.raises(Exception) as info:
        list_records(ACCOUNTS, {"filters": {"lastname": {"~": "^(a|a)*\\1$"}}}, rows)
    assert time.thread_time() - start < 1.5  # CPU time: the budget stops the matcher, whatever the load
    assert time.monotonic() - wall < 10  # and it is never hung
    assert (info.value.status, info.value.message) == (500, "I am afraid I can't do that Dave!")


def test_visible_narrows_rows_and_the_budget_query_is_fast() -> None:
    assert ids({}, visible=lambda r: r["ID"] != 2) == [1, 15, 16]
    n = 20000
    big = dict_rows({
        "accounts": [{"ID": i, "lastname": f"N{i}", "contact": i, "visibility": i % 3, "lastmodified": i}
                     for i in range(1, n + 1)],
        "contacts": [{"ID": i, "country": ("DE", "GB", "US")[i % 3], "lastmodified": i} for i in range(1, n + 1)]})
    body = {"filters": {"visibility": 0, "contact.country": {"IN": ["DE", "GB"]},
                        "2": ["OR", {"lastmodified": {">": n - 100}}, {"contact.lastmodified": {"<": 50}}]},
            "fields": ["ID"]}
    start = time.monotonic()
    rows = list_records(ACCOUNTS, body, big).rows
    assert time.monotonic() - start < 0.25
    assert rows and all(r["ID"] % 3 == 0 for r in rows)
