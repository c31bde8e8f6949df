"""Invoices and their lines (seed group 6, L6101-L7217), and a company's invoices (L691).

Totals are kept on the invoice and recomputed whenever its lines or tax settings change:
    line amount   lineitem/expense: quantity x rate; staffrate/taskrate: time (minutes) / 60 x rate
                  ("the 'rate' value is cost/hour, the 'time' value is the time in minutes"); heading: 0
    discount      discountvalue: a fixed amount, or "10%" of the lines' total
    subtotal      lines' total less the discount
    taxtotal      taxable lines' share of the subtotal x taxrate % (0 when the invoice is not taxable)
    grandtotal    subtotal + taxtotal
Hidden default of the lists: status=unpaid.  Overdue: unpaid with a due date before today.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from . import access, filters, grammar, listing, money, numbering, writes
from .context import Context
from .errors import bad_request, invalid, not_found
from .fields import FULL
from .render import ResourceSpec, Selection, name_from, project_keys, render, single

LINE_TYPES = ("heading", "expense", "lineitem", "staffrate", "taskrate")
TEXT = ("description", "purchaseordernumber", "terms", "address1", "address2", "address3", "city", "state",
        "zipcode", "country")
DEFAULT_TAX_RATE = 15.0
DEFAULT_PAYMENT_DAYS = 20


def _lines(rec: Mapping[str, Any], ctx: Context) -> list[dict[str, Any]]:
    return [render(LINE_SPEC, line, LINE_SELECTION, ctx) for line in lines_of(ctx, rec["id"])]


SPEC = ResourceSpec(
    name="invoices", table="invoices", singular="Invoice", apifield_area="invoices",
    visible=lambda ctx, rec: access.sees_money(ctx, rec),
    filters={
        **money.common_filters("invoice"),
        "duedatefrom": filters.date_from("duedate"), "duedateto": filters.date_to("duedate"),
        "invoiceddatefrom": filters.date_from("invoiceddate"), "invoiceddateto": filters.date_to("invoiceddate"),
        "paiddatefrom": filters.date_from("paiddate"), "paiddateto": filters.date_to("paiddate"),
        "status": filters.choice("status", {"paid": "paid", "unpaid": "unpaid", "all": None}),
    },
    derive={
        **project_keys(),
        "companyname": name_from("companies", "companyid"),
        "contactname": name_from("contacts", "contactid"),
        "invoicedbyname": name_from("contacts", "invoicedbyid"),
        "lines": _lines,
        "discountvalue": lambda rec, ctx: (f"{rec.get('discountvalue') or 0:g}%" if rec.get("discountpercent")
                                           else rec.get("discountvalue") or 0),
    },
    sort_keys={"companyname": lambda rec, ctx: ctx.name_of("companies", rec.get("companyid"))},
)

LINE_SPEC = ResourceSpec(name="invoicelines", table="invoicelines", singular="Line",
                         derive={"amount": lambda line, ctx: line_amount(line)})
LINE_SELECTION = Selection(FULL["invoicelines"])

TOTALS = money.totals_for({"invoiced": "invoiceddate", "due": "duedate", "paid": "paiddate"})


# -- lists -----------------------------------------------------------------------------------------
def list_invoices(query: Mapping[str, Any]) -> dict[str, Any]:
    money.no_paging_with_subtotals(query)
    return listing.run("invoices_list", SPEC, query, totals=TOTALS)


def list_overdue(query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    money.no_paging_with_subtotals(query)
    today = ctx.now.date().isoformat()
    return listing.run("invoices_overdue_list", SPEC, query, ctx=ctx, totals=TOTALS,
                       scope=lambda r: r.get("status") == "unpaid" and bool(r.get("duedate"))
                       and str(r["duedate"])[:10] < today)


def list_company_invoices(company_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    from .companies import find as find_company

    ctx = Context.current()
    company = find_company(ctx, company_id)
    money.no_paging_with_subtotals(query)
    return listing.run("company_invoices_list", SPEC, query, ctx=ctx, totals=TOTALS,
                       source=ctx.children("invoices", companyid=company["id"]))


def find(ctx: Context, invoice_id: Any) -> dict[str, Any]:
    rec = ctx.table("invoices").get(writes.path_id("invoiceid", invoice_id))
    if rec is None or not access.sees_money(ctx, rec):
        raise not_found("Invoice")
    return rec


def get_invoice(invoice_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "invoices_get")
    return writes.single_envelope("invoice", single(SPEC, find(ctx, invoice_id), ctx))


# -- totals ----------------------------------------------------------------------------------------
def line_amount(line: Mapping[str, Any]) -> float:
    kind = line.get("type")
    rate = float(line.get("rate") or 0)
    if kind in ("staffrate", "taskrate"):
        return round(float(line.get("time") or 0) / 60.0 * rate, 2)
    if kind == "heading":
        return 0.0
    return round(float(line.get("quantity") or 0) * rate, 2)


def lines_of(ctx: Context, invoice_id: int) -> list[dict[str, Any]]:
    """The invoice's lines in display order (the invoice keeps its line ids: no scan of all lines)."""
    invoice = ctx.table("invoices").get(invoice_id) or {}
    table = ctx.table("invoicelines")
    rows = [line for line in (table.get(i) for i in invoice.get("lineids") or ()) if line is not None]
    return sorted(rows, key=lambda line: (float(line.get("displayorder") or 0), line["id"]))


