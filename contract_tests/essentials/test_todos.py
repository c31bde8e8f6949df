"""Essentials todos: GET/POST /todos, GET/PUT/PATCH/DELETE /todos/{id}.

Seed 000 "List/Create/Get/Update/Delete Essentials todo"; research essentials.md §3.1 (business
formats), §3.2 (task_id), §5 (ToDo model, comments, media), §7.2 (rows and rules).

Fixtures (business 1, m/d/Y + 24h, prefix TODO, todo_ref_count 3):
  todo 1 created by admin(1), assigned [manager 2];  todo 2 created by manager(2), assigned [2, cashier 3];
  todo 3 created by admin(1), assigned [1].  Business 2: d/m/Y + 12h, empty prefix, todo_ref_count 1.
"""
from __future__ import annotations

import re

import pytest

from .support import NOT_FOUND, UNAUTHORIZED, ids, invalid, json_of

STAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$")
ROW_KEYS = ["id", "task_id", "task", "date", "end_date", "status", "priority", "estimated_hours",
            "created_by", "assigned_by", "assignees", "assigned_user_ids", "created_at", "updated_at"]
DETAIL_KEYS = ["id", "task_id", "task", "description", "date", "end_date", "status", "priority",
               "estimated_hours", "created_by", "assigned_by", "assignees", "assigned_user_ids",
               "created_at", "updated_at", "comments", "media"]
ADMIN = {"id": 1, "name": "Mr Alice Admin"}
MANAGER = {"id": 2, "name": "Ms Maria Manager"}
CASHIER = {"id": 3, "name": "Mr Carl Cashier"}








def new_todo(client, **body) -> dict:
    payload = {"task": "Restock shelves", "date": "01/15/2026 14:30", **body}
    return json_of(client.post("/todos", json=payload), 201)["data"]


# --- list ---------------------------------------------------------------------------------

def test_list_is_a_paginated_envelope_of_rows(ess):
    """Seed: GET /todos 200 with paginated list rows; research §6 B envelope, §7.2 row."""
    body = json_of(ess.get("/todos"), 200)
    assert list(body) == ["data", "links", "meta"]
    assert body["meta"]["total"] == 3 and body["meta"]["per_page"] == 20 and body["meta"]["current_page"] == 1
    assert [list(row) for row in body["data"]] == [ROW_KEYS] * 3


def test_list_row_shape(ess):
    """Research §7.2 [INFERRED] row: raw DATETIME dates, VARCHAR estimated_hours, user refs."""
    row = next(r for r in json_of(ess.get("/todos"), 200)["data"] if r["id"] == 2)
    assert row == {
        "id": 2, "task_id": "TODO2026/0002", "task": "Count warehouse inventory",
        "date": "2026-01-20 09:00:00", "end_date": "2026-01-20 17:00:00", "status": "new",
        "priority": "medium", "estimated_hours": "8", "created_by": 2, "assigned_by": MANAGER,
        "assignees": [MANAGER, CASHIER], "assigned_user_ids": [2, 3],
        "created_at": "2026-01-11T10:00:00.000000Z", "updated_at": "2026-01-11T10:00:00.000000Z",
    }


def test_list_default_order_is_created_at_desc(ess):
    """House convention: without sort, newest created first."""
    assert ids(ess.get("/todos")) == [3, 2, 1]


def test_list_per_page_default_20_range_1_to_100(ess):
    """Seed: per_page 1–100, default 20."""
    for bad in ("0", "101"):
        invalid(ess.get("/todos", params={"per_page": bad}),
                {"per_page": ["The per page must be between 1 and 100."]})
    invalid(ess.get("/todos", params={"per_page": "many"}), {"per_page": ["The per page must be an integer."]})
    assert json_of(ess.get("/todos", params={"per_page": 100}), 200)["meta"]["per_page"] == 100


def test_list_pages(ess):
    """Seed: per_page, page pagination."""
    first = json_of(ess.get("/todos", params={"per_page": 2}), 200)
    assert [r["id"] for r in first["data"]] == [3, 2]
    assert first["meta"]["last_page"] == 2 and first["meta"]["total"] == 3
    assert ids(ess.get("/todos", params={"per_page": 2, "page": 2})) == [1]


