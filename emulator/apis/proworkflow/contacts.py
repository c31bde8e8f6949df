"""Contacts (seed group 2): lists (all, of a company, client/contractor/staff), add one or many,
view, edit, delete; plus the helpers companies need (a type change cascades to contacts, and is
refused while they are on projects or tasks; deleting a company deletes or detaches them).

A contact's type is its company's type.  What a caller sees follows access.py: clients see staff
and their own company's contacts, contractors staff and themselves, both without `*` fields.
"""
from __future__ import annotations

import secrets
from collections.abc import Mapping
from typing import Any

from . import access, filters, grammar, listing, logins, writes
from .context import Context, contact_name
from .errors import bad_request, invalid, not_found
from .render import ResourceSpec, named, single

TYPES = ("staff", "client", "contractor", "other")
TEXT = ("title", "email", "workphone", "mobilephone", "fax", "address1", "address2", "address3", "city",
        "state", "zipcode", "country", "facebook", "linkedin", "twitter")


def _name(rec: Mapping[str, Any], q: Any) -> str:
    return contact_name(rec)


def _groups(rec: Mapping[str, Any], ctx: Context) -> list[dict[str, Any]]:
    return named(ctx, "groups", rec.get("groupids")) if rec.get("type") == "staff" else []


def _teams(rec: Mapping[str, Any], ctx: Context) -> list[dict[str, Any]]:
    seen: list[Any] = []
    for group_id in rec.get("groupids") or ():
        group = ctx.get("groups", group_id)
        if group and group.get("teamid") not in seen:
            seen.append(group.get("teamid"))
    return named(ctx, "teams", seen) if rec.get("type") == "staff" else []


SPEC = ResourceSpec(
    name="contacts", table="contacts", singular="Contact", apifield_area="contacts",
    visible=access.sees_contact,
    filters={
        "allowlogin": filters.flag("allowlogin"),
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "companyid": filters.ids("companyid"),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "pending": filters.flag("pending"),
        "roleid": filters.ids("roleids", many=True),
        "search": filters.search(_name, "email"),
        "searchemail": filters.search("email"),
        "searchname": filters.search(_name),
        "tagid": filters.ids("tagids", many=True),
        "type": filters.choice("type", {t: t for t in TYPES}),
        "locationtimefrom": filters.moment_from("locationtime"),
        "locationtimeto": filters.moment_to("locationtime"),
    },
    derive={
        "companyname": lambda rec, ctx: ctx.name_of("companies", rec.get("companyid")),
        "roles": lambda rec, ctx: named(ctx, "roles", rec.get("roleids")) if rec.get("type") == "staff" else [],
        "groups": _groups,
        "teams": _teams,
        "tags": lambda rec, ctx: named(ctx, "tags", rec.get("tagids")),
        "allowlogin": lambda rec, ctx: bool(rec.get("allowlogin")),
    },
)

FIXED_TYPES = {"contacts_client_list": "client", "contacts_contractor_list": "contractor",
               "contacts_staff_list": "staff"}


# -- reading ---------------------------------------------------------------------------------------
def list_contacts(query: Mapping[str, Any], op_name: str = "contacts_list") -> dict[str, Any]:
    kind = FIXED_TYPES.get(op_name)
    scope = (lambda r: r.get("type") == kind) if kind else None
    return listing.run(op_name, SPEC, query, scope=scope)