def _set_lines(ctx: Context, invoice_id: int, line_ids: list[int]) -> None:
    ctx.table("invoices").update(invoice_id, {"lineids": line_ids})


def _insert_line(ctx: Context, invoice_id: int, line: dict[str, Any]) -> dict[str, Any]:
    saved = ctx.table("invoicelines").insert({"invoiceid": invoice_id, **line})
    current = (ctx.table("invoices").get(invoice_id) or {}).get("lineids") or []
    _set_lines(ctx, invoice_id, [*current, saved["id"]])
    return saved


def totals(invoice: Mapping[str, Any], lines: list[Mapping[str, Any]]) -> dict[str, float]:
    gross = round(sum(line_amount(line) for line in lines), 2)
    taxable_gross = sum(line_amount(line) for line in lines if line.get("taxable", True))
    discount = grammar.Discount(float(invoice.get("discountvalue") or 0), bool(invoice.get("discountpercent")))
    off = min(discount.amount(gross), gross)
    subtotal = round(gross - off, 2)
    share = (taxable_gross / gross) if gross else 0.0
    rate = float(invoice.get("taxrate") or 0) if invoice.get("taxable", True) else 0.0
    taxtotal = round(subtotal * share * rate / 100.0, 2)
    return {"discount": round(off, 2), "subtotal": subtotal, "taxtotal": taxtotal,
            "grandtotal": round(subtotal + taxtotal, 2)}


def recompute(ctx: Context, invoice_id: int, changes: dict[str, Any] | None = None) -> None:
    invoice = ctx.table("invoices").get(invoice_id)
    merged = {**invoice, **(changes or {})}
    ctx.table("invoices").update(invoice_id, {**(changes or {}), **totals(merged, lines_of(ctx, invoice_id)),
                                              "lastmodified": ctx.stamp})


# -- lines -----------------------------------------------------------------------------------------
def new_line(item: Mapping[str, Any], *, types: tuple[str, ...] = LINE_TYPES) -> dict[str, Any]:
    """A line's fields by its type (seed: 'heading' - name; 'expense' - name, quantity, rate;
    'lineitem' - name or description, quantity, rate; 'staffrate'/'taskrate' - name, time, rate)."""
    if not isinstance(item, Mapping):
        raise bad_request("Each line must be an object")
    if writes.blank(item.get("type")):
        raise bad_request("'type' is a required field")
    kind = grammar.parse_choice("type", item["type"], types)
    needs = {"heading": ("name",), "expense": ("name", "quantity", "rate"), "lineitem": ("quantity", "rate"),
             "staffrate": ("name", "time", "rate"), "taskrate": ("name", "time", "rate")}[kind]
    for name in needs:
        if writes.blank(item.get(name)):
            raise bad_request(f"'{name}' is a required field for a {kind} line")
    if kind == "lineitem" and writes.blank(item.get("name")) and writes.blank(item.get("description")):
        raise bad_request("'name' or 'description' is required for a lineitem line")
    line: dict[str, Any] = {"type": kind, "name": writes.text(item, "name"),
                            "description": writes.text(item, "description"),
                            "quantity": 0.0, "rate": 0.0, "time": 0, "taxable": True}
    _line_numbers(item, line)
    return line


