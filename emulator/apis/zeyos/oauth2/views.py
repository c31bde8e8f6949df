"""The OAuth 2.0 API over HTTP: request parsing and answers; the rules live in authorize.py,
grants.py and userinfo.py.

/token, /revoke and /introspect read their parameters from the body, form-encoded or JSON (both
documented), never from the URL; a parameter given twice, or a JSON value that is not a string,
answers `invalid_request` (RFC 6749 §3.2).  Client credentials come from HTTP Basic (RFC 6749
§2.3.1: each part form-urlencoded, then base64) and/or the body.  Token answers carry
`Cache-Control: no-store` and `Pragma: no-cache` (RFC 6749 §5.1).
"""
from __future__ import annotations

import base64
import binascii
import html
from typing import Any
from urllib.parse import unquote_plus, urlencode, urlsplit, urlunsplit

from flask import g, request

from ....core.caller import caller
from ....core.forms import parse_json
from ....core.http import Response
from ....core.store import TenantDB
from ..responses import empty, headers, json_response
from . import authorize as authorization
from . import clients, grants, userinfo
from .errors import INVALID_BODY, MISSING_CLIENT, invalid_client, invalid_request, missing

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}


def _tenant() -> TenantDB:
    return caller().tenant


# -- GET /authorize -------------------------------------------------------------------------------
def _with_params(uri: str, params: dict[str, str]) -> str:
    """The redirect URI with the answer's parameters added to its query (RFC 6749 §3.1.2 keeps
    the registered query component)."""
    parts = urlsplit(uri)
    query = "&".join(q for q in (parts.query, urlencode(params)) if q)
    return urlunsplit((parts.scheme, parts.netloc, parts.path, query, ""))


def _form_post(answer: authorization.Answer) -> Response:
    """OAuth 2.0 Form Post Response Mode: an HTML page whose form posts the answer to the client."""
    fields = "".join(f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}"/>'
                     for k, v in answer.params.items())
    page = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>ZeyOS</title></head>'
            '<body onload="document.forms[0].submit()">'
            f'<form method="post" action="{html.escape(answer.redirect_uri)}">{fields}'
            '<noscript><button type="submit">Continue</button></noscript></form></body></html>')
    return Response(page, status=200, mimetype="text/html", headers=headers(NO_STORE))


def authorize_view() -> Response:
    params = {key: request.args.getlist(key) for key in request.args}
    answer = authorization.authorize(_tenant(), params)
    if answer.mode == "form_post":
        return _form_post(answer)
    resp = empty(303, {"Location": _with_params(answer.redirect_uri, answer.params), **NO_STORE})
    return resp


# -- POST /token, /revoke, /introspect -----------------------------------------------------------
def _body() -> dict[str, str]:
    """The body's parameters as strings: JSON (an object of strings) or form-encoded."""
    ctype = (request.mimetype or "").lower()
    raw = request.get_data(cache=True)
    if ctype == "application/json" or ctype.endswith("+json") or (not request.form and raw.strip()[:1] == b"{"):
        if not raw.strip():
            return {}
        try:
            data = parse_json(raw)
        except (ValueError, UnicodeDecodeError):
            raise invalid_request(INVALID_BODY) from None
        if not isinstance(data, dict):
            raise invalid_request(INVALID_BODY)
        out: dict[str, str] = {}
        for key, value in data.items():
            if value is None:
                continue
            if not isinstance(value, str):
                raise invalid_request(f"Bad Request: Invalid parameter {key}")
            out[key] = value
        return out
    form = request.form
    for key in form:
        if len(form.getlist(key)) > 1:
            raise invalid_request(f"Bad Request: Repeated parameter {key}")
    return {key: form[key] for key in form}


def _basic(tenant: TenantDB) -> tuple[str, str] | None:
    """client_secret_basic's (client_id, client_secret), None without a Basic header, 401 when
    the header is unreadable."""
    scheme, _, value = (request.headers.get("Authorization") or "").strip().partition(" ")
    if scheme.lower() != "basic":
        return None  # a Bearer header (or none): the body must carry the client's credentials
    try:
        decoded = base64.b64decode(value.strip(), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        raise invalid_client(tenant.name, MISSING_CLIENT) from None
    client_id, colon, secret = decoded.partition(":")
    if not colon:
        raise invalid_client(tenant.name, MISSING_CLIENT)
    return unquote_plus(client_id), unquote_plus(secret)


def _client_and_body() -> tuple[TenantDB, clients.Client, dict[str, str]]:
    tenant = _tenant()
    body = _body()
    client = clients.authenticate(tenant, _basic(tenant), body.get("client_id"), body.get("client_secret"))
    return tenant, client, body


def token_view() -> Response:
    tenant, client, body = _client_and_body()
    return json_response(grants.token(tenant, client, body), 200, NO_STORE)


def _token_param(body: dict[str, str]) -> str:
    value = body.get("token")
    if not value:
        raise missing("token")
    return value


def revoke_view() -> Response:
    tenant, client, body = _client_and_body()
    grants.revoke(tenant, client, _token_param(body))
    resp = empty(200)
    resp.headers["Content-Length"] = "0"
    return resp


def introspect_view() -> Response:
    tenant, client, body = _client_and_body()
    return json_response(grants.introspect(tenant, client, _token_param(body)), 200, NO_STORE)


# -- GET /userinfo ------------------------------------------------------------------------------
def userinfo_view() -> Response:
    who: Any = g.zeyos_auth
    return json_response(userinfo.claims(who.tenant, who.user))
