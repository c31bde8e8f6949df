"""Request input the way PHP back ends read it (Laravel, ZeyOS): bracket keys and lenient bodies.

PHP turns `a[]=1&a[]=2` into a list, `a[x][y]=1` into nested maps, and a repeated plain key
into its last value.  Clients of PHP APIs send exactly that, so we parse it the same way.
"""
from __future__ import annotations

import re
from typing import Any

from flask import Request

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")


def php_params(pairs: Any) -> dict[str, Any]:
    """A MultiDict (request.args / request.form) as PHP's $_GET / $_POST would see it."""
    out: dict[str, Any] = {}
    items = pairs.items(multi=True) if hasattr(pairs, "items") else pairs
    for key, value in items:
        if not key:  # PHP drops fields without a name (a multipart part may have none)
            continue
        m = _KEY.match(key)
        if not m or not m.group(2):
            out[key] = value
            continue
        parts = [m.group(1)] + re.findall(r"\[([^\[\]]*)\]", m.group(2))
        node: dict[str, Any] = out
        for i, part in enumerate(parts):
            if part == "":
                part = str(max((int(k) + 1 for k in node if k.isdigit()), default=0))
            if i == len(parts) - 1:
                node[part] = value
            else:
                child = node.get(part)
                if not isinstance(child, dict):
                    child = node[part] = {}
                node = child
    return {k: _lists(v) for k, v in out.items()}


def _lists(value: Any) -> Any:
    """Maps whose keys are 0..n-1 become lists, as PHP's json_encode would show them."""
    if isinstance(value, dict):
        value = {k: _lists(v) for k, v in value.items()}
        keys = list(value)
        if keys and all(k.isdigit() for k in keys) and sorted(int(k) for k in keys) == list(range(len(keys))):
            return [value[str(n)] for n in range(len(keys))]
        return value
    if isinstance(value, list):
        return [_lists(v) for v in value]
    return value


def json_or_form(req: Request) -> dict[str, Any]:
    """The request body as a dict: JSON when it parses to an object, else form fields, else {}.

    Malformed JSON reads as an empty body, as PHP's json_decode failure does in Laravel, so the
    API answers with its own validation errors instead of a framework 400.
    """
    ctype = (req.mimetype or "").lower()
    if ctype == "application/json" or ctype.endswith("+json"):
        data = req.get_json(silent=True)
        return data if isinstance(data, dict) else {}
    if req.form:
        return php_params(req.form)
    if req.data:
        data = req.get_json(silent=True, force=True)
        if isinstance(data, dict):
            return data
    return {}
