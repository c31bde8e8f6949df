"""Turning stored records into the flat wire records of ProWorkflow (research sections 3 and 4).

Each resource module describes itself with a `ResourceSpec`: its table, its list filters, the keys
it computes from other records (`derive`: companyname from companyid, timetracked from time
records), and who may see a record.  `render` expands the requested field tokens into flat keys
(fields.py), always putting `id` first; blank values are "" as in the real API's answers.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from . import fields as fieldsets
from .context import Context, contact_name
from .filters import Factory

Record = Mapping[str, Any]
Derive = Callable[[Record, Context], Any]

# How render fills one flat key: straight from the stored record, through the spec's derive
# function, or as a contacts array (derived, else the stored ids named; never blanked).
STORED, DERIVED, CONTACTS = 0, 1, 2
CONTACT_KEYS = frozenset({"contacts", "staff", "clients", "contractors"})
Plan = tuple[tuple[str, int, "Derive | None"], ...]
PLANS_KEPT = 256  # distinct fields= selections kept per resource (a client could send many orders)


@dataclass
class ResourceSpec:
    name: str  # the fields.py key ("companies", "timerecords", ...)
    table: str
    singular: str  # for messages: "Company", "Time Record"
    filters: dict[str, Factory] = field(default_factory=dict)
    derive: dict[str, Derive] = field(default_factory=dict)
    visible: Callable[[Context, Record], bool] = lambda ctx, rec: True
    sort_keys: dict[str, Derive] = field(default_factory=dict)
    apifield_area: str = ""  # the apifield definitions that apply ("" = none)
    # field tokens -> their render plan (plan_of); built from the constants above, never from data
    plans: dict[tuple[str, ...], Plan] = field(default_factory=dict, repr=False, compare=False)


@dataclass(frozen=True)
class Selection:
    """What to render: field tokens, API fields, and the contact-details switch."""

    tokens: tuple[str, ...]
    apifield_ids: tuple[int, ...] = ()
    all_apifields: bool = False
    contactdetails: bool = False


def blank(value: Any) -> Any:
    return "" if value is None else value


def plan_of(spec: ResourceSpec, tokens: tuple[str, ...]) -> Plan:
    """The keys `tokens` expand to, in order (repeats kept), each with how it is filled.  Depends
    only on the spec and fields.py's tables, so it is worked out once per selection, not per record."""
    plan = spec.plans.get(tokens)
    if plan is None:
        steps = []
        for token in tokens:
            for key in fieldsets.keys_of(spec.name, token):
                derive = spec.derive.get(key)
                how = CONTACTS if key in CONTACT_KEYS else DERIVED if derive is not None else STORED
                steps.append((key, how, derive))
        if len(spec.plans) >= PLANS_KEPT:
            spec.plans.clear()
        plan = spec.plans[tokens] = tuple(steps)
    return plan


def render(spec: ResourceSpec, rec: Record, sel: Selection, ctx: Context) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rec.get("id")}
    ctx.contactdetails = sel.contactdetails
    for key, how, derive in plan_of(spec, sel.tokens):
        if how == STORED:
            value = rec.get(key)
        elif how == DERIVED:
            value = derive(rec, ctx)  # type: ignore[misc]
        else:
            out[key] = derive(rec, ctx) if derive is not None else contact_list(ctx, rec.get(key))
            continue
        out[key] = "" if value is None else value
    if sel.all_apifields or sel.apifield_ids:
        stored = rec.get("apifields") or {}
        if sel.all_apifields:
            out["apifields"] = [
                {"id": d["id"], "name": d.get("name", ""), "value": blank(stored.get(str(d["id"])))}
                for d in apifield_definitions(ctx, spec.apifield_area)]
        for field_id in sel.apifield_ids:
            out[f"apifield{field_id}"] = blank(stored.get(str(field_id)))
    return out


def apifield_definitions(ctx: Context, area: str) -> list[Record]:
    def build() -> list[Record]:
        rows = [d for d in ctx.table("apifielddefs").scan() if d.get("area") == area]
        return sorted(rows, key=lambda d: d["id"])
    return ctx.aggregate(("apifielddefs", area), build)


def contact_list(ctx: Context, value: Any) -> Any:
    """A record's contacts: 'all' (public), or [{id, name, type}], with email, image and phone when
    the call asked for contactdetails=true."""
    details = ctx.contactdetails
    if value == "all":
        return "all"
    out = []
    for contact_id in value or ():
        contact = ctx.get("contacts", contact_id)
        if contact is None:
            continue
        item: dict[str, Any] = {"id": contact_id, "name": contact_name(contact), "type": contact.get("type", "")}
        if details:
            item.update(email=contact.get("email", ""), image=contact.get("image", ""),
                        phone=contact.get("workphone") or contact.get("mobilephone") or "")
        out.append(item)
    return out


def named(ctx: Context, table: str, ids: Iterable[Any]) -> list[dict[str, Any]]:
    """[{id, name}] for a list of ids in a lookup table (tags, roles, groups)."""
    out = []
    for record_id in ids or ():
        rec = ctx.get(table, record_id)
        if rec is not None:
            out.append({"id": record_id, "name": rec.get("name", "")})
    return out


# -- the usual derived keys ----------------------------------------------------------------------
def name_from(table: str, id_key: str, column: str = "name") -> Derive:
    return lambda rec, ctx: ctx.name_of(table, rec.get(id_key), column)


def project_keys(id_key: str = "projectid") -> dict[str, Derive]:
    def number(rec: Record, ctx: Context) -> Any:
        project = ctx.get("projects", rec.get(id_key))
        return project.get("number", "") if project else ""

    def title(rec: Record, ctx: Context) -> Any:
        project = ctx.get("projects", rec.get(id_key))
        return project.get("title", "") if project else ""
    return {"projectnumber": number, "projecttitle": title}


def full_tokens(spec: ResourceSpec, ctx: Context, *, self_view: bool = False) -> tuple[str, ...]:
    """A single GET's tokens: all of them, less Advanced-only ones on Standard and staff-only ones
    for clients and contractors (a contact viewing itself sees its own details)."""
    return _full_tokens(spec.name, ctx.advanced, ctx.is_staff or self_view)


@cache  # a few resources x plan x staff: fields.py's constants only
def _full_tokens(resource: str, advanced: bool, staff_view: bool) -> tuple[str, ...]:
    advanced_only = fieldsets.ADVANCED_TOKENS.get(resource, frozenset())
    staff_only = fieldsets.STAFF_TOKENS.get(resource, frozenset())
    return tuple(token for token in fieldsets.FULL[resource]
                 if (advanced or token not in advanced_only) and (staff_view or token not in staff_only))


def single(spec: ResourceSpec, rec: Record, ctx: Context, *, self_view: bool = False,
           contactdetails: bool = True) -> dict[str, Any]:
    sel = _single_selection(spec.name, ctx.advanced, ctx.is_staff or self_view, bool(spec.apifield_area),
                            contactdetails)
    return render(spec, rec, sel, ctx)


@cache
def _single_selection(resource: str, advanced: bool, staff_view: bool, all_apifields: bool,
                      contactdetails: bool) -> Selection:
    return Selection(_full_tokens(resource, advanced, staff_view), all_apifields=all_apifields,
                     contactdetails=contactdetails)
