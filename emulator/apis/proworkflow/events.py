"""Calendar events (seed group 3, L5227-L5492): staff contacts assigned, a start and an end time."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, invalid, not_found
from .render import ResourceSpec, single

SPEC = ResourceSpec(
    name="events", table="events", singular="Event",
    visible=lambda ctx, rec: access.sees_event(ctx, rec),
    filters={
        "contacts": filters.ids("contacts", specials=("me", "all"), many=True, mode_param="contactsmode"),
        "contactsmode": filters.mode(),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "endtimefrom": filters.date_from("endtime"), "endtimeto": filters.date_to("endtime"),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "searchdescription": filters.search("description"), "searchtitle": filters.search("title"),
        "starttimefrom": filters.date_from("starttime"), "starttimeto": filters.date_to("starttime"),
    },
)


def list_events(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("events_list", SPEC, query)


def find(ctx: Context, event_id: Any) -> dict[str, Any]:
    rec = ctx.table("events").get(writes.path_id("eventid", event_id))
    if rec is None or not access.sees_event(ctx, rec):
        raise not_found("Event")
    return rec


def get_event(event_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "events_get")
    return writes.single_envelope("event", single(SPEC, find(ctx, event_id), ctx))


def staff_ids(ctx: Context, name: str, value: Any) -> list[int]:
    """Assigned Staff Contacts: ids, "me", or "all" (all staff)."""
    word = grammar.text(value).lower() if not isinstance(value, list) else ""
    if word == "me":
        return [ctx.me]
    if word == "all":
        return sorted(r["id"] for r in ctx.table("contacts").scan() if r.get("type") == "staff"
                      and not r.get("pending"))
    ids = grammar.parse_id_list(name, value)
    for contact_id in ids:
        contact = ctx.get("contacts", contact_id)
        if contact is None or contact.get("type") != "staff":
            raise invalid(name, contact_id, "not a staff contact")
    return ids


def _times(ctx: Context, item: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, str]:
    out = {}
    for name in ("starttime", "endtime"):
        if not writes.blank(item.get(name)):
            out[name] = grammar.stamp(grammar.parse_moment(name, item[name], ctx.now))
    start, end = out.get("starttime", current.get("starttime")), out.get("endtime", current.get("endtime"))
    if start and end and end < start:
        raise bad_request("'endtime' must not be before 'starttime'")
    return out


def add_event(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("events_create", body)
    writes.check(ctx, "events_create", item)
    rec: dict[str, Any] = {"title": writes.text(item, "title"), "description": writes.text(item, "description"),
                           "contacts": staff_ids(ctx, "contacts", item.get("contacts") or "me"),
                           **_times(ctx, item, {}), "authorid": ctx.me,
                           "divisionid": 1 if ctx.advanced else None, "lastmodified": ctx.stamp}
    saved = ctx.table("events").insert(rec)
    return writes.envelope("Event Added", [{"id": saved["id"], "title": saved["title"]}])


def edit_event(event_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("events_update", body)
    writes.check(ctx, "events_update", item)
    rec = find(ctx, event_id)
    changes: dict[str, Any] = {}
    if "title" in item:
        if writes.blank(item["title"]):
            raise bad_request("'title' is a required field")
        changes["title"] = writes.text(item, "title")
    writes.copy_text(item, ("description",), changes)
    if not writes.blank(item.get("contacts")):
        changes["contacts"] = staff_ids(ctx, "contacts", item["contacts"])
    changes.update(_times(ctx, item, rec))
    changes["lastmodified"] = ctx.stamp
    ctx.table("events").update(rec["id"], changes)
    return writes.envelope("Event Updated", [{"id": rec["id"]}])


def delete_event(event_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "events_delete")
    rec = find(ctx, event_id)
    ctx.table("events").delete(rec["id"])
    return writes.envelope("Event Deleted", [{"id": rec["id"]}])