def _line_numbers(item: Mapping[str, Any], line: dict[str, Any]) -> None:
    if not writes.blank(item.get("quantity")):
        line["quantity"] = grammar.parse_number("quantity", item["quantity"])
    if not writes.blank(item.get("rate")):
        line["rate"] = round(grammar.parse_number("rate", item["rate"]), 2)
    if not writes.blank(item.get("time")):
        line["time"] = grammar.parse_int("time", item["time"], minimum=0)
    if not writes.blank(item.get("taxable")):
        line["taxable"] = grammar.parse_bool("taxable", item["taxable"])


def _place(ctx: Context, invoice_id: int, line: dict[str, Any], raw: Any) -> None:
    """displayorder: auto (last), afterN/beforeN (existing lines renumbered), or a number (no reorder)."""
    order = grammar.parse_displayorder("displayorder", raw)
    existing = lines_of(ctx, invoice_id)
    if order.mode == "number":
        line["displayorder"] = order.number
        return
    if order.mode == "auto":
        line["displayorder"] = max((float(x.get("displayorder") or 0) for x in existing), default=0) + 1
        return
    ids = [x["id"] for x in existing]
    if order.line_id not in ids:
        raise invalid("displayorder", raw, "no such line in this invoice")
    index = ids.index(order.line_id) + (1 if order.mode == "after" else 0)
    for position, other in enumerate(existing, start=1):
        shifted = position + (1 if position > index else 0)
        if float(other.get("displayorder") or 0) != shifted:
            ctx.table("invoicelines").update(other["id"], {"displayorder": shifted})
    line["displayorder"] = index + 1


def replace_lines(ctx: Context, invoice_id: int, raw: Any) -> None:
    items = raw if isinstance(raw, list) else [raw]
    prepared = [new_line(item) for item in items]
    for line in lines_of(ctx, invoice_id):
        ctx.table("invoicelines").delete(line["id"])
    _set_lines(ctx, invoice_id, [])
    for order, line in enumerate(prepared, start=1):
        _insert_line(ctx, invoice_id, {**line, "displayorder": order})


def list_lines(invoice_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "invoice_lines_list")
    invoice = find(ctx, invoice_id)
    return writes.list_envelope("lines", _lines(invoice, ctx))


def _find_line(ctx: Context, invoice: Mapping[str, Any], line_id: Any) -> dict[str, Any]:
    line = ctx.table("invoicelines").get(writes.path_id("lineid", line_id))
    if line is None or line.get("invoiceid") != invoice["id"]:
        raise not_found("Line")
    return line


def get_line(invoice_id: Any, line_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "invoice_lines_get")
    invoice = find(ctx, invoice_id)
    return writes.single_envelope("line", render(LINE_SPEC, _find_line(ctx, invoice, line_id), LINE_SELECTION, ctx))


