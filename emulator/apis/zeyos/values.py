"""Column values between the wire and the store: coercion by column type, and rendering.

Form-encoded bodies carry every value as a string ("2", "10"), and PostgreSQL casts such literals
to the column's type, so a filter value or a written value is coerced by the column it meets.
Composite columns are kept parsed in the store and rendered the way PostgreSQL hands them to
ZeyOS: a `json` column as JSON text, an array column as an array literal (`{a,"b c"}`), unless the
request asks to `expand` them.
"""
from __future__ import annotations

import json
import re
from typing import Any

from .schema import Field

_INT = re.compile(r"^\s*[+-]?\d+\s*$")
_NUM = re.compile(r"^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$")


class Invalid(ValueError):
    """A value the column's type cannot take (PostgreSQL: "invalid input syntax")."""


def php_string(value: Any) -> str:
    """A scalar as PHP's (string) cast writes it: true -> "1", false -> "", 2.0 -> "2"."""
    if value is True:
        return "1"
    if value is False or value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return str(value)


def to_int(value: Any) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and _INT.match(value):
        return int(value)
    raise Invalid(f"not an integer: {value!r}")


def to_number(value: Any) -> int | float:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str) and _NUM.match(value):
        number = float(value)
        return int(number) if _INT.match(value) else number
    raise Invalid(f"not a number: {value!r}")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and value in (0, 1):
        return bool(value)
    if isinstance(value, str) and value.strip().lower() in ("1", "0", "t", "f", "true", "false", "yes", "no",
                                                            "on", "off", "y", "n"):
        return value.strip().lower() in ("1", "t", "true", "yes", "on", "y")
    raise Invalid(f"not a boolean: {value!r}")


def coerce(field: Field | None, value: Any) -> Any:
    """A filter constant as the column's type would hold it (None stays None).

    `field` None means an extdata value: text, compared as text."""
    if value is None:
        return None
    kind = field.type if field is not None else "string"
    if kind in ("int", "binfile"):
        return to_int(value)
    if kind == "number":
        return to_number(value)
    if kind == "boolean":
        return to_bool(value)
    if isinstance(value, (dict, list)):
        if kind in ("json", "array", "object"):
            return render(field, value, expand=False) if kind != "object" else json_text(value)
        raise Invalid("a list or object where a scalar belongs")
    return php_string(value)


def json_text(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


_PLAIN_ELEMENT = re.compile(r'^[^\s{}",\\]+$')


def array_literal(items: list[Any]) -> str:
    """A PostgreSQL array literal, as a text[] or bigint[] column reads: {a,"b c",NULL}."""
    out = []
    for item in items:
        if item is None:
            out.append("NULL")
        elif isinstance(item, (int, float)) and not isinstance(item, bool):
            out.append(php_string(item))
        else:
            text = php_string(item)
            if text and _PLAIN_ELEMENT.match(text) and text.upper() != "NULL":
                out.append(text)
            else:
                out.append('"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"')
    return "{" + ",".join(out) + "}"


def render(field: Field, value: Any, expand: bool) -> Any:
    """A stored composite value as the API returns it: text, or parsed JSON when expanded."""
    if value is None or expand:
        return value
    if field.type == "json":
        return json_text(value)
    if field.type == "array":
        return array_literal(value if isinstance(value, list) else [value])
    return value


def text_of(value: Any) -> str:
    """What a regular expression or LIKE sees of a non-text column (PostgreSQL's ::text)."""
    if isinstance(value, str):
        return value
    if isinstance(value, (dict, list)):
        return json_text(value)
    return php_string(value)


def number_of(value: Any) -> int | float | None:
    """The numeric reading of an extdata value (ZeyOS keeps a numeric shadow of each), or None."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and _NUM.match(value):
        return to_number(value)
    return None
