"""A black-box probe of the ProWorkflow seed (../shared/seeds/003_fabeebaa898b59fe.txt): one small check per
concrete, checkable seed sentence, each quoting the sentence it checks, through HTTP only.

Fixtures: fixtures/proworkflow/acme.json (Standard plan) with the clock at 2025-03-14T12:00:00Z (`pwf`).
"""
from __future__ import annotations

import pytest

from .conftest import Pwf


def ids(response, key: str) -> list[int]:
    assert response.status_code == 200, response.text
    return [r["id"] for r in response.json()[key]]


# -- View Companies ------------------------------------------------------------------------------------------
def test_companies_default_fields(pwf: Pwf) -> None:
    """seed L12: 'fields default: code,name,type' (and id always comes back)."""
    rec = pwf.get("/companies", params={"id": "2"}).json()["companies"][0]
    assert set(rec) == {"id", "code", "name", "type"}


def test_companies_fields_subset_keeps_id(pwf: Pwf) -> None:
    """seed L12: 'Fields to return. Comma separated list' -- asking only code returns code (+id)."""
    rec = pwf.get("/companies", params={"id": "2", "fields": "code"}).json()["companies"][0]
    assert rec == {"id": 2, "code": "BLUE"}


def test_companies_type_filter(pwf: Pwf) -> None:
    """seed L113: 'type ... contractor - Contractor Companies'."""
    assert ids(pwf.get("/companies", params={"type": "contractor"}), "companies") == [4]
    assert ids(pwf.get("/companies", params={"type": "other"}), "companies") == [6]


def test_companies_pending_true(pwf: Pwf) -> None:
    """seed L83: 'pending default: false ... true - Pending Companies'."""
    assert ids(pwf.get("/companies", params={"pending": "true"}), "companies") == [5]


def test_companies_searchname(pwf: Pwf) -> None:
    """seed L106: 'searchname ... string - Companies where Name contains string'."""
    assert ids(pwf.get("/companies", params={"searchname": "bake"}), "companies") == [2]


def test_companies_searchcode_negated(pwf: Pwf) -> None:
    """seed L93: 'searchcode ... !string - Companies where Code does not contain string'."""
    assert ids(pwf.get("/companies", params={"searchcode": "!O", "sortby": "id"}), "companies") == [1, 2, 4]


def test_companies_searchemail(pwf: Pwf) -> None:
    """seed L99: 'searchemail ... string - Companies where Email contains string'."""
    assert ids(pwf.get("/companies", params={"searchemail": "bluebird"}), "companies") == [2]


def test_companies_id_list(pwf: Pwf) -> None:
    """seed L61: 'id List of Company IDs. id/s - ID Example: 1,2,3,4'."""
    assert ids(pwf.get("/companies", params={"id": "3,2", "sortby": "id"}), "companies") == [2, 3]


def test_companies_lastmodifiedfrom_specific_datetime_is_inclusive(pwf: Pwf) -> None:
    """seed L69: 'lastmodifiedfrom Companies added/edited on or after this date ... yyyy-mm-ddThh:mm'."""
    got = ids(pwf.get("/companies", params={"lastmodifiedfrom": "2025-02-20T10:30", "sortby": "id"}), "companies")
    assert got == [2, 3]


def test_companies_lastmodifiedto_is_inclusive(pwf: Pwf) -> None:
    """seed L75: 'lastmodifiedto Companies added/edited on or before this date'."""
    got = ids(pwf.get("/companies", params={"lastmodifiedto": "2025-01-10T09:00", "sortby": "id"}), "companies")
    assert got == [1, 4, 6]


def test_companies_lastmodified_relative_minutes_and_days(pwf: Pwf) -> None:
    """seed L72: 'Xn/h/d/w/m - X minutes/hours/days/weeks/months ago' (n = minutes)."""
    assert ids(pwf.get("/companies", params={"pending": "true", "lastmodifiedfrom": "2d"}), "companies") == [5]
    assert ids(pwf.get("/companies", params={"pending": "true", "lastmodifiedfrom": "2880n"}), "companies") == [5]
    assert ids(pwf.get("/companies", params={"pending": "true", "lastmodifiedfrom": "1d"}), "companies") == []


def test_companies_lastmodified_bad_value_is_400(pwf: Pwf) -> None:
    """seed L69: lastmodifiedfrom takes a yyyy-mm-ddThh:mm date or Xn/h/d/w/m -- anything else is refused."""
    r = pwf.get("/companies", params={"lastmodifiedfrom": "yesterday"})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_companies_tagid_filter(pwf: Pwf) -> None:
    """seed L111: 'tagid/s - Companies with at least one of the specified Tag ID/s'."""
    tagged = pwf.get("/companies/2/tags").json()["tags"]
    tag = tagged[0]["id"]
    got = ids(pwf.get("/companies", params={"tagid": str(tag)}), "companies")
    assert 2 in got
    for cid in got:
        assert tag in [t["id"] for t in pwf.get(f"/companies/{cid}/tags").json()["tags"]]


def test_companies_paging_subset(pwf: Pwf) -> None:
    """seed L124: 'pagenumber=2&pagesize=10 (return Companies 11-20)' -- here pagesize 2: companies 3-4."""
    body = pwf.get("/companies", params={"pagenumber": 2, "pagesize": 2, "sortby": "id"}).json()
    assert [c["id"] for c in body["companies"]] == [3, 4]
    assert (body["count"], body["totalcount"], body["status"]) == (2, 5, "Success")


def test_companies_page_past_the_end_is_empty(pwf: Pwf) -> None:
    """seed L124 + research 3.1: an empty page is [] with count 0 and the full totalcount."""
    body = pwf.get("/companies", params={"pagenumber": 9, "pagesize": 2}).json()
    assert (body["companies"], body["count"], body["totalcount"]) == ([], 0, 5)


@pytest.mark.parametrize("params", [{"pagesize": 2}, {"pagenumber": 1}])
def test_paging_needs_both(pwf: Pwf, params: dict) -> None:
    """seed L123/L127: 'Page Number (must be used with pagesize)' / 'Page Size (must be used with pagenumber)'."""
    r = pwf.get("/contacts", params=params)
    assert r.status_code == 400
    assert r.json() == {"status": "Error",
                        "details": ["pagesize and pagenumber must both be provided in order to use paging"]}


def test_companies_sort_desc(pwf: Pwf) -> None:
    """seed L136: 'sortorder default: asc ... desc - Descending' (sortby default: name)."""
    assert ids(pwf.get("/companies", params={"sortorder": "desc"}), "companies") == [6, 4, 3, 2, 1]


def test_client_companies_call(pwf: Pwf) -> None:
    """seed L2358: 'View Client Companies' -- only client companies (active by default)."""
    assert ids(pwf.get("/companies/client", params={"sortby": "id"}), "companies") == [2, 3]


def test_staff_companies_call(pwf: Pwf) -> None:
    """seed L2604: 'View Staff Companies'."""
    assert ids(pwf.get("/companies/staff"), "companies") == [1]


# -- Add / Edit a Company --------------------------------------------------------------------------------------
def test_add_company_needs_name(pwf: Pwf) -> None:
    """seed L170: 'REQUIRED PARAMETERS: name Company Name.'"""
    r = pwf.post("/companies", json={"type": "client"})
    assert r.status_code == 400 and r.json()["status"] == "Error"
    assert ids(pwf.get("/companies", params={"sortby": "id"}), "companies") == [1, 2, 3, 4, 6]


def test_add_company_type_cannot_be_staff(pwf: Pwf) -> None:
    """seed L174: add type is one of 'client', 'contractor', 'other' (staff is not listed)."""
    r = pwf.post("/companies", json={"name": "X", "type": "staff"})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_add_multiple_companies(pwf: Pwf) -> None:
    """seed L145: 'This call adds one or more Companies' -- the array body; one details entry per item, in order."""
    r = pwf.post("/companies", json=[{"name": "ABC Ltd", "type": "client"}, {"name": "DEF Co", "type": "client"},
                                    {"name": "GHI Inc", "type": "contractor"}])
    assert r.status_code == 201
    body = r.json()
    assert body["status"] == "Success" and [d["name"] for d in body["details"]] == ["ABC Ltd", "DEF Co", "GHI Inc"]
    made = pwf.get("/companies", params={"id": ",".join(str(d["id"]) for d in body["details"]),
                                         "sortby": "id"}).json()["companies"]
    assert [c["type"] for c in made] == ["client", "client", "contractor"]


def test_add_company_with_optional_fields_is_stored(pwf: Pwf) -> None:
    """seed L190ff: optional city, email, website on Add a Company are stored."""
    r = pwf.post("/companies", json={"name": "Zed", "type": "other", "city": "Somecity", "email": "z@z.test"})
    new = r.json()["details"][0]["id"]
    company = pwf.get(f"/companies/{new}").json()["company"]
    assert (company["city"], company["email"]) == ("Somecity", "z@z.test")


def test_edit_company_is_partial(pwf: Pwf) -> None:
    """seed L317 'This call updates a single Company' (research 3.3: omitted fields keep their values)."""
    assert pwf.put("/companies/2", json={"code": "BB"}).status_code == 200
    company = pwf.get("/companies/2").json()["company"]
    assert (company["code"], company["name"], company["city"]) == ("BB", "Bluebird Bakery", "London")


