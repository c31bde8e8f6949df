"""The rate limit (research section 4, NUMA live): 500 requests per 30 seconds per API key, shared
by every user of the account; every response carries x-ratelimit-limit, x-ratelimit-remaining and
x-ratelimit-reset (seconds until the window ends, at most 30); past the limit the answer is 429.

One limiter per app (the ApiSpec's `runtime`), keyed by account.  Windows are counted on the
emulator's clock (a frozen clock never resets a window; advancing it
does).  Each account configures it in settings["ratelimit"]:
    {"limit": 500, "window": 30, "enforce": false}
With enforce false (the fixtures' default, so test suites are never throttled unless they ask)
the headers still count down, never below 0, and no request is refused.
"""
from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, NamedTuple

DEFAULT_LIMIT = 500
DEFAULT_WINDOW = 30


@dataclass(frozen=True)
class Policy:
    limit: int = DEFAULT_LIMIT
    window: int = DEFAULT_WINDOW
    enforce: bool = False

    def headers_fresh(self) -> dict[str, str]:
        return Verdict(self.limit, self.limit, self.window, True).headers()

    @classmethod
    def of(cls, settings: Mapping[str, Any]) -> Policy:
        raw = settings.get("ratelimit") or {}
        given = (raw.get("limit", DEFAULT_LIMIT), raw.get("window", DEFAULT_WINDOW), raw.get("enforce", False))
        try:
            return _policy(*given)  # every request asks: the same settings give the same Policy
        except TypeError:  # an unhashable setting (a list): worked out afresh
            return _parse_policy(*given)


def _parse_policy(limit: Any, window: Any, enforce: Any) -> Policy:
    try:
        return Policy(max(int(limit), 1), max(int(window), 1), bool(enforce))
    except (TypeError, ValueError):
        return Policy(DEFAULT_LIMIT, DEFAULT_WINDOW, bool(enforce))


# values equal as keys (1, 1.0, True) give equal int() and bool(), so sharing an entry changes nothing
_policy = lru_cache(maxsize=64)(_parse_policy)


class Verdict(NamedTuple):  # one per request: a NamedTuple is made faster than a frozen dataclass
    limit: int
    remaining: int
    reset: int
    allowed: bool

    def headers(self) -> dict[str, str]:
        return {"x-ratelimit-limit": str(self.limit), "x-ratelimit-remaining": str(self.remaining),
                "x-ratelimit-reset": str(self.reset)}


class RateLimiter:
    """Fixed windows per key: the first request opens a window of `policy.window` seconds."""

    def __init__(self) -> None:
        self._windows: dict[str, tuple[float, int]] = {}
        self._lock = threading.Lock()

    def hit(self, key: str, now: datetime, policy: Policy) -> Verdict:
        at = now.timestamp()
        with self._lock:
            started, count = self._windows.get(key, (at, 0))
            if at >= started + policy.window or at < started:
                started, count = at, 0
            allowed = count < policy.limit or not policy.enforce
            if count <= policy.limit:  # past the limit the count stays put: memory and headers bounded
                count += 1
            self._windows[key] = (started, count)
        reset = max(math.ceil(started + policy.window - at), 0)
        return Verdict(policy.limit, max(policy.limit - count, 0), min(reset, policy.window), allowed)

    def peek(self, key: str, now: datetime, policy: Policy) -> Verdict:
        """The headers without counting a request (for answers that did not reach the account)."""
        at = now.timestamp()
        with self._lock:
            started, count = self._windows.get(key, (at, 0))
        if at >= started + policy.window or at < started:
            started, count = at, 0
        reset = max(math.ceil(started + policy.window - at), 0)
        return Verdict(policy.limit, max(policy.limit - count, 0), min(reset, policy.window), True)

    def reset(self, key: str | None = None) -> None:
        """Forget every window, or one key's (the core calls this on reset, with a tenant name)."""
        with self._lock:
            if key is None:
                self._windows.clear()
            else:
                self._windows.pop(key, None)
