"""Webhook delivery: off the request thread, retried by the emulator's clock, logged for tests.

A request hands a change to `Engine.submit` (O(1)) and goes on.  The engine's worker thread:

1. takes the store lock and, acting as the change's caller (core.caller.acting_as, no request),
   matches the account's webhooks and builds each payload (webhooks.fan_out);
2. POSTs each payload on a thread of its own, without the lock, with the account's timeout and to
   allowed hosts only (outbound.py).  One delivery per webhook is in flight at a time, oldest first,
   so a receiver sees one webhook's events in order;
3. on failure (a refused connection, a timeout, an answer other than 2xx) schedules the next
   attempt `webhook_backoff_seconds * 2**(attempt-1)` later by the account's clock, until
   `webhook_max_attempts` attempts were made.  A frozen clock that a test advances makes the due
   retries fire within `poll` seconds.  A host that is not allowed is "blocked": never retried.

Every delivery is kept in a bounded log (event, URL, state, HTTP status, attempts, latency, last
error, the request sent) that the control API lists, and `wait` lets a test block until a
delivery it describes has happened.
"""
from __future__ import annotations

import json
import threading
import time
import weakref
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from ...core.caller import acting_as
from ...core.store import Store, TenantDB
from . import context, outbound, webhooks
from .events import Change
from .formats import iso

PENDING, RETRYING, DELIVERED, FAILED, BLOCKED = "pending", "retrying", "delivered", "failed", "blocked"
FINAL = frozenset({DELIVERED, FAILED, BLOCKED})
Clock = Callable[[TenantDB], datetime]


def real_time(_: TenantDB) -> datetime:
    return datetime.now(UTC)


@dataclass
class Delivery:
    id: str
    tenant: TenantDB
    webhook: str
    event: str
    url: str
    body: bytes
    headers: dict[str, str]
    project: int | None
    max_attempts: int
    backoff: float
    timeout: float
    policy: outbound.HostPolicy
    signature_header: str
    created: datetime
    next_attempt: datetime | None
    state: str = PENDING
    attempts: int = 0
    status: int | None = None
    latency_ms: float | None = None
    last_error: str | None = None
    delivered: datetime | None = None
    history: list[dict[str, Any]] = field(default_factory=list)

    def public(self) -> dict[str, Any]:
        try:
            body: Any = json.loads(self.body)
        except ValueError:
            body = self.body.decode("utf-8", "replace")
        return {
            "id": self.id, "api": "basicops", "tenant": self.tenant.name, "webhook": self.webhook,
            "event": self.event, "url": self.url, "project": self.project, "state": self.state,
            "status": self.status, "attempts": self.attempts, "max_attempts": self.max_attempts,
            "latency_ms": self.latency_ms, "last_error": self.last_error, "created": iso(self.created),
            "next_attempt": iso(self.next_attempt) if self.next_attempt and self.state not in FINAL else None,
            "delivered": iso(self.delivered) if self.delivered else None,
            "signature": self.headers.get(self.signature_header),
            "request": {"headers": dict(self.headers), "body": body},
            "history": list(self.history),
        }

    def matches(self, filters: dict[str, Any]) -> bool:
        for key, wanted in filters.items():
            if wanted is None or wanted == "":
                continue
            if key == "tenant" and self.tenant.name != str(wanted):
                return False
            if key == "status" and str(self.status) != str(wanted):
                return False
            if key in ("webhook", "event", "url", "state") and getattr(self, key) != str(wanted):
                return False
            if key == "project" and str(self.project) != str(wanted):
                return False
        return True


