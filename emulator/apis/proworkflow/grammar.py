"""The value grammar of ProWorkflow's query and body parameters (seed 003), as pure functions.

Every function takes the parameter's name (for the error text) and its raw value (a query string,
or a JSON value from a body) and returns a parsed value, or raises the API's 400 (errors.py).
Nothing here reads a request, the store or the clock: "now" is passed in.

The forms, as the seed documents them:
  search strings     "layout" (contains) / "!layout" (does not contain), case-insensitive
  id lists           "1,2,3", "!1,2" where negation is documented, "me", "all", "unassigned"
  dates              "2014-01-18" or relative "+/-Xd/w/m/y" from today ("-3w", "+1m", "+0d")
  date-times         "2014-01-18T13:20" or "Xn/h/d/w/m" ago (n = minutes, m = months)
  event times        "2014-01-18T13:20" or "now"
  comparisons        "3000.00" (exactly), "gte3000", "lte3000"; some add "over", "under", "gte30%"
  apifields pairs    "2,Europe||3,Industrial" (id,string pairs joined by two pipes)
  fields             a comma list of tokens from the operation's menu, "apifieldX", "apifields", "none"
  paging             pagenumber and pagesize, only together
  sorting            sortby from the operation's list, sortorder asc/desc
"""
from __future__ import annotations

import calendar
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from .errors import PAGING_PAIR, bad_request, invalid

MAX_RECORDS = 5000  # research section 4: a hard, silent cap per response

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_RELATIVE_DATE = re.compile(r"^([+-]?)(\d{1,5})([dwmy])$", re.IGNORECASE)
_DATETIME = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?$")
_AGO = re.compile(r"^-?(\d{1,6})([nhdwm])$", re.IGNORECASE)
_COMPARE = re.compile(r"^(gte|lte)?(-?\d+(?:\.\d+)?)(%)?$", re.IGNORECASE)
_INT = re.compile(r"^\s*-?\d+\s*$")
_APIFIELD = re.compile(r"^apifield(\d+)$")


# -- scalars -------------------------------------------------------------------------------------
def text(value: Any) -> str:
    """A parameter value as text: JSON numbers and booleans as a query string would spell them."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value).strip()


def parse_bool(name: str, value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    lowered = text(value).lower()
    if lowered in ("true", "1", "yes"):
        return True
    if lowered in ("false", "0", "no"):
        return False
    raise invalid(name, text(value), "true or false")


def parse_int(name: str, value: Any, minimum: int | None = None) -> int:
    if isinstance(value, bool):
        raise invalid(name, text(value), "a whole number")
    if isinstance(value, int):
        number = value
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    elif isinstance(value, str) and _INT.match(value):
        number = int(value)
    else:
        raise invalid(name, text(value), "a whole number")
    if minimum is not None and number < minimum:
        raise invalid(name, number, f"at least {minimum}")
    return number


def parse_number(name: str, value: Any) -> float:
    if isinstance(value, bool):
        raise invalid(name, text(value), "a number")
    if isinstance(value, (int, float)):
        return float(value)
    try:
        number = float(text(value))
    except ValueError:
        raise invalid(name, text(value), "a number") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise invalid(name, text(value), "a number")
    return number


def parse_choice(name: str, value: Any, choices: Iterable[str]) -> str:
    lowered = text(value).lower()
    options = tuple(choices)
    if lowered not in options:
        raise invalid(name, text(value), "one of " + ", ".join(options))
    return lowered


# -- search strings ------------------------------------------------------------------------------
@dataclass(frozen=True)
class Search:
    """"string" - where a column contains it; "!string" - where no column contains it."""

    needle: str
    negate: bool = False

    def matches(self, *texts: Any) -> bool:
        found = any(self.needle in str(t).casefold() for t in texts if t is not None)
        return not found if self.negate else found


def parse_search(name: str, value: Any) -> Search:
    raw = text(value)
    negate = raw.startswith("!")
    needle = raw[1:] if negate else raw
    return Search(needle.casefold(), negate)


# -- id lists ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class IdSelection:
    """An id list, possibly negated ("!1,2"), or a special word ("me", "all", "unassigned")."""

    ids: frozenset[int] = frozenset()
    negate: bool = False
    special: str = ""

    def resolve_me(self, my_id: int) -> IdSelection:
        if self.special == "me":
            return IdSelection(frozenset({my_id}), self.negate, "")
        return self

    @property
    def everything(self) -> bool:
        return self.special == "all"

    def matches(self, value: Any) -> bool:
        """One id (or None) against the selection."""
        found = value in self.ids
        return not found if self.negate else found

    def matches_any(self, values: Iterable[Any]) -> bool:
        found = any(v in self.ids for v in values)
        return not found if self.negate else found

    def matches_all(self, values: Iterable[Any]) -> bool:
        have = set(values)
        found = self.ids <= have
        return not found if self.negate else found


def parse_ids(name: str, value: Any, *, negation: bool = False,
              specials: Iterable[str] = ()) -> IdSelection:
    """'1,2,3' / [1, 2] / 7; '!1,2' where the seed documents negation; the named special words."""
    if isinstance(value, (list, tuple)):
        return IdSelection(frozenset(parse_int(name, v) for v in value))
    raw = text(value)
    lowered = raw.lower()
    if lowered in tuple(specials):
        return IdSelection(special=lowered)
    negate = negation and raw.startswith("!")
    body = raw[1:] if negate else raw
    if negate and body.lower() == "me" and "me" in tuple(specials):
        return IdSelection(negate=True, special="me")
    parts = [p.strip() for p in body.split(",")]
    if not parts or any(not p for p in parts):
        raise invalid(name, raw, "an id or a comma separated list of ids")
    ids = []
    for part in parts:
        if not part.isdigit():
            raise invalid(name, raw, "an id or a comma separated list of ids")
        ids.append(int(part))
    return IdSelection(frozenset(ids), negate)


def parse_id_list(name: str, value: Any) -> list[int]:
    """A body's id list ("1,2,3", [1, 2, 3] or 1), in the given order, without duplicates."""
    if value is None or value == "":
        return []
    items = value if isinstance(value, (list, tuple)) else text(value).split(",")
    out: list[int] = []
    for item in items:
        if isinstance(item, str) and not item.strip():
            raise invalid(name, text(value), "an id or a comma separated list of ids")
        number = parse_int(name, item.strip() if isinstance(item, str) else item, minimum=0)
        if number not in out:
            out.append(number)
    return out