def add_lines(invoice_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    batch = writes.items("invoice_lines_create", body)
    for item in batch:
        writes.check(ctx, "invoice_lines_create", item, required_names=())
    invoice = find(ctx, invoice_id)
    prepared = [(new_line(item), item.get("displayorder")) for item in batch]
    details = []
    for line, order in prepared:
        _place(ctx, invoice["id"], line, order)
        saved = _insert_line(ctx, invoice["id"], line)
        details.append({"id": saved["id"], "name": saved["name"]})
    recompute(ctx, invoice["id"])
    return writes.envelope(writes.message("Line", "Added", many=True), details)


def edit_line(invoice_id: Any, line_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("invoice_lines_update", body)
    writes.check(ctx, "invoice_lines_update", item)
    invoice = find(ctx, invoice_id)
    line = _find_line(ctx, invoice, line_id)
    changes: dict[str, Any] = {}
    writes.copy_text(item, ("name", "description"), changes)
    _line_numbers(item, changes)
    if not writes.blank(item.get("displayorder")):
        changes["displayorder"] = grammar.parse_displayorder("displayorder", item["displayorder"],
                                                             positional=False).number
    merged = {**line, **changes}
    if merged["type"] == "heading" and not merged.get("name"):
        raise bad_request("'name' is a required field for a heading line")
    ctx.table("invoicelines").update(line["id"], changes)
    recompute(ctx, invoice["id"])
    return writes.envelope("Line Updated", [{"id": line["id"]}])


def delete_line(invoice_id: Any, line_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "invoice_lines_delete")
    invoice = find(ctx, invoice_id)
    line = _find_line(ctx, invoice, line_id)
    ctx.table("invoicelines").delete(line["id"])
    _set_lines(ctx, invoice["id"], [i for i in invoice.get("lineids") or () if i != line["id"]])
    recompute(ctx, invoice["id"])
    return writes.envelope("Line Deleted", [{"id": line["id"]}])


# -- invoices --------------------------------------------------------------------------------------
def add_invoice(body: Any) -> dict[str, Any]:
    """Add an Invoice: a title and lines, for a client company (given, or the project's or the
    contact's)."""
    ctx = Context.current()
    item = writes.one("invoices_create", body)
    writes.check(ctx, "invoices_create", item, required_names=("title", "lines"))
    project = _ref(ctx, item, "projectid", "projects")
    contact = _ref(ctx, item, "contactid", "contacts")
    company_id = grammar.parse_int("companyid", item["companyid"]) if not writes.blank(item.get("companyid")) \
        else (project or {}).get("companyid") or (contact or {}).get("companyid")
    company = ctx.get("companies", company_id)
    if company is None:
        raise bad_request("'companyid' is a required field")
    if contact is not None and contact.get("companyid") != company["id"]:
        raise invalid("contactid", contact["id"], "not a contact of the invoice's company")
    raw_lines = item["lines"] if isinstance(item["lines"], list) else [item["lines"]]
    prepared = [new_line(line) for line in raw_lines]
    now = ctx.now
    invoiced = grammar.parse_date("invoiceddate", item["invoiceddate"], now) \
        if not writes.blank(item.get("invoiceddate")) else now.date()
    due = grammar.parse_date("duedate", item["duedate"], now) if not writes.blank(item.get("duedate")) \
        else invoiced + timedelta(days=int(ctx.settings.get("paymentterms") or DEFAULT_PAYMENT_DAYS))
    discount = grammar.parse_discount("discountvalue", item.get("discountvalue"))
    rec: dict[str, Any] = {
        "title": writes.text(item, "title"), "companyid": company["id"],
        "contactid": contact["id"] if contact else None, "projectid": project["id"] if project else None,
        "status": "unpaid", "invoiceddate": grammar.stamp(invoiced), "duedate": grammar.stamp(due),
        "paiddate": "", "emaileddate": "", "emailedto": "", "invoicedbyid": ctx.me,
        "taxable": _bool(item, "taxable", True),
        "taxrate": grammar.parse_number("taxrate", item["taxrate"]) if not writes.blank(item.get("taxrate"))
        else float(ctx.settings.get("taxrate", DEFAULT_TAX_RATE)),
        "showcostbreakdown": _bool(item, "showcostbreakdown", True),
        "discountvalue": discount.value, "discountpercent": discount.percent,
        "discountdescription": writes.text(item, "discountdescription") or "Discount",
        "addresscompanyname": writes.text(item, "companyname"), "addresscontactname": writes.text(item, "contactname"),
        "customfieldname": "", "customfieldvalue": "", "xeroid": "",
        "apifields": grammar.parse_body_pairs("apifields", item["apifields"]) if item.get("apifields") else {},
        "divisionid": 1 if ctx.advanced else None, "lastmodified": ctx.stamp,
    }
    for name in TEXT:
        rec[name] = writes.text(item, name)
    number = item.get("number", "auto")
    rec["number"] = numbering.next_number(ctx, "invoices") if writes.blank(number) or str(number).lower() == "auto" \
        else writes.text(item, "number")
    rec.update(totals(rec, prepared))
    rec["lineids"] = []
    saved = ctx.table("invoices").insert(rec)
    for order, line in enumerate(prepared, start=1):
        _insert_line(ctx, saved["id"], {**line, "displayorder": order})
    if project is not None and _bool(item, "markprojectasinvoiced", False):
        ctx.table("projects").update(project["id"], {"invoiced": True, "lastmodified": ctx.stamp})
    return writes.envelope("Invoice Added", [{"id": saved["id"], "number": saved["number"], "title": saved["title"]}])


def _ref(ctx: Context, item: Mapping[str, Any], name: str, table: str) -> dict[str, Any] | None:
    if writes.blank(item.get(name)):
        return None
    rec = ctx.get(table, grammar.parse_int(name, item[name]))
    if rec is None:
        raise invalid(name, item[name], f"no such {table[:-1]}")
    return rec


def _bool(item: Mapping[str, Any], name: str, default: bool) -> bool:
    return grammar.parse_bool(name, item[name]) if not writes.blank(item.get(name)) else default


def edit_invoice(invoice_id: Any, body: Any) -> dict[str, Any]:
    """Partial; "If you specify any 'lines' then all existing lines will be replaced"."""
    ctx = Context.current()
    item = writes.one("invoices_update", body)
    writes.check(ctx, "invoices_update", item)
    rec = find(ctx, invoice_id)
    now = ctx.now
    changes: dict[str, Any] = {}
    if "title" in item:
        if writes.blank(item["title"]):
            raise bad_request("'title' is a required field")
        changes["title"] = writes.text(item, "title")
    writes.copy_text(item, TEXT + ("number",), changes)
    if "companyname" in item:
        changes["addresscompanyname"] = writes.text(item, "companyname")
    if "contactname" in item:
        changes["addresscontactname"] = writes.text(item, "contactname")
    for name in ("invoiceddate", "duedate", "paiddate"):
        if name in item:
            changes[name] = "" if writes.blank(item[name]) else grammar.stamp(grammar.parse_date(name, item[name], now))
    if "projectid" in item:
        project = _ref(ctx, item, "projectid", "projects")
        changes["projectid"] = project["id"] if project else None
    for name in ("taxable", "showcostbreakdown"):
        if not writes.blank(item.get(name)):
            changes[name] = grammar.parse_bool(name, item[name])
    if not writes.blank(item.get("taxrate")):
        changes["taxrate"] = grammar.parse_number("taxrate", item["taxrate"])
    if "discountvalue" in item:
        discount = grammar.parse_discount("discountvalue", item["discountvalue"])
        changes.update(discountvalue=discount.value, discountpercent=discount.percent)
    if "discountdescription" in item:
        changes["discountdescription"] = writes.text(item, "discountdescription")
    if not writes.blank(item.get("status")):
        status = grammar.parse_choice("status", item["status"], ("paid", "unpaid"))
        changes["status"] = status
        if status == "paid" and not changes.get("paiddate") and not rec.get("paiddate"):
            changes["paiddate"] = grammar.stamp(now.date())
        if status == "unpaid":
            changes["paiddate"] = ""
    if "apifields" in item:
        changes["apifields"] = {**(rec.get("apifields") or {}),
                                **grammar.parse_body_pairs("apifields", item["apifields"] or [])}
    if "lines" in item and item["lines"] not in (None, ""):
        replace_lines(ctx, rec["id"], item["lines"])
    recompute(ctx, rec["id"], changes)
    return writes.envelope("Invoice Updated", [{"id": rec["id"]}])


def delete_invoice(invoice_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "invoices_delete")
    rec = find(ctx, invoice_id)
    for line in lines_of(ctx, rec["id"]):
        ctx.table("invoicelines").delete(line["id"])
    ctx.table("invoices").delete(rec["id"])
    return writes.envelope("Invoice Deleted", [{"id": rec["id"]}])


def mark_paid(invoice_id: Any, body: Any) -> dict[str, Any]:
    """"You can specify 'paiddate' otherwise the current user's time is used"."""
    ctx = Context.current()
    item = writes.one("invoices_markaspaid", body)
    writes.check(ctx, "invoices_markaspaid", item)
    rec = find(ctx, invoice_id)
    paid = grammar.parse_date("paiddate", item["paiddate"], ctx.now) if not writes.blank(item.get("paiddate")) \
        else ctx.now.date()
    ctx.table("invoices").update(rec["id"], {"status": "paid", "paiddate": grammar.stamp(paid),
                                             "lastmodified": ctx.stamp})
    return writes.envelope("Invoice Marked as Paid", [{"id": rec["id"]}])


def mark_unpaid(invoice_id: Any, body: Any = None) -> dict[str, Any]:
    ctx = Context.current()
    writes.check(ctx, "invoices_markasunpaid", writes.one("invoices_markasunpaid", body))
    rec = find(ctx, invoice_id)
    ctx.table("invoices").update(rec["id"], {"status": "unpaid", "paiddate": "", "lastmodified": ctx.stamp})
    return writes.envelope("Invoice Marked as Unpaid", [{"id": rec["id"]}])
