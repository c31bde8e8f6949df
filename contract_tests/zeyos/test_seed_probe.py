"""A black-box probe of seed 002 (ZeyOS Standard REST API), written from the seed alone.

Each check quotes the seed sentence it holds the emulator to. Expected values come from the demo
fixture (fixtures/zeyos/demo.json), never from the implementation.
"""
from __future__ import annotations

import base64
import csv
import io

from .conftest import APPSECRET, DEMO, TOKENS, assert_text_error

ACCOUNTS = DEMO["tables"]["accounts"]
CONTACTS = DEMO["tables"]["contacts"]
UNAUTHORIZED = "Unauthorized: Invalid token for bearer authentication"
FORBIDDEN = "Forbidden: Lacking access permission"


def _ids(resp) -> list[int]:
    assert resp.status_code == 200, (resp.status_code, resp.text[:300])
    return [row["ID"] for row in resp.json()]


def _new_account(zey, **extra) -> dict:
    # currency is NOT NULL without a default (research §3, observed live), so a create names it
    resp = zey.put("/accounts", json={"lastname": "Probe GmbH", "currency": "EUR", **extra})
    assert resp.status_code == 201, (resp.status_code, resp.text[:300])
    return resp.json()


# --- Return values and error handling -------------------------------------------------------------

def test_success_is_a_json_result(zey) -> None:
    """Seed: "HTTP status code 200 or 201 are used to indicate a successful response, and the result
    will be a JSON object." """
    resp = zey.list("accounts", {"fields": ["ID"]})
    assert resp.status_code == 200
    assert resp.headers["Content-Type"].startswith("application/json")
    assert sorted(r["ID"] for r in resp.json()) == sorted(a["ID"] for a in ACCOUNTS)


def test_an_error_is_a_text_message(zey) -> None:
    """Seed: "When an error occurs, the HTTP status code will be 400 or greater, and the response will
    be a text message." (a ticket that does not exist)"""
    resp = zey.get("/tickets/987654")
    assert resp.status_code == 404
    assert resp.headers["Content-Type"].startswith("text/plain")
    assert resp.text and not resp.text.lstrip().startswith("{")


def test_401_text_and_www_authenticate_on_a_bad_bearer_token(zey) -> None:
    """Seed: 401 example "Unauthorized: Invalid token for bearer authentication" with the response
    header WWW-Authenticate "Preferred authentication scheme (RFC 7235)"."""
    resp = zey.with_headers({"Authorization": "Bearer " + "0" * 40}).get("/config")
    assert_text_error(resp, 401, UNAUTHORIZED)
    assert resp.headers["WWW-Authenticate"].lower().startswith("bearer")


def test_401_without_any_credential_on_an_item_route(zey) -> None:
    """Seed: "The ZeyOS REST API is only usable for authenticated users." (HEAD documents 401)"""
    resp = zey.anon().head("/accounts/1")
    assert resp.status_code == 401
    assert "WWW-Authenticate" in resp.headers


# --- general --------------------------------------------------------------------------------------

def test_config_is_an_object(zey) -> None:
    """Seed: "GET /config Return the user-visible system configuration." 200 type object."""
    resp = zey.get("/config")
    assert resp.status_code == 200 and isinstance(resp.json(), dict)


def test_settings_are_the_authenticating_applications(zey) -> None:
    """Seed: "GET /settings Return the settings of the application that was used for authentication." """
    app = next(a for a in DEMO["tables"]["applications"] if a["secret"] == APPSECRET)
    resp = zey.get("/settings")
    assert resp.status_code == 200
    assert resp.json() == app["settings"]


# --- Authentication -------------------------------------------------------------------------------

def test_login_token_works_as_bearer_and_response_shape(auth, zey) -> None:
    """Seed: login with name, password, identifier, appsecret answers {"user", "application", "token",
    "identifier", "expdate"}; "include the Authorization header ... Bearer, a space, the obtained token"."""
    resp = auth.post("/login", data={"name": "max.power", "password": "MySecretPwd",
                                     "identifier": "ProbeDevice", "appsecret": APPSECRET})
    assert resp.status_code == 200
    body = resp.json()
    assert set(body) == {"user", "application", "token", "identifier", "expdate"}
    assert body["user"] == 2 and body["identifier"] == "ProbeDevice" and body["expdate"] is None
    me = zey.with_headers({"Authorization": f"Bearer {body['token']}"}).get("/accounts/1")
    assert me.status_code == 200 and me.json()["ID"] == 1


def test_zeyosid_cookie_authenticates(zey) -> None:
    """Seed: "session: Session Cookie Authentication (RFC 6265) in cookie name ZEYOSID"."""
    from .conftest import SESSIONS
    resp = zey.anon().get("/accounts/2", headers={"Cookie": f"ZEYOSID={SESSIONS['admin']}"})
    assert resp.status_code == 200 and resp.json()["ID"] == 2


# --- Field selection ------------------------------------------------------------------------------

def test_fields_as_an_array_select_only_those(zey) -> None:
    """Seed: "The field selection references all fields you want to have included in your query results.
    You can either specify your field selection as and array or as an object." """
    rows = zey.list("accounts", {"fields": ["ID", "currency"]}).json()
    assert rows and all(set(r) == {"ID", "currency"} for r in rows)


def test_fields_as_an_object_use_aliases(zey) -> None:
    """Seed: "Using an object is useful if you want to specify alias names." """
    rows = zey.list("accounts", {"fields": {"Id": "ID", "Name": "lastname"}, "filters": {"ID": 1}}).json()
    assert rows == [{"Id": 1, "Name": "Lightexx AG"}]


