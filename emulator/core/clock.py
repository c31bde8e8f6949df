"""The one source of "now" for everything the emulator stores, compares or expands.

API modules call `clock.now()` instead of datetime.now()/time.time(), so tests can control time.
"""
from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    """The current instant, timezone-aware, in UTC."""
    return datetime.now(UTC)
