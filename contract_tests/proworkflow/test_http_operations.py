"""Every one of the 98 seed operations (99 method+path rows) through HTTP: its success answer, and its
documented error statuses (400 malformed, 403 no permission, 404 unknown id).

One table row per operation: who calls, the request, the status and what the body must hold.  The
fixtures are fixtures/proworkflow/acme.json (Standard) and globex.json (Advanced); the clock stands
at 2025-03-14T12:00:00Z (the `pwf` fixture).
"""
from __future__ import annotations

import base64
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pytest

from emulator.apis.proworkflow.operations import OPERATIONS, route_rows

from .conftest import Pwf

B64 = base64.b64encode(b"Some text").decode()


@dataclass(frozen=True)
class Case:
    op: str
    method: str
    path: str
    who: str = "alice"
    params: dict[str, Any] = field(default_factory=dict)
    json: Any = None
    status: int = 200
    check: Callable[[dict], bool] = lambda body: True


def ids(key: str, expected: list[int]) -> Callable[[dict], bool]:
    return lambda body: [r["id"] for r in body[key]] == expected


def one(key: str, **expected: Any) -> Callable[[dict], bool]:
    return lambda body: body["count"] == 1 and all(body[key][k] == v for k, v in expected.items())


def wrote(message: str, **first: Any) -> Callable[[dict], bool]:
    return lambda body: body["message"] == message and body["status"] == "Success" and \
        all(body["details"][0][k] == v for k, v in first.items())