def test_first_degree_join_and_extdata_field(zey) -> None:
    """Seed: "you can also perform simple join operations within the entity's first degree relationships"
    and "you can also select extdata fields" (contact.city, extdata.nickname)."""
    rows = zey.list("accounts", {"fields": {"Id": "ID", "Town": "contact.city", "Nick": "extdata.nickname"},
                                 "sort": ["ID"], "limit": 2}).json()
    assert rows == [{"Id": 1, "Town": "Munich", "Nick": "Lightexx"},
                    {"Id": 2, "Town": "London", "Nick": None}]


# --- Filters --------------------------------------------------------------------------------------

def test_filter_plain_value_is_equality(zey) -> None:
    """Seed: filters {"field": "value", ...}."""
    assert _ids(zey.list("accounts", {"filters": {"currency": "GBP"}, "sort": ["ID"]})) == [2, 3]


def test_filter_two_operators_in_one_object_are_anded(zey) -> None:
    """Seed: "field3": {"<": "value1", ">": "value2"}."""
    assert _ids(zey.list("accounts", {"filters": {"ID": {"<": 4, ">": 1}}, "sort": ["ID"]})) == [2, 3]


def test_filter_not_equals_both_spellings(zey) -> None:
    """Seed: "!=, <>: Not equals"."""
    a = _ids(zey.list("accounts", {"filters": {"currency": {"!=": "EUR"}}, "sort": ["ID"]}))
    b = _ids(zey.list("accounts", {"filters": {"currency": {"<>": "EUR"}}, "sort": ["ID"]}))
    assert a == b == [2, 3]


def test_filter_in_and_not_in(zey) -> None:
    """Seed: "IN: Contains" and "!IN: Does not contain"."""
    assert _ids(zey.list("accounts", {"filters": {"type": {"IN": [2, 3]}}, "sort": ["ID"]})) == [3, 4]
    assert _ids(zey.list("accounts", {"filters": {"type": {"!IN": [2, 3]}}, "sort": ["ID"]})) == [1, 2]


def test_filter_less_or_equal_and_greater_or_equal(zey) -> None:
    """Seed: "<=: Less than or equal to", ">=: Greater than or equal to"."""
    assert _ids(zey.list("accounts", {"filters": {"ID": {">=": 2, "<=": 3}}, "sort": ["ID"]})) == [2, 3]


def test_filter_like_and_case_insensitive_like(zey) -> None:
    """Seed: "~~: Is like", "~~*: Is like, case-insensitive", "!~~: Not like"."""
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~~": "%Texx%"}}})) == [3]
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~~*": "%texx%"}}, "sort": ["ID"]})) == [1, 3]
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"!~~": "%Texx%"}}, "sort": ["ID"]})) == [1, 2, 4]


def test_filter_regular_expressions(zey) -> None:
    """Seed: "~: Matches regular expression", "~*: ..., case-insensitive", "!~*: Not matches ...,
    case-insensitive"."""
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~": "^C"}}, "sort": ["ID"]})) == [3, 4]
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~*": "^c"}}, "sort": ["ID"]})) == [3, 4]
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~": "^c"}}})) == []
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"!~*": "^c"}}, "sort": ["ID"]})) == [1, 2]


def test_filter_or_group_under_a_numeric_key(zey) -> None:
    """Seed: 2: ["OR", {"lastmodified": ...}, {"contact.lastmodified": ...}] next to plain filters."""
    body = {"filters": {"visibility": 0, "2": ["OR", {"ID": 1}, {"contact.city": "London"}]}, "sort": ["ID"]}
    assert _ids(zey.list("accounts", body)) == [1, 2, 3]


def test_filter_not_group(zey) -> None:
    """Seed: ["AND/OR/NOT", {...}, {...}]."""
    body = {"filters": {"1": ["NOT", {"currency": "EUR"}]}, "sort": ["ID"]}
    assert _ids(zey.list("accounts", body)) == [2, 3]


def test_filter_on_a_joined_field(zey) -> None:
    """Seed example: "contact.country": {"IN": ["DE", "AT", "GB"]}."""
    body = {"filters": {"contact.country": {"IN": ["AT"]}}}
    assert _ids(zey.list("accounts", body)) == [4]


def test_filter_key_is_the_documented_parameter_name(zey) -> None:
    """Seed's parameter table: "filter in formData object: Eliminate results that do not match specified
    filter criteria" (the singular name)."""
    assert _ids(zey.list("accounts", {"filter": {"currency": "EUR"}, "sort": ["ID"]})) == [1, 4]


# --- Search, sorting, pagination ------------------------------------------------------------------

def test_query_searches_name_strings(zey) -> None:
    """Seed: "The query parameter allows to specify a search string, that will be applied to all searchable
    strings, such as name." """
    assert _ids(zey.list("tickets", {"query": "printer"})) == [1]


def test_sort_descending_and_ascending_modifiers(zey) -> None:
    """Seed: "+ for ascending", "- for descending"; "use the minus sign (-) as a prefix to sort by a field
    in descending instead of ascending order (default)"."""
    names = sorted(a["lastname"] for a in ACCOUNTS)
    down = zey.list("accounts", {"fields": ["lastname"], "sort": ["-lastname"]}).json()
    up = zey.list("accounts", {"fields": ["lastname"], "sort": ["+lastname"]}).json()
    plain = zey.list("accounts", {"fields": ["lastname"], "sort": ["lastname"]}).json()
    assert [r["lastname"] for r in down] == names[::-1]
    assert [r["lastname"] for r in up] == [r["lastname"] for r in plain] == names


def test_sort_by_multiple_columns(zey) -> None:
    """Seed: "You can sort by multiple columns by defining an array of column names." """
    rows = zey.list("accounts", {"fields": ["ID"], "sort": ["+currency", "-ID"]}).json()
    assert [r["ID"] for r in rows] == [4, 1, 3, 2]


def test_count_ignores_fields_sort_limit_offset(zey) -> None:
    """Seed: "count ... Return number of results only (fields, sort, limit, offset and expand have no
    effect)"; result {"count": 5}."""
    body = {"count": 1, "fields": ["ID"], "sort": ["-ID"], "limit": 1, "offset": 2, "filters": {"currency": "EUR"}}
    resp = zey.list("accounts", body)
    assert resp.status_code == 200 and resp.json() == {"count": 2}