def test_list_filter_priority(ess):
    """Seed: priority low|medium|high|urgent."""
    assert ids(ess.get("/todos", params={"priority": "high"})) == [1]
    assert ids(ess.get("/todos", params={"priority": "urgent"})) == []
    invalid(ess.get("/todos", params={"priority": "critical"}), {"priority": ["The selected priority is invalid."]})


def test_list_filter_status(ess):
    """Seed: status new|in_progress|on_hold|completed."""
    assert ids(ess.get("/todos", params={"status": "completed"})) == [3]
    invalid(ess.get("/todos", params={"status": "done"}), {"status": ["The selected status is invalid."]})


def test_list_filter_user_id_by_assignee_for_admins(ess):
    """Seed: admins may filter by assignee using user_id (via pivot)."""
    assert ids(ess.get("/todos", params={"user_id": 3})) == [2]
    assert ids(ess.get("/todos", params={"user_id": 2})) == [2, 1]
    invalid(ess.get("/todos", params={"user_id": "x"}), {"user_id": ["The user id must be an integer."]})


def test_list_user_id_is_ignored_for_non_admins(ess):
    """Seed: only admins filter by assignee; for others user_id neither narrows nor widens the scope."""
    manager = ess.as_("manager")
    assert ids(manager.get("/todos", params={"user_id": 3})) == ids(manager.get("/todos")) == [2, 1]


def test_list_start_and_end_date_are_required_together(ess):
    """Seed: start_date, end_date both required together."""
    invalid(ess.get("/todos", params={"start_date": "2026-01-01"}),
            {"end_date": ["The end date field is required when start date is present."]})
    invalid(ess.get("/todos", params={"end_date": "2026-01-31"}),
            {"start_date": ["The start date field is required when end date is present."]})


def test_list_date_range_filters_the_date_part_of_date(ess):
    """Seed: filters by todo date; research §3.1 whereDate with Y-m-d, inclusive."""
    assert ids(ess.get("/todos", params={"start_date": "2026-01-15", "end_date": "2026-01-20"})) == [2, 1]
    assert ids(ess.get("/todos", params={"start_date": "2026-02-01", "end_date": "2026-02-01"})) == [3]


def test_list_date_range_must_be_y_m_d(ess):
    """Research §3.1: list filters are Y-m-d."""
    invalid(ess.get("/todos", params={"start_date": "01/15/2026", "end_date": "2026-01-20"}),
            {"start_date": ["The start date does not match the format Y-m-d."]})
    invalid(ess.get("/todos", params={"start_date": "2026-01-01", "end_date": "2026-02-30"}),
            {"end_date": ["The end date does not match the format Y-m-d."]})


def test_list_q_needs_two_characters(ess):
    """Seed: q minimum 2 characters when sent."""
    invalid(ess.get("/todos", params={"q": "a"}), {"q": ["The q must be at least 2 characters."]})


def test_list_q_searches_task_task_id_and_description(ess):
    """Research §7.2: q LIKE on task, task_id, description (case-insensitive)."""
    assert ids(ess.get("/todos", params={"q": "WAREHOUSE"})) == [2]
    assert ids(ess.get("/todos", params={"q": "2026/0003"})) == [3]
    assert ids(ess.get("/todos", params={"q": "espresso"})) == [1]
    assert ids(ess.get("/todos", params={"q": "nothing like it"})) == []


def test_list_sort_and_direction(ess):
    """Seed: sort date, end_date, created_at, updated_at, status, priority, task_id; direction asc|desc."""
    assert ids(ess.get("/todos", params={"sort": "date"})) == [1, 2, 3]
    assert ids(ess.get("/todos", params={"sort": "date", "direction": "desc"})) == [3, 2, 1]
    assert ids(ess.get("/todos", params={"sort": "priority"})) == [1, 3, 2]
    assert ids(ess.get("/todos", params={"sort": "task_id", "direction": "desc"})) == [3, 2, 1]
    invalid(ess.get("/todos", params={"sort": "task"}), {"sort": ["The selected sort is invalid."]})
    invalid(ess.get("/todos", params={"direction": "up"}), {"direction": ["The selected direction is invalid."]})


