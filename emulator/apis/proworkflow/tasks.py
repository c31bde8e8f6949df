"""Tasks: the lists for a company and for a contact (seed L1819-L2134, L4187-L4505).

A task belongs to a project, or is a "general task" (no project).  Types: normal, bold, heading;
status active or complete; a dependent task waits for the task it depends on ("current" once that
one is complete).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import access, filters, listing, stats
from .context import Context
from .projects import tracked_filter
from .render import ResourceSpec, name_from, project_keys

Record = Mapping[str, Any]
Getter = Callable[[Record, Any], Any]


def _project(column: str) -> Getter:
    """A column of the task's project (general tasks have none)."""
    def get(rec: Record, q: Any) -> Any:
        project = q.ctx.get("projects", rec.get("projectid")) if rec.get("projectid") else None
        return project.get(column) if project else None
    return get


def dependent_status(rec: Record, ctx: Context) -> str:
    if not rec.get("dependson"):
        return ""
    before = ctx.get("tasks", rec["dependson"])
    return "current" if before is None or before.get("status") == "complete" else "noncurrent"


def _of_project(column: str) -> Callable[[Record, Context], Any]:
    def get(rec: Record, ctx: Context) -> Any:
        project = ctx.get("projects", rec.get("projectid")) if rec.get("projectid") else None
        return project.get(column) if project else ""
    return get


def _status(word: str) -> Getter:
    return lambda r, q: r.get("status") == word


SPEC = ResourceSpec(
    name="tasks", table="tasks", singular="Task", apifield_area="tasks",
    visible=lambda ctx, rec: access.sees_task(ctx, rec),
    filters={
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "billable": filters.choice("billable", {"true": True, "false": False, "all": None}),
        # "General Tasks in specified Category/ies"
        "categoryid": filters.ids(lambda r, q: None if r.get("projectid") else r.get("categoryid"), negation=True),
        "companyid": filters.ids(_project("companyid")),
        "completedatefrom": filters.date_from("completedate"), "completedateto": filters.date_to("completedate"),
        "contacts": filters.ids("contacts", specials=("me", "unassigned", "all"), many=True, mode_param="contactsmode"),
        "contactsmode": filters.mode(),
        "dependentstatus": filters.choice("dependentstatus", {
            "current": lambda r, q: dependent_status(r, q.ctx) == "current",
            "noncurrent": lambda r, q: dependent_status(r, q.ctx) == "noncurrent",
            "all": lambda r, q: bool(r.get("dependson"))}),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "duedatefrom": filters.date_from("duedate"), "duedateto": filters.date_to("duedate"),
        "generaltasks": filters.include(lambda r, q: not r.get("projectid")),
        "idfrom": filters.id_from(), "idto": filters.id_to(),
        "internalclientgroupid": filters.ids(_project("internalclientgroupid")),
        "internalclientteamid": filters.ids(_project("internalclientteamid")),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "managerid": filters.ids(_project("managerid"), specials=("me",)),
        "priority": filters.ids("priority", negation=True),
        "projectcategoryid": filters.ids(_project("categoryid")),
        "projectcompletedatefrom": filters.date_from(_project("completedate")),
        "projectcompletedateto": filters.date_to(_project("completedate")),
        "projectduedatefrom": filters.date_from(_project("duedate")),
        "projectduedateto": filters.date_to(_project("duedate")),
        "projectid": filters.ids("projectid"),
        "projectstartdatefrom": filters.date_from(_project("startdate")),
        "projectstartdateto": filters.date_to(_project("startdate")),
        "projectstatus": filters.choice(_project("status"), {"active": "active", "complete": "complete", "all": None}),
        "projecttasks": filters.include(lambda r, q: bool(r.get("projectid"))),
        "searchdescription": filters.search("description"), "searchname": filters.search("name"),
        "startdatefrom": filters.date_from("startdate"), "startdateto": filters.date_to("startdate"),
        "status": filters.choice("status", {"active": _status("active"), "complete": _status("complete"),
                                            "all": None}),
        "timeallocated": filters.compare("timeallocated"),
        "timetracked": tracked_filter("taskid", billable_param=""),
        "timetrackedby": filters.ignored, "timetrackedfrom": filters.ignored, "timetrackedto": filters.ignored,
        "type": filters.choice("type", {"normal": "normal", "bold": "bold", "heading": "heading",
                                        "nonheading": lambda r, q: r.get("type") != "heading", "all": None}),
    },
    derive={
        **project_keys(),
        "companyid": _of_project("companyid"),
        "companyname": lambda rec, ctx: ctx.name_of("companies", _of_project("companyid")(rec, ctx)),
        "categoryname": name_from("categories", "categoryid"),
        "creatorname": name_from("contacts", "creatorid"),
        "dependentid": lambda rec, ctx: rec.get("dependson") or "",
        "dependentstatus": dependent_status,
        "projectcategoryid": _of_project("categoryid"),
        "projectcategoryname": lambda rec, ctx: ctx.name_of("categories", _of_project("categoryid")(rec, ctx)),
        "projectmanagerid": _of_project("managerid"),
        "projectmanagername": lambda rec, ctx: ctx.name_of("contacts", _of_project("managerid")(rec, ctx)),
        "timetracked": lambda rec, ctx: stats.task_time(ctx, rec["id"]),
    },
    sort_keys={
        "projectnumber": lambda rec, ctx: _of_project("number")(rec, ctx),
        "projecttitle": lambda rec, ctx: _of_project("title")(rec, ctx),
    },
)


def list_company_tasks(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    company = find_company(ctx, company_id)
    rows = [t for p in ctx.children("projects", companyid=company["id"])
            for t in ctx.children("tasks", projectid=p["id"])]
    return listing.run("company_tasks_list", SPEC, query, ctx=ctx, source=rows)


def list_contact_tasks(contact_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .contacts import find as find_contact

    ctx = Context.current()
    contact = find_contact(ctx, contact_id)
    return listing.run("contact_tasks_list", SPEC, query, ctx=ctx,
                       scope=lambda r: contact["id"] in (r.get("contacts") or ()))
