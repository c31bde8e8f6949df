"""Company Summary and Contact Summary (seed L1726, L4100): a few rows of each data type, "the first
10 results for each ... (assuming the user has the relevant permission)".

Company: contacts (name, company, email, phone; every company type); for client companies only,
unpaid invoices (number, title, company, totals), active projects (number, title, company), pending
quotes (number, title, company, totals) and active tasks (name, order, project).
Contact: the active projects and tasks the contact is assigned to.
Paging applies to each type: pagenumber (default 1) and pagesize (default 10).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from . import access, grammar, listing
from .context import Context
from .errors import invalid
from .operations import operation
from .projects import assigned
from .render import ResourceSpec, Selection, render

Record = Mapping[str, Any]

TOKENS = {
    "contacts": ("name", "company", "email", "phone"),
    "invoices": ("number", "title", "company", "totals"),
    "projects": ("number", "title", "company"),
    "quotes": ("number", "title", "company", "totals"),
    "tasks": ("name", "order", "project"),
}
AREAS = {"contacts": "contacts", "invoices": "invoices", "projects": "projects", "quotes": "quotes",
         "tasks": "tasks"}


def _specs() -> dict[str, ResourceSpec]:
    from . import contacts, invoices, projects, quotes, tasks
    return {"contacts": contacts.SPEC, "invoices": invoices.SPEC, "projects": projects.SPEC,
            "quotes": quotes.SPEC, "tasks": tasks.SPEC}


def _types(op_name: str, raw: Any) -> list[str]:
    allowed = [t for t in TOKENS if t in {tok.token for tok in operation(op_name).params["types"].tokens}]
    text = grammar.text(raw).lower() or "all"
    if text == "all":
        return allowed
    chosen = []
    for part in (p.strip() for p in text.split(",")):
        if part and part not in allowed:
            raise invalid("types", part, "one of all, " + ", ".join(allowed))
        if part and part not in chosen:
            chosen.append(part)
    return chosen


def _page(query: Mapping[str, Any]) -> grammar.Page:
    number = grammar.parse_int("pagenumber", query.get("pagenumber") or 1, minimum=1)
    size = grammar.parse_int("pagesize", query.get("pagesize") or 10, minimum=1)
    return grammar.Page(number, size)


def _build(ctx: Context, op_name: str, query: Mapping[str, Any],
           sources: dict[str, Callable[[], list[Record]]]) -> dict[str, Any]:
    q = listing.clean(query)
    kinds = _types(op_name, q.get("types"))
    page = _page(q)
    specs = _specs()
    body: dict[str, Any] = {"count": 0, "status": "Success"}
    for kind in kinds:
        if kind not in sources or not access.can(ctx, AREAS[kind], "view"):
            continue
        spec = specs[kind]
        rows = [r for r in sources[kind]() if spec.visible(ctx, r)]
        rows.sort(key=lambda r: r["id"])
        picked = grammar.cap(page.slice(rows))
        tokens = tuple(t for t in TOKENS[kind] if ctx.is_staff or kind != "contacts" or t in ("name", "company"))
        body[kind] = [render(spec, r, Selection(tokens), ctx) for r in picked]
        body["count"] += len(body[kind])
    return body


def company_summary(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    access.require_operation(ctx, "company_summary_get")
    company = find_company(ctx, company_id)
    cid = company["id"]

    def of_company(table: str, test: Callable[[Record], bool]) -> Callable[[], list[Record]]:
        return lambda: [r for r in ctx.children(table, companyid=cid) if test(r)]

    def tasks() -> list[Record]:
        return [t for p in ctx.children("projects", companyid=cid) for t in ctx.children("tasks", projectid=p["id"])
                if t.get("status") == "active"]

    sources: dict[str, Callable[[], list[Record]]] = {"contacts": of_company("contacts", lambda r: not r.get("pending"))}
    if company.get("type") == "client":
        sources.update(invoices=of_company("invoices", lambda r: r.get("status") == "unpaid"),
                       projects=of_company("projects", lambda r: r.get("status") == "active"),
                       quotes=of_company("quotes", lambda r: r.get("status") == "pending"), tasks=tasks)
    return _build(ctx, "company_summary_get", query, sources)


def contact_summary(contact_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .contacts import find as find_contact

    ctx = Context.current()
    contact = find_contact(ctx, contact_id, "contact_summary_get")
    me = contact["id"]
    sources = {
        "projects": lambda: [p for p in ctx.table("projects").scan()
                             if p.get("status") == "active" and me in assigned(p)],
        "tasks": lambda: [t for t in ctx.table("tasks").scan()
                          if t.get("status") == "active" and me in (t.get("contacts") or ())],
    }
    return _build(ctx, "contact_summary_get", query, sources)