def test_list_non_admins_see_only_created_or_assigned(ess):
    """Seed: non-admin users only see todos they created or are assigned to."""
    assert ids(ess.as_("cashier").get("/todos")) == [2]
    assert ids(ess.as_("manager").get("/todos")) == [2, 1]
    assert ids(ess.as_("viewer").get("/todos")) == []


def test_superadmins_see_only_the_todos_they_created_or_are_assigned(ess):
    """Seed: "Non-admin users only see todos they created or are assigned to" and the dashboard's
    todos are "scoped to the user unless they are a business admin"; research §3.3 and
    ToDoController index/show/update/destroy: the scope is lifted by Util::is_admin (the role
    Admin#<id>) alone, never by being a superadmin.  The superadmin (no role) sees none of the
    fixtures' todos, may not filter by user_id, and sees one todo once they created it."""
    superadmin = ess.as_("superadmin")
    assert ids(superadmin.get("/todos")) == []
    assert ids(superadmin.get("/todos", params={"user_id": 1})) == []
    assert json_of(superadmin.get("/todos/1"), 404) == NOT_FOUND
    assert json_of(superadmin.delete("/todos/3"), 404) == NOT_FOUND
    # seed: create is "Superadmin, subscription essentials_module, or essentials.add_todos"; assigning
    # others needs essentials.assign_todos, which a superadmin does not hold
    mine = new_todo(superadmin, assigned_user_ids=[2])
    assert mine["assigned_user_ids"] == [5]
    assert ids(superadmin.get("/todos")) == [mine["id"]]
    assert json_of(superadmin.get("/dashboard"), 200)["data"]["counts"]["todos"] == 1
    assert json_of(superadmin.delete(f"/todos/{mine['id']}"), 200) == {"message": "OK"}
    assert ids(ess.get("/todos")) == [3, 2, 1]  # the business admin sees every todo


def test_list_requires_credentials(ess):
    """Research §2: 401 {"message": "Unauthenticated."}."""
    assert json_of(ess.anon().get("/todos"), 401) == {"message": "Unauthenticated."}


# --- create -------------------------------------------------------------------------------

def test_create_returns_201_with_the_detail(ess):
    """Seed: POST 201 with detail payload; status defaults to new; creator is the only assignee."""
    data = new_todo(ess, description="Top shelf first", estimated_hours=3, priority="low")
    assert list(data) == DETAIL_KEYS
    year = data["created_at"][:4]
    assert data == {
        "id": 4, "task_id": f"TODO{year}/0004", "task": "Restock shelves", "description": "Top shelf first",
        "date": "2026-01-15 14:30:00", "end_date": None, "status": "new", "priority": "low",
        "estimated_hours": "3", "created_by": 1, "assigned_by": ADMIN, "assignees": [ADMIN],
        "assigned_user_ids": [1], "created_at": data["created_at"], "updated_at": data["created_at"],
        "comments": [], "media": [],
    }
    assert STAMP.match(data["created_at"])


def test_create_is_kept(ess):
    """State persists: the created todo shows in GET /todos/{id} and in the list."""
    data = new_todo(ess, status="on_hold")
    assert json_of(ess.get(f"/todos/{data['id']}"), 200)["data"] == data
    assert ids(ess.get("/todos", params={"status": "on_hold"})) == [data["id"]]


def test_create_parses_business_date_and_time_format(ess):
    """Seed/research §3.1: date and end_date in the business format (m/d/Y H:i) -> stored Y-m-d H:i:s."""
    data = new_todo(ess, date="02/28/2026 08:05", end_date="03/01/2026 17:45")
    assert (data["date"], data["end_date"]) == ("2026-02-28 08:05:00", "2026-03-01 17:45:00")


