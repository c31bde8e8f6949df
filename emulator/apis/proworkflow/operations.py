"""The operation table as typed, read-only objects: what each of the 98 seed operations accepts.

The data is generated from the seed (gen_operations.py -> operations_data.py); this module only
wraps it.  Domain code asks the table, never hard-codes, which parameters an operation takes,
their defaults (the hidden type/status defaults included), its field menu and sort fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from . import operations_data as _data

_VARIABLE = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Token:
    token: str
    staffonly: bool = False
    advanced: bool = False
    note: str = ""


@dataclass(frozen=True)
class Param:
    name: str
    section: str  # required | field | optional | filter | sortpage
    default: str | None
    description: str
    values: tuple[tuple[str, str], ...]  # (documented value, its meaning)
    examples: tuple[str, ...]
    advanced: bool
    tokens: tuple[Token, ...] = ()

    @property
    def documented_values(self) -> tuple[str, ...]:
        return tuple(v for v, _ in self.values)


@dataclass(frozen=True)
class Operation:
    name: str
    title: str
    seed_line: int
    methods: tuple[str, ...]
    path: str  # OpenAPI form: /companies/{companyid}
    resource: str
    key: str  # the response key: plural for lists, singular for single GETs, "" for writes
    kind: str  # list | get | create | update | delete | action | summary | login
    many: bool  # the seed shows a "Multiple ..." sample: the body may be an array of items
    description: str
    params: dict[str, Param]

    @property
    def rule(self) -> str:
        """The Flask rule: /companies/<companyid> (ids are validated by the domain, so a
        non-numeric id gets the API's 400 rather than an unknown-path HTML 404)."""
        return _VARIABLE.sub(r"<\1>", self.path)

    @property
    def variables(self) -> tuple[str, ...]:
        return tuple(_VARIABLE.findall(self.path))

    def param(self, name: str) -> Param | None:
        return self.params.get(name)

    @cached_property
    def field_menu(self) -> dict[str, Token]:
        """The `fields` tokens, plus the tokens of its default that the menu forgets (`projectid`)."""
        fields = self.params.get("fields")
        if fields is None:
            return {}
        menu = {t.token: t for t in fields.tokens if t.token not in ("apifields", "apifieldX")}
        for token in (fields.default or "").split(","):
            if token and token not in menu:
                menu[token] = Token(token)
        return menu

    @cached_property
    def default_fields(self) -> str:
        fields = self.params.get("fields")
        return (fields.default or "") if fields else ""

    @cached_property
    def takes_apifields(self) -> bool:
        fields = self.params.get("fields")
        return bool(fields) and any(t.token == "apifields" for t in fields.tokens)

    @cached_property
    def sort_fields(self) -> tuple[str, ...]:
        sortby = self.params.get("sortby")
        return sortby.documented_values if sortby else ()

    @cached_property
    def default_sort(self) -> str:
        sortby = self.params.get("sortby")
        return (sortby.default or "id") if sortby else "id"

    @cached_property
    def advanced_params(self) -> frozenset[str]:
        return frozenset(p.name for p in self.params.values() if p.advanced)

    @cached_property
    def defaults(self) -> dict[str, str]:
        """Documented defaults of filter/optional/required parameters: applied when absent."""
        return {p.name: p.default for p in self.params.values()
                if p.default is not None and p.section in ("filter", "optional", "required", "sortpage")}

    @cached_property
    def subtotal_menu(self) -> dict[str, Token]:
        sub = self.params.get("subtotals")
        return {t.token: t for t in sub.tokens} if sub else {}


def _param(raw: dict[str, Any]) -> Param:
    return Param(
        name=raw["name"], section=raw["section"], default=raw["default"], description=raw["description"],
        values=tuple((v["value"], v["meaning"]) for v in raw["values"]), examples=tuple(raw["examples"]),
        advanced=raw["advanced"],
        tokens=tuple(Token(t["token"], t["staffonly"], t["advanced"], t["note"]) for t in raw.get("tokens", ())),
    )


def _operation(raw: dict[str, Any]) -> Operation:
    return Operation(
        name=raw["name"], title=raw["title"], seed_line=raw["seed_line"], methods=tuple(raw["methods"]),
        path=raw["path"], resource=raw["resource"], key=raw["key"], kind=raw["kind"], many=raw["many"],
        description=raw["description"], params={p["name"]: _param(p) for p in raw["params"]},
    )


# wrapped once; the generated module then lets go of its raw dicts (about half a megabyte), which
# nothing reads after this
OPERATIONS: dict[str, Operation] = {raw["name"]: _operation(raw) for raw in _data.__dict__.pop("OPERATIONS")}


def operation(name: str) -> Operation:
    return OPERATIONS[name]


def route_rows() -> list[tuple[str, str, Operation]]:
    """(method, path, operation) for every documented method+path: 99 rows for 98 operations.

    Fixed paths come before templated ones at the same depth (/companies/client before
    /companies/{companyid}); Werkzeug's router also ranks static segments first.
    """
    rows = [(m, op.path, op) for op in OPERATIONS.values() for m in op.methods]
    return sorted(rows, key=lambda r: (r[1].count("/"), "{" in r[1], r[1], r[0]))
