"""ZeyOS records: list, get, exists, create, update and hard delete, for any entity of the table.

No HTTP here: every operation takes a `Context` (the instance, the caller and its access; see
`Context.current()` for the request's bound caller) and plain data, and raises ApiError in ZeyOS's
words.  Rows are stored whole, pseudo fields included: `extdata` (name -> text) and `tags` (a list)
live on the row itself, so one stored dict is the record's whole state and its ETag covers record,
extdata and tags alike (`etag`).

The order of checks follows the research's reading of the seed: 403 (permission), 404, 409 (ID
rules), 412 (If-Match, via `precondition`), then the body (400 unknown field, 410 missing
dependency, 500 what the database would refuse).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ...core import clock, conditional
from ...core.api import ApiError
from ...core.caller import caller
from ...core.store import TenantDB
from . import binfiles, hooks, query, values, writes
from .access import Access, access_of, can_write, reader, require, require_creator
from .errors import (
    ID_PRESENT,
    NON_MATCHING_ID,
    NOT_DELETABLE,
    conflict,
    forbidden,
    gone,
    not_found,
    runtime_error,
)
from .rows import Rows, tenant_rows
from .schema import Entity, entities

Row = dict[str, Any]
Precondition = Callable[[str, Row], None]  # (current ETag, current row) before a change; raises 412


@dataclass
class Context:
    """One caller acting on one instance."""

    tenant: TenantDB
    user: Row
    rows: Rows
    access: Access

    @classmethod
    def of(cls, tenant: TenantDB, user: Row) -> Context:
        rows = tenant_rows(tenant)
        return cls(tenant, user, rows, access_of(rows, user))

    @classmethod
    def current(cls) -> Context:
        """The request's (or `acting_as`'s) caller."""
        who = caller()
        if who.user is None:
            raise forbidden()
        return cls.of(who.tenant, who.user)

    def table(self, entity: str) -> Any:
        return self.tenant.table(entity, id_key="ID")


def now() -> int:
    """Unix seconds: ZeyOS's only date format."""
    return int(clock.now().timestamp())


def etag_source(row: Row) -> Row:
    """What an ETag covers: the whole stored row (record, extdata and tags alike)."""
    return row


def etag(row: Row) -> str:
    """A strong ETag of the record's whole state (core.conditional: 32 hex digits, quoted, as
    api.json's examples show them)."""
    return conditional.etag(etag_source(row))


def _op(entity: Entity, action: str) -> Any:
    op = entity.operations.get(action)
    if op is None:
        raise ApiError(405, "Method Not Allowed")
    return op


def _record_id(value: Any) -> int | None:
    try:
        return values.to_int(value)
    except values.Invalid:
        return None


def _find(ctx: Context, entity: Entity, record_id: Any) -> Row:
    """The stored row, or 404 (also when the caller may not see it)."""
    rid = _record_id(record_id)
    row = ctx.rows(entity.name).get(str(rid)) if rid is not None else None
    if row is None:
        raise not_found()
    visible = reader(entity, ctx.access)
    if visible is not None and not visible(row):
        raise not_found()
    return row


def render(ctx: Context, entity: Entity, row: Row, *, expand: Iterable[str] = (), extdata: bool = False,
           tags: bool = False) -> Row:
    """A stored row as the API returns it: every field, composites as text unless expanded."""
    expand = set(expand)
    out: Row = {}
    expand_binfile = binfiles.expander(ctx.rows) if expand & set(entity.binfile_columns) else None
    for name, f in entity.fields.items():
        v = row.get(name)
        if f.type == "binfile":
            if expand_binfile is not None and name in expand:
                v = expand_binfile(v)
        elif f.composite:
            v = values.render(f, v, name in expand)
        else:
            v = hooks.mask(entity.name, name, v)
        out[name] = v
    if extdata and entity.extdata:
        out["extdata"] = dict(row.get("extdata") or {})
    if tags and entity.tags:
        out["tags"] = list(row.get("tags") or [])
    return out


# -- reads --------------------------------------------------------------------------------------
def list_records(ctx: Context, entity: Entity, body: dict[str, Any]) -> query.ListResult:
    require(_op(entity, "list"), ctx.access)
    q = query.parse(entity, body)
    return query.run(entity, q, ctx.rows, admin=ctx.access.admin, visible=reader(entity, ctx.access),
                     binfile_content=binfiles.expander(ctx.rows))


def get(ctx: Context, entity: Entity, record_id: Any, *, expand: Iterable[str] = (), extdata: bool = False,
        tags: bool = False) -> tuple[Row, str]:
    require(_op(entity, "get"), ctx.access)
    row = _find(ctx, entity, record_id)
    return render(ctx, entity, row, expand=expand, extdata=extdata, tags=tags), etag(row)


def exists(ctx: Context, entity: Entity, record_id: Any) -> str:
    """HEAD: the ETag of an existing record.  The seed documents no 403 here: without the
    permission the record reads as absent (404)."""
    op = _op(entity, "exists")
    if not ctx.access.holds(op.permission.any, op.permission.writable):
        raise not_found()
    return etag(_find(ctx, entity, record_id))


