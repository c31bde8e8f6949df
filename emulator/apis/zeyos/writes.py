"""Write bodies (PUT create, PATCH update) checked against the entity table, as PostgreSQL would.

A body holds the entity's own fields plus the pseudo fields `extdata` (merged; a null value removes
a key) and `tags` / `+tags` / `-tags` (reset / add / remove).  A field the entity does not have
answers 400 `Invalid selection field`, the text ZeyOS uses for unknown fields.  Everything the
database itself would refuse (NULL in a NOT NULL column, a value outside an enumeration or range,
a string breaking a CHECK pattern, text in a number column) answers what such a refusal looks like
from outside: the seed's opaque 500.  Form bodies carry strings, so values are coerced by type.
"""
from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ...core.api import ApiError
from ...core.forms import parse_json
from . import values
from .errors import INVALID_BODY, INVALID_FIELD, runtime_error
from .schema import Entity, Field

PSEUDO = ("extdata", "tags", "+tags", "-tags")


@dataclass
class WriteBody:
    """A checked body: column changes, extdata edits, tag edits and new binfile contents."""

    columns: dict[str, Any] = field(default_factory=dict)
    extdata: dict[str, Any] | None = None  # name -> text value, or None to remove
    tags_reset: list[str] | None = None
    tags_add: list[str] = field(default_factory=list)
    tags_remove: list[str] = field(default_factory=list)
    binfiles: dict[str, bytes] = field(default_factory=dict)  # column -> content to store


@cache
def _regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


def _json_value(value: Any) -> Any:
    """A composite column's value: JSON text or the JSON itself (api.json: oneOf string | object)."""
    if isinstance(value, str):
        try:
            return parse_json(value)
        except ValueError:
            raise runtime_error("invalid input syntax for type json") from None
    return value


def _binfile(value: Any) -> bytes:
    """`{"content": base64}` or `{"uri": "data:...;base64,..."}` (exactly one of them)."""
    value = _json_value(value) if isinstance(value, str) else value
    if not isinstance(value, dict) or ("content" in value) == ("uri" in value):
        raise runtime_error("binfile needs exactly one of content and uri")
    try:
        if "content" in value:
            return base64.b64decode(str(value["content"]), validate=True)
        uri = str(value["uri"])
        head, comma, data = uri.partition(",")
        if not uri.startswith("data:") or not comma:
            raise ValueError("not a data URI")
        if head.endswith(";base64"):
            return base64.b64decode(data, validate=True)
        from urllib.parse import unquote_to_bytes

        return unquote_to_bytes(data)
    except (ValueError, binascii.Error):
        raise runtime_error("invalid binfile content") from None


def column_value(f: Field, value: Any) -> Any:
    """One value for column `f`, or the 500 PostgreSQL's refusal turns into."""
    if value is None:
        if not f.nullable:
            raise runtime_error(f"null value in column {f.name} violates not-null constraint")
        return None
    try:
        if f.type in ("int", "binfile"):
            v = values.to_int(value)
        elif f.type == "number":
            v = values.to_number(value)
        elif f.type == "boolean":
            v = values.to_bool(value)
        elif f.type in ("json", "object"):
            v = _json_value(value)
            if f.type == "object" and v is not None and not isinstance(v, dict):
                raise values.Invalid("not an object")
        elif f.type == "array":
            v = _json_value(value)
            if not isinstance(v, list):
                raise values.Invalid("not an array")
        else:
            if isinstance(value, (dict, list)):
                raise values.Invalid("not text")
            v = values.php_string(value)
    except values.Invalid as exc:
        raise runtime_error(f"{f.name}: {exc}") from None
    _check(f, v)
    return v


def _check(f: Field, v: Any) -> None:
    if f.enum is not None and v not in f.enum:
        raise runtime_error(f"{f.name}: {v!r} is not one of {list(f.enum)}")
    if isinstance(v, (int, float)) and not isinstance(v, bool):
        if f.minimum is not None and v < f.minimum or f.maximum is not None and v > f.maximum:
            raise runtime_error(f"{f.name}: {v!r} is out of range")
        if f.type == "int" and not -(2 ** 63) <= v < 2 ** 63:
            raise runtime_error(f"{f.name}: out of range for bigint")
    if isinstance(v, str):
        if f.min_length is not None and len(v) < f.min_length:
            raise runtime_error(f"{f.name}: too short")
        if f.max_length is not None and len(v) > f.max_length:
            raise runtime_error(f"{f.name}: value too long")
        for pattern in f.must_match:
            if not _regex(pattern).search(v):
                raise runtime_error(f"{f.name}: violates check constraint")
        for pattern in f.must_not_match:
            if _regex(pattern).search(v):
                raise runtime_error(f"{f.name}: violates check constraint")


def _tag_list(value: Any) -> list[str]:
    value = _json_value(value) if isinstance(value, str) and value.strip()[:1] == "[" else value
    if isinstance(value, str):
        value = [value]
    if isinstance(value, dict):
        value = list(value.values())
    if not isinstance(value, list) or any(isinstance(v, (dict, list)) or v is None for v in value):
        raise runtime_error("tags must be a list of strings")
    return [values.php_string(v).strip() for v in value if values.php_string(v).strip()]


def parse(entity: Entity, body: Any) -> WriteBody:
    """Check a PUT/PATCH body's keys and values (the ID rules belong to the caller: records.py)."""
    if not isinstance(body, dict):
        raise ApiError(400, INVALID_BODY)
    out = WriteBody()
    for key, value in body.items():
        if key == "ID":
            continue
        if key == "extdata" and entity.extdata:
            ext = _json_value(value) if isinstance(value, str) else value
            if ext in (None, [], ""):
                continue
            if not isinstance(ext, dict):
                raise runtime_error("extdata must be an object")
            # extdata values are text in ZeyOS's database; null removes the key
            out.extdata = {str(k): (None if v is None else values.php_string(v)) for k, v in ext.items()}
            continue
        if key in ("tags", "+tags", "-tags") and entity.tags:
            tags = _tag_list(value) if value is not None else []
            if key == "tags":
                out.tags_reset = tags
            elif key == "+tags":
                out.tags_add = tags
            else:
                out.tags_remove = tags
            continue
        f = entity.fields.get(key)
        if f is None:
            raise ApiError(400, INVALID_FIELD)
        if f.type == "binfile":
            if isinstance(value, (dict, str)):
                out.binfiles[key] = _binfile(value)
            elif value is None:
                out.columns[key] = None
            # an integer is the read-only binfile ID: "not for PUT or PATCH", so it is ignored
            continue
        out.columns[key] = column_value(f, value)
    return out


def new_row(entity: Entity, columns: dict[str, Any], stamp: int, creator: int | None) -> dict[str, Any]:
    """A complete new row (without ID): given columns, then "now" dates, the creator, defaults.

    A NOT NULL column without a default that is not given is the database's refusal (500)."""
    row: dict[str, Any] = {}
    for name, f in entity.fields.items():
        if name == "ID":
            continue
        if name in columns:
            row[name] = columns[name]
        elif name == "creator":
            row[name] = creator
        elif f.server_default == "now":
            row[name] = stamp
        elif f.default is not None:
            row[name] = f.default
        elif f.required:
            raise runtime_error(f"null value in column {name} violates not-null constraint")
        else:
            row[name] = None
    return row