# -- dates ---------------------------------------------------------------------------------------
def add_months(day: date, months: int) -> date:
    """Calendar months, clamping the day (Jan 31 + 1 month = Feb 28/29)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not 1 <= year <= 9999:
        raise OverflowError
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def shift_date(day: date, amount: int, unit: str) -> date:
    unit = unit.lower()
    if unit == "d":
        return day + timedelta(days=amount)
    if unit == "w":
        return day + timedelta(weeks=amount)
    if unit == "m":
        return add_months(day, amount)
    return add_months(day, 12 * amount)


def parse_date(name: str, value: Any, now: datetime) -> date:
    """'yyyy-mm-dd', or '+/-Xd/w/m/y' counted from today on the emulator's clock."""
    raw = text(value)
    m = _DATE.match(raw)
    if m:
        try:
            return date(int(m[1]), int(m[2]), int(m[3]))
        except ValueError:
            raise invalid(name, raw, "a date in yyyy-mm-dd format") from None
    m = _RELATIVE_DATE.match(raw)
    if m:
        amount = int(m[2]) * (-1 if m[1] == "-" else 1)
        try:
            return shift_date(now.date(), amount, m[3])
        except (OverflowError, ValueError):
            raise invalid(name, raw, "a relative date out of range") from None
    raise invalid(name, raw, "a date in yyyy-mm-dd format or a relative date like -3w or +1m")


def parse_datetime(name: str, value: Any, now: datetime) -> datetime:
    """'yyyy-mm-ddThh:mm' (seconds and a bare date also accepted), or 'Xn/h/d/w/m' ago."""
    raw = text(value)
    m = _DATETIME.match(raw)
    if m:
        try:
            return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4] or 0), int(m[5] or 0), int(m[6] or 0))
        except ValueError:
            raise invalid(name, raw, "a date & time in yyyy-mm-ddThh:mm format") from None
    m = _AGO.match(raw)
    if m:
        amount, unit = int(m[1]), m[2].lower()
        base = now.replace(tzinfo=None, microsecond=0)
        try:
            if unit == "m":
                return datetime.combine(add_months(base.date(), -amount), base.time())
            scale = {"n": timedelta(minutes=1), "h": timedelta(hours=1), "d": timedelta(days=1),
                     "w": timedelta(weeks=1)}[unit]
            return base - scale * amount
        except (OverflowError, ValueError):
            raise invalid(name, raw, "a relative time out of range") from None
    raise invalid(name, raw, "a date & time in yyyy-mm-ddThh:mm format or a relative time like 12h")


