"""OpenAPI 3.1 documents of the mounted APIs and of the control API, built from their route tables.

Each route-table row carries its operation's description (`Route.doc`, a `Doc` or a function that
builds one on first use: summary, query and body schemas, the responses it can give);
`build(app, name)` walks that API's rows (or the control API's, name "emulator"), turns their
Flask paths into OpenAPI paths below the API's mount point (the document's server; a templated
mount becomes a server variable) and lets apispec's marshmallow plugin turn the schemas into JSON
Schema.  What an API says about itself as a whole (security schemes, error envelope, statuses
every operation can answer, its own marshmallow field classes) comes from its ApiDocs, so nothing
here knows any one API.

operationIds follow one rule: the row's name, with `_<method>` appended when the row serves
several methods.  A row nobody has described still appears (marked `x-undocumented`), so a test
can insist that none is left.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any

from marshmallow import fields as ma_fields

from .mounts import CONTROL_MOUNT

OPENAPI_VERSION = "3.1.0"
CONTROL_API = "emulator"  # the name the control API's document goes by
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


class Doc:
    """The OpenAPI description of one route-table row (`Route.doc`).

    `errors` are statuses answered in the API's error envelope (with a description each, or None
    for the API's own wording); `responses` are the others: status -> a schema (JSON body),
    [schemas] (one of them), a marshmallow field (a JSON body that is not an object of fixed
    keys), Binary, or a description (no body); or (any of these, description).
    """

    __slots__ = ("summary", "description", "tags", "query", "body", "content_types", "body_required",
                 "responses", "errors", "security", "path_params")

    def __init__(self, summary: str, *, description: str | None = None, tags: Iterable[str] = (),
                 query: Any = None, body: Any = None, content_types: Iterable[str] = ("application/json",),
                 body_required: bool = True, responses: Mapping[int, Any] | None = None,
                 errors: Iterable[int] | Mapping[int, str | None] = (),
                 security: list[dict[str, list[str]]] | None = None,
                 path_params: Mapping[str, str] | None = None) -> None:
        self.summary = summary
        self.description = description
        self.tags = tuple(tags)
        self.query = query  # marshmallow schema of the query string
        self.body = body  # marshmallow schema of the request body, or [schemas] (any of them)
        self.content_types = tuple(content_types)
        self.body_required = body_required
        self.responses = dict(responses or {})
        self.errors = dict(errors) if isinstance(errors, Mapping) else {int(s): None for s in errors}
        self.security = security  # None: the API's; []: none
        self.path_params = dict(path_params or {})  # name -> description


# -- what is documented -----------------------------------------------------------------------

@dataclass
class Target:
    """The API a document describes, whether a mounted API or the control API."""

    name: str
    title: str
    description: str
    server: dict[str, Any]  # the document's one server: the mount point (templated: variables)
    rows: list[Any]  # core.api.Route rows, paths below the mount point
    docs: Any  # core.api.ApiDocs
    error_media: Callable[[int], str]


def target(app: Any, name: str) -> Target:
    """The API called `name` in this app (KeyError when none is mounted under that name)."""
    from .api import ApiDocs

    emu = app.extensions["emulator"]
    if name == CONTROL_API:
        from . import admin_schemas

        docs = ApiDocs(description=admin_schemas.DESCRIPTION, error_schema=admin_schemas.ControlError,
                       field_properties=admin_schemas.field_properties(list(emu.specs)))
        return Target(name=name, title="saas-emulator control API", description=admin_schemas.DESCRIPTION,
                      server={"url": CONTROL_MOUNT, "description": "the control API's mount point"},
                      rows=list(emu.control_rows), docs=docs, error_media=lambda status: "application/json")
    spec = emu.specs[name]
    mount = emu.mounts.preferred(name)
    server: dict[str, Any] = {"url": mount.concrete(None) or "/",
                              "description": "the API's mount point on this emulator"}
    if mount.templated:
        tenants = emu.fixtures.tenants(name)
        server["variables"] = {mount.param: {"default": tenants[0] if tenants else "1",
                                             "description": "the tenant named in the path"}}
    return Target(
        name=name, title=spec.title,
        description=spec.docs.description or (f"The emulated {spec.title}. A client's base URL is the server "
                                              f"URL plus `{spec.client_base or '/'}`."),
        server=server, rows=[row for row in emu.routes[name] if row.operation], docs=spec.docs,
        error_media=spec.error_content_type)


def names(app: Any) -> list[str]:
    """Every document this app can build: each mounted API and the control API."""
    return [*app.extensions["emulator"].specs, CONTROL_API]


def openapi_path(rule: str) -> tuple[str, list[tuple[str, dict[str, Any]]]]:
    """A Flask rule (below the mount point) as an OpenAPI path, with its path parameters' schemas."""
    params: list[tuple[str, dict[str, Any]]] = []

    def replace(m: re.Match[str]) -> str:
        params.append((m.group("name"), dict(_CONVERTER_SCHEMAS.get(m.group("converter") or "", {"type": "string"}))))
        return "{" + m.group("name") + "}"

    return _RULE_ARGUMENT.sub(replace, rule) or "/", params


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
        docs = tgt.docs
        self.plugin = _plugin()
        options: dict[str, Any] = {"info": {"description": tgt.description}, "servers": [tgt.server]}
        if docs.security:
            options["security"] = [dict(r) for r in docs.security]
        self.spec = APISpec(title=tgt.title, version=__version__, openapi_version=OPENAPI_VERSION,
                            plugins=[self.plugin], **options)
        if docs.field_properties is not None:
            self.plugin.converter.add_attribute_function(_field_hook(docs.field_properties))
        for scheme_name, scheme in docs.security_schemes.items():
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
        docs = self.target.docs
        schema = docs.error_schemas.get(status, docs.error_schema)
        text = description or docs.common_errors.get(status) or _describe(status)
        media = self.target.error_media(status)
        if schema is not None:
            response = self.response(status, schema, text)
            response["content"] = {media: response["content"]["application/json"]}
        else:  # a body that is not JSON (ZeyOS' text/plain, an HTML page)
            response = {"description": text, "content": {media: {"schema": {"type": "string"}}}}
        if description:
            return response
        name = f"Error{status}"
        if name not in self.error_components:
            self.spec.components.response(name, response)
            self.error_components.add(name)
        return name  # apispec makes it a $ref

    def operation(self, row: Any, method: str, params: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
        op = row.described
        methods = row.methods
        out: dict[str, Any] = {"operationId": f"{row.name}_{method.lower()}" if len(methods) > 1 else row.name}
        if op is None:
            summary = (row.view.__doc__ or "").strip().split("\n")[0] or row.name
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
        for status in {**self.target.docs.common_errors, **op.errors}:
            if str(status) not in responses:
                responses[str(status)] = self.error(status, op.errors.get(status))
        out["responses"] = dict(sorted(responses.items()))
        if op.security is not None:
            out["security"] = op.security
        return out

    def build(self) -> dict[str, Any]:
        paths: dict[str, dict[str, Any]] = {}
        for row in sorted(self.target.rows, key=lambda r: (r.path, r.name)):
            path, params = openapi_path(row.path)
            for method in row.methods:
                paths.setdefault(path, {})[method.lower()] = self.operation(row, method, params)
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
