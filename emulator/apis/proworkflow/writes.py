"""What every POST, PUT, DELETE and action call shares: reading a body against the operation
table, and the write envelope (research section 3.3).

    POST   201 {"message": "Contact/s Added", "status": "Success", "details": [{"id": 393, ...}, ...]}
    PUT    200 {"message": "Project Updated", "status": "Success", "details": [{"id": 33916}]}
    DELETE 200 {"message": "Contact Deleted", "status": "Success", "details": [{"id": 393}]}

An array body adds one record per item (where the seed documents "Multiple ..."), with one
`details` entry per item, in input order.  PUT is partial: omitted fields keep their values and
"" clears a field.  A body that is neither an object nor (where allowed) an array is a 400.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from . import access, grammar
from .context import Context
from .errors import bad_request, invalid, required
from .operations import Operation, operation

Body = dict[str, Any]
MALFORMED = "The request body must be a JSON object"
MALFORMED_MANY = "The request body must be a JSON object or an array of objects"


def items(op_name: str, body: Any) -> list[Body]:
    """The body as a list of objects: one, or several where the seed documents an array body."""
    many = operation(op_name).many
    if body is None or body == "":
        return [{}]
    if isinstance(body, dict):
        return [_lower(body)]
    if isinstance(body, list) and many:
        if not body:
            raise bad_request("At least one record must be provided")
        if not all(isinstance(item, dict) for item in body):
            raise bad_request(MALFORMED_MANY)
        return [_lower(item) for item in body]
    raise bad_request(MALFORMED_MANY if many else MALFORMED)


def one(op_name: str, body: Any) -> Body:
    return items(op_name, body)[0]


def _lower(body: Mapping[str, Any]) -> Body:
    return {str(k).lower(): v for k, v in body.items()}


def check(ctx: Context, op_name: str, body: Mapping[str, Any], *, required_names: Iterable[str] | None = None,
          query: Mapping[str, Any] | None = None, permission: bool = True) -> Operation:
    """Permission, plan and required parameters of one item (required ones without a default)."""
    op = operation(op_name)
    if permission:
        access.require_operation(ctx, op_name)
    given = [k for k, v in body.items() if v not in (None, "")]
    if query:
        given += [str(k).lower() for k, v in query.items() if v not in (None, "")]
    access.refuse_advanced(ctx, given, op.advanced_params)
    names = required_names if required_names is not None else [
        p.name for p in op.params.values() if p.section == "required" and p.default is None]
    for name in names:
        if blank(body.get(name)):
            raise required(name)
    return op


def blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def text(body: Mapping[str, Any], name: str, default: str = "") -> str:
    value = body.get(name, default)
    if isinstance(value, (dict, list)):
        raise invalid(name, "[object]", "text")
    return grammar.text(value)


def copy_text(body: Mapping[str, Any], names: Iterable[str], into: dict[str, Any]) -> None:
    """Plain text fields: present ones are copied ("" clears)."""
    for name in names:
        if name in body:
            into[name] = text(body, name)


def copy_bool(body: Mapping[str, Any], names: Iterable[str], into: dict[str, Any]) -> None:
    for name in names:
        if name in body and body[name] not in (None, ""):
            into[name] = grammar.parse_bool(name, body[name])


def message(entity: str, verb: str, *, many: bool = False) -> str:
    return f"{entity}{'/s' if many else ''} {verb}"


def envelope(msg: str, details: list[dict[str, Any]]) -> dict[str, Any]:
    return {"message": msg, "status": "Success", "details": details}


def list_envelope(key: str, rows: list[Any]) -> dict[str, Any]:
    """A list with no paging of its own (tags, groups, roles, lines, permissions)."""
    return {"count": len(rows), "totalcount": len(rows), "status": "Success", key: rows}


def single_envelope(key: str, record: Mapping[str, Any]) -> dict[str, Any]:
    return {key: dict(record), "count": 1, "status": "Success"}


def path_id(name: str, value: Any) -> int:
    """A path id: a non-numeric one is the API's 400, not an unknown-path 404."""
    return grammar.parse_int(name, value, minimum=0)
