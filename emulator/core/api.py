"""The contract between the core and an emulated API.

Each package under `emulator/apis/` exposes one `ApiSpec` named `API`.  The core mounts it (at a
fixed prefix, or at a template with the tenant in the path), registers its route table, calls its
`authenticate` hook before each non-public route and binds the caller it returns
(`core.caller`), hands every error under its mount point to its `render_error` as one `ApiError`
(unknown routes, wrong methods, undecodable bodies, crashes and injected faults included), loads
its fixtures with its id column, and asks it how to describe its credentials to a test harness.

Runtime hooks live on `ApiSpec`; what the OpenAPI document says about the API as a whole lives
apart, on `ApiDocs`.  A new API is one folder and one name in `emulator/apis/__init__.py`'s KNOWN:
its `__init__.py` says where it lives (MOUNT, and ROOT_MOUNT, CLIENT_BASE where they apply), its
`spec.py` holds `API = ApiSpec(...)` with the same values.  `serve` starts with each API as a
`LazySpec` (those values only) and imports the API on the first request to one of its mounts.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .store import Record, Store, TenantDB, new_secret

if TYPE_CHECKING:
    from .http import Response


class ApiError(Exception):
    """Every error an API answers, whoever raised it: a handler, or the core itself (unknown route,
    wrong method, unreadable body, crash, injected fault).  The core hands it to the API's
    `render_error`, which turns it into the API's own status, envelope and content type; the core
    then adds `headers`.

    `detail` is the API's own payload (Laravel's field errors, ProWorkflow's details list);
    `reason` says where the core raised it (the REASON_* names), "api" for the API's own code.
    """

    def __init__(self, status: int, message: str = "", *, detail: Any = None,
                 headers: Mapping[str, str] | None = None, reason: str = "api",
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


REASON_API = "api"              # raised by the API's own code
REASON_NO_ROUTE = "no_route"    # 404: nothing routed at this path
REASON_NO_TENANT = "no_tenant"  # 404: the tenant named in the path does not exist
REASON_METHOD = "method"        # 405: the path is routed, not for this method
REASON_CRASH = "crash"          # 500: an unhandled exception
REASON_INJECTED = "injected"    # a fault rule's status
REASON_BAD_BODY = "bad_body"    # 400: a body or query the core cannot decode (too deep, not UTF-8)
REASON_TOO_LARGE = "too_large"  # 413: a body over the configured cap
REASON_PRECONDITION = "precondition"  # 412: If-Match / If-None-Match failed (core.conditional)

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Route:
    """One row of an API's route table: one operation (or one view for several methods).

    The core registers each row under the API's mount point(s), attaches `doc` to it for the
    OpenAPI document, and calls `view(**path_variables, **bind)`: a generic view serves many rows
    through `bind` (ZeyOS: one view, `entity=` per row).  `name` is the endpoint and the
    operationId: snake_case `<resource>_<action>`, unique within the API (a row with several
    methods gets `_<method>` appended per method in the OpenAPI document).  `public` rows skip the
    API's authenticate hook (login, token endpoints); the tenant named in the path is still bound.
    `doc` is a `core.openapi.Doc`, or a function of no arguments that builds one: a table of hundreds
    of rows then builds its descriptions (marshmallow schemas) when the OpenAPI document is first
    asked for, not at every start.  Read it as `described`.
    """

    method: str | tuple[str, ...]
    path: str  # Flask rule syntax, below the mount point: "/v1/projects/<int:id>"
    name: str
    view: Callable[..., Any]
    doc: Any = None  # core.openapi.Doc, or a function returning one
    bind: Mapping[str, Any] = field(default_factory=dict)
    public: bool = False
    operation: bool = True

    @property
    def methods(self) -> tuple[str, ...]:
        return (self.method,) if isinstance(self.method, str) else tuple(self.method)

    @cached_property
    def described(self) -> Any:
        """The row's `Doc` (None when undescribed), built once if `doc` is a builder."""
        return self.doc() if callable(self.doc) else self.doc


def check_routes(api: str, rows: Sequence[Route]) -> None:
    """The route table's rules: snake_case names, unique per API, paths that start with /."""
    seen: set[str] = set()
    for row in rows:
        if not _NAME.match(row.name):
            raise ValueError(f"{api}: route name {row.name!r} is not snake_case <resource>_<action>")
        if row.name in seen:
            raise ValueError(f"{api}: route name {row.name!r} is used twice")
        if not row.path.startswith("/"):
            raise ValueError(f"{api}: route path {row.path!r} must start with /")
        seen.add(row.name)