def parse_moment(name: str, value: Any, now: datetime) -> datetime:
    """Event start and end: 'yyyy-mm-ddThh:mm' or 'now'."""
    if text(value).lower() == "now":
        return now.replace(tzinfo=None, microsecond=0)
    raw = text(value)
    if not _DATETIME.match(raw):
        raise invalid(name, raw, "a date & time in yyyy-mm-ddThh:mm format or now")
    return parse_datetime(name, raw, now)


def stamp(at: datetime | date) -> str:
    """The wire form of every date: YYYY-MM-DDTHH:MM:SS without a time zone (research section 4)."""
    if isinstance(at, datetime):
        return at.replace(tzinfo=None, microsecond=0).isoformat(timespec="seconds")
    return at.isoformat() + "T00:00:00"


# -- comparisons ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Comparison:
    """'3000' exactly, 'gte3000', 'lte3000'; 'over'/'under'; 'gte30%' of a reference value."""

    op: str  # eq | gte | lte | over | under
    number: float = 0.0
    percent: bool = False

    def test(self, value: float | None, reference: float | None = None, *, skip_zero_reference: bool = True) -> bool:
        """`skip_zero_reference`: invoicetotal's "(Projects with 0 Quote Total ignored)"; the seed says no such
        thing for timetracked, where a task with no time allocated but time tracked is "over"."""
        value = float(value or 0)
        reference = float(reference or 0)
        if self.op in ("over", "under") or self.percent:
            if not reference and skip_zero_reference:
                return False  # "Projects with 0 Quote Total ignored"
            if self.op == "over":
                return value > reference
            if self.op == "under":
                return value <= reference
            target = reference * self.number / 100.0
        else:
            target = self.number
        if self.op == "gte":
            return value >= target - 1e-9
        if self.op == "lte":
            return value <= target + 1e-9
        return abs(value - target) < 1e-9


def parse_compare(name: str, value: Any, *, relative: bool = False) -> Comparison:
    """`relative` allows over/under and the percentage forms (invoicetotal, timetracked)."""
    raw = text(value).lower()
    if relative and raw in ("over", "under"):
        return Comparison(raw)
    m = _COMPARE.match(raw)
    if not m or (m[3] and not (relative and m[1])):
        raise invalid(name, text(value), "a number, gteNUMBER or lteNUMBER")
    return Comparison(m[1] or "eq", float(m[2]), bool(m[3]))


# -- api field pairs -----------------------------------------------------------------------------
@dataclass(frozen=True)
class Pairs:
    """apifields / customfields filters: (field id, string) pairs and the any/all mode."""

    pairs: tuple[tuple[int, str], ...]
    mode: str = "any"

    def matches(self, values: Mapping[str, Any]) -> bool:
        """`values` maps field id (as text) to the record's value; "contains", case-insensitive."""
        def hit(pair: tuple[int, str]) -> bool:
            stored = values.get(str(pair[0]))
            return stored is not None and pair[1].casefold() in str(stored).casefold()
        if self.mode == "all":
            return all(hit(p) for p in self.pairs)
        return any(hit(p) for p in self.pairs)


def parse_pairs(name: str, value: Any, mode: str = "any") -> Pairs:
    raw = text(value)
    pairs = []
    for chunk in raw.split("||"):
        field_id, sep, needle = chunk.partition(",")
        if not sep or not field_id.strip().isdigit() or not needle:
            raise invalid(name, raw, "id,string pairs separated by ||, e.g. 2,Europe||3,Industrial")
        pairs.append((int(field_id.strip()), needle))
    return Pairs(tuple(pairs), mode)


def parse_body_pairs(name: str, value: Any) -> dict[str, Any]:
    """A body's apifields/customfields: [{"id": 1, "value": "Europe"}, ...] -> {"1": "Europe"}."""
    if isinstance(value, dict):
        value = [value]
    if not isinstance(value, list):
        raise invalid(name, text(value), 'a list of {"id", "value"} objects')
    out: dict[str, Any] = {}
    for item in value:
        if not isinstance(item, dict) or "id" not in item:
            raise bad_request(f"'{name}': each item needs an 'id' and a 'value'")
        out[str(parse_int(name, item["id"], minimum=1))] = item.get("value", "")
    return out