CASES = [
    # -- companies ------------------------------------------------------------------------------------------
    Case("companies_list", "GET", "/companies", params={"sortby": "id"}, check=ids("companies", [1, 2, 3, 4, 6])),
    Case("companies_create", "POST", "/companies", json={"name": "ABC Ltd", "type": "client"}, status=201,
         check=wrote("Company/s Added", id=7, name="ABC Ltd")),
    Case("companies_get", "GET", "/companies/2", check=one("company", name="Bluebird Bakery", city="London")),
    Case("companies_delete", "DELETE", "/companies/6", params={"deletecontacts": "false"},
         check=wrote("Company Deleted", id=6)),
    Case("companies_update", "PUT", "/companies/2", json={"name": "ABC Ltd", "code": "ABC"},
         check=wrote("Company Updated", id=2)),
    Case("company_contacts_list", "GET", "/companies/2/contacts", check=ids("contacts", [4, 5])),
    Case("company_contacts_create", "POST", "/companies/2/contacts",
         json=[{"firstname": "Adam", "lastname": "West"}, {"firstname": "Bob", "lastname": "East"}], status=201,
         check=lambda b: b["message"] == "Contact/s Added" and [d["name"] for d in b["details"]] == ["Adam West", "Bob East"]),
    Case("company_invoices_list", "GET", "/companies/2/invoices",
         check=lambda b: [r["id"] for r in b["invoices"]] == [2, 4] and b["total"] == 1967.0),
    Case("company_notes_list", "GET", "/companies/2/notes", check=ids("notes", [3])),
    Case("company_notes_create", "POST", "/companies/2/notes", json={"content": "Example Content"}, status=201,
         check=wrote("Note Added", id=6)),
    Case("company_notes_get", "GET", "/companies/2/notes/3", check=one("note", content="Prefers email over phone")),
    Case("company_notes_delete", "DELETE", "/companies/2/notes/3", check=wrote("Note Deleted", id=3)),
    Case("company_projects_list", "GET", "/companies/2/projects", check=ids("projects", [1, 2])),
    Case("company_projects_create", "POST", "/companies/2/projects",
         json={"title": "Sample Project", "number": "auto", "managerid": "me", "staff": "2,3", "clients": "4",
               "priority": 2, "startdate": "2025-04-18", "duedate": "2025-04-28"}, status=201,
         check=wrote("Project Added", id=5, number="P-0005", title="Sample Project")),
    Case("company_quotes_list", "GET", "/companies/2/quotes", check=lambda b: b["quotes"][0]["id"] == 2 and b["total"] == 1320.0),
    Case("company_summary_get", "GET", "/companies/2/summary",
         check=lambda b: b["status"] == "Success" and [c["id"] for c in b["contacts"]] == [4, 5] and "tasks" in b),
    Case("company_tags_list", "GET", "/companies/2/tags", check=ids("tags", [1, 4])),
    Case("company_tags_update", "PUT", "/companies/2/tags", json={"tagid": "2,3"}, check=wrote("Company Tags Updated", id=2)),
    Case("company_tasks_list", "GET", "/companies/2/tasks", check=ids("tasks", [1, 2, 3, 5])),
    Case("company_time_list", "GET", "/companies/2/time", params={"fields": "contact,timetracked"},
         check=lambda b: b["total"] == 510 and [r["id"] for r in b["timerecords"]] == [1, 2, 3, 4]),
    Case("companies_client_list", "GET", "/companies/client", check=ids("companies", [2, 3])),
    Case("companies_contractor_list", "GET", "/companies/contractor", check=ids("companies", [4])),
    Case("companies_staff_list", "GET", "/companies/staff", check=ids("companies", [1])),
    # -- contacts ----------------------------------------------------------------------------------------
    Case("contacts_list", "GET", "/contacts", params={"type": "client", "sortby": "id"}, check=ids("contacts", [4, 5, 6, 8])),
    Case("contacts_create", "POST", "/contacts",
         json={"firstname": "Adam", "lastname": "West", "type": "client", "companyid": 3}, status=201,
         check=wrote("Contact/s Added", id=11, name="Adam West")),
    Case("contacts_get", "GET", "/contacts/4", params={"permissions": "true"},
         check=lambda b: b["contact"]["email"] == "carl@bluebird.test" and b["contact"]["viewcalendar"] is True),
    Case("contacts_delete", "DELETE", "/contacts/5", check=wrote("Contact Deleted", id=5)),
    Case("contacts_update", "PUT", "/contacts/5", json={"firstname": "Adam", "lastname": "West"},
         check=wrote("Contact Updated", id=5)),
    Case("contact_groups_list", "GET", "/contacts/2/groups", who="grace",
         check=lambda b: [g["name"] for g in b["groups"]] == ["Design", "Copywriting"] and b["groups"][0]["teamname"] == "Creative"),
    Case("contact_groups_update", "PUT", "/contacts/3/groups", who="grace", json={"groupid": "1", "remove": False},
         check=wrote("Contact Groups Updated", id=3)),
    Case("contact_location_get", "GET", "/contacts/1/location",
         check=one("location", latitude=40.712776, locationtime="2025-03-14T08:30:00")),
    Case("contact_location_update", "PUT", "/contacts/2/location", json={"latitude": 43.68906, "longitude": -20.182721},
         check=wrote("Contact Location Updated", id=2)),
    Case("contact_location_update", "POST", "/contacts/2/location", json={"address": "123 ABC Street, Townsville, 91911, USA"},
         check=wrote("Contact Location Updated", id=2, latitude=40.68906)),
    Case("contact_notes_list", "GET", "/contacts/4/notes", check=ids("notes", [4])),
    Case("contact_notes_create", "POST", "/contacts/4/notes", json={"content": "Example Content"}, status=201,
         check=wrote("Note Added", id=6)),
    Case("contact_notes_get", "GET", "/contacts/4/notes/4", check=one("note", content="Birthday in May")),
    Case("contact_notes_delete", "DELETE", "/contacts/4/notes/4", check=wrote("Note Deleted", id=4)),
    Case("contact_permissions_list", "GET", "/contacts/3/permissions",
         check=lambda b: b["count"] == 13 and b["permissions"][3] == {"id": 4, "name": "Tasks", "view": True, "add": False,
                                                                      "edit": True, "delete": False}),
    Case("contact_permissions_get", "GET", "/contacts/3/permissions/4", params={"permissionsetting": "edit"},
         check=one("permission", name="Tasks", permissionsetting="edit", allowed=True)),
    Case("contact_projects_list", "GET", "/contacts/3/projects", check=ids("projects", [1, 2, 4])),
    Case("contact_projects_create", "POST", "/contacts/6/projects", json={"title": "Cobalt Ads"}, status=201,
         check=wrote("Project Added", id=5, title="Cobalt Ads")),
    Case("contact_roles_list", "GET", "/contacts/2/roles", check=lambda b: b["roles"] == [{"id": 2, "name": "Project Manager"}]),
    Case("contact_roles_update", "PUT", "/contacts/3/roles", json={"roleid": "2"}, check=wrote("Contact Roles Updated", id=3)),
    Case("contact_summary_get", "GET", "/contacts/3/summary",
         check=lambda b: [p["id"] for p in b["projects"]] == [1, 2, 4] and [t["id"] for t in b["tasks"]] == [2, 3, 5, 7]),
    Case("contact_tags_list", "GET", "/contacts/4/tags", check=ids("tags", [1])),
    Case("contact_tags_update", "PUT", "/contacts/4/tags", json={"tagid": "1", "remove": "true"},
         check=wrote("Contact Tags Updated", id=4)),
    Case("contact_tasks_list", "GET", "/contacts/3/tasks", check=ids("tasks", [2, 3, 5, 7])),
    Case("contact_time_list", "GET", "/contacts/3/time", check=lambda b: b["total"] == 420 and "timerecords" not in b),
    Case("contacts_client_list", "GET", "/contacts/client", params={"sortby": "id"}, check=ids("contacts", [4, 5, 6, 8])),
    Case("contacts_contractor_list", "GET", "/contacts/contractor", check=ids("contacts", [7])),
    Case("contacts_forgotpassword", "GET", "/contacts/forgotpassword", params={"email": "cora@bluebird.test"},
         check=wrote("Password Reset Email Sent", email="cora@bluebird.test")),
    Case("contacts_locations_list", "GET", "/contacts/location", check=ids("contacts", [1, 3])),
    Case("contacts_requestaccess", "POST", "/contacts/requestaccess",
         json={"firstname": "Adam", "lastname": "West", "email": "noreply@proworkflow.test", "type": "client",
               "companyname": "ABC"}, status=201, check=wrote("Access Requested", name="Adam West")),
    Case("contacts_staff_list", "GET", "/contacts/staff", check=ids("contacts", [1, 2, 3])),
    # -- events, expenses -------------------------------------------------------------------------------
    Case("events_list", "GET", "/events", check=ids("events", [1, 2, 3])),
    Case("events_create", "POST", "/events", json={"contacts": "1,2", "title": "New Event", "description": "Event Description",
                                                  "starttime": "2014-03-20T13:00", "endtime": "2014-03-20T14:00"},
         status=201, check=wrote("Event Added", id=4, title="New Event")),
    Case("events_get", "GET", "/events/2", check=one("event", title="Client call", starttime="2025-03-18T14:00:00")),
    Case("events_delete", "DELETE", "/events/2", check=wrote("Event Deleted", id=2)),
    Case("events_update", "PUT", "/events/2", json={"title": "Moved call", "endtime": "2025-03-18T15:00"},
         check=wrote("Event Updated", id=2)),
    Case("expenses_list", "GET", "/expenses", check=ids("expenses", [1, 2])),
    Case("expenses_create", "POST", "/expenses", json={"projectid": 1, "name": "New Expense", "description": "Event Description",
                                                      "date": "2014-03-28", "cost": 100.00}, status=201,
         check=wrote("Expense Added", id=4, name="New Expense")),
    Case("expenses_get", "GET", "/expenses/1", check=one("expense", cost=100.0, projecttitle="Bakery Website")),
    Case("expenses_delete", "DELETE", "/expenses/1", check=wrote("Expense Deleted", id=1)),
    Case("expenses_update", "PUT", "/expenses/1", json={"date": "2014-03-28", "cost": 100.00, "invoiced": True},
         check=wrote("Expense Updated", id=1)),
    # -- files and folders ---------------------------------------------------------------------------------
    Case("files_list", "GET", "/files", params={"sortby": "id"}, check=ids("files", [1, 2, 3, 4, 5])),
    Case("files_create", "POST", "/files", json={"projectid": 1, "name": "filename.txt", "content": "U29tZSB0ZXh0"},
         status=201, check=wrote("File Added", id=7, name="filename.txt", size=9)),
    Case("files_get", "GET", "/files/1", params={"content": "true"},
         check=lambda b: base64.b64decode(b["file"]["content"]) == b"The bakery wants a warm, friendly site."),
    Case("files_delete", "DELETE", "/files/1", check=wrote("File Deleted", id=1)),
    Case("folders_list", "GET", "/files/folders", check=ids("folders", [2, 1])),
    Case("folders_create", "POST", "/files/folders", json={"projectid": 1, "name": "New Folder", "contacts": "1,2,3"},
         status=201, check=wrote("Folder Added", id=3, name="New Folder")),
    Case("folders_get", "GET", "/files/folders/1", check=one("folder", name="Designs", contacts="all")),
    # -- invoices ---------------------------------------------------------------------------------------
    Case("invoices_list", "GET", "/invoices", check=lambda b: [r["id"] for r in b["invoices"]] == [2, 3, 4] and b["total"] == 2847.0),
    Case("invoices_create", "POST", "/invoices",
         json={"title": "New Invoice", "number": "auto", "description": "Invoice Description", "contactid": 4, "projectid": 2,
               "lines": [{"type": "heading", "name": "Redesign Work"},
                         {"type": "lineitem", "name": "Line Item 1", "quantity": 1, "rate": 100.00, "taxable": True}]},
         status=201, check=wrote("Invoice Added", id=5, number="INV-00005", title="New Invoice")),
    Case("invoices_get", "GET", "/invoices/2", check=one("invoice", grandtotal=1467.0, discount=150.0)),
    Case("invoices_delete", "DELETE", "/invoices/2", check=wrote("Invoice Deleted", id=2)),
    Case("invoices_update", "PUT", "/invoices/2", json={"status": "paid", "discountvalue": 100, "discountdescription": "Loyalty"},
         check=wrote("Invoice Updated", id=2)),
    Case("invoice_lines_list", "GET", "/invoices/2/lines", check=ids("lines", [3, 4, 5, 6])),
    Case("invoice_lines_create", "POST", "/invoices/2/lines",
         json={"type": "lineitem", "name": "Line Item 1", "description": "Line Item 1 Description", "quantity": 1,
               "rate": 100.00, "taxable": True}, status=201, check=wrote("Line/s Added", id=9, name="Line Item 1")),
    Case("invoice_lines_get", "GET", "/invoices/2/lines/4", check=one("line", type="staffrate", amount=1200.0, time=600)),
    Case("invoice_lines_delete", "DELETE", "/invoices/2/lines/6", check=wrote("Line Deleted", id=6)),
    Case("invoice_lines_update", "PUT", "/invoices/2/lines/6", json={"rate": 100.00, "taxable": False},
         check=wrote("Line Updated", id=6)),
    Case("invoices_markaspaid", "PUT", "/invoices/2/markaspaid", json={"paiddate": "2014-04-28"},
         check=wrote("Invoice Marked as Paid", id=2)),
    Case("invoices_markasunpaid", "PUT", "/invoices/1/markasunpaid", check=wrote("Invoice Marked as Unpaid", id=1)),
    Case("invoices_overdue_list", "GET", "/invoices/overdue", check=lambda b: [r["id"] for r in b["invoices"]] == [3] and b["total"] == 880.0),
    # -- login, me -------------------------------------------------------------------------------------
    Case("login_get", "GET", "/login", params={"url": "https://proworkflow6.net/AcmeAgency"},
         check=lambda b: b["login"]["apikey"] == "A1C2-M3E4-S5T6-D7P8-PWFACME-STANDARD"),
    Case("me_get", "GET", "/me", who="carl", check=one("contact", id=4, email="carl@bluebird.test", plan="Standard")),
    Case("me_update", "PUT", "/me", who="carl", json={"firstname": "Adam", "lastname": "West"},
         check=wrote("Contact Updated", id=4)),
    # -- messages ----------------------------------------------------------------------------------------
    Case("messages_list", "GET", "/messages", who="carl", check=ids("messages", [1, 2])),
    Case("messages_create", "POST", "/messages",
         json={"contacts": "1,2", "projectid": 1, "title": "New Message", "content": "Message Content", "fileid": "1"},
         status=201, check=wrote("Message Added", id=6)),
    Case("messages_get", "GET", "/messages/1", params={"projectcontacts": "true"},
         check=lambda b: b["message"]["title"] == "Kick-off" and len(b["message"]["projectcontacts"]) == 5),
    Case("messages_delete", "DELETE", "/messages/1", who="peter", check=wrote("Message Deleted", id=1)),
    Case("messages_update", "PUT", "/messages/1", who="peter", json={"public": False, "notifications": False},
         check=wrote("Message Updated", id=1)),
    # -- notes, project requests ------------------------------------------------------------------------
    Case("notes_list", "GET", "/notes", check=ids("notes", [1, 2])),
    Case("notes_create", "POST", "/notes", json={"title": "New Note", "content": "Note Description", "categoryid": 5,
                                                "contacts": "1,2,3"}, status=201, check=wrote("Note Added", id=6)),
    Case("notes_get", "GET", "/notes/1", check=one("note", title="Office wifi", categoryname="General")),
    Case("notes_delete", "DELETE", "/notes/1", check=wrote("Note Deleted", id=1)),
    Case("notes_update", "PUT", "/notes/1", json={"title": "New Note", "content": "Note Description"},
         check=wrote("Note Updated", id=1)),
    Case("projectrequests_list", "GET", "/projectrequests", who="hank",
         check=lambda b: b["projectrequests"][0]["recipientgroupname"] == "Design"),
    Case("projectrequests_create", "POST", "/projectrequests", who="carl",
         json={"title": "Sample Request", "description": "Sample Request Description", "startdate": "2014-04-18",
               "duedate": "2014-04-28"}, status=201, check=wrote("Project Request Added", id=3, title="Sample Request")),
]


