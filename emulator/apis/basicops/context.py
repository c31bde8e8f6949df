"""Who a BasicOps rule acts for, in which account, with which settings, and where URLs point.

Rules read the caller from core.caller (bound by the core for a request, by `acting_as` for a
webhook delivery or the control API), never from Flask.  The API base URL that download and
picture URLs are built on comes from the request in phase B; it is a context variable here so
serializers need no request (a delivery thread re-binds the one of the request that caused it).
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from ...core.caller import caller
from ...core.store import Record, Table, TenantDB

# Every choice where no source speaks, as a per-account setting (fixtures set them; the control
# API's PATCH /_emulator/tenants/basicops/<tenant>/settings changes them).  docs/basicops.md
# explains each.
DEFAULTS: dict[str, Any] = {
    "company_id": 1,
    "app_url": "https://app.basicops.com",
    "hide_forbidden": False,
    "outbound_hosts": ["localhost", "127.0.0.0/8", "::1"],
    "outbound_timeout_seconds": 5.0,
    "outbound_max_bytes": 25 * 1024 * 1024,
    "webhook_max_attempts": 5,
    "webhook_backoff_seconds": 10.0,
    "webhook_signature_header": "X-BasicOps-Signature",
    "oauth_token_lifetime_seconds": 3600,
    "oauth_code_lifetime_seconds": 600,
    "attachment_url_lifetime_seconds": 900,
    "bulk_max_items": 100,
    "thumbnail_sizes": {"icon": 32, "small": 100, "medium": 300, "large": 800},
}

DEFAULT_API_BASE = "https://api.basicops.com/v1"


class _Deferred:
    """An API base URL worked out on first use (then kept): most answers build no URL, so a request
    binds how to find its base, not the base itself."""

    __slots__ = ("make", "value")

    def __init__(self, make: Callable[[], str]) -> None:
        self.make = make
        self.value: str | None = None

    def get(self) -> str:
        if self.value is None:
            self.value = self.make().rstrip("/")
        return self.value


_API_BASE: ContextVar[str | _Deferred] = ContextVar("basicops_api_base", default=DEFAULT_API_BASE)


def tenant() -> TenantDB:
    return caller().tenant


def table(name: str) -> Table:
    return caller().tenant.table(name)


def me() -> Record:
    user = caller().user
    if user is None:
        raise RuntimeError("this rule needs a user: bind one with acting_as(tenant, user)")
    return user


def my_id() -> int:
    return me()["id"]


def setting(name: str, tenant_db: TenantDB | None = None) -> Any:
    settings = (tenant_db or caller().tenant).settings
    value = settings.get(name)
    return DEFAULTS.get(name) if value is None else value


# -- URLs ------------------------------------------------------------------------------------

def api_base() -> str:
    """The API's base URL as the client sees it ("http://127.0.0.1:8080/basicops/v1")."""
    base = _API_BASE.get()
    return base if isinstance(base, str) else base.get()


@contextmanager
def api_base_as(base: str) -> Iterator[None]:
    token = _API_BASE.set(base.rstrip("/"))
    try:
        yield
    finally:
        _API_BASE.reset(token)


def bind_api_base(base: str) -> Any:
    return _API_BASE.set(base.rstrip("/"))


def bind_api_base_lazily(make: Callable[[], str]) -> Any:
    """Bind the base that `make()` answers, called on the first api_base() of this binding only.
    `make` must not depend on anything that changes meanwhile (a request's own headers and path)."""
    return _API_BASE.set(_Deferred(make))


def app_url() -> str:
    return str(setting("app_url")).rstrip("/")


