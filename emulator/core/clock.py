"""The one source of "now" for everything the emulator stores, compares or expands.

API modules call `clock.now()` instead of datetime.now()/time.time(), so tests can control time.
There is one global clock and, on demand, one per tenant (so parallel test workers, each with an
account of its own, can each have their own time).  A clock either runs (real time plus an
offset) or is frozen at an instant.  Inside a request `now()` reads the caller's tenant clock when
there is one, else the global clock.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any


@dataclass
class Clock:
    frozen_at: datetime | None = None
    offset: timedelta = timedelta(0)

    def now(self) -> datetime:
        if self.frozen_at is not None:
            return self.frozen_at
        return datetime.now(UTC) + self.offset

    def freeze(self, at: datetime | None = None) -> None:
        self.frozen_at = at or self.now()

    def set(self, at: datetime) -> None:
        """Jump to `at`; a frozen clock stays frozen there, a running one runs on from there."""
        if self.frozen_at is not None:
            self.frozen_at = at
        else:
            self.offset = at - datetime.now(UTC)

    def advance(self, by: timedelta) -> None:
        if self.frozen_at is not None:
            self.frozen_at += by
        else:
            self.offset += by

    def real(self) -> None:
        self.frozen_at, self.offset = None, timedelta(0)

    def describe(self) -> dict[str, Any]:
        return {"now": iso(self.now()), "frozen": self.frozen_at is not None,
                "offset_seconds": self.offset.total_seconds()}


class Clocks:
    """The global clock of one emulator and its per-tenant clocks."""

    def __init__(self) -> None:
        self.global_ = Clock()
        self.tenants: dict[tuple[str, str], Clock] = {}

    def for_tenant(self, api: str, tenant: str, create: bool = False) -> Clock | None:
        clock = self.tenants.get((api, tenant))
        if clock is None and create:
            # a tenant clock starts where the global one stands
            clock = self.tenants[(api, tenant)] = Clock(self.global_.frozen_at, self.global_.offset)
        return clock

    def drop_tenant(self, api: str, tenant: str) -> bool:
        return self.tenants.pop((api, tenant), None) is not None

    def reset(self) -> None:
        self.global_.real()
        self.tenants.clear()

    def now(self, tenant: Any = None) -> datetime:
        if tenant is not None and self.tenants:
            clock = self.tenants.get((tenant.api, tenant.name))
            if clock is not None:
                return clock.now()
        return self.global_.now()


# outside any emulator app (scripts, unit tests of pure functions): real time
_DEFAULT = Clocks()


def now() -> datetime:
    """The current instant (timezone-aware, UTC): the bound caller's tenant clock (core.caller),
    else the emulator's global clock, else real time (outside any emulator)."""
    from .caller import current_caller

    bound = current_caller()
    if bound is not None:
        clocks = getattr(bound.tenant.store, "clocks", None)
        if clocks is not None:
            return clocks.now(bound.tenant)
    from flask import current_app, has_app_context

    if not has_app_context():
        return _DEFAULT.now()
    emu = current_app.extensions.get("emulator")
    return (getattr(emu, "clocks", None) or _DEFAULT).now()


def iso(at: datetime) -> str:
    return at.astimezone(UTC).isoformat().replace("+00:00", "Z")


# The instants a clock may show: Eloquent timestamps need four-digit years, and a running clock
# needs room to run (past 9999-12-31 every reading would overflow, and every request with it)
EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)


def in_range(at: datetime) -> bool:
    try:
        return EARLIEST <= at <= LATEST
    except OverflowError:  # e.g. 0001-01-01T00:00+14:00, which is before year 1 in UTC
        return False


def parse_instant(text: str) -> datetime:
    """An ISO-8601 instant between EARLIEST and LATEST; without a zone it is UTC."""
    at = datetime.fromisoformat(text.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    at = at if at.tzinfo else at.replace(tzinfo=UTC)
    if not in_range(at):
        raise ValueError(f"the clock must stay between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d} (UTC)")
    return at


_DURATION = re.compile(
    r"^(?P<sign>[-+])?P(?:(?P<d>\d+(?:\.\d+)?)D)?(?:T(?:(?P<h>\d+(?:\.\d+)?)H)?(?:(?P<m>\d+(?:\.\d+)?)M)?"
    r"(?:(?P<s>\d+(?:\.\d+)?)S)?)?$", re.IGNORECASE)
_SHORT = re.compile(r"(\d+(?:\.\d+)?)\s*(ms|d|h|m|s)", re.IGNORECASE)


def parse_duration(value: Any) -> timedelta:
    """Seconds as a number, ISO-8601 (`P1D`, `PT1H30M`, `-PT5S`) or short (`1h30m`, `90s`, `-2d`)."""
    if isinstance(value, bool):
        raise ValueError("duration must be seconds, ISO-8601 or like 1h30m")
    if isinstance(value, (int, float)):
        return timedelta(seconds=value)
    if not isinstance(value, str) or not value.strip():
        raise ValueError("duration must be seconds, ISO-8601 or like 1h30m")
    text = value.strip()
    m = _DURATION.match(text)
    if m and text.upper().lstrip("+-") not in ("P", "PT"):
        parts = {k: float(v) for k, v in m.groupdict().items() if v and k != "sign"}
        delta = timedelta(days=parts.get("d", 0), hours=parts.get("h", 0), minutes=parts.get("m", 0),
                          seconds=parts.get("s", 0))
        return -delta if m.group("sign") == "-" else delta
    sign = -1 if text.startswith("-") else 1
    body = text.lstrip("+-")
    units = _SHORT.findall(body)
    if not units or _SHORT.sub("", body).strip():
        try:
            return timedelta(seconds=sign * float(body))
        except ValueError:
            raise ValueError("duration must be seconds, ISO-8601 or like 1h30m") from None
    scale = {"ms": 0.001, "s": 1, "m": 60, "h": 3600, "d": 86400}
    return timedelta(seconds=sign * sum(float(n) * scale[u.lower()] for n, u in units))
