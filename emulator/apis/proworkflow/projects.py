"""Projects: the lists for a company and for a contact, and "Add a Project" (seed L996-L1513,
L3551-L4055).  Projects are not a seed group of their own (their /projects calls are outside the
seed), but companies and contacts list and add them, and tasks, time, files and invoices hang off
them.

A project is "assigned" to its manager, staff, clients and contractors.  Status is active or
complete (a completedate on add makes it complete).  Advanced-plan projects also have a group and
team, a custom status, custom fields and form, and a type (internal for the staff company).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import access, filters, grammar, listing, numbering, stats, writes
from .context import Context
from .errors import bad_request, invalid
from .render import ResourceSpec, name_from

Record = Mapping[str, Any]


def assigned(rec: Record) -> list[Any]:
    """Everyone on a project: manager, staff, clients, contractors."""
    people = [rec.get("managerid")] if rec.get("managerid") else []
    for key in ("staff", "clients", "contractors"):
        people.extend(c for c in rec.get(key) or () if c not in people)
    return people


def time_filter(q: filters.ListQuery, *, billable_param: str = "timebillable") -> Callable[[Record], bool]:
    """The time records the starred `timetracked` options count: timetrackedby, timetrackedfrom,
    timetrackedto (and, for projects, timebillable)."""
    by = grammar.parse_ids("timetrackedby", q.get("timetrackedby", "all"), negation=True,
                           specials=("me", "all")).resolve_me(q.ctx.me)
    start = grammar.parse_date("timetrackedfrom", q.get("timetrackedfrom"), q.now).isoformat() \
        if q.get("timetrackedfrom") else ""
    end = grammar.parse_date("timetrackedto", q.get("timetrackedto"), q.now).isoformat() \
        if q.get("timetrackedto") else ""
    billable = grammar.parse_choice(billable_param, q.get(billable_param, "all"), ("all", "billable", "nonbillable")) \
        if billable_param else "all"

    def keep(rec: Record) -> bool:
        if not by.everything and not by.matches(rec.get("contactid")):
            return False
        day = str(rec.get("date") or "")[:10]
        if (start and day < start) or (end and day > end):
            return False
        if billable != "all" and bool(rec.get("billable")) != (billable == "billable"):
            return False
        return True
    return keep


def tracked_filter(key: str, *, billable_param: str = "timebillable") -> filters.Factory:
    """timetracked: the starred options (number, gte, lte) count the time the timetracked* params
    select; over/under/percentages always compare the total time with the time allocated."""
    def build(name: str, value: Any, q: filters.ListQuery) -> filters.Predicate:
        cmp = grammar.parse_compare(name, value, relative=True)
        if cmp.op in ("over", "under") or cmp.percent:
            totals = stats.time_by(q.ctx, key)
            return lambda r: cmp.test(totals.get(r["id"], 0), r.get("timeallocated") or 0, skip_zero_reference=False)
        keep = time_filter(q, billable_param=billable_param)
        counted = stats.time_by(q.ctx, key, keep, tag=("filtered", name))
        return lambda r: cmp.test(counted.get(r["id"], 0))
    return build


def _status(word: str) -> Callable[[Record, Any], bool]:
    return lambda r, q: r.get("status") == word


SPEC = ResourceSpec(
    name="projects", table="projects", singular="Project", apifield_area="projects",
    visible=lambda ctx, rec: access.sees_project(ctx, rec),
    filters={
        "accountedfor": filters.choice("accountedfor", {"accountedfor": True, "unaccountedfor": False, "all": None}),
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "categoryid": filters.ids("categoryid", negation=True),
        "completedatefrom": filters.date_from("completedate"), "completedateto": filters.date_to("completedate"),
        "contacts": filters.ids(lambda r, q: assigned(r), negation=True, specials=("me", "all"), many=True,
                                mode_param="contactsmode"),
        "contactsmode": filters.mode(),
        "customfields": filters.pairs("customfields", "customfieldsmode"), "customfieldsmode": filters.mode(),
        "customstatusid": filters.ids("customstatusid", negation=True),
        "duedatefrom": filters.date_from("duedate"), "duedateto": filters.date_to("duedate"),
        "groupid": filters.ids("groupid", negation=True),
        "idfrom": filters.id_from(), "idto": filters.id_to(),
        "invoiced": filters.choice("invoiced", {"invoiced": True, "uninvoiced": False, "all": None}),
        "invoicetotal": filters.compare("invoicetotal", relative_to="quotetotal"),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "managerid": filters.ids("managerid", negation=True, specials=("me", "all")),
        "paid": filters.choice("paid", {"paid": True, "unpaid": False, "all": None}),
        "priority": filters.ids("priority", negation=True),
        "quotetotal": filters.compare("quotetotal"),
        "search": filters.search("number", "title"),
        "searchcustomform": filters.search("customformtitle", "customformcontent"),
        "searchdescription": filters.search("description"),
        "searchnumber": filters.search("number"), "searchtitle": filters.search("title"),
        "startdatefrom": filters.date_from("startdate"), "startdateto": filters.date_to("startdate"),
        "status": filters.choice("status", {"active": _status("active"), "complete": _status("complete"),
                                            "all": None}),
        "teamid": filters.ids("teamid", negation=True),
        "timeallocated": filters.compare("timeallocated"),
        "timebillable": filters.mode("all", "billable", "nonbillable"),
        "timetracked": tracked_filter("projectid"),
        "timetrackedby": filters.ignored, "timetrackedfrom": filters.ignored, "timetrackedto": filters.ignored,
    },
    derive={
        "companyname": name_from("companies", "companyid"),
        "categoryname": name_from("categories", "categoryid"),
        "managername": name_from("contacts", "managerid"),
        "customstatusname": name_from("customstatuses", "customstatusid"),
        "groupname": name_from("groups", "groupid"),
        "teamname": name_from("teams", "teamid"),
        "timetracked": lambda rec, ctx: stats.project_time(ctx, rec["id"]),
        "expensestotal": lambda rec, ctx: stats.project_expenses(ctx, rec["id"]),
        "percentcomplete": lambda rec, ctx: stats.percent_complete(ctx, rec["id"]),
        "customfields": lambda rec, ctx: [
            {"id": int(k), "name": ctx.name_of("customfielddefs", int(k)), "value": v}
            for k, v in sorted((rec.get("customfields") or {}).items(), key=lambda kv: int(kv[0]))],
    },
)


# -- lists -----------------------------------------------------------------------------------------
def list_company_projects(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    company = find_company(ctx, company_id)
    return listing.run("company_projects_list", SPEC, query, ctx=ctx,
                       source=ctx.children("projects", companyid=company["id"]))


def list_contact_projects(contact_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .contacts import find as find_contact

    ctx = Context.current()
    contact = find_contact(ctx, contact_id)
    return listing.run("contact_projects_list", SPEC, query, ctx=ctx,
                       scope=lambda r: contact["id"] in assigned(r))


# -- adding ----------------------------------------------------------------------------------------
def add_company_project(company_id: Any, body: Any) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    item = writes.one("company_projects_create", body)
    access.require_operation(ctx, "company_projects_create")
    company = find_company(ctx, company_id)
    writes.check(ctx, "company_projects_create", item, permission=False)
    return _add(ctx, item, company, None)


def add_contact_project(contact_id: Any, body: Any) -> dict[str, Any]:
    """A project for a contact: of the contact's company, with the contact assigned by its type."""
    from .contacts import find as find_contact

    ctx = Context.current()
    item = writes.one("contact_projects_create", body)
    access.require_operation(ctx, "contact_projects_create")
    contact = find_contact(ctx, contact_id)
    writes.check(ctx, "contact_projects_create", item, permission=False)
    company = ctx.get("companies", contact.get("companyid"))
    if company is None:
        raise bad_request("The Contact does not belong to a Company")
    return _add(ctx, item, company, contact)


