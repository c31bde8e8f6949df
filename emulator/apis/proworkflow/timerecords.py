"""Time tracked, for a company and for a contact (seed L2134-L2358, L4505-L4725).

The list key is `timerecords` (JBA, JCF, NUMA).  Records come back only when `fields` is given
("if not specified then only Total/Sub Totals will be returned"); `total` is always there: the
minutes tracked by every matching record.  trackedfrom/trackedto default to -6d/+0d.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import access, filters, grammar, listing, stats, subtotals
from .context import Context
from .render import ResourceSpec, name_from, project_keys

Record = Mapping[str, Any]


def _project(column: str) -> Callable[[Record, Any], Any]:
    def get(rec: Record, q: Any) -> Any:
        project = q.ctx.get("projects", rec.get("projectid")) if rec.get("projectid") else None
        return project.get(column) if project else None
    return get


def _task(column: str) -> Callable[[Record, Any], Any]:
    def get(rec: Record, q: Any) -> Any:
        task = q.ctx.get("tasks", rec.get("taskid")) if rec.get("taskid") else None
        return task.get(column) if task else None
    return get


def _of(table: str, key: str, column: str) -> Callable[[Record, Context], Any]:
    def get(rec: Record, ctx: Context) -> Any:
        found = ctx.get(table, rec.get(key)) if rec.get(key) else None
        return found.get(column) if found else ""
    return get


SPEC = ResourceSpec(
    name="timerecords", table="timerecords", singular="Time Record", apifield_area="time",
    visible=lambda ctx, rec: access.sees_time(ctx, rec),
    filters={
        "trackedfrom": filters.date_from("date"), "trackedto": filters.date_to("date"),
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "billable": filters.choice("billable", {"billable": True, "nonbillable": False, "all": None}),
        "categoryid": filters.ids(_project("categoryid")),
        "companyid": filters.ids(_project("companyid")),
        "contacts": filters.ids("contactid", specials=("me", "all")),
        "generaltasks": filters.include(lambda r, q: not r.get("projectid")),
        "idfrom": filters.id_from(), "idto": filters.id_to(),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "projectcompletedatefrom": filters.date_from(_project("completedate")),
        "projectcompletedateto": filters.date_to(_project("completedate")),
        "projectduedatefrom": filters.date_from(_project("duedate")),
        "projectduedateto": filters.date_to(_project("duedate")),
        "projectid": filters.ids("projectid"),
        "projectstartdatefrom": filters.date_from(_project("startdate")),
        "projectstartdateto": filters.date_to(_project("startdate")),
        "projecttasks": filters.include(lambda r, q: bool(r.get("projectid"))),
        "taskcompletedatefrom": filters.date_from(_task("completedate")),
        "taskcompletedateto": filters.date_to(_task("completedate")),
        "taskduedatefrom": filters.date_from(_task("duedate")), "taskduedateto": filters.date_to(_task("duedate")),
        "taskid": filters.ids("taskid"),
        "taskstartdatefrom": filters.date_from(_task("startdate")),
        "taskstartdateto": filters.date_to(_task("startdate")),
    },
    derive={
        **project_keys(),
        "contactname": name_from("contacts", "contactid"),
        "taskname": name_from("tasks", "taskid"),
        "companyid": _of("projects", "projectid", "companyid"),
        "companyname": lambda rec, ctx: ctx.name_of("companies", _of("projects", "projectid", "companyid")(rec, ctx)),
        "categoryid": _of("projects", "projectid", "categoryid"),
        "categoryname": lambda rec, ctx: ctx.name_of("categories", _of("projects", "projectid", "categoryid")(rec, ctx)),
        "tasktotaltimetracked": lambda rec, ctx: stats.task_time(ctx, rec.get("taskid")) if rec.get("taskid") else 0,
        "tasktimeallocated": lambda rec, ctx: int(_of("tasks", "taskid", "timeallocated")(rec, ctx) or 0),
        "billable": lambda rec, ctx: bool(rec.get("billable")),
    },
)


def _project_of(column: str) -> Callable[[Record, Context], Any]:
    return lambda rec, ctx: _of("projects", "projectid", column)(rec, ctx) or None


DIMENSIONS: dict[str, subtotals.Dimension] = {
    "billable": lambda rec, ctx: {"billable": bool(rec.get("billable"))},
    "category": subtotals.id_name("category", "categories", _project_of("categoryid")),
    "company": subtotals.id_name("company", "companies", _project_of("companyid")),
    "contact": subtotals.id_name("contact", "contacts", lambda rec, ctx: rec.get("contactid")),
    "group": subtotals.id_name("group", "groups", _project_of("groupid")),
    "internalclientgroup": subtotals.id_name("internalclientgroup", "groups", _project_of("internalclientgroupid")),
    "internalclientteam": subtotals.id_name("internalclientteam", "teams", _project_of("internalclientteamid")),
    "project": subtotals.project_dim(lambda rec, ctx: rec.get("projectid")),
    "task": subtotals.id_name("task", "tasks", lambda rec, ctx: rec.get("taskid")),
    "team": subtotals.id_name("team", "teams", _project_of("teamid")),
}


def _totals(rows: list[Record], req: listing.ListRequest) -> dict[str, Any]:
    out: dict[str, Any] = {"total": sum(int(r.get("timetracked") or 0) for r in rows)}
    dims = subtotals.parse(req.op, req.query.get("subtotals"), req.ctx)
    if dims:
        start = grammar.parse_date("trackedfrom", req.query.get("trackedfrom", "-6d"), req.ctx.now)
        out["subtotals"] = subtotals.compute(rows, dims, req.ctx, value=lambda r: int(r.get("timetracked") or 0),
                                             dimensions=DIMENSIONS, day_of=lambda r: str(r.get("date") or ""),
                                             week_start=start, integer=True)
    return out


def _run(op_name: str, query: Mapping[str, Any], ctx: Context, rows: list[Record]) -> dict[str, Any]:
    return listing.run(op_name, SPEC, query, ctx=ctx, source=rows, totals=_totals, fields_required=True)


def list_company_time(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    company = find_company(ctx, company_id)
    rows = [r for p in ctx.children("projects", companyid=company["id"])
            for r in ctx.children("timerecords", projectid=p["id"])]
    return _run("company_time_list", query, ctx, rows)


def list_contact_time(contact_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .contacts import find as find_contact

    ctx = Context.current()
    contact = find_contact(ctx, contact_id)
    return _run("contact_time_list", query, ctx, ctx.children("timerecords", contactid=contact["id"]))