def _headers_for_login(client: Pwf) -> Pwf:
    return client.with_headers({"apikey": None})


@pytest.mark.parametrize("case", CASES, ids=[f"{c.method} {c.path} ({c.op})" for c in CASES])
def test_operation_answers(pwf: Pwf, case: Case) -> None:
    client = pwf.as_(case.who)
    if case.op == "login_get":
        client = _headers_for_login(client)
    resp = client.request(case.method, case.path, params=case.params, json=case.json)
    assert resp.status_code == case.status, resp.text[:500]
    assert resp.headers["Content-Type"] == "application/json;charset=utf-8"
    body = resp.json()
    assert body["status"] == "Success"
    assert case.check(body), body
    if case.method == "GET":
        assert resp.headers["ETag"]


def test_the_table_covers_every_documented_row() -> None:
    documented = {(m, p) for m, p, _ in route_rows()}
    covered = set()
    for case in CASES:
        op = OPERATIONS[case.op]
        covered.add((case.method, op.path))
    assert covered == documented
    assert {c.op for c in CASES} == set(OPERATIONS)


# -- documented error statuses of every operation ---------------------------------------------------------------
WITH_IDS = [(m, p, op) for m, p, op in route_rows() if op.variables]


def _fill(path: str, value: str, known: dict[str, str] | None = None) -> str:
    out = path
    for name in ("companyid", "contactid", "noteid", "permissionid", "invoiceid", "lineid", "eventid", "expenseid",
                 "fileid", "folderid", "messageid"):
        out = out.replace("{" + name + "}", (known or {}).get(name, value))
    return out