def test_company_tags_remove(pwf: Pwf) -> None:
    """seed L1800: 'remove default: false. Set as 'true' to remove Tags'."""
    before = [t["id"] for t in pwf.get("/companies/2/tags").json()["tags"]]
    assert pwf.put("/companies/2/tags", json={"tagid": str(before[0]), "remove": True}).status_code == 200
    after = [t["id"] for t in pwf.get("/companies/2/tags").json()["tags"]]
    assert after == before[1:]


def test_company_tags_add_default(pwf: Pwf) -> None:
    """seed L1800: 'false - Add Tags to Company' is the default."""
    assert pwf.put("/companies/2/tags", json={"tagid": "3"}).status_code == 200
    assert 3 in [t["id"] for t in pwf.get("/companies/2/tags").json()["tags"]]


# -- Company Summary -----------------------------------------------------------------------------------------
def test_company_summary_types_subset(pwf: Pwf) -> None:
    """seed L1750: 'types default: all ... Comma separated list of ... contacts, invoices, ...'."""
    body = pwf.get("/companies/2/summary", params={"types": "contacts"}).json()
    assert "contacts" in body and "projects" not in body and "invoices" not in body


def test_company_summary_contractor_gets_contacts_only(pwf: Pwf) -> None:
    """seed L1735: 'Invoices ... Projects ... Quotes ... Tasks ... - Client Companies Only'."""
    body = pwf.get("/companies/4/summary").json()
    assert [c["id"] for c in body["contacts"]] == [7]
    for key in ("invoices", "projects", "quotes", "tasks"):
        assert not body.get(key)


def test_company_summary_paging_per_type(pwf: Pwf) -> None:
    """seed L1766: 'pagenumber default 1 / pagesize default 10 ... return a subset of each Data Type'."""
    body = pwf.get("/companies/2/summary", params={"pagenumber": 2, "pagesize": 1}).json()
    assert [c["id"] for c in body["contacts"]] == [5]


# -- View Contacts ---------------------------------------------------------------------------------------------
def test_contacts_default_sort_firstname(pwf: Pwf) -> None:
    """seed L2862: 'sortby default: firstname'."""
    assert ids(pwf.get("/contacts"), "contacts") == [1, 4, 7, 5, 6, 8, 10, 2, 3]


def test_contacts_sort_lastname_desc(pwf: Pwf) -> None:
    """seed L2862: 'lastname - Contact Last Name' / 'desc - Descending'."""
    got = ids(pwf.get("/contacts", params={"sortby": "lastname", "sortorder": "desc", "type": "staff"}), "contacts")
    assert got == [3, 2, 1]


def test_contacts_search_matches_email(pwf: Pwf) -> None:
    """seed L2815: 'search ... string - Contacts where Name or Email contains string'."""
    assert ids(pwf.get("/contacts", params={"search": "bluebird", "sortby": "id"}), "contacts") == [4, 5]


def test_contacts_search_negated_is_and(pwf: Pwf) -> None:
    """seed L2817: '!string - Contacts where Name and Email do not contain string'."""
    got = ids(pwf.get("/contacts", params={"search": "!cobalt", "sortby": "id"}), "contacts")
    assert got == [1, 2, 3, 4, 5, 7, 10]


def test_contacts_searchname_negated(pwf: Pwf) -> None:
    """seed L2830: 'searchname ... !string - Contacts where Name does not contain string'."""
    got = ids(pwf.get("/contacts", params={"searchname": "!client", "sortby": "id"}), "contacts")
    assert got == [1, 2, 3, 6, 7, 8, 10]


def test_contacts_roleid(pwf: Pwf) -> None:
    """seed L2808: 'roleid/s - Contacts with at least one of the specified Role ID/s'."""
    got = ids(pwf.get("/contacts", params={"roleid": "1"}), "contacts")
    assert 1 in got and 4 not in got


def test_contacts_default_fields(pwf: Pwf) -> None:
    """seed L2740: 'fields default: name,company,type'."""
    rec = pwf.get("/contacts", params={"id": "4"}).json()["contacts"][0]
    assert set(rec) == {"id", "firstname", "lastname", "companyid", "companyname", "type"}


def test_contacts_star_fields_are_staff_only(pwf: Pwf) -> None:
    """seed L2741: 'Fields to return, only Staff contacts view * fields' (email* is one)."""
    staff = pwf.get("/contacts", params={"id": "4", "fields": "email,name"}).json()["contacts"][0]
    assert staff["email"] == "carl@bluebird.test"
    client = pwf.as_("carl").get("/contacts", params={"id": "4", "fields": "email,name"}).json()["contacts"][0]
    assert "email" not in client


def test_client_sees_staff_and_own_company_only(pwf: Pwf) -> None:
    """seed L2732: 'Clients can only view limited details about Staff and Contacts in their Company.'"""
    got = ids(pwf.as_("carl").get("/contacts", params={"sortby": "id"}), "contacts")
    assert got == [1, 2, 3, 4, 5]


def test_contractor_sees_staff_and_self_only(pwf: Pwf) -> None:
    """seed L2732: 'Contractors can only view limited details about Staff and themselves.'"""
    got = ids(pwf.as_("connie").get("/contacts", params={"sortby": "id"}), "contacts")
    assert got == [1, 2, 3, 7]


# -- View Expenses ---------------------------------------------------------------------------------------------
def test_expenses_projectstatus_all_and_complete(pwf: Pwf) -> None:
    """seed L5585: 'projectstatus default: active ... complete ... all - Expenses for All Projects'."""
    assert ids(pwf.get("/expenses", params={"projectstatus": "all", "sortby": "id"}), "expenses") == [1, 2, 3]
    assert ids(pwf.get("/expenses", params={"projectstatus": "complete"}), "expenses") == [3]


def test_expenses_default_sort_date_desc(pwf: Pwf) -> None:
    """seed L5606: 'sortby default: date'; 'desc - Descending'."""
    got = ids(pwf.get("/expenses", params={"projectstatus": "all", "sortorder": "desc"}), "expenses")
    assert got == [2, 1, 3]


def test_expenses_datefrom_specific_and_relative(pwf: Pwf) -> None:
    """seed L5538: 'datefrom Expenses added on or after this date ... yyyy-mm-dd ... +/-Xd/w/m/y'."""
    assert ids(pwf.get("/expenses", params={"datefrom": "2025-03-06"}), "expenses") == [2]
    assert ids(pwf.get("/expenses", params={"datefrom": "-1w"}), "expenses") == [2]
    assert ids(pwf.get("/expenses", params={"dateto": "2025-03-05", "projectstatus": "all", "sortby": "id"}),
               "expenses") == [1, 3]


def test_expenses_contacts_me(pwf: Pwf) -> None:
    """seed L5530: 'contacts ... me - Expenses for Contact making request'."""
    assert ids(pwf.as_("peter").get("/expenses", params={"contacts": "me", "projectstatus": "all", "sortby": "id"}),
               "expenses") == [2, 3]


def test_expenses_invoiced_and_taxable(pwf: Pwf) -> None:
    """seed L5575/L5596: 'invoiced ... uninvoiced - Uninvoiced Expenses'; 'taxable ... nontaxable'."""
    assert ids(pwf.get("/expenses", params={"invoiced": "uninvoiced"}), "expenses") == [2]
    assert ids(pwf.get("/expenses", params={"taxable": "nontaxable", "projectstatus": "all"}), "expenses") == [3]


def test_expenses_default_fields_include_project_id_number_title(pwf: Pwf) -> None:
    """seed L5506: 'default: name,description,cost,project,date' and 'project(includes id/number/title)'."""
    rec = pwf.get("/expenses", params={"id": "1"}).json()["expenses"][0]
    assert {"name", "description", "cost", "date", "projectid", "projectnumber", "projecttitle"} <= set(rec)
    assert "taxable" not in rec and "invoiced" not in rec


# -- Notes -------------------------------------------------------------------------------------------------------
def test_add_note_needs_content(pwf: Pwf) -> None:
    """seed L7741 (Add a Note): 'REQUIRED PARAMETERS: categoryid ... content ... title';
    research 3.4: 400 "'content' is a required field"."""
    r = pwf.post("/notes", json={"title": "No content", "categoryid": 5})
    assert r.status_code == 400
    assert r.json() == {"status": "Error", "details": ["'content' is a required field"]}
    r = pwf.post("/notes", json={"title": "No category", "content": "x"})
    assert r.status_code == 400 and r.json()["details"] == ["'categoryid' is a required field"]


def test_notes_datefrom_relative(pwf: Pwf) -> None:
    """seed L7660: 'datefrom Notes added on or after this date ... -3w - 3 weeks ago'."""
    assert ids(pwf.get("/notes", params={"datefrom": "-3w"}), "notes") == [2]


# -- View Events -------------------------------------------------------------------------------------------------
def test_events_contactsmode_all_and_any(pwf: Pwf) -> None:
    """seed L5261/L5265: 'Events assigned to ANY/ALL specified Contact/s (see contactsmode parameter)'."""
    assert ids(pwf.get("/events", params={"contacts": "2,4", "contactsmode": "all"}), "events") == [2]
    assert ids(pwf.get("/events", params={"contacts": "3,4"}), "events") == [1, 2]


def test_events_contacts_me(pwf: Pwf) -> None:
    """seed L5263: 'me - Events assigned to Contact making request'."""
    assert ids(pwf.get("/events", params={"contacts": "me"}), "events") == [1, 3]


