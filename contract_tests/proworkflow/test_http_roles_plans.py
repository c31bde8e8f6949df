"""Through HTTP: each role's view (staff, client, contractor, and their permission sets), each plan
(Standard refuses the Advanced plan's parameters), the list grammar, and the seed's domain rules."""
from __future__ import annotations

import pytest

from .conftest import Pwf


def ids(resp, key: str) -> list[int]:
    assert resp.status_code == 200, resp.text[:300]
    return [r["id"] for r in resp.json()[key]]


# -- roles -------------------------------------------------------------------------------------------------
def test_contacts_as_each_role_sees_them(pwf: Pwf) -> None:
    """Seed (View Contacts): "Clients can only view limited details about Staff and Contacts in their
    Company. Contractors can only view limited details about Staff and themselves." """
    query = {"fields": "name,email,phone,logindetails,type", "sortby": "id"}
    staff = pwf.get("/contacts", params=query).json()["contacts"]
    client = pwf.as_("carl").get("/contacts", params=query).json()["contacts"]
    contractor = pwf.as_("connie").get("/contacts", params=query).json()["contacts"]
    assert [c["id"] for c in staff] == [1, 2, 3, 4, 5, 6, 7, 8, 10] and staff[0]["email"] == "alice@acme.test"
    assert [c["id"] for c in client] == [1, 2, 3, 4, 5]
    assert [c["id"] for c in contractor] == [1, 2, 3, 7]
    assert set(client[0]) == set(contractor[0]) == {"id", "firstname", "lastname", "type"}
    assert pwf.as_("carl").get("/contacts/6").status_code == 404
    assert "email" not in pwf.as_("carl").get("/contacts/1").json()["contact"]


def test_projects_and_tasks_as_each_role(pwf: Pwf) -> None:
    assert ids(pwf.as_("carl").get("/companies/2/projects"), "projects") == [1, 2]   # viewallcompanyprojects
    assert ids(pwf.as_("cora").get("/companies/2/projects"), "projects") == [2]
    assert ids(pwf.as_("dan").get("/companies/3/projects", params={"status": "all"}), "projects") == [3]
    assert ids(pwf.as_("connie").get("/contacts/7/projects"), "projects") == [1]
    assert ids(pwf.as_("connie").get("/contacts/7/tasks"), "tasks") == [2]
    assert pwf.as_("connie").get("/companies/2/tasks").status_code == 404  # not her company


def test_money_and_time_follow_the_client_flags(pwf: Pwf) -> None:
    assert ids(pwf.as_("carl").get("/invoices", params={"status": "all", "sortby": "id"}), "invoices") == [1, 2, 4]
    assert pwf.as_("cora").get("/invoices").status_code == 403
    assert pwf.as_("carl").get("/companies/2/time").json()["total"] == 510
    assert pwf.as_("cora").get("/companies/2/time").status_code == 403
    assert pwf.as_("connie").get("/contacts/7/time").json()["total"] == 90


def test_staff_permission_sets_differ(pwf: Pwf) -> None:
    assert pwf.as_("peter").get("/invoices").status_code == 403       # Project Manager: no invoices
    assert pwf.as_("peter").get("/companies/2/quotes").status_code == 200
    assert pwf.as_("tina").get("/companies/2/quotes").status_code == 403  # Team Member
    assert pwf.as_("tina").post("/companies", json={"name": "X", "type": "client"}).status_code == 403
    perms = pwf.get("/contacts/2/permissions/7", params={"permissionsetting": "view"}).json()["permission"]
    assert perms["allowed"] is False


def test_only_the_author_edits_or_deletes_a_message(pwf: Pwf) -> None:
    assert pwf.put("/messages/1", json={"public": False}).status_code == 403
    assert pwf.as_("peter").put("/messages/1", json={"public": False}).status_code == 200
    assert ids(pwf.as_("carl").get("/messages"), "messages") == [1, 2]  # private now, but he is one of its contacts
    assert ids(pwf.as_("carl").get("/messages", params={"contacts": "4"}), "messages") == [1, 2]


# -- plans -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("method", "path", "params", "body"), [
    ("GET", "/companies", {"divisionid": "1"}, None),
    ("GET", "/contacts", {"fields": "name,groups"}, None),
    ("GET", "/companies/2/projects", {"customstatusid": "1"}, None),
    ("GET", "/companies/2/projects", {"fields": "title,customfields"}, None),
    ("GET", "/projectrequests", {"recipientid": "me"}, None),
    ("GET", "/contacts/3/time", {"subtotals": "team"}, None),
    ("POST", "/companies/2/projects", {}, {"title": "X", "templateid": 1}),
    ("POST", "/contacts", {}, {"firstname": "A", "lastname": "B", "type": "staff", "companyid": 1, "groupid": "1"}),
    ("POST", "/projectrequests", {}, {"title": "X", "contactid": 2}),
])
def test_advanced_plan_parameters_are_refused_on_standard(pwf: Pwf, method: str, path: str, params: dict,
                                                          body: dict | None) -> None:
    resp = pwf.request(method, path, params=params, json=body)
    assert resp.status_code == 400
    assert "only available in the Advanced plan" in resp.json()["details"][0]


