"""Expenses (seed group 4, L5497-L5762): costs on a project.  Hidden default: projectstatus=active."""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import access, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, invalid, not_found
from .render import ResourceSpec, name_from, project_keys, single

Record = Mapping[str, Any]


def _project(column: str) -> Callable[[Record, Any], Any]:
    def get(rec: Record, q: Any) -> Any:
        project = q.ctx.get("projects", rec.get("projectid"))
        return project.get(column) if project else None
    return get


def _company_id(rec: Record, ctx: Context) -> Any:
    project = ctx.get("projects", rec.get("projectid"))
    return project.get("companyid") if project else ""


SPEC = ResourceSpec(
    name="expenses", table="expenses", singular="Expense",
    visible=lambda ctx, rec: ctx.is_staff or (rec.get("contactid") == ctx.me),
    filters={
        "categoryid": filters.ids(_project("categoryid")),
        "companyid": filters.ids(_project("companyid")),
        "contacts": filters.ids("contactid", specials=("me", "all")),
        "datefrom": filters.date_from("date"), "dateto": filters.date_to("date"),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "invoiced": filters.choice("invoiced", {"invoiced": True, "uninvoiced": False, "all": None}),
        "projectid": filters.ids("projectid"),
        "projectstatus": filters.choice(_project("status"), {"active": "active", "complete": "complete", "all": None}),
        "search": filters.search("name"),
        "taxable": filters.choice("taxable", {"taxable": True, "nontaxable": False, "all": None}),
    },
    derive={
        **project_keys(),
        "companyid": _company_id,
        "companyname": lambda rec, ctx: ctx.name_of("companies", _company_id(rec, ctx)),
        "contactname": name_from("contacts", "contactid"),
        "cost": lambda rec, ctx: round(float(rec.get("cost") or 0), 2),
    },
)


def list_expenses(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("expenses_list", SPEC, query)


def find(ctx: Context, expense_id: Any) -> dict[str, Any]:
    rec = ctx.table("expenses").get(writes.path_id("expenseid", expense_id))
    if rec is None or not SPEC.visible(ctx, rec):
        raise not_found("Expense")
    return rec


def get_expense(expense_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "expenses_get")
    return writes.single_envelope("expense", single(SPEC, find(ctx, expense_id), ctx))


def _fields(ctx: Context, item: Mapping[str, Any], into: dict[str, Any]) -> None:
    if "name" in item:
        if writes.blank(item["name"]):
            raise bad_request("'name' is a required field")
        into["name"] = writes.text(item, "name")
    if "cost" in item:
        if writes.blank(item["cost"]):
            raise bad_request("'cost' is a required field")
        into["cost"] = round(grammar.parse_number("cost", item["cost"]), 2)
    if not writes.blank(item.get("date")):
        into["date"] = grammar.stamp(grammar.parse_date("date", item["date"], ctx.now))
    writes.copy_text(item, ("description",), into)
    writes.copy_bool(item, ("invoiced", "taxable"), into)


def add_expense(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("expenses_create", body)
    writes.check(ctx, "expenses_create", item)
    project = ctx.get("projects", grammar.parse_int("projectid", item["projectid"]))
    if project is None or not access.sees_project(ctx, project):
        raise invalid("projectid", item["projectid"], "no such project")
    rec: dict[str, Any] = {"projectid": project["id"], "description": "", "invoiced": False, "taxable": True,
                           "date": grammar.stamp(ctx.now.date()), "contactid": ctx.me,
                           "divisionid": project.get("divisionid"), "lastmodified": ctx.stamp}
    _fields(ctx, item, rec)
    saved = ctx.table("expenses").insert(rec)
    return writes.envelope("Expense Added", [{"id": saved["id"], "name": saved["name"]}])


def edit_expense(expense_id: Any, body: Any) -> dict[str, Any]:
    """Partial like every PUT (the seed's sample PUT sends no name), "" clears text."""
    ctx = Context.current()
    item = writes.one("expenses_update", body)
    writes.check(ctx, "expenses_update", item, required_names=())
    rec = find(ctx, expense_id)
    changes: dict[str, Any] = {}
    _fields(ctx, item, changes)
    changes["lastmodified"] = ctx.stamp
    ctx.table("expenses").update(rec["id"], changes)
    return writes.envelope("Expense Updated", [{"id": rec["id"]}])


def delete_expense(expense_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "expenses_delete")
    rec = find(ctx, expense_id)
    ctx.table("expenses").delete(rec["id"])
    return writes.envelope("Expense Deleted", [{"id": rec["id"]}])
