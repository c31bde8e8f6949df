"""Essentials internal messages: GET/POST /messages, DELETE /messages/{id}.

Seed 000 "Essentials internal messages"; research essentials.md §3.3 (permissions, permitted
locations), §5 EssentialsMessage (nl2br, location scope, notifications), §6 (default order), §7.5.

Fixtures (business 1): users admin(1, all locations), manager(2, location 1, view+create),
cashier(3, location 2, view only), viewer(4, no message permission), superadmin(5).
  message 1 admin, global, 2026-01-08 08:00:00 ("Welcome to the team!<br />\\nPlease read the handbook.")
  message 2 manager, location 1, 2026-01-09 17:00:00
  message 3 cashier, location 2, 2026-01-10 07:30:00
Business 2: message 1 owner, global; one location (1).
"""
from __future__ import annotations

import re

import pytest

from .support import NOT_FOUND, UNAUTHORIZED, ids, invalid, json_of

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
KEYS = ["id", "business_id", "user_id", "message", "location_id", "created_at", "updated_at", "sender"]
DEMO = {"message": "Feature disabled in demo!!"}
WELCOME = {"id": 1, "business_id": 1, "user_id": 1,
           "message": "Welcome to the team!<br />\nPlease read the handbook.", "location_id": None,
           "created_at": "2026-01-08T08:00:00.000000Z", "updated_at": "2026-01-08T08:00:00.000000Z",
           "sender": {"id": 1, "name": "Mr Alice Admin"}}








def post(client, status: int = 201, **body) -> dict:
    return json_of(client.post("/messages", json={"message": "Hello", **body}), status)


def total(client) -> int:
    return json_of(client.get("/messages"), 200)["meta"]["total"]


# --- authentication, permissions, demo mode -----------------------------------------------

@pytest.mark.parametrize("method,path", [("GET", "/messages"), ("POST", "/messages"), ("DELETE", "/messages/1")])
def test_every_route_needs_credentials(ess, method, path):
    """Seed: Bearer token or API key + secret required; research §2: 401 {"message": "Unauthenticated."}."""
    r = ess.anon().request(method, path, json={"message": "x"})
    assert json_of(r, 401) == {"message": "Unauthenticated."}


@pytest.mark.parametrize("method,path", [("POST", "/messages"), ("DELETE", "/messages/1")])
def test_demo_mode_blocks_mutating_calls(ess, gate, method, path):
    """Seed: demo mode blocks mutating calls with 403; research §2 "Feature disabled in demo!!"."""
    gate(demo_mode=True)
    assert json_of(ess.request(method, path, json={"message": "Hello"}), 403) == DEMO
    assert ids(ess.get("/messages")) == [1, 2, 3]


def test_list_needs_view_or_create_message(ess):
    """Seed: GET /messages needs essentials.view_message or essentials.create_message (else 403)."""
    assert json_of(ess.as_("viewer").get("/messages"), 403) == UNAUTHORIZED
    assert json_of(ess.as_("cashier").get("/messages"), 200)["meta"]["total"] == 2  # view only
    assert json_of(ess.as_("manager").get("/messages"), 200)["meta"]["total"] == 2  # view + create


def test_superadmins_hold_no_message_permission(ess):
    """Seed: messages need essentials.view_message or essentials.create_message, superadmins not named;
    AuthServiceProvider's Gate::before gives a superadmin only `superadmin`, `backup` and
    `manage_modules`, so a superadmin without those permissions (and not a business admin) gets 403."""
    superadmin = ess.as_("superadmin")
    assert json_of(superadmin.get("/messages"), 403) == UNAUTHORIZED
    assert post(superadmin, 403) == UNAUTHORIZED
    assert total(ess) == 3


@pytest.mark.parametrize("user", ["cashier", "viewer"])
def test_create_needs_create_message(ess, user):
    """Seed: POST /messages needs essentials.create_message; nothing is stored on 403."""
    assert post(ess.as_(user), 403) == UNAUTHORIZED
    assert total(ess) == 3


@pytest.mark.parametrize("user", ["cashier", "viewer"])
def test_delete_needs_create_message(ess, user):
    """Seed: DELETE requires essentials.create_message (same check as create)."""
    assert json_of(ess.as_(user).delete("/messages/3"), 403) == UNAUTHORIZED
    assert total(ess) == 3