def test_the_same_parameters_work_on_advanced(pwf: Pwf) -> None:
    grace = pwf.as_("grace")
    assert ids(grace.get("/companies", params={"divisionid": "2"}), "companies") == [3]
    rec = grace.get("/contacts", params={"fields": "name,groups,teams", "id": "2"}).json()["contacts"][0]
    assert [g["name"] for g in rec["groups"]] == ["Design", "Copywriting"]
    created = grace.post("/companies/2/projects", json={"title": "Templated", "templateid": 1})
    assert created.status_code == 201 and created.json()["details"][0]["number"] == "GLX-00004"
    tasks = grace.get("/companies/2/tasks", params={"projectid": created.json()["details"][0]["id"]})
    assert [t["name"] for t in tasks.json()["tasks"]] == ["Discovery", "Design", "Build", "Launch"]
    assert grace.get("/projectrequests", params={"recipientid": "me"}).json()["count"] == 1
    assert grace.get("/me").json()["contact"]["plan"] == "Advanced"


def test_a_plan_change_through_the_control_api(pwf: Pwf, account) -> None:
    account("acme", plan="Advanced")
    assert pwf.get("/companies", params={"divisionid": "1"}).status_code == 200


# -- the list grammar --------------------------------------------------------------------------------------------
def test_grammar_through_http(pwf: Pwf) -> None:
    assert ids(pwf.get("/companies", params={"search": "!a", "sortby": "id"}), "companies") == [6]
    assert ids(pwf.get("/companies", params={"apifields": "1,europe||2,automotive", "sortby": "id"}), "companies") == [2, 3]
    assert ids(pwf.get("/companies", params={"apifields": "1,north||2,auto", "apifieldsmode": "all"}), "companies") == [3]
    assert ids(pwf.get("/companies", params={"lastmodifiedfrom": "4w", "sortby": "id"}), "companies") == [2, 3]
    assert ids(pwf.get("/invoices", params={"status": "all", "duedatefrom": "-2w", "sortby": "id"}), "invoices") == [2, 4]
    assert ids(pwf.get("/contacts", params={"idfrom": 3, "idto": 5, "sortby": "lastname", "sortorder": "desc"}),
               "contacts") == [3, 4, 5]
    paged = pwf.get("/contacts", params={"pagenumber": 2, "pagesize": 4, "sortby": "id"}).json()
    assert (paged["count"], paged["totalcount"], [c["id"] for c in paged["contacts"]]) == (4, 9, [5, 6, 7, 8])
    rec = pwf.get("/companies/2/time", params={"fields": "id,task,project,tasktimetotals,timetracked,contact"}).json()
    assert set(rec["timerecords"][0]) == {"contactname", "taskname", "timetracked", "taskid", "contactid",
                                          "projectnumber", "projecttitle", "tasktotaltimetracked", "tasktimeallocated",
                                          "id", "projectid"}
    assert pwf.get("/companies", params={"id": "1,x"}).status_code == 400
    assert pwf.get("/invoices", params={"duedatefrom": "2014-02-30"}).status_code == 400


def test_fields_tokens_expand(pwf: Pwf) -> None:
    rec = pwf.get("/contacts", params={"fields": "name,company,logindetails,location", "id": "1"}).json()["contacts"][0]
    assert list(rec) == ["id", "firstname", "lastname", "companyid", "companyname", "allowlogin", "username",
                         "latitude", "longitude", "locationtime"]
    invoice = pwf.get("/invoices", params={"fields": "dates,totals,project", "id": "2"}).json()["invoices"][0]
    assert list(invoice) == ["id", "invoiceddate", "duedate", "paiddate", "subtotal", "taxtotal", "grandtotal", "projectid",
                             "projectnumber", "projecttitle"]


def test_hidden_defaults(pwf: Pwf) -> None:
    assert ids(pwf.get("/invoices", params={"sortby": "id"}), "invoices") == [2, 3, 4]       # status=unpaid
    assert ids(pwf.get("/companies/3/projects"), "projects") == []                          # status=active
    assert ids(pwf.get("/files", params={"sortby": "id"}), "files") == [1, 2, 3, 4, 5]       # projectstatus=active
    assert 5 not in ids(pwf.get("/companies"), "companies")                                 # pending=false
    assert ids(pwf.get("/companies/2/quotes"), "quotes") == [2]                              # status=pending


