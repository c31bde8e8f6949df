"""Dates and times as UltimatePOS reads and writes them.

Input dates use the business's `date_format` (d-m-Y, m-d-Y, d/m/Y or m/d/Y) and, with a time,
its `time_format` (`12` -> "h:i A", `24` -> "H:i"), as Util::uf_date / uf_time do: a todo's date
needs its time (createFromFormat fails on "01/15/2026" with "Not enough data available"), and a
reminder's time is only ever the business's own form ("21:00" fails "h:i A").  For clients that
send ISO dates we also accept `Y-m-d[ H:i[:s]]` (the stored form): a documented leniency.
Output: DATETIME columns as "Y-m-d H:i:s", DATE as "Y-m-d", TIME as "H:i:s", and Eloquent
timestamps (created_at, updated_at) as ISO-8601 UTC with microseconds.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from functools import lru_cache
from zoneinfo import ZoneInfo

from ...core import clock

PHP_DATE = {"d-m-Y": "%d-%m-%Y", "m-d-Y": "%m-%d-%Y", "d/m/Y": "%d/%m/%Y", "m/d/Y": "%m/%d/%Y"}
PHP_TIME = {"12": ("%I:%M %p", "h:i A"), "24": ("%H:%M", "H:i")}
ISO_INPUTS = ("%Y-%m-%d %H:%M:%S", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%dT%H:%M")


class FormatError(ValueError):
    """The value does not match; `fmt` is the PHP format to name in the message."""

    def __init__(self, fmt: str) -> None:
        super().__init__(fmt)
        self.fmt = fmt


def _date_fmt(business: dict) -> tuple[str, str]:
    php = business.get("date_format") or "m/d/Y"
    return PHP_DATE.get(php, "%m/%d/%Y"), php


def _time_fmt(business: dict) -> tuple[str, str]:
    return PHP_TIME.get(str(business.get("time_format") or "24"), PHP_TIME["24"])


def _strict(value: str, fmt: str) -> datetime | None:
    try:
        return datetime.strptime(value.strip(), fmt)
    except ValueError:
        return None


def parse_datetime(value: object, business: dict) -> str:
    """uf_date(value, true): business date + time -> "Y-m-d H:i:s"."""
    dfmt, dphp = _date_fmt(business)
    tfmt, tphp = _time_fmt(business)
    if isinstance(value, str):
        # never the date alone in the business format: uf_date(x, true) needs the time
        for fmt in (f"{dfmt} {tfmt}", *ISO_INPUTS, "%Y-%m-%d"):
            parsed = _strict(value, fmt)
            if parsed is not None:
                return datetime_column(parsed)
    raise FormatError(f"{dphp} {tphp}")


def parse_date(value: object, business: dict) -> str:
    """uf_date(value): business date -> "Y-m-d"."""
    dfmt, dphp = _date_fmt(business)
    if isinstance(value, str):
        for fmt in (dfmt, "%Y-%m-%d"):
            parsed = _strict(value, fmt)
            if parsed is not None:
                return parsed.strftime("%Y-%m-%d")
    raise FormatError(dphp)


def parse_time(value: object, business: dict) -> str:
    """uf_time(value): "h:i A" or "H:i" per the business, nothing else -> "H:i:s" as the TIME column
    reads back.  A 24-hour "21:00" fails a 12-hour business and "09:00 PM" a 24-hour one, as
    Carbon::createFromFormat does (no leniency here: a time has no unambiguous stored form to allow)."""
    tfmt, tphp = _time_fmt(business)
    if isinstance(value, str):
        parsed = _strict(value.upper(), tfmt)
        if parsed is not None:
            return parsed.strftime("%H:%M:%S")
    raise FormatError(tphp)


def parse_ymd(value: object) -> date:
    """Laravel `date_format:Y-m-d`: the value must read back exactly ("2026-1-5" fails)."""
    if isinstance(value, str):
        parsed = _strict(value, "%Y-%m-%d")
        if parsed is not None and parsed.strftime("%Y-%m-%d") == value.strip():
            return parsed.date()
    raise FormatError("Y-m-d")


def parse_instant(value: object) -> datetime:
    """Anything Carbon::parse would take that a client is likely to send (ISO forms, Y-m-d)."""
    if isinstance(value, str) and value.strip():
        text = value.strip().replace(" ", "T", 1) if len(value.strip()) > 10 else value.strip()
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None
        if parsed is None and text.lstrip("@").isdigit():
            try:
                parsed = datetime.fromtimestamp(int(text.lstrip("@")), UTC)
            except (OverflowError, OSError, ValueError):
                raise FormatError("date") from None
        if parsed is not None:
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    raise FormatError("date")


def timestamp(at: datetime | None = None) -> str:
    """An Eloquent created_at/updated_at as Laravel serialises it: "2025-01-15T09:00:00.000000Z".

    The MySQL TIMESTAMP column keeps whole seconds, so the microseconds always read back as zero.
    Written as strftime("%Y-%m-%dT%H:%M:%S.%fZ") would, by %-formatting (see datetime_column).
    """
    at = (at or clock.now()).astimezone(UTC)
    return "%d-%02d-%02dT%02d:%02d:%02d.000000Z" % (  # noqa: UP031 - faster than an f-string here
        at.year, at.month, at.day, at.hour, at.minute, at.second)


def datetime_column(at: datetime) -> str:
    """A DATETIME column's "Y-m-d H:i:s", as at.strftime("%Y-%m-%d %H:%M:%S") writes it (glibc's %Y
    is not zero-padded, nor is %-formatting's %d): a third of strftime's cost, paid on every create."""
    return "%d-%02d-%02d %02d:%02d:%02d" % (  # noqa: UP031 - faster than an f-string here
        at.year, at.month, at.day, at.hour, at.minute, at.second)


def stamp_instant(stamp: str) -> datetime:
    return datetime.strptime(stamp, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=UTC)


@lru_cache(maxsize=64)
def _zone(name: str) -> tzinfo:
    try:
        return ZoneInfo(name)
    except (ValueError, KeyError, OSError):
        return UTC


def business_zone(business: dict) -> tzinfo:
    """The business time zone (the Timezone middleware); UTC when unknown."""
    return _zone(str(business.get("time_zone") or "UTC"))


def local_now(business: dict) -> datetime:
    """Carbon::now() in the business time zone."""
    return clock.now().astimezone(business_zone(business))