@pytest.mark.parametrize(("method", "path", "op"), WITH_IDS, ids=[f"{m} {p}" for m, p, _ in WITH_IDS])
def test_an_unknown_id_is_404(pwf: Pwf, method: str, path: str, op) -> None:
    """The last id of the path is unknown (the ones before it exist)."""
    last = op.variables[-1]
    known = {"companyid": "2", "contactid": "4", "invoiceid": "2"}
    known.pop(last, None)
    resp = pwf.request(method, _fill(path, "999", known), json={})
    assert resp.status_code == 404, resp.text[:300]
    assert resp.json()["status"] == "Error" and resp.json()["details"][0].endswith("not found")


@pytest.mark.parametrize(("method", "path", "op"), WITH_IDS, ids=[f"{m} {p}" for m, p, _ in WITH_IDS])
def test_a_non_numeric_id_is_400(pwf: Pwf, method: str, path: str, op) -> None:
    resp = pwf.request(method, _fill(path, "x1"), json={})
    assert resp.status_code == 400, resp.text[:300]
    assert resp.json()["status"] == "Error" and "is not a valid value" in resp.json()["details"][0]


# a malformed request per operation: a bad filter/sort/field value, or a body missing what is required
BAD: dict[str, tuple[dict, Any]] = {}
for _op in OPERATIONS.values():
    if _op.kind in ("list",) and "sortby" in _op.params:
        BAD[_op.name] = ({"sortby": "colour"}, None)
    elif _op.kind == "list" and "fields" in _op.params:
        BAD[_op.name] = ({"fields": "colour"}, None)