def test_subtotals_and_totals(pwf: Pwf) -> None:
    body = pwf.get("/invoices", params={"status": "all", "subtotals": "company", "fields": "none"}).json()
    assert body["total"] == 5047.0 and "invoices" not in body
    assert body["subtotals"] == [{"companyid": 2, "companyname": "Bluebird Bakery", "subtotal": 4167.0},
                                 {"companyid": 3, "companyname": "Cobalt Cars", "subtotal": 880.0}]
    assert pwf.get("/invoices", params={"subtotals": "company", "pagenumber": 1, "pagesize": 1}).status_code == 400
    time = pwf.get("/contacts/3/time", params={"subtotals": "project", "trackedfrom": "2025-03-01"}).json()
    assert time["subtotals"][0] == {"projectid": 1, "projectnumber": "P-0001", "projecttitle": "Bakery Website",
                                    "subtotal": 360}


# -- domain rules ---------------------------------------------------------------------------------------------
def test_company_type_change_cascades_or_is_refused(pwf: Pwf) -> None:
    assert pwf.put("/companies/6", json={"type": "client"}).status_code == 200
    assert pwf.get("/contacts/10").json()["contact"]["type"] == "client"
    refused = pwf.put("/companies/2", json={"type": "contractor"})
    assert refused.status_code == 400 and "Projects/Tasks" in refused.json()["details"][0]


def test_delete_company_keeps_or_deletes_its_contacts(pwf: Pwf) -> None:
    assert pwf.delete("/companies/3", params={"deletecontacts": "false"}).status_code == 200
    assert pwf.get("/contacts/6").json()["contact"]["companyid"] == ""
    assert pwf.delete("/companies/2").status_code == 200
    assert pwf.get("/contacts/4").status_code == 404
    carl = pwf.as_("carl").get("/me")
    assert carl.status_code == 401  # a deleted contact can no longer log in


def test_invoice_lines_and_paid_state(pwf: Pwf) -> None:
    pwf.post("/invoices/3/lines", json=[{"type": "lineitem", "name": "Extra", "quantity": 2, "rate": 50}])
    assert pwf.get("/invoices/3").json()["invoice"]["grandtotal"] == 990.0
    pwf.put("/invoices/3/markaspaid", json={})
    rec = pwf.get("/invoices/3").json()["invoice"]
    assert (rec["status"], rec["paiddate"]) == ("paid", "2025-03-14T00:00:00")
    assert ids(pwf.get("/invoices/overdue"), "invoices") == []


def test_files_content_and_size_limit(pwf: Pwf) -> None:
    import base64

    big = base64.b64encode(b"x" * (1024 * 1024 + 1)).decode()
    created = pwf.post("/files", json={"taskid": 2, "name": "big.bin", "content": big})
    assert created.status_code == 201
    file_id = created.json()["details"][0]["id"]
    assert pwf.get(f"/files/{file_id}", params={"content": "true"}).status_code == 400
    assert pwf.get(f"/files/{file_id}").json()["file"]["size"] == 1024 * 1024 + 1


def test_password_reset_404_and_request_access(pwf: Pwf) -> None:
    assert pwf.get("/contacts/forgotpassword", params={"email": "nobody@x.test"}).status_code == 404
    made = pwf.post("/contacts/requestaccess", json={"firstname": "P", "lastname": "Q", "email": "pq@x.test",
                                                     "companyname": "New Co"}).json()["details"][0]
    assert pwf.get("/contacts", params={"pending": "true", "sortby": "id"}).json()["contacts"][-1]["id"] == made["id"]


def test_location_geocoding(pwf: Pwf) -> None:
    assert pwf.put("/contacts/2/location", json={"address": "Queen Street, Auckland"}).status_code == 200
    assert pwf.get("/contacts/2/location").json()["location"]["latitude"] == -36.848461
    assert pwf.post("/contacts/2/location", json={"address": "Atlantis"}).status_code == 400


def test_new_contact_can_log_in(pwf: Pwf) -> None:
    pwf.post("/contacts", json={"firstname": "New", "lastname": "Person", "type": "client", "companyid": 3,
                                "allowlogin": True, "username": "newbie", "password": "pw-1"})
    client = pwf.with_headers({"Authorization": "Basic " + __import__("base64").b64encode(b"newbie:pw-1").decode()})
    assert client.get("/me").json()["contact"]["firstname"] == "New"
