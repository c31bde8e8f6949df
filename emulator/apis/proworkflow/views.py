"""The HTTP layer: one row of the route table per documented method+path (99), each served by one
thin generic view that reads the request (path ids, query, JSON body), calls the operation's
domain function (moto's "models": no HTTP) and renders its answer with the rate-limit headers.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from flask import json, request

from ...core.api import Route
from ...core.caller import acting_as
from ...core.http import current_request
from . import (
    account,
    companies,
    contact_extras,
    contacts,
    events,
    expenses,
    files,
    invoices,
    messages,
    notes,
    projectrequests,
    projects,
    quotes,
    summary,
    tasks,
    timerecords,
)
from .auth import account_for_login, api_key, basic_credentials, count
from .docs import doc
from .errors import bad_request, body, unauthorized
from .operations import OPERATIONS, route_rows

Q = dict[str, Any]  # the query string, first value of each name
Handler = Callable[..., dict[str, Any]]

# operation -> its domain call: (query, body, **path ids) -> answer
HANDLERS: dict[str, Handler] = {
    "companies_list": lambda q, b: companies.list_companies(q),
    "companies_client_list": lambda q, b: companies.list_companies(q, "companies_client_list"),
    "companies_contractor_list": lambda q, b: companies.list_companies(q, "companies_contractor_list"),
    "companies_staff_list": lambda q, b: companies.list_companies(q, "companies_staff_list"),
    "companies_create": lambda q, b: companies.add_companies(b),
    "companies_get": lambda q, b, companyid: companies.get_company(companyid),
    "companies_delete": lambda q, b, companyid: companies.delete_company(companyid, q),
    "companies_update": lambda q, b, companyid: companies.edit_company(companyid, b),
    "company_contacts_list": lambda q, b, companyid: contacts.list_company_contacts(companyid, q),
    "company_contacts_create": lambda q, b, companyid: contacts.add_contacts(b, companyid),
    "company_invoices_list": lambda q, b, companyid: invoices.list_company_invoices(companyid, q),
    "company_notes_list": lambda q, b, companyid: notes.list_parent_notes("company", companyid, q),
    "company_notes_create": lambda q, b, companyid: notes.add_parent_note("company", companyid, b),
    "company_notes_get": lambda q, b, companyid, noteid: notes.get_parent_note("company", companyid, noteid),
    "company_notes_delete": lambda q, b, companyid, noteid: notes.delete_parent_note("company", companyid, noteid),
    "company_projects_list": lambda q, b, companyid: projects.list_company_projects(companyid, q),
    "company_projects_create": lambda q, b, companyid: projects.add_company_project(companyid, b),
    "company_quotes_list": lambda q, b, companyid: quotes.list_company_quotes(companyid, q),
    "company_summary_get": lambda q, b, companyid: summary.company_summary(companyid, q),
    "company_tags_list": lambda q, b, companyid: companies.list_tags(companyid),
    "company_tags_update": lambda q, b, companyid: companies.update_tags(companyid, b),
    "company_tasks_list": lambda q, b, companyid: tasks.list_company_tasks(companyid, q),
    "company_time_list": lambda q, b, companyid: timerecords.list_company_time(companyid, q),
    "contacts_list": lambda q, b: contacts.list_contacts(q),
    "contacts_client_list": lambda q, b: contacts.list_contacts(q, "contacts_client_list"),
    "contacts_contractor_list": lambda q, b: contacts.list_contacts(q, "contacts_contractor_list"),
    "contacts_staff_list": lambda q, b: contacts.list_contacts(q, "contacts_staff_list"),
    "contacts_create": lambda q, b: contacts.add_contacts(b),
    "contacts_get": lambda q, b, contactid: contacts.get_contact(contactid, q),
    "contacts_delete": lambda q, b, contactid: contacts.delete_contact(contactid),
    "contacts_update": lambda q, b, contactid: contacts.edit_contact(contactid, b),
    "contact_groups_list": lambda q, b, contactid: contact_extras.list_groups(contactid),
    "contact_groups_update": lambda q, b, contactid: contact_extras.update_groups(contactid, b),
    "contact_location_get": lambda q, b, contactid: contact_extras.get_location(contactid),
    "contact_location_update": lambda q, b, contactid: contact_extras.update_location(contactid, b),
    "contact_notes_list": lambda q, b, contactid: notes.list_parent_notes("contact", contactid, q),
    "contact_notes_create": lambda q, b, contactid: notes.add_parent_note("contact", contactid, b),
    "contact_notes_get": lambda q, b, contactid, noteid: notes.get_parent_note("contact", contactid, noteid),
    "contact_notes_delete": lambda q, b, contactid, noteid: notes.delete_parent_note("contact", contactid, noteid),
    "contact_permissions_list": lambda q, b, contactid: contact_extras.list_permissions(contactid),
    "contact_permissions_get": lambda q, b, contactid, permissionid: contact_extras.check_permission(
        contactid, permissionid, q),
    "contact_projects_list": lambda q, b, contactid: projects.list_contact_projects(contactid, q),
    "contact_projects_create": lambda q, b, contactid: projects.add_contact_project(contactid, b),
    "contact_roles_list": lambda q, b, contactid: contact_extras.list_roles(contactid),
    "contact_roles_update": lambda q, b, contactid: contact_extras.update_roles(contactid, b),
    "contact_summary_get": lambda q, b, contactid: summary.contact_summary(contactid, q),
    "contact_tags_list": lambda q, b, contactid: contact_extras.list_tags(contactid),
    "contact_tags_update": lambda q, b, contactid: contact_extras.update_tags(contactid, b),
    "contact_tasks_list": lambda q, b, contactid: tasks.list_contact_tasks(contactid, q),
    "contact_time_list": lambda q, b, contactid: timerecords.list_contact_time(contactid, q),
    "contacts_forgotpassword": lambda q, b: account.forgot_password(q),
    "contacts_locations_list": lambda q, b: contacts.list_locations(q),
    "contacts_requestaccess": lambda q, b: account.request_access(b),
    "events_list": lambda q, b: events.list_events(q),
    "events_create": lambda q, b: events.add_event(b),
    "events_get": lambda q, b, eventid: events.get_event(eventid),
    "events_delete": lambda q, b, eventid: events.delete_event(eventid),
    "events_update": lambda q, b, eventid: events.edit_event(eventid, b),
    "expenses_list": lambda q, b: expenses.list_expenses(q),
    "expenses_create": lambda q, b: expenses.add_expense(b),
    "expenses_get": lambda q, b, expenseid: expenses.get_expense(expenseid),
    "expenses_delete": lambda q, b, expenseid: expenses.delete_expense(expenseid),
    "expenses_update": lambda q, b, expenseid: expenses.edit_expense(expenseid, b),
    "files_list": lambda q, b: files.list_files(q),
    "files_create": lambda q, b: files.add_file(b),
    "files_get": lambda q, b, fileid: files.get_file(fileid, q),
    "files_delete": lambda q, b, fileid: files.delete_file(fileid),
    "folders_list": lambda q, b: files.list_folders(q),
    "folders_create": lambda q, b: files.add_folder(b),
    "folders_get": lambda q, b, folderid: files.get_folder(folderid),
    "invoices_list": lambda q, b: invoices.list_invoices(q),
    "invoices_create": lambda q, b: invoices.add_invoice(b),
    "invoices_get": lambda q, b, invoiceid: invoices.get_invoice(invoiceid),
    "invoices_delete": lambda q, b, invoiceid: invoices.delete_invoice(invoiceid),
    "invoices_update": lambda q, b, invoiceid: invoices.edit_invoice(invoiceid, b),
    "invoice_lines_list": lambda q, b, invoiceid: invoices.list_lines(invoiceid),
    "invoice_lines_create": lambda q, b, invoiceid: invoices.add_lines(invoiceid, b),
    "invoice_lines_get": lambda q, b, invoiceid, lineid: invoices.get_line(invoiceid, lineid),
    "invoice_lines_delete": lambda q, b, invoiceid, lineid: invoices.delete_line(invoiceid, lineid),
    "invoice_lines_update": lambda q, b, invoiceid, lineid: invoices.edit_line(invoiceid, lineid, b),
    "invoices_markaspaid": lambda q, b, invoiceid: invoices.mark_paid(invoiceid, b),
    "invoices_markasunpaid": lambda q, b, invoiceid: invoices.mark_unpaid(invoiceid, b),
    "invoices_overdue_list": lambda q, b: invoices.list_overdue(q),
    "me_get": lambda q, b: account.me(q),
    "me_update": lambda q, b: account.edit_me(b),
    "messages_list": lambda q, b: messages.list_messages(q),
    "messages_create": lambda q, b: messages.add_message(b),
    "messages_get": lambda q, b, messageid: messages.get_message(messageid, q),
    "messages_delete": lambda q, b, messageid: messages.delete_message(messageid),
    "messages_update": lambda q, b, messageid: messages.edit_message(messageid, b),
    "notes_list": lambda q, b: notes.list_notes(q),
    "notes_create": lambda q, b: notes.add_note(b),
    "notes_get": lambda q, b, noteid: notes.get_note(noteid),
    "notes_delete": lambda q, b, noteid: notes.delete_note(noteid),
    "notes_update": lambda q, b, noteid: notes.edit_note(noteid, b),
    "projectrequests_list": lambda q, b: projectrequests.list_requests(q),
    "projectrequests_create": lambda q, b: projectrequests.add_request(b),
}

# REQUIRED parameters of the seed that are required only in some cases (the domain decides):
# "Exactly 1 of Project/Task/Folder", "required when starting a new discussion", coordinates OR
# an address, "required unless 'type' is 'staff'", a company given or found from the project or
# contact, and the PUT of an expense (partial like every PUT).
CONDITIONAL: dict[str, frozenset[str]] = {
    "files_create": frozenset({"folderid", "projectid", "taskid"}),
    "messages_create": frozenset({"contacts", "originalmessageid", "projectid", "taskid", "title"}),
    "contact_location_update": frozenset({"address", "latitude", "longitude"}),
    "contacts_requestaccess": frozenset({"companyname"}),
    "invoices_create": frozenset({"companyid", "contactid", "projectid"}),
    "expenses_update": frozenset({"cost", "name"}),
}


def query() -> Q:
    req = current_request()
    if not req.environ.get("QUERY_STRING"):
        return {}  # no query string: spare parsing request.args
    return {k: v for k, v in req.args.items()}


def read_body() -> Any:
    """The JSON body (any content type), form fields, or None; not JSON: the API's 400."""
    req = current_request()
    if req.method not in ("POST", "PUT", "DELETE"):
        return None
    raw = req.get_data(cache=True)
    if not raw.strip():
        return req.form.to_dict() if req.form else None
    if req.form:
        return req.form.to_dict()
    try:
        data = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        raise bad_request("The request body is not valid JSON") from None
    if isinstance(data, dict):
        data.pop("apikey", None)
    return data