def test_create_in_business_2_uses_d_m_y_and_12_hour_times(ess):
    """Research §3.1/§3.2: business 2 (d/m/Y, 12h, empty prefix) -> task_id "<year>/0002"."""
    bistro = ess.as_("bistro")
    r = bistro.post("/todos", data={"task": "Sharpen knives", "date": "15/01/2026 02:30 PM",
                                    "end_date": "16/01/2026 09:00 AM"})
    data = json_of(r, 201)["data"]
    assert (data["date"], data["end_date"]) == ("2026-01-15 14:30:00", "2026-01-16 09:00:00")
    assert data["task_id"] == f"{data['created_at'][:4]}/0002"
    assert data["assignees"] == [{"id": 1, "name": " Bruno Owner"}]


def test_create_date_must_match_the_business_format(ess):
    """Research §2.1 date_format wording with the business format."""
    invalid(ess.post("/todos", json={"task": "T", "date": "15/01/2026 14:30"}),
            {"date": ["The date does not match the format m/d/Y H:i."]})
    invalid(ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30", "end_date": "tomorrow"}),
            {"end_date": ["The end date does not match the format m/d/Y H:i."]})
    invalid(ess.as_("bistro").post("/todos", json={"task": "T", "date": "01/15/2026 14:30"}),
            {"date": ["The date does not match the format d/m/Y h:i A."]})
    invalid(ess.post("/todos", json={"task": "T", "date": 20260115}),
            {"date": ["The date does not match the format m/d/Y H:i."]})


@pytest.mark.parametrize("user, body, errors", [
    ("admin", {"date": "01/15/2026"}, {"date": ["The date does not match the format m/d/Y H:i."]}),
    ("admin", {"date": "01/15/2026 14:30", "end_date": "01/16/2026"},
     {"end_date": ["The end date does not match the format m/d/Y H:i."]}),
    ("bistro", {"date": "15/01/2026"}, {"date": ["The date does not match the format d/m/Y h:i A."]}),
])
def test_create_date_without_a_time_is_refused_not_midnight(ess, user, body, errors):
    """Seed: date is a "Start datetime string (business format)"; research §3.1: ToDoController parses
    it with uf_date(x, true), Carbon::createFromFormat(date_format . ' H:i' (or ' h:i A')), which
    fails on a date alone ("Not enough data available"): 422, and nothing stored at midnight."""
    client = ess.as_(user)
    before = json_of(client.get("/todos"), 200)["meta"]["total"]
    invalid(client.post("/todos", json={"task": "No time", **body}), errors)
    assert json_of(client.get("/todos"), 200)["meta"]["total"] == before
    assert ids(client.get("/todos", params={"q": "No time"})) == []


def test_update_date_without_a_time_is_refused(ess):
    """Research §3.1: the update parses date and end_date as the create does; the todo is unchanged."""
    before = json_of(ess.get("/todos/1"), 200)["data"]
    invalid(ess.put("/todos/1", json={"task": "x", "date": "01/20/2026", "status": "new"}),
            {"date": ["The date does not match the format m/d/Y H:i."]})
    invalid(ess.as_("bistro").put("/todos/1", json={"task": "x", "date": "20/01/2026 10:00 AM",
                                                     "end_date": "21/01/2026", "status": "new"}),
            {"end_date": ["The end date does not match the format d/m/Y h:i A."]})
    assert json_of(ess.get("/todos/1"), 200)["data"] == before


def test_create_requires_task_and_date(ess):
    """Seed: task and date required (Laravel 9 summary "(and 1 more error)")."""
    r = ess.post("/todos", json={})
    assert json_of(r, 422) == {
        "message": "The task field is required. (and 1 more error)",
        "errors": {"task": ["The task field is required."], "date": ["The date field is required."]},
    }
    invalid(ess.post("/todos", json={"task": "  ", "date": ""}),
            {"task": ["The task field is required."], "date": ["The date field is required."]})
    invalid(ess.post("/todos", json={"task": 5, "date": "01/15/2026 14:30"}),
            {"task": ["The task must be a string."]})


