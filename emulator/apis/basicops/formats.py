"""BasicOps' value formats: instants, booleans and integer ids as the API reads and writes them.

Seed: every date is ISO-8601 UTC with milliseconds and `Z` ("2018-08-01T07:00:00.000Z").  Input
is read leniently (any ISO-8601 instant, a zone or none, a bare date), output is always that form.
A bare date is midnight UTC (docs/basicops.md: the account's time zone is not part of the API).
"""
from __future__ import annotations

from datetime import UTC, date, datetime, time
from typing import Any

from ...core import clock

TRUE = frozenset({"true", "1", "yes", "on"})
FALSE = frozenset({"false", "0", "no", "off"})


def iso(at: datetime) -> str:
    """2018-08-01T07:00:00.000Z"""
    at = at.astimezone(UTC)
    return at.strftime("%Y-%m-%dT%H:%M:%S.") + f"{at.microsecond // 1000:03d}Z"


def now() -> datetime:
    return clock.now()


def now_iso() -> str:
    return iso(clock.now())


def parse_instant(value: Any) -> datetime | None:
    """An ISO-8601 instant or bare date as an aware UTC datetime; None when it is not one."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(0), tzinfo=UTC)
        at = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    try:
        return at.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


def normalise_instant(value: Any) -> str | None:
    """The stored form of an input instant (None when it is not one)."""
    at = parse_instant(value)
    return iso(at) if at is not None else None


def is_date_only(value: str) -> bool:
    return len(value.strip()) == 10


def to_bool(value: Any) -> bool | None:
    """true/false in any case, 1/0, yes/no; None when it is none of them."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int):
        return bool(value) if value in (0, 1) else None
    if isinstance(value, str):
        text = value.strip().lower()
        if text in TRUE:
            return True
        if text in FALSE:
            return False
    return None


def to_int(value: Any) -> int | None:
    """An integer id from JSON (a number) or text ("38"); None when it is not one."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.isascii() and text.lstrip("+-").isdigit() and len(text) <= 18:
            return int(text)
    return None