def _contacts(ctx: Context, name: str, value: Any, kind: str) -> list[int]:
    if isinstance(value, str) and value.strip().lower() == "me":
        ids = [ctx.me]
    else:
        ids = grammar.parse_id_list(name, value)
    for contact_id in ids:
        contact = ctx.get("contacts", contact_id)
        if contact is None or contact.get("type") != kind:
            raise invalid(name, contact_id, f"not a {kind} contact")
    return ids


def _add(ctx: Context, item: Mapping[str, Any], company: Mapping[str, Any],
         contact: Mapping[str, Any] | None) -> dict[str, Any]:
    now = ctx.now
    template = _template(ctx, item)
    manager_raw = item.get("managerid", "me")
    manager_id = ctx.me if writes.blank(manager_raw) or str(manager_raw).lower() == "me" \
        else grammar.parse_int("managerid", manager_raw)
    manager = ctx.get("contacts", manager_id)
    if manager is None or manager.get("type") != "staff":
        raise invalid("managerid", manager_raw, "not a staff contact")
    rec: dict[str, Any] = {
        "title": writes.text(item, "title"),
        "description": writes.text(item, "description") if "description" in item else template.get("description", ""),
        "companyid": company["id"], "managerid": manager_id,
        "staff": _contacts(ctx, "staff", item.get("staff"), "staff"),
        "clients": _contacts(ctx, "clients", item.get("clients"), "client"),
        "contractors": _contacts(ctx, "contractors", item.get("contractors"), "contractor"),
        "categoryid": _lookup(ctx, item, "categoryid", "categories") or template.get("categoryid"),
        "priority": _priority(item.get("priority", template.get("priority", 3))),
        "startdate": _date(item, "startdate", now) or grammar.stamp(now.date()),
        "duedate": _date(item, "duedate", now),
        "completedate": _date(item, "completedate", now),
        "timeallocated": grammar.parse_int("timeallocated", item["timeallocated"], minimum=0)
        if not writes.blank(item.get("timeallocated")) else int(template.get("timeallocated") or 0),
        "quotetotal": _money_or_auto(item, "quotetotal"),
        "invoicetotal": _money_or_auto(item, "invoicetotal"),
        "privatenotes": writes.text(item, "privatenotes"),
        "clientaccess": grammar.parse_bool("clientaccess", item["clientaccess"])
        if not writes.blank(item.get("clientaccess")) else True,
        "emailalerts": grammar.parse_bool("emailalerts", item["emailalerts"])
        if not writes.blank(item.get("emailalerts")) else True,
        "accountedfor": False, "invoiced": False, "paid": False,
        "apifields": grammar.parse_body_pairs("apifields", item["apifields"]) if item.get("apifields") else {},
        "lastmodified": ctx.stamp,
    }
    rec["status"] = "complete" if rec["completedate"] else "active"
    if contact is not None:
        key = {"staff": "staff", "client": "clients", "contractor": "contractors"}.get(contact.get("type", ""))
        if key and contact["id"] not in rec[key] and not (key == "staff" and contact["id"] == manager_id):
            rec[key].append(contact["id"])
    rec.update(_advanced(ctx, item, manager, company, template))
    number = item.get("number", "auto")
    rec["number"] = numbering.next_number(ctx, "projects") if writes.blank(number) or str(number).lower() == "auto" \
        else writes.text(item, "number")
    saved = ctx.table("projects").insert(rec)
    _template_tasks(ctx, template, saved)
    return writes.envelope("Project Added", [{"id": saved["id"], "number": saved["number"], "title": saved["title"]}])