# --- list ---------------------------------------------------------------------------------

def test_list_rows_are_html_with_a_sender(ess):
    """Seed: paginated rows, message is HTML with line breaks converted; research §7.5 row shape."""
    body = json_of(ess.get("/messages"), 200)
    assert list(body) == ["data", "links", "meta"]
    assert body["data"][0] == WELCOME
    assert [list(row) for row in body["data"]] == [KEYS] * 3
    assert body["data"][1]["sender"] == {"id": 2, "name": "Ms Maria Manager"}


def test_list_is_scoped_to_permitted_locations(ess):
    """Seed: scoped by the user's permitted locations (or all for unrestricted users);
    research §5: location_id IN permitted OR location_id IS NULL."""
    assert ids(ess.get("/messages")) == [1, 2, 3]  # admin: all locations
    assert ids(ess.as_("manager").get("/messages")) == [1, 2]  # location 1
    assert ids(ess.as_("cashier").get("/messages")) == [1, 3]  # location 2
    assert ids(ess.as_("bistro").get("/messages")) == [1]  # another business


def test_list_default_order_is_oldest_first(ess):
    """Research §5/§6: the web lists messages by created_at ASC (the emulator's documented default)."""
    assert ids(ess.get("/messages")) == [1, 2, 3]
    assert ids(ess.get("/messages", params={"sort": "created_at"})) == [1, 2, 3]


def test_direction_desc(ess):
    """Seed: sort, direction; sort field created_at only."""
    assert ids(ess.get("/messages", params={"sort": "created_at", "direction": "desc"})) == [3, 2, 1]
    assert ids(ess.get("/messages", params={"direction": "desc"})) == [3, 2, 1]
    assert ids(ess.get("/messages", params={"direction": "asc"})) == [1, 2, 3]


@pytest.mark.parametrize("params,errors", [({"sort": "id"}, {"sort": ["The selected sort is invalid."]}),
                                           ({"sort": "message"}, {"sort": ["The selected sort is invalid."]}),
                                           ({"direction": "newest"}, {"direction": ["The selected direction is invalid."]})])
def test_sort_is_created_at_only(ess, params, errors):
    """Seed: sort field currently created_at only; direction asc or desc."""
    invalid(ess.get("/messages", params=params), errors)


def test_per_page_defaults_to_50(ess):
    """Seed: per_page default 50."""
    for n in range(50):
        post(ess, message=f"Message {n}")
    body = json_of(ess.get("/messages"), 200)
    assert body["meta"]["per_page"] == 50 and len(body["data"]) == 50 and body["meta"]["total"] == 53
    assert body["meta"]["last_page"] == 2
    assert len(json_of(ess.get("/messages", params={"page": 2}), 200)["data"]) == 3


def test_per_page_and_page(ess):
    """Seed: per_page (max 100) and page paginate the rows."""
    body = json_of(ess.get("/messages", params={"per_page": 1, "page": 3}), 200)
    assert [m["id"] for m in body["data"]] == [3]
    assert body["meta"]["per_page"] == 1 and body["meta"]["total"] == 3
    assert len(json_of(ess.get("/messages", params={"per_page": 100}), 200)["data"]) == 3


@pytest.mark.parametrize("value,message", [("0", "The per page must be between 1 and 100."),
                                           ("101", "The per page must be between 1 and 100."),
                                           ("lots", "The per page must be an integer.")])
def test_per_page_max_100(ess, value, message):
    """Seed: per_page default 50, max 100 (research §2.1 wording)."""
    invalid(ess.get("/messages", params={"per_page": value}), {"per_page": [message]})


@pytest.mark.parametrize("since,expected", [
    ("2026-01-09T17:00:00Z", [3]),           # message 2 was created exactly then: strictly greater
    ("2026-01-09 17:00:00", [3]),
    ("2026-01-09T16:59:59Z", [2, 3]),
    ("2026-01-09", [2, 3]),
    ("2026-01-09T18:00:00+01:00", [3]),      # 17:00 UTC
    ("2026-01-10T07:30:00Z", []),
    ("9999-12-31T23:59:59-05:00", []),      # past year 9999 in UTC: nothing is newer
])
def test_since_returns_messages_created_after(ess, since, expected):
    """Seed: since is a parseable date; returns messages with created_at greater than this instant."""
    assert ids(ess.get("/messages", params={"since": since})) == expected


