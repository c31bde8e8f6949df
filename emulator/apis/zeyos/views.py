"""The HTTP views: one generic view per operation kind, bound to an entity by the route table.

Each reads the request (body.py), calls the record model as the bound caller (records.py), and
renders the answer (responses.py); conditional requests go through the core's conditional module:
`If-None-Match` -> 304 on GET/HEAD, `If-Match` -> 412 before anything changes.  api.json's
`Last-Modified`, `If-Modified-Since` (304) and `If-Unmodified-Since` (412) and the 201's
`Content-Location` come along where the entity has a `lastmodified` column.
"""
from __future__ import annotations

from datetime import UTC
from email.utils import parsedate_to_datetime
from typing import Any

from flask import g, request

from ...core import conditional
from ...core.api import ApiError
from ...core.caller import caller
from ...core.http import Response
from . import records, tokens
from .body import list_body, query_flag, query_list, request_body
from .errors import NON_MATCHING_ETAG
from .records import Context
from .responses import csv_response, empty, http_date, json_response
from .schema import entity as entity_named

Row = dict[str, Any]


def _since(header: str) -> int | None:
    """An HTTP-date request header as Unix seconds, or None (absent or unreadable: ignored)."""
    value = request.headers.get(header)
    if not value:
        return None
    try:
        return int(parsedate_to_datetime(value).astimezone(UTC).timestamp())
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _last_modified(row: Row) -> dict[str, str]:
    stamp = http_date(row.get("lastmodified")) if isinstance(row.get("lastmodified"), int) else None
    return {"Last-Modified": stamp} if stamp else {}


def _precondition(tag: str, row: Row) -> None:
    """Before a PATCH or DELETE: If-Match (strong) and If-Unmodified-Since, else 412."""
    conditional.check(tag)
    since = _since("If-Unmodified-Since")
    if since is not None and "If-Match" not in request.headers and isinstance(row.get("lastmodified"), int) \
            and row["lastmodified"] > since:
        raise ApiError(412, NON_MATCHING_ETAG)


def _answer(resp: Response, tag: str, row: Row) -> Response:
    """GET/HEAD: ETag and Last-Modified; a matching If-None-Match (or, without one, an
    If-Modified-Since not older than the record) turns the answer into a 304."""
    resp = conditional.answer(resp, tag)
    if resp.status_code == 304 or "If-None-Match" in request.headers:
        return resp
    since = _since("If-Modified-Since")
    if since is not None and isinstance(row.get("lastmodified"), int) and row["lastmodified"] <= since:
        return conditional.not_modified(resp)
    return resp


def list_view(entity: str) -> Response:
    result = records.list_records(Context.current(), entity_named(entity), list_body(request))
    if result.count is not None:
        return json_response({"count": result.count})
    if result.csv is not None:
        return csv_response(result.csv)
    return json_response(result.rows)


def create_view(entity: str) -> Response:
    ent = entity_named(entity)
    row, tag = records.create(Context.current(), ent, request_body(request))
    mount = request.path[:request.path.index("/api/v1/")] if "/api/v1/" in request.path else ""
    resp = json_response(row, 201, {"Content-Location": f"{mount}/api/v1/{entity}/{row['ID']}",
                                    **_last_modified(row)})
    resp.headers["ETag"] = tag
    return resp


def get_view(entity: str, ID: int) -> Response:  # noqa: N803 - the seed's path parameter
    if request.method == "HEAD":
        return exists_view(entity, ID)
    ent = entity_named(entity)
    ctx = Context.current()
    row, tag = records.get(ctx, ent, ID, expand=query_list(request, "expand"),
                           extdata=query_flag(request, "extdata"), tags=query_flag(request, "tags"))
    return _answer(json_response(row, 200, _last_modified(row)), tag, row)


def exists_view(entity: str, ID: int) -> Response:  # noqa: N803
    ctx = Context.current()
    ent = entity_named(entity)
    tag = records.exists(ctx, ent, ID)
    stored = ctx.rows(ent.name).get(str(ID)) or {}
    return _answer(empty(204, _last_modified(stored)), tag, stored)


def update_view(entity: str, ID: int) -> Response:  # noqa: N803
    row, tag = records.update(Context.current(), entity_named(entity), ID, request_body(request),
                              precondition=_precondition)
    resp = json_response(row, 200, _last_modified(row))
    resp.headers["ETag"] = tag
    return resp


def delete_view(entity: str, ID: int) -> Response:  # noqa: N803
    records.delete(Context.current(), entity_named(entity), ID, precondition=_precondition)
    return empty(204)


# -- general ------------------------------------------------------------------------------------
def config_view() -> Response:
    return json_response(tokens.system_config(caller().tenant))


def settings_view() -> Response:
    return json_response(tokens.application_settings(g.zeyos_auth))


# -- the Auth API -------------------------------------------------------------------------------
def login_view() -> Response:
    try:
        body = request_body(request)
    except ApiError:
        body = {}  # PHP reads an undecodable body as no parameters: "Invalid credentials"
    return json_response(tokens.login(caller().tenant, body))


def logout_view() -> Response:
    tokens.logout(g.zeyos_auth)
    return empty(204)


def user_info_view() -> Response:
    if request.method == "HEAD":
        return verify_view()
    return json_response(tokens.user_info(g.zeyos_auth, access=query_flag(request, "access"),
                                          settings=query_flag(request, "settings")))


def verify_view() -> Response:
    return empty(204)
