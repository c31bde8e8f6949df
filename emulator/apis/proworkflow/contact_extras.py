"""A contact's groups, roles, tags, location and permissions (seed group 2, L3296-L3551, L4055-L4187).

Groups and roles belong to staff contacts ("View Groups for a Staff Contact"); groups (and the
teams they make up) exist on the Advanced plan.  Location is "not the same as a Contact's Address":
latitude, longitude and the time it was last updated, set from coordinates or a geocoded address.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, contacts, geocode, grammar, listing, writes
from .companies import change_ids
from .context import Context
from .errors import bad_request, invalid, not_found
from .render import named


# -- groups ----------------------------------------------------------------------------------------
def list_groups(contact_id: Any) -> dict[str, Any]:
    """The contact's Teams & Groups: [{id, name, teamid, teamname}]."""
    ctx = Context.current()
    rec = contacts.find(ctx, contact_id, "contact_groups_list")
    rows = []
    for group_id in rec.get("groupids") or () if rec.get("type") == "staff" else ():
        group = ctx.get("groups", group_id)
        if group is not None:
            rows.append({"id": group_id, "name": group.get("name", ""), "teamid": group.get("teamid") or "",
                         "teamname": ctx.name_of("teams", group.get("teamid"))})
    return writes.list_envelope("groups", rows)


def update_groups(contact_id: Any, body: Any) -> dict[str, Any]:
    """"Team membership will be automatically updated" (teams follow from groups)."""
    ctx = Context.current()
    item = writes.one("contact_groups_update", body)
    access.require_operation(ctx, "contact_groups_update")  # even on oneself: no raising one's own rights
    rec = contacts.find(ctx, contact_id)
    writes.check(ctx, "contact_groups_update", item, permission=False)
    _staff_only(rec, "Groups")
    ids = _existing(ctx, "groups", "groupid", item["groupid"])
    ctx.table("contacts").update(rec["id"], {"groupids": change_ids(rec.get("groupids"), ids, item.get("remove")),
                                             "lastmodified": ctx.stamp})
    return writes.envelope("Contact Groups Updated", [{"id": rec["id"]}])


