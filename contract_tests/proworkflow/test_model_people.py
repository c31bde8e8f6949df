"""The domain layer (no HTTP) for companies and contacts: roles' views, plans, and the seed's rules.
Acts for fixture contacts of the Standard account "acme" and the Advanced account "globex"."""
from __future__ import annotations

import pytest

from emulator.apis.proworkflow import account, companies, contact_extras, contacts, summary
from emulator.core.store import CREDENTIALS_TABLE

from .model_support import (
    ALICE,
    CARL,
    CONNIE,
    CORA,
    DAN,
    GRACE,
    HANK,
    IVY,
    PETER,
    TINA,
    Accounts,
    error_of,
    ids,
)

pytestmark = pytest.mark.no_emulator


# -- companies: lists ---------------------------------------------------------------------------------------
def test_companies_default_fields_sort_and_hidden_pending_filter(accounts: Accounts) -> None:
    """Seed: fields default code,name,type; sortby default name; pending default false."""
    with accounts.as_(ALICE):
        body = companies.list_companies({})
    assert body["status"] == "Success" and body["count"] == body["totalcount"] == 5
    assert [c["name"] for c in body["companies"]] == sorted(c["name"] for c in body["companies"])
    assert set(body["companies"][0]) == {"id", "code", "name", "type"}
    assert 5 not in ids(body, "companies")  # Pending Pastries
    with accounts.as_(ALICE):
        assert ids(companies.list_companies({"pending": "true"}), "companies") == [5]


@pytest.mark.parametrize(("op", "kind", "expected"), [
    ("companies_client_list", "client", [2, 3]), ("companies_contractor_list", "contractor", [4]),
    ("companies_staff_list", "staff", [1])])
def test_fixed_type_lists(accounts: Accounts, op: str, kind: str, expected: list[int]) -> None:
    with accounts.as_(ALICE):
        body = companies.list_companies({"sortby": "id"}, op)
    assert ids(body, "companies") == expected
    assert set(body["companies"][0]) == {"id", "name", "code"}  # their default: name,code


