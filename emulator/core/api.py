"""What an emulated API tells the core about itself.

Each package under `emulator/apis/` exposes one `ApiSpec` named `API`.  The core mounts its
blueprint, sends every error that happens under its mount point to its own renderer (so a 404
from Essentials looks like Laravel and one from ZeyOS is plain text), loads its fixtures, and
asks it how to describe its credentials to a test harness.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Response

from .store import TenantDB, new_secret


@dataclass(frozen=True)
class RouteError:
    """An error that happened before or outside a handler: unknown route, wrong method, crash."""

    status: int
    method: str
    path: str  # the request path relative to the API's mount point, e.g. /api/v1/x
    allowed: tuple[str, ...] = ()
    description: str = ""


@dataclass
class ApiSpec:
    name: str
    title: str
    prefix: str  # the default mount point, e.g. "/essentials"
    make_blueprint: Callable[[], Blueprint]
    render_error: Callable[[RouteError], Response]
    # (tenant) -> one entry per fixture user: {"user_id", "name", "role", ...credentials}
    describe_credentials: Callable[[TenantDB], list[dict[str, Any]]]
    client_base: str = ""  # what a client appends to the mount point as its base URL
    # (tables, faker, count): faker-made bulk records for --fake N
    bulk: Callable[[dict[str, list[dict]], Any, int], None] | None = None
    # a new value for a cloned tenant's credential (same form as the real API's)
    new_credential_value: Callable[[dict], str] = field(default=lambda cred: new_secret(20))
    # (state, tenant name): make a cloned fixture state the new account's own (its ids, names)
    adopt: Callable[[dict, str], None] | None = None