class Engine:
    """The deliveries of one emulator (one store): a worker thread, started when there is work."""

    def __init__(self, lock: Any, *, clock: Clock = real_time, poll: float = 0.05, log_size: int = 1000) -> None:
        self.lock = lock  # the store's lock: payloads are built under it, never sent under it
        self.clock = clock
        self.poll = poll
        self.log_size = log_size
        self._cond = threading.Condition()
        self._changes: list[Change] = []
        self._log: OrderedDict[str, Delivery] = OrderedDict()
        self._in_flight: set[str] = set()  # webhook EIds with a POST under way
        self._worker: threading.Thread | None = None
        self._counter = 0
        self._fanning = 0  # changes taken from the queue and not yet turned into deliveries
        self._closed = False

    # -- from requests ---------------------------------------------------------------------------
    def submit(self, change: Change) -> None:
        with self._cond:
            if self._closed:
                return
            self._changes.append(change)
            self._ensure_worker()
            self._cond.notify_all()

    def _ensure_worker(self) -> None:
        if self._worker is None and not self._closed:
            self._worker = threading.Thread(target=self._run, name="basicops-webhooks", daemon=True)
            self._worker.start()

    # -- the worker ------------------------------------------------------------------------------
    def _run(self) -> None:
        while True:
            with self._cond:
                changes, self._changes = self._changes, []
                self._fanning += len(changes)
            for change in changes:
                try:
                    self._fan_out(change)
                finally:
                    with self._cond:
                        self._fanning -= 1
                        self._cond.notify_all()
            self._dispatch_due()
            with self._cond:
                if self._changes and not self._closed:
                    continue
                waiting = [d for d in self._log.values() if d.state not in FINAL]
                if self._closed or (not waiting and not self._in_flight):
                    self._worker = None  # nothing left to do: the next submit starts a new worker
                    self._cond.notify_all()
                    return
                self._cond.wait(self.poll if waiting else None)

    def _fan_out(self, change: Change) -> None:
        tenant = change.tenant
        with self.lock:
            user = tenant.table("users").get(change.user_id) if change.user_id is not None else None
            with acting_as(tenant, user), context.api_base_as(change.api_base):
                outgoing = webhooks.fan_out(change)
                settings = {
                    "max_attempts": max(1, int(context.setting("webhook_max_attempts"))),
                    "backoff": max(0.0, float(context.setting("webhook_backoff_seconds"))),
                    "timeout": max(0.1, float(context.setting("outbound_timeout_seconds"))),
                    "policy": outbound.HostPolicy(context.setting("outbound_hosts")),
                    "signature_header": str(context.setting("webhook_signature_header")),
                }
        if not outgoing:
            return
        at = self.clock(tenant)
        with self._cond:
            for out in outgoing:
                self._counter += 1
                delivery = Delivery(
                    id=f"d{self._counter}", tenant=tenant, webhook=out.webhook, event=out.event, url=out.url,
                    body=out.body, headers={**out.headers, "X-BasicOps-Delivery": f"d{self._counter}"},
                    project=out.project, created=at, next_attempt=at, **settings)
                self._log[delivery.id] = delivery
            self._trim()
            self._cond.notify_all()

    def _trim(self) -> None:
        while len(self._log) > self.log_size:
            oldest = next((k for k, d in self._log.items() if d.state in FINAL), None)
            self._log.pop(oldest if oldest is not None else next(iter(self._log)))

    def _dispatch_due(self) -> None:
        with self._cond:
            due = []
            busy = set(self._in_flight)
            for d in self._log.values():
                if d.state in FINAL or d.webhook in busy or d.next_attempt is None:
                    continue
                if d.next_attempt <= self.clock(d.tenant):
                    due.append(d)
                    busy.add(d.webhook)
            for d in due:
                self._in_flight.add(d.webhook)
        for d in due:
            if self._closed:
                break
            threading.Thread(target=self._attempt, args=(d,), name=f"basicops-webhook-{d.id}", daemon=True).start()

    def _attempt(self, d: Delivery) -> None:
        status, latency, error, blocked = None, None, None, False
        try:
            posted = outbound.post(d.url, d.body, d.headers, timeout=d.timeout, policy=d.policy)
            status, latency = posted.status, posted.latency_ms
            if not 200 <= status < 300:
                text = posted.body[:200].decode("utf-8", "replace").strip()
                error = f"HTTP {status}" + (f": {text}" if text else "")
        except outbound.OutboundError as exc:
            error, blocked = str(exc), exc.blocked
        except Exception as exc:  # never let one delivery kill the engine
            error = f"{type(exc).__name__}: {exc}"
        at = self.clock(d.tenant)
        with self._cond:
            d.attempts += 1
            d.status, d.latency_ms, d.last_error = status, latency, error
            d.history.append({"attempt": d.attempts, "at": iso(at), "status": status, "latency_ms": latency,
                              "error": error})
            if error is None:
                d.state, d.delivered, d.next_attempt = DELIVERED, at, None
            elif blocked:
                d.state, d.next_attempt = BLOCKED, None
            elif d.attempts >= d.max_attempts:
                d.state, d.next_attempt = FAILED, None
            else:
                d.state = RETRYING
                d.next_attempt = at + timedelta(seconds=d.backoff * 2 ** (d.attempts - 1))
            self._in_flight.discard(d.webhook)
            if self._log.get(d.id) is d and d.state not in FINAL:
                self._ensure_worker()
            self._cond.notify_all()

    # -- for the control API and tests ------------------------------------------------------------
    def deliveries(self, **filters: Any) -> list[dict[str, Any]]:
        with self._cond:
            return [d.public() for d in self._log.values() if d.matches(filters)]

    def wait(self, timeout: float = 5.0, count: int = 1, **filters: Any) -> list[dict[str, Any]]:
        """Block until at least `count` deliveries match `filters` (e.g. state="delivered"), or the
        timeout passes, or nothing is under way that could still change the answer (no change queued,
        no POST in flight, no delivery pending or waiting for a retry); answers the matching
        deliveries either way."""
        end = time.monotonic() + max(0.0, min(float(timeout), 3600.0))
        with self._cond:
            while True:
                found = [d for d in self._log.values() if d.matches(filters)]
                left = end - time.monotonic()
                if len(found) >= count or left <= 0 or self._settled():
                    return [d.public() for d in found]
                self._cond.wait(min(left, 0.5))

    def _settled(self) -> bool:
        return not (self._changes or self._fanning or self._in_flight
                    or any(d.state not in FINAL for d in self._log.values()))

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until every submitted change has been matched and no POST is under way (deliveries
        waiting for a retry do not count); False when the timeout passed first."""
        end = time.monotonic() + max(0.0, min(float(timeout), 3600.0))
        with self._cond:
            while self._changes or self._fanning or self._in_flight or any(
                    d.state == PENDING for d in self._log.values()):
                left = end - time.monotonic()
                if left <= 0:
                    return False
                self._cond.wait(min(left, 0.5))
            return True

    def wake(self) -> None:
        """Look for due retries now (after the clock was moved)."""
        with self._cond:
            if any(d.state not in FINAL for d in self._log.values()):
                self._ensure_worker()
            self._cond.notify_all()

    def close(self) -> None:
        """Stop: nothing more is queued, retried or sent (a POST under way finishes)."""
        with self._cond:
            self._closed = True
            self._changes.clear()
            self._cond.notify_all()

    def reset(self, tenant: str | None = None) -> None:
        """Forget queued changes and logged deliveries (of one tenant, or all)."""
        with self._cond:
            if tenant is None:
                self._changes.clear()
                self._log.clear()
            else:
                self._changes = [c for c in self._changes if c.tenant.name != tenant]
                for key in [k for k, d in self._log.items() if d.tenant.name == tenant]:
                    del self._log[key]
            self._cond.notify_all()


# -- one engine per store (per emulator) -----------------------------------------------------------

_ENGINES: weakref.WeakKeyDictionary[Store, Engine] = weakref.WeakKeyDictionary()
_REGISTRY_LOCK = threading.Lock()


def install(store: Store, engine: Engine) -> Engine:
    with _REGISTRY_LOCK:
        _ENGINES[store] = engine
    return engine


def engine_for(store: Store, clock: Clock | None = None) -> Engine:
    """The store's engine (the API's runtime installs it), else one made on first use."""
    with _REGISTRY_LOCK:
        engine = _ENGINES.get(store)
        if engine is None:
            engine = _ENGINES[store] = Engine(store.lock, clock=clock or _emulator_clock(store))
        return engine


def _emulator_clock(store: Store) -> Clock:
    """The emulator's per-tenant clocks (core.clock.Clocks, which the core hangs on its store)."""
    clocks = getattr(store, "clocks", None)
    if clocks is not None:
        return lambda tenant: clocks.now(tenant)
    return real_time