# -- writes -------------------------------------------------------------------------------------
def create(ctx: Context, entity: Entity, body: Any) -> tuple[Row, str]:
    op = _op(entity, "create")
    require(op, ctx.access)
    if isinstance(body, dict) and body.get("ID") is not None:
        raise conflict(ID_PRESENT)
    if op.permission.creator and isinstance(body, dict) and body.get("creator") is not None:
        require_creator(op, ctx.access, _record_id(body["creator"]))
    parsed = writes.parse(entity, body)
    row = writes.new_row(entity, parsed.columns, now(), ctx.user["ID"])
    if not can_write(entity, ctx.access, row):
        raise forbidden()  # creating a record owned by someone the caller cannot write for
    _finish(ctx, entity, op, row, None, parsed)
    new_id = ctx.table(entity.name).next_id()
    stored = ctx.table(entity.name).insert(row, record_id=new_id)
    return render(ctx, entity, stored), etag(stored)


def update(ctx: Context, entity: Entity, record_id: Any, body: Any,
           precondition: Precondition | None = None) -> tuple[Row, str]:
    op = _op(entity, "update")
    require(op, ctx.access)
    old = _find(ctx, entity, record_id)
    require_creator(op, ctx.access, old.get("creator"))
    if not can_write(entity, ctx.access, old):
        raise forbidden()
    if isinstance(body, dict) and body.get("ID") is not None and _record_id(body["ID"]) != old["ID"]:
        raise conflict(NON_MATCHING_ID)
    if precondition is not None:
        precondition(etag(old), old)
    parsed = writes.parse(entity, body)
    row = dict(old)
    row.update(parsed.columns)
    if "lastmodified" in entity.fields:
        row["lastmodified"] = now()  # "auto-reset on modification"
    if not can_write(entity, ctx.access, row):
        raise forbidden()  # handing the record to an owner the caller cannot write for
    _finish(ctx, entity, op, row, old, parsed)
    stored = ctx.table(entity.name).update(old["ID"], row)
    return render(ctx, entity, stored), etag(stored)


def _finish(ctx: Context, entity: Entity, op: Any, row: Row, old: Row | None, parsed: writes.WriteBody) -> None:
    """What create and update share: dependencies, binfile contents, hooks, extdata and tags."""
    for column, fk in entity.fkeys.items():
        value = row.get(column)
        if value is None or (old is not None and old.get(column) == value) or column in parsed.binfiles:
            continue
        if ctx.rows(fk.table).get(str(value)) is None:
            # a missing dependency: 410 where the operation documents it (the research's reading)
            raise gone() if 410 in op.statuses else runtime_error(f"{column} references a missing row")
    stored = []
    for column, data in parsed.binfiles.items():
        row[column] = binfiles.store(ctx.tenant, data)
        stored.append(row[column])
    try:
        hooks.before_write(ctx, entity.name, row, old)
    except ApiError:
        # the size hooks read the stored binfile, so it is stored first and dropped on a refusal
        for binfile_id in stored:
            binfiles.discard(ctx.tenant, binfile_id)
        raise
    if entity.extdata:
        ext = dict((old or {}).get("extdata") or {})
        for k, v in (parsed.extdata or {}).items():
            if v is None:
                ext.pop(k, None)
            else:
                ext[k] = v
        row["extdata"] = ext
    if entity.tags:
        current = list(parsed.tags_reset if parsed.tags_reset is not None else (old or {}).get("tags") or [])
        for t in parsed.tags_add:
            if t not in current:
                current.append(t)
        row["tags"] = [t for t in dict.fromkeys(current) if t not in set(parsed.tags_remove)]


def delete(ctx: Context, entity: Entity, record_id: Any, precondition: Precondition | None = None) -> None:
    """Permanently delete a record, applying the schema's ON DELETE rules to the rows that
    reference it (CASCADE deletes them in turn, SET NULL clears the column); a RESTRICT reference
    (a binfile in use) answers 409 `Not Deletable` with nothing changed."""
    op = _op(entity, "delete")
    require(op, ctx.access)
    row = _find(ctx, entity, record_id)
    require_creator(op, ctx.access, row.get("creator"))
    if not can_write(entity, ctx.access, row):
        raise forbidden()
    if precondition is not None:
        precondition(etag(row), row)
    doomed = _cascade(ctx, entity.name, row["ID"])
    clears: list[tuple[str, int, str]] = []
    everything = entities()
    for name, ids in doomed.items():
        for ref in everything[name].referenced_by:
            for other in ctx.rows(ref.entity).values():
                target = other.get(ref.column)
                if target is None or target not in ids or other["ID"] in doomed.get(ref.entity, ()):
                    continue
                if ref.on_delete == "RESTRICT":
                    raise conflict(NOT_DELETABLE)
                if ref.on_delete == "SET NULL":
                    clears.append((ref.entity, other["ID"], ref.column))
    for name, other_id, column in clears:
        ctx.table(name).update(other_id, {column: None})
    for name, ids in doomed.items():
        table = ctx.table(name)
        for doomed_id in sorted(ids):
            table.delete(doomed_id)


def _cascade(ctx: Context, entity: str, record_id: int) -> dict[str, set[int]]:
    """Every row a delete removes: the row itself and, transitively, its CASCADE referrers."""
    doomed: dict[str, set[int]] = {entity: {record_id}}
    todo = [(entity, {record_id})]
    everything = entities()
    while todo:
        name, ids = todo.pop()
        for ref in everything[name].referenced_by:
            if ref.on_delete != "CASCADE":
                continue
            found = {r["ID"] for r in ctx.rows(ref.entity).values() if r.get(ref.column) in ids}
            new = found - doomed.setdefault(ref.entity, set())
            if new:
                doomed[ref.entity] |= new
                todo.append((ref.entity, new))
    return {k: v for k, v in doomed.items() if v}
