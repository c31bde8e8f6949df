"""How ZeyOS answers over HTTP: JSON successes, text/plain errors, and the headers it always sends.

The docs' `curl -i` of a login shows `cache-control: no-cache`, `expires: Fri, 29 Aug 1997
07:14:00 GMT` and `access-control-allow-origin: *`; they go on every answer.  Errors are a text
message ("When an error occurs ... the response will be a text message"), successes JSON (CSV for
`export`).  JSON is compact and escapes non-ASCII, as PHP's json_encode writes it.
"""
from __future__ import annotations

from datetime import UTC, datetime
from email.utils import format_datetime
from typing import Any

from ...core.api import ApiError
from ...core.forms import compact_json
from ...core.http import Response
from .errors import NOT_FOUND, RUNTIME_ERROR

ALWAYS = {"Cache-Control": "no-cache", "Expires": "Fri, 29 Aug 1997 07:14:00 GMT",
          "Access-Control-Allow-Origin": "*"}
TEXT = "text/plain; charset=utf-8"
JSON = "application/json"
# reason phrases for statuses no ZeyOS source gives a text for
REASONS = {404: NOT_FOUND, 405: "Method Not Allowed", 413: "Payload Too Large", 429: "Too Many Requests",
           500: RUNTIME_ERROR, 503: "Service Unavailable"}


def headers(extra: dict[str, str] | None = None) -> dict[str, str]:
    return {**ALWAYS, **(extra or {})}


def json_response(data: Any, status: int = 200, extra: dict[str, str] | None = None) -> Response:
    body = compact_json(data)
    return Response(body, status=status, mimetype=JSON, headers=headers(extra))


def empty(status: int = 204, extra: dict[str, str] | None = None) -> Response:
    resp = Response(b"", status=status, headers=headers(extra))
    resp.headers.pop("Content-Type", None)
    return resp


def csv_response(text: str) -> Response:
    return Response(text, status=200, mimetype="text/csv", headers=headers())


def error_response(err: ApiError) -> Response:
    """Every ZeyOS error: the status and its text message, as text/plain."""
    message = err.message or REASONS.get(err.status, "")
    extra = dict(err.headers)
    if err.status == 405 and err.allowed:
        extra["Allow"] = ", ".join(err.allowed)
    resp = Response(message, status=err.status, headers=headers(extra))
    resp.headers["Content-Type"] = TEXT
    return resp


def http_date(unix: int | None) -> str | None:
    if unix is None:
        return None
    try:
        return format_datetime(datetime.fromtimestamp(int(unix), UTC), usegmt=True)
    except (OverflowError, OSError, ValueError):
        return None


def render_error(err: ApiError) -> Response:
    """The core's error hook: the API's own errors as they are, and the core's (unknown route,
    wrong method, undecodable body, crash, failed precondition, injected fault) in ZeyOS's words."""
    from ...core import api as core_api
    from .errors import INVALID_BODY, NON_MATCHING_ETAG

    reason = err.reason
    from .oauth2 import errors as oauth2_errors

    if oauth2_errors.json_endpoint() and reason not in (core_api.REASON_NO_ROUTE, "no_tenant"):
        return oauth2_errors.render(err)  # /token, /revoke, /introspect: RFC 6749 §5.2 JSON
    if reason in (core_api.REASON_NO_ROUTE, getattr(core_api, "REASON_NO_TENANT", "no_tenant")):
        err = ApiError(404, NOT_FOUND)
    elif reason == core_api.REASON_METHOD:
        err = ApiError(405, REASONS[405], allowed=err.allowed)
    elif reason == core_api.REASON_BAD_BODY:
        err = ApiError(400, INVALID_BODY)
    elif reason == getattr(core_api, "REASON_PRECONDITION", "precondition"):
        err = ApiError(412, NON_MATCHING_ETAG, headers=err.headers)
    elif reason == core_api.REASON_CRASH or (err.status >= 500 and not err.message):
        err = ApiError(err.status if err.injected else 500, RUNTIME_ERROR, headers=err.headers)
    elif err.injected and not err.message:
        from http import HTTPStatus

        try:
            phrase = HTTPStatus(err.status).phrase
        except ValueError:
            phrase = "Error"
        err = ApiError(err.status, REASONS.get(err.status, phrase), headers=err.headers)
    return error_response(err)