# -- fields --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class FieldSelection:
    tokens: tuple[str, ...] = ()
    apifield_ids: tuple[int, ...] = ()
    all_apifields: bool = False
    none: bool = False  # "none": totals/subtotals only


def parse_fields(name: str, value: Any, menu: Iterable[str], *, apifields: bool = True,
                 allow_none: bool = False) -> FieldSelection:
    """A comma list of menu tokens; 'apifields', 'apifieldX' where the menu lists them; 'none'."""
    allowed = set(menu)
    raw = text(value)
    tokens: list[str] = []
    ids: list[int] = []
    every = False
    for part in (p.strip().lower() for p in raw.split(",")):
        if not part:
            continue
        if part == "none" and allow_none:
            return FieldSelection(none=True)
        m = _APIFIELD.match(part)
        if apifields and m:
            ids.append(int(m[1]))
        elif apifields and part == "apifields":
            every = True
        elif part in allowed:
            if part not in tokens:
                tokens.append(part)
        elif part != "id":  # id is always returned; asking for it is harmless
            raise invalid(name, part, "not a field of this call")
    return FieldSelection(tuple(tokens), tuple(ids), every)


# -- paging and sorting --------------------------------------------------------------------------
@dataclass(frozen=True)
class Page:
    number: int
    size: int

    def slice(self, items: list[Any]) -> list[Any]:
        start = (self.number - 1) * self.size
        return items[start:start + self.size]


def parse_paging(number: Any, size: Any) -> Page | None:
    """pagenumber and pagesize only together (NUMA live: 400 with PAGING_PAIR otherwise)."""
    has_number = number not in (None, "")
    has_size = size not in (None, "")
    if not has_number and not has_size:
        return None
    if has_number != has_size:
        raise bad_request(PAGING_PAIR)
    return Page(parse_int("pagenumber", number, minimum=1), parse_int("pagesize", size, minimum=1))


def cap(items: list[Any]) -> list[Any]:
    return items[:MAX_RECORDS]


@dataclass(frozen=True)
class Sort:
    by: str
    descending: bool = False


def parse_sort(sortby: Any, sortorder: Any, allowed: Iterable[str], default_by: str,
               default_order: str = "asc") -> Sort:
    options = tuple(allowed)
    by = text(sortby).lower() if sortby not in (None, "") else default_by
    if by not in options:
        raise invalid("sortby", text(sortby), "one of " + ", ".join(options))
    order = text(sortorder).lower() if sortorder not in (None, "") else default_order
    if order not in ("asc", "desc"):
        raise invalid("sortorder", text(sortorder), "asc or desc")
    return Sort(by, order == "desc")


def sort_key(value: Any) -> tuple[int, Any]:
    """A total order over mixed values: missing first, numbers by value, text case-insensitively."""
    if value is None or value == "":
        return (0, "")
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    return (2, str(value).casefold())


# -- invoice specifics ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Discount:
    value: float = 0.0
    percent: bool = False

    def amount(self, subtotal: float) -> float:
        return round(subtotal * self.value / 100.0, 2) if self.percent else round(self.value, 2)


def parse_discount(name: str, value: Any) -> Discount:
    """'500' (a fixed amount) or '10%'."""
    if value in (None, ""):
        return Discount()
    raw = text(value)
    percent = raw.endswith("%")
    number = parse_number(name, raw[:-1] if percent else raw)
    if number < 0 or (percent and number > 100):
        raise invalid(name, raw, "a positive amount or a percentage up to 100%")
    return Discount(number, percent)


@dataclass(frozen=True)
class DisplayOrder:
    mode: str  # auto | after | before | number
    line_id: int = 0
    number: float = 0.0


def parse_displayorder(name: str, value: Any, *, positional: bool = True) -> DisplayOrder:
    """'auto', 'after1', 'before1' (Add Line/s only) or a number such as 1.1."""
    raw = text(value).lower()
    if positional and raw in ("", "auto"):
        return DisplayOrder("auto")
    for mode in ("after", "before"):
        if positional and raw.startswith(mode) and raw[len(mode):].isdigit():
            return DisplayOrder(mode, line_id=int(raw[len(mode):]))
    return DisplayOrder("number", number=parse_number(name, raw))
