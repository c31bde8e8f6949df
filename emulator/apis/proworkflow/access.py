"""Roles, permissions and plans: what the caller may do and see (DOCS-V3: "A user using the API has
the same permissions they would have in the main ProWorkflow application").

* Staff contacts hold roles; a role grants view/add/edit/delete on permission areas (the
  `settings/contacts/permissions` catalogue, PERMISSIONS below); a Super User role grants all.
* Client contacts hold the seed's client flags (viewallcompanyprojects, viewallprojecttasks,
  viewarchivedprojects, viewcalendar, viewquotesandinvoices, viewtimeinformation, viewtimeline,
  addprojectrequest); their permission set follows from them.
* Contractors have a fixed set: their assigned work, their own time, messages and files.
* Record visibility: "Clients can only view limited details about Staff and Contacts in their
  Company. Contractors can only view limited details about Staff and themselves." (seed, View
  Contacts); the rest follows the application: clients see their projects, contractors their work.
* Plans: parameters and field tokens the seed marks "(Advanced plan only)" are refused on Standard.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from types import MappingProxyType
from typing import Any

from ...core.store import Record
from .context import Context
from .errors import advanced_only, forbidden

ACTIONS = ("view", "add", "edit", "delete")

# The permission catalogue: (id, area, name).  Ids are what /contacts/{id}/permissions/{id} takes.
PERMISSIONS: tuple[tuple[int, str, str], ...] = (
    (1, "companies", "Companies"),
    (2, "contacts", "Contacts"),
    (3, "projects", "Projects"),
    (4, "tasks", "Tasks"),
    (5, "time", "Time Tracking"),
    (6, "quotes", "Quotes"),
    (7, "invoices", "Invoices"),
    (8, "expenses", "Expenses"),
    (9, "files", "Files"),
    (10, "messages", "Messages"),
    (11, "notes", "Notes"),
    (12, "events", "Calendar Events"),
    (13, "projectrequests", "Project Requests"),
)
AREA_IDS = {area: pid for pid, area, _ in PERMISSIONS}
AREA_OF_ID = {pid: area for pid, area, _ in PERMISSIONS}

CLIENT_FLAGS = ("viewallcompanyprojects", "viewallprojecttasks", "viewarchivedprojects", "viewcalendar",
                "viewquotesandinvoices", "viewtimeinformation", "viewtimeline", "addprojectrequest")

ALL = frozenset(ACTIONS)
# a Super User's set: every action on every area (read-only, shared by every call)
SUPER_USER: Mapping[str, frozenset[str]] = MappingProxyType({area: ALL for _, area, _ in PERMISSIONS})
_CONTRACTOR: dict[str, frozenset[str]] = {
    "companies": frozenset({"view"}), "contacts": frozenset({"view"}), "projects": frozenset({"view"}),
    "tasks": frozenset({"view"}), "time": ALL, "messages": ALL, "files": frozenset({"view", "add", "delete"}),
    "events": frozenset({"view"}),
}

# Which permission each operation needs: (area, action); None = any authenticated contact.
OPERATION_PERMISSIONS: dict[str, tuple[str, str] | None] = {
    "companies_list": ("companies", "view"), "companies_create": ("companies", "add"),
    "companies_get": ("companies", "view"), "companies_delete": ("companies", "delete"),
    "companies_update": ("companies", "edit"),
    "company_contacts_list": ("contacts", "view"), "company_contacts_create": ("contacts", "add"),
    "company_invoices_list": ("invoices", "view"),
    "company_notes_list": ("companies", "view"), "company_notes_create": ("companies", "edit"),
    "company_notes_get": ("companies", "view"), "company_notes_delete": ("companies", "edit"),
    "company_projects_list": ("projects", "view"), "company_projects_create": ("projects", "add"),
    "company_quotes_list": ("quotes", "view"), "company_summary_get": ("companies", "view"),
    "company_tags_list": ("companies", "view"), "company_tags_update": ("companies", "edit"),
    "company_tasks_list": ("tasks", "view"), "company_time_list": ("time", "view"),
    "companies_client_list": ("companies", "view"), "companies_contractor_list": ("companies", "view"),
    "companies_staff_list": ("companies", "view"),
    "contacts_list": ("contacts", "view"), "contacts_create": ("contacts", "add"),
    "contacts_get": ("contacts", "view"), "contacts_delete": ("contacts", "delete"),
    "contacts_update": ("contacts", "edit"),
    "contact_groups_list": ("contacts", "view"), "contact_groups_update": ("contacts", "edit"),
    "contact_location_get": ("contacts", "view"), "contact_location_update": ("contacts", "edit"),
    "contact_notes_list": ("contacts", "view"), "contact_notes_create": ("contacts", "edit"),
    "contact_notes_get": ("contacts", "view"), "contact_notes_delete": ("contacts", "edit"),
    "contact_permissions_list": ("contacts", "view"), "contact_permissions_get": ("contacts", "view"),
    "contact_projects_list": ("projects", "view"), "contact_projects_create": ("projects", "add"),
    "contact_roles_list": ("contacts", "view"), "contact_roles_update": ("contacts", "edit"),
    "contact_summary_get": ("contacts", "view"),
    "contact_tags_list": ("contacts", "view"), "contact_tags_update": ("contacts", "edit"),
    "contact_tasks_list": ("tasks", "view"), "contact_time_list": ("time", "view"),
    "contacts_client_list": ("contacts", "view"), "contacts_contractor_list": ("contacts", "view"),
    "contacts_forgotpassword": None, "contacts_locations_list": ("contacts", "view"),
    "contacts_requestaccess": None, "contacts_staff_list": ("contacts", "view"),
    "events_list": ("events", "view"), "events_create": ("events", "add"), "events_get": ("events", "view"),
    "events_delete": ("events", "delete"), "events_update": ("events", "edit"),
    "expenses_list": ("expenses", "view"), "expenses_create": ("expenses", "add"),
    "expenses_get": ("expenses", "view"), "expenses_delete": ("expenses", "delete"),
    "expenses_update": ("expenses", "edit"),
    "files_list": ("files", "view"), "files_create": ("files", "add"), "files_get": ("files", "view"),
    "files_delete": ("files", "delete"),
    "folders_list": ("files", "view"), "folders_create": ("files", "add"), "folders_get": ("files", "view"),
    "invoices_list": ("invoices", "view"), "invoices_create": ("invoices", "add"),
    "invoices_get": ("invoices", "view"), "invoices_delete": ("invoices", "delete"),
    "invoices_update": ("invoices", "edit"),
    "invoice_lines_list": ("invoices", "view"), "invoice_lines_create": ("invoices", "edit"),
    "invoice_lines_get": ("invoices", "view"), "invoice_lines_delete": ("invoices", "edit"),
    "invoice_lines_update": ("invoices", "edit"),
    "invoices_markaspaid": ("invoices", "edit"), "invoices_markasunpaid": ("invoices", "edit"),
    "invoices_overdue_list": ("invoices", "view"),
    "login_get": None, "me_get": None, "me_update": None,
    "messages_list": ("messages", "view"), "messages_create": ("messages", "add"),
    "messages_get": ("messages", "view"), "messages_delete": ("messages", "delete"),
    "messages_update": ("messages", "edit"),
    "notes_list": ("notes", "view"), "notes_create": ("notes", "add"), "notes_get": ("notes", "view"),
    "notes_delete": ("notes", "delete"), "notes_update": ("notes", "edit"),
    "projectrequests_list": ("projectrequests", "view"), "projectrequests_create": ("projectrequests", "add"),
}

AREA_NAMES = {area: name for _, area, name in PERMISSIONS}


# -- permission sets -------------------------------------------------------------------------------
def client_flags(contact: Record) -> dict[str, bool]:
    stored = contact.get("clientpermissions") or {}
    return {flag: bool(stored.get(flag, False)) for flag in CLIENT_FLAGS}


def permission_set(ctx: Context, contact: Record) -> Mapping[str, frozenset[str]]:
    """area -> the actions `contact` may take (read only)."""
    kind = contact.get("type")
    if kind == "staff":
        if not contact.get("allowlogin", True) and not contact.get("roleids"):
            return {}
        out: dict[str, set[str]] = {}
        for role_id in contact.get("roleids") or ():
            role = ctx.get("roles", role_id)
            if role is None:
                continue
            if role.get("superuser"):
                return SUPER_USER
            for pid, actions in (role.get("permissions") or {}).items():
                area = AREA_OF_ID.get(int(pid), "")
                if area:
                    out.setdefault(area, set()).update(a for a in actions if a in ACTIONS)
        return {area: frozenset(actions) for area, actions in out.items()}
    if kind == "client":
        flags = client_flags(contact)
        view = frozenset({"view"})
        out2: dict[str, frozenset[str]] = {
            "companies": view, "contacts": view, "projects": view, "tasks": view, "messages": ALL,
            "files": frozenset({"view", "add", "delete"}),
        }
        if flags["viewcalendar"]:
            out2["events"] = view
        if flags["viewquotesandinvoices"]:
            out2["quotes"] = out2["invoices"] = view
        if flags["viewtimeinformation"]:
            out2["time"] = view
        # seed: addprojectrequest "only applies in Advanced plan for clients"
        if not ctx.advanced or flags["addprojectrequest"]:
            out2["projectrequests"] = frozenset({"view", "add"})
        return out2
    if kind == "contractor":
        return dict(_CONTRACTOR)
    return {}


def can(ctx: Context, area: str, action: str) -> bool:
    perms = ctx.aggregate(("permissions", ctx.me), lambda: permission_set(ctx, ctx.user))
    return action in perms.get(area, ())


def require(ctx: Context, area: str, action: str) -> None:
    if not can(ctx, area, action):
        verb = {"view": "view", "add": "add", "edit": "edit", "delete": "delete"}[action]
        raise forbidden(f"You do not have permission to {verb} {AREA_NAMES.get(area, area)}")


def require_operation(ctx: Context, operation: str) -> None:
    needed = OPERATION_PERMISSIONS[operation]
    if needed is not None:
        require(ctx, *needed)


def require_staff(ctx: Context, what: str) -> None:
    if not ctx.is_staff:
        raise forbidden(f"Only Staff contacts can {what}")


# -- plans -----------------------------------------------------------------------------------------
def refuse_advanced(ctx: Context, given: Iterable[str], advanced: Iterable[str]) -> None:
    """Advanced-plan-only parameters are refused on a Standard account (the first one named)."""
    if ctx.advanced:
        return
    marked = set(advanced)
    for name in given:
        if name in marked:
            raise advanced_only(name)


# -- record visibility -----------------------------------------------------------------------------
def _ids(value: Any) -> list[Any]:
    return list(value) if isinstance(value, (list, tuple)) else []


def sees_company(ctx: Context, company: Record) -> bool:
    if ctx.is_staff:
        return True
    return company.get("type") == "staff" or company.get("id") == ctx.company_id


def sees_contact(ctx: Context, contact: Record) -> bool:
    if ctx.is_staff or contact.get("id") == ctx.me:
        return True
    if contact.get("type") == "staff":
        return True
    return ctx.is_client and contact.get("companyid") == ctx.company_id


def sees_project(ctx: Context, project: Record | None) -> bool:
    if project is None:
        return False
    if ctx.is_staff:
        return True
    if ctx.is_client:
        flags = ctx.aggregate(("flags", ctx.me), lambda: client_flags(ctx.user))
        if not project.get("clientaccess", True):
            return False
        if project.get("status") == "complete" and not flags["viewarchivedprojects"]:
            return False
        return ctx.me in _ids(project.get("clients")) or (
            flags["viewallcompanyprojects"] and project.get("companyid") == ctx.company_id)
    if ctx.is_contractor:
        return ctx.me in _ids(project.get("contractors"))
    return False


def sees_task(ctx: Context, task: Record) -> bool:
    if ctx.is_staff:
        return True
    assigned = ctx.me in _ids(task.get("contacts"))
    if ctx.is_contractor:
        return assigned
    if ctx.is_client:
        project = ctx.get("projects", task.get("projectid"))
        if not sees_project(ctx, project):
            return False
        flags = ctx.aggregate(("flags", ctx.me), lambda: client_flags(ctx.user))
        return assigned or flags["viewallprojecttasks"]
    return False


def sees_time(ctx: Context, record: Record) -> bool:
    if ctx.is_staff:
        return True
    if ctx.is_contractor:
        return record.get("contactid") == ctx.me
    return sees_project(ctx, ctx.get("projects", record.get("projectid")))


def sees_money(ctx: Context, record: Record) -> bool:
    """Invoices and quotes: staff by permission, clients those of their own company."""
    if ctx.is_staff:
        return True
    return ctx.is_client and record.get("companyid") == ctx.company_id


def in_audience(ctx: Context, contacts: Any, author: Any = None) -> bool:
    """A record shared with 'all' or with a list of contacts (files, folders, notes, events)."""
    return contacts == "all" or ctx.me in _ids(contacts) or (author is not None and author == ctx.me)


def sees_file(ctx: Context, record: Record) -> bool:
    if ctx.is_staff:
        return True
    if not in_audience(ctx, record.get("contacts"), record.get("authorid")):
        return False
    if record.get("taskid"):
        task = ctx.get("tasks", record["taskid"])
        return task is not None and sees_task(ctx, task)
    if record.get("folderid"):
        folder = ctx.get("folders", record["folderid"])
        return folder is not None and in_audience(ctx, folder.get("contacts"), folder.get("authorid")) and \
            sees_project(ctx, ctx.get("projects", folder.get("projectid")))
    if record.get("projectrequestid"):
        request = ctx.get("projectrequests", record["projectrequestid"])
        return request is not None and request.get("clientid") == ctx.me
    return sees_project(ctx, ctx.get("projects", record.get("projectid")))


def sees_message(ctx: Context, message: Record) -> bool:
    if ctx.is_staff:
        return True
    if message.get("authorid") == ctx.me or ctx.me in _ids(message.get("contacts")):
        return True
    if not message.get("public", True):
        return False
    if message.get("taskid"):
        task = ctx.get("tasks", message["taskid"])
        return task is not None and sees_task(ctx, task)
    return sees_project(ctx, ctx.get("projects", message.get("projectid")))


def sees_event(ctx: Context, event: Record) -> bool:
    return ctx.is_staff or in_audience(ctx, event.get("contacts"))


def sees_request(ctx: Context, request: Record) -> bool:
    return ctx.is_staff or request.get("clientid") == ctx.me


def flags_from_body(body: Mapping[str, Any], current: Mapping[str, Any] | None = None) -> dict[str, bool]:
    from .grammar import parse_bool

    out = {flag: bool((current or {}).get(flag, False)) for flag in CLIENT_FLAGS}
    for flag in CLIENT_FLAGS:
        if flag in body and body[flag] not in (None, ""):
            out[flag] = parse_bool(flag, body[flag])
    return out
