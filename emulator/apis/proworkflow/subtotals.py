"""Totals and Sub Totals of invoice, quote and time lists (seed: "subtotals" on View Invoices,
Quotes and Time).

`subtotals=company,month` returns one row per combination of the dimensions, in the given order,
each with the dimension's keys and `subtotal`; "Only non-zero Sub Totals will be returned".  Date
dimensions (day, week, month, year) group by the date `subtotalsdateoption` names; they need that
date's `...datefrom` filter ("IMPORTANT - To use date grouping options you must specify ..."), and
week counts 7-day weeks from that date.  Paging is not available together with subtotals.

Row keys per dimension (research: NUMA's live example {"companyid", "companyname", "subtotal"}):
company -> companyid, companyname; project -> projectid, projectnumber, projecttitle; contact ->
contactid, contactname; task -> taskid, taskname; category -> categoryid, categoryname; status,
billable -> themselves; group/team/internalclientgroup/internalclientteam -> <dim>id, <dim>name;
day -> "day": yyyy-mm-dd; week -> "week": its first day; month -> "month": yyyy-mm; year -> "year".
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from . import grammar
from .context import Context
from .errors import bad_request
from .operations import Operation

Record = Mapping[str, Any]
Dimension = Callable[[Record, Context], dict[str, Any]]
DATE_DIMENSIONS = ("day", "week", "month", "year")


def parse(op: Operation, raw: Any, ctx: Context) -> list[str]:
    if raw in (None, ""):
        return []
    menu = op.subtotal_menu
    dims: list[str] = []
    for part in (p.strip().lower() for p in grammar.text(raw).split(",")):
        if not part:
            continue
        token = menu.get(part)
        if token is None:
            raise bad_request(f"'{part}' is not a valid value for 'subtotals'")
        if token.advanced and not ctx.advanced:
            raise bad_request(f"'{part}' is only available in the Advanced plan")
        if part not in dims:
            dims.append(part)
    return dims


def compute(rows: list[Record], dims: list[str], ctx: Context, *, value: Callable[[Record], float],
            dimensions: Mapping[str, Dimension], day_of: Callable[[Record], str] | None = None,
            week_start: date | None = None, integer: bool = False) -> list[dict[str, Any]]:
    groups: dict[tuple, dict[str, Any]] = {}
    order: list[tuple] = []
    for rec in rows:
        keys: dict[str, Any] = {}
        for dim in dims:
            if dim in DATE_DIMENSIONS:
                keys.update(_date_key(dim, day_of(rec) if day_of else "", week_start))
            else:
                keys.update(dimensions[dim](rec, ctx))
        ident = tuple(keys.items())
        if ident not in groups:
            groups[ident] = {**keys, "subtotal": 0}
            order.append(ident)
        groups[ident]["subtotal"] += value(rec)
    out = []
    for ident in sorted(order, key=lambda k: tuple(grammar.sort_key(v) for _, v in k)):
        row = groups[ident]
        row["subtotal"] = int(row["subtotal"]) if integer else round(row["subtotal"], 2)
        if row["subtotal"]:
            out.append(row)
    return out


def _date_key(dim: str, day: str, week_start: date | None) -> dict[str, Any]:
    if not day:
        return {dim: ""}
    if dim == "day":
        return {"day": day[:10]}
    if dim == "month":
        return {"month": day[:7]}
    if dim == "year":
        return {"year": day[:4]}
    when = date.fromisoformat(day[:10])
    start = week_start or when
    weeks = (when - start).days // 7
    return {"week": (start + timedelta(weeks=weeks)).isoformat()}


def needs_date_from(dims: list[str]) -> bool:
    return any(d in DATE_DIMENSIONS for d in dims)


# the usual dimensions
def id_name(prefix: str, table: str, id_of: Callable[[Record, Context], Any]) -> Dimension:
    def dim(rec: Record, ctx: Context) -> dict[str, Any]:
        record_id = id_of(rec, ctx)
        return {f"{prefix}id": record_id or "", f"{prefix}name": ctx.name_of(table, record_id)}
    return dim


def project_dim(id_of: Callable[[Record, Context], Any]) -> Dimension:
    def dim(rec: Record, ctx: Context) -> dict[str, Any]:
        project = ctx.get("projects", id_of(rec, ctx))
        return {"projectid": project["id"] if project else "", "projectnumber": project.get("number", "") if project
                else "", "projecttitle": project.get("title", "") if project else ""}
    return dim
