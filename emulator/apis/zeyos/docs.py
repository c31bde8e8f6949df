"""marshmallow schemas made from the entity table, for the emulator's own OpenAPI document.

One record schema per entity (its fields, nullability and enumerations as stored and answered), one
write schema per entity (every field optional, plus the pseudo fields extdata and tags), the list
body shared by every list, and the GET query.  Made once, on first use.
"""
from __future__ import annotations

from functools import cache
from typing import Any

from marshmallow import Schema, fields, validate

from .schema import Entity, Field, entities

JSON_TEXT = "JSON text, or the JSON itself when expanded"


def _field(f: Field, *, write: bool) -> fields.Field:
    meta = {"description": f.description} if f.description else {}
    kw: dict[str, Any] = {"allow_none": f.nullable, "metadata": meta}
    checks = []
    if f.enum is not None:
        checks.append(validate.OneOf(list(f.enum)))
    if f.type in ("int", "number") and (f.minimum is not None or f.maximum is not None) and f.enum is None:
        checks.append(validate.Range(min=f.minimum, max=f.maximum))
    if f.type == "string" and (f.min_length or f.max_length) and not write:
        checks.append(validate.Length(min=f.min_length, max=f.max_length))
    if checks:
        kw["validate"] = checks
    if f.type == "int":
        return fields.Integer(**kw)
    if f.type == "number":
        return fields.Float(**kw)
    if f.type == "boolean":
        return fields.Boolean(**kw)
    if f.type == "string":
        return fields.String(**kw)
    if f.type == "object":
        return fields.Dict(**kw)
    if f.type == "binfile":
        if write:
            return fields.Dict(allow_none=True, metadata={
                "description": 'new content: {"content": base64} or {"uri": data URI}'})
        return fields.Raw(allow_none=True, metadata={
            "description": 'binfile ID, or {"content": base64} when expanded'})
    return fields.Raw(allow_none=True, metadata={"description": JSON_TEXT})


def _schema(name: str, attrs: dict[str, fields.Field]) -> type[Schema]:
    return type(name, (Schema,), {**attrs, "Meta": type("Meta", (), {"ordered": True})})


def _camel(entity: str) -> str:
    return "".join(part.capitalize() for part in entity.replace("2", "_to_").split("_"))


@cache
def record_schema(entity: str) -> type[Schema]:
    ent = entities()[entity]
    return _schema(f"Zeyos{_camel(entity)}", {n: _field(f, write=False) for n, f in ent.fields.items()})


@cache
def record_with_pseudo_schema(entity: str) -> type[Schema]:
    """A GET answer: the record, plus extdata/tags when asked for."""
    ent = entities()[entity]
    attrs = {n: _field(f, write=False) for n, f in ent.fields.items()}
    if ent.extdata:
        attrs["extdata"] = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))
    if ent.tags:
        attrs["tags"] = fields.List(fields.String())
    return _schema(f"Zeyos{_camel(entity)}Read", attrs)


@cache
def write_schema(entity: str) -> type[Schema]:
    ent: Entity = entities()[entity]
    attrs = {n: _field(f, write=True) for n, f in ent.fields.items() if n != "ID"}
    if ent.extdata:
        attrs["extdata"] = fields.Dict(metadata={"description": "merged into the record's extdata; "
                                                                "a null value removes the key"})
    if ent.tags:
        attrs["tags"] = fields.List(fields.String(), metadata={"description": "tags to reset"})
        attrs["add_tags"] = fields.List(fields.String(), data_key="+tags", metadata={"description": "tags to add"})
        attrs["remove_tags"] = fields.List(fields.String(), data_key="-tags",
                                           metadata={"description": "tags to remove"})
    return _schema(f"Zeyos{_camel(entity)}Write", attrs)


class ListBody(Schema):
    """request-list: the body every `POST /{entity}` takes."""

    class Meta:
        ordered = True

    count = fields.Boolean(metadata={"description": "return {\"count\": N} only"})
    export = fields.Boolean(metadata={"description": "CSV (text/csv, ;) with unbounded limit (admin)"})
    distinct = fields.Boolean()
    fields_ = fields.Raw(data_key="fields", metadata={"description": "array of field paths, or {alias: path}"})
    filter = fields.Raw(metadata={"description": "composite filter (see the seed's grammar)"})
    filters = fields.Raw(metadata={"description": "the same as filter; both are AND-ed"})
    query = fields.String(metadata={"description": "search words (all must match a search column)"})
    sort = fields.Raw(metadata={"description": "[\"field\", \"+field\", \"-field\"]"})
    limit = fields.Integer(validate=validate.Range(min=1), metadata={"description": "1..10000 (default 1000)"})
    offset = fields.Integer(validate=validate.Range(min=0))
    expand = fields.Raw(metadata={"description": "composite fields to inline"})
    extdata = fields.Boolean(metadata={"description": "add each row's extdata"})


class CountAnswer(Schema):
    count = fields.Integer(required=True)


class GetQuery(Schema):
    expand = fields.List(fields.String(), metadata={"description": "composite fields to inline"})
    extdata = fields.Integer(validate=validate.OneOf([0, 1]))
    tags = fields.Integer(validate=validate.OneOf([0, 1]))


class UserInfoQuery(Schema):
    access = fields.Integer(validate=validate.OneOf([0, 1]))
    settings = fields.Integer(validate=validate.OneOf([0, 1]))


class LoginBody(Schema):
    class Meta:
        ordered = True

    name = fields.String(required=True, validate=validate.Length(min=1))
    password = fields.String(required=True)
    identifier = fields.String(required=True, validate=validate.Regexp(r"^[a-zA-Z0-9_.:-]+$"))
    appsecret = fields.String()
    otp = fields.String()
    expdate = fields.Integer(allow_none=True)


class LoginAnswer(Schema):
    class Meta:
        ordered = True

    user = fields.Integer(required=True)
    application = fields.Integer(required=True, allow_none=True)
    token = fields.String(required=True, validate=validate.Regexp(r"^[a-f0-9]{40}$"))
    identifier = fields.String(required=True)
    expdate = fields.Integer(required=True, allow_none=True)


class AuthInfo(Schema):
    user = fields.Integer()
    application = fields.Integer(allow_none=True)
    lang = fields.String()


class UserInfo(Schema):
    class Meta:
        ordered = True

    auth = fields.Nested(AuthInfo)
    user = fields.Integer()
    contact = fields.Integer(allow_none=True)
    name = fields.String()
    email = fields.String()
    admin = fields.Boolean()
    nopublic = fields.Boolean()
    apionly = fields.Boolean()
    groups = fields.Dict(keys=fields.String(), values=fields.Boolean())
    permissions = fields.Dict(keys=fields.String(), values=fields.Boolean())
    settings = fields.Dict()


class AnyObject(Schema):
    """/config and /settings: a JSON object of the instance's or application's own keys."""

    class Meta:
        unknown = "include"