def _advanced(ctx: Context, item: Mapping[str, Any], manager: Mapping[str, Any], company: Mapping[str, Any],
              template: Mapping[str, Any]) -> dict[str, Any]:
    if not ctx.advanced:
        return {"divisionid": None}
    groups = list(manager.get("groupids") or [])
    if not writes.blank(item.get("groupid")):
        group_id = grammar.parse_int("groupid", item["groupid"])
        if group_id not in groups:
            raise invalid("groupid", group_id, "not a group of the manager")
    elif len(groups) > 1:
        raise bad_request("'groupid' is required as the manager belongs to more than one Group")
    else:
        group_id = groups[0] if groups else None
    group = ctx.get("groups", group_id) or {}
    out = {
        "groupid": group_id, "teamid": group.get("teamid"),
        "customstatusid": _lookup(ctx, item, "customstatusid", "customstatuses"),
        "customfields": grammar.parse_body_pairs("customfields", item["customfields"])
        if item.get("customfields") else dict(template.get("customfields") or {}),
        "customformtitle": writes.text(item, "customformtitle"),
        "customformcontent": writes.text(item, "customformcontent"),
        "templateid": template.get("id"),
        "type": "internal" if company.get("type") == "staff" else "external",
        "divisionid": 1,
    }
    if not writes.blank(item.get("autonumberid")):
        out["autonumberid"] = grammar.parse_int("autonumberid", item["autonumberid"], minimum=1)
    return out


def _template(ctx: Context, item: Mapping[str, Any]) -> dict[str, Any]:
    """Advanced: a project template's values, overridden by any the body gives (seed)."""
    if writes.blank(item.get("templateid")):
        return {}
    template = ctx.get("templates", grammar.parse_int("templateid", item["templateid"]))
    if template is None:
        raise invalid("templateid", item["templateid"], "no such template")
    return dict(template)


def _template_tasks(ctx: Context, template: Mapping[str, Any], project: Mapping[str, Any]) -> None:
    for order, task in enumerate(template.get("tasks") or (), start=1):
        ctx.table("tasks").insert({
            "projectid": project["id"], "name": task.get("name", ""), "description": task.get("description", ""),
            "order": order, "type": task.get("type", "normal"), "status": "active", "priority": 3,
            "startdate": project.get("startdate", ""), "duedate": project.get("duedate", ""), "completedate": "",
            "timeallocated": int(task.get("timeallocated") or 0), "billable": True, "categoryid": None,
            "contacts": [], "creatorid": ctx.me, "dependson": None, "apifields": {},
            "divisionid": project.get("divisionid"), "lastmodified": ctx.stamp,
        })


def _lookup(ctx: Context, item: Mapping[str, Any], name: str, table: str) -> Any:
    if writes.blank(item.get(name)):
        return None
    record_id = grammar.parse_int(name, item[name])
    if ctx.get(table, record_id) is None:
        raise invalid(name, record_id, f"no such {table[:-1]}")
    return record_id


def _priority(value: Any) -> int:
    number = grammar.parse_int("priority", value)
    if not 1 <= number <= 5:
        raise invalid("priority", value, "1 (Very High) to 5 (Very Low)")
    return number


def _date(item: Mapping[str, Any], name: str, now: Any) -> str:
    if writes.blank(item.get(name)):
        return ""
    return grammar.stamp(grammar.parse_date(name, item[name], now))


def _money_or_auto(item: Mapping[str, Any], name: str) -> float:
    """A value, or "auto": the total of the project's quotes/invoices (none yet on a new project)."""
    value = item.get(name)
    if writes.blank(value) or str(value).lower() == "auto":
        return 0.0
    return round(grammar.parse_number(name, value), 2)