def test_events_starttime_date_bounds_cover_the_whole_day(pwf: Pwf) -> None:
    """seed L5322/L5328: 'Events starting on or after / on or before this date' (yyyy-mm-dd)."""
    assert ids(pwf.get("/events", params={"starttimefrom": "2025-03-18"}), "events") == [2, 3]
    assert ids(pwf.get("/events", params={"starttimeto": "2025-03-17"}), "events") == [1]


def test_events_endtime_relative(pwf: Pwf) -> None:
    """seed L5274: 'endtimefrom Events ending on or after this date ... +1m - 1 month ahead'."""
    assert ids(pwf.get("/events", params={"endtimefrom": "+1w"}), "events") == [3]


def test_events_search_title_and_description(pwf: Pwf) -> None:
    """seed L5310/L5316: searchdescription / searchtitle 'string' and '!string'."""
    assert ids(pwf.get("/events", params={"searchtitle": "!review"}), "events") == [1, 2]
    assert ids(pwf.get("/events", params={"searchdescription": "bluebird"}), "events") == [2]


def test_events_sort_by_title(pwf: Pwf) -> None:
    """seed L5344: 'sortby default: id ... title - Event Title'."""
    assert ids(pwf.get("/events", params={"sortby": "title"}), "events") == [2, 3, 1]


def test_events_default_fields(pwf: Pwf) -> None:
    """seed L5236: 'default: title,description,times,contacts' and 'times (start and end time)'."""
    rec = pwf.get("/events", params={"id": "1"}).json()["events"][0]
    assert {"title", "description", "starttime", "endtime", "contacts"} <= set(rec)
    assert "lastmodified" not in rec


# -- View Project Requests -----------------------------------------------------------------------------------------
def test_requests_budget_grammar(pwf: Pwf) -> None:
    """seed L7897: 'number - EXACTLY', 'gtenumber - GREATER THAN OR EQUAL', 'ltenumber - LESS THAN OR EQUAL'."""
    assert ids(pwf.get("/projectrequests", params={"budget": "gte1000"}), "projectrequests") == [1]
    assert ids(pwf.get("/projectrequests", params={"budget": "lte500"}), "projectrequests") == [2]
    assert ids(pwf.get("/projectrequests", params={"budget": "500"}), "projectrequests") == [2]


def test_requests_negated_client_and_company(pwf: Pwf) -> None:
    """seed L7910/L7924: '!contactid/s - Requests NOT made by', '!companyid/s - Requests NOT for'."""
    assert ids(pwf.get("/projectrequests", params={"clientid": "!4"}), "projectrequests") == [2]
    assert ids(pwf.get("/projectrequests", params={"companyid": "!2"}), "projectrequests") == [2]


def test_requests_duedatefrom(pwf: Pwf) -> None:
    """seed L7941: 'duedatefrom Requests with due date on or after this date'."""
    assert ids(pwf.get("/projectrequests", params={"duedatefrom": "2025-05-01"}), "projectrequests") == [1]


def test_requests_dates_token_returns_start_due_submitted(pwf: Pwf) -> None:
    """seed L7870: 'dates (returns start/due/submitted)'."""
    rec = pwf.get("/projectrequests", params={"id": "1", "fields": "dates"}).json()["projectrequests"][0]
    assert {"startdate", "duedate", "submitteddate"} <= set(rec)


# -- View Invoices/Totals ------------------------------------------------------------------------------------------
def test_invoices_search_number_or_title(pwf: Pwf) -> None:
    """seed L6271: 'string - Invoices where Number or Title contains string' / '!string - ... do not contain'."""
    assert ids(pwf.get("/invoices", params={"search": "INV-00003"}), "invoices") == [3]
    assert ids(pwf.get("/invoices", params={"search": "website", "status": "all"}), "invoices") == [1, 2]
    assert ids(pwf.get("/invoices", params={"search": "!website", "status": "all"}), "invoices") == [3, 4]


def test_invoices_status_paid(pwf: Pwf) -> None:
    """seed L6289: 'status default: unpaid ... paid - Paid Invoices'."""
    assert ids(pwf.get("/invoices", params={"status": "paid"}), "invoices") == [1]


def test_invoices_taxable_true_false(pwf: Pwf) -> None:
    """seed L6303: 'taxable default: all ... true - Taxable Invoices / false - Non-Taxable Invoices'."""
    assert ids(pwf.get("/invoices", params={"taxable": "false"}), "invoices") == [4]
    assert ids(pwf.get("/invoices", params={"taxable": "true"}), "invoices") == [2, 3]


def test_invoices_grandtotal_grammar(pwf: Pwf) -> None:
    """seed L6196: 'grandtotal number - EXACTLY ... gtenumber ... ltenumber'."""
    rows = pwf.get("/invoices", params={"status": "all", "fields": "totals", "sortby": "id"}).json()["invoices"]
    totals = {r["id"]: r["grandtotal"] for r in rows}
    pivot = totals[3]
    exact = sorted(i for i, t in totals.items() if t == pivot)
    gte = sorted(i for i, t in totals.items() if t >= pivot)
    lte = sorted(i for i, t in totals.items() if t <= pivot)
    grand = f"{pivot:g}"
    assert ids(pwf.get("/invoices", params={"status": "all", "grandtotal": grand, "sortby": "id"}), "invoices") == exact
    assert ids(pwf.get("/invoices", params={"status": "all", "grandtotal": "gte" + grand, "sortby": "id"}),
               "invoices") == gte
    assert ids(pwf.get("/invoices", params={"status": "all", "grandtotal": "lte" + grand, "sortby": "id"}),
               "invoices") == lte
    assert len(gte) + len(lte) - len(exact) == 4


def test_invoices_paiddate_range(pwf: Pwf) -> None:
    """seed L6245: 'paiddatefrom Invoices paid on or after this date'."""
    assert ids(pwf.get("/invoices", params={"status": "all", "paiddatefrom": "2025-02-15"}), "invoices") == [1]
    assert ids(pwf.get("/invoices", params={"status": "all", "paiddatefrom": "2025-02-16"}), "invoices") == []


def test_invoices_invoiceddate_range(pwf: Pwf) -> None:
    """seed L6216/L6222: 'Invoices created on or after / on or before this date'."""
    got = ids(pwf.get("/invoices", params={"invoiceddatefrom": "2025-03-01", "invoiceddateto": "2025-03-11"}),
              "invoices")
    assert got == [2]


def test_invoices_sort_companyname(pwf: Pwf) -> None:
    """seed L6330: 'sortby ... companyname - Company Name'."""
    asc = ids(pwf.get("/invoices", params={"sortby": "companyname"}), "invoices")
    desc = ids(pwf.get("/invoices", params={"sortby": "companyname", "sortorder": "desc"}), "invoices")
    assert asc[-1] == 3 and desc[0] == 3 and sorted(asc) == [2, 3, 4]


def test_invoices_default_sort_number_desc(pwf: Pwf) -> None:
    """seed L6328: 'sortby default: number'."""
    assert ids(pwf.get("/invoices", params={"sortorder": "desc"}), "invoices") == [4, 3, 2]


def test_invoices_date_subtotals_need_a_from_date(pwf: Pwf) -> None:
    """seed L6151: 'IMPORTANT - To use date grouping options you must specify 'invoiceddatefrom' or 'duedatefrom'
    or 'paiddatefrom''."""
    r = pwf.get("/invoices", params={"subtotals": "month", "status": "all"})
    assert r.status_code == 400 and r.json()["status"] == "Error"
    ok = pwf.get("/invoices", params={"subtotals": "month", "status": "all", "invoiceddatefrom": "2025-01-01"})
    assert ok.status_code == 200 and ok.json()["subtotals"]


def test_invoices_default_fields(pwf: Pwf) -> None:
    """seed L6110: 'default: number,title,company,status,totals,projectid,invoiceddate,duedate'."""
    rec = pwf.get("/invoices", params={"id": "2"}).json()["invoices"][0]
    assert {"number", "title", "companyid", "companyname", "status", "subtotal", "taxtotal", "grandtotal",
            "projectid", "invoiceddate", "duedate"} <= set(rec)
    assert "paiddate" not in rec and "description" not in rec


def test_mark_as_paid_with_a_relative_date(pwf: Pwf) -> None:
    """seed L6997: 'paiddate ... Relative date - +/-Xd/w/m/y'."""
    assert pwf.put("/invoices/2/markaspaid", json={"paiddate": "-1w"}).status_code == 200
    rec = pwf.get("/invoices/2").json()["invoice"]
    assert (rec["status"], rec["paiddate"]) == ("paid", "2025-03-07T00:00:00")


def test_mark_as_unpaid(pwf: Pwf) -> None:
    """seed L7013: 'This call will mark a single Invoice as unpaid.'"""
    r = pwf.put("/invoices/1/markasunpaid", json={})
    assert r.status_code == 200 and r.json()["status"] == "Success"
    assert 1 in ids(pwf.get("/invoices"), "invoices")


# -- Contacts: add, locations ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("missing", ["companyid", "firstname", "lastname", "type"])
def test_add_contact_required(pwf: Pwf, missing: str) -> None:
    """seed L2911: 'REQUIRED PARAMETERS: companyid, firstname, lastname, type'."""
    body = {"firstname": "Adam", "lastname": "West", "type": "client", "companyid": 2}
    del body[missing]
    r = pwf.post("/contacts", json=body)
    assert r.status_code == 400 and r.json()["details"] == [f"'{missing}' is a required field"]