# -- roles -----------------------------------------------------------------------------------------
def list_roles(contact_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    rec = contacts.find(ctx, contact_id, "contact_roles_list")
    roles = named(ctx, "roles", rec.get("roleids")) if rec.get("type") == "staff" else []
    return writes.list_envelope("roles", roles)


def update_roles(contact_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("contact_roles_update", body)
    access.require_operation(ctx, "contact_roles_update")  # even on oneself: no raising one's own rights
    rec = contacts.find(ctx, contact_id)
    writes.check(ctx, "contact_roles_update", item, permission=False)
    _staff_only(rec, "Roles")
    ids = _existing(ctx, "roles", "roleid", item["roleid"])
    ctx.table("contacts").update(rec["id"], {"roleids": change_ids(rec.get("roleids"), ids, item.get("remove")),
                                             "lastmodified": ctx.stamp})
    return writes.envelope("Contact Roles Updated", [{"id": rec["id"]}])


# -- tags ------------------------------------------------------------------------------------------
def list_tags(contact_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    rec = contacts.find(ctx, contact_id, "contact_tags_list")
    return writes.list_envelope("tags", named(ctx, "tags", rec.get("tagids")))


def update_tags(contact_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("contact_tags_update", body)
    access.require_operation(ctx, "contact_tags_update")  # even on oneself: no raising one's own rights
    rec = contacts.find(ctx, contact_id)
    writes.check(ctx, "contact_tags_update", item, permission=False)
    ids = _existing(ctx, "tags", "tagid", item["tagid"])
    ctx.table("contacts").update(rec["id"], {"tagids": change_ids(rec.get("tagids"), ids, item.get("remove")),
                                             "lastmodified": ctx.stamp})
    return writes.envelope("Contact Tags Updated", [{"id": rec["id"]}])


def _existing(ctx: Context, table: str, name: str, value: Any) -> list[int]:
    ids = grammar.parse_id_list(name, value)
    if not ids:
        raise bad_request(f"'{name}' is a required field")
    for record_id in ids:
        if ctx.get(table, record_id) is None:
            raise invalid(name, record_id, f"no such {table[:-1]}")
    return ids


def _staff_only(rec: Mapping[str, Any], what: str) -> None:
    if rec.get("type") != "staff":
        raise bad_request(f"{what} can only be set for Staff Contacts")


# -- location --------------------------------------------------------------------------------------
def location_of(rec: Mapping[str, Any]) -> dict[str, Any]:
    return {"id": rec["id"], "latitude": _blank(rec.get("latitude")), "longitude": _blank(rec.get("longitude")),
            "locationtime": rec.get("locationtime") or ""}


def _blank(value: Any) -> Any:
    return "" if value is None else value


def get_location(contact_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    rec = contacts.find(ctx, contact_id, "contact_location_get")
    if not ctx.is_staff and rec["id"] != ctx.me:
        raise not_found("Contact")  # location is a `*` (staff only) field of other contacts
    return writes.single_envelope("location", location_of(rec))


def update_location(contact_id: Any, body: Any) -> dict[str, Any]:
    """Latitude/longitude OR an address to geocode; "an error will be returned if the geocoding fails"."""
    ctx = Context.current()
    item = writes.one("contact_location_update", body)
    rec = contacts.find(ctx, contact_id, "contact_location_update")
    writes.check(ctx, "contact_location_update", item, required_names=(), permission=rec["id"] != ctx.me)
    has_coords = not writes.blank(item.get("latitude")) or not writes.blank(item.get("longitude"))
    if has_coords:
        for name in ("latitude", "longitude"):
            if writes.blank(item.get(name)):
                raise bad_request(f"'{name}' is a required field")
        lat = grammar.parse_number("latitude", item["latitude"])
        lng = grammar.parse_number("longitude", item["longitude"])
        if not -90 <= lat <= 90:
            raise invalid("latitude", item["latitude"], "between -90 and 90")
        if not -180 <= lng <= 180:
            raise invalid("longitude", item["longitude"], "between -180 and 180")
    elif not writes.blank(item.get("address")):
        found = geocode.geocode(writes.text(item, "address"), ctx.settings.get("geocode"))
        if found is None:
            raise bad_request(f"Unable to geocode the address '{writes.text(item, 'address')}'")
        lat, lng = found
    else:
        raise bad_request("Either 'latitude' and 'longitude' or 'address' must be provided")
    ctx.table("contacts").update(rec["id"], {"latitude": lat, "longitude": lng, "locationtime": ctx.stamp})
    return writes.envelope("Contact Location Updated", [{"id": rec["id"], "latitude": lat, "longitude": lng}])


# -- permissions -----------------------------------------------------------------------------------
def list_permissions(contact_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    rec = contacts.find(ctx, contact_id, "contact_permissions_list")
    return writes.list_envelope("permissions", contacts.permission_rows(ctx, rec))


def check_permission(contact_id: Any, permission_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    """Check Permission: one permission id and one setting (view/add/edit/delete, default view)."""
    ctx = Context.current()
    rec = contacts.find(ctx, contact_id, "contact_permissions_get")
    pid = writes.path_id("permissionid", permission_id)
    entry = next((p for p in access.PERMISSIONS if p[0] == pid), None)
    if entry is None:
        raise not_found("Permission")
    q = listing.clean(query)
    setting = grammar.parse_choice("permissionsetting", q.get("permissionsetting") or "view", access.ACTIONS)
    perms = access.permission_set(ctx, rec)
    allowed = setting in perms.get(entry[1], ())
    return writes.single_envelope("permission", {"id": pid, "name": entry[2], "permissionsetting": setting,
                                                 "allowed": allowed})
