"""What invoice and quote lists share: their filters, their totals and subtotals, and the rule that
paging and subtotals do not mix ("Paging options are not available if you are using the
'subtotals' option").

`total` is the sum of the matching records' grand totals; subtotals group grand totals too.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import filters, grammar, listing, subtotals
from .errors import bad_request

Record = Mapping[str, Any]


def project_column(column: str) -> Callable[[Record, Any], Any]:
    def get(rec: Record, q: Any) -> Any:
        project = q.ctx.get("projects", rec.get("projectid")) if rec.get("projectid") else None
        return project.get(column) if project else None
    return get


def common_filters(prefix: str) -> dict[str, filters.Factory]:
    """Filters invoices and quotes share."""
    return {
        "apifields": filters.pairs(), "apifieldsmode": filters.mode(),
        "grandtotal": filters.compare("grandtotal"), "subtotal": filters.compare("subtotal"),
        "taxtotal": filters.compare("taxtotal"),
        "idfrom": filters.id_from(), "idto": filters.id_to(), "id": filters.ids("id"),
        "lastmodifiedfrom": filters.moment_from("lastmodified"), "lastmodifiedto": filters.moment_to("lastmodified"),
        "search": filters.search("number", "title"),
        "searchnumber": filters.search("number"), "searchtitle": filters.search("title"),
        "taxable": filters.choice("taxable", {"true": True, "false": False, "all": None}),
        "companyid": filters.ids("companyid"),
        "projectid": filters.ids("projectid"),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "managerid": filters.ids(project_column("managerid"), specials=("me",)),
        "projectcategoryid": filters.ids(project_column("categoryid")),
        "projectstatus": filters.choice(project_column("status"),
                                        {"active": "active", "complete": "complete", "all": None}),
        "subtotalsdateoption": filters.ignored,
    }


DIMENSIONS: dict[str, subtotals.Dimension] = {
    "company": subtotals.id_name("company", "companies", lambda rec, ctx: rec.get("companyid")),
    "project": subtotals.project_dim(lambda rec, ctx: rec.get("projectid")),
    "status": lambda rec, ctx: {"status": rec.get("status", "")},
}


def totals_for(date_options: Mapping[str, str]) -> listing.Totals:
    """date_options: subtotalsdateoption word -> the record's date column ("invoiced" -> invoiceddate);
    that column's `<column>from` filter is required for date grouping."""
    def totals(rows: list[Record], req: listing.ListRequest) -> dict[str, Any]:
        out: dict[str, Any] = {"total": round(sum(float(r.get("grandtotal") or 0) for r in rows), 2)}
        dims = subtotals.parse(req.op, req.query.get("subtotals"), req.ctx)
        if not dims:
            return out
        option = grammar.parse_choice("subtotalsdateoption",
                                      req.query.get("subtotalsdateoption", next(iter(date_options))), date_options)
        column = date_options[option]
        start = None
        if subtotals.needs_date_from(dims):
            if not req.query.get(column + "from"):
                raise bad_request(f"'{column}from' must be specified to use date subtotals")
            start = grammar.parse_date(column + "from", req.query.get(column + "from"), req.ctx.now)
        out["subtotals"] = subtotals.compute(rows, dims, req.ctx, value=lambda r: float(r.get("grandtotal") or 0),
                                             dimensions=DIMENSIONS, day_of=lambda r: str(r.get(column) or ""),
                                             week_start=start)
        return out
    return totals


def no_paging_with_subtotals(query: Mapping[str, Any]) -> None:
    q = listing.clean(query)
    if q.get("subtotals") not in (None, "") and (q.get("pagenumber") not in (None, "")
                                                  or q.get("pagesize") not in (None, "")):
        raise bad_request("Paging options are not available when using the 'subtotals' option")
