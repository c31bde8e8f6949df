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
    injected: bool = False  # answered by a fault rule, not by the API


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
    # (store, WSGI environ) -> the tenant a request's credential belongs to, for tenant-scoped faults
    identify: Callable[[Any, dict], str | None] | None = None
    content_type: str = "application/json"  # of the API's answers (malformed-body faults use it)
    # -- what its OpenAPI document says about it (core/openapi.py) --
    # securitySchemes by name, and the requirement every operation carries (alternatives, OR-ed)
    security_schemes: dict[str, dict[str, Any]] = field(default_factory=dict)
    security: list[dict[str, list[str]]] = field(default_factory=list)
    # marshmallow schema of the error envelope, and per status where it differs (e.g. 422)
    error_schema: Any = None
    error_schemas: dict[int, Any] = field(default_factory=dict)
    # statuses every operation can answer (auth, module gates), with what they mean
    common_errors: dict[int, str] = field(default_factory=dict)
    # (marshmallow field) -> its JSON Schema for the API's own field classes, or None for the default
    openapi_field: Callable[[Any], dict[str, Any] | None] | None = None