@pytest.mark.parametrize("since", ["not a date", "2026-13-45", "99999999999999999999"])
def test_since_must_be_a_date(ess, since):
    """Seed: since must be parseable; research §2.1: "The :attribute is not a valid date."."""
    invalid(ess.get("/messages", params={"since": since}), {"since": ["The since is not a valid date."]})


@pytest.mark.parametrize("value,expected", [("1", [2, 3]), ("true", [2, 3]), ("0", [1, 2, 3]),
                                            ("false", [1, 2, 3])])
def test_others_only_excludes_the_callers_messages(ess, value, expected):
    """Seed: others_only boolean; when true, excludes rows where user_id is the caller."""
    assert ids(ess.get("/messages", params={"others_only": value})) == expected


def test_others_only_and_since_combine(ess):
    """Seed: since and others_only are independent filters (the web's getNewMessages)."""
    params = {"others_only": "1", "since": "2026-01-09T00:00:00Z"}
    assert ids(ess.as_("manager").get("/messages", params=params)) == []
    assert ids(ess.get("/messages", params=params)) == [2, 3]


def test_others_only_must_be_boolean(ess):
    """Seed: others_only is a boolean (research §2.1 wording)."""
    invalid(ess.get("/messages", params={"others_only": "maybe"}),
            {"others_only": ["The others only field must be true or false."]})


# --- create -------------------------------------------------------------------------------

def test_create_returns_201_with_the_message(ess):
    """Seed: POST /messages 201 with serialized message; body trimmed then nl2br."""
    body = post(ess.as_("manager"), message="  Stock count tonight\nBring a pen  \n")
    data = body["data"]
    assert list(body) == ["data"] and list(data) == KEYS
    assert {k: data[k] for k in ("id", "business_id", "user_id", "message", "location_id", "sender")} == {
        "id": 4, "business_id": 1, "user_id": 2, "message": "Stock count tonight<br />\nBring a pen",
        "location_id": None, "sender": {"id": 2, "name": "Ms Maria Manager"}}
    assert STAMP.match(data["created_at"]) and data["updated_at"] == data["created_at"]
    assert json_of(ess.get("/messages"), 200)["data"][-1] == data


@pytest.mark.parametrize("text,stored", [
    ("a\nb", "a<br />\nb"),
    ("a\r\nb", "a<br />\r\nb"),             # \r\n is one break
    ("a\rb", "a<br />\rb"),
    ("a\n\r b", "a<br />\n\r b"),           # so is \n\r
    ("a\n\nb", "a<br />\n<br />\nb"),
    ("<b>bold</b> & more", "<b>bold</b> & more"),  # nl2br only, no escaping (the web stores it so)
])
def test_create_converts_line_breaks_like_php_nl2br(ess, text, stored):
    """Research §5: nl2br inserts "<br />" before each line break and keeps the break."""
    assert post(ess, message=text)["data"]["message"] == stored


def test_create_scoped_to_a_location(ess):
    """Seed: optional location_id; scoped messages are seen at that location only."""
    data = post(ess.as_("manager"), message="For the main store", location_id=1)["data"]
    assert data["location_id"] == 1
    assert data["id"] in ids(ess.as_("manager").get("/messages"))
    assert data["id"] in ids(ess.get("/messages"))
    assert data["id"] not in ids(ess.as_("cashier").get("/messages"))


def test_create_location_id_as_form_string(ess):
    """Seed: location_id optional integer; form bodies send it as a string."""
    r = ess.post("/messages", data={"message": "Form post", "location_id": "2"})
    assert json_of(r, 201)["data"]["location_id"] == 2


@pytest.mark.parametrize("body,errors", [
    ({}, {"message": ["The message field is required."]}),
    ({"message": "   \n "}, {"message": ["The message field is required."]}),
    ({"message": None}, {"message": ["The message field is required."]}),
    ({"message": 42}, {"message": ["The message must be a string."]}),
    ({"message": ["a"]}, {"message": ["The message must be a string."]}),
    ({"message": "Hi", "location_id": "main"}, {"location_id": ["The location id must be an integer."]}),
    ({"message": "Hi", "location_id": 99}, {"location_id": ["The selected location id is invalid."]}),
    ({"location_id": 99}, {"message": ["The message field is required."],
                           "location_id": ["The selected location id is invalid."]}),
])
def test_create_validates_and_stores_nothing(ess, body, errors):
    """Seed: message required string; location_id optional integer that must belong to the business."""
    invalid(ess.post("/messages", json=body), errors)
    assert total(ess) == 3