def test_create_malformed_json_is_a_validation_error(ess):
    """Brief: malformed JSON reads as {} -> 422, never 500."""
    r = ess.post("/todos", data="{not json", headers={"Content-Type": "application/json"})
    invalid(r, {"task": ["The task field is required."], "date": ["The date field is required."]})


def test_create_validates_priority_status_and_estimated_hours(ess):
    """Research §5: priority and status enumerations; estimated_hours numeric, stored as a string."""
    invalid(ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30", "estimated_hours": "lots",
                                     "priority": "asap", "status": "open"}),
            {"estimated_hours": ["The estimated hours must be a number."],
             "priority": ["The selected priority is invalid."], "status": ["The selected status is invalid."]})
    r = ess.post("/todos", data='{"task": "T", "date": "01/15/2026 14:30", "estimated_hours": 1e400}',
                 headers={"Content-Type": "application/json"})
    invalid(r, {"estimated_hours": ["The estimated hours must be a number."]})
    assert json_of(ess.get("/todos"), 200)["meta"]["total"] == 3
    assert new_todo(ess, estimated_hours="1.5")["estimated_hours"] == "1.5"


def test_create_honours_assigned_user_ids_with_assign_todos(ess):
    """Seed: assigned_user_ids honoured only with essentials.assign_todos."""
    assert new_todo(ess, assigned_user_ids=[2, 3])["assignees"] == [MANAGER, CASHIER]
    data = new_todo(ess.as_("manager"), assigned_user_ids=[3])
    assert (data["assigned_user_ids"], data["assigned_by"]) == ([3], MANAGER)
    # the assignee now sees it
    assert data["id"] in ids(ess.as_("cashier").get("/todos"))


def test_create_without_assign_todos_assigns_only_the_creator(ess):
    """Seed: otherwise the creator is the only assignee."""
    data = new_todo(ess.as_("cashier"), assigned_user_ids=[1, 2])
    assert (data["assignees"], data["assigned_user_ids"]) == ([CASHIER], [3])


def test_create_empty_assignees_assign_the_creator(ess):
    """Research §5: web create falls back to [creator] when no users are sent."""
    assert new_todo(ess, assigned_user_ids=[])["assigned_user_ids"] == [1]


def test_create_assignees_must_be_business_users(ess):
    """Research §2.1: wildcard items keyed by index, "The selected assigned_user_ids.0 is invalid."."""
    invalid(ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30", "assigned_user_ids": [99, 2, "x"]}),
            {"assigned_user_ids.0": ["The selected assigned_user_ids.0 is invalid."],
             "assigned_user_ids.2": ["The assigned_user_ids.2 must be an integer."]})
    invalid(ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30", "assigned_user_ids": 2}),
            {"assigned_user_ids": ["The assigned user ids must be an array."]})


def test_rejected_create_changes_nothing(ess, control):
    """A bad request stores nothing and does not advance the task_id counter."""
    ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30", "assigned_user_ids": [99]})
    ess.post("/todos", json={"task": "T", "date": "nope"})
    assert json_of(ess.get("/todos"), 200)["meta"]["total"] == 3
    assert control.settings("essentials", "1")["todo_ref_count"] == 3
    assert new_todo(ess)["task_id"].endswith("/0004")


def test_task_id_counter_is_per_business_and_never_decremented(ess, control):
    """Research §3.2: reference_counts +1 per todo, never decremented (kept in settings todo_ref_count)."""
    first = new_todo(ess)
    assert json_of(ess.delete(f"/todos/{first['id']}"), 200) == {"message": "OK"}
    second = new_todo(ess)
    assert (first["task_id"][-5:], second["task_id"][-5:]) == ("/0004", "/0005")
    assert control.settings("essentials", "1")["todo_ref_count"] == 5
    assert control.settings("essentials", "2")["todo_ref_count"] == 1


def test_task_id_uses_the_essentials_prefix_and_pads_without_truncating(ess, gate):
    """Research §3.2: prefix + year + "/" + str_pad(count, 4, "0") (counts past 9999 are not cut)."""
    gate(essentials_settings={"essentials_todos_prefix": "TSK-"}, todo_ref_count=9999)
    data = new_todo(ess)
    assert data["task_id"] == f"TSK-{data['created_at'][:4]}/10000"


