"""BasicOps' HTTP layer: thin views that read the request, call a domain rule and write the seed's
envelope.  One module per resource family, each with its rows of the route table (`routes()`)."""
from __future__ import annotations

from typing import Any
from urllib.parse import quote

from flask import jsonify, request

from ....core.api import ApiError
from ....core.forms import parse_json, php_params
from ....core.http import Response
from .. import filters
from ..files import Download

_NONE = object()


def ok(data: Any = _NONE, status: int = 200) -> Response:
    """{"success": true} or {"success": true, "data": ...} (seed)."""
    resp = jsonify({"success": True} if data is _NONE else {"success": True, "data": data})
    if status != 200:  # jsonify answers 200 already; setting it again re-derives the status line
        resp.status_code = status
    return resp


def body() -> Any:
    """A write's body: JSON whatever the content type says, else form fields, else {}.

    Only POST, PATCH and PUT read one: a GET or DELETE with `Content-Type: application/json` and
    no body must work (research §3: mcp-basicops-server sends that header on every request).
    """
    raw = request.get_data(cache=True)
    if raw.strip():
        try:
            return parse_json(raw)
        except (ValueError, UnicodeDecodeError):
            if request.mimetype in ("application/json", "") or request.mimetype.endswith("+json"):
                raise ApiError(400, "Invalid JSON body") from None
    if request.form:
        return php_params(request.form)
    return {}


def list_query(resource: str) -> filters.ListQuery:
    return filters.parse(resource, request.args.items(multi=True))


def disposition(filename: str) -> str:
    """Content-Disposition: attachment with the filename (RFC 6266; RFC 5987 for non-ASCII names)."""
    safe = filename.replace("\\", "_").replace('"', "_").replace("\r", " ").replace("\n", " ")
    ascii_name = safe.encode("ascii", "replace").decode("ascii").replace("?", "_")
    if ascii_name == safe:
        return f'attachment; filename="{safe}"'
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(safe, safe='')}"


def file_answer(download: Download) -> Response:
    resp = Response(download.data, mimetype=download.content_type)
    resp.headers["Content-Disposition"] = disposition(download.filename)
    resp.headers["Content-Length"] = str(len(download.data))
    return resp
