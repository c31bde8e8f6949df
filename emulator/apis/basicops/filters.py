"""The query grammar of BasicOps' list endpoints.

The seed names each resource's filterable fields and refers to a "Filters" section that no public
source has (research §1).  Following the research's recommendation (§1.4):

- `?<field>=<value>` is an equality filter on a documented filterable field;
- parameter names match case-insensitively (`istemplate`, `isTemplate`, `ISTEMPLATE`);
- booleans read true/false in any case, 1/0, yes/no; ids are compared as integers;
- dates: a bare date (`2018-08-01`) matches that UTC day, an instant matches that instant;
- `null` (or an empty value) matches records whose field is null;
- a value that cannot be of the field's type matches nothing (never an error);
- unknown parameters (`limit`, `offset`, `is_template`, `status` on projects, ...) are ignored,
  never a 400;
- `archived` on projects and tasks: absent or false lists active records only, true lists archived
  records "instead" (seed); `istemplate` on projects: absent or false lists projects only, true
  lists templates only (the seed's "null or false: project").
"""
from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from .formats import is_date_only, iso, parse_instant, to_bool, to_int

ID, BOOL, DATE, TEXT = "id", "bool", "date", "text"

# seed, "<Resource> filters": the fields each list can be filtered on, and their types
FILTERABLE: dict[str, dict[str, str]] = {
    "projects": {"isTemplate": BOOL, "owner": ID, "dueDate": DATE, "startDate": DATE,
                 "created": DATE, "updated": DATE},
    "sections": {"project": ID, "created": DATE, "updated": DATE},
    "tasks": {"project": ID, "section": ID, "assignee": ID, "dueDate": DATE, "status": TEXT,
              "created": DATE, "updated": DATE},
    "timeentries": {"project": ID, "task": ID, "startTime": DATE, "endTime": DATE,
                    "created": DATE, "updated": DATE},
    "notes": {"created": DATE, "updated": DATE},
    "users": {"created": DATE, "updated": DATE},
}
# resources whose lists hide archived records unless ?archived=true (seed: projects and tasks)
ARCHIVABLE = frozenset({"projects", "tasks"})

Predicate = Callable[[Any], bool]


def _nothing(_: Any) -> bool:
    return False


def _is_null(value: Any) -> bool:
    return value is None


def date_condition(text: str) -> Predicate:
    """Equality on a date field.  TODO(research §1.4): the real range grammar (before/after) is not
    public; until a source shows it, a bare date is its whole UTC day and an instant is itself."""
    at = parse_instant(text)
    if at is None:
        return _nothing
    if is_date_only(text):
        day = at.date().isoformat()
        return lambda stored: isinstance(stored, str) and stored[:10] == day
    wanted = iso(at)

    def same_instant(stored: Any) -> bool:
        if not isinstance(stored, str):
            return False
        if stored == wanted:
            return True
        parsed = parse_instant(stored)
        return parsed is not None and iso(parsed) == wanted

    return same_instant


def condition(kind: str, text: str) -> Predicate | None:
    """The test a stored value must pass, or None when the filter is to be ignored."""
    if text.strip().lower() in ("", "null"):
        return _is_null
    if kind == ID:
        wanted = to_int(text)
        return _nothing if wanted is None else (lambda stored: stored == wanted)
    if kind == BOOL:
        flag = to_bool(text)
        if flag is None:
            return None
        return (lambda stored: stored is True) if flag else (lambda stored: not stored)
    if kind == DATE:
        return date_condition(text)
    lowered = text.strip().lower()
    return lambda stored: isinstance(stored, str) and stored.lower() == lowered


@dataclass
class ListQuery:
    """A parsed list query: field conditions, the archived/template scope and the other parameters."""

    conditions: list[tuple[str, Predicate]] = field(default_factory=list)
    archived: bool = False
    templates: bool = False
    params: dict[str, str] = field(default_factory=dict)  # every parameter, by lower-cased name

    def param(self, name: str) -> str | None:
        return self.params.get(name.lower())

    def flag(self, name: str) -> bool:
        value = self.param(name)
        return bool(value is not None and to_bool(value))

    def matches(self, record: dict[str, Any]) -> bool:
        return all(test(record.get(name)) for name, test in self.conditions)


def parse(resource: str, pairs: Iterable[tuple[str, str]]) -> ListQuery:
    """Read a query string's (name, value) pairs for a list of `resource` (a repeated name: the last wins)."""
    params: dict[str, str] = {}
    for name, value in pairs:
        params[str(name).lower()] = str(value)
    query = ListQuery(params=params)
    fields = FILTERABLE.get(resource, {})
    for name, kind in fields.items():
        text = params.get(name.lower())
        if text is None:
            continue
        if resource == "projects" and name == "isTemplate":
            continue  # the template scope below
        test = condition(kind, text)
        if test is not None:
            query.conditions.append((name, test))
    if resource in ARCHIVABLE:
        query.archived = query.flag("archived")
    if resource == "projects":
        query.templates = query.flag("isTemplate")
    return query


def select(resource: str, records: Iterable[dict[str, Any]], query: ListQuery) -> list[dict[str, Any]]:
    """The records of a list that pass the query, in ascending id order (research §4.1).

    `records` may be a table's scan() (not copied): callers serialise what they get, never mutate it.
    """
    out = []
    archivable = resource in ARCHIVABLE
    for rec in records:
        if archivable and bool(rec.get("archived")) != query.archived:
            continue
        if resource == "projects" and bool(rec.get("isTemplate")) != query.templates:
            continue
        if query.conditions and not query.matches(rec):
            continue
        out.append(rec)
    out.sort(key=_id_order)
    return out


def _id_order(rec: dict[str, Any]) -> tuple[int, Any]:
    rid = rec.get("id")
    return (0, rid) if isinstance(rid, int) else (1, str(rid))