BAD.update({
    "companies_create": ({}, {"type": "client"}), "companies_update": ({}, {"name": ""}),
    "companies_delete": ({"deletecontacts": "maybe"}, None),
    "company_contacts_create": ({}, {"firstname": "A"}), "company_notes_create": ({}, {}),
    "company_projects_create": ({}, {"title": "X", "priority": 9}),
    "company_summary_get": ({"types": "colours"}, None), "company_tags_update": ({}, {"tagid": "x"}),
    "company_time_list": ({"trackedfrom": "yesterday"}, None), "contact_time_list": ({"trackedto": "2014-02-30"}, None),
    "contacts_create": ({}, {"firstname": "A", "lastname": "B", "type": "client"}),
    "contacts_get": ({"permissions": "perhaps"}, None), "contacts_update": ({}, {"firstname": ""}),
    "contacts_delete": ({}, None),  # deleting oneself: below
    "contact_groups_update": ({}, {}), "contact_location_update": ({}, {"address": "Nowhere Lane, Atlantis"}),
    "contact_notes_create": ({}, {}), "contact_notes_list": ({"datefrom": "soon"}, None),
    "contact_permissions_get": ({"permissionsetting": "own"}, None), "contact_projects_create": ({}, {}),
    "contact_roles_update": ({}, {"roleid": "99"}), "contact_summary_get": ({"pagesize": "0"}, None),
    "contact_tags_update": ({}, {}), "contacts_forgotpassword": ({}, None),
    "contacts_locations_list": ({"locationtimefrom": "12x"}, None),
    "contacts_requestaccess": ({}, {"firstname": "A", "lastname": "B", "email": "a@b.test"}),
    "events_create": ({}, {"title": "x", "starttime": "now", "endtime": "yesterday"}),
    "events_update": ({}, {"starttime": "2025-03-18T16:00"}), "expenses_create": ({}, {"name": "X", "cost": 1}),
    "expenses_update": ({}, {"cost": "lots"}), "files_create": ({}, {"name": "a.txt", "content": B64}),
    "files_get": ({"content": "yes please"}, None), "folders_create": ({}, {"name": "X"}),
    "invoices_create": ({}, {"title": "X", "companyid": 2}), "invoices_update": ({}, {"status": "void"}),
    "invoice_lines_create": ({}, {"type": "staffrate", "name": "X"}), "invoice_lines_update": ({}, {"rate": "lots"}),
    "invoices_markaspaid": ({}, {"paiddate": "tomorrow"}), "invoices_get": ({}, None),
    "login_get": ({"url": ""}, None), "me_update": ({}, {"firstname": ""}),
    "messages_create": ({}, {"projectid": 1, "content": "no title"}), "messages_update": ({}, {"title": "new"}),
    "notes_create": ({}, {"title": "x", "content": "y", "categoryid": 1}), "notes_update": ({}, {"title": ""}),
    "projectrequests_create": ({}, {"title": "x", "budget": "lots"}),
})
# calls whose every input is valid: their 400 comes from the path id (test_a_non_numeric_id_is_400)
NO_BAD_INPUT = {"companies_get", "contacts_delete", "contacts_get", "company_notes_get", "company_notes_delete",
                "company_tags_list", "contact_groups_list", "contact_location_get", "contact_notes_get",
                "contact_notes_delete", "contact_permissions_list", "contact_roles_list", "contact_tags_list",
                "events_get", "events_delete", "expenses_get", "expenses_delete", "files_delete", "folders_get",
                "invoices_get", "invoices_delete", "invoice_lines_list", "invoice_lines_get", "invoice_lines_delete",
                "invoices_markasunpaid", "me_get", "messages_get", "messages_delete", "notes_get", "notes_delete",
                "login_get"}