def test_count_from_a_form_body(zey) -> None:
    """Seed: count "in formData boolean"."""
    resp = zey.post("/accounts", data={"count": "1"})
    assert resp.status_code == 200 and resp.json() == {"count": len(ACCOUNTS)}


def test_limit_and_offset_page(zey) -> None:
    """Seed: "you can easily page through the result by using the limit and offset parameters";
    "offset: Return results forward from specified offset only"."""
    assert _ids(zey.list("accounts", {"sort": ["ID"], "limit": 2, "offset": 1})) == [2, 3]
    assert _ids(zey.list("accounts", {"sort": ["ID"], "offset": 10})) == []


def test_limit_below_range_is_an_error(zey) -> None:
    """Seed: "limit integer 1 ≤ x ≤ 10000"."""
    resp = zey.list("accounts", {"limit": 0})
    assert resp.status_code == 400 and resp.headers["Content-Type"].startswith("text/plain")


def test_distinct_result_set(zey) -> None:
    """Seed: "distinct ... Return distinct result set"."""
    rows = zey.list("accounts", {"fields": ["currency"], "distinct": 1, "sort": ["currency"]}).json()
    assert rows == [{"currency": "EUR"}, {"currency": "GBP"}]


def test_export_is_semicolon_csv(zey) -> None:
    """Seed: "export ... Export result as CSV file (type text/csv, delimiter ;) with unbounded limit (admin)"."""
    resp = zey.list("accounts", {"export": 1, "fields": ["ID", "lastname"], "sort": ["ID"]})
    assert resp.status_code == 200 and resp.headers["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(resp.text), delimiter=";"))
    assert ["1", "Lightexx AG"] in rows and len([r for r in rows if r]) >= len(ACCOUNTS)


def test_export_needs_admin(zey) -> None:
    """Seed: export "(admin)": a non-admin with read accounts may list but not export."""
    guest = zey.as_("guest")
    assert guest.list("accounts", {"fields": ["ID"]}).status_code == 200
    assert_text_error(guest.list("accounts", {"export": 1}), 403)


def test_expand_binfile_gives_base64_content(zey) -> None:
    """Seed: "expand ... Result: [{"ID":188,"subject":"Test","binfile":{"content":"UmV0dXJu..."}}]"."""
    rows = zey.list("messages", {"fields": ["ID", "subject", "binfile"], "expand": ["binfile"], "limit": 1}).json()
    assert len(rows) == 1 and set(rows[0]["binfile"]) >= {"content"}
    base64.b64decode(rows[0]["binfile"]["content"], validate=True)
    plain = zey.list("messages", {"fields": ["binfile"], "limit": 1}).json()
    assert not isinstance(plain[0]["binfile"], dict)


# --- Records: create, get, head, update, delete ---------------------------------------------------

def test_create_defaults_and_etag(zey) -> None:
    """Seed: PUT answers "201 Created" with ETag; creationdate "defaults to current date and time on
    creation"; creator "defaults to authenticated user on creation"; type/visibility/locked/excludetax
    default 0."""
    resp = zey.put("/accounts", json={"lastname": "Probe GmbH", "currency": "EUR"})
    assert resp.status_code == 201 and resp.headers.get("ETag")
    body = resp.json()
    assert body["creator"] == 1 and isinstance(body["creationdate"], int) and body["creationdate"] > 0
    assert (body["type"], body["visibility"], body["locked"], body["excludetax"]) == (0, 0, 0, 0)
    assert zey.get(f"/accounts/{body['ID']}").json()["lastname"] == "Probe GmbH"


def test_create_with_an_id_is_409(zey) -> None:
    """Seed: PUT "409 Conflict: ID Present (Conflict)"."""
    assert zey.put("/tickets", json={"ID": 777, "name": "x"}).status_code == 409


def test_get_if_none_match_gives_304(zey) -> None:
    """Seed: "If-None-Match: Return status code 304 on matching entity tag"."""
    first = zey.get("/contacts/1")
    etag = first.headers["ETag"]
    again = zey.get("/contacts/1", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.content == b""
    other = zey.get("/contacts/1", headers={"If-None-Match": '"nope"'})
    assert other.status_code == 200


def test_head_is_204_with_etag_or_404(zey) -> None:
    """Seed: HEAD "204 No Content Exists (No Content)" with ETag; "404 Not Found"."""
    resp = zey.head("/contacts/2")
    assert resp.status_code == 204 and resp.headers.get("ETag") == zey.get("/contacts/2").headers["ETag"]
    assert zey.head("/contacts/99999").status_code == 404


def test_get_extdata_and_tags_only_when_asked(zey) -> None:
    """Seed: "extdata ... Return all extension data field and value pairs in pseudo field extdata";
    "tags ... Return list of all tags in pseudo field tags"."""
    plain = zey.get("/accounts/1").json()
    assert "extdata" not in plain and "tags" not in plain
    full = zey.get("/accounts/1?extdata=1&tags=1").json()
    assert full["extdata"] == ACCOUNTS[0]["extdata"] and full["tags"] == ACCOUNTS[0]["tags"]


def test_patch_updates_and_resets_lastmodified(zey) -> None:
    """Seed: PATCH "Update an existing account by ID and return it's persistent data"; lastmodified
    "(auto-reset on modification)"; 200 with ETag."""
    before = zey.get("/accounts/2")
    resp = zey.patch("/accounts/2", json={"description": "probed", "lastmodified": 1})
    assert resp.status_code == 200 and resp.json()["description"] == "probed"
    assert resp.json()["lastmodified"] != 1
    assert resp.headers["ETag"] != before.headers["ETag"]
    assert resp.json()["lastname"] == before.json()["lastname"]


def test_patch_with_a_non_matching_id_is_409(zey) -> None:
    """Seed: PATCH "409 Conflict: Non-matching ID (Conflict)"."""
    resp = zey.patch("/accounts/2", json={"ID": 3, "description": "x"})
    assert resp.status_code == 409
    assert zey.get("/accounts/2").json()["description"] == ACCOUNTS[1]["description"]


def test_patch_with_a_stale_if_match_is_412(zey) -> None:
    """Seed: PATCH "If-Match: Return status code 412 on non-matching entity tag"."""
    etag = zey.get("/accounts/3").headers["ETag"]
    assert zey.patch("/accounts/3", json={"description": "a"}, headers={"If-Match": etag}).status_code == 200
    stale = zey.patch("/accounts/3", json={"description": "b"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert zey.get("/accounts/3").json()["description"] == "a"


def test_patch_a_missing_record_is_404(zey) -> None:
    """Seed: PATCH "404 Not Found"."""
    assert zey.patch("/accounts/99999", json={"description": "x"}).status_code == 404


def test_delete_with_if_match_then_gone(zey) -> None:
    """Seed: DELETE "Permanently delete", "204 No Content", "412 Precondition Failed" on a non-matching
    If-Match."""
    made = _new_account(zey)
    path = f"/accounts/{made['ID']}"
    assert zey.delete(path, headers={"If-Match": '"stale"'}).status_code == 412
    assert zey.head(path).status_code == 204
    etag = zey.get(path).headers["ETag"]
    resp = zey.delete(path, headers={"If-Match": etag})
    assert resp.status_code == 204 and resp.content == b""
    assert zey.get(path).status_code == 404
    assert zey.delete(path).status_code == 404


# --- Permissions ----------------------------------------------------------------------------------

def test_write_without_writable_permission_is_403(zey) -> None:
    """Seed: PUT /accounts "Requires writable accounts permission"; 403 "Forbidden: Lacking access
    permission" (the guest reads accounts only)."""
    assert_text_error(zey.as_("guest").put("/accounts", json={"lastname": "x"}), 403, FORBIDDEN)


def test_admin_only_listing_is_403_for_others(zey) -> None:
    """Seed: "List groups-to-users ... Requires admin permission."""
    assert zey.list("groups2users").status_code == 200
    assert_text_error(zey.as_("max").list("groups2users"), 403, FORBIDDEN)


def test_no_specific_permission_listing_is_open(zey) -> None:
    """Seed: "List users ... Requires no specific permission." (the guest)"""
    resp = zey.as_("guest").list("users", {"fields": ["ID"]})
    assert resp.status_code == 200 and len(resp.json()) >= 1


def test_token_of_max_reads_accounts(zey) -> None:
    """Seed: "List accounts ... Requires accounts permission." (max holds it)"""
    assert TOKENS["max"]
    assert zey.as_("max").list("accounts", {"count": 1}).status_code == 200


# --- Entity tags (RFC 7232, which the seed cites for ETag, If-Match and If-None-Match) -------------

def test_etag_is_a_quoted_entity_tag(zey) -> None:
    """Seed: "ETag: Entity tag (RFC 7232)": entity-tag = [ W/ ] DQUOTE *etagc DQUOTE."""
    import re
    etag = zey.get("/accounts/1").headers["ETag"]
    assert re.fullmatch(r'(W/)?"[^"]*"', etag), etag


def test_if_none_match_star_and_lists(zey) -> None:
    """Seed: "If-None-Match: Return status code 304 on matching entity tag (RFC 7232)"; RFC 7232 §3.2:
    "*" matches any current representation, and the header may list several tags."""
    etag = zey.get("/accounts/1").headers["ETag"]
    assert zey.get("/accounts/1", headers={"If-None-Match": "*"}).status_code == 304
    assert zey.get("/accounts/1", headers={"If-None-Match": f'"other", {etag}'}).status_code == 304
    assert zey.head("/accounts/1", headers={"If-None-Match": etag}).status_code == 304


def test_if_match_star_and_lists_on_writes(zey) -> None:
    """Seed: "If-Match: Return status code 412 on non-matching entity tag (RFC 7232)"; RFC 7232 §3.1:
    "*" matches any current representation, and the header may list several tags."""
    assert zey.patch("/accounts/2", json={"description": "s"}, headers={"If-Match": "*"}).status_code == 200
    etag = zey.get("/accounts/2").headers["ETag"]
    listed = zey.patch("/accounts/2", json={"description": "t"}, headers={"If-Match": f'"other", {etag}'})
    assert listed.status_code == 200
    made = _new_account(zey)
    assert zey.delete(f"/accounts/{made['ID']}", headers={"If-Match": "*"}).status_code == 204


# --- More of the query grammar --------------------------------------------------------------------

def test_sort_descending_on_a_joined_field(zey) -> None:
    """Seed example: "sort": ["+lastname", "-contact.country"] (a joined field may be sorted)."""
    rows = zey.list("accounts", {"fields": {"Id": "ID", "C": "contact.country"}, "sort": ["-contact.country", "ID"]})
    assert [r["Id"] for r in rows.json()] == [2, 3, 1, 4]


def test_filter_on_an_extdata_field(zey) -> None:
    """Seed: "Besides related tables you can also select extdata fields" (and filter on them, as the
    example's "Nickname": "extdata.nickname")."""
    assert _ids(zey.list("accounts", {"filters": {"extdata.nickname": "Lightexx"}})) == [1]


def test_nested_and_group_inside_or(zey) -> None:
    """Seed: composite filters "as you would in a regular SQL statement": ["AND/OR/NOT", {...}, {...}]."""
    body = {"filters": {"1": ["OR", ["AND", {"currency": "GBP"}, {"type": 3}], {"ID": 1}]}, "sort": ["ID"]}
    assert _ids(zey.list("accounts", body)) == [1, 3]


def test_form_encoded_filters_with_an_operator(zey) -> None:
    """Seed: filters "in formData object" (PHP brackets, as the seed's curl sends fields[])."""
    resp = zey.post("/accounts", data={"fields[]": "ID", "filters[ID][>]": "2", "sort[]": "ID"})
    assert _ids(resp) == [3, 4]


def test_unknown_field_is_a_400_text(zey) -> None:
    """Seed: errors are "400 or greater" with "a text message" (a field accounts do not have)."""
    resp = zey.list("accounts", {"fields": ["ID", "nosuchfield"]})
    assert resp.status_code == 400 and resp.headers["Content-Type"].startswith("text/plain")


def test_count_ignores_expand(zey) -> None:
    """Seed: count: "(fields, sort, limit, offset and expand have no effect)"."""
    resp = zey.list("messages", {"count": True, "expand": ["binfile"]})
    assert resp.status_code == 200 and resp.json() == {"count": len(DEMO["tables"]["messages"])}


# --- Schema rules the seed states per field -------------------------------------------------------

def test_account_needs_a_first_or_last_name(zey) -> None:
    """Seed: lastname "is required if firstname is empty"; firstname "is required if lastname is empty"."""
    resp = zey.put("/accounts", json={"currency": "EUR"})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.list("accounts", {"count": 1}).json() == {"count": len(ACCOUNTS)}
    assert zey.put("/accounts", json={"firstname": "Only", "currency": "EUR"}).status_code == 201


def test_account_type_outside_its_enumeration_is_refused(zey) -> None:
    """Seed: "type: integer 0, 1, 2, 3, 4, 5"."""
    resp = zey.put("/accounts", json={"lastname": "Bad", "currency": "EUR", "type": 9})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.list("accounts", {"count": 1}).json() == {"count": len(ACCOUNTS)}


def test_patch_refuses_an_enumeration_violation_and_keeps_the_row(zey) -> None:
    """Seed: "visibility: integer 0, 1, 2" (an update to 7 is refused and changes nothing)."""
    resp = zey.patch("/accounts/1", json={"visibility": 7, "description": "changed"})
    assert resp.status_code >= 400
    row = zey.get("/accounts/1").json()
    assert row["visibility"] == 0 and row["description"] == ACCOUNTS[0]["description"]


# --- Defaults of the list parameters --------------------------------------------------------------

def test_limit_defaults_to_1000_unless_export(zey) -> None:
    """Seed: "limit ... Limit to total number of results (defaults to 1000, unless export is true)";
    export "with unbounded limit"."""
    for n in range(1001 - len(ACCOUNTS)):
        assert zey.put("/accounts", json={"lastname": f"Bulk {n:04d}", "currency": "EUR"}).status_code == 201
    assert zey.list("accounts", {"count": 1}).json() == {"count": 1001}
    assert len(zey.list("accounts", {"fields": ["ID"]}).json()) == 1000
    assert len(zey.list("accounts", {"fields": ["ID"], "limit": 1001}).json()) == 1001
    exported = zey.list("accounts", {"export": 1, "fields": ["ID"]})
    assert exported.status_code == 200
    lines = [line for line in exported.text.splitlines() if line.strip()]
    assert len(lines) in (1001, 1002)  # every row, with or without a header line


def test_false_flags_are_off(zey) -> None:
    """Seed: count, distinct and export are booleans: false keeps the plain listing."""
    rows = zey.list("accounts", {"count": 0, "distinct": False, "export": 0, "fields": ["ID"]})
    assert rows.status_code == 200 and isinstance(rows.json(), list) and len(rows.json()) == len(ACCOUNTS)
    form = zey.post("/accounts", data={"count": "0", "fields[]": "ID"})
    assert form.status_code == 200 and isinstance(form.json(), list)


def test_get_extdata_zero_and_expand_as_a_query_array(zey) -> None:
    """Seed: GET "extdata in query integer 0, 1"; "expand in query string[]" (binfile)."""
    assert "extdata" not in zey.get("/accounts/1?extdata=0").json()
    msg = DEMO["tables"]["messages"][0]["ID"]
    expanded = zey.get(f"/messages/{msg}?expand[]=binfile").json()
    assert isinstance(expanded["binfile"], dict) and "content" in expanded["binfile"]


def test_like_single_character_wildcard_and_escape(zey) -> None:
    """Seed: "~~: Is like" (SQL LIKE: `_` is one character, a backslash escapes a wildcard)."""
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~~": "CleanTe_x"}}})) == [3]
    assert _ids(zey.list("accounts", {"filters": {"lastname": {"~~": "CleanTe\\_x"}}})) == []


def test_numeric_strings_are_accepted_for_limit_and_offset(zey) -> None:
    """Seed: limit/offset "in formData integer": their text form pages like the number."""
    assert _ids(zey.list("accounts", {"sort": ["ID"], "limit": "2", "offset": "1"})) == [2, 3]


def test_join_to_the_assigned_users_name(zey) -> None:
    """Seed example: "SalesAgent": "assigneduser.name" (a join through a user reference)."""
    users = {u["ID"]: u["name"] for u in DEMO["tables"]["users"]}
    rows = zey.list("accounts", {"fields": {"Id": "ID", "Agent": "assigneduser.name"}, "sort": ["ID"]}).json()
    assert rows == [{"Id": a["ID"], "Agent": users.get(a["assigneduser"])} for a in sorted(ACCOUNTS, key=lambda a: a["ID"])]


def test_dev_permission_listing(zey) -> None:
    """Seed: "List resources ... Requires dev permission."; 403 "Forbidden: Lacking access permission"."""
    assert zey.list("resources").status_code == 200
    assert_text_error(zey.as_("guest").list("resources"), 403, FORBIDDEN)


def test_read_only_entity_refuses_writes(zey) -> None:
    """Seed: groups document only List, Get and Check (no PUT, PATCH or DELETE)."""
    assert zey.put("/groups", json={"name": "x"}).status_code >= 400
    assert zey.delete("/groups/1").status_code >= 400
    assert zey.head("/groups/1").status_code == 204


# --- Writes of pseudo fields and composite columns (the seed's request schemas) -------------------

def test_tags_reset_add_and_remove_on_patch(zey) -> None:
    """Seed tags-field: "tags: Tags to reset; remove all existing and add new tags", "+tags: Tags to add;
    ignore existing", "-tags: Tags to remove; ignore non-existing" (only for PUT or PATCH)."""
    def tags() -> list[str]:
        return sorted(zey.get("/accounts/1?tags=1").json()["tags"])
    assert zey.patch("/accounts/1", json={"+tags": ["Key Account", "New"]}).status_code == 200
    assert tags() == ["Key Account", "New"]
    assert zey.patch("/accounts/1", json={"-tags": ["New", "Never There"]}).status_code == 200
    assert tags() == ["Key Account"]
    assert zey.patch("/accounts/1", json={"tags": ["Reset A", "Reset B"]}).status_code == 200
    assert tags() == ["Reset A", "Reset B"]


def test_tags_on_create(zey) -> None:
    """Seed request-accounts example: a PUT body may carry "tags"."""
    made = _new_account(zey, tags=["Fresh"])
    assert zey.get(f"/accounts/{made['ID']}?tags=1").json()["tags"] == ["Fresh"]


def test_extdata_merges_and_null_removes(zey) -> None:
    """Seed extdata-field: "Extension data field and value pairs; remove if null (only for PUT or PATCH)";
    example {"existing_field": "value", "new_field": "value"}."""
    resp = zey.patch("/accounts/1", json={"extdata": {"nickname": None, "region": "south"}})
    assert resp.status_code == 200
    ext = zey.get("/accounts/1?extdata=1").json()["extdata"]
    assert "nickname" not in ext and ext["segment"] == "enterprise" and ext["region"] == "south"


def test_fields_object_with_integer_keys_means_no_alias(zey) -> None:
    """Seed request-list example: "fields": {"0": "field1", "1": "field2", "alias": "field3"}."""
    rows = zey.list("accounts", {"fields": {"0": "ID", "1": "currency", "Name": "lastname"}, "filters": {"ID": 2}})
    assert rows.json() == [{"ID": 2, "currency": "GBP", "Name": "BEQ Building Equipment"}]


def test_binfile_content_write_creates_a_binfile_with_md5_hash(zey) -> None:
    """Seed binfile-content: "content: Base64-encoded content"; binfiles "hash: MD5 hash of the content
    in hexadecimal notation prefixed with '\\x'", "size: Size in bytes"."""
    import hashlib
    raw = b"probe binfile body"
    resp = zey.patch("/notes/1", json={"binfile": {"content": base64.b64encode(raw).decode()}})
    assert resp.status_code == 200
    ref = resp.json()["binfile"]
    assert isinstance(ref, int)
    info = zey.get(f"/binfiles/{ref}").json()
    assert info["size"] == len(raw) and info["hash"] == "\\x" + hashlib.md5(raw).hexdigest()
    got = zey.get("/notes/1?expand[]=binfile").json()["binfile"]["content"]
    assert base64.b64decode(got) == raw


def test_binfile_data_uri_write(zey) -> None:
    """Seed binfile-content: "uri: Data URI (RFC 2397); is mutually exclusive to content"."""
    resp = zey.patch("/notes/1", json={"binfile": {"uri": "data:text/plain;base64,SGVsbG8gV29ybGQh"}})
    assert resp.status_code == 200
    got = zey.get("/notes/1?expand[]=binfile").json()["binfile"]["content"]
    assert base64.b64decode(got) == b"Hello World!"


def test_binfile_content_and_uri_together_are_refused(zey) -> None:
    """Seed binfile-content: content "is mutually exclusive to uri (either one is required)"."""
    before = zey.get("/notes/1").json()["binfile"]
    both = {"content": "SGVsbG8gV29ybGQh", "uri": "data:text/plain;base64,SGVsbG8gV29ybGQh"}
    resp = zey.patch("/notes/1", json={"binfile": both})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.get("/notes/1").json()["binfile"] == before
    neither = zey.patch("/notes/1", json={"binfile": {}})
    assert neither.status_code >= 400


def test_actionstep_links_are_mutually_exclusive(zey) -> None:
    """Seed actionsteps: "account: Account ID; is mutually exclusive to task and ticket"."""
    resp = zey.put("/actionsteps", json={"name": "Both", "account": 1, "ticket": 1})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.list("actionsteps", {"count": 1}).json() == {"count": len(DEMO["tables"]["actionsteps"])}
    ok = zey.put("/actionsteps", json={"name": "One", "account": 1})
    assert ok.status_code == 201 and ok.json()["account"] == 1


def test_like_needs_a_record_or_a_comment(zey) -> None:
    """Seed likes: "Record ID (dependency); is mutually exclusive to comment (either one is required)"."""
    neither = zey.put("/likes", json={})
    assert neither.status_code >= 400
    assert zey.list("likes", {"count": 1}).json() == {"count": len(DEMO["tables"]["likes"])}


# --- Per-field defaults, ranges and lengths in the seed's schemas ---------------------------------

def test_opportunity_defaults_priority_2(zey) -> None:
    """Seed opportunities: "priority: integer 0, 1, 2, 3, 4 2" (default 2), "probability: integer
    0 ≤ x ≤ 100 0", "status: ... 0", "visibility: ... 0"."""
    resp = zey.put("/opportunities", json={"name": "Probe deal"})
    assert resp.status_code == 201, resp.text
    body = resp.json()
    assert (body["priority"], body["probability"], body["status"], body["visibility"]) == (2, 0, 0, 0)


def test_opportunity_probability_above_100_is_refused(zey) -> None:
    """Seed opportunities: "probability: integer 0 ≤ x ≤ 100"."""
    resp = zey.patch("/opportunities/1", json={"probability": 101})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.get("/opportunities/1").json()["probability"] == DEMO["tables"]["opportunities"][0]["probability"]


def test_actionstep_effort_may_not_be_negative(zey) -> None:
    """Seed actionsteps: "effort: number (int32) x ≥ 0 0"."""
    resp = zey.patch("/actionsteps/1", json={"effort": -5})
    assert resp.status_code >= 400
    assert zey.get("/actionsteps/1").json()["effort"] == DEMO["tables"]["actionsteps"][0]["effort"]


def test_item_unit_is_up_to_3_chars(zey) -> None:
    """Seed items: "unit: string (up to 3 chars)"."""
    assert zey.patch("/items/1", json={"unit": "KGM"}).status_code == 200
    resp = zey.patch("/items/1", json={"unit": "PIECE"})
    assert resp.status_code >= 400
    assert zey.get("/items/1").json()["unit"] == "KGM"


def test_opportunity_name_needs_at_least_one_char(zey) -> None:
    """Seed opportunities: "name: string (at least 1 chars)"."""
    resp = zey.put("/opportunities", json={"name": ""})
    assert resp.status_code >= 400
    assert zey.list("opportunities", {"count": 1}).json() == {"count": len(DEMO["tables"]["opportunities"])}


def test_appointment_interval_defaults_to_1_and_has_a_range(zey) -> None:
    """Seed appointments: "interval: integer 1 ≤ x ≤ 32767 1"."""
    assert zey.patch("/appointments/1", json={"interval": 0}).status_code >= 400
    assert zey.patch("/appointments/1", json={"interval": 32768}).status_code >= 400
    assert zey.get("/appointments/1").json()["interval"] == 1


def test_channel_name_is_unique(zey) -> None:
    """Seed channels: "Name (unique)"."""
    taken = DEMO["tables"]["channels"][0]["name"]
    resp = zey.put("/channels", json={"name": taken})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.list("channels", {"count": 1}).json() == {"count": len(DEMO["tables"]["channels"])}
    other = zey.put("/channels", json={"name": "Probe channel"})
    assert other.status_code == 201
    path = f"/channels/{other.json()['ID']}"
    assert zey.patch(path, json={"name": "Probe channel"}).status_code == 200  # its own name stays
    assert zey.patch(path, json={"name": taken}).status_code >= 400
    assert zey.get(path).json()["name"] == "Probe channel"


def test_device_needs_exactly_one_of_serial_and_charge_number(zey) -> None:
    """Seed devices: chargenum "is required if serialnum is empty, otherwise must be empty"; serialnum
    "is required if chargenum is empty, otherwise must be empty"."""
    both = zey.patch("/devices/1", json={"chargenum": "LOT-7"})  # serialnum X1-000123 is set
    assert both.status_code >= 400 and both.headers["Content-Type"].startswith("text/plain")
    neither = zey.patch("/devices/1", json={"serialnum": ""})
    assert neither.status_code >= 400
    assert zey.get("/devices/1").json()["serialnum"] == DEMO["tables"]["devices"][0]["serialnum"]
    swapped = zey.patch("/devices/1", json={"serialnum": "", "chargenum": "LOT-7"})
    assert swapped.status_code == 200 and swapped.json()["chargenum"] == "LOT-7"


def test_transaction_item_only_for_production(zey) -> None:
    """Seed transactions: item "is required for PRODUCTION, otherwise must be null"; productionfactor
    "is required for PRODUCTION, otherwise must be null" (type 3 = BILLING_INVOICE)."""
    resp = zey.patch("/transactions/1", json={"item": 1, "productionfactor": 1})
    assert resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")
    assert zey.get("/transactions/1").json()["item"] is None
    production = zey.patch("/transactions/1", json={"type": 10})
    assert production.status_code >= 400  # PRODUCTION_FABRICATION without item and factor
    made = zey.patch("/transactions/1", json={"type": 10, "item": 1, "productionfactor": 2, "account": None})
    assert made.status_code == 200 and made.json()["item"] == 1


def _refused(resp) -> bool:
    return resp.status_code >= 400 and resp.headers["Content-Type"].startswith("text/plain")


def test_payment_amount_must_not_be_zero(zey) -> None:
    """Seed payments: "Amount (monetary); must not be zero"."""
    assert _refused(zey.patch("/payments/1", json={"amount": 0}))
    assert zey.get("/payments/1").json()["amount"] == DEMO["tables"]["payments"][0]["amount"]
    assert zey.patch("/payments/1", json={"amount": -10}).status_code == 200  # a refund is fine


def test_accepted_opportunity_has_probability_100(zey) -> None:
    """Seed opportunities: probability "must be 100 for ACCEPTED" (status 5=ACCEPTED)."""
    assert _refused(zey.patch("/opportunities/1", json={"status": 5}))  # probability is 60
    assert zey.get("/opportunities/1").json()["status"] == DEMO["tables"]["opportunities"][0]["status"]
    assert zey.patch("/opportunities/1", json={"status": 5, "probability": 100}).status_code == 200


def test_record_flag_is_regular_without_an_entity(zey) -> None:
    """Seed records: "Flag (0=REGULAR, 1=ASSOCONLY, 2=MINDLOGONLY, 3=MONITOR); must be REGULAR if entity
    is null" (record 2 has no entity)."""
    assert _refused(zey.patch("/records/2", json={"flag": 1}))
    assert zey.get("/records/2").json()["flag"] == 0
    linked = zey.patch("/records/2", json={"entity": "tickets", "index": 1, "flag": 1})
    assert linked.status_code == 200, linked.text


def test_message_reference_is_not_itself(zey) -> None:
    """Seed messages: "Reference message (reply-to) ID; must be distinct from ID"."""
    assert _refused(zey.patch("/messages/1", json={"reference": 1}))
    assert zey.get("/messages/1").json()["reference"] is None


def test_stock_transaction_amount_and_transfer_rules(zey) -> None:
    """Seed stocktransactions: amount "must not be zero (greater than zero if transfer is not null)";
    transfer "must be distinct from ID and null for RESERVED" (flag 1=RESERVED)."""
    assert _refused(zey.patch("/stocktransactions/1", json={"amount": 0}))
    assert _refused(zey.patch("/stocktransactions/1", json={"transfer": 1}))
    other = zey.put("/stocktransactions", json={"amount": 5, "item": 2, "storage": 1})
    assert other.status_code == 201, other.text
    oid = other.json()["ID"]
    assert _refused(zey.patch(f"/stocktransactions/{oid}", json={"transfer": 1, "amount": -5}))
    assert _refused(zey.patch(f"/stocktransactions/{oid}", json={"transfer": 1, "flag": 1}))
    assert zey.patch(f"/stocktransactions/{oid}", json={"transfer": 1}).status_code == 200
    assert zey.get("/stocktransactions/1").json()["amount"] == DEMO["tables"]["stocktransactions"][0]["amount"]


def test_production_transaction_has_no_account(zey) -> None:
    """Seed transactions: "Account ID; must be null for PRODUCTION"."""
    resp = zey.patch("/transactions/1", json={"type": 10, "item": 1, "productionfactor": 2})  # account 1 is set
    assert _refused(resp)
    ok = zey.patch("/transactions/1", json={"type": 10, "item": 1, "productionfactor": 2, "account": None})
    assert ok.status_code == 200


def test_nopublic_user_sees_no_public_records(zey) -> None:
    """Seed users: "nopublic: Deny access to public data" (public = "ownergroup (null=PUBLIC)")."""
    resp = zey.as_("nopublic").list("accounts", {"fields": ["ID", "ownergroup"]})
    if resp.status_code == 403:  # no accounts permission at all: nothing public leaks either
        return
    assert resp.status_code == 200
    assert all(r["ownergroup"] is not None for r in resp.json())
    public = next(a["ID"] for a in ACCOUNTS if a["ownergroup"] is None)
    assert zey.as_("nopublic").get(f"/accounts/{public}").status_code in (403, 404)


def test_creator_defaults_to_the_authenticated_user(zey) -> None:
    """Seed: creator "Creator user ID (defaults to authenticated user on creation)" (max is user 2)."""
    resp = zey.as_("max").put("/accounts", json={"lastname": "By Max", "currency": "EUR"})
    assert resp.status_code == 201, resp.text
    assert resp.json()["creator"] == 2


def test_expand_json_column(zey) -> None:
    """Seed: "Some table columns include JSON data ... The expand parameter allows you to specify to load
    the columns content automatically" (transactions.items)."""
    items = DEMO["tables"]["transactions"][0]["items"]
    plain = zey.list("transactions", {"fields": ["items"], "filters": {"ID": 1}}).json()[0]["items"]
    assert isinstance(plain, str)
    expanded = zey.list("transactions", {"fields": ["items"], "filters": {"ID": 1}, "expand": ["items"]})
    assert expanded.json()[0]["items"] == items


def test_ticket_and_task_priority_default_2(zey) -> None:
    """Seed tasks and tickets: "priority: integer 0, 1, 2, 3, 4 2" (default 2)."""
    for entity in ("tickets", "tasks"):
        resp = zey.put(f"/{entity}", json={"name": f"Probe {entity}"})
        assert resp.status_code == 201, (entity, resp.text)
        assert resp.json()["priority"] == 2


def test_component_amount_defaults_to_1(zey) -> None:
    """Seed components: "amount: number (double) 1"; "component: Component item ID; must be distinct from
    item"."""
    resp = zey.put("/components", json={"item": 1, "component": 2})
    assert resp.status_code == 201, resp.text
    assert resp.json()["amount"] == 1
    assert _refused(zey.put("/components", json={"item": 1, "component": 1}))


def test_file_mimetype_default(zey) -> None:
    """Seed files: "mimetype: string application/octet-stream" (the default)."""
    body = {"filename": "probe.bin", "record": 1, "binfile": {"content": "AAEC"}}
    resp = zey.put("/files", json=body)
    assert resp.status_code == 201, resp.text
    assert resp.json()["mimetype"] == "application/octet-stream" and resp.json()["size"] == 3


def test_weak_and_strong_comparison(zey) -> None:
    """Seed: ETag, If-Match and If-None-Match per RFC 7232, which compares If-None-Match weakly (W/ tag
    matches, 304) and If-Match strongly (a W/ tag never matches, 412)."""
    etag = zey.get("/contacts/1").headers["ETag"]
    assert not etag.startswith("W/")
    assert zey.get("/contacts/1", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    weak = zey.patch("/contacts/1", json={"description": "w"}, headers={"If-Match": f"W/{etag}"})
    assert weak.status_code == 412
    assert zey.get("/contacts/1").headers["ETag"] == etag


def test_query_searches_numbers_too(zey) -> None:
    """Seed: query "will be applied to all searchable strings, such as name" (an account's customer
    number is one of them)."""
    target = ACCOUNTS[1]
    assert _ids(zey.list("accounts", {"query": target["customernum"]})) == [target["ID"]]


def test_a_refused_write_stores_no_binfile(zey) -> None:
    """A refused write changes nothing (house rule; the seed's binfile rows are "Bin file" data a write
    creates): a message PATCH that breaks "reference ... must be distinct from ID" leaves no new bin file."""
    before = zey.list("binfiles", {"count": 1}).json()
    resp = zey.patch("/messages/1", json={"binfile": {"content": "AAEC"}, "reference": 1})
    assert _refused(resp)
    assert zey.list("binfiles", {"count": 1}).json() == before
