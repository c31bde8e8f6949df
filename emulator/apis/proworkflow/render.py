"""Turning stored records into the flat wire records of ProWorkflow (research sections 3 and 4).

Each resource module describes itself with a `ResourceSpec`: its table, its list filters, the keys
it computes from other records (`derive`: companyname from companyid, timetracked from time
records), and who may see a record.  `render` expands the requested field tokens into flat keys
(fields.py), always putting `id` first; blank values are "" as in the real API's answers.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import fields as fieldsets
from .context import Context, contact_name
from .filters import Factory

Record = Mapping[str, Any]
Derive = Callable[[Record, Context], Any]


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


@dataclass(frozen=True)
class Selection:
    """What to render: field tokens, API fields, and the contact-details switch."""

    tokens: tuple[str, ...]
    apifield_ids: tuple[int, ...] = ()
    all_apifields: bool = False
    contactdetails: bool = False


def blank(value: Any) -> Any:
    return "" if value is None else value


def render(spec: ResourceSpec, rec: Record, sel: Selection, ctx: Context) -> dict[str, Any]:
    out: dict[str, Any] = {"id": rec.get("id")}
    derive = spec.derive
    ctx.contactdetails = sel.contactdetails
    for token in sel.tokens:
        for key in fieldsets.keys_of(spec.name, token):
            if key == "contacts" or key in ("staff", "clients", "contractors"):
                out[key] = derive[key](rec, ctx) if key in derive else contact_list(ctx, rec.get(key))
            elif key in derive:
                out[key] = blank(derive[key](rec, ctx))
            else:
                out[key] = blank(rec.get(key))
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
    advanced = fieldsets.ADVANCED_TOKENS.get(spec.name, frozenset())
    staff = fieldsets.STAFF_TOKENS.get(spec.name, frozenset())
    tokens = []
    for token in fieldsets.FULL[spec.name]:
        if token in advanced and not ctx.advanced:
            continue
        if token in staff and not (ctx.is_staff or self_view):
            continue
        tokens.append(token)
    return tuple(tokens)


def single(spec: ResourceSpec, rec: Record, ctx: Context, *, self_view: bool = False,
           contactdetails: bool = True) -> dict[str, Any]:
    sel = Selection(full_tokens(spec, ctx, self_view=self_view), all_apifields=bool(spec.apifield_area),
                    contactdetails=contactdetails)
    return render(spec, rec, sel, ctx)