def handle(op_name: str, **path: Any) -> Any:
    op = OPERATIONS[op_name]
    answer = HANDLERS[op_name](query(), read_body(), **path)
    status = 201 if op.kind == "create" and current_request().method == "POST" else 200
    return body(status, answer)


def login() -> Any:
    """GET /login?url=...: Basic credentials alone (no API key needed) name the account."""
    from ...core.http import current

    creds = basic_credentials(request.environ)
    if creds is None:
        raise unauthorized()
    found = account_for_login(current().store, request.args.get("url", ""), api_key(), *creds)
    if found is None:
        raise unauthorized()
    tenant, contact = found
    count(tenant)
    with acting_as(tenant, contact):
        return body(200, account.login_details(query()))


def routes() -> list[Route]:
    rows: list[Route] = []
    seen: set[str] = set()
    for _method, _path, op in route_rows():
        if op.name in seen:
            continue  # one row per operation: PUT and POST of a contact's location share it
        seen.add(op.name)
        if op.name == "login_get":
            rows.append(Route("GET", op.rule, op.name, login, doc=partial(_login_doc, op), public=True))
            continue
        # descriptions are built when the OpenAPI document is first asked for (core.api.Route)
        rows.append(Route(op.methods, op.rule, op.name, handle, bind={"op_name": op.name},
                          doc=partial(doc, op, CONDITIONAL.get(op.name, frozenset()))))
    return rows


def _login_doc(op: Any) -> Any:
    login_doc = doc(op)
    login_doc.security = [{"basic": []}]  # Basic alone: the call that returns the key
    return login_doc
