"""Companies (seed group 1): lists, add one or many, view, edit (a type change cascades to the
company's contacts), delete (with or without its contacts), tags and the pre-filtered lists.

Company types: client, contractor, other, and staff (the account's own company, which the API
cannot add, retype or delete).
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, contacts, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, invalid, not_found
from .render import ResourceSpec, contact_list, named, single

TYPES = ("client", "contractor", "other")
TEXT = ("code", "email", "phone", "fax", "website", "address1", "address2", "address3", "city", "state",
        "zipcode", "country", "facebook", "linkedin", "twitter")
IMAGE_LIMIT = 100 * 1024  # seed: "an image larger than 100KB will not be added"


def _contacts_of(rec: Mapping[str, Any], ctx: Context) -> Any:
    by_company = ctx.aggregate("contacts_by_company", lambda: contacts.ids_by_company(ctx))
    return contact_list(ctx, [c for c in by_company.get(rec["id"], ()) if access.sees_contact(ctx, ctx.get("contacts", c))])


SPEC = ResourceSpec(
    name="companies", table="companies", singular="Company", apifield_area="companies",
    visible=access.sees_company,
    filters={
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "pending": filters.flag("pending"),
        "search": filters.search("name", "code"), "searchcode": filters.search("code"),
        "searchemail": filters.search("email"), "searchname": filters.search("name"),
        "tagid": filters.ids("tagids", many=True),
        "type": filters.choice("type", {t: t for t in ("client", "contractor", "other", "staff")}),
    },
    derive={
        "contacts": _contacts_of,
        "tags": lambda rec, ctx: named(ctx, "tags", rec.get("tagids")),
    },
)

FIXED_TYPES = {"companies_client_list": "client", "companies_contractor_list": "contractor",
               "companies_staff_list": "staff"}


# -- reading ---------------------------------------------------------------------------------------
def list_companies(query: Mapping[str, Any], op_name: str = "companies_list") -> dict[str, Any]:
    kind = FIXED_TYPES.get(op_name)
    scope = (lambda r: r.get("type") == kind) if kind else None
    return listing.run(op_name, SPEC, query, scope=scope)


def find(ctx: Context, company_id: Any) -> dict[str, Any]:
    """A company the caller may see, or the API's 404: a copy, the caller may change it."""
    rec = ctx.table("companies").get(writes.path_id("companyid", company_id))
    if rec is None or not access.sees_company(ctx, rec):
        raise not_found("Company")
    return rec


def view(ctx: Context, company_id: Any) -> Mapping[str, Any]:
    """As find, but the stored record itself (no copy): for reading only."""
    rec = ctx.get("companies", writes.path_id("companyid", company_id))
    if rec is None or not access.sees_company(ctx, rec):
        raise not_found("Company")
    return rec


def get_company(company_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "companies_get")
    return writes.single_envelope("company", single(SPEC, view(ctx, company_id), ctx))


# -- adding ----------------------------------------------------------------------------------------
def new_company(ctx: Context, body: Mapping[str, Any], *, many: bool) -> dict[str, Any]:
    rec: dict[str, Any] = {"name": writes.text(body, "name"), "type": grammar.parse_choice("type", body["type"], TYPES)}
    writes.copy_text(body, TEXT, rec)
    for name in TEXT:
        rec.setdefault(name, "")
    rec["tagids"] = tag_ids(ctx, body.get("tagid"))
    rec["apifields"] = grammar.parse_body_pairs("apifields", body["apifields"]) if body.get("apifields") else {}
    rec["image"] = "" if many else image_of(body.get("imagecontent"))
    rec.update(pending=False, divisionid=1 if ctx.advanced else None, lastmodified=ctx.stamp)
    return rec


