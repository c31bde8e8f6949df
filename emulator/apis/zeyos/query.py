"""ZeyOS list queries (`POST /{entity}`): the request grammar, compiled once, run over raw rows.

A list body names `fields` (an array, or an object whose non-numeric keys are aliases), dotted
joins one level along a foreign key (`contact.city`), extdata values (`extdata.nickname`),
`filter`/`filters` (AND-ed when both are given) with the seed's operators and AND/OR/NOT groups
under integer keys, a `query` search string, `sort`, `limit` (1..10000, default 1000), `offset`,
`count`, `distinct`, `expand`, `extdata` and `export` (CSV with `;`).

Speed: a filter is compiled to Python source once per request (one function per AND/OR/NOT group,
values bound as constants, never spliced into the source) and run as a single list comprehension
over the stored rows; joins look the target row up by ID.  Only the requested page is projected.

SQL semantics are kept where a client can see them: a comparison with NULL is unknown, and NOT of
unknown stays unknown (rows under a NOT group are evaluated three-valued), `!IN` with a NULL in the
list matches nothing, ascending sorts put NULLs last and descending ones first, and the order
without `sort` (and among equal sort keys) is by ID so that paging with limit/offset is exact.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from operator import itemgetter
from typing import Any

from ...core.api import ApiError
from ...core.forms import parse_json
from . import values
from .errors import (
    INVALID_FIELD,
    INVALID_FILTER,
    INVALID_OPERATOR,
    INVALID_PARAMETER,
    INVALID_VALUE,
    forbidden,
)
from .hooks import MASKED, mask
from .patterns import Deadline, compile_like, compile_regex
from .rows import Rows
from .schema import Entity, Field, entities

DEFAULT_LIMIT = 1000
MAX_LIMIT = 10000
MAX_GROUP_DEPTH = 200  # PHP's json_decode stops at 512 levels; a group costs two (list + object)
COMPARE = ("=", "!=", "<>", "<", "<=", ">", ">=")
SETS = ("IN", "!IN")
REGEX = ("~", "~*", "!~", "!~*")
LIKE = ("~~", "~~*", "!~~", "!~~*")
OPERATORS = COMPARE + SETS + REGEX + LIKE
GROUP_OPS = ("AND", "OR", "NOT")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INT_KEY = re.compile(r"^-?\d+$")


def _invalid_field() -> ApiError:
    return ApiError(400, INVALID_FIELD)


# -- columns ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Column:
    """A resolved field path of one entity: an own column, a joined column or an extdata value."""

    path: str
    field: Field | None  # None: an extdata value (text)
    join: str | None = None  # the base entity's FK column, for `fk.column`
    target: str | None = None  # the joined entity
    extdata: str | None = None  # the extdata key, for `extdata.name`

    @property
    def type(self) -> str:
        return self.field.type if self.field is not None else "string"


def resolve(entity: Entity, path: Any) -> Column:
    """A field path as the seed allows it, or 400 `Invalid selection field`."""
    if not isinstance(path, str) or not path:
        raise _invalid_field()
    if path in entity.fields:
        return Column(path, entity.fields[path])
    head, dot, rest = path.partition(".")
    if not dot or not rest:
        raise _invalid_field()
    if head == "extdata":
        if not entity.extdata:
            raise _invalid_field()
        return Column(path, None, extdata=rest)
    target_name = entity.join_target(head)
    if target_name is None:
        raise _invalid_field()
    target = entities().get(target_name)
    if target is None or rest not in target.fields:
        raise _invalid_field()  # one level only: `contact.account.x` and `contact.extdata.x` are not joins
    return Column(path, target.fields[rest], join=head, target=target_name)


# -- code generation ----------------------------------------------------------------------------
class _Code:
    """Python source for one query, with every value bound as a named constant."""

    def __init__(self, rows: Rows, deadline: Deadline) -> None:
        self.rows = rows
        self.deadline = deadline
        self.ns: dict[str, Any] = {"_E": {}, "_and3": _and3, "_or3": _or3, "_not3": _not3,
                                   "_txt": values.text_of, "_num": values.number_of, "_str": str}
        self.functions: list[str] = []
        self._joins: dict[str, str] = {}

    def const(self, value: Any) -> str:
        name = f"c{len(self.ns)}"
        self.ns[name] = value
        return name

    def access(self, col: Column) -> str:
        """An expression reading `col` from the row `r`."""
        if col.extdata is not None:
            return f"(r.get('extdata') or _E).get({self.const(col.extdata)})"
        assert col.field is not None and _IDENT.match(col.field.name)
        if col.join is None:
            return f"r.get({col.field.name!r})"
        assert _IDENT.match(col.join)
        table = self._joins.get(col.target or "")
        if table is None:
            table = self._joins[col.target or ""] = self.const(self.rows(col.target or ""))
        return f"({table}.get(_str(r.get({col.join!r}))) or _E).get({col.field.name!r})"

    def compile(self, source: str, name: str) -> Any:
        code = "\n\n".join(self.functions + [source])
        exec(compile(code, f"<zeyos query {name}>", "exec"), self.ns)  # noqa: S102 - source built here
        return self.ns[name]


def _and3(*xs: bool | None) -> bool | None:
    out: bool | None = True
    for x in xs:
        if x is False:
            return False
        if x is None:
            out = None
    return out


def _or3(*xs: bool | None) -> bool | None:
    out: bool | None = False
    for x in xs:
        if x is True:
            return True
        if x is None:
            out = None
    return out


def _not3(x: bool | None) -> bool | None:
    return None if x is None else not x


# -- filters ------------------------------------------------------------------------------------
class _FilterCompiler:
    def __init__(self, entity: Entity, code: _Code) -> None:
        self.entity = entity
        self.code = code

    def top(self, filters: list[Any]) -> str:
        """The two-valued expression for the AND of every top-level filter."""
        parts = [self.node(f, tri=False, depth=0) for f in filters]
        return _join(parts, " and ", "True")

    def node(self, node: Any, tri: bool, depth: int) -> str:
        """A condition object ({field: cond, "2": [group]}) or a group list (["OR", {...}, ...])."""
        if depth > MAX_GROUP_DEPTH:
            raise ApiError(400, INVALID_FILTER)
        if isinstance(node, list):
            return self.group(node, tri, depth + 1)
        if not isinstance(node, dict):
            raise ApiError(400, INVALID_FILTER)
        parts = []
        for key, cond in node.items():
            key = str(key)
            if _INT_KEY.match(key):
                if not isinstance(cond, list):
                    raise ApiError(400, INVALID_FILTER)
                parts.append(self.group(cond, tri, depth + 1))
            else:
                parts.append(self.field(resolve(self.entity, key), cond, tri))
        return _and(parts, tri)

    def group(self, items: list[Any], tri: bool, depth: int) -> str:
        if items and isinstance(items[0], str):
            op, conds = items[0].strip().upper(), items[1:]
            if op not in GROUP_OPS:
                raise ApiError(400, INVALID_OPERATOR)
        else:
            op, conds = "AND", items  # a bare list of conditions: AND, as at the top level
        if not conds:
            raise ApiError(400, INVALID_FILTER)
        inner_tri = tri or op == "NOT"
        parts = [self.node(c, inner_tri, depth) for c in conds]
        if op == "OR":
            body = ("_or3(" + ", ".join(parts) + ")") if inner_tri else "(" + " or ".join(parts) + ")"
        else:
            body = _and(parts, inner_tri)
        name = f"g{len(self.code.functions)}"
        self.code.functions.append(f"def {name}(r):\n    return {body}")
        call = f"{name}(r)"
        if op == "NOT":
            return f"_not3({call})" if tri else f"({call} is False)"
        return call

    def field(self, col: Column, cond: Any, tri: bool) -> str:
        if isinstance(cond, dict):
            if not cond:
                raise ApiError(400, INVALID_FILTER)
            return _and([self.leaf(col, str(op), v, tri) for op, v in cond.items()], tri)
        if isinstance(cond, list):
            return self.leaf(col, "IN", cond, tri)
        return self.leaf(col, "=", cond, tri)

    def leaf(self, col: Column, op: str, value: Any, tri: bool) -> str:
        op = op.strip().upper() if op.strip().upper() in ("IN", "!IN") else op.strip()
        if op not in OPERATORS:
            raise ApiError(400, INVALID_OPERATOR)
        code = self.code
        acc = code.access(col)
        if col.type in ("json", "array", "object"):
            acc = f"(None if (_w:={acc}) is None else _txt(_w))"
        if op in SETS:
            items = value if isinstance(value, list) else [value]
            try:
                coerced = [self.coerce(col, v) for v in items]
            except values.Invalid:
                raise ApiError(400, INVALID_VALUE) from None
            has_null = any(v is None for v in coerced)
            try:
                members = code.const(frozenset(v for v in coerced if v is not None))
            except TypeError:
                raise ApiError(400, INVALID_VALUE) from None
            reader = self.reader(col, acc, coerced)
            if op == "IN":
                if tri:
                    hit = f"(True if _v in {members} else None)" if has_null else f"(_v in {members})"
                    return f"(None if (_v:={reader}) is None else {hit})"
                return f"({reader} in {members})"
            if has_null:
                return f"(None if (_v:={reader}) is None else (False if _v in {members} else None))" \
                    if tri else "False"
            return f"(None if (_v:={reader}) is None else (_v not in {members}))" if tri \
                else f"((_v:={reader}) is not None and _v not in {members})"
        if op in REGEX or op in LIKE:
            if value is None:
                return "None" if tri else "False"
            if isinstance(value, (dict, list)):
                raise ApiError(400, INVALID_VALUE)
            pattern = values.php_string(value)
            negate = op.startswith("!")
            icase = op.endswith("*")
            matcher = compile_regex(pattern, icase, code.deadline) if op in REGEX else compile_like(pattern, icase)
            m = code.const(matcher)
            text = "_v" if col.type == "string" and col.extdata is None else "_txt(_v)"
            test = f"{'not ' if negate else ''}{m}({text})"
            return f"(None if (_v:={acc}) is None else ({test}))" if tri \
                else f"((_v:={acc}) is not None and {test})"
        # comparisons
        try:
            c = self.coerce(col, value)
        except values.Invalid:
            raise ApiError(400, INVALID_VALUE) from None
        if isinstance(c, (dict, list)):
            raise ApiError(400, INVALID_VALUE)
        if c is None:
            if op == "=":
                return f"({acc} is None)"
            if op in ("!=", "<>"):
                return f"({acc} is not None)"
            return "None" if tri else "False"
        sym = "!=" if op == "<>" else "==" if op == "=" else op
        k = code.const(c)
        reader = self.reader(col, acc, [c])
        if op == "=" and not tri:
            return f"({reader} == {k})"
        return f"(None if (_v:={reader}) is None else (_v {sym} {k}))" if tri \
            else f"((_v:={reader}) is not None and _v {sym} {k})"

    @staticmethod
    def coerce(col: Column, value: Any) -> Any:
        if col.extdata is not None and isinstance(value, (int, float)) and not isinstance(value, bool):
            return value  # compared with the numeric reading of the extdata value
        return values.coerce(col.field, value)

    @staticmethod
    def reader(col: Column, acc: str, constants: list[Any]) -> str:
        """extdata values are text; against numbers they are read as numbers (ZeyOS's shadow)."""
        if col.extdata is not None and any(isinstance(c, (int, float)) and not isinstance(c, bool)
                                           for c in constants):
            return f"_num({acc})"
        return acc


def _join(parts: list[str], sep: str, empty: str) -> str:
    return "(" + sep.join(parts) + ")" if parts else empty


def _and(parts: list[str], tri: bool) -> str:
    if not parts:
        return "True"
    if len(parts) == 1:
        return parts[0]
    return ("_and3(" + ", ".join(parts) + ")") if tri else "(" + " and ".join(parts) + ")"


# -- the request --------------------------------------------------------------------------------
@dataclass
class ListQuery:
    """A parsed list body (see `parse`)."""

    fields: list[tuple[str, Column]] | None  # (output key, column); None = every standard field
    filters: list[Any]
    search: list[str]
    sort: list[tuple[Column | str, bool]]  # (column or output alias, descending)
    limit: int | None
    offset: int
    count: bool
    distinct: bool
    expand: frozenset[str]
    extdata: bool
    export: bool
    raw: dict[str, Any] = field(default_factory=dict)


def _decoded(value: Any) -> Any:
    """A form value that holds JSON (`filters={"status":1}`) as the JSON it holds."""
    if isinstance(value, str):
        text = value.strip()
        if text[:1] in ("{", "["):
            try:
                return parse_json(text)
            except ValueError:
                raise ApiError(400, INVALID_PARAMETER) from None
    return value


def _flag(value: Any) -> bool:
    if value is None:
        return False
    try:
        return values.to_bool(value)
    except values.Invalid:
        if isinstance(value, str):
            return value != ""
        raise ApiError(400, INVALID_PARAMETER) from None


def _strings(value: Any) -> list[str]:
    value = _decoded(value)
    if value is None or value == "":
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return value
    raise ApiError(400, INVALID_PARAMETER)


def _integer(value: Any, default: int | None) -> int | None:
    if value is None or value == "":
        return default
    try:
        return values.to_int(value)
    except values.Invalid:
        raise ApiError(400, INVALID_PARAMETER) from None


def parse(entity: Entity, body: dict[str, Any]) -> ListQuery:
    """Validate a list body against the entity's table; every error is ZeyOS's 400."""
    if not isinstance(body, dict):
        raise ApiError(400, INVALID_PARAMETER)
    fields_param = _decoded(body.get("fields"))
    out_fields: list[tuple[str, Column]] | None = None
    if fields_param not in (None, "", [], {}):
        if isinstance(fields_param, str):
            fields_param = [fields_param]
        if isinstance(fields_param, list):
            out_fields = [(p, resolve(entity, p)) for p in fields_param]
        elif isinstance(fields_param, dict):
            out_fields = []
            for key, path in fields_param.items():
                col = resolve(entity, path)
                out_fields.append((col.path if _INT_KEY.match(str(key)) else str(key), col))
        else:
            raise _invalid_field()
    filters = []
    for key in ("filter", "filters"):
        f = _decoded(body.get(key))
        if f in (None, "", [], {}):
            continue
        if not isinstance(f, (dict, list)):
            raise ApiError(400, INVALID_FILTER)
        filters.append(f)
    query = body.get("query")
    if isinstance(query, (int, float)) and not isinstance(query, bool):
        query = values.php_string(query)
    if query is not None and not isinstance(query, str):
        raise ApiError(400, INVALID_PARAMETER)
    aliases = {key for key, _ in out_fields or []}
    sort: list[tuple[Column | str, bool]] = []
    for item in _strings(body.get("sort")):
        item = item.strip()
        desc = item.startswith("-")
        name = item[1:] if item[:1] in "+-" else item
        try:
            sort.append((resolve(entity, name), desc))
        except ApiError:
            if name not in aliases:
                raise
            sort.append((name, desc))  # SQL may order by an output alias
    export = _flag(body.get("export"))
    limit = _integer(body.get("limit"), None if export else DEFAULT_LIMIT)
    if limit is not None:
        if limit < 1:
            raise ApiError(400, INVALID_PARAMETER)
        limit = min(limit, MAX_LIMIT)  # the real server caps silently (the official client relies on it)
    offset = _integer(body.get("offset"), 0) or 0
    if offset < 0:
        raise ApiError(400, INVALID_PARAMETER)
    return ListQuery(
        fields=out_fields, filters=filters, search=(query or "").lower().split(), sort=sort, limit=limit,
        offset=offset, count=_flag(body.get("count")), distinct=_flag(body.get("distinct")),
        expand=frozenset(_strings(body.get("expand"))), extdata=_flag(body.get("extdata")) and entity.extdata,
        export=export, raw=body,
    )


@dataclass
class ListResult:
    rows: list[dict[str, Any]] | None = None
    count: int | None = None
    csv: str | None = None


def run(entity: Entity, q: ListQuery, rows: Rows, *, admin: bool = False,
        visible: Callable[[dict[str, Any]], bool] | None = None,
        binfile_content: Callable[[Any], Any] | None = None) -> ListResult:
    """Answer a parsed list query over `rows` (see rows.py).

    `visible(row)` narrows the rows to what the caller may read (ownership); `binfile_content(id)`
    gives `{"content": base64}` for an expanded binfile column."""
    if q.export and not admin:
        raise forbidden()
    code = _Code(rows, Deadline())
    cond = _FilterCompiler(entity, code).top(q.filters)
    if q.search:
        cols = [c for c in entity.search]
        if cols:
            words = []
            for word in q.search:
                w = code.const(word)
                words.append("(" + " or ".join(f"{w} in (r.get({c!r}) or '').lower()" for c in cols) + ")")
            cond = f"({cond} and {' and '.join(words)})"
    if visible is not None:
        code.ns["_visible"] = visible
        cond = f"({cond} and _visible(r))"
    scan = code.compile(f"def scan(rows):\n    return [r for r in rows if {cond}]", "scan")
    matched = scan(rows(entity.name).values())
    if q.count:
        return ListResult(count=len(matched))
    matched.sort(key=itemgetter("ID"))
    project = _projection(entity, q, code, binfile_content)
    for col, desc in reversed(q.sort):
        key = _sort_key(col, code, project)
        matched.sort(key=key, reverse=desc)
    end = None if q.limit is None else q.offset + q.limit
    if q.distinct:
        page, seen = [], set()
        for r in matched:
            out = project(r)
            marker = json.dumps(out, sort_keys=True, default=str)
            if marker not in seen:
                seen.add(marker)
                page.append(out)
        page = page[q.offset:end]
    else:
        page = [project(r) for r in matched[q.offset:end]]
    if q.export:
        return ListResult(csv=_csv(page))
    return ListResult(rows=page)


def _projection(entity: Entity, q: ListQuery, code: _Code,
                binfile_content: Callable[[Any], Any] | None) -> Callable[[dict[str, Any]], dict[str, Any]]:
    selected = q.fields
    if selected is None:
        selected = [(name, Column(name, f)) for name, f in entity.fields.items()]
    expand = q.expand if not q.export else frozenset()
    items = []
    for key, col in selected:
        acc = code.access(col)
        f = col.field
        if f is not None and f.composite:
            if f.type == "binfile" and col.path in expand and binfile_content is not None:
                acc = f"{code.const(binfile_content)}({acc})"
            elif f.type != "binfile":
                acc = f"{code.const(values.render)}({code.const(f)}, {acc}, {col.path in expand})"
        elif f is not None and col.join is None and f.name in MASKED.get(entity.name, ()):
            acc = f"{code.const(mask)}({entity.name!r}, {f.name!r}, {acc})"
        items.append(f"{code.const(key)}: {acc}")
    if q.extdata:
        items.append("'extdata': dict(r.get('extdata') or _E)")
    return code.compile("def project(r):\n    return {" + ", ".join(items) + "}", "project")


def _sort_key(col: Column | str, code: _Code, project: Callable) -> Callable[[dict[str, Any]], Any]:
    if isinstance(col, str):
        alias = col
        read = lambda r: project(r).get(alias)  # noqa: E731 - ordering by an output alias
    else:
        read = code.compile(f"def read(r):\n    return {code.access(col)}", "read")

    def key(r: dict[str, Any]) -> Any:
        v = read(r)
        if v is None:
            return (1, 0)
        if isinstance(v, (dict, list)):
            return (0, values.json_text(v))
        if isinstance(v, bool):
            return (0, int(v))
        return (0, v)

    return key


def _csv(rows: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\n")
    if rows:
        writer.writerow(list(rows[0].keys()))
    for row in rows:
        writer.writerow(["" if v is None else values.text_of(v) for v in row.values()])
    return buf.getvalue()


def list_records(entity: Entity, body: dict[str, Any], rows: Rows, **kwargs: Any) -> ListResult:
    """parse + run: the whole list operation over plain data."""
    return run(entity, parse(entity, body), rows, **kwargs)
