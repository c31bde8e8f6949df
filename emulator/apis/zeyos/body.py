"""Request bodies as ZeyOS's PHP back end reads them: JSON, or form data with PHP brackets.

Clients send list queries and writes three ways (research §1.2): a JSON body (the docs, the official
JS client), form data with PHP bracket keys (`fields[]=ID`, `filters[1][]=OR`: curl examples and
vue-resource's `emulateJSON`), and form fields holding JSON strings or repeated plain keys (the JS
client's own form encoder: `expand=a&expand=b`).  Values in form data are strings; the query engine
and the write checks coerce them by column type.
"""
from __future__ import annotations

from typing import Any

from flask import Request

from ...core.api import ApiError
from ...core.forms import parse_json, php_params
from .errors import INVALID_BODY


def form_params(pairs: Any) -> dict[str, Any]:
    """PHP's parse_str, except that a plain key given several times collects a list (as the
    official JS client sends arrays: `expand=a&expand=b`) instead of keeping the last value."""
    out = php_params(pairs)
    counts: dict[str, list[str]] = {}
    for key, value in pairs.items(multi=True):
        if key and "[" not in key:
            counts.setdefault(key, []).append(value)
    for key, items in counts.items():
        if len(items) > 1:
            out[key] = items
    return out


def request_body(req: Request) -> dict[str, Any]:
    """The body as a dict: JSON (any application/json content type), else form fields, else {}.

    A JSON body that does not parse, or parses to something other than an object, answers 400."""
    ctype = (req.mimetype or "").lower()
    if ctype == "application/json" or ctype.endswith("+json"):
        raw = req.get_data(cache=True)
        if not raw.strip():
            return {}
        try:
            data = parse_json(raw)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, INVALID_BODY) from None
        if not isinstance(data, dict):
            raise ApiError(400, INVALID_BODY)
        return data
    if req.form:
        return form_params(req.form)
    raw = req.get_data(cache=True)
    if raw.strip()[:1] == b"{":  # a JSON body sent without its content type
        try:
            data = parse_json(raw)
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, INVALID_BODY) from None
        return data if isinstance(data, dict) else {}
    return {}


def list_body(req: Request) -> dict[str, Any]:
    """A list query's parameters: the body, with URL query arguments merged under it
    ($_REQUEST-style; the body wins where both name a key)."""
    body = request_body(req)
    if req.args:
        return {**form_params(req.args), **body}
    return body


def query_list(req: Request, name: str) -> list[str]:
    """A repeated query parameter, in any of its spellings: `expand=a&expand=b`, `expand[]=a`,
    `expand[0]=a`, `expand=a,b` or `expand=["a","b"]`."""
    items: list[str] = []
    for key, value in req.args.items(multi=True):
        if key == name or (key.startswith(name + "[") and key.endswith("]")):
            text = value.strip()
            if text.startswith("["):
                try:
                    decoded = parse_json(text)
                except ValueError:
                    decoded = None
                if isinstance(decoded, list):
                    items.extend(str(v) for v in decoded)
                    continue
            items.extend(v.strip() for v in value.split(",") if v.strip())
    return items


def query_flag(req: Request, name: str) -> bool:
    """`extdata=1`, `tags=true`: anything but absent, empty, 0 or false."""
    value = req.args.get(name)
    return value is not None and value.strip().lower() not in ("", "0", "false", "no", "off")