def add_companies(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    batch = writes.items("companies_create", body)
    prepared = []
    for item in batch:
        writes.check(ctx, "companies_create", item)
        prepared.append(new_company(ctx, item, many=len(batch) > 1))
    table = ctx.table("companies")
    details = []
    for rec in prepared:
        saved = table.insert(rec)
        details.append({"id": saved["id"], "name": saved["name"]})
    return writes.envelope(writes.message("Company", "Added", many=True), details)


def tag_ids(ctx: Context, value: Any) -> list[int]:
    ids = grammar.parse_id_list("tagid", value)
    for tag_id in ids:
        if ctx.get("tags", tag_id) is None:
            raise invalid("tagid", tag_id, "no such tag")
    return ids


def image_of(content: Any) -> str:
    """imagecontent: base64 PNG data, kept as a data URL; over 100 KB it is not added (seed)."""
    if writes.blank(content):
        return ""
    import base64
    import binascii

    try:
        raw = base64.b64decode(grammar.text(content), validate=True)
    except (binascii.Error, ValueError):
        raise invalid("imagecontent", "[data]", "base64 encoded image data") from None
    if len(raw) > IMAGE_LIMIT:
        return ""
    return "data:image/png;base64," + base64.b64encode(raw).decode("ascii")


# -- editing ---------------------------------------------------------------------------------------
def edit_company(company_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("companies_update", body)
    writes.check(ctx, "companies_update", item)
    rec = find(ctx, company_id)
    changes: dict[str, Any] = {}
    if "name" in item:
        if writes.blank(item["name"]):
            raise bad_request("'name' is a required field")
        changes["name"] = writes.text(item, "name")
    writes.copy_text(item, TEXT, changes)
    if "apifields" in item:
        changes["apifields"] = {**(rec.get("apifields") or {}),
                                **grammar.parse_body_pairs("apifields", item["apifields"] or [])}
    if "imagecontent" in item:
        changes["image"] = image_of(item["imagecontent"])
    new_type = None
    if not writes.blank(item.get("type")) and str(item["type"]).lower() != rec.get("type"):
        if rec.get("type") == "staff":
            raise bad_request("The type of the Staff Company cannot be changed")
        new_type = grammar.parse_choice("type", item["type"], TYPES)
        contacts.retype_company(ctx, rec["id"], new_type)  # refuses when a contact is on projects/tasks
        changes["type"] = new_type
    changes["lastmodified"] = ctx.stamp
    ctx.table("companies").update(rec["id"], changes)
    return writes.envelope("Company Updated", [{"id": rec["id"]}])


def delete_company(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "companies_delete")
    rec = find(ctx, company_id)
    if rec.get("type") == "staff":
        raise bad_request("The Staff Company cannot be deleted")
    q = listing.clean(query)
    delete_contacts = grammar.parse_bool("deletecontacts", q.get("deletecontacts") or "true")
    contacts.detach_company(ctx, rec["id"], delete=delete_contacts)
    ctx.table("companies").delete(rec["id"])
    return writes.envelope("Company Deleted", [{"id": rec["id"]}])


# -- tags ------------------------------------------------------------------------------------------
def list_tags(company_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "company_tags_list")
    rec = view(ctx, company_id)
    return writes.list_envelope("tags", named(ctx, "tags", rec.get("tagids")))


def update_tags(company_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("company_tags_update", body)
    access.require_operation(ctx, "company_tags_update")
    rec = find(ctx, company_id)
    writes.check(ctx, "company_tags_update", item, permission=False)
    tags = change_ids(rec.get("tagids"), tag_ids(ctx, item["tagid"]), item.get("remove"))
    ctx.table("companies").update(rec["id"], {"tagids": tags, "lastmodified": ctx.stamp})
    return writes.envelope("Company Tags Updated", [{"id": rec["id"]}])


def change_ids(current: Any, ids: list[int], remove: Any) -> list[int]:
    """Add (default) or remove ids from a stored list, keeping its order."""
    have = list(current or [])
    if not writes.blank(remove) and grammar.parse_bool("remove", remove):
        return [i for i in have if i not in ids]
    return have + [i for i in ids if i not in have]