def test_create_location_of_another_business_is_invalid(ess):
    """Seed: location_id must belong to the business (business 2 has only location 1)."""
    invalid(ess.as_("waiter").post("/messages", json={"message": "Hi", "location_id": 2}),
            {"location_id": ["The selected location id is invalid."]})


def test_create_at_a_location_not_permitted_is_403(ess):
    """Seed: location_id must be permitted for the user; research §7.5: else 403."""
    assert post(ess.as_("manager"), 403, location_id=2) == UNAUTHORIZED
    assert total(ess) == 3
    assert post(ess, location_id=2)["data"]["location_id"] == 2  # the admin may use any location


def test_create_with_malformed_json_is_a_validation_error(ess):
    """Brief: malformed JSON reads as an empty body, so validation answers 422."""
    r = ess.post("/messages", data="{oops", headers={"Content-Type": "application/json"})
    invalid(r, {"message": ["The message field is required."]})


# --- delete -------------------------------------------------------------------------------

def test_delete_own_message(ess):
    """Seed: DELETE /messages/{id} deletes a message the user posted; 200 {"message": "OK"}."""
    manager = ess.as_("manager")
    assert json_of(manager.delete("/messages/2"), 200) == {"message": "OK"}
    assert ids(manager.get("/messages")) == [1]
    assert ids(ess.get("/messages")) == [1, 3]
    assert json_of(manager.delete("/messages/2"), 404) == NOT_FOUND


def test_delete_someone_elses_visible_message_is_403(ess):
    """Seed: only messages the user posted; another user's message in scope -> 403, and it stays."""
    assert json_of(ess.delete("/messages/2"), 403) == UNAUTHORIZED
    assert json_of(ess.as_("manager").delete("/messages/1"), 403) == UNAUTHORIZED
    assert ids(ess.get("/messages")) == [1, 2, 3]


@pytest.mark.parametrize("item", ["3", "999", "abc"])
def test_delete_invisible_or_missing_message_is_404(ess, item):
    """Seed/brief: a message outside the caller's location scope, or missing, is 404 "Not found."."""
    assert json_of(ess.as_("manager").delete(f"/messages/{item}"), 404) == NOT_FOUND
    assert total(ess) == 3


# --- notification targets (domain rule, no HTTP transport exists) -------------------------

def _in_business(tenant: str, user_id: int):
    """Domain rules run for an explicit caller, with no request and no app context."""
    from emulator import create_app
    from emulator.core.caller import acting_as

    app = create_app(["essentials"])
    business = app.extensions["emulator"].store.tenant("essentials", tenant)
    return acting_as(business, business.table("users").get(user_id))


def test_notification_targets_global_and_scoped():
    """Seed: notifications go to all other business users for a global message, or to users with the
    location permission when scoped (research §5: __notify, Spatie's permission('location.N'))."""
    from emulator.apis.essentials import messages

    with _in_business("1", 2):
        assert messages.notification_targets({"user_id": 2, "location_id": None}) == [1, 3, 4, 5, 6]
        assert messages.notification_targets({"user_id": 1, "location_id": 1}) == [2, 6]
        assert messages.notification_targets({"user_id": 2, "location_id": 1}) == [6]
        assert messages.notification_targets({"user_id": 1, "location_id": 2}) == [3]
        sent = messages.post(2, "Hello\nall", None)
        record = messages.table("message_notifications").first(message_id=sent["id"])
        assert record["user_ids"] == [1, 3, 4, 5, 6]
        assert record["database_notification"] is True  # the last message is older than 10 minutes
        again = messages.post(1, "Again", None)
        assert messages.table("message_notifications").first(message_id=again["id"])["database_notification"] is False


def test_in_scope_ignores_since_and_others_only():
    """Brief: messages.in_scope() lists what the caller may see (the dashboard counts it)."""
    from emulator.apis.essentials import messages

    with _in_business("1", 3):
        assert sorted(m["id"] for m in messages.in_scope()) == [1, 3]
