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


class ApiError(Exception):
    """Every error an API answers, whoever raised it: a handler, or the core itself (unknown route,
    wrong method, unreadable body, crash, injected fault).  The core hands it to the API's
    `render_error`, which turns it into the API's own status, envelope and content type.

    `detail` is the API's own payload (Laravel's field errors, ProWorkflow's details list);
    `reason` says where the core raised it (see the REASON_* names), "api" for a handler.
    """

    def __init__(self, status: int, message: str = "", *, detail: Any = None,
                 headers: dict[str, str] | None = None, reason: str = "api",
                 allowed: tuple[str, ...] = (), method: str = "", path: str = "") -> None:
        super().__init__(message or str(status))
        self.status = status
        self.message = message
        self.detail = detail
        self.headers = dict(headers or {})
        self.reason = reason
        self.allowed = allowed  # for 405: the methods the path does take
        self.method = method
        self.path = path  # the request path below the API's mount point

    @property
    def injected(self) -> bool:
        return self.reason == REASON_INJECTED


REASON_API = "api"            # raised by the API's own code
REASON_NO_ROUTE = "no_route"  # 404: nothing routed at this path
REASON_METHOD = "method"      # 405: the path is routed, not for this method
REASON_CRASH = "crash"        # 500: an unhandled exception
REASON_INJECTED = "injected"  # a fault rule's status
REASON_BAD_BODY = "bad_body"  # 400: a body or query the core cannot decode (too deep, not UTF-8)
REASON_TOO_LARGE = "too_large"  # 413: a body over the configured cap


@dataclass(frozen=True)
class Route:
    """One row of an API's route table: one operation (or one view for several methods).

    The core registers each row under the API's mount point(s), attaches `doc` to it for the
    OpenAPI document, and calls `view(**path_variables, **bind)`; a generic view serves many rows
    through `bind` (ZeyOS: one view, `entity=` per row).  `name` is the endpoint and operationId:
    snake_case `<resource>_<action>`, unique within the API.  `public` rows skip the API's
    authenticate hook (login, token endpoints); the tenant from the path is still bound.
    """

    method: str | tuple[str, ...]
    path: str  # Flask rule syntax, below the mount point: "/v1/projects/<int:id>"
    name: str
    view: Callable[..., Any]
    doc: Any = None  # core.openapi.Doc
    bind: dict[str, Any] = field(default_factory=dict)
    public: bool = False

    @property
    def methods(self) -> tuple[str, ...]:
        return (self.method,) if isinstance(self.method, str) else tuple(self.method)


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