@dataclass(frozen=True)
class ApiDocs:
    """What an API's OpenAPI document says about the API as a whole (core/openapi.py)."""

    description: str = ""
    # securitySchemes by name, and the requirement every operation carries (alternatives, OR-ed)
    security_schemes: Mapping[str, dict[str, Any]] = field(default_factory=dict)
    security: Sequence[Mapping[str, list[str]]] = ()
    # marshmallow schema of the error envelope, and per status where it differs (e.g. 422);
    # None: the error has no JSON body (its media type comes from ApiSpec.error_content_type)
    error_schema: Any = None
    error_schemas: Mapping[int, Any] = field(default_factory=dict)
    # statuses every operation can answer (auth, module gates), with what they mean
    common_errors: Mapping[int, str] = field(default_factory=dict)
    # (marshmallow field) -> its JSON Schema for the API's own field classes, or None for the default
    field_properties: Callable[[Any], dict[str, Any] | None] | None = None


def _json(status: int) -> str:
    return "application/json"


@dataclass(frozen=True, kw_only=True)
class ApiSpec:
    """What an API tells the core.  Only the first block is required."""

    name: str
    title: str
    # where it lives: a fixed prefix ("/basicops") or a template with the tenant in the path
    # ("/zeyos/<instance>"); `root_mount` also serves a templated API at "/<instance>" at the server
    # root, for any first segment that is not another API's prefix or the control API's
    mount: str
    routes: Callable[[], Sequence[Route]]
    # (store, tenant named in the path or None) -> (tenant, user); reads flask.request; raises ApiError
    authenticate: Callable[[Store, TenantDB | None], tuple[TenantDB, Record | None]]
    render_error: Callable[[ApiError], Response]
    # (tenant) -> one entry per fixture user: {"user_id", "name", "role", ...credentials}
    describe_credentials: Callable[[TenantDB], list[dict[str, Any]]]

    root_mount: bool = False
    client_base: str = ""  # what a client appends to the mount point as its base URL
    content_type: str = "application/json"  # of its successes (malformed-body faults use it)
    error_content_type: Callable[[int], str] = _json  # of its error answers, per status
    id_key: str | Callable[[str], str] = "id"  # each table's id column (a name, or by table name)
    etags: bool = False  # the core adds a strong ETag to successful GETs and answers If-None-Match
    etag_style: str = "quoted"  # "bare": 16 hex digits, unquoted, as some services send them
    # (store, WSGI environ) -> the tenant a request's credential belongs to (tenant-scoped faults,
    # the journal of injected answers); templated mounts need none: the path names the tenant
    identify: Callable[[Store, dict], str | None] | None = None
    # (tables, faker, count): faker-made bulk records for --fake N
    bulk: Callable[[dict[str, list[dict]], Any, int], None] | None = None
    # a new value for a cloned tenant's credential (same form as the real API's)
    new_credential_value: Callable[[dict], str] = field(default=lambda cred: new_secret(20))
    # (state, tenant name): make a cloned fixture state the new account's own (its ids, names)
    adopt: Callable[[dict, str], None] | None = None
    # (emulator) -> the API's own in-memory state beside the store (rate-limit counters, delivery
    # queues), one per app; optional methods reset(tenant_name | None) and close()
    runtime: Callable[[Any], Any] | None = None
    # (current settings, changes) -> None, or ValueError("why") answered 400: the API's rules for the
    # values of its settings (formats, ranges, read-only keys) when the control API changes them;
    # the core already refuses unknown keys and values of another JSON type
    check_settings: Callable[[dict[str, Any], dict[str, Any]], None] | None = None
    # extra control-API rows, mounted under /_emulator and answered as JSON
    control_routes: Callable[[], Sequence[Route]] | None = None
    fixtures: Path | None = None  # its fixture folder (default: the shipped fixtures/<name>)
    # the largest request body it takes (None: the emulator's --max-body-bytes); larger is 413
    max_body_bytes: int | None = None
    docs: ApiDocs = field(default_factory=ApiDocs)

    def id_key_of(self, table: str) -> str:
        return self.id_key if isinstance(self.id_key, str) else self.id_key(table)


@dataclass(frozen=True, kw_only=True)
class LazySpec:
    """An API known only by where it lives, until `load()` imports it and returns its ApiSpec.

    The emulator mounts it (core/mounts.py reads these fields alone) and loads it on the first
    request to one of its mounts, or on the first control-API request (which sees every API)."""

    name: str
    mount: str
    loader: Callable[[], ApiSpec]
    root_mount: bool = False
    client_base: str = ""

    def load(self) -> ApiSpec:
        spec = self.loader()
        for attr in ("name", "mount", "root_mount", "client_base"):
            if getattr(spec, attr) != getattr(self, attr):
                raise ValueError(f"api {self.name}: its ApiSpec's {attr} {getattr(spec, attr)!r} is not "
                                 f"{getattr(self, attr)!r}, as its package says")
        return spec
