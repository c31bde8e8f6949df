"""Quotes for a company (seed L1513-L1726): a list with totals and subtotals.  Quotes are only read
in the seed; their totals are stored on the record.  Hidden default: status=pending.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, filters, listing, money
from .context import Context
from .render import ResourceSpec, name_from, project_keys


def _status(*words: str) -> Any:
    return lambda r, q: r.get("status") in words


SPEC = ResourceSpec(
    name="quotes", table="quotes", singular="Quote", apifield_area="quotes",
    visible=lambda ctx, rec: access.sees_money(ctx, rec),
    filters={
        **money.common_filters("quote"),
        "approveddatefrom": filters.date_from("approveddate"), "approveddateto": filters.date_to("approveddate"),
        "quoteddatefrom": filters.date_from("quoteddate"), "quoteddateto": filters.date_to("quoteddate"),
        "validtodatefrom": filters.date_from("validtodate"), "validtodateto": filters.date_to("validtodate"),
        "status": filters.choice("status", {"pending": _status("pending"), "approved": _status("approved"),
                                            "active": _status("pending", "approved"),
                                            "declined": _status("declined"), "all": None}),
        "type": filters.choice("type", {"estimate": "estimate", "quote": "quote", "all": None}),
    },
    derive={
        **project_keys(),
        "companyname": name_from("companies", "companyid"),
        "quotedbyname": name_from("contacts", "quotedbyid"),
    },
)

TOTALS = money.totals_for({"quoted": "quoteddate", "approved": "approveddate"})


def list_company_quotes(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    company = find_company(ctx, company_id)
    money.no_paging_with_subtotals(query)
    return listing.run("company_quotes_list", SPEC, query, ctx=ctx, totals=TOTALS,
                       source=ctx.children("quotes", companyid=company["id"]))
