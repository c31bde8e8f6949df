"""OpenAPI 3.1 documents of the mounted APIs and of the control API, built from what is routed.

A view carries its operation's description (`@doc(...)`: summary, query and body schemas, the
responses it can give); `build(app, name)` walks the app's URL map, keeps the rules of that API
(or of the control API, name "emulator"), turns Flask paths into OpenAPI paths relative to the
API's mount point (the document's server) and lets apispec's marshmallow plugin turn the schemas
into JSON Schema.  What an API says about itself as a whole (security schemes, error envelope,
statuses every operation can answer, its own marshmallow field classes) comes from its ApiSpec,
so nothing here knows any one API.

A routed view nobody has described still appears (marked `x-undocumented`), so a test can insist
that none is left.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from marshmallow import fields as ma_fields

OPENAPI_VERSION = "3.1.0"
CONTROL_API = "emulator"  # the name the control API's document goes by
CONTROL_MOUNT = "/_emulator"
ATTRIBUTE = "__openapi__"
_SKIPPED_METHODS = frozenset({"HEAD", "OPTIONS"})  # Flask adds them to every rule
_RULE_ARGUMENT = re.compile(r"<(?:(?P<converter>[a-zA-Z_][a-zA-Z0-9_]*)(?:\((?P<args>.*?)\))?:)?(?P<name>[a-zA-Z_][a-zA-Z0-9_]*)>")
_CONVERTER_SCHEMAS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0},
    "float": {"type": "number", "minimum": 0},
    "uuid": {"type": "string", "format": "uuid"},
}


@dataclass(frozen=True)
class Binary:
    """A response body that is bytes, not JSON: one of `content_types`, with these headers."""

    content_types: tuple[str, ...]
    description: str = "The file's bytes"
    headers: Mapping[str, str] = field(default_factory=dict)  # header name -> what it holds


@dataclass(frozen=True)
class Operation:
    """What `@doc` records about one method of a view."""

    summary: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    query: Any = None  # marshmallow schema of the query string
    body: Any = None  # marshmallow schema of the request body, or [schemas] (any of them)
    content_types: tuple[str, ...] = ("application/json",)
    body_required: bool = True
    # status -> a schema (JSON body), [schemas] (one of them), a marshmallow field (a JSON body that is
    # not an object of fixed keys), Binary, or a description (no body); (any of these, description)
    responses: Mapping[int, Any] = field(default_factory=dict)
    errors: Mapping[int, str | None] = field(default_factory=dict)  # answered in the error envelope
    security: list[dict[str, list[str]]] | None = None  # None: the API's; []: none
    path_params: Mapping[str, str] = field(default_factory=dict)  # name -> description


def doc(summary: str, *, description: str | None = None, tags: Iterable[str] = (), query: Any = None,
        body: Any = None, content_types: Iterable[str] = ("application/json",), body_required: bool = True,
        responses: Mapping[int, Any] | None = None, errors: Iterable[int] | Mapping[int, str | None] = (),
        security: list[dict[str, list[str]]] | None = None, path_params: Mapping[str, str] | None = None,
        methods: Iterable[str] | None = None) -> Callable:
    """Describe a view's operation for the OpenAPI document (stack one per method where they differ).

    `errors` are statuses answered in the API's error envelope (with a description each, or None
    for the API's own wording); `responses` are the others.
    """
    errs = dict(errors) if isinstance(errors, Mapping) else {int(s): None for s in errors}
    op = Operation(summary=summary, description=description, tags=tuple(tags), query=query, body=body,
                   content_types=tuple(content_types), body_required=body_required,
                   responses=dict(responses or {}), errors=errs, security=security,
                   path_params=dict(path_params or {}))

    def decorate(view: Callable) -> Callable:
        ops = view.__dict__.setdefault(ATTRIBUTE, {})
        for method in methods or ("*",):
            ops[method.upper()] = op
        return view

    return decorate


def operation_of(view: Callable, method: str) -> Operation | None:
    ops = getattr(view, ATTRIBUTE, None) or {}
    return ops.get(method.upper()) or ops.get("*")


# -- what is documented -----------------------------------------------------------------------

@dataclass
class Target:
    """The API a document describes, whether a mounted API or the control API."""

    name: str
    title: str
    description: str
    mount: str
    security_schemes: dict[str, dict[str, Any]]
    security: list[dict[str, list[str]]]
    error_schema: Any
    error_schemas: dict[int, Any]
    common_errors: dict[int, str]
    field_properties: Callable[[Any], dict[str, Any] | None] | None
    owns: Callable[[str], bool]  # does a rule (its path) belong to this API?


def _is_control(path: str) -> bool:
    return path == CONTROL_MOUNT or path.startswith(CONTROL_MOUNT + "/")


def target(app: Any, name: str) -> Target:
    """The API called `name` in this app (KeyError when none is mounted under that name)."""
    emu = app.extensions["emulator"]
    if name == CONTROL_API:
        from . import admin_schemas

        return Target(
            name=name, title="saas-emulator control API", description=admin_schemas.DESCRIPTION,
            mount=CONTROL_MOUNT, security_schemes={}, security=[], error_schema=admin_schemas.ControlError,
            error_schemas={}, common_errors={}, field_properties=admin_schemas.field_properties(list(emu.specs)),
            owns=_is_control)
    spec = emu.specs[name]
    mount = emu.mount_point(name)

    def owns(path: str) -> bool:
        found = emu.api_for_path(path)
        return not _is_control(path) and found is not None and found[0].name == name

    return Target(
        name=name, title=spec.title,
        description=f"The emulated {spec.title}. A client's base URL is the server URL plus "
                    f"`{spec.client_base or '/'}`.",
        mount=mount, security_schemes=dict(spec.security_schemes), security=list(spec.security),
        error_schema=spec.error_schema, error_schemas=dict(spec.error_schemas),
        common_errors=dict(spec.common_errors), field_properties=spec.openapi_field, owns=owns)


def names(app: Any) -> list[str]:
    """Every document this app can build: each mounted API and the control API."""
    return [*app.extensions["emulator"].specs, CONTROL_API]


def rules_of(app: Any, name: str) -> list[Any]:
    """The URL rules of one API (no static files), in path order."""
    owns = target(app, name).owns
    return sorted((r for r in app.url_map.iter_rules() if r.endpoint != "static" and owns(r.rule)),
                  key=lambda r: (r.rule, r.endpoint))


def openapi_path(rule: str, mount: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """A Flask rule as an OpenAPI path below `mount`, with its path parameters' schemas."""
    rel = rule[len(mount):] if mount and rule.startswith(mount) else rule
    params: list[tuple[str, dict[str, Any]]] = []

    def replace(m: re.Match[str]) -> str:
        params.append((m.group("name"), dict(_CONVERTER_SCHEMAS.get(m.group("converter") or "", {"type": "string"}))))
        return "{" + m.group("name") + "}"

    return _RULE_ARGUMENT.sub(replace, rel) or "/", params


