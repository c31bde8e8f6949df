"""The few entities with rules beyond the generic table: small hooks, keyed by entity name.

`before_write(ctx, row, old)` runs on the complete new row of a create (old None) or update, after
the generic checks and before the row is stored; it may fill derived columns or raise the 500 a
database CHECK would.  `MASKED` columns never leave the server as stored.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from . import binfiles
from .errors import runtime_error

Row = dict[str, Any]

# links: the seed's examples show the stored password only as asterisks
MASKED: dict[str, dict[str, str]] = {"links": {"password": "**********"}}


def mask(entity: str, column: str, value: Any) -> Any:
    """What a read shows of a masked column: the mask for a set value, the empty string stays."""
    masks = MASKED.get(entity)
    if masks is None or column not in masks or not value:
        return value
    return masks[column]


def _size_from_binfile(column: str = "binfile") -> Callable[[Any, Row, Row | None], None]:
    """files, messages and notes: `size` is the size of the stored content (a derived column)."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if old is None or row.get(column) != old.get(column):
            size = binfiles.size_of(ctx.rows, row.get(column))
            if size is not None:
                row["size"] = size

    return hook


def _exactly_one(*columns: str) -> Callable[[Any, Row, Row | None], None]:
    """"is mutually exclusive to b (either one is required)" (files, participants)."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if sum(row.get(c) is not None for c in columns) != 1:
            raise runtime_error(f"exactly one of {', '.join(columns)} is required")

    return hook


def _at_most_one(*columns: str) -> Callable[[Any, Row, Row | None], None]:
    """"is mutually exclusive to ..." without "either one is required" (tickets, tasks, actionsteps)."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if sum(row.get(c) is not None for c in columns) > 1:
            raise runtime_error(f"{', '.join(columns)} are mutually exclusive")

    return hook


def _entity_index(entity: str = "entity", index: str = "index") -> Callable[[Any, Row, Row | None], None]:
    """events, records: "index is required if entity is not null, otherwise must be null"."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if (row.get(entity) is None) != (row.get(index) is None):
            raise runtime_error(f"{index} is required if {entity} is not null, otherwise must be null")

    return hook


def _dates(start: str = "datefrom", end: str = "dateto") -> Callable[[Any, Row, Row | None], None]:
    """"must be less than or equal to dateto" (appointments, campaigns, contracts, coupons, ...)."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        a, b = row.get(start), row.get(end)
        if a is not None and b is not None and a > b:
            raise runtime_error(f"{start} must be less than or equal to {end}")

    return hook


def _distinct(a: str, b: str) -> Callable[[Any, Row, Row | None], None]:
    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if row.get(a) is not None and row.get(a) == row.get(b):
            raise runtime_error(f"{a} must be distinct from {b}")

    return hook


def _unique(entity: str, column: str) -> Callable[[Any, Row, Row | None], None]:
    """"Name (unique)" (channels): a value another row holds is the unique index's refusal (500).

    The scan runs only when the value is new or changed, over that one table (channels are few)."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        value = row.get(column)
        if value is None or (old is not None and old.get(column) == value):
            return
        rid = row.get("ID")  # the row itself (stored already when a fixture is checked) is no rival
        if any(other.get(column) == value and other.get("ID") != rid for other in ctx.rows(entity).values()):
            raise runtime_error(f"duplicate key value violates unique constraint on {entity}.{column}")

    return hook


def _one_nonempty(a: str, b: str) -> Callable[[Any, Row, Row | None], None]:
    """devices: chargenum "is required if serialnum is empty, otherwise must be empty" (and back)."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if bool(row.get(a)) == bool(row.get(b)):
            raise runtime_error(f"exactly one of {a} and {b} must be non-empty")

    return hook


# transactions: types 10 (PRODUCTION_FABRICATION) and 11 (PRODUCTION_DISASSEMBLY)
PRODUCTION_TYPES = (10, 11)


def _production_only(*columns: str) -> Callable[[Any, Row, Row | None], None]:
    """transactions: item and productionfactor are "required for PRODUCTION, otherwise must be null"."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        production = row.get("type") in PRODUCTION_TYPES
        for c in columns:
            if (row.get(c) is not None) != production:
                raise runtime_error(f"{c} is required for PRODUCTION, otherwise must be null")

    return hook


def _check(rule: Callable[[Row], bool], text: str) -> Callable[[Any, Row, Row | None], None]:
    """A one-row CHECK from a seed field text: `rule(row)` false is the database's refusal."""

    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        if not rule(row):
            raise runtime_error(text)

    return hook


