"""Injected faults: latency, error statuses, connection resets and malformed bodies, reproducibly.

A rule matches an API, a method, a path pattern (glob, against the full path or the path below
the API's mount point) and optionally a tenant, and does one thing:

    latency    sleep `latency_ms`, or a value drawn from [latency_ms, latency_max_ms] by the rule's
               seeded generator; the request then goes on (several latency rules add up)
    status     answer `status` in the API's own error envelope and content type
    reset      drop the connection without an answer (TCP reset where the server exposes the
               socket, else a response cut short, which clients see as a broken connection)
    malformed  answer 200 with the API's content type and a body that does not parse

`times` limits a rule to the next N matching requests; `probability` (0..1) applies it to a
share of them, drawn from a generator seeded with `seed`, so a run is reproducible.  Rules are
checked in order, O(number of rules) per request; nothing here ever reads the store.
"""
from __future__ import annotations

import fnmatch
import itertools
import random
import threading
from dataclasses import dataclass, field
from typing import Any

ACTIONS = ("latency", "status", "reset", "malformed")
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


class RuleError(ValueError):
    """A rule that cannot be added; the message says why (answered as 400)."""


@dataclass
class FaultRule:
    id: int
    action: str
    api: str | None = None
    method: str | None = None
    path: str | None = None
    tenant: str | None = None
    latency_ms: float | None = None
    latency_max_ms: float | None = None
    status: int | None = None
    message: str | None = None
    times: int | None = None
    probability: float | None = None
    seed: int | None = None
    hits: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def describe(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if not k.startswith("_")}
        out["remaining"] = self.times
        del out["times"]
        return out

    def matches(self, api: str | None, method: str, full_path: str, rel_path: str | None,
                tenant: str | None) -> bool:
        if self.api is not None and self.api != api:
            return False
        if self.method is not None and self.method != method:
            return False
        if self.tenant is not None and self.tenant != tenant:
            return False
        if self.path is not None and not (
                fnmatch.fnmatchcase(full_path, self.path)
                or (rel_path is not None and fnmatch.fnmatchcase(rel_path, self.path))):
            return False
        return True

    def fire(self) -> bool:
        """Count a matching request; True when the rule applies to it."""
        if self.times is not None and self.times <= 0:
            return False
        if self.probability is not None and self._rng.random() >= self.probability:
            return False
        self.hits += 1
        if self.times is not None:
            self.times -= 1
        return True

    def delay_seconds(self) -> float:
        low = self.latency_ms or 0.0
        if self.latency_max_ms is not None:
            return self._rng.uniform(low, self.latency_max_ms) / 1000
        return low / 1000


def _number(body: dict, key: str, *, integer: bool = False, low: float | None = None,
            high: float | None = None) -> Any:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (integer and not isinstance(value, int)):
        raise RuleError(f"{key} must be a {'whole ' if integer else ''}number")
    if low is not None and value < low:
        raise RuleError(f"{key} must be at least {low:g}")
    if high is not None and value > high:
        raise RuleError(f"{key} must be at most {high:g}")
    return value


class Faults:
    def __init__(self, apis: list[str]) -> None:
        self.apis = apis
        self.rules: list[FaultRule] = []
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def add(self, body: Any) -> FaultRule:
        if not isinstance(body, dict):
            raise RuleError("a rule is a JSON object")
        known = {"action", "api", "method", "path", "tenant", "latency_ms", "latency_max_ms", "status",
                 "message", "times", "probability", "seed"}
        unknown = sorted(set(body) - known)
        if unknown:
            raise RuleError(f"unknown keys {unknown}; known: {sorted(known)}")
        action = body.get("action")
        if action not in ACTIONS:
            raise RuleError(f"action must be one of {list(ACTIONS)}")
        api = body.get("api")
        if api is not None and api not in self.apis:
            raise RuleError(f"unknown api {api!r}; mounted: {self.apis}")
        method = body.get("method")
        if method is not None:
            if not isinstance(method, str) or method.upper() not in METHODS:
                raise RuleError(f"method must be one of {list(METHODS)}")
            method = method.upper()
        path = body.get("path")
        if path is not None and (not isinstance(path, str) or not path.startswith(("/", "*"))):
            raise RuleError("path must be a glob starting with / or *, e.g. /essentials/*/todos*")
        if path is not None and path.count("[") != path.count("]"):
            raise RuleError("path has an unbalanced [ ]")
        tenant = body.get("tenant")
        if tenant is not None and not isinstance(tenant, (str, int)):
            raise RuleError("tenant must be a string")
        latency = _number(body, "latency_ms", low=0, high=600_000)
        latency_max = _number(body, "latency_max_ms", low=0, high=600_000)
        if action == "latency" and latency is None:
            raise RuleError("latency needs latency_ms (and optionally latency_max_ms for a range)")
        if latency_max is not None and (latency is None or latency_max < latency):
            raise RuleError("latency_max_ms must be at least latency_ms")
        status = _number(body, "status", integer=True, low=100, high=599)
        if action == "status" and status is None:
            raise RuleError("status needs status (100-599)")
        message = body.get("message")
        if message is not None and not isinstance(message, str):
            raise RuleError("message must be a string")
        times = _number(body, "times", integer=True, low=1)
        probability = _number(body, "probability", low=0, high=1)
        seed = _number(body, "seed", integer=True)
        rule = FaultRule(id=next(self._ids), action=action, api=api, method=method, path=path,
                         tenant=str(tenant) if tenant is not None else None, latency_ms=latency,
                         latency_max_ms=latency_max, status=status, message=message, times=times,
                         probability=probability, seed=seed)
        rule._rng = random.Random(seed if seed is not None else rule.id)
        with self._lock:
            self.rules.append(rule)
        return rule

    def by_tenant(self) -> bool:
        """Whether any rule needs the caller's tenant (only then is the credential looked up)."""
        return any(r.tenant is not None for r in self.rules)

    def remove(self, rule_id: int) -> bool:
        with self._lock:
            before = len(self.rules)
            self.rules = [r for r in self.rules if r.id != rule_id]
            return len(self.rules) != before

    def clear(self, api: str | None = None, tenant: str | None = None) -> None:
        """Remove every rule, or the rules scoped to that API (and tenant)."""
        with self._lock:
            if api is None:
                self.rules = []
            else:
                self.rules = [r for r in self.rules
                              if not (r.api == api and (tenant is None or r.tenant == tenant))]

    def match(self, api: str | None, method: str, full_path: str, rel_path: str | None,
              tenant: str | None) -> tuple[float, FaultRule | None, list[FaultRule]]:
        """(seconds to sleep, the rule that answers instead of the API or None, every rule applied)."""
        delay, answer, applied = 0.0, None, []
        with self._lock:
            for rule in self.rules:
                if answer is not None and rule.action != "latency":
                    continue
                if not rule.matches(api, method, full_path, rel_path, tenant) or not rule.fire():
                    continue
                applied.append(rule)
                if rule.action == "latency":
                    delay += rule.delay_seconds()
                else:
                    answer = rule
        return delay, answer, applied