def test_create_needs_add_todos(ess):
    """Seed/brief: essentials.add_todos, else 403 Unauthorized action.; nothing stored."""
    assert json_of(ess.as_("viewer").post("/todos", json={"task": "T", "date": "01/15/2026 14:30"}),
                   403) == UNAUTHORIZED
    assert json_of(ess.get("/todos"), 200)["meta"]["total"] == 3


def test_create_requires_credentials(ess):
    """Research §2: 401 without credentials."""
    assert json_of(ess.anon().post("/todos", json={"task": "T"}), 401) == {"message": "Unauthenticated."}


# --- show ---------------------------------------------------------------------------------

def test_show_detail_has_description_comments_and_media(ess):
    """Seed: detail includes description, comments, media; research §5 comments (added_by) and media
    (display_name after the 2nd "_", display_url under /uploads/media/)."""
    data = json_of(ess.get("/todos/1"), 200)["data"]
    assert list(data) == DETAIL_KEYS
    assert data["description"] == "Espresso beans are two weeks late."
    assert data["comments"] == [{  # newest first
        "id": 2, "comment": "Delivery moved to Monday.", "task_id": 1, "comment_by": 1,
        "created_at": "2026-01-13T10:00:00.000000Z", "updated_at": "2026-01-13T10:00:00.000000Z",
        "added_by": {"id": 1, "name": "Mr Alice Admin"},
    }, {
        "id": 1, "comment": "Supplier promised delivery on Friday.", "task_id": 1, "comment_by": 2,
        "created_at": "2026-01-12T09:15:00.000000Z", "updated_at": "2026-01-12T09:15:00.000000Z",
        "added_by": MANAGER,
    }]
    [media] = data["media"]  # media 2 belongs to another model (a transaction) with the same id
    assert {k: v for k, v in media.items() if k != "display_url"} == {
        "id": 1, "business_id": 1, "file_name": "1768212000_1234567890_delivery-note.pdf", "description": None,
        "uploaded_by": 2, "model_type": "Modules\\Essentials\\Entities\\ToDo", "model_media_type": None,
        "model_id": 1, "created_at": "2026-01-12T09:20:00.000000Z", "updated_at": "2026-01-12T09:20:00.000000Z",
        "display_name": "delivery-note.pdf",
    }
    assert media["display_url"].endswith("/uploads/media/1768212000_1234567890_delivery-note.pdf")
    assert json_of(ess.get("/todos/2"), 200)["data"]["comments"] == []


def test_show_out_of_scope_is_404(ess):
    """Seed: returns the todo only if it is in the caller's scoped query."""
    assert json_of(ess.as_("cashier").get("/todos/1"), 404) == NOT_FOUND
    assert json_of(ess.as_("cashier").get("/todos/2"), 200)["data"]["id"] == 2


@pytest.mark.parametrize("item_id", ["99", "abc", "0"])
def test_show_missing_is_404(ess, item_id):
    """Research §2: missing id -> 404 {"message": "Not found."}."""
    assert json_of(ess.get(f"/todos/{item_id}"), 404) == NOT_FOUND


def test_show_requires_credentials(ess):
    """Research §2: 401 without credentials."""
    assert json_of(ess.anon().get("/todos/1"), 401) == {"message": "Unauthenticated."}


# --- update -------------------------------------------------------------------------------

def test_update_only_status_changes_the_status_only(ess):
    """Seed: only_status true + status changes status only (assignees not synced)."""
    r = ess.put("/todos/2", json={"only_status": True, "status": "completed", "task": "Renamed",
                                  "assigned_user_ids": [1]})
    data = json_of(r, 200)["data"]
    assert (data["status"], data["task"], data["assigned_user_ids"]) == ("completed", "Count warehouse inventory",
                                                                          [2, 3])
    assert data["updated_at"] != "2026-01-11T10:00:00.000000Z" and STAMP.match(data["updated_at"])
    assert json_of(ess.get("/todos/2"), 200)["data"] == data