BAD_CASES = [c for c in CASES if c.op in BAD and c.op not in NO_BAD_INPUT]


@pytest.mark.parametrize("case", BAD_CASES, ids=[f"{c.method} {c.path} ({c.op})" for c in BAD_CASES])
def test_a_malformed_request_is_400(pwf: Pwf, case: Case) -> None:
    params, body = BAD[case.op]
    if case.op in ("contact_groups_update",):
        client = pwf.as_("grace")
    elif case.op in ("me_update", "projectrequests_create", "messages_update"):
        client = pwf.as_({"me_update": "carl", "projectrequests_create": "carl", "messages_update": "peter"}[case.op])
    else:
        client = pwf
    resp = client.request(case.method, case.path, params=params, json=body)
    assert resp.status_code == 400, resp.text[:300]
    assert resp.json()["status"] == "Error" and resp.json()["details"]


def test_every_operation_with_input_documents_a_400_case() -> None:
    assert set(OPERATIONS) - set(BAD) - NO_BAD_INPUT == set()


# who may not call each operation (403): a Team Member (Tina: no companies add/edit/delete, contacts
# view only, no invoices/quotes/expenses/notes/requests), a client (Cora: no flags) or a contractor
FORBIDDEN: dict[str, str] = {
    "companies_create": "tina", "companies_delete": "tina", "companies_update": "tina",
    "company_contacts_create": "tina", "company_invoices_list": "tina", "company_notes_list": "carl",
    "company_notes_create": "tina", "company_notes_get": "carl", "company_notes_delete": "tina",
    "company_projects_create": "tina", "company_quotes_list": "tina", "company_tags_update": "tina",
    "company_time_list": "cora", "contacts_create": "tina", "contacts_delete": "tina", "contacts_update": "tina",
    "contact_groups_update": "tina", "contact_location_update": "tina", "contact_notes_list": "carl",
    "contact_notes_create": "tina", "contact_notes_get": "carl", "contact_notes_delete": "tina",
    "contact_projects_create": "tina", "contact_roles_update": "tina", "contact_tags_update": "tina",
    "contact_time_list": "cora", "events_list": "cora", "events_create": "tina", "events_get": "cora",
    "events_delete": "tina", "events_update": "tina", "expenses_list": "tina", "expenses_create": "tina",
    "expenses_get": "tina", "expenses_delete": "tina", "expenses_update": "tina", "files_delete": "connie",
    "invoices_list": "tina", "invoices_create": "tina", "invoices_get": "tina", "invoices_delete": "tina",
    "invoices_update": "tina", "invoice_lines_list": "tina", "invoice_lines_create": "tina",
    "invoice_lines_get": "tina", "invoice_lines_delete": "tina", "invoice_lines_update": "tina",
    "invoices_markaspaid": "carl", "invoices_markasunpaid": "carl", "invoices_overdue_list": "tina",
    "messages_delete": "alice", "messages_update": "alice", "notes_list": "tina", "notes_create": "tina",
    "notes_get": "tina", "notes_delete": "tina", "notes_update": "tina", "projectrequests_list": "tina",
    "projectrequests_create": "tina", "folders_create": "hank", "files_create": "hank",
}
# every contact may call these (on itself or on what it sees): no 403 is documented for them
OPEN_TO_ALL = {"companies_list", "companies_get", "company_contacts_list", "company_projects_list",
               "company_summary_get", "company_tags_list", "company_tasks_list", "companies_client_list",
               "companies_contractor_list", "companies_staff_list", "contacts_list", "contacts_get",
               "contact_groups_list", "contact_location_get", "contact_permissions_list", "contact_permissions_get",
               "contact_projects_list", "contact_roles_list", "contact_summary_get", "contact_tags_list",
               "contact_tasks_list", "contacts_client_list", "contacts_contractor_list", "contacts_forgotpassword",
               "contacts_locations_list", "contacts_requestaccess", "contacts_staff_list", "files_list", "files_get",
               "folders_list", "folders_get", "login_get", "me_get", "me_update", "messages_list", "messages_create",
               "messages_get"}
