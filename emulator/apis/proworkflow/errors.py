"""ProWorkflow's errors, raised as core.api.ApiError with the API's own `details` payload, and the
renderer the core sends every error under the API's mount to (one place).

Research section 3.4 (NUMA, live-tested):
    400 {"status": "Error", "details": ["'content' is a required field"]}
    500 {"status": "Error", "details": "An unidentified error occurred, please contact ..."}  (a bare string)
    401 an empty body (a missing or bad API key, or bad Basic credentials: indistinguishable)
    404 for an unknown path: an HTML page, not JSON
403, 404 (unknown id), 405, 413 and 429 carry the JSON envelope; their wording is ours.
Every answer carries the rate-limit headers (ratelimit.py; the view or auth put them on flask.g).
"""
from __future__ import annotations

from http import HTTPStatus
from typing import Any

from flask import g
from flask.json.provider import DefaultJSONProvider

from ...core.api import REASON_API, REASON_CRASH, REASON_METHOD, REASON_NO_ROUTE, REASON_NO_TENANT, ApiError
from ...core.forms import json_encoder
from ...core.http import Response

JSON = "application/json;charset=utf-8"
# the JSON the app's provider writes (core/app.py: Flask's defaults, keys kept in our order)
_ENCODE = json_encoder(DefaultJSONProvider.default)
HTML_404 = ("<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head>\n<body><h1>Not Found</h1>\n"
            "<p>The requested URL was not found on this server.</p>\n</body></html>\n")

UNIDENTIFIED = ("An unidentified error occurred, please contact development@proworkflow.com for assistance.")
PAGING_PAIR = "pagesize and pagenumber must both be provided in order to use paging"


def bad_request(*messages: str) -> ApiError:
    return ApiError(400, messages[0], detail=list(messages))


def required(name: str) -> ApiError:
    return bad_request(f"'{name}' is a required field")


def invalid(name: str, value: object, hint: str = "") -> ApiError:
    text = f"'{value}' is not a valid value for '{name}'"
    return bad_request(text + (f" ({hint})" if hint else ""))


def advanced_only(name: str) -> ApiError:
    return bad_request(f"'{name}' is only available in the Advanced plan")


def not_found(what: str) -> ApiError:
    """A known route with an unknown id (JSON, unlike an unknown path's HTML 404)."""
    return ApiError(404, f"{what} not found", detail=[f"{what} not found"])


def forbidden(message: str = "You do not have permission to perform this action") -> ApiError:
    return ApiError(403, message, detail=[message])


def unidentified() -> ApiError:
    """The 500 the real service answers for malformed bodies: `details` is a bare string there."""
    return ApiError(500, UNIDENTIFIED, detail=UNIDENTIFIED)


def unauthorized() -> ApiError:
    return ApiError(401, "Unauthorized")


def too_many(headers: dict[str, str], limit: int, window: int) -> ApiError:
    text = f"Rate limit exceeded: at most {limit} requests per {window} seconds"
    return ApiError(429, text, detail=[text], headers=headers)


def body(status: int, payload: Any, headers: dict[str, str] | None = None) -> Response:
    """A JSON answer as the real service sends it (content-type application/json;charset=utf-8),
    with the rate-limit headers after the content headers."""
    extra = headers or g._get_current_object().get("ratelimit_headers") or {}  # the object: no proxy
    return Response.of(_ENCODE(payload).encode(), status, JSON, extra.items())


def render(err: ApiError) -> Response:
    """Every error under the API's mount points, in the API's own shapes."""
    headers = dict(g.get("ratelimit_headers") or {})
    if not headers:
        from .auth import headers_without_caller  # auth imports this module
        try:
            headers = headers_without_caller()
        except Exception:  # noqa: BLE001 - never let the headers spoil an error answer
            headers = {}
    if err.status == 401:
        resp = Response(b"", status=401, content_type="text/plain")
        resp.headers["WWW-Authenticate"] = 'Basic realm="ProWorkflow API"'
    elif err.reason in (REASON_NO_ROUTE, REASON_NO_TENANT):
        resp = Response(HTML_404, status=404, content_type="text/html;charset=utf-8")
    elif err.reason == REASON_CRASH or (err.status == 500 and err.detail is None):
        resp = body(err.status, {"status": "Error", "details": UNIDENTIFIED}, headers)
    else:
        if err.reason == REASON_METHOD:
            text = f"The {err.method} method is not supported for {err.path}"
        elif err.reason == REASON_API and err.detail is not None:
            text = ""
        else:
            text = err.message or _phrase(err.status)
        details = err.detail if err.detail is not None else [text]
        resp = body(err.status, {"status": "Error", "details": details}, headers)
    resp.headers.update(headers)
    return resp


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


def error_content_type(status: int) -> str:
    return "text/plain" if status == 401 else "application/json"