# -- building ---------------------------------------------------------------------------------

def _describe(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return f"Status {status}"


def _field_hook(describe: Callable[[Any], dict[str, Any] | None]) -> Callable:
    """An apispec attribute function: the API's own description of its field classes, keeping null."""

    def api_field_properties(self: Any, field: Any, ret: dict[str, Any], **_: Any) -> dict[str, Any]:
        props = describe(field)
        if not props:
            return {}
        props = dict(props)
        if getattr(field, "allow_none", False):
            kind = props.get("type")
            if kind is not None:
                kinds = kind if isinstance(kind, list) else [kind]
                props["type"] = kinds + ["null"] if "null" not in kinds else kinds
            if "enum" in props and None not in props["enum"]:
                props["enum"] = [*props["enum"], None]
            for key in ("anyOf", "oneOf"):
                if key in props:
                    props[key] = [*props[key], {"type": "null"}]
        return props

    return api_field_properties


def _plugin() -> Any:
    """apispec's marshmallow plugin, also taking schema-level JSON Schema keywords from `Meta.openapi`
    (e.g. {"dependentRequired": ...}), which field-by-field conversion cannot express."""
    from apispec.ext.marshmallow import MarshmallowPlugin
    from apispec.ext.marshmallow.common import resolve_schema_cls

    class Plugin(MarshmallowPlugin):
        def schema_helper(self, name: str, _: Any, schema: Any = None, **kwargs: Any) -> dict | None:
            out = super().schema_helper(name, _, schema=schema, **kwargs)
            if out is not None and schema is not None:
                extra = getattr(getattr(resolve_schema_cls(schema), "Meta", None), "openapi", None)
                out.update(extra or {})
            return out

    return Plugin()


class _Builder:
    def __init__(self, app: Any, tgt: Target) -> None:
        from apispec import APISpec

        from .. import __version__

        self.app, self.target = app, tgt
        self.plugin = _plugin()
        options: dict[str, Any] = {
            "info": {"description": tgt.description},
            "servers": [{"url": tgt.mount or "/", "description": "the API's mount point on this emulator"}],
        }
        if tgt.security:
            options["security"] = tgt.security
        self.spec = APISpec(title=tgt.title, version=__version__, openapi_version=OPENAPI_VERSION,
                            plugins=[self.plugin], **options)
        if tgt.field_properties is not None:
            self.plugin.converter.add_attribute_function(_field_hook(tgt.field_properties))
        for scheme_name, scheme in tgt.security_schemes.items():
            self.spec.components.security_scheme(scheme_name, scheme)
        self.operation_ids: set[str] = set()
        self.error_components: set[str] = set()

    def response(self, status: int, value: Any, description: str | None = None) -> dict[str, Any]:
        if isinstance(value, tuple):  # (schema, description)
            value, description = value
        if isinstance(value, str):
            return {"description": value}
        if isinstance(value, Binary):
            out: dict[str, Any] = {"description": description or value.description,
                                   "content": {ct: {} for ct in value.content_types}}
            if value.headers:
                out["headers"] = {h: {"description": d, "schema": {"type": "string"}}
                                  for h, d in value.headers.items()}
            return out
        if isinstance(value, list):
            schema: Any = {"oneOf": list(value)}
        elif isinstance(value, ma_fields.Field):  # a body that is not an object of fixed keys
            schema = self.plugin.converter.field2property(value)
        else:
            schema = value
        return {"description": description or _describe(status),
                "content": {"application/json": {"schema": schema}}}

    def error(self, status: int, description: str | None) -> Any:
        """An error answer; the API's own statuses once, under components/responses."""
        tgt = self.target
        schema = tgt.error_schemas.get(status, tgt.error_schema)
        text = description or tgt.common_errors.get(status) or _describe(status)
        response = self.response(status, schema, text) if schema is not None else {"description": text}
        if description:
            return response
        name = f"Error{status}"
        if name not in self.error_components:
            self.spec.components.response(name, response)
            self.error_components.add(name)
        return name  # apispec makes it a $ref

    def operation_id(self, endpoint: str, method: str, methods: int) -> str:
        base = endpoint.split(".", 1)[-1]
        op_id = f"{base}_{method.lower()}" if methods > 1 else base
        while op_id in self.operation_ids:
            op_id += "_"
        self.operation_ids.add(op_id)
        return op_id

    def operation(self, rule: Any, method: str, params: list[tuple[str, dict[str, Any]]],
                  methods: int) -> dict[str, Any]:
        view = self.app.view_functions[rule.endpoint]
        op = operation_of(view, method)
        out: dict[str, Any] = {"operationId": self.operation_id(rule.endpoint, method, methods)}
        if op is None:
            summary = (view.__doc__ or "").strip().split("\n")[0] or rule.endpoint
            out.update(summary=summary, responses={"default": {"description": "Not described yet"}})
            out["x-undocumented"] = True
            return out
        out["summary"] = op.summary
        if op.description:
            out["description"] = op.description
        if op.tags:
            out["tags"] = list(op.tags)
        parameters: list[dict[str, Any]] = []
        for name, schema in params:
            param: dict[str, Any] = {"in": "path", "name": name, "required": True, "schema": schema}
            if name in op.path_params:
                param["description"] = op.path_params[name]
            parameters.append(param)
        if op.query is not None:
            parameters.append({"in": "query", "schema": op.query})
        if parameters:
            out["parameters"] = parameters
        if op.body is not None:
            body = {"anyOf": list(op.body)} if isinstance(op.body, list) else op.body
            out["requestBody"] = {"required": op.body_required,
                                  "content": {ct: {"schema": body} for ct in op.content_types}}
        responses = {str(s): self.response(s, v) for s, v in op.responses.items()}
        for status in {**self.target.common_errors, **op.errors}:
            if str(status) not in responses:
                responses[str(status)] = self.error(status, op.errors.get(status))
        out["responses"] = dict(sorted(responses.items()))
        if op.security is not None:
            out["security"] = op.security
        return out

    def build(self) -> dict[str, Any]:
        paths: dict[str, dict[str, Any]] = {}
        for rule in rules_of(self.app, self.target.name):
            path, params = openapi_path(rule.rule, self.target.mount)
            methods = sorted(set(rule.methods or ()) - _SKIPPED_METHODS)
            for method in methods:
                paths.setdefault(path, {})[method.lower()] = self.operation(rule, method, params, len(methods))
        for path, operations in paths.items():
            self.spec.path(path=path, operations=operations)
        return _tidy(self.spec.to_dict())


def _tidy(document: dict[str, Any]) -> dict[str, Any]:
    """Query parameters cannot be null: a nullable input field is just an optional parameter there."""
    for operations in document.get("paths", {}).values():
        for operation in operations.values():
            for param in operation.get("parameters", []):
                if param.get("in") != "query":
                    continue
                schema = param.get("schema", {})
                kind = schema.get("type")
                if isinstance(kind, list):
                    kinds = [k for k in kind if k != "null"]
                    schema["type"] = kinds[0] if len(kinds) == 1 else kinds
                if "enum" in schema:
                    schema["enum"] = [v for v in schema["enum"] if v is not None]
                if "default" in schema and schema["default"] is None:
                    del schema["default"]
    return {"openapi": document.pop("openapi"), **document}


def build(app: Any, api_name: str) -> dict[str, Any]:
    """The OpenAPI 3.1 document of one mounted API, or of the control API ("emulator").

    KeyError when the app mounts no API of that name.
    """
    return _Builder(app, target(app, api_name)).build()