def test_add_multiple_contacts(pwf: Pwf) -> None:
    """seed L2878: 'This call adds one or more Contacts.'"""
    r = pwf.post("/contacts", json=[{"firstname": "Adam", "lastname": "West", "type": "client", "companyid": 2},
                                    {"firstname": "Bob", "lastname": "East", "type": "client", "companyid": 3}])
    assert r.status_code == 201
    made = [d["id"] for d in r.json()["details"]]
    rows = pwf.get("/contacts", params={"id": ",".join(map(str, made)), "sortby": "id"}).json()["contacts"]
    assert [(c["firstname"], c["companyid"]) for c in rows] == [("Adam", 2), ("Bob", 3)]


def test_locations_skip_contacts_who_never_updated(pwf: Pwf) -> None:
    """seed L5009: 'Contacts who have never updated their location will not be returned.'"""
    assert ids(pwf.get("/contacts/location", params={"sortby": "id"}), "contacts") == [1, 3]


def test_locations_locationtime_filters(pwf: Pwf) -> None:
    """seed L5023/L5029: 'locationtimefrom ... on or after', 'locationtimeto ... on or before' (Xh ago)."""
    assert ids(pwf.get("/contacts/location", params={"locationtimefrom": "4h"}), "contacts") == [1]
    assert ids(pwf.get("/contacts/location", params={"locationtimeto": "2025-03-13T17:45"}), "contacts") == [3]


def test_location_update_then_listed(pwf: Pwf) -> None:
    """seed L3361: 'updates the location of a single Contact, you can specify either Latitude/Longitude'."""
    assert pwf.put("/contacts/2/location", json={"latitude": 43.68906, "longitude": -20.182721}).status_code == 200
    assert ids(pwf.get("/contacts/location", params={"locationtimefrom": "5n"}), "contacts") == [2]


def test_location_update_needs_coordinates_or_address(pwf: Pwf) -> None:
    """seed L3361: 'either Latitude/Longitude OR an Address' -- neither is an error."""
    r = pwf.put("/contacts/2/location", json={})
    assert r.status_code == 400 and r.json()["status"] == "Error"


# -- View Projects for a Contact/Company: the numeric grammars ------------------------------------------------------
# Peter (contact 2) manages or staffs all four acme projects.  Fixture numbers per project (1..4):
# quote 5500/1320/880/0, invoiced 3667/500/880/0, allocated 2400/600/900/1200 minutes,
# tracked 450 (Tina 360, Connie 90)/60 (non-billable, Tina)/180 (Peter)/45 (Peter).
def projects(pwf: Pwf, **params) -> list[int]:
    return ids(pwf.get("/contacts/2/projects", params={"status": "all", "sortby": "id", **params}), "projects")


def test_projects_default_fields(pwf: Pwf) -> None:
    """seed L1005: 'fields default: title,number,startdate,duedate'."""
    rec = pwf.get("/companies/2/projects", params={"sortby": "id"}).json()["projects"][0]
    assert set(rec) == {"id", "title", "number", "startdate", "duedate"}


@pytest.mark.parametrize(("value", "expected"), [
    ("gte1000", [1]), ("880", [3]), ("over", []), ("under", [1, 2, 3]), ("gte100%", [3]), ("lte50%", [2]),
])
def test_projects_invoicetotal_grammar(pwf: Pwf, value: str, expected: list[int]) -> None:
    """seed L1147-1159: invoicetotal number/gte/lte, 'over', 'under', 'gtenumber%', 'ltenumber%'
    ('Projects with 0 Quote Total ignored')."""
    assert projects(pwf, invoicetotal=value) == expected


def test_projects_quotetotal(pwf: Pwf) -> None:
    """seed L1194: 'quotetotal ... ltenumber - Quote Total is LESS THAN OR EQUAL to specified value'."""
    assert projects(pwf, quotetotal="lte1000") == [3, 4]


@pytest.mark.parametrize(("params", "expected"), [
    ({"timetracked": "gte100"}, [1, 3]),
    ({"timetracked": "gte100", "timetrackedby": "3"}, [1]),
    ({"timetracked": "gte1", "timebillable": "nonbillable"}, [2]),
    ({"timetracked": "gte100", "timetrackedfrom": "2025-03-12"}, [1]),
    ({"timetracked": "over"}, []),
    ({"timetracked": "under"}, [1, 2, 3, 4]),
    ({"timetracked": "gte20%"}, [3]),
    ({"timetracked": "gte20%", "timetrackedby": "1"}, [3]),
])
def test_projects_timetracked_grammar(pwf: Pwf, params: dict, expected: list[int]) -> None:
    """seed L1270-1284: 'timetrackedby, timetrackedfrom, timetrackedto and timebillable parameters will apply to the
    starred options. IMPORTANT: The non-starred options will always use the Total Time Tracked'."""
    assert projects(pwf, **params) == expected


def test_projects_timeallocated(pwf: Pwf) -> None:
    """seed L1256: 'timeallocated ... gtenumber - Time Allocated (minutes) is GREATER THAN OR EQUAL'."""
    assert projects(pwf, timeallocated="gte1200") == [1, 4]


def test_projects_negated_priority_and_category(pwf: Pwf) -> None:
    """seed L1192/L1069: '!priority/ies - Projects NOT with specified Priority/ies', '!categoryid/s'."""
    assert projects(pwf, priority="!1,2") == [2, 4]
    assert projects(pwf, categoryid="!1") == [2, 3]


def test_projects_manager_filters(pwf: Pwf) -> None:
    """seed L1176-1180: 'managerid/s', '!managerid/s - NOT Managed by', 'me - Projects Managed by Contact making
    request'."""
    assert projects(pwf, managerid="!2") == [3, 4]
    assert projects(pwf, managerid="me") == [3, 4]


def test_projects_contacts_modes(pwf: Pwf) -> None:
    """seed L1086-1096 (View Projects for a Company; the Contact variant has no contacts filter): contacts ANY/ALL
    (contactsmode) and '!contactid/s - NOT assigned'."""
    def company(**params) -> list[int]:
        return ids(pwf.get("/companies/2/projects", params={"sortby": "id", **params}), "projects")
    assert company(contacts="3,7", contactsmode="all") == [1]
    assert company(contacts="3,7") == [1, 2]
    assert company(contacts="!7") == [2]


def test_projects_status_flags(pwf: Pwf) -> None:
    """seed L1047/L1141/L1182: accountedfor / invoiced / paid status filters."""
    assert projects(pwf, accountedfor="accountedfor") == [3]
    assert projects(pwf, accountedfor="unaccountedfor") == [1, 2, 4]
    assert projects(pwf, invoiced="invoiced") == [3]
    assert projects(pwf, paid="paid") == []


def test_projects_completedate(pwf: Pwf) -> None:
    """seed L1071: 'completedatefrom Projects completed on or after this date'."""
    assert projects(pwf, completedatefrom="2025-01-01") == [3]


def test_projects_search_number_or_title(pwf: Pwf) -> None:
    """seed L1202: 'string - Projects where Number or Title contains string'."""
    assert projects(pwf, search="P-0002") == [2]
    assert projects(pwf, search="!bakery") == [3, 4]


# -- View/Add/Edit/Delete Messages -----------------------------------------------------------------------------------
def test_messages_default_projectstatus_active(pwf: Pwf) -> None:
    """seed L7425: 'projectstatus default: active ... complete - Messages for Completed Projects'."""
    assert ids(pwf.get("/messages"), "messages") == [1, 2, 3, 4]
    assert ids(pwf.get("/messages", params={"projectstatus": "complete"}), "messages") == [5]


def test_messages_search_title(pwf: Pwf) -> None:
    """seed L7431: 'string - Messages where Title contains string' / '!string'."""
    assert ids(pwf.get("/messages", params={"search": "kick"}), "messages") == [1, 2]
    assert ids(pwf.get("/messages", params={"search": "!kick"}), "messages") == [3, 4]


def test_messages_taskid_and_datefrom(pwf: Pwf) -> None:
    """seed L7437/L7389: 'taskid/s - Messages for specified Task/s'; 'datefrom Messages added on or after'."""
    assert ids(pwf.get("/messages", params={"taskid": "2"}), "messages") == [3]
    assert ids(pwf.get("/messages", params={"datefrom": "2025-03-01"}), "messages") == [3, 4]


def test_messages_sort_date_desc(pwf: Pwf) -> None:
    """seed L7457: 'sortby default: id ... date - Message Date'."""
    assert ids(pwf.get("/messages", params={"sortby": "date", "sortorder": "desc"}), "messages") == [4, 3, 2, 1]


def test_messages_originalmessageid_blank_for_a_discussion_start(pwf: Pwf) -> None:
    """seed L7365: 'originalmessageid (... returns blank string if this message started a new discussion)'."""
    rows = {m["id"]: m for m in pwf.get("/messages", params={"id": "1,2"}).json()["messages"]}
    assert rows[1]["originalmessageid"] == ""
    assert rows[2]["originalmessageid"] == 1


def test_messages_default_fields_expand_project_and_task(pwf: Pwf) -> None:
    """seed L7366/L7368: 'project (includes id/number/title)', 'task (includes id/name)'."""
    rec = pwf.get("/messages", params={"id": "3"}).json()["messages"][0]
    assert {"projectid", "projectnumber", "projecttitle", "taskid", "taskname", "title", "content", "date"} <= set(rec)
    assert rec["taskid"] == 2


