"""The operation table (generated from seed 003) against the documented rows and the code: no emulator."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from emulator.apis.proworkflow import fields, gen_operations
from emulator.apis.proworkflow.access import OPERATION_PERMISSIONS
from emulator.apis.proworkflow.listing import NOT_FILTERS
from emulator.apis.proworkflow.operations import OPERATIONS, operation, route_rows
from emulator.apis.proworkflow.resources import LIST_SPECS

pytestmark = pytest.mark.no_emulator

ROOT = Path(__file__).resolve().parents[2]
ENDPOINTS = ROOT.parent / "shared" / "endpoints.json"
SEED = gen_operations.DEFAULT_SEED


def documented_rows() -> set[tuple[str, str]]:
    if not ENDPOINTS.exists():
        pytest.skip("../shared/endpoints.json is not available")
    rows = json.loads(ENDPOINTS.read_text(encoding="utf-8"))
    return {(r["method"], r["path"]) for r in rows if r["api"] == "proworkflow"}


def test_the_seed_has_98_operations() -> None:
    assert len(OPERATIONS) == 98


def test_every_documented_method_and_path_is_in_the_table() -> None:
    table = {(method, path) for method, path, _ in route_rows()}
    documented = documented_rows()
    assert len(documented) == 99
    assert documented == table


def test_operation_names_are_unique_snake_case_resource_action() -> None:
    for name in OPERATIONS:
        assert name == name.lower() and "_" in name and " " not in name


def test_fixed_paths_come_before_an_id_at_the_same_place() -> None:
    """/companies/client, /contacts/staff, /invoices/overdue, /files/folders ... win over /{id}."""
    order = [path for _, path, _ in route_rows()]
    for fixed, templated in [("/companies/client", "/companies/{companyid}"), ("/contacts/staff", "/contacts/{contactid}"),
                             ("/contacts/location", "/contacts/{contactid}"), ("/invoices/overdue", "/invoices/{invoiceid}"),
                             ("/files/folders", "/files/{fileid}"), ("/contacts/forgotpassword", "/contacts/{contactid}")]:
        assert order.index(fixed) < order.index(templated)


def test_flask_rules_name_their_variables() -> None:
    op = operation("company_notes_get")
    assert op.rule == "/companies/<companyid>/notes/<noteid>"
    assert op.variables == ("companyid", "noteid")


def test_the_generator_reproduces_the_committed_table() -> None:
    if not SEED.exists():
        pytest.skip("the seed is not available")
    assert gen_operations.render(gen_operations.build(SEED.read_text(encoding="utf-8"))) == \
        gen_operations.OUTPUT.read_text(encoding="utf-8")


def test_every_operation_needs_a_known_permission() -> None:
    assert set(OPERATION_PERMISSIONS) == set(OPERATIONS)


# -- what the seed says, as the table holds it ------------------------------------------------------------
def test_defaults_documented_per_operation() -> None:
    """Hidden defaults (research section 4) and per-call sortby defaults come from the seed."""
    assert operation("invoices_list").defaults["status"] == "unpaid"
    assert operation("company_projects_list").defaults["status"] == "active"
    assert operation("company_tasks_list").defaults["status"] == "active"
    assert operation("files_list").defaults["projectstatus"] == "active"
    assert operation("companies_list").defaults["pending"] == "false"
    assert operation("contacts_list").defaults["pending"] == "false"
    assert operation("company_quotes_list").defaults["status"] == "pending"
    assert operation("company_time_list").defaults["trackedfrom"] == "-6d"
    assert operation("company_time_list").defaults["trackedto"] == "+0d"
    sorts = {name: operation(name).default_sort for name in ("companies_list", "contacts_list", "notes_list",
             "expenses_list", "files_list", "folders_list", "invoices_list", "events_list", "messages_list",
             "projectrequests_list")}
    assert sorts == {"companies_list": "name", "contacts_list": "firstname", "notes_list": "date",
                     "expenses_list": "date", "files_list": "name", "folders_list": "name", "invoices_list": "number",
                     "events_list": "id", "messages_list": "id", "projectrequests_list": "id"}


def test_default_fields_per_operation() -> None:
    assert operation("companies_list").default_fields == "code,name,type"
    assert operation("contacts_list").default_fields == "name,company,type"
    assert operation("events_list").default_fields == "title,description,times,contacts"
    assert operation("invoices_list").default_fields == "number,title,company,status,totals,projectid,invoiceddate,duedate"
    assert operation("projectrequests_list").default_fields == "title,company,client,recipient,dates"


def test_advanced_plan_parameters_are_marked() -> None:
    assert "divisionid" in operation("companies_list").advanced_params
    assert {"customfields", "customstatusid", "groupid", "teamid", "searchcustomform"} <= \
        operation("company_projects_list").advanced_params
    assert {"templateid", "groupid", "customfields", "autonumberid"} <= operation("company_projects_create").advanced_params
    assert {"contactid", "divisionid", "templateid"} <= operation("projectrequests_create").advanced_params
    assert "divisionid" not in operation("notes_list").advanced_params  # the seed does not mark it there
    assert "title" not in operation("company_projects_create").advanced_params


def test_staff_only_and_advanced_field_tokens() -> None:
    menu = operation("contacts_list").field_menu
    assert menu["email"].staffonly and menu["logindetails"].staffonly and not menu["name"].staffonly
    assert menu["groups"].advanced and menu["groups"].staffonly
    assert not operation("company_contacts_list").field_menu["phone"].staffonly  # unstarred in that call
    assert operation("company_projects_list").field_menu["privatenotes"].staffonly
    assert operation("company_projects_list").field_menu["type"].advanced  # "(Advanced plan only, ...)"
    assert operation("company_tasks_list").field_menu["creator"].note == "contact who added this Task"
    assert "projectid" in operation("invoices_list").field_menu  # in the default, not in the menu


def test_array_bodies_where_the_seed_shows_multiple_items() -> None:
    multi = {op.name for op in OPERATIONS.values() if op.many}
    assert multi == {"companies_create", "company_contacts_create", "contacts_create", "invoice_lines_create"}


# -- the table against the code -------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(LIST_SPECS))
def test_every_documented_filter_has_an_implementation(name: str) -> None:
    op = operation(name)
    spec = LIST_SPECS[name]
    documented = {p.name for p in op.params.values() if p.section in ("filter", "required") and p.name not in NOT_FILTERS}
    assert documented - set(spec.filters) == set()


@pytest.mark.parametrize("name", sorted(LIST_SPECS))
def test_every_field_token_expands_to_keys_the_resource_renders(name: str) -> None:
    op = operation(name)
    spec = LIST_SPECS[name]
    for token in op.field_menu:
        keys = fields.keys_of(spec.name, token)
        assert keys and all(isinstance(k, str) and k for k in keys)


def test_list_operations_are_all_served() -> None:
    lists = {op.name for op in OPERATIONS.values() if op.kind == "list" and op.params}
    assert lists - set(LIST_SPECS) == set()


def test_expansions_named_by_the_research() -> None:
    """JBA's exact time-record key set for fields=id,task,project,tasktimetotals,timetracked,contact."""
    keys = {"id"}
    for token in ("task", "project", "tasktimetotals", "timetracked", "contact"):
        keys.update(fields.keys_of("timerecords", token))
    assert keys == {"contactname", "taskname", "timetracked", "taskid", "contactid", "projectnumber", "projecttitle",
                    "tasktotaltimetracked", "tasktimeallocated", "id", "projectid"}
    assert fields.keys_of("contacts", "name") == ("firstname", "lastname")
    assert fields.keys_of("contacts", "logindetails") == ("allowlogin", "username")
    assert fields.keys_of("projectrequests", "recipient")[1:4] == ("recipientname", "recipientgroupid",
                                                                    "recipientgroupname")
