"""The domain layer (no HTTP) for projects, tasks, time, quotes, invoices and expenses."""
from __future__ import annotations

import pytest

from emulator.apis.proworkflow import expenses, invoices, projects, quotes, tasks, timerecords

from .model_support import (
    ALICE,
    CARL,
    CONNIE,
    CORA,
    DAN,
    GRACE,
    HANK,
    JACK,
    PETER,
    TINA,
    Accounts,
    error_of,
    ids,
)

pytestmark = pytest.mark.no_emulator


# -- projects ----------------------------------------------------------------------------------------------
def test_company_projects_default_active_sorted_by_number(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = projects.list_company_projects(2, {})
        everything = projects.list_company_projects(3, {"status": "all"})
    assert ids(body, "projects") == [1, 2]
    assert set(body["projects"][0]) == {"id", "title", "number", "startdate", "duedate"}
    assert ids(everything, "projects") == [3]


def test_project_filters(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        run = lambda q: ids(projects.list_contact_projects(TINA, {"status": "all", "sortby": "id", **q}), "projects")  # noqa: E731
        assert run({}) == [1, 2, 4]
        company = lambda q: ids(projects.list_company_projects(2, {"sortby": "id", **q}), "projects")  # noqa: E731
        assert company({"contacts": "7"}) == [1]
        assert company({"contacts": "!7"}) == [2]
        assert company({"contacts": "1,3", "contactsmode": "all"}) == [1]
        assert company({"contacts": "3,5"}) == [1, 2]
        assert run({"managerid": "me"}) == [4]
        assert run({"managerid": "!2"}) == [4]
        assert run({"priority": "!4,5"}) == [1, 2]
        assert run({"categoryid": "1"}) == [1, 4]
        assert run({"duedateto": "2025-03-31"}) == [2]
        assert run({"duedatefrom": "+1m"}) == [1, 4]  # due on or after 2025-04-14
        assert run({"quotetotal": "gte1000"}) == [1, 2]
        assert run({"invoicetotal": "under"}) == [1, 2]      # invoiced <= quoted (zero quotes ignored)
        assert run({"invoicetotal": "gte50%"}) == [1]
        assert run({"timetracked": "gte400"}) == [1]         # 450 minutes on project 1
        assert run({"timetracked": "gte100", "timetrackedby": "7"}) == []
        assert run({"timetracked": "90", "timetrackedby": "7"}) == [1]
        assert run({"timetracked": "gte1", "timebillable": "nonbillable"}) == [2]
        assert run({"timetracked": "under"}) == [1, 2, 4]
        assert run({"searchnumber": "0002"}) == [2]
        assert run({"paid": "unpaid", "invoiced": "uninvoiced"}) == [1, 2, 4]
        assert error_of(projects.list_contact_projects, TINA, {"teamid": "1"}).status == 400  # Advanced only


def test_project_fields(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        rec = projects.list_company_projects(2, {"fields": "contacts,category,dates,percentcomplete,timetracked,"
                                                           "expensestotal,privatenotes,apifield3", "id": "1"})
    rec = rec["projects"][0]
    assert rec["managername"] == "Peter Manager" and [c["id"] for c in rec["staff"]] == [1, 3]
    assert rec["categoryname"] == "Web" and rec["completedate"] == ""
    assert rec["percentcomplete"] == 33 and rec["timetracked"] == 450 and rec["expensestotal"] == 100.0
    assert rec["privatenotes"] == "Budget is tight" and rec["apifield3"] == "CC-100"
    with accounts.as_(CARL):
        body = projects.list_company_projects(2, {"fields": "title,privatenotes"})
    assert "privatenotes" not in body["projects"][0]  # staff only


def test_clients_and_contractors_see_their_projects(accounts: Accounts) -> None:
    with accounts.as_(CARL):  # viewallcompanyprojects
        assert ids(projects.list_company_projects(2, {}), "projects") == [1, 2]
    with accounts.as_(CORA):
        assert ids(projects.list_company_projects(2, {}), "projects") == [2]
    with accounts.as_(DAN):  # viewarchivedprojects: his completed project
        assert ids(projects.list_company_projects(3, {"status": "all"}), "projects") == [3]
    with accounts.as_(CONNIE):
        assert ids(projects.list_contact_projects(CONNIE, {}), "projects") == [1]
        assert error_of(projects.list_company_projects, 2, {}).status == 404  # not her company


def test_add_a_project_for_a_company(accounts: Accounts) -> None:
    with accounts.as_(PETER) as t:
        body = projects.add_company_project(2, {"title": "Sample Project", "number": "auto", "managerid": "me",
                                                "staff": "3", "clients": "4,5", "priority": 2,
                                                "startdate": "2025-04-01", "duedate": "+6w"})
        rec = t.table("projects").get(body["details"][0]["id"])
    assert body == {"message": "Project Added", "status": "Success",
                    "details": [{"id": 5, "number": "P-0005", "title": "Sample Project"}]}
    assert rec["managerid"] == PETER and rec["clients"] == [4, 5] and rec["duedate"] == "2025-04-25T00:00:00"
    assert rec["status"] == "active"


def test_add_project_validation(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(projects.add_company_project, 2, {}).detail == ["'title' is a required field"]
        assert error_of(projects.add_company_project, 2, {"title": "X", "clients": "3"}).status == 400  # staff
        assert error_of(projects.add_company_project, 2, {"title": "X", "priority": 9}).status == 400
        assert error_of(projects.add_company_project, 2, {"title": "X", "templateid": 1}).status == 400  # Advanced
        done = projects.add_company_project(2, {"title": "Done", "completedate": "2025-03-01", "number": "X-1"})
        assert done["details"][0]["number"] == "X-1"
    with accounts.as_(CARL):
        assert error_of(projects.add_company_project, 2, {"title": "X"}).status == 403


def test_add_a_project_for_a_contact(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        body = projects.add_contact_project(DAN, {"title": "Cobalt Ads"})
        rec = t.table("projects").get(body["details"][0]["id"])
    assert rec["companyid"] == 3 and rec["clients"] == [DAN] and rec["managerid"] == ALICE


def test_advanced_projects_templates_and_groups(accounts: Accounts) -> None:
    with accounts.as_(GRACE, accounts.globex) as t:
        body = projects.add_company_project(2, {"title": "Portal 2", "templateid": 1, "customstatusid": 2,
                                                "customfields": [{"id": 2, "value": "Retail"}]})
        rec = t.table("projects").get(body["details"][0]["id"])
        made = [x["name"] for x in t.table("tasks").all() if x["projectid"] == rec["id"]]
        assert error_of(projects.add_company_project, 2, {"title": "X", "managerid": HANK}).status == 400  # 2 groups
        projects.add_company_project(2, {"title": "Y", "managerid": HANK, "groupid": 2})
        custom = projects.list_company_projects(2, {"fields": "customfields,customstatus,group,team,type", "id": "1"})
    assert body["details"][0]["number"] == "GLX-00004"
    assert rec["timeallocated"] == 2400 and rec["customfields"] == {"2": "Retail"} and rec["groupid"] == 1
    assert made == ["Discovery", "Design", "Build", "Launch"]
    one = custom["projects"][0]
    assert one["customfields"] == [{"id": 1, "name": "Tier", "value": "Gold"}]
    assert (one["customstatusname"], one["groupname"], one["teamname"], one["type"]) == (
        "In Progress", "Design", "Creative", "external")


# -- tasks ---------------------------------------------------------------------------------------------------
def test_company_tasks_default_active_and_fields(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = tasks.list_company_tasks(2, {})
    assert ids(body, "tasks") == [1, 2, 3, 5]
    assert set(body["tasks"][0]) == {"id", "name", "type", "order", "status", "projectid", "projectnumber",
                                     "projecttitle", "startdate", "duedate"}


def test_task_filters(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        run = lambda q: ids(tasks.list_contact_tasks(TINA, {"sortby": "id", **q}), "tasks")  # noqa: E731
        assert run({}) == [2, 3, 5, 7]
        assert run({"generaltasks": "false"}) == [2, 3, 5]
        assert run({"projecttasks": "false"}) == [7]
        assert run({"type": "bold"}) == [3]
        assert run({"type": "nonheading", "status": "all"}) == [2, 3, 5, 7]
        assert run({"dependentstatus": "noncurrent"}) == [3]
        assert run({"dependentstatus": "current"}) == []
        assert run({"projectstatus": "active", "projectid": "1"}) == [2, 3]
        assert run({"timetracked": "over"}) == [7]  # 30 min tracked, none allocated (no zero-exclusion in the seed)
        assert run({"timetracked": "gte200"}) == [2, 3]
        assert run({"timetracked": "gte100", "timetrackedby": "3"}) == [2, 3]
        assert run({"searchname": "!e", "status": "all"}) == []
        assert run({"companyid": "2"}) == [2, 3, 5]
        assert run({"managerid": "me"}) == []
        assert run({"billable": "false"}) == [7]
        assert run({"categoryid": "4"}) == [7]  # general tasks' category
        assert run({"sortby": "projecttitle", "sortorder": "desc"}) == [2, 3, 5, 7]
    with accounts.as_(ALICE):
        company = lambda q: ids(tasks.list_company_tasks(2, {"sortby": "id", **q}), "tasks")  # noqa: E731
        assert company({"contacts": "unassigned"}) == [1]
        assert company({"contacts": "3,7", "contactsmode": "all"}) == [2]


def test_clients_see_tasks_of_their_projects(accounts: Accounts) -> None:
    with accounts.as_(CARL):  # viewallprojecttasks on his visible projects
        assert ids(tasks.list_company_tasks(2, {"status": "all"}), "tasks") == [1, 2, 3, 4, 5]
    with accounts.as_(CORA):  # only tasks assigned to her
        assert ids(tasks.list_company_tasks(2, {"status": "all"}), "tasks") == []
    with accounts.as_(CONNIE):
        assert ids(tasks.list_contact_tasks(CONNIE, {}), "tasks") == [2]


# -- time ----------------------------------------------------------------------------------------------------
def test_time_without_fields_is_totals_only(accounts: Accounts) -> None:
    """Seed: "if not specified then only Total/Sub Totals will be returned"; trackedfrom -6d, trackedto +0d."""
    with accounts.as_(ALICE):
        body = timerecords.list_contact_time(TINA, {})
    assert body == {"count": 0, "totalcount": 3, "status": "Success", "total": 420}


def test_time_fields_are_the_jba_key_set(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = timerecords.list_company_time(2, {"fields": "id,task,project,tasktimetotals,timetracked,contact",
                                                 "trackedfrom": "2025-03-01", "trackedto": "2025-03-31"})
    assert ids(body, "timerecords") == [1, 2, 3, 4]
    assert set(body["timerecords"][0]) == {"contactname", "taskname", "timetracked", "taskid", "contactid",
                                           "projectnumber", "projecttitle", "tasktotaltimetracked", "tasktimeallocated",
                                           "id", "projectid"}
    assert body["total"] == 510 and body["timerecords"][0]["tasktotaltimetracked"] == 210


def test_time_subtotals(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = timerecords.list_company_time(2, {"subtotals": "contact,week", "trackedfrom": "2025-03-10",
                                                 "trackedto": "2025-03-16", "fields": "none"})
        billable = timerecords.list_contact_time(TINA, {"subtotals": "billable", "billable": "billable"})
        assert error_of(timerecords.list_contact_time, TINA, {"subtotals": "team"}).status == 400  # Advanced only
        assert error_of(timerecords.list_contact_time, TINA, {"subtotals": "colour"}).status == 400
    assert "timerecords" not in body
    assert body["subtotals"] == [
        {"contactid": 3, "contactname": "Tina Member", "week": "2025-03-10", "subtotal": 420},
        {"contactid": 7, "contactname": "Connie Contractor", "week": "2025-03-10", "subtotal": 90}]
    assert billable["total"] == 360 and billable["subtotals"] == [{"billable": True, "subtotal": 360}]


def test_time_views_by_role(accounts: Accounts) -> None:
    with accounts.as_(CONNIE):  # contractors: their own time, and staff's companies only
        assert timerecords.list_contact_time(CONNIE, {})["total"] == 90
        assert timerecords.list_contact_time(TINA, {})["total"] == 0
        assert error_of(timerecords.list_company_time, 2, {}).status == 404
    with accounts.as_(CARL):  # viewtimeinformation
        assert timerecords.list_company_time(2, {})["total"] == 510
    with accounts.as_(CORA):
        assert error_of(timerecords.list_company_time, 2, {}).status == 403


# -- quotes --------------------------------------------------------------------------------------------------
def test_quotes_default_pending_with_totals(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = quotes.list_company_quotes(2, {})
        active = quotes.list_company_quotes(2, {"status": "active", "fields": "none", "subtotals": "project"})
        assert error_of(quotes.list_company_quotes, 2, {"subtotals": "month"}).status == 400  # needs quoteddatefrom
        assert error_of(quotes.list_company_quotes, 2, {"subtotals": "status", "pagenumber": "1",
                                                        "pagesize": "1"}).status == 400
        monthly = quotes.list_company_quotes(2, {"status": "all", "subtotals": "month", "quoteddatefrom": "2025-01-01"})
    assert ids(body, "quotes") == [2] and body["total"] == 1320.0
    assert set(body["quotes"][0]) == {"id", "number", "title", "status", "projectid", "quoteddate", "subtotal", "taxtotal",
                                      "grandtotal"}
    assert active["total"] == 6820.0 and len(active["subtotals"]) == 2 and "quotes" not in active
    assert monthly["subtotals"] == [{"month": "2025-01", "subtotal": 5500.0}, {"month": "2025-03", "subtotal": 1320.0}]
    with accounts.as_(CORA):
        assert error_of(quotes.list_company_quotes, 2, {}).status == 403


# -- invoices ------------------------------------------------------------------------------------------------
def test_invoices_default_unpaid_and_overdue(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = invoices.list_invoices({})
        overdue = invoices.list_overdue({})
        paid = invoices.list_invoices({"status": "paid"})
        company = invoices.list_company_invoices(2, {"status": "all", "sortby": "id"})
    assert ids(body, "invoices") == [2, 3, 4] and body["total"] == 2847.0
    assert ids(overdue, "invoices") == [3]  # unpaid, due 2025-02-21
    assert ids(paid, "invoices") == [1]
    assert ids(company, "invoices") == [1, 2, 4]


def test_invoice_filters_and_sort(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        run = lambda q: ids(invoices.list_invoices({"status": "all", **q}), "invoices")  # noqa: E731
        assert run({"grandtotal": "gte1000", "sortby": "id"}) == [1, 2]
        assert run({"sortby": "companyname", "sortorder": "desc"}) == [3, 1, 2, 4]
        assert run({"duedatefrom": "2025-03-01", "sortby": "id"}) == [2, 4]
        assert run({"managerid": "me", "sortby": "id"}) == [3]
        assert run({"projectstatus": "complete"}) == [3]
        assert run({"taxable": "false"}) == [4]
        assert run({"searchtitle": "website", "sortby": "id"}) == [1, 2]
        assert run({"paiddatefrom": "-1m"}) == [1]


def test_invoice_totals_and_subtotals(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        one = invoices.get_invoice(2)["invoice"]
        grouped = invoices.list_invoices({"status": "all", "subtotals": "status,company", "fields": "none"})
        by_month = invoices.list_invoices({"status": "all", "subtotals": "month", "subtotalsdateoption": "paid",
                                           "paiddatefrom": "2025-01-01", "fields": "none"})
        assert error_of(invoices.list_invoices, {"subtotals": "day"}).status == 400
    # 600 min x 120/h + 120 min x 100/h + 2 x 50 = 1500; 10% off; 1300 of 1500 taxable at 10%
    assert (one["discount"], one["subtotal"], one["taxtotal"], one["grandtotal"]) == (150.0, 1350.0, 117.0, 1467.0)
    assert [line["amount"] for line in one["lines"]] == [0.0, 1200.0, 200.0, 100.0]
    assert one["discountvalue"] == "10%"
    assert grouped["total"] == 5047.0 and grouped["subtotals"][0] == {
        "status": "paid", "companyid": 2, "companyname": "Bluebird Bakery", "subtotal": 2200.0}
    assert by_month["subtotals"] == [{"month": "2025-02", "subtotal": 2200.0}]


def test_add_an_invoice_with_lines(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        body = invoices.add_invoice({
            "title": "New Invoice", "number": "auto", "contactid": 4, "projectid": 2, "discountvalue": 50,
            "lines": [{"type": "heading", "name": "Redesign Work"},
                      {"type": "lineitem", "name": "Line Item 1", "quantity": 1, "rate": 100.00, "taxable": True},
                      {"type": "taskrate", "name": "Task Rate", "time": 60, "rate": 100.00, "taxable": False},
                      {"type": "staffrate", "name": "Alex Trip", "time": 90, "rate": 100.00, "taxable": False}],
            "markprojectasinvoiced": True})
        rec = invoices.get_invoice(body["details"][0]["id"])["invoice"]
        assert t.table("projects").get(2)["invoiced"] is True
    assert body["details"][0]["number"] == "INV-00005" and body["message"] == "Invoice Added"
    assert rec["companyid"] == 2 and rec["invoiceddate"] == "2025-03-14T00:00:00"
    assert rec["duedate"] == "2025-04-03T00:00:00"  # 20 days' payment terms
    assert (rec["subtotal"], rec["taxtotal"], rec["grandtotal"]) == (300.0, 8.57, 308.57)  # 350-50; 100/350 taxed


def test_invoice_validation(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(invoices.add_invoice, {"title": "X", "companyid": 2}).detail == ["'lines' is a required field"]
        assert error_of(invoices.add_invoice, {"title": "X", "companyid": 2,
                                               "lines": [{"type": "staffrate", "name": "A", "rate": 1}]}).status == 400
        assert error_of(invoices.add_invoice, {"title": "X", "lines": [{"type": "heading", "name": "H"}]}).status == 400
        assert error_of(invoices.add_invoice, {"title": "X", "companyid": 3, "contactid": 4,
                                               "lines": [{"type": "heading", "name": "H"}]}).status == 400
    with accounts.as_(TINA):
        assert error_of(invoices.list_invoices, {}).status == 403


def test_invoice_lines_add_edit_delete_recompute(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        added = invoices.add_lines(3, [{"type": "lineitem", "name": "Extra", "quantity": 2, "rate": 50},
                                       {"type": "heading", "name": "Top", "displayorder": "before7"}])
        order = [(line["id"], line["displayorder"]) for line in invoices.list_lines(3)["lines"]]
        assert invoices.get_invoice(3)["invoice"]["subtotal"] == 900.0
        invoices.edit_line(3, 9, {"rate": 100.0, "taxable": False})
        after_edit = invoices.get_invoice(3)["invoice"]
        invoices.delete_line(3, 7)
        after_delete = invoices.get_invoice(3)["invoice"]
        assert error_of(invoices.get_line, 3, 2).status == 404  # a line of another invoice
        assert invoices.get_line(3, 9)["line"]["amount"] == 200.0
        assert error_of(invoices.add_lines, 3, {"type": "lineitem", "name": "X", "quantity": 1, "rate": 1,
                                                "displayorder": "after99"}).status == 400
    assert [d["name"] for d in added["details"]] == ["Extra", "Top"] and added["message"] == "Line/s Added"
    assert order == [(10, 1), (7, 2), (9, 3)]
    assert (after_edit["subtotal"], after_edit["taxtotal"]) == (1000.0, 80.0)
    assert (after_delete["subtotal"], after_delete["grandtotal"]) == (200.0, 200.0)


def test_edit_invoice_replaces_lines_and_marks_paid(accounts: Accounts,) -> None:
    with accounts.as_(ALICE):
        invoices.edit_invoice(4, {"lines": [{"type": "lineitem", "description": "Reprint", "quantity": 1, "rate": 99}],
                                  "taxable": True, "title": "Brochure reprint"})
        rec = invoices.get_invoice(4)["invoice"]
        invoices.mark_paid(4, {})
        paid = invoices.get_invoice(4)["invoice"]
        invoices.mark_unpaid(4)
        unpaid = invoices.get_invoice(4)["invoice"]
        invoices.mark_paid(3, {"paiddate": "2025-03-01"})
        invoices.edit_invoice(2, {"status": "paid"})
        assert invoices.get_invoice(2)["invoice"]["paiddate"] == "2025-03-14T00:00:00"
        assert error_of(invoices.edit_invoice, 2, {"status": "void"}).status == 400
    assert [line["description"] for line in rec["lines"]] == ["Reprint"] and rec["grandtotal"] == 108.9
    assert (paid["status"], paid["paiddate"]) == ("paid", "2025-03-14T00:00:00")
    assert (unpaid["status"], unpaid["paiddate"]) == ("unpaid", "")


def test_delete_invoice(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        invoices.delete_invoice(2)
        assert error_of(invoices.get_invoice, 2).status == 404
        assert all(line["invoiceid"] != 2 for line in t.table("invoicelines").all())


def test_clients_see_their_company_invoices_only(accounts: Accounts) -> None:
    with accounts.as_(CARL):
        assert ids(invoices.list_invoices({"status": "all", "sortby": "id"}), "invoices") == [1, 2, 4]
        assert error_of(invoices.get_invoice, 3).status == 404
        assert error_of(invoices.mark_paid, 2, {}).status == 403
    with accounts.as_(JACK, accounts.globex):
        assert ids(invoices.list_invoices({}), "invoices") == [1]


# -- expenses ------------------------------------------------------------------------------------------------
def test_expenses_default_active_projects(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = expenses.list_expenses({})
        everything = expenses.list_expenses({"projectstatus": "all", "invoiced": "invoiced", "sortby": "id"})
        assert ids(expenses.list_expenses({"companyid": "2", "taxable": "taxable"}), "expenses") == [1, 2]
    assert ids(body, "expenses") == [1, 2]  # sorted by date; Fonts is on a completed project
    assert set(body["expenses"][0]) == {"id", "name", "description", "cost", "projectid", "projectnumber",
                                        "projecttitle", "date"}
    assert ids(everything, "expenses") == [1, 3]


def test_expense_add_edit_delete(accounts: Accounts) -> None:
    with accounts.as_(PETER):
        body = expenses.add_expense({"projectid": 1, "name": "New Expense", "description": "Event Description",
                                     "date": "2014-03-28", "cost": 100.00})
        new_id = body["details"][0]["id"]
        expenses.edit_expense(new_id, {"date": "2025-03-28", "cost": 120, "invoiced": True})
        rec = expenses.get_expense(new_id)["expense"]
        assert error_of(expenses.add_expense, {"name": "X", "cost": 1}).status == 400
        assert error_of(expenses.add_expense, {"projectid": 1, "name": "X", "cost": "lots"}).status == 400
        assert error_of(expenses.delete_expense, new_id).status == 403  # Project Managers cannot delete expenses
    with accounts.as_(ALICE):
        expenses.delete_expense(new_id)
        assert error_of(expenses.get_expense, new_id).status == 404
    assert (rec["cost"], rec["date"], rec["invoiced"], rec["name"]) == (120.0, "2025-03-28T00:00:00", True, "New Expense")
    assert rec["contactname"] == "Peter Manager" and rec["companyname"] == "Bluebird Bakery"