def test_reply_needs_only_content_and_originalmessageid(pwf: Pwf) -> None:
    """seed L7475: 'a reply can be added by using the originalmessageid parameter' (title/contacts are required only
    when starting a new discussion)."""
    r = pwf.post("/messages", json={"originalmessageid": 1, "content": "A reply"})
    assert r.status_code == 201, r.text
    new = r.json()["details"][0]["id"]
    got = pwf.get(f"/messages/{new}").json()["message"]
    assert got["originalmessageid"] == 1 and got["projectid"] == 1


def test_new_discussion_needs_a_title(pwf: Pwf) -> None:
    """seed L7511: 'title Title (Required when starting a new discussion)'."""
    r = pwf.post("/messages", json={"projectid": 1, "contacts": "me", "content": "No title"})
    assert r.status_code == 400 and r.json()["details"] == ["'title' is a required field"]


def test_message_files_must_belong_to_the_project(pwf: Pwf) -> None:
    """seed L7520: 'Files to attach to the Message (Files must belong to the same Project as the Message)'."""
    r = pwf.post("/messages", json={"projectid": 4, "contacts": "me", "title": "T", "content": "C", "files": "1"})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_deleting_the_first_message_deletes_its_replies(pwf: Pwf) -> None:
    """seed L7567: 'Deleting the first message in a discussion will also delete all replies in that discussion.'"""
    assert pwf.as_("peter").delete("/messages/1").status_code == 200
    assert pwf.get("/messages/2").status_code == 404


def test_only_a_discussion_start_can_be_edited(pwf: Pwf) -> None:
    """seed L7584: 'only available for messages added by the user making the request and that started a new
    discussion'."""
    r = pwf.as_("carl").put("/messages/2", json={"public": False})
    assert r.status_code in (400, 403) and r.json()["status"] == "Error"


# -- Files -------------------------------------------------------------------------------------------------------------
def test_files_default_sort_name(pwf: Pwf) -> None:
    """seed L5862: 'sortby default: name'."""
    assert ids(pwf.get("/files"), "files") == [1, 4, 2, 5, 3]


def test_files_sort_size_desc(pwf: Pwf) -> None:
    """seed L5866: 'size - File Size'."""
    assert ids(pwf.get("/files", params={"sortby": "size", "sortorder": "desc"}), "files") == [1, 5, 2, 3, 4]


def test_files_folder_and_task_filters(pwf: Pwf) -> None:
    """seed L5809/L5841: 'folderid/s - Files in specified Folder/s', 'taskid/s - Files for specified Task/s'."""
    assert ids(pwf.get("/files", params={"folderid": "1"}), "files") == [3]
    assert ids(pwf.get("/files", params={"taskid": "2"}), "files") == [2]


def test_files_contacts_field_is_all_when_public(pwf: Pwf) -> None:
    """seed L5779: 'contacts (returns 'all' if File is public, returns array of contacts if File is private)'."""
    rec = pwf.get("/files", params={"id": "1", "fields": "contacts"}).json()["files"][0]
    assert rec["contacts"] == "all"


def test_files_folder_field_includes_id_and_name(pwf: Pwf) -> None:
    """seed L5781: 'folder (includes id,name)'."""
    rec = pwf.get("/files", params={"id": "3", "fields": "folder"}).json()["files"][0]
    assert (rec["folderid"], rec["foldername"]) == (1, "Designs")


@pytest.mark.parametrize("where", [{}, {"projectid": 1, "taskid": 2}, {"taskid": 2, "folderid": 1}])
def test_add_file_needs_exactly_one_parent(pwf: Pwf, where: dict) -> None:
    """seed L5897: 'Exactly 1 of Project/Task/Folder Required'."""
    r = pwf.post("/files", json={"name": "a.txt", "content": "U29tZSB0ZXh0", **where})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_add_file_to_a_folder(pwf: Pwf) -> None:
    """seed L5896: 'folderid Folder ID (Exactly 1 of Project/Task/Folder Required)'."""
    r = pwf.post("/files", json={"name": "a.txt", "content": "U29tZSB0ZXh0", "folderid": 2})
    assert r.status_code == 201
    assert r.json()["details"][0]["id"] in ids(pwf.get("/files", params={"folderid": "2"}), "files")


# -- View Tasks for a Contact ------------------------------------------------------------------------------------------
# Tina (contact 3) has the active tasks 2 (project 1, 600 min allocated, 210 tracked: Tina 120 + Connie 90),
# 3 (project 1, bold, depends on 2, 1200 allocated, 240 tracked), 5 (project 2, 300 allocated, 60 tracked) and the
# general task 7 (no project, 0 allocated, 30 tracked by Alice).
def tasks(pwf: Pwf, **params) -> list[int]:
    return ids(pwf.get("/contacts/3/tasks", params=params), "tasks")


def test_contact_tasks_default_active_sorted_by_id(pwf: Pwf) -> None:
    """seed L4417/L4486: 'status default: active', 'sortby default: id'."""
    assert tasks(pwf) == [2, 3, 5, 7]


def test_contact_tasks_general_and_project_switches(pwf: Pwf) -> None:
    """seed L4294/L4388: 'generaltasks default: true ... false - Exclude General Tasks', 'projecttasks ... false'."""
    assert tasks(pwf, generaltasks="false") == [2, 3, 5]
    assert tasks(pwf, projecttasks="false") == [7]


def test_contact_tasks_type(pwf: Pwf) -> None:
    """seed L4467: 'type ... bold - Bold Tasks ... nonheading - Non-Heading Tasks (Normal + Bold)'."""
    assert tasks(pwf, type="bold") == [3]
    assert tasks(pwf, type="normal") == [2, 5, 7]


@pytest.mark.parametrize(("params", "expected"), [
    ({"timetracked": "gte200"}, [2, 3]),
    ({"timetracked": "gte200", "timetrackedby": "3"}, [3]),
    ({"timetracked": "gte100", "timetrackedby": "!3"}, []),
    ({"timetracked": "gte30%", "generaltasks": "false"}, [2]),
    ({"timetracked": "over"}, [7]),
    ({"timetracked": "under"}, [2, 3, 5]),
])
def test_contact_tasks_timetracked(pwf: Pwf, params: dict, expected: list[int]) -> None:
    """seed L4431-4444: starred number options follow timetrackedby; 'over - Total Time Tracked is GREATER THAN
    Allocated Time', 'under - ... LESS THAN OR EQUAL TO Allocated Time'."""
    assert tasks(pwf, **params) == expected


def test_contact_tasks_dependentstatus(pwf: Pwf) -> None:
    """seed L4274: 'Using this filter will only return Dependent Tasks that meet the specified status.'"""
    assert tasks(pwf, dependentstatus="all") == [3]
    assert tasks(pwf, dependentstatus="noncurrent") == [3]
    assert tasks(pwf, dependentstatus="current") == []


def test_contact_tasks_sort_duedate_desc(pwf: Pwf) -> None:
    """seed L4492: 'duedate - Due Date'."""
    assert tasks(pwf, sortby="duedate", sortorder="desc") == [3, 2, 7, 5]


def test_contact_tasks_priority_project_company(pwf: Pwf) -> None:
    """seed L4336/L4366/L4257: '!priority/ies', 'projectid/s', 'companyid/s - Tasks in Projects for Company/ies'."""
    assert tasks(pwf, priority="!3") == [2, 7]
    assert tasks(pwf, projectid="2") == [5]
    assert tasks(pwf, companyid="2") == [2, 3, 5]


def test_contact_tasks_duedateto(pwf: Pwf) -> None:
    """seed L4288: 'duedateto Tasks due on or before this date'."""
    assert tasks(pwf, duedateto="2025-03-14") == [5, 7]


def test_contact_tasks_default_fields(pwf: Pwf) -> None:
    """seed L4196: 'default: name,type,order,status,project,startdate,duedate'; project returns ID/Number/Title."""
    rec = pwf.get("/contacts/3/tasks", params={"projectid": "2"}).json()["tasks"][0]
    assert {"name", "type", "order", "status", "projectid", "projectnumber", "projecttitle", "startdate",
            "duedate"} <= set(rec)
    assert "priority" not in rec and "description" not in rec


# -- View Time Tracked by a Contact ---------------------------------------------------------------------------------
# Tina (3): record 1 (03-10, 120, task 2), 3 (03-12, 240, task 3), 4 (03-13, 60 non-billable, project 2).
def test_time_defaults_last_week_total_only(pwf: Pwf) -> None:
    """seed L4511/L4518/L4529: 'trackedfrom default: -6d', 'trackedto default: +0d', 'fields ... if not specified
    then only Total/Sub Totals will be returned'."""
    body = pwf.get("/contacts/3/time").json()
    assert body["total"] == 420 and "timerecords" not in body


def test_time_trackedto_default_includes_today(pwf: Pwf) -> None:
    """seed L4518: 'trackedto default: +0d ... Time Tracked on or before this date' (today at 08:00 counts)."""
    assert pwf.get("/contacts/1/time").json()["total"] == 30


def test_time_trackedfrom_and_billable(pwf: Pwf) -> None:
    """seed L4511/L4583: 'trackedfrom ... on or after', 'billable ... nonbillable - Non-Billable Time'."""
    assert pwf.get("/contacts/3/time", params={"trackedfrom": "2025-03-11"}).json()["total"] == 300
    assert pwf.get("/contacts/3/time", params={"billable": "nonbillable"}).json()["total"] == 60


