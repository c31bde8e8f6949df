"""Filter factories: one per kind of FILTER parameter the seed documents, built on grammar.py.

A resource module declares, for each filter its list calls take, a factory:

    FILTERS = {"search": search("name", "code"), "pending": flag("pending"), ...}

listing.py calls `factory(name, raw_value, query)` once per request; the factory parses the value
(a malformed one is the API's 400) and returns a predicate over stored records, or None when the
value selects everything ("all").  A column is a record key, or a function (record, query) -> value
for derived values (a task's project status, a project's tracked time).
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from . import grammar
from .context import Context

Record = Mapping[str, Any]
Predicate = Callable[[Record], bool]
Column = str | Callable[[Record, "ListQuery"], Any]


@dataclass
class ListQuery:
    """What a filter may consult besides its own value: the other parameters, the caller, now."""

    ctx: Context
    values: dict[str, Any]  # the request's parameters with the operation's defaults filled in

    @property
    def now(self) -> datetime:
        return self.ctx.now

    def get(self, name: str, default: Any = None) -> Any:
        value = self.values.get(name)
        return default if value in (None, "") else value


Factory = Callable[[str, Any, ListQuery], Predicate | None]


def _getter(column: Column) -> Callable[[Record, ListQuery], Any]:
    if callable(column):
        return column
    return lambda r, q: r.get(column)


def search(*columns: Column) -> Factory:
    """'string': any column contains it; '!string': no column does (seed: "Name and Code do not")."""
    getters = [_getter(c) for c in columns]

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        s = grammar.parse_search(name, value)
        return lambda r: s.matches(*(g(r, q) for g in getters))
    return build


def ids(column: Column, *, negation: bool = False, specials: Iterable[str] = (), many: bool = False,
        mode_param: str = "") -> Factory:
    """An id list against one id column, or against a list column (`many`): any match by default,
    all of them when `mode_param` (contactsmode) says "all"; "me" is the caller; "all" everything;
    "unassigned" an empty list column."""
    get = _getter(column)
    words = tuple(specials)

    def build(name: str, value: Any, q: ListQuery) -> Predicate | None:
        sel = grammar.parse_ids(name, value, negation=negation, specials=words).resolve_me(q.ctx.me)
        if sel.everything:
            return None
        if sel.special == "unassigned":
            return lambda r: not (get(r, q) or [])
        mode = grammar.parse_choice(mode_param, q.get(mode_param, "any"), ("any", "all")) if mode_param else "any"
        if many:
            if mode == "all":
                return lambda r: sel.matches_all(get(r, q) or [])
            return lambda r: sel.matches_any(get(r, q) or [])
        return lambda r: sel.matches(get(r, q))
    return build


def id_from(column: Column = "id") -> Factory:
    """idfrom: records with id >= the value (the seed's "less than or equal" is a wording slip)."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        bound = grammar.parse_int(name, value)
        return lambda r: (get(r, q) or 0) >= bound
    return build


def id_to(column: Column = "id") -> Factory:
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        bound = grammar.parse_int(name, value)
        return lambda r: (get(r, q) or 0) <= bound
    return build


def equals_id(column: Column) -> Factory:
    """A single id (divisionid, originalmessageid): records whose column equals it."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        wanted = grammar.parse_int(name, value)
        return lambda r: (get(r, q) or 0) == wanted
    return build


def date_from(column: Column) -> Factory:
    """On or after a date (yyyy-mm-dd or relative): compares the stored value's date part."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        bound = grammar.parse_date(name, value, q.now).isoformat()
        return lambda r: bool(get(r, q)) and str(get(r, q))[:10] >= bound
    return build


def date_to(column: Column) -> Factory:
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        bound = grammar.parse_date(name, value, q.now).isoformat()
        return lambda r: bool(get(r, q)) and str(get(r, q))[:10] <= bound
    return build


def moment_from(column: Column) -> Factory:
    """On or after a date & time (yyyy-mm-ddThh:mm or Xn/h/d/w/m ago)."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        bound = grammar.stamp(grammar.parse_datetime(name, value, q.now))
        return lambda r: bool(get(r, q)) and str(get(r, q)) >= bound
    return build


def moment_to(column: Column) -> Factory:
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        bound = grammar.stamp(grammar.parse_datetime(name, value, q.now))
        return lambda r: bool(get(r, q)) and str(get(r, q)) <= bound
    return build


def choice(column: Column, mapping: Mapping[str, Any]) -> Factory:
    """A documented word: `mapping` gives, per word, the stored value to match, a predicate
    (record, query) -> bool, or None for "all"."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate | None:
        word = grammar.parse_choice(name, value, mapping)
        wanted = mapping[word]
        if wanted is None:
            return None
        if callable(wanted):
            return lambda r: bool(wanted(r, q))
        return lambda r: get(r, q) == wanted
    return build


def flag(column: Column, *, invert: bool = False) -> Factory:
    """true/false against a boolean column."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        wanted = grammar.parse_bool(name, value) != invert
        return lambda r: bool(get(r, q)) == wanted
    return build


def include(column: Column) -> Factory:
    """generaltasks / projecttasks: "true" includes the kind (no filter), "false" excludes it."""
    get = _getter(column)

    def build(name: str, value: Any, q: ListQuery) -> Predicate | None:
        if grammar.parse_bool(name, value):
            return None
        return lambda r: not get(r, q)
    return build


def compare(column: Column, *, relative_to: Column | None = None) -> Factory:
    """'300' exactly, 'gte300', 'lte300'; with `relative_to`, also over/under/gte30%/lte30%."""
    get = _getter(column)
    ref = _getter(relative_to) if relative_to is not None else None

    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        cmp = grammar.parse_compare(name, value, relative=ref is not None)
        if ref is None:
            return lambda r: cmp.test(get(r, q))
        return lambda r: cmp.test(get(r, q), ref(r, q))
    return build


def pairs(column: str = "apifields", mode_param: str = "apifieldsmode") -> Factory:
    """'2,Europe||3,Industrial' against the record's {field id: value}, any/all by mode."""
    def build(name: str, value: Any, q: ListQuery) -> Predicate:
        mode = grammar.parse_choice(mode_param, q.get(mode_param, "any"), ("any", "all"))
        wanted = grammar.parse_pairs(name, value, mode)
        return lambda r: wanted.matches(r.get(column) or {})
    return build


def mode(*choices: str) -> Factory:
    """A mode parameter (apifieldsmode, contactsmode, ...): validated here, used by its partner."""
    options = choices or ("any", "all")

    def build(name: str, value: Any, q: ListQuery) -> None:
        grammar.parse_choice(name, value, options)
        return None
    return build


def ignored(name: str, value: Any, q: ListQuery) -> None:
    """A parameter consumed elsewhere (subtotalsdateoption, timetrackedby for timetracked)."""
    return None