def test_company_search_negation_tags_apifields(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert ids(companies.list_companies({"search": "!a", "sortby": "id"}), "companies") == [6]
        assert ids(companies.list_companies({"searchcode": "blue"}), "companies") == [2]
        assert ids(companies.list_companies({"tagid": "3", "sortby": "id"}), "companies") == [4, 6]
        assert ids(companies.list_companies({"apifields": "1,europe||2,automotive", "sortby": "id"}), "companies") == [2, 3]
        assert ids(companies.list_companies({"apifields": "1,europe||2,automotive", "apifieldsmode": "all"}),
                   "companies") == []
        assert ids(companies.list_companies({"apifields": "1,north||2,auto", "apifieldsmode": "all"}), "companies") == [3]


def test_company_fields_expand_and_apifields(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = companies.list_companies({"id": "2", "fields": "address,contacts,tags,apifield1,apifields",
                                         "contactdetails": "true"})
    rec = body["companies"][0]
    assert rec["city"] == "London" and "address1" in rec and "zipcode" in rec
    assert [c["id"] for c in rec["contacts"]] == [4, 5] and rec["contacts"][0]["email"] == "carl@bluebird.test"
    assert rec["tags"] == [{"id": 1, "name": "VIP"}, {"id": 4, "name": "Newsletter"}]
    assert rec["apifield1"] == "Europe"
    assert {"id": 2, "name": "Industry", "value": "Food"} in rec["apifields"]


def test_list_errors_are_400s(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(companies.list_companies, {"pagenumber": "2"}).detail == [
            "pagesize and pagenumber must both be provided in order to use paging"]
        assert error_of(companies.list_companies, {"sortby": "email"}).status == 400
        assert error_of(companies.list_companies, {"fields": "name,colour"}).status == 400
        assert error_of(companies.list_companies, {"id": "x"}).status == 400
        assert error_of(companies.list_companies, {"lastmodifiedfrom": "yesterday"}).status == 400


def test_paging_and_totalcount(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = companies.list_companies({"pagenumber": "2", "pagesize": "2", "sortby": "id"})
    assert body["count"] == 2 and body["totalcount"] == 5 and ids(body, "companies") == [3, 4]


def test_divisionid_is_advanced_only(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        err = error_of(companies.list_companies, {"divisionid": "1"})
    assert err.status == 400 and "Advanced" in err.detail[0]
    with accounts.as_(GRACE, accounts.globex):
        assert ids(companies.list_companies({"divisionid": "2"}), "companies") == [3]


def test_lastmodified_relative_filter_uses_the_clock(accounts: Accounts,) -> None:
    with accounts.as_(ALICE):
        assert ids(companies.list_companies({"lastmodifiedfrom": "4w"}), "companies") == [2, 3]  # since 2025-02-14T12:00
        assert ids(companies.list_companies({"lastmodifiedfrom": "3w"}), "companies") == [3]


# -- companies: writes ---------------------------------------------------------------------------------------
def test_add_one_or_many_companies(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        one = companies.add_companies({"name": "ABC Ltd", "type": "client"})
        many = companies.add_companies([{"name": "DEF Co", "type": "client"}, {"name": "GHI Inc", "type": "contractor"}])
        got = companies.get_company(many["details"][1]["id"])
    assert one == {"message": "Company/s Added", "status": "Success", "details": [{"id": 7, "name": "ABC Ltd"}]}
    assert [d["name"] for d in many["details"]] == ["DEF Co", "GHI Inc"]
    assert got["company"]["type"] == "contractor" and got["count"] == 1


def test_add_company_validation(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(companies.add_companies, {"type": "client"}).detail == ["'name' is a required field"]
        assert error_of(companies.add_companies, {"name": "X", "type": "staff"}).status == 400
        assert error_of(companies.add_companies, [{"name": "A", "type": "client"}, {"name": "B"}]).status == 400
        assert error_of(companies.add_companies, "text").status == 400
        assert error_of(companies.add_companies, [1, 2]).status == 400
        assert error_of(companies.add_companies, {"name": "X", "type": "client", "tagid": "99"}).status == 400
    with accounts.as_(ALICE):
        assert companies.list_companies({})["totalcount"] == 5  # nothing half-added


def test_edit_company_is_partial_and_blank_clears(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        companies.edit_company(2, {"code": "", "phone": "123"})
        rec = companies.get_company(2)["company"]
    assert rec["code"] == "" and rec["phone"] == "123" and rec["name"] == "Bluebird Bakery"


def test_company_type_change_cascades_to_its_contacts(accounts: Accounts) -> None:
    """Seed: "If the Company Type is changed then all Contacts belonging to the Company will be changed"."""
    with accounts.as_(ALICE):
        companies.edit_company(6, {"type": "client"})
        assert contacts.get_contact(10, {})["contact"]["type"] == "client"


def test_company_type_change_refused_while_contacts_are_on_projects(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        err = error_of(companies.edit_company, 2, {"type": "contractor"})
        assert err.status == 400 and "Projects/Tasks" in err.detail[0]
        assert companies.get_company(2)["company"]["type"] == "client"
        assert error_of(companies.edit_company, 1, {"type": "client"}).status == 400  # the staff company


def test_delete_company_with_and_without_contacts(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        assert companies.delete_company(3, {}) == {"message": "Company Deleted", "status": "Success",
                                                   "details": [{"id": 3}]}
        assert t.table("contacts").get(DAN) is None
        assert not [c for c in t.credentials() if c.get("user_id") == DAN and c["kind"] == "login"]
        companies.delete_company(2, {"deletecontacts": "false"})
        assert t.table("contacts").get(CARL)["companyid"] is None
        assert error_of(companies.get_company, 2).status == 404
        assert error_of(companies.delete_company, 1, {}).status == 400


def test_company_tags_add_and_remove(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        companies.update_tags(3, {"tagid": "1,3"})
        assert [t["id"] for t in companies.list_tags(3)["tags"]] == [2, 1, 3]
        companies.update_tags(3, {"tagid": [2, 3], "remove": True})
        assert companies.list_tags(3) == {"count": 1, "totalcount": 1, "status": "Success",
                                          "tags": [{"id": 1, "name": "VIP"}]}
        assert error_of(companies.update_tags, 3, {}).detail == ["'tagid' is a required field"]


def test_company_summary_for_client_and_other_companies(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        client = summary.company_summary(2, {})
        other = summary.company_summary(6, {"types": "contacts,projects"})
        paged = summary.company_summary(2, {"types": "tasks", "pagesize": "2", "pagenumber": "2"})
    assert set(client) == {"count", "status", "contacts", "invoices", "projects", "quotes", "tasks"}
    assert ids(client, "invoices") == [2, 4] and ids(client, "quotes") == [2]
    assert set(other) == {"count", "status", "contacts"}  # "Client Companies Only" for the rest
    assert ids(paged, "tasks") == [3, 5]
    with accounts.as_(TINA):  # a Team Member cannot view invoices or quotes
        assert "invoices" not in summary.company_summary(2, {})


# -- contacts: roles' views ----------------------------------------------------------------------------------
def test_staff_see_every_active_contact_with_star_fields(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = contacts.list_contacts({"fields": "name,email,logindetails", "sortby": "id"})
    assert ids(body, "contacts") == [1, 2, 3, 4, 5, 6, 7, 8, 10]
    assert body["contacts"][0] == {"id": 1, "firstname": "Alice", "lastname": "Admin", "email": "alice@acme.test",
                                   "allowlogin": True, "username": "alice"}


def test_clients_see_staff_and_their_company_without_star_fields(accounts: Accounts) -> None:
    """Seed: "Clients can only view limited details about Staff and Contacts in their Company"."""
    with accounts.as_(CARL):
        body = contacts.list_contacts({"fields": "name,email,phone,type", "sortby": "id"})
        assert error_of(contacts.get_contact, DAN, {}).status == 404
        staff = contacts.get_contact(ALICE, {})["contact"]
        mine = contacts.get_contact(CARL, {})["contact"]
    assert ids(body, "contacts") == [1, 2, 3, 4, 5]
    assert set(body["contacts"][0]) == {"id", "firstname", "lastname", "type"}
    assert "email" not in staff and "username" not in staff
    assert mine["email"] == "carl@bluebird.test"  # a contact sees its own details


def test_contractors_see_staff_and_themselves(accounts: Accounts) -> None:
    with accounts.as_(CONNIE):
        assert ids(contacts.list_contacts({"sortby": "id"}), "contacts") == [1, 2, 3, 7]
        assert ids(contacts.list_contacts({}, "contacts_client_list"), "contacts") == []


def test_contacts_filters(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert ids(contacts.list_contacts({"search": "client", "sortby": "id"}), "contacts") == [4, 5]
        assert ids(contacts.list_contacts({"searchemail": "!acme", "type": "client", "sortby": "id"}),
                   "contacts") == [4, 5, 6, 8]
        assert ids(contacts.list_contacts({"roleid": "2,3", "sortby": "id"}), "contacts") == [2, 3]
        assert ids(contacts.list_contacts({"allowlogin": "false", "sortby": "id"}), "contacts") == [8, 10]
        assert ids(contacts.list_contacts({"companyid": "2", "sortby": "lastname", "sortorder": "desc"}),
                   "contacts") == [4, 5]
        assert ids(contacts.list_company_contacts(3, {"sortby": "id"}), "contacts") == [6, 8]
        assert ids(contacts.list_contacts({"idfrom": "3", "idto": "5", "sortby": "id"}), "contacts") == [3, 4, 5]


def test_groups_and_teams_fields_are_advanced(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(contacts.list_contacts, {"fields": "name,groups"}).status == 400
    with accounts.as_(GRACE, accounts.globex):
        rec = contacts.list_contacts({"fields": "groups,teams", "id": "2"})["contacts"][0]
    assert rec["groups"] == [{"id": 1, "name": "Design"}, {"id": 2, "name": "Copywriting"}]
    assert rec["teams"] == [{"id": 1, "name": "Creative"}]


def test_permission_sets_differ(accounts: Accounts) -> None:
    with accounts.as_(TINA):  # Team Member: no companies add, no invoices
        assert error_of(companies.add_companies, {"name": "X", "type": "client"}).status == 403
    with accounts.as_(CORA):  # a client cannot add contacts
        assert error_of(contacts.add_contacts, {"firstname": "A", "lastname": "B", "companyid": 2}).status == 403


# -- contacts: writes ---------------------------------------------------------------------------------------
def test_add_contacts_one_or_many_with_logins(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        body = contacts.add_contacts([
            {"firstname": "Adam", "lastname": "West", "type": "client", "companyid": 2, "allowlogin": True,
             "username": "adam", "password": "pw", "viewcalendar": True},
            {"firstname": "Sam", "lastname": "Staff", "type": "staff", "companyid": 1, "allowlogin": "true",
             "email": "sam@acme.test"}])
        adam, sam = (t.table("contacts").get(d["id"]) for d in body["details"])
        logins = {c["value"].split(":", 1)[1] for c in t.credentials() if c["kind"] == "login"}
    assert body["message"] == "Contact/s Added" and body["details"][0]["name"] == "Adam West"
    assert adam["clientpermissions"]["viewcalendar"] is True
    assert sam["roleids"] == [1] and sam["password"]  # "automatically setup as Super Users", a generated password
    assert {"adam", "sam@acme.test"} <= logins


def test_add_contact_rules(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(contacts.add_contacts, {"firstname": "A", "lastname": "B", "type": "client"}).detail == [
            "'companyid' is a required field"]
        assert error_of(contacts.add_contacts, {"firstname": "A", "lastname": "B", "type": "contractor",
                                                "companyid": 2}).status == 400  # a client company
        assert error_of(contacts.add_contacts, {"firstname": "A", "lastname": "B", "type": "client", "companyid": 2,
                                                "username": "ALICE"}).status == 400  # taken
        assert error_of(contacts.add_contacts, {"firstname": "A", "lastname": "B", "type": "staff", "companyid": 1,
                                                "groupid": "1"}).status == 400  # Advanced only
        added = contacts.add_contacts({"firstname": "A", "lastname": "B"}, company_id=4)
        assert contacts.get_contact(added["details"][0]["id"], {})["contact"]["type"] == "contractor"


def test_staff_on_advanced_join_group_1_by_default(accounts: Accounts) -> None:
    with accounts.as_(GRACE, accounts.globex) as t:
        body = contacts.add_contacts({"firstname": "New", "lastname": "Dev", "type": "staff", "companyid": 1})
        assert t.table("contacts").get(body["details"][0]["id"])["groupids"] == [1]


def test_edit_and_delete_contacts(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        contacts.edit_contact(CORA, {"title": "", "email": "cora@new.test", "type": "staff"})
        rec = t.table("contacts").get(CORA)
        assert rec["title"] == "" and rec["email"] == "cora@new.test" and rec["type"] == "client"
        assert any(c["value"].endswith(":cora@new.test") for c in t.credentials())
        assert error_of(contacts.edit_contact, CORA, {"firstname": ""}).status == 400
        assert error_of(contacts.edit_contact, CORA, {"companyid": 4}).status == 400
        assert contacts.delete_contact(CORA)["message"] == "Contact Deleted"
        assert error_of(contacts.delete_contact, ALICE).status == 400  # not oneself
    with accounts.as_(CARL):
        assert contacts.edit_contact(CARL, {"title": "Boss"})["status"] == "Success"  # oneself: no permission needed
        assert error_of(contacts.edit_contact, ALICE, {"title": "x"}).status == 403


def test_me_and_edit_me(accounts: Accounts) -> None:
    with accounts.as_(CONNIE):
        account.edit_me({"firstname": "Con", "companyid": 1})  # companyid is not a /me field: ignored
        me = account.me()["contact"]
    assert me["firstname"] == "Con" and me["companyid"] == 4 and me["email"] == "connie@freelance.test"
    assert me["plan"] == "Standard"


def test_groups_and_roles_of_staff(accounts: Accounts) -> None:
    with accounts.as_(GRACE, accounts.globex):
        contact_extras.update_groups(IVY, {"groupid": "1"})
        groups = contact_extras.list_groups(IVY)["groups"]
        contact_extras.update_roles(IVY, {"roleid": "2"})
        contact_extras.update_roles(IVY, {"roleid": "3", "remove": "true"})
        roles = contact_extras.list_roles(IVY)["roles"]
        assert error_of(contact_extras.update_groups, 4, {"groupid": "1"}).status == 400  # a client
        assert error_of(contact_extras.update_roles, IVY, {"roleid": "9"}).status == 400
    assert groups == [{"id": 3, "name": "Web", "teamid": 2, "teamname": "Engineering"},
                      {"id": 1, "name": "Design", "teamid": 1, "teamname": "Creative"}]
    assert roles == [{"id": 2, "name": "Account Manager"}]


def test_contact_tags(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        contact_extras.update_tags(TINA, {"tagid": "2"})
        assert contact_extras.list_tags(TINA)["tags"] == [{"id": 2, "name": "Prospect"}]


def test_location_from_coordinates_or_a_geocoded_address(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        contact_extras.update_location(PETER, {"latitude": 43.68906, "longitude": -20.182721})
        loc = contact_extras.get_location(PETER)["location"]
        contact_extras.update_location(TINA, {"address": "1 Queen Street, Auckland, New Zealand"})
        geo = contact_extras.get_location(TINA)["location"]
        assert error_of(contact_extras.update_location, TINA, {"address": "Nowhere Lane, Atlantis"}).status == 400
        assert error_of(contact_extras.update_location, TINA, {"latitude": 100, "longitude": 0}).status == 400
        assert error_of(contact_extras.update_location, TINA, {}).status == 400
        located = contacts.list_locations({})
    assert loc == {"id": 2, "latitude": 43.68906, "longitude": -20.182721, "locationtime": "2025-03-14T12:00:00"}
    assert (geo["latitude"], geo["longitude"]) == (-36.848461, 174.763336)
    assert ids(located, "contacts") == [1, 2, 3]
    assert set(located["contacts"][0]) == {"id", "firstname", "lastname", "latitude", "longitude", "locationtime"}
    with accounts.as_(CARL):  # location is a staff-only (*) field of others
        assert error_of(contact_extras.get_location, ALICE).status == 404
        contact_extras.update_location(CARL, {"address": "London"})  # one's own: allowed


def test_permissions_and_permission_checks(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        rows = {r["name"]: r for r in contact_extras.list_permissions(PETER)["permissions"]}
        check = contact_extras.check_permission(PETER, 7, {"permissionsetting": "view"})
        edit_projects = contact_extras.check_permission(PETER, 3, {"permissionsetting": "edit"})
        client = contacts.get_contact(CARL, {"permissions": "true"})["contact"]
        assert error_of(contact_extras.check_permission, PETER, 99, {}).status == 404
        assert error_of(contact_extras.check_permission, PETER, 3, {"permissionsetting": "own"}).status == 400
    assert rows["Companies"] == {"id": 1, "name": "Companies", "view": True, "add": False, "edit": False, "delete": False}
    assert check["permission"] == {"id": 7, "name": "Invoices", "permissionsetting": "view", "allowed": False}
    assert edit_projects["permission"]["allowed"] is True
    assert client["viewquotesandinvoices"] is True and client["viewtimeline"] is False
    assert {r["name"]: r["view"] for r in client["permissions"]}["Invoices"] is True


def test_password_reset_404_for_an_unknown_email(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert account.forgot_password({"email": "CORA@bluebird.test"})["details"] == [{"email": "cora@bluebird.test"}]
        assert error_of(account.forgot_password, {"email": "nobody@nowhere.test"}).status == 404
        assert error_of(account.forgot_password, {}).status == 400


def test_request_access_adds_pending_contacts(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        body = account.request_access({"firstname": "Adam", "lastname": "West", "email": "adam@abc.test",
                                       "companyname": "ABC"})
        rec = t.table("contacts").get(body["details"][0]["id"])
        company = t.table("companies").get(rec["companyid"])
        assert error_of(account.request_access, {"firstname": "A", "lastname": "B", "email": "alice@acme.test",
                                                 "companyname": "X"}).status == 400
        assert error_of(account.request_access, {"firstname": "A", "lastname": "B", "email": "a@b.test"}).status == 400
        staff = account.request_access({"firstname": "S", "lastname": "T", "email": "s@acme.test", "type": "staff"})
    assert rec["pending"] and rec["type"] == "client" and company["pending"] and company["name"] == "ABC"
    assert t.table("contacts").get(staff["details"][0]["id"])["companyid"] == 1


def test_login_details(accounts: Accounts) -> None:
    with accounts.as_(HANK, accounts.globex):
        body = account.login_details({"url": "https://app.proworkflow.com/GLOBEX"})["login"]
        assert error_of(account.login_details, {"url": "acmeagency"}).status == 404
    assert body["apikey"] == "G1L2-O3B4-E5X6-A7D8-PWFGLBX-ADVANCED" and body["plan"] == "Advanced"
    assert body["contactid"] == HANK and body["divisionid"] == 1


def test_login_rows_follow_contacts(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        contacts.edit_contact(CORA, {"allowlogin": False})
        rows = [c for c in t.table(CREDENTIALS_TABLE).all() if c.get("user_id") == CORA]
    assert rows == []