def test_time_generaltasks_false(pwf: Pwf) -> None:
    """seed L4597: 'generaltasks default: true ... false - Exclude Time for General Tasks'."""
    assert pwf.get("/contacts/1/time", params={"generaltasks": "false"}).json()["total"] == 0


def test_time_records_sorted_by_date_desc(pwf: Pwf) -> None:
    """seed L4710: 'sortby default: id ... date - Time Record Date'."""
    got = ids(pwf.get("/contacts/3/time", params={"fields": "timetracked", "sortby": "date", "sortorder": "desc"}),
              "timerecords")
    assert got == [4, 3, 1]


def test_time_subtotals_by_day_are_non_zero_only(pwf: Pwf) -> None:
    """seed L4560 'day'; 'Only non-zero Sub Totals will be returned' (research 3.1)."""
    body = pwf.get("/contacts/3/time", params={"subtotals": "day"}).json()
    assert len(body["subtotals"]) == 3 and sum(s["subtotal"] for s in body["subtotals"]) == 420


# -- View Quotes for a Company ----------------------------------------------------------------------------------------
def test_quotes_status_values(pwf: Pwf) -> None:
    """seed L1654: 'status default: pending ... approved ... active - Pending and Approved Quotes ... all'."""
    assert ids(pwf.get("/companies/2/quotes", params={"status": "active", "sortby": "number"}), "quotes") == [1, 2]
    assert ids(pwf.get("/companies/2/quotes", params={"status": "approved"}), "quotes") == [1]
    assert ids(pwf.get("/companies/3/quotes", params={"status": "declined"}), "quotes") == [3]


def test_quotes_type(pwf: Pwf) -> None:
    """seed L1684: 'type default: all ... estimate - Estimates ... quote - Quotes'."""
    assert ids(pwf.get("/companies/2/quotes", params={"status": "all", "type": "estimate"}), "quotes") == [2]
    assert ids(pwf.get("/companies/2/quotes", params={"status": "all", "type": "quote"}), "quotes") == [1]


def test_quotes_paging_not_with_subtotals(pwf: Pwf) -> None:
    """seed L1710: '(Paging options are not available if you are using the 'subtotals' option)'."""
    r = pwf.get("/companies/2/quotes", params={"subtotals": "status", "pagenumber": 1, "pagesize": 1})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_quotes_date_subtotals_need_a_from_date(pwf: Pwf) -> None:
    """seed L1560: 'To use date grouping options you must specify 'approveddatefrom' or 'quoteddatefrom''."""
    r = pwf.get("/companies/2/quotes", params={"subtotals": "month", "status": "all"})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_quotes_default_fields(pwf: Pwf) -> None:
    """seed L1522: 'default: number,title,status,projectid,quoteddate,totals'."""
    rec = pwf.get("/companies/2/quotes").json()["quotes"][0]
    assert {"number", "title", "status", "projectid", "quoteddate", "grandtotal"} <= set(rec)
    assert "description" not in rec


# -- Add a Project ---------------------------------------------------------------------------------------------------------
def test_add_project_needs_a_title(pwf: Pwf) -> None:
    """seed L1362: 'REQUIRED PARAMETERS: title'."""
    r = pwf.post("/companies/2/projects", json={"number": "auto"})
    assert r.status_code == 400 and r.json()["details"] == ["'title' is a required field"]


def test_add_project_minimal_then_listed(pwf: Pwf) -> None:
    """seed L1336: 'This call adds a Project for a Company.' (only title is required)."""
    r = pwf.post("/companies/3/projects", json={"title": "Only a title"})
    assert r.status_code == 201
    new = r.json()["details"][0]["id"]
    rows = pwf.get("/companies/3/projects", params={"fields": "title,company"}).json()["projects"]
    assert [(p["title"], p["companyid"]) for p in rows if p["id"] == new] == [("Only a title", 3)]


# -- Add an Event ----------------------------------------------------------------------------------------------------------
def test_add_event_contacts_default_me(pwf: Pwf) -> None:
    """seed L5372: 'contacts default: me ... Assigned Staff Contacts'."""
    r = pwf.post("/events", json={"title": "Mine", "starttime": "2025-03-20T13:00", "endtime": "2025-03-20T14:00"})
    assert r.status_code == 201
    new = r.json()["details"][0]["id"]
    assert new in ids(pwf.get("/events", params={"contacts": "me"}), "events")
    assert new not in ids(pwf.get("/events", params={"contacts": "2"}), "events")


def test_add_event_contacts_all_is_all_staff(pwf: Pwf) -> None:
    """seed L5378: 'all - All Staff'."""
    r = pwf.post("/events", json={"title": "Everyone", "contacts": "all", "starttime": "2025-03-20T13:00",
                                  "endtime": "2025-03-20T14:00"})
    new = r.json()["details"][0]["id"]
    for staff in (1, 2, 3):
        assert new in ids(pwf.get("/events", params={"contacts": str(staff)}), "events")
    assert new not in ids(pwf.get("/events", params={"contacts": "4"}), "events")


def test_add_event_starttime_now(pwf: Pwf) -> None:
    """seed L5383/L5388: 'now - Current time'."""
    r = pwf.post("/events", json={"title": "Now", "starttime": "now", "endtime": "now"})
    assert r.status_code == 201
    event = pwf.get(f"/events/{r.json()['details'][0]['id']}").json()["event"]
    assert event["starttime"].startswith("2025-03-14T12:00")


def test_add_event_needs_a_title(pwf: Pwf) -> None:
    """seed L5389: 'REQUIRED PARAMETERS: ... title'."""
    r = pwf.post("/events", json={"starttime": "2025-03-20T13:00", "endtime": "2025-03-20T14:00"})
    assert r.status_code == 400 and r.json()["details"] == ["'title' is a required field"]


# -- Custom Folders ------------------------------------------------------------------------------------------------------
def test_folders_default_sort_name_and_search(pwf: Pwf) -> None:
    """seed L6029/L6012: 'sortby default: name'; '!string - Folders where Name does not contain string'."""
    assert ids(pwf.get("/files/folders"), "folders") == [2, 1]
    assert ids(pwf.get("/files/folders", params={"search": "!des"}), "folders") == [2]


def test_add_folder_public_by_default_private_for_me(pwf: Pwf) -> None:
    """seed L6055-6061 + L5977: 'contacts default: all ... all - Add Public Folder', 'me - Add Private Folder';
    the contacts field 'returns 'all' if Folder is public, returns array of contacts if Folder is private'."""
    public = pwf.post("/files/folders", json={"projectid": 1, "name": "Pub"}).json()["details"][0]["id"]
    private = pwf.post("/files/folders", json={"projectid": 1, "name": "Priv", "contacts": "me"}).json()["details"][0]["id"]
    rows = {f["id"]: f for f in pwf.get("/files/folders", params={"fields": "contacts"}).json()["folders"]}
    assert rows[public]["contacts"] == "all"
    assert isinstance(rows[private]["contacts"], list) and len(rows[private]["contacts"]) == 1


def test_add_folder_needs_a_project(pwf: Pwf) -> None:
    """seed L6066: 'REQUIRED PARAMETERS: ... projectid'."""
    r = pwf.post("/files/folders", json={"name": "Nowhere"})
    assert r.status_code == 400 and r.json()["details"] == ["'projectid' is a required field"]


# -- Login / me --------------------------------------------------------------------------------------------------------------
def test_me_is_the_caller(pwf: Pwf) -> None:
    """seed L7246: 'This call returns details of the Contact making the request.'"""
    assert pwf.as_("carl").get("/me").json()["contact"]["id"] == 4
    assert pwf.as_("connie").get("/me").json()["contact"]["id"] == 7


# -- Invoices: add, lines ---------------------------------------------------------------------------------------------------
NEW_INVOICE = {"title": "New Invoice", "companyid": 2, "contactid": 4, "projectid": 2,
               "lines": [{"type": "heading", "name": "Work"},
                         {"type": "lineitem", "name": "Item", "quantity": 2, "rate": 100.0}]}


def test_add_invoice_dates_default_from_today_and_payment_terms(pwf: Pwf) -> None:
    """seed L6504/L6510: 'duedate (if not specified then this will be calculated automatically from Invoiced Date
    and default payment settings)', 'invoiceddate (defaults to current date)' -- acme's terms are 20 days."""
    r = pwf.post("/invoices", json=NEW_INVOICE)
    assert r.status_code == 201
    invoice = pwf.get(f"/invoices/{r.json()['details'][0]['id']}").json()["invoice"]
    assert (invoice["invoiceddate"], invoice["duedate"]) == ("2025-03-14T00:00:00", "2025-04-03T00:00:00")


def test_add_invoice_taxable_default_true_and_taxrate_override(pwf: Pwf) -> None:
    """seed L6535/L6540: 'taxable default: true', 'taxrate Tax rate (overrides default rate)'."""
    r = pwf.post("/invoices", json={**NEW_INVOICE, "taxrate": 15})
    invoice = pwf.get(f"/invoices/{r.json()['details'][0]['id']}").json()["invoice"]
    assert (invoice["subtotal"], invoice["taxtotal"], invoice["grandtotal"]) == (200.0, 30.0, 230.0)