FORBIDDEN_CASES = [c for c in CASES if c.op in FORBIDDEN]


@pytest.mark.parametrize("case", FORBIDDEN_CASES, ids=[f"{c.method} {c.path} ({c.op})" for c in FORBIDDEN_CASES])
def test_a_caller_without_the_permission_gets_403(pwf: Pwf, case: Case) -> None:
    resp = pwf.as_(FORBIDDEN[case.op]).request(case.method, case.path, params=case.params, json=case.json)
    assert resp.status_code == 403, resp.text[:300]
    assert resp.json()["status"] == "Error"


def test_every_operation_documents_who_gets_403() -> None:
    assert set(OPERATIONS) - set(FORBIDDEN) - OPEN_TO_ALL == set()
    assert not set(FORBIDDEN) & OPEN_TO_ALL


# -- the statuses every operation documents: 429 past an enforced limit, 304 for a GET's own ETag ---------------
@pytest.mark.parametrize("case", CASES, ids=[f"{c.method} {c.path} ({c.op})" for c in CASES])
def test_past_an_enforced_rate_limit_every_operation_is_429(pwf: Pwf, account, case: Case) -> None:
    account("globex" if case.who in ("grace", "hank") else "acme", ratelimit={"limit": 1, "enforce": True})
    pwf.as_(case.who).get("/me")  # the account's one request of this window
    client = pwf.as_(case.who)
    if case.op == "login_get":
        client = _headers_for_login(client)
    resp = client.request(case.method, case.path, params=case.params, json=case.json)
    assert resp.status_code == 429, resp.text[:300]
    assert resp.json()["status"] == "Error" and resp.headers["x-ratelimit-remaining"] == "0"


GET_CASES = [c for c in CASES if c.method == "GET"]


@pytest.mark.parametrize("case", GET_CASES, ids=[f"{c.path} ({c.op})" for c in GET_CASES])
def test_every_get_answers_its_etag_with_304(pwf: Pwf, case: Case) -> None:
    client = pwf.as_(case.who)
    if case.op == "login_get":
        client = _headers_for_login(client)
    first = client.get(case.path, params=case.params)
    again = client.get(case.path, params=case.params, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b"" and again.headers["ETag"] == first.headers["ETag"]