def test_update_only_status_needs_a_status(ess):
    """Seed: only_status with status."""
    invalid(ess.patch("/todos/2", json={"only_status": True}), {"status": ["The status field is required."]})
    invalid(ess.patch("/todos/2", json={"only_status": "1", "status": "closed"}),
            {"status": ["The selected status is invalid."]})
    invalid(ess.patch("/todos/2", json={"only_status": "maybe", "status": "new"}),
            {"only_status": ["The only status field must be true or false."]})


def test_full_update_requires_task_date_and_status(ess):
    """Seed: otherwise task, date, and status are required (422)."""
    for method in (ess.put, ess.patch):
        r = method("/todos/2", json={"only_status": False, "description": "x"})
        assert json_of(r, 422) == {
            "message": "The task field is required. (and 2 more errors)",
            "errors": {"task": ["The task field is required."], "date": ["The date field is required."],
                       "status": ["The status field is required."]},
        }


def test_full_update_changes_and_keeps_the_todo(ess):
    """Seed: PUT/PATCH 200 with updated detail; date in the business format."""
    r = ess.patch("/todos/2", json={"task": "Count all stock", "date": "01/21/2026 07:00", "status": "on_hold",
                                    "priority": "urgent", "estimated_hours": 6, "end_date": None})
    data = json_of(r, 200)["data"]
    assert (data["task"], data["date"], data["status"], data["priority"], data["estimated_hours"],
            data["end_date"]) == ("Count all stock", "2026-01-21 07:00:00", "on_hold", "urgent", "6", None)
    assert data["description"] is None and data["task_id"] == "TODO2026/0002" and data["created_by"] == 2
    assert STAMP.match(data["updated_at"]) and data["updated_at"] != "2026-01-11T10:00:00.000000Z"
    assert json_of(ess.get("/todos/2"), 200)["data"] == data


def test_full_update_leaves_absent_optional_fields(ess):
    """Choice: optional fields that are not sent keep their value."""
    data = json_of(ess.put("/todos/1", json={"task": "Call supplier", "date": "01/15/2026 14:30",
                                             "status": "new"}), 200)["data"]
    assert (data["description"], data["priority"], data["estimated_hours"]) == (
        "Espresso beans are two weeks late.", "high", "2")


def test_update_in_business_2_uses_its_format(ess):
    """Research §3.1: d/m/Y h:i A for business 2."""
    bistro = ess.as_("bistro")
    data = json_of(bistro.put("/todos/1", json={"task": "Order basil", "date": "20/01/2026 11:15 PM",
                                                "status": "in_progress"}), 200)["data"]
    assert data["date"] == "2026-01-20 23:15:00"
    invalid(bistro.put("/todos/1", json={"task": "x", "date": "2026/01/20", "status": "new"}),
            {"date": ["The date does not match the format d/m/Y h:i A."]})


def test_update_syncs_assignees_with_assign_todos(ess):
    """Seed: assigned_user_ids syncs assignees when the user has essentials.assign_todos."""
    body = {"task": "Count", "date": "01/20/2026 09:00", "status": "new", "assigned_user_ids": [1]}
    assert json_of(ess.put("/todos/2", json=body), 200)["data"]["assignees"] == [ADMIN]
    # the cashier is no longer assigned and did not create it
    assert json_of(ess.as_("cashier").get("/todos/2"), 404) == NOT_FOUND


def test_update_ignores_assignees_without_assign_todos(ess):
    """Seed: only with essentials.assign_todos."""
    body = {"task": "Count", "date": "01/20/2026 09:00", "status": "new", "assigned_user_ids": [1]}
    data = json_of(ess.as_("cashier").put("/todos/2", json=body), 200)["data"]
    assert (data["task"], data["assigned_user_ids"]) == ("Count", [2, 3])