def test_add_invoice_percentage_discount(pwf: Pwf) -> None:
    """seed L6497: 'discountvalue ... number - Apply a Fixed Value Discount ... number% - Apply a percentage'."""
    pct = pwf.post("/invoices", json={**NEW_INVOICE, "discountvalue": "10%", "taxable": False}).json()
    fixed = pwf.post("/invoices", json={**NEW_INVOICE, "discountvalue": "15", "taxable": False}).json()
    assert pwf.get(f"/invoices/{pct['details'][0]['id']}").json()["invoice"]["grandtotal"] == 180.0
    assert pwf.get(f"/invoices/{fixed['details'][0]['id']}").json()["invoice"]["grandtotal"] == 185.0


def test_add_invoice_mark_project_as_invoiced(pwf: Pwf) -> None:
    """seed L6515: 'markprojectasinvoiced default: false ... true - Project will be set as invoiced'."""
    assert ids(pwf.get("/companies/2/projects", params={"invoiced": "invoiced"}), "projects") == []
    pwf.post("/invoices", json={**NEW_INVOICE, "markprojectasinvoiced": True})
    assert ids(pwf.get("/companies/2/projects", params={"invoiced": "invoiced"}), "projects") == [2]


@pytest.mark.parametrize("line", [
    {"type": "heading"},
    {"type": "lineitem", "name": "No quantity", "rate": 10},
    {"type": "staffrate", "name": "No time", "rate": 10},
    {"type": "expense", "name": "No rate", "quantity": 1},
])
def test_add_line_type_rules(pwf: Pwf, line: dict) -> None:
    """seed L6789-6795: 'heading - Must provide name', 'lineitem - ... quantity & rate', 'staffrate - ... name, time &
    rate', 'expense - ... quantity & rate'."""
    r = pwf.post("/invoices/3/lines", json=line)
    assert r.status_code == 400 and r.json()["status"] == "Error"
    assert [x["id"] for x in pwf.get("/invoices/3/lines").json()["lines"]] == [7]


def test_add_line_lineitem_with_description_only(pwf: Pwf) -> None:
    """seed L6793: ''lineitem' - Must provide 'name' or 'description' as well as 'quantity' & 'rate''."""
    r = pwf.post("/invoices/3/lines", json={"type": "lineitem", "description": "Only a description", "quantity": 1,
                                            "rate": 10})
    assert r.status_code == 201


def test_add_line_before_a_line_reorders(pwf: Pwf) -> None:
    """seed L6861: 'beforelineid - Add before 'lineid' in Invoice ... Example: before1'."""
    r = pwf.post("/invoices/2/lines", json={"type": "heading", "name": "First", "displayorder": "before3"})
    new = r.json()["details"][0]["id"]
    assert [x["id"] for x in pwf.get("/invoices/2/lines").json()["lines"]] == [new, 3, 4, 5, 6]


def test_add_line_after_a_line_reorders(pwf: Pwf) -> None:
    """seed L6859: 'afterlineid - Add after 'lineid' in Invoice. Any existing Lines will be reordered'."""
    r = pwf.post("/invoices/2/lines", json={"type": "heading", "name": "Second", "displayorder": "after3"})
    new = r.json()["details"][0]["id"]
    assert [x["id"] for x in pwf.get("/invoices/2/lines").json()["lines"]] == [3, new, 4, 5, 6]


def test_edit_line_changes_the_totals(pwf: Pwf) -> None:
    """seed L6931: 'This call updates a single Line in an Invoice.' ({"rate":100.00,"taxable":false})."""
    assert pwf.put("/invoices/3/lines/7", json={"rate": 100.0, "taxable": False}).status_code == 200
    invoice = pwf.get("/invoices/3").json()["invoice"]
    assert (invoice["subtotal"], invoice["taxtotal"], invoice["grandtotal"]) == (100.0, 0.0, 100.0)


# -- Advanced plan (globex) -------------------------------------------------------------------------------------------------
def test_advanced_add_project_manager_in_two_groups_needs_groupid(pwf: Pwf) -> None:
    """seed L1336: 'In the Advanced Plan you must specify groupid if the managerid belongs to more than 1 group.'
    (Hank, contact 2, is in groups 1 and 2; Grace, contact 1, only in group 1.)"""
    grace = pwf.as_("grace")
    r = grace.post("/companies/2/projects", json={"title": "Needs a group", "managerid": 2})
    assert r.status_code == 400 and r.json()["status"] == "Error"
    assert grace.post("/companies/2/projects", json={"title": "Grouped", "managerid": 2, "groupid": 2}).status_code == 201
    assert grace.post("/companies/2/projects", json={"title": "One group", "managerid": 1}).status_code == 201


def test_advanced_request_to_a_contact_in_two_groups_needs_groupid(pwf: Pwf) -> None:
    """seed L8057: 'In the Advanced Plan you must specify groupid if the contactid you are submitting to belongs to
    more than 1 group.'"""
    jack = pwf.as_("jack")
    r = jack.post("/projectrequests", json={"title": "To Hank", "contactid": 2})
    assert r.status_code == 400 and r.json()["status"] == "Error"
    assert jack.post("/projectrequests", json={"title": "To Hank", "contactid": 2, "groupid": 1}).status_code == 201


def test_advanced_contacts_groups_field(pwf: Pwf) -> None:
    """seed L2750: 'groups* (Advanced plan only)' -- returned on Advanced for a staff caller."""
    r = pwf.as_("grace").get("/contacts", params={"id": "2", "fields": "name,groups"})
    assert r.status_code == 200
    rec = r.json()["contacts"][0]
    assert "groups" in rec and len(rec["groups"]) == 2


def test_advanced_contact_groups_add_and_remove(pwf: Pwf) -> None:
    """seed L3313: 'Add/Remove Staff Contact to/from a Group' (groupid + remove)."""
    grace = pwf.as_("grace")
    assert grace.put("/contacts/3/groups", json={"groupid": "1"}).status_code == 200
    assert sorted(g["id"] for g in grace.get("/contacts/3/groups").json()["groups"]) == [1, 3]
    assert grace.put("/contacts/3/groups", json={"groupid": "3", "remove": True}).status_code == 200
    assert [g["id"] for g in grace.get("/contacts/3/groups").json()["groups"]] == [1]


def test_advanced_divisionid_filter(pwf: Pwf) -> None:
    """seed L2787: 'divisionid - Contacts in specified Division' (Advanced plan only)."""
    got = ids(pwf.as_("grace").get("/contacts", params={"divisionid": "2", "sortby": "id"}), "contacts")
    assert got == [3, 5]


def test_advanced_team_membership_follows_groups(pwf: Pwf) -> None:
    """seed L3315: 'This call adds or removes a Contact to/from a Group. Team membership will be automatically
    updated.' (group 1 belongs to team 1 'Creative', group 3 to team 2 'Engineering'; Ivy is in group 3.)"""
    grace = pwf.as_("grace")

    def teams() -> list[int]:
        rec = grace.get("/contacts", params={"id": "3", "fields": "name,teams"}).json()["contacts"][0]
        return sorted(t["id"] for t in rec["teams"])
    assert teams() == [2]
    grace.put("/contacts/3/groups", json={"groupid": "1"})
    assert teams() == [1, 2]
    grace.put("/contacts/3/groups", json={"groupid": "3", "remove": True})
    assert teams() == [1]


# -- Request access, edit contact, edit me ---------------------------------------------------------------------------------
def test_request_access_companyname_required_unless_staff(pwf: Pwf) -> None:
    """seed L5058: 'companyname Company Name (required unless 'type' is 'staff')'; L5074 'type default: client'."""
    who = {"firstname": "A", "lastname": "B", "email": "ab@x.test"}
    r = pwf.post("/contacts/requestaccess", json=who)
    assert r.status_code == 400 and r.json()["details"] == ["'companyname' is a required field"]
    assert pwf.post("/contacts/requestaccess", json={**who, "type": "staff"}).status_code == 201


def test_request_access_default_type_client(pwf: Pwf) -> None:
    """seed L5074: 'type default: client'."""
    r = pwf.post("/contacts/requestaccess", json={"firstname": "C", "lastname": "D", "email": "cd@x.test",
                                                   "companyname": "CD Co"})
    new = r.json()["details"][0]["id"]
    rows = pwf.get("/contacts", params={"pending": "true", "id": str(new)}).json()["contacts"]
    assert rows[0]["type"] == "client"


def test_request_access_on_advanced_goes_to_division_1(pwf: Pwf) -> None:
    """seed L5044: 'IMPORTANT: Advanced Plan Only - Contact/Company will be added to Division ID 1.'"""
    grace = pwf.as_("grace")
    r = grace.post("/contacts/requestaccess", json={"firstname": "E", "lastname": "F", "email": "ef@x.test",
                                                     "companyname": "EF Co"})
    new = r.json()["details"][0]["id"]
    assert new in ids(grace.get("/contacts", params={"pending": "true", "divisionid": "1"}), "contacts")
    assert new not in ids(grace.get("/contacts", params={"pending": "true", "divisionid": "2"}), "contacts")


def test_edit_contact_username_and_password_then_log_in(pwf: Pwf) -> None:
    """seed L3225/L3249: 'password', 'username (contacts can also login using their email address)'."""
    from .conftest import ACME_KEY, basic
    assert pwf.put("/contacts/5", json={"username": "cora2", "password": "new-pass"}).status_code == 200
    me = pwf.bare().with_headers({"apikey": ACME_KEY, "Authorization": basic("cora2", "new-pass")}).get("/me")
    assert me.status_code == 200 and me.json()["contact"]["id"] == 5
    by_mail = pwf.bare().with_headers({"apikey": ACME_KEY, "Authorization": basic("cora@bluebird.test", "new-pass")})
    assert by_mail.get("/me").status_code == 200
    old = pwf.bare().with_headers({"apikey": ACME_KEY, "Authorization": basic("cora", "cora-pass")})
    assert old.get("/me").status_code == 401


