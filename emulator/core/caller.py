"""Who a domain rule acts for: (tenant, user), bound for a request or explicitly without one.

Domain rules (moto's "models") read the caller from here, never from Flask, so the same rule runs
inside a request (the core binds the authenticated caller), from the control API, or from a
background thread such as a webhook delivery:

    with acting_as(tenant, user):
        rule(...)

A contextvar, not `flask.g`: it works with no app or request context, and each thread sees its own.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, NamedTuple

from .store import Record, TenantDB


class Caller(NamedTuple):
    """Who a rule acts for.  `user` is the stored row (read it, never change it in place); None on a
    public route (login) or for the system itself."""

    tenant: TenantDB
    user: Record | None = None


_CURRENT: ContextVar[Caller | None] = ContextVar("saas_emulator_caller", default=None)


class NoCaller(RuntimeError):
    """A domain rule ran with nobody bound (a bug: bind with acting_as)."""


def caller() -> Caller:
    found = _CURRENT.get()
    if found is None:
        raise NoCaller("no caller is bound: wrap the call in acting_as(tenant, user)")
    return found


def current_caller() -> Caller | None:
    """The bound caller, or None (the clock and the journal ask without requiring one)."""
    return _CURRENT.get()


def bind(tenant: TenantDB, user: Record | None = None) -> Any:
    """Bind a caller until `unbind(token)` (or `clear()`, which the core calls after each request)."""
    return _CURRENT.set(Caller(tenant, user))


def clear() -> None:
    _CURRENT.set(None)


def unbind(token: Any) -> None:
    _CURRENT.reset(token)


@contextmanager
def acting_as(tenant: TenantDB, user: Record | None = None) -> Iterator[Caller]:
    token = bind(tenant, user)
    try:
        yield _CURRENT.get()  # type: ignore[misc]
    finally:
        unbind(token)