def test_rejected_update_changes_nothing(ess):
    """A bad update (unknown assignee) leaves the todo as it was."""
    before = json_of(ess.get("/todos/2"), 200)["data"]
    invalid(ess.put("/todos/2", json={"task": "X", "date": "01/20/2026 09:00", "status": "new",
                                      "assigned_user_ids": [2, 42]}),
            {"assigned_user_ids.1": ["The selected assigned_user_ids.1 is invalid."]})
    assert json_of(ess.get("/todos/2"), 200)["data"] == before


def test_update_needs_edit_todos(ess):
    """Seed: essentials.edit_todos, else 403."""
    r = ess.as_("viewer").put("/todos/1", json={"only_status": True, "status": "completed"})
    assert json_of(r, 403) == UNAUTHORIZED
    assert json_of(ess.get("/todos/1"), 200)["data"]["status"] == "in_progress"


def test_update_out_of_scope_or_missing_is_404(ess):
    """Research §7.2: non-admins may update only todos they created or are assigned."""
    cashier = ess.as_("cashier")
    assert json_of(cashier.patch("/todos/1", json={"only_status": True, "status": "completed"}), 404) == NOT_FOUND
    assert json_of(cashier.patch("/todos/2", json={"only_status": True, "status": "completed"}), 200)
    assert json_of(ess.put("/todos/99", json={"only_status": True, "status": "new"}), 404) == NOT_FOUND


def test_update_requires_credentials(ess):
    """Research §2: 401 without credentials."""
    anon = ess.anon()
    for method in (anon.put, anon.patch):
        assert json_of(method("/todos/1", json={"only_status": True, "status": "new"}), 401) == {
            "message": "Unauthenticated."}


# --- delete -------------------------------------------------------------------------------

def test_delete_answers_ok_and_removes(ess):
    """Seed: DELETE 200 {"message": "OK"}."""
    assert json_of(ess.delete("/todos/1"), 200) == {"message": "OK"}
    assert json_of(ess.get("/todos/1"), 404) == NOT_FOUND
    assert ids(ess.get("/todos")) == [3, 2]


def test_non_admins_delete_only_what_they_created(ess):
    """Seed: non-admin users may only delete todos they created (visible otherwise -> 403)."""
    manager = ess.as_("manager")
    assert json_of(manager.delete("/todos/1"), 403) == UNAUTHORIZED
    assert json_of(ess.get("/todos/1"), 200)
    assert json_of(manager.delete("/todos/3"), 404) == NOT_FOUND
    assert json_of(manager.delete("/todos/2"), 200) == {"message": "OK"}
    assert ids(ess.get("/todos")) == [3, 1]


def test_delete_needs_delete_todos(ess):
    """Seed: essentials.delete_todos, else 403."""
    assert json_of(ess.as_("cashier").delete("/todos/2"), 403) == UNAUTHORIZED
    assert json_of(ess.get("/todos/2"), 200)


def test_delete_missing_is_404(ess):
    """Research §2: 404 for missing ids."""
    assert json_of(ess.delete("/todos/99"), 404) == NOT_FOUND
    assert json_of(ess.delete("/todos/x"), 404) == NOT_FOUND


def test_delete_requires_credentials(ess):
    """Research §2: 401 without credentials."""
    assert json_of(ess.anon().delete("/todos/1"), 401) == {"message": "Unauthenticated."}
    assert json_of(ess.get("/todos/1"), 200)


# --- demo mode ------------------------------------------------------------------------------

def test_demo_mode_blocks_writes(ess, gate):
    """Seed: demo mode blocks mutating calls with 403 (research §2: "Feature disabled in demo!!")."""
    gate(demo_mode=True)
    demo = {"message": "Feature disabled in demo!!"}
    assert json_of(ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30"}), 403) == demo
    assert json_of(ess.put("/todos/1", json={"only_status": True, "status": "new"}), 403) == demo
    assert json_of(ess.patch("/todos/1", json={"only_status": True, "status": "new"}), 403) == demo
    assert json_of(ess.delete("/todos/1"), 403) == demo
    assert json_of(ess.get("/todos"), 200)["meta"]["total"] == 3
    assert json_of(ess.get("/todos/1"), 200)["data"]["status"] == "in_progress"