def _stock_transfer(row: Row) -> bool:
    """stocktransactions: amount "must not be zero (greater than zero if transfer is not null)";
    transfer "must be distinct from ID and null for RESERVED" (flag 1)."""
    amount, transfer = row.get("amount"), row.get("transfer")
    if amount == 0:
        return False
    if transfer is None:
        return True
    return (amount is None or amount > 0) and transfer != row.get("ID") and row.get("flag") != 1


def _name_required(ctx: Any, row: Row, old: Row | None) -> None:
    """accounts, contacts: "is required if lastname (firstname) is empty"."""
    if not row.get("lastname") and not row.get("firstname"):
        raise runtime_error("lastname or firstname is required")


def _all(*hooks: Callable[[Any, Row, Row | None], None]) -> Callable[[Any, Row, Row | None], None]:
    def hook(ctx: Any, row: Row, old: Row | None) -> None:
        for h in hooks:
            h(ctx, row, old)

    return hook


# "is mutually exclusive to ..." (required: "either one is required"), from the seed's field texts
EXCLUSIVE: dict[str, tuple[tuple[tuple[str, ...], bool], ...]] = {
    "actionsteps": ((("account", "task", "ticket"), False),),
    "files": ((("record", "comment"), True),),
    "messages": ((("opportunity", "ticket"), False),),
    "participants": ((("campaign", "mailinglist"), True),),
    "payments": ((("account", "transaction"), False),),
    "tasks": ((("project", "ticket"), False),),
    "tickets": ((("account", "project"), False),),
}
# "must be less than or equal to dateto"
DATE_ORDER: dict[str, tuple[tuple[str, str], ...]] = {
    name: (("datefrom", "dateto"),)
    for name in ("appointments", "campaigns", "contracts", "couponcodes", "coupons", "events", "pricelists")
}


def _rules(entity: str) -> list[Callable[[Any, Row, Row | None], None]]:
    rules = []
    for columns, required in EXCLUSIVE.get(entity, ()):
        rules.append(_exactly_one(*columns) if required else _at_most_one(*columns))
    rules.extend(_dates(a, b) for a, b in DATE_ORDER.get(entity, ()))
    return rules


BEFORE_WRITE: dict[str, Callable[[Any, Row, Row | None], None]] = {
    name: _all(*_rules(name)) for name in set(EXCLUSIVE) | set(DATE_ORDER)
}
BEFORE_WRITE.update({
    "accounts": _name_required,
    "contacts": _name_required,
    "channels": _unique("channels", "name"),
    "components": _distinct("component", "item"),
    "devices": _one_nonempty("chargenum", "serialnum"),
    "events": _all(_entity_index(), *_rules("events")),
    "files": _all(*_rules("files"), _size_from_binfile()),
    "messages": _all(*_rules("messages"), _size_from_binfile(),
                     _check(lambda r: r.get("reference") is None or r.get("reference") != r.get("ID"),
                            "reference must be distinct from ID")),
    "notes": _size_from_binfile(),
    # "Probability of success in percent; must be 100 for ACCEPTED" (status 5)
    "opportunities": _check(lambda r: r.get("status") != 5 or r.get("probability") == 100,
                            "probability must be 100 for ACCEPTED"),
    "payments": _all(*_rules("payments"),
                     _check(lambda r: r.get("amount") != 0, "amount must not be zero")),
    # "flag ... must be REGULAR if entity is null"
    "records": _all(_entity_index(), _distinct("assigneduser", "creator"),
                    _check(lambda r: r.get("entity") is not None or not r.get("flag"),
                           "flag must be REGULAR if entity is null")),
    "stocktransactions": _check(_stock_transfer, "stock transaction amount or transfer rule"),
    # "Account ID; must be null for PRODUCTION"
    "transactions": _all(_production_only("item", "productionfactor"),
                         _check(lambda r: r.get("type") not in PRODUCTION_TYPES or r.get("account") is None,
                                "account must be null for PRODUCTION")),
})


def before_write(ctx: Any, entity: str, row: Row, old: Row | None) -> None:
    hook = BEFORE_WRITE.get(entity)
    if hook is not None:
        hook(ctx, row, old)
