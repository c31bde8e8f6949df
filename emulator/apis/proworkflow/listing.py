"""The one list engine behind every "View ..." call, driven by the operation table.

For an operation it: checks the caller's permission; refuses Advanced-only parameters on Standard;
fills in the documented defaults (the hidden ones too: invoices status=unpaid, projects and tasks
status=active, files projectstatus=active, companies and contacts pending=false, quotes
status=pending); validates paging (pagenumber and pagesize together), sorting and fields; runs
the resource's filters over its table once; sorts, pages and caps at 5,000; renders the flat
records; and builds the list envelope {"count", "totalcount", "status", "<plural>": [...]}.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from . import access, grammar
from .context import Context
from .errors import bad_request
from .filters import ListQuery, Predicate
from .operations import Operation, operation
from .render import ResourceSpec, Selection, full_tokens, render

Record = Mapping[str, Any]
Totals = Callable[[list[Record], "ListRequest"], dict[str, Any]]

# parameters a list call takes that are not filters (their own code reads them)
NOT_FILTERS = frozenset({"fields", "subtotals", "subtotalsdateoption", "contactdetails", "pagenumber",
                         "pagesize", "sortby", "sortorder", "types"})


@dataclass
class ListRequest:
    op: Operation
    spec: ResourceSpec
    ctx: Context
    query: ListQuery
    selection: Selection | None  # None: records suppressed (fields=none, or time without fields)
    page: grammar.Page | None
    sort: grammar.Sort | None


def clean(query: Mapping[str, Any]) -> dict[str, Any]:
    """Parameter names are lower-case in the seed; a repeated parameter keeps its first value."""
    out: dict[str, Any] = {}
    for key, value in query.items():
        name = str(key).lower()
        if name not in out:
            out[name] = value
    return out


def prepare(op_name: str, spec: ResourceSpec, query: Mapping[str, Any], ctx: Context, *,
            fields_required: bool = False, tokens: tuple[str, ...] | None = None) -> ListRequest:
    op = operation(op_name)
    access.require_operation(ctx, op_name)
    given = clean(query)
    present = [k for k, v in given.items() if k in op.params and v not in (None, "")]
    access.refuse_advanced(ctx, present, op.advanced_params)
    values = dict(op.defaults)
    values.update({k: v for k, v in given.items() if k in op.params and v not in (None, "")})
    page = grammar.parse_paging(given.get("pagenumber"), given.get("pagesize"))
    if page is not None and "pagenumber" not in op.params:
        page = None  # the call documents no paging: the parameters are ignored
    sort = None
    if op.sort_fields:
        sort = grammar.parse_sort(given.get("sortby"), given.get("sortorder"), op.sort_fields, op.default_sort)
    selection = _selection(op, spec, values, given, ctx, fields_required, tokens)
    if "contactdetails" in op.params:
        grammar.parse_bool("contactdetails", values.get("contactdetails", "false"))
    return ListRequest(op, spec, ctx, ListQuery(ctx, values), selection, page, sort)


def _selection(op: Operation, spec: ResourceSpec, values: dict[str, Any], given: dict[str, Any],
               ctx: Context, fields_required: bool, tokens: tuple[str, ...] | None) -> Selection | None:
    details = "contactdetails" in op.params and grammar.parse_bool(
        "contactdetails", values.get("contactdetails", "false"))
    if "fields" not in op.params:
        # lists without a fields menu (notes of a company, contacts' locations): their own set
        return Selection(tokens if tokens is not None else full_tokens(spec, ctx), contactdetails=details)
    raw = given.get("fields")
    if raw in (None, ""):
        if fields_required:
            return None  # time lists: "if not specified then only Total/Sub Totals will be returned"
        key = (op.name, ctx.advanced, ctx.is_staff, details)
        if key not in _DEFAULT_SELECTIONS:  # the operation table's default: the same on every call
            _DEFAULT_SELECTIONS[key] = _chosen(op, op.default_fields, ctx, details, defaulted=True)
        return _DEFAULT_SELECTIONS[key]
    return _chosen(op, raw, ctx, details, defaulted=False)


# (operation, Advanced plan, staff caller, contactdetails) -> the Selection of its default fields
_DEFAULT_SELECTIONS: dict[tuple[str, bool, bool, bool], Selection | None] = {}


def _chosen(op: Operation, raw: Any, ctx: Context, details: bool, *, defaulted: bool) -> Selection | None:
    menu = op.field_menu
    chosen = grammar.parse_fields("fields", raw, menu, apifields=op.takes_apifields,
                                  allow_none=bool(op.params.get("subtotals")))
    if chosen.none:
        return None
    picked = []
    for token in chosen.tokens:
        entry = menu[token]
        if entry.advanced and not ctx.advanced:
            if defaulted:
                continue  # a default token of the Advanced plan (recipient) is left out on Standard
            raise bad_request(f"'{token}' is only available in the Advanced plan")
        if entry.staffonly and not ctx.is_staff:
            continue  # "only Staff contacts view * fields": silently left out for others
        picked.append(token)
    return Selection(tuple(picked), chosen.apifield_ids, chosen.all_apifields, details)


def predicates(req: ListRequest) -> list[Predicate]:
    out = []
    for name, value in req.query.values.items():
        param = req.op.params.get(name)
        if param is None or name in NOT_FILTERS or param.section not in ("filter", "required", "optional"):
            continue
        factory = req.spec.filters.get(name)
        if factory is None:
            continue  # tested: every documented filter has a factory (test_operation_table)
        built = factory(name, value, req.query)
        if built is not None:
            out.append(built)
    return out


def matching(req: ListRequest, records: Iterable[Record], scope: Predicate | None = None) -> list[Record]:
    """The stored records the caller may see that pass every filter (read-only: do not mutate)."""
    tests = predicates(req)
    visible = req.spec.visible
    ctx = req.ctx
    out = []
    for rec in records:
        if scope is not None and not scope(rec):
            continue
        if not visible(ctx, rec):
            continue
        if all(t(rec) for t in tests):
            out.append(rec)
    return out


def ordered(req: ListRequest, rows: list[Record]) -> list[Record]:
    """By the sort field; ties keep id order in either direction (a stable sort over id order)."""
    rows = sorted(rows, key=lambda r: r.get("id") or 0)
    if req.sort is None:
        return rows
    by = req.sort.by
    getter = req.spec.sort_keys.get(by)
    ctx = req.ctx
    if getter is None:
        return sorted(rows, key=lambda r: grammar.sort_key(r.get(by)), reverse=req.sort.descending)
    return sorted(rows, key=lambda r: grammar.sort_key(getter(r, ctx)), reverse=req.sort.descending)


def envelope(req: ListRequest, rows: list[Record], *, extra: dict[str, Any] | None = None,
             plural: str | None = None) -> dict[str, Any]:
    """Sort, page, cap and render `rows` (all the matches) into the list envelope."""
    total = len(rows)
    rows = ordered(req, rows)
    if req.page is not None:
        rows = req.page.slice(rows)
    rows = grammar.cap(rows)
    body: dict[str, Any] = {}
    key = plural or req.op.key
    if req.selection is None:
        body.update(count=0, totalcount=total, status="Success")
    else:
        records = [render(req.spec, r, req.selection, req.ctx) for r in rows]
        body.update(count=len(records), totalcount=total, status="Success")
        body[key] = records
    if extra:
        body.update(extra)
    return body


def run(op_name: str, spec: ResourceSpec, query: Mapping[str, Any], *, scope: Predicate | None = None,
        totals: Totals | None = None, fields_required: bool = False, ctx: Context | None = None,
        tokens: tuple[str, ...] | None = None, source: Iterable[Record] | None = None) -> dict[str, Any]:
    """A whole list call: `scope` narrows to a parent (a company's contacts) or a fixed type;
    `source` is where the rows come from when a parent's are found through an index (default: the
    whole table); `tokens` is the field set of a call that has no fields menu."""
    ctx = ctx or Context.current()
    req = prepare(op_name, spec, query, ctx, fields_required=fields_required, tokens=tokens)
    rows = matching(req, ctx.table(spec.table).scan() if source is None else source, scope)
    extra = totals(rows, req) if totals is not None else None
    return envelope(req, rows, extra=extra)
