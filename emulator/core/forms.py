"""Request input the way PHP back ends read it (Laravel, ZeyOS): bracket keys and lenient bodies,
and the one JSON decoder every API uses for what clients send.

PHP turns `a[]=1&a[]=2` into a list, `a[x][y]=1` into nested maps, and a repeated plain key
into its last value.  Clients of PHP APIs send exactly that, so we parse it the same way.

Depth is bounded, whatever a client sends, so hostile input can never exhaust the stack:
- a key with more than MAX_INPUT_NESTING bracket levels is dropped, as PHP drops it
  (max_input_nesting_level, 64 by default);
- a JSON document nested deeper than MAX_JSON_DEPTH does not decode (`parse_json` raises ValueError),
  as PHP's json_decode fails past its depth: each API then answers an undecodable body in its own
  way (Laravel reads it as an empty input, others answer their 400).
"""
from __future__ import annotations

import json
import re
from collections.abc import Callable
from functools import cache, partial
from json.encoder import c_make_encoder, encode_basestring, encode_basestring_ascii
from typing import Any

from flask import Request
from flask.json.provider import DefaultJSONProvider
from werkzeug.utils import get_content_type

_KEY = re.compile(r"^([^\[\]]+)((?:\[[^\[\]]*\])*)$")
MAX_INPUT_NESTING = 64
MAX_JSON_DEPTH = 128


class TooDeep(ValueError):
    """A JSON document nested deeper than MAX_JSON_DEPTH."""


def _depth_exceeds(value: Any, limit: int) -> bool:
    """Whether containers nest deeper than `limit` (iterative: no recursion on hostile input)."""
    stack = [(value, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > limit:
            return True
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return False


def parse_json(data: str | bytes | bytearray) -> Any:
    """json.loads for request input: ValueError when it does not parse or nests too deep."""
    try:
        value = json.loads(data)
    except RecursionError:
        raise TooDeep(f"JSON nested deeper than {MAX_JSON_DEPTH}") from None
    if isinstance(value, (dict, list)):
        opening = data.count("[") + data.count("{") if isinstance(data, str) else \
            data.count(b"[") + data.count(b"{")
        if opening > MAX_JSON_DEPTH and _depth_exceeds(value, MAX_JSON_DEPTH):  # few brackets: shallow
            raise TooDeep(f"JSON nested deeper than {MAX_JSON_DEPTH}")
    return value


@cache
def json_encoder(default: Callable[[Any], Any], ensure_ascii: bool = True, sort_keys: bool = False,
                 separators: tuple[str, str] = (", ", ": ")) -> Callable[[Any], str]:
    """`json.dumps(obj, default=..., ensure_ascii=..., sort_keys=..., separators=...)` as a function
    built once: json.dumps with options builds a JSONEncoder, and that a C encoder, on every call (a
    third of the time a detail answer takes to encode); the same C encoder, built once, writes the
    same text.  It is built without a circular-reference check (json.dumps keeps a dict of the
    objects it is inside): the emulator encodes JSON-shaped data built per answer, never circular,
    and a reused check dict would be shared between threads."""
    if c_make_encoder is None:  # no C accelerator (not CPython): json.dumps itself
        return partial(json.dumps, default=default, ensure_ascii=ensure_ascii, sort_keys=sort_keys,
                       separators=separators)
    item_separator, key_separator = separators
    encode = c_make_encoder(None, default, encode_basestring_ascii if ensure_ascii else encode_basestring, None,
                            key_separator, item_separator, sort_keys, False, True)
    return lambda obj: "".join(encode(obj, 0))


# json.dumps(value, separators=(",", ":")): compact, ASCII, a TypeError for what JSON cannot hold
compact_json = json_encoder(json.JSONEncoder().default, separators=(",", ":"))


@cache
def _content_type(mimetype: str) -> str:
    return get_content_type(mimetype, "utf-8")


class JSONProvider(DefaultJSONProvider):
    """Flask's JSON, decoding request bodies (request.get_json) through `parse_json`, and encoding
    through `json_encoder` (what Flask passes: the separators of its compact answers, or none)."""

    def dumps(self, obj: Any, **kwargs: Any) -> str:
        separators = kwargs.get("separators", (", ", ": "))
        if len(kwargs) > ("separators" in kwargs) or not isinstance(separators, tuple):
            return super().dumps(obj, **kwargs)  # indent, cls, ...: as json.dumps does them
        return json_encoder(self.default, bool(self.ensure_ascii), bool(self.sort_keys), separators)(obj)

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        return parse_json(s)

    def response(self, *args: Any, **kwargs: Any) -> Any:
        """Flask's (jsonify): the compact JSON text and a newline, as application/json, built
        through the emulator's response class in one step (EmulatorResponse.of)."""
        response_class = self._app.response_class
        of = getattr(response_class, "of", None)
        if of is None or (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)  # indented, or another response class
        text = self.dumps(self._prepare_response_obj(args, kwargs), separators=(",", ":"))
        return of(f"{text}\n".encode(), 200, _content_type(self.mimetype))


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
        if len(parts) - 1 > MAX_INPUT_NESTING:  # PHP drops it (max_input_nesting_level)
            continue
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
