"""Notes: the Notes page (seed group 9, L7618-L7851) and the notes of a company or a contact
(L895-L996, L3395-L3509).

All live in one table; a company's or contact's note names its parent (`parenttype`, `parentid`)
and has content only (the seed's sample: {"content": ...}); a Notes-page note has a title, content,
a category and the contacts it is assigned to ("all" or a list).  /notes lists Notes-page notes
only.  Company and contact notes need the companies/contacts permission; the Notes page its own.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, invalid, not_found
from .render import ResourceSpec, name_from, single


def _sees(ctx: Context, rec: Mapping[str, Any]) -> bool:
    if rec.get("parenttype"):
        return ctx.is_staff
    return ctx.is_staff and access.in_audience(ctx, rec.get("contacts"), rec.get("authorid")) or \
        ctx.aggregate(("notes-admin", ctx.me), lambda: access.can(ctx, "notes", "delete"))


_assigned_ids = filters.ids(lambda r, q: r.get("contacts") if isinstance(r.get("contacts"), list) else [],
                           specials=("me", "all"), many=True)


def _assigned_to(name: str, value: Any, q: filters.ListQuery) -> filters.Predicate | None:
    """contacts=<ids>|me: a note assigned to "all" ("Assign Note to All Contacts") is a note for every contact."""
    listed = _assigned_ids(name, value, q)
    if listed is None:
        return None
    return lambda r: r.get("contacts") == "all" or listed(r)


SPEC = ResourceSpec(
    name="notes", table="notes", singular="Note",
    visible=_sees,
    filters={
        "categoryid": filters.ids("categoryid"),
        "contacts": lambda name, value, q: _assigned_to(name, value, q),
        "datefrom": filters.date_from("date"), "dateto": filters.date_to("date"),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "search": filters.search("title"),
    },
    derive={
        "categoryname": name_from("categories", "categoryid"),
        "authorname": name_from("contacts", "authorid"),
    },
)

# a parent's notes: the search filter looks in the content ("Notes that contain string")
PARENT_SPEC = ResourceSpec(
    name="notes", table="notes", singular="Note", visible=_sees,
    filters={"search": filters.search("content"),
             "datefrom": filters.date_from("date"), "dateto": filters.date_to("date")},
    derive=SPEC.derive,
)
PARENT_TOKENS = ("content", "date", "author", "lastmodified")


# -- the Notes page --------------------------------------------------------------------------------
def list_notes(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("notes_list", SPEC, query, scope=lambda r: not r.get("parenttype"))


def find(ctx: Context, note_id: Any, parent: tuple[str, int] | None = None) -> dict[str, Any]:
    rec = ctx.table("notes").get(writes.path_id("noteid", note_id))
    kind, parent_id = parent if parent else ("", None)
    if rec is None or (rec.get("parenttype") or "") != kind or (parent and rec.get("parentid") != parent_id) \
            or not _sees(ctx, rec):
        raise not_found("Note")
    return rec


def get_note(note_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "notes_get")
    return writes.single_envelope("note", single(SPEC, find(ctx, note_id), ctx))


def _assignees(ctx: Context, value: Any) -> Any:
    word = grammar.text(value).lower() if not isinstance(value, list) else ""
    if word in ("", "all"):
        return "all"
    if word == "me":
        return [ctx.me]
    ids = grammar.parse_id_list("contacts", value)
    for contact_id in ids:
        if ctx.get("contacts", contact_id) is None:
            raise invalid("contacts", contact_id, "no such contact")
    return ids


def _category(ctx: Context, value: Any) -> int:
    category_id = grammar.parse_int("categoryid", value)
    category = ctx.get("categories", category_id)
    if category is None or category.get("type") != "note":
        raise invalid("categoryid", value, "no such note category")
    return category_id


def add_note(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("notes_create", body)
    writes.check(ctx, "notes_create", item, required_names=("categoryid", "content", "title"))
    rec = {"title": writes.text(item, "title"), "content": writes.text(item, "content"),
           "categoryid": _category(ctx, item["categoryid"]), "contacts": _assignees(ctx, item.get("contacts")),
           "parenttype": "", "parentid": None, "authorid": ctx.me, "date": ctx.stamp,
           "divisionid": 1 if ctx.advanced else None, "lastmodified": ctx.stamp}
    saved = ctx.table("notes").insert(rec)
    return writes.envelope("Note Added", [{"id": saved["id"]}])


def edit_note(note_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("notes_update", body)
    writes.check(ctx, "notes_update", item, required_names=())
    rec = find(ctx, note_id)
    changes: dict[str, Any] = {}
    for name in ("title", "content"):
        if name in item:
            if writes.blank(item[name]):
                raise bad_request(f"'{name}' is a required field")
            changes[name] = writes.text(item, name)
    if not writes.blank(item.get("categoryid")):
        changes["categoryid"] = _category(ctx, item["categoryid"])
    if "contacts" in item:
        changes["contacts"] = _assignees(ctx, item["contacts"])
    changes["lastmodified"] = ctx.stamp
    ctx.table("notes").update(rec["id"], changes)
    return writes.envelope("Note Updated", [{"id": rec["id"]}])


def delete_note(note_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "notes_delete")
    rec = find(ctx, note_id)
    ctx.table("notes").delete(rec["id"])
    return writes.envelope("Note Deleted", [{"id": rec["id"]}])


# -- notes of a company or a contact ---------------------------------------------------------------
def _parent(ctx: Context, kind: str, parent_id: Any, op_name: str) -> int:
    """Company and contact notes are the staff's own notes: clients and contractors get a 403."""
    access.require_operation(ctx, op_name)
    access.require_staff(ctx, f"use {kind} notes")
    if kind == "company":
        from .companies import find as find_company
        return find_company(ctx, parent_id)["id"]
    from .contacts import find as find_contact
    return find_contact(ctx, parent_id)["id"]


def list_parent_notes(kind: str, parent_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    op_name = f"{kind}_notes_list"
    pid = _parent(ctx, kind, parent_id, op_name)
    return listing.run(op_name, PARENT_SPEC, query, ctx=ctx, tokens=PARENT_TOKENS,
                       source=ctx.children("notes", parentid=pid, parenttype=kind))


def get_parent_note(kind: str, parent_id: Any, note_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    pid = _parent(ctx, kind, parent_id, f"{kind}_notes_get")
    rec = find(ctx, note_id, (kind, pid))
    from .render import Selection, render
    return writes.single_envelope("note", render(PARENT_SPEC, rec, Selection(PARENT_TOKENS), ctx))


def add_parent_note(kind: str, parent_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    op_name = f"{kind}_notes_create"
    item = writes.one(op_name, body)
    pid = _parent(ctx, kind, parent_id, op_name)
    writes.check(ctx, op_name, item)
    rec = {"title": "", "content": writes.text(item, "content"), "categoryid": None, "contacts": "all",
           "parenttype": kind, "parentid": pid, "authorid": ctx.me, "date": ctx.stamp,
           "divisionid": 1 if ctx.advanced else None, "lastmodified": ctx.stamp}
    saved = ctx.table("notes").insert(rec)
    return writes.envelope("Note Added", [{"id": saved["id"]}])


def delete_parent_note(kind: str, parent_id: Any, note_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    pid = _parent(ctx, kind, parent_id, f"{kind}_notes_delete")
    rec = find(ctx, note_id, (kind, pid))
    ctx.table("notes").delete(rec["id"])
    return writes.envelope("Note Deleted", [{"id": rec["id"]}])