def test_edit_me_updates_the_caller(pwf: Pwf) -> None:
    """seed L7263: 'This call updates the Contact making the request.'"""
    carl = pwf.as_("carl")
    assert carl.put("/me", json={"firstname": "Carlos"}).status_code == 200
    assert carl.get("/me").json()["contact"]["firstname"] == "Carlos"
    assert pwf.get("/contacts/4").json()["contact"]["firstname"] == "Carlos"


# -- Contact Summary, Staff Contacts, contactdetails, images -----------------------------------------------------------------
def test_contact_summary_projects_and_tasks_only(pwf: Pwf) -> None:
    """seed L4102-4120: Contact Summary returns Projects (Active) and Tasks (Active); 'types ... projects, tasks'."""
    body = pwf.get("/contacts/3/summary").json()
    assert [p["id"] for p in body["projects"]] == [1, 2, 4]
    assert sorted(t["id"] for t in body["tasks"]) == [2, 3, 5, 7]
    only = pwf.get("/contacts/3/summary", params={"types": "tasks"}).json()
    assert "tasks" in only and "projects" not in only


def test_staff_contacts_call(pwf: Pwf) -> None:
    """seed L5091: 'View Staff Contacts' (default sort firstname: Alice, Peter, Tina)."""
    assert ids(pwf.get("/contacts/staff"), "contacts") == [1, 2, 3]


def test_events_contactdetails(pwf: Pwf) -> None:
    """seed L5250: 'contactdetails default: false ... true - Return email, image, phone for contacts'."""
    plain = pwf.get("/events", params={"id": "2"}).json()["events"][0]["contacts"]
    rich = pwf.get("/events", params={"id": "2", "contactdetails": "true"}).json()["events"][0]["contacts"]
    assert all("email" not in c for c in plain)
    assert {c["id"]: c["email"] for c in rich} == {2: "peter@acme.test", 4: "carl@bluebird.test"}
    assert all({"image", "phone"} <= set(c) for c in rich)


def test_company_image_over_100kb_is_not_added(pwf: Pwf) -> None:
    """seed L236: 'imagecontent ... an image larger than 100KB will not be added' (the company still is)."""
    import base64
    big = base64.b64encode(b"\x89PNG" + b"x" * (100 * 1024 + 1)).decode()
    r = pwf.post("/companies", json={"name": "Big Pic", "type": "other", "imagecontent": big})
    assert r.status_code == 201
    company = pwf.get(f"/companies/{r.json()['details'][0]['id']}").json()["company"]
    assert not company.get("image")


# -- Expenses add, invoice edit, roles ------------------------------------------------------------------------------------------
@pytest.mark.parametrize("missing", ["cost", "name", "projectid"])
def test_add_expense_required(pwf: Pwf, missing: str) -> None:
    """seed L5633: 'REQUIRED PARAMETERS: cost, name, projectid'."""
    body = {"projectid": 1, "name": "New Expense", "cost": 100.0}
    del body[missing]
    r = pwf.post("/expenses", json=body)
    assert r.status_code == 400 and r.json()["details"] == [f"'{missing}' is a required field"]


def test_add_expense_defaults_uninvoiced_taxable(pwf: Pwf) -> None:
    """seed L5661/L5666: 'invoiced default: false', 'taxable default: true'."""
    r = pwf.post("/expenses", json={"projectid": 1, "name": "New Expense", "cost": 100.0, "date": "2025-03-14"})
    new = r.json()["details"][0]["id"]
    assert new in ids(pwf.get("/expenses", params={"invoiced": "uninvoiced", "taxable": "taxable"}), "expenses")


def test_edit_invoice_lines_replace_all(pwf: Pwf) -> None:
    """seed L6598: 'If you specify any 'lines' then all existing lines will be replaced'."""
    r = pwf.put("/invoices/2", json={"lines": [{"type": "lineitem", "name": "Only", "quantity": 1, "rate": 10}]})
    assert r.status_code == 200
    lines = pwf.get("/invoices/2/lines").json()["lines"]
    assert [x["name"] for x in lines] == ["Only"]


def test_edit_invoice_status_paid(pwf: Pwf) -> None:
    """seed L6601 sample PUT: {"status":"paid", "discountvalue":100, ...}."""
    assert pwf.put("/invoices/4", json={"status": "paid"}).status_code == 200
    assert 4 in ids(pwf.get("/invoices", params={"status": "paid"}), "invoices")


def test_roles_add_and_remove(pwf: Pwf) -> None:
    """seed L4074/L4087: 'adds or removes roles for a Contact', 'remove default: false'."""
    assert pwf.put("/contacts/3/roles", json={"roleid": "2"}).status_code == 200
    assert 2 in [x["id"] for x in pwf.get("/contacts/3/roles").json()["roles"]]
    assert pwf.put("/contacts/3/roles", json={"roleid": "2", "remove": True}).status_code == 200
    assert 2 not in [x["id"] for x in pwf.get("/contacts/3/roles").json()["roles"]]


# -- field tokens, subtotal weeks, month-relative dates, multi-add images ----------------------------------------------------
def test_apifieldx_and_apifields_tokens(pwf: Pwf) -> None:
    """seed L16/L17: 'apifieldX (returns API Field ID X, specify for each required Field)', 'apifields (returns all
    API Fields)'."""
    one = pwf.get("/companies", params={"fields": "apifield1,name", "id": "2"}).json()["companies"][0]
    assert one["apifield1"] == "Europe" and "apifield2" not in one
    every = pwf.get("/companies", params={"fields": "apifields", "id": "2"}).json()["companies"][0]
    assert [(f["id"], f["value"]) for f in every["apifields"]] == [(1, "Europe"), (2, "Food")]


def test_time_week_subtotals_start_on_trackedfrom(pwf: Pwf) -> None:
    """seed L4564: 'If week is used then the 'trackedfrom' date will be used as the first day of the week.'"""
    body = pwf.get("/contacts/3/time", params={"subtotals": "week", "trackedfrom": "2025-03-11",
                                               "trackedto": "2025-03-14"}).json()
    assert body["subtotals"] == [{"week": "2025-03-11", "subtotal": 300}]


def test_lastmodified_months_ago(pwf: Pwf) -> None:
    """seed L72: 'Xn/h/d/w/m - X minutes/hours/days/weeks/months ago' (1m = since 2025-02-14 12:00)."""
    assert ids(pwf.get("/companies", params={"lastmodifiedfrom": "1m", "sortby": "id"}), "companies") == [2, 3]


def test_sortby_outside_the_documented_list_is_400(pwf: Pwf) -> None:
    """seed L130: 'sortby default: name ... id, name, code' -- nothing else sorts companies."""
    r = pwf.get("/companies", params={"sortby": "email"})
    assert r.status_code == 400 and r.json()["status"] == "Error"


def test_image_ignored_when_adding_multiple_companies(pwf: Pwf) -> None:
    """seed L235: 'IMPORTANT: Not available when adding multiple companies'."""
    import base64
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"x" * 50).decode()
    r = pwf.post("/companies", json=[{"name": "P1", "type": "other", "imagecontent": png},
                                    {"name": "P2", "type": "other"}])
    assert r.status_code == 201
    assert not pwf.get(f"/companies/{r.json()['details'][0]['id']}").json()["company"]["image"]
    single = pwf.post("/companies", json={"name": "P3", "type": "other", "imagecontent": png}).json()
    assert pwf.get(f"/companies/{single['details'][0]['id']}").json()["company"]["image"]


def test_notes_for_all_contacts_match_every_contact_filter(pwf: Pwf) -> None:
    """seed L7747-7753 (Add a Note): 'all - Assign Note to All Contacts'; View Notes filter 'contactid/s - Notes for
    specified Contact/s', 'me - Notes for Contact making request'.  Note 1 is assigned to all contacts, note 2 to
    Peter (contact 2) only."""
    assert ids(pwf.get("/notes", params={"contacts": "me"}), "notes") == [1]
    assert ids(pwf.as_("peter").get("/notes", params={"contacts": "me"}), "notes") == [1, 2]
    assert ids(pwf.get("/notes", params={"contacts": "2"}), "notes") == [1, 2]
    assert ids(pwf.get("/notes", params={"contacts": "3"}), "notes") == [1]


def test_messages_contacts_filter_is_to_or_from(pwf: Pwf) -> None:
    """seed L7385: 'contactid/s - Messages to/from specified Contact/s' (Peter wrote 1 and 5 without being among
    their contacts; 3 and 4 are to him)."""
    got = ids(pwf.get("/messages", params={"contacts": "2", "projectstatus": "all"}), "messages")
    assert got == [1, 3, 4, 5]


def test_company_tasks_unassigned_and_contactsmode(pwf: Pwf) -> None:
    """seed L1901-1908 (View Tasks for a Company): 'unassigned - Unassigned Tasks', contacts ANY/ALL (contactsmode)."""
    assert ids(pwf.get("/companies/2/tasks", params={"contacts": "unassigned", "status": "all"}), "tasks") == [1]
    assert ids(pwf.get("/companies/2/tasks", params={"contacts": "3,7", "contactsmode": "all"}), "tasks") == [2]