def list_company_contacts(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    company = find_company(ctx, company_id)
    return listing.run("company_contacts_list", SPEC, query, ctx=ctx,
                       source=ctx.children("contacts", companyid=company["id"]))


def list_locations(query: Mapping[str, Any]) -> dict[str, Any]:
    """View Contacts' Locations: "Contacts who have never updated their location will not be returned"."""
    return listing.run("contacts_locations_list", SPEC, query, scope=lambda r: bool(r.get("locationtime")),
                       tokens=("name", "location"))


def find(ctx: Context, contact_id: Any, op_name: str | None = None) -> dict[str, Any]:
    """A contact the caller may see (404 otherwise).  An operation on the caller's own contact needs
    no permission; any other needs the operation's."""
    if str(contact_id).lower() == "me":
        contact_id = ctx.me
    cid = writes.path_id("contactid", contact_id)
    if op_name is not None and cid != ctx.me:
        access.require_operation(ctx, op_name)
    rec = ctx.table("contacts").get(cid)
    if rec is None or not access.sees_contact(ctx, rec):
        raise not_found("Contact")
    return rec


def get_contact(contact_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    rec = find(ctx, contact_id, "contacts_get")
    out = single(SPEC, rec, ctx, self_view=rec["id"] == ctx.me)
    q = listing.clean(query)
    if grammar.parse_bool("permissions", q.get("permissions") or "false"):
        out.update(permissions_of(ctx, rec))
    return writes.single_envelope("contact", out)


def permissions_of(ctx: Context, rec: Mapping[str, Any]) -> dict[str, Any]:
    """?permissions=true: "roles & permissions (for staff) or include permissions (for clients &
    contractors)"."""
    out: dict[str, Any] = {"permissions": permission_rows(ctx, rec)}
    if rec.get("type") == "staff":
        out["roles"] = named(ctx, "roles", rec.get("roleids"))
    elif rec.get("type") == "client":
        out.update(access.client_flags(rec))
    return out


def permission_rows(ctx: Context, rec: Mapping[str, Any]) -> list[dict[str, Any]]:
    perms = access.permission_set(ctx, dict(rec))
    return [{"id": pid, "name": name, **{a: a in perms.get(area, ()) for a in access.ACTIONS}}
            for pid, area, name in access.PERMISSIONS]


# -- adding ----------------------------------------------------------------------------------------
def new_contact(ctx: Context, body: Mapping[str, Any], company: Mapping[str, Any], *, many: bool,
                pending: bool = False) -> dict[str, Any]:
    kind = company.get("type")
    if not writes.blank(body.get("type")):
        given = grammar.parse_choice("type", body["type"], TYPES)
        if given != kind:
            raise bad_request(f"A {given} Contact cannot be added to a {kind} Company")
    rec: dict[str, Any] = {"companyid": company["id"], "type": kind,
                           "firstname": writes.text(body, "firstname"), "lastname": writes.text(body, "lastname")}
    writes.copy_text(body, TEXT, rec)
    for name in TEXT:
        rec.setdefault(name, "")
    allow = grammar.parse_bool("allowlogin", body["allowlogin"]) if not writes.blank(body.get("allowlogin")) else False
    rec["allowlogin"] = allow
    rec["username"] = writes.text(body, "username")
    password = writes.text(body, "password")
    if allow and not password:
        password = secrets.token_urlsafe(9)  # seed: "one will be generated if allowlogin is 'true'"
    rec["password"] = password
    rec["tagids"] = _existing(ctx, "tags", "tagid", body.get("tagid"))
    rec["roleids"], rec["groupids"] = [], []
    if kind == "staff":
        rec["roleids"] = _existing(ctx, "roles", "roleid", body.get("roleid"))
        if allow and not rec["roleids"]:
            rec["roleids"] = super_user_roles(ctx)  # seed: "automatically setup as Super Users"
        if ctx.advanced:
            rec["groupids"] = _existing(ctx, "groups", "groupid", body.get("groupid")) or [1]
    rec["clientpermissions"] = access.flags_from_body(body) if kind == "client" else {}
    rec["apifields"] = grammar.parse_body_pairs("apifields", body["apifields"]) if body.get("apifields") else {}
    from .companies import image_of

    rec["image"] = "" if many else image_of(body.get("imagecontent"))
    rec.update(pending=pending, divisionid=1 if ctx.advanced else None, latitude=None, longitude=None,
               locationtime="", lastmodified=ctx.stamp)
    _unique_logins(ctx, rec)
    return rec


def _company_of_body(ctx: Context, value: Any) -> dict[str, Any]:
    """A body's companyid: an unknown (or invisible) company is a 400, not a 404 (no path names it)."""
    company = ctx.get("companies", grammar.parse_int("companyid", value))
    if company is None or not access.sees_company(ctx, company):
        raise invalid("companyid", value, "no such company")
    return dict(company)


def super_user_roles(ctx: Context) -> list[int]:
    supers = sorted(r["id"] for r in ctx.table("roles").scan() if r.get("superuser"))
    return supers[:1]


def _existing(ctx: Context, table: str, name: str, value: Any) -> list[int]:
    ids = grammar.parse_id_list(name, value)
    for record_id in ids:
        if ctx.get(table, record_id) is None:
            raise invalid(name, record_id, f"no such {table[:-1]}")
    return ids


def _unique_logins(ctx: Context, rec: Mapping[str, Any], but: Any = None) -> None:
    for name in ("username", "email"):
        login = rec.get(name)
        if login and logins.taken(ctx.tenant, str(login), but):
            raise bad_request(f"The {name} '{login}' is already in use")


def add_contacts(body: Any, company_id: Any = None) -> dict[str, Any]:
    """Add a Contact/s (POST /contacts) or Add a Contact/s to a Company (POST /companies/{id}/contacts)."""
    from .companies import find as find_company

    ctx = Context.current()
    op_name = "contacts_create" if company_id is None else "company_contacts_create"
    batch = writes.items(op_name, body)
    fixed = find_company(ctx, company_id) if company_id is not None else None
    prepared = []
    for item in batch:
        writes.check(ctx, op_name, item)
        company = fixed or _company_of_body(ctx, item["companyid"])
        prepared.append(new_contact(ctx, item, company, many=len(batch) > 1))
    seen: set[str] = set()
    for rec in prepared:  # two items of one batch cannot share a login either
        for login in (rec.get("username"), rec.get("email")):
            if login and login.lower() in seen:
                raise bad_request(f"The login '{login}' is used twice in this request")
            if login:
                seen.add(login.lower())
    details = []
    for rec in prepared:
        saved = ctx.table("contacts").insert(rec)
        logins.sync(ctx.tenant, saved)
        details.append({"id": saved["id"], "name": contact_name(saved)})
    return writes.envelope(writes.message("Contact", "Added", many=True), details)


# -- editing ---------------------------------------------------------------------------------------
def edit_contact(contact_id: Any, body: Any, op_name: str = "contacts_update") -> dict[str, Any]:
    """Edit a Contact (PUT /contacts/{id}) or Edit Contact Information (PUT /me): partial, "" clears.
    Editing one's own contact needs no permission; only the call's documented fields are read."""
    ctx = Context.current()
    item = writes.one(op_name, body)
    rec = find(ctx, contact_id if op_name == "contacts_update" else ctx.me, op_name)
    op = writes.check(ctx, op_name, item, permission=rec["id"] != ctx.me)
    changes = contact_changes(ctx, rec, {k: v for k, v in item.items() if k in op.params})
    _unique_logins(ctx, {**rec, **changes}, but=rec["id"])
    saved = ctx.table("contacts").update(rec["id"], changes)
    logins.sync(ctx.tenant, saved)
    return writes.envelope("Contact Updated", [{"id": rec["id"]}])


def contact_changes(ctx: Context, rec: Mapping[str, Any], item: Mapping[str, Any]) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    for name in ("firstname", "lastname"):
        if name in item:
            if writes.blank(item[name]):
                raise bad_request(f"'{name}' is a required field")
            changes[name] = writes.text(item, name)
    writes.copy_text(item, TEXT + ("username",), changes)
    if not writes.blank(item.get("password")):
        changes["password"] = writes.text(item, "password")
    if "allowlogin" in item and not writes.blank(item["allowlogin"]):
        changes["allowlogin"] = grammar.parse_bool("allowlogin", item["allowlogin"])
        if changes["allowlogin"] and not rec.get("password") and "password" not in changes:
            changes["password"] = secrets.token_urlsafe(9)
    if not writes.blank(item.get("companyid")):
        company = ctx.get("companies", grammar.parse_int("companyid", item["companyid"]))
        if company is None:
            raise invalid("companyid", item["companyid"], "no such company")
        if company.get("type") != rec.get("type"):
            raise bad_request(f"A {rec.get('type')} Contact cannot be moved to a {company.get('type')} Company")
        changes["companyid"] = company["id"]
    if "tagid" in item:
        changes["tagids"] = _existing(ctx, "tags", "tagid", item["tagid"])
    if rec.get("type") == "staff":
        if "roleid" in item:
            changes["roleids"] = _existing(ctx, "roles", "roleid", item["roleid"])
        if "groupid" in item:
            changes["groupids"] = _existing(ctx, "groups", "groupid", item["groupid"])
    if rec.get("type") == "client" and any(f in item for f in access.CLIENT_FLAGS):
        changes["clientpermissions"] = access.flags_from_body(item, rec.get("clientpermissions"))
    if "apifields" in item:
        changes["apifields"] = {**(rec.get("apifields") or {}),
                                **grammar.parse_body_pairs("apifields", item["apifields"] or [])}
    if "imagecontent" in item:
        from .companies import image_of

        changes["image"] = image_of(item["imagecontent"])
    changes["lastmodified"] = ctx.stamp
    return changes


def delete_contact(contact_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "contacts_delete")
    rec = find(ctx, contact_id)
    if rec["id"] == ctx.me:
        raise bad_request("You cannot delete your own Contact")
    remove(ctx, rec["id"])
    return writes.envelope("Contact Deleted", [{"id": rec["id"]}])


def remove(ctx: Context, contact_id: int) -> None:
    ctx.table("contacts").delete(contact_id)
    logins.drop(ctx.tenant, contact_id)


# -- what companies need ---------------------------------------------------------------------------
def ids_by_company(ctx: Context) -> dict[int, list[int]]:
    """company id -> its contacts' ids, in one pass over the contacts."""
    out: dict[int, list[int]] = {}
    for rec in ctx.table("contacts").scan():
        out.setdefault(rec.get("companyid"), []).append(rec["id"])
    return out


def assigned_contacts(ctx: Context) -> set[int]:
    """Every contact on a project (manager, staff, clients, contractors) or a task."""
    busy: set[int] = set()
    for project in ctx.table("projects").scan():
        busy.add(project.get("managerid"))
        for key in ("staff", "clients", "contractors"):
            busy.update(project.get(key) or ())
    for task in ctx.table("tasks").scan():
        busy.update(task.get("contacts") or ())
    return busy


def retype_company(ctx: Context, company_id: int, new_type: str) -> None:
    """Seed: "If the Company Type is changed then all Contacts belonging to the Company will be
    changed as well. (This is only possible when the Contacts are not assigned to any existing
    Projects/Tasks.)" """
    members = [r for r in ctx.table("contacts").scan() if r.get("companyid") == company_id]
    busy = assigned_contacts(ctx)
    blocked = [r for r in members if r["id"] in busy]
    if blocked:
        raise bad_request("The Company Type cannot be changed while its Contacts are assigned to "
                          f"Projects/Tasks (contact {blocked[0]['id']})")
    for rec in members:
        changes: dict[str, Any] = {"type": new_type, "lastmodified": ctx.stamp}
        if new_type != "client":
            changes["clientpermissions"] = {}
        ctx.table("contacts").update(rec["id"], changes)


def detach_company(ctx: Context, company_id: int, *, delete: bool) -> None:
    """deletecontacts=true deletes the company's contacts; false leaves them without a company
    ("you must assign them to a new Company afterwards")."""
    members = [r["id"] for r in ctx.table("contacts").scan() if r.get("companyid") == company_id]
    for contact_id in members:
        if contact_id == ctx.me:
            raise bad_request("You cannot delete the Company of your own Contact")
    for contact_id in members:
        if delete:
            remove(ctx, contact_id)
        else:
            ctx.table("contacts").update(contact_id, {"companyid": None, "lastmodified": ctx.stamp})
