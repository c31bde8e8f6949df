"""Project requests (seed group 9, L7851-L8155): what clients submit for staff to turn into projects.

A request has a client (the contact who submitted it) and its company, and, on the Advanced plan, a
recipient (a staff contact, with one of the recipient's groups), a template, custom fields and a
custom form.  "If neither [contactid nor divisionid] is provided then the request will be submitted
to the default contact for the same division as the user making the request": the account setting
`defaultrequestcontact`.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, invalid
from .render import ResourceSpec, name_from

SPEC = ResourceSpec(
    name="projectrequests", table="projectrequests", singular="Project Request", apifield_area="projectrequests",
    visible=lambda ctx, rec: access.sees_request(ctx, rec),
    filters={
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "budget": filters.compare("budget"),
        "clientid": filters.ids("clientid", negation=True, specials=("me", "all")),
        "clienttype": filters.choice("clienttype", {"external": "external", "internal": "internal", "all": None}),
        "companyid": filters.ids("companyid", negation=True),
        "customfields": filters.pairs("customfields", "customfieldsmode"), "customfieldsmode": filters.mode(),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "duedatefrom": filters.date_from("duedate"), "duedateto": filters.date_to("duedate"),
        "idfrom": filters.id_from(), "idto": filters.id_to(),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "recipientid": filters.ids("recipientid", negation=True, specials=("me", "all")),
        "searchcustomform": filters.search("customformtitle", "customformcontent"),
        "searchdescription": filters.search("description"), "searchtitle": filters.search("title"),
        "startdatefrom": filters.date_from("startdate"), "startdateto": filters.date_to("startdate"),
        "submitteddatefrom": filters.date_from("submitteddate"), "submitteddateto": filters.date_to("submitteddate"),
        "templateid": filters.ids("templateid", negation=True),
    },
    derive={
        "clientname": name_from("contacts", "clientid"),
        "companyname": name_from("companies", "companyid"),
        "recipientname": name_from("contacts", "recipientid"),
        "recipientgroupname": name_from("groups", "recipientgroupid"),
        "templatename": name_from("templates", "templateid"),
        "lastmodifiedutc": lambda rec, ctx: rec.get("lastmodified") or "",
        "files": lambda rec, ctx: _files(rec, ctx),
        "customfields": lambda rec, ctx: [
            {"id": int(k), "name": ctx.name_of("customfielddefs", int(k)), "value": v}
            for k, v in sorted((rec.get("customfields") or {}).items(), key=lambda kv: int(kv[0]))],
    },
)


def _files(rec: Mapping[str, Any], ctx: Context) -> list[dict[str, Any]]:
    from .files import link

    def build() -> dict[Any, list[Mapping[str, Any]]]:
        out: dict[Any, list[Mapping[str, Any]]] = {}
        for found in ctx.table("files").scan():
            if found.get("projectrequestid"):
                out.setdefault(found["projectrequestid"], []).append(found)
        return out
    by_request = ctx.aggregate("files_by_request", build)
    return [{"id": f["id"], "name": f.get("name", ""), "size": f.get("size", 0), "link": link(f, ctx)}
            for f in by_request.get(rec["id"], ())]


def list_requests(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("projectrequests_list", SPEC, query)


def add_request(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("projectrequests_create", body)
    writes.check(ctx, "projectrequests_create", item)
    now = ctx.now
    company = ctx.get("companies", ctx.company_id) or {}
    rec: dict[str, Any] = {
        "title": writes.text(item, "title"), "description": writes.text(item, "description"),
        "clientid": ctx.me, "companyid": company.get("id"),
        "clienttype": "internal" if company.get("type") == "staff" else "external",
        "budget": round(grammar.parse_number("budget", item["budget"]), 2) if not writes.blank(item.get("budget"))
        else 0.0,
        "submitteddate": ctx.stamp, "apifields": grammar.parse_body_pairs("apifields", item["apifields"])
        if item.get("apifields") else {}, "lastmodified": ctx.stamp,
    }
    for name in ("startdate", "duedate"):
        rec[name] = grammar.stamp(grammar.parse_date(name, item[name], now)) if not writes.blank(item.get(name)) else ""
    rec.update(_routing(ctx, item))
    saved = ctx.table("projectrequests").insert(rec)
    return writes.envelope("Project Request Added", [{"id": saved["id"], "title": saved["title"]}])


def _routing(ctx: Context, item: Mapping[str, Any]) -> dict[str, Any]:
    """Who receives the request, and the Advanced-only template, custom fields and form."""
    if not ctx.advanced:
        return {"recipientid": _default_recipient(ctx), "recipientgroupid": None, "divisionid": None,
                "templateid": None, "customfields": {}, "customformtitle": "", "customformcontent": ""}
    division = grammar.parse_int("divisionid", item["divisionid"], minimum=1) \
        if not writes.blank(item.get("divisionid")) else 1
    if not writes.blank(item.get("contactid")):
        recipient = ctx.get("contacts", grammar.parse_int("contactid", item["contactid"]))
        if recipient is None or recipient.get("type") != "staff":
            raise invalid("contactid", item["contactid"], "not a staff contact")
        recipient_id = recipient["id"]
    else:
        recipient_id = _default_recipient(ctx)
        recipient = ctx.get("contacts", recipient_id) or {}
    groups = list(recipient.get("groupids") or [])
    if not writes.blank(item.get("groupid")):
        group_id = grammar.parse_int("groupid", item["groupid"])
        if group_id not in groups:
            raise invalid("groupid", group_id, "not a group of the recipient")
    elif len(groups) > 1:
        raise bad_request("'groupid' is required as the recipient belongs to more than one Group")
    else:
        group_id = groups[0] if groups else None
    template_id = None
    if not writes.blank(item.get("templateid")):
        template_id = grammar.parse_int("templateid", item["templateid"])
        if ctx.get("templates", template_id) is None:
            raise invalid("templateid", template_id, "no such template")
    return {"recipientid": recipient_id, "recipientgroupid": group_id, "divisionid": division,
            "templateid": template_id,
            "customfields": grammar.parse_body_pairs("customfields", item["customfields"])
            if item.get("customfields") else {},
            "customformtitle": writes.text(item, "customformtitle"),
            "customformcontent": writes.text(item, "customformcontent")}


def _default_recipient(ctx: Context) -> Any:
    return ctx.settings.get("defaultrequestcontact") or None
