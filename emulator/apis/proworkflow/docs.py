"""The OpenAPI description of each operation, built from the operation table (no hand-written copy):
its query or body parameters with the seed's descriptions, defaults and documented words, and the
answers it gives (list, single record, write envelope), for core/openapi.py and the fuzz tests.

Query parameters are strings (the grammar parses them); a parameter whose documented values are
all plain words (status, sortby, sortorder, ...) is an enum.  Body fields take any JSON value:
the seed gives no types, and the domain layer answers a wrong one with its 400.
"""
from __future__ import annotations

import re
from typing import Any

from marshmallow import Schema, fields, validate

from ...core.openapi import Doc
from .operations import Operation, Param

_WORD = re.compile(r"^[a-z][a-z0-9]*$")
TAGS = {"companies": "Companies", "contacts": "Contacts", "events": "Events", "expenses": "Expenses",
        "files": "Files & Custom Folders", "invoices": "Invoices", "login": "Login / me", "me": "Login / me",
        "messages": "Messages", "notes": "Notes", "projectrequests": "Project Requests"}
MONEY = frozenset({"invoices", "quotes", "timerecords"})


class ErrorBody(Schema):
    """{"status": "Error", "details": [...]} (a bare string on 500)."""

    status = fields.String(required=True, validate=validate.Equal("Error"))
    details = fields.Raw(required=True, metadata={"description": "A list of messages (a string on 500)"})


class WriteBody(Schema):
    """POST 201 / PUT, DELETE and action PUTs 200: one `details` entry per item written."""

    message = fields.String(required=True)
    status = fields.String(required=True, validate=validate.Equal("Success"))
    details = fields.List(fields.Dict(), required=True)


def _words(param: Param) -> list[str] | None:
    values = [v for v, _ in param.values]
    if len(values) < 2 or not all(_WORD.match(v) and v != param.name for v in values):
        return None
    return values


def _description(param: Param) -> str:
    text = param.description
    if param.advanced:
        text += " Advanced plan only."
    if param.default is not None:
        text += f" Default: {param.default}."
    if param.tokens:
        text += " Tokens: " + ", ".join(t.token + ("*" if t.staffonly else "") for t in param.tokens) + "."
    return text.strip()


def _query_field(param: Param) -> fields.Field:
    meta: dict[str, Any] = {"description": _description(param)}
    if param.examples:
        meta["example"] = param.examples[0]
    words = _words(param)
    required = param.section == "required" and param.default is None
    if words is not None:
        return fields.String(required=required, validate=validate.OneOf(words), metadata=meta)
    return fields.String(required=required, metadata=meta)


def _schema_name(op: Operation, suffix: str) -> str:
    return "".join(part.capitalize() for part in op.name.split("_")) + suffix


def query_schema(op: Operation) -> type[Schema] | None:
    """GET and DELETE parameters travel in the query string; POST and PUT ones in the body."""
    if {"POST", "PUT"} & set(op.methods) or not op.params:
        return None
    declared = {p.name: _query_field(p) for p in op.params.values()}
    return Schema.from_dict(declared, name=_schema_name(op, "Query"))


def body_schema(op: Operation, conditional: frozenset[str] = frozenset()) -> type[Schema] | None:
    """Required: the seed's REQUIRED parameters without a default, less the conditional ones."""
    if "POST" not in op.methods and "PUT" not in op.methods:
        return None
    declared: dict[str, fields.Field] = {}
    for p in op.params.values():
        required = p.section == "required" and p.default is None and p.name not in conditional
        declared[p.name] = fields.Raw(required=required, allow_none=not required,
                                      metadata={"description": _description(p)})
    declared["apikey"] = fields.String(metadata={"description": "The account's API key (or the apikey header)"})

    class Meta:
        unknown = "include"  # unknown keys are ignored, as the real service does
    return Schema.from_dict({**declared, "Meta": Meta}, name=_schema_name(op, "Body"))  # type: ignore[dict-item]


def answer(op: Operation) -> type[Schema] | fields.Field:
    """The success body: a list, a single record, a write envelope, or a summary."""
    if op.kind in ("create", "update", "delete", "action") and op.key == "":
        return WriteBody
    if op.kind == "summary":
        return fields.Dict(metadata={"description": "count, status and a list per data type"})
    if op.kind == "list":
        declared: dict[str, fields.Field] = {
            "count": fields.Integer(required=True), "totalcount": fields.Integer(required=True),
            "status": fields.String(required=True, validate=validate.Equal("Success")),
            op.key: fields.List(fields.Dict(), metadata={"description": "absent with fields=none"}),
        }
        if op.resource in MONEY:
            declared["total"] = fields.Float(required=True)
            declared["subtotals"] = fields.List(fields.Dict(), metadata={"description": "when subtotals= is given"})
        return Schema.from_dict(declared, name=_schema_name(op, "Answer"))
    key = op.key or "login"
    return Schema.from_dict({key: fields.Dict(required=True), "count": fields.Integer(required=True),
                             "status": fields.String(required=True, validate=validate.Equal("Success"))},
                            name=_schema_name(op, "Answer"))


# calls without a path id that still answer 404: an unknown email, an account URL that is not the caller's
NOT_FOUND_WITHOUT_ID = frozenset({"contacts_forgotpassword", "login_get"})


def errors(op: Operation) -> list[int]:
    """What a call documents beside 401 and 429 (every call): 400, 403 unless open to everyone,
    404 where a path id (or an email, an account URL) names something."""
    from .access import OPERATION_PERMISSIONS

    out = [400]
    if OPERATION_PERMISSIONS.get(op.name) is not None:
        out.append(403)
    if op.variables or op.name in NOT_FOUND_WITHOUT_ID:
        out.append(404)
    return out


def doc(op: Operation, conditional: frozenset[str] = frozenset()) -> Doc:
    status = 201 if op.kind == "create" else 200
    responses: dict[int, Any] = {status: answer(op)}
    if "GET" in op.methods:
        responses[304] = "Not modified (If-None-Match matched the ETag)"
    body = body_schema(op, conditional)
    return Doc(op.title, description=f"{op.description} (seed line {op.seed_line})".strip(),
               tags=[TAGS.get(op.path.strip("/").split("/")[0], "Other")], query=query_schema(op), body=body,
               body_required=body is not None and op.kind == "create", responses=responses,
               errors=errors(op), path_params={v: f"The {v[:-2]} ID" for v in op.variables})
