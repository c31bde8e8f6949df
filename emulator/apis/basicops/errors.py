"""BasicOps' errors, in one place: `{"success": false, "error": "<text>"}` with these statuses.

No public source shows a BasicOps error (research §3), so the statuses follow the research's table:

    400  a missing required field, a bad value, a bad reference in the body, bulk over 100 items
    401  no, unknown or expired token (with WWW-Authenticate: Bearer)
    403  the object exists but the caller may not see or change it (404 with hide_forbidden)
    404  unknown id or path
    405  a known path with the wrong method

Domain rules raise these as core.api.ApiError; the API's renderer (phase B) writes the envelope.
"""
from __future__ import annotations

from http import HTTPStatus

from flask import jsonify

from ...core.api import REASON_METHOD, REASON_NO_ROUTE, ApiError
from ...core.http import Response
from . import context

UNAUTHORIZED = "Unauthorized"
FORBIDDEN = "Forbidden"

# what a record kind is called in "<Kind> not found"
KIND_NAMES = {
    "projects": "Project", "templates": "Template", "sections": "Section", "tasks": "Task",
    "notes": "Note", "timeentries": "Time tracking entry", "messages": "Message", "replies": "Reply",
    "dependencies": "Dependency", "chats": "Chat", "groupchats": "Group chat", "channels": "Channel",
    "users": "User", "webhooks": "Webhook", "attachments": "Attachment",
}


def bad_request(message: str) -> ApiError:
    return ApiError(400, message)


def not_found(kind: str) -> ApiError:
    return ApiError(404, f"{KIND_NAMES.get(kind, kind.capitalize())} not found")


def unauthorized(message: str = UNAUTHORIZED) -> ApiError:
    return ApiError(401, message, headers={"WWW-Authenticate": "Bearer"})


def forbidden(kind: str, message: str = FORBIDDEN) -> ApiError:
    """An object the caller may not see or change: 403, or 404 when the account hides it
    (setting `hide_forbidden`, research §3: "403 (or 404 to hide it; make this configurable)")."""
    if context.setting("hide_forbidden"):
        return not_found(kind)
    return ApiError(403, message)


def missing(field: str) -> ApiError:
    return bad_request(f"{field} is required")


def invalid(field: str, detail: str) -> ApiError:
    return bad_request(f"Invalid {field}: {detail}")


def no_reference(field: str, kind: str, value: object) -> ApiError:
    """A body field that names a record that does not exist (400: the body is wrong, not the path)."""
    return bad_request(f"{field}: {KIND_NAMES.get(kind, kind)} {value} not found")


# -- rendering (the core hands every error under the API's mounts here) ----------------------------

_DEFAULT_TEXTS = {400: "Bad Request", 401: UNAUTHORIZED, 403: FORBIDDEN, 404: "Not found",
                  405: "Method Not Allowed", 413: "Request body too large", 429: "Too Many Requests",
                  500: "Internal Server Error", 503: "Service Unavailable"}


def render(err: ApiError) -> Response:
    """{"success": false, "error": "<text>"} for every error; an OAuth error in RFC 6749's shape."""
    if err.reason == "oauth" and isinstance(err.detail, dict):
        resp = jsonify(err.detail)
        resp.headers["Cache-Control"] = "no-store"
    else:
        status = err.status
        if err.reason in (REASON_NO_ROUTE, REASON_METHOD) or status >= 500 or not err.message:
            text = _DEFAULT_TEXTS.get(status) or _phrase(status)
        else:
            text = err.message
        if err.injected and err.message:
            text = err.message
        resp = jsonify({"success": False, "error": text})
        if err.reason == REASON_METHOD and err.allowed:
            resp.headers["Allow"] = ", ".join(err.allowed)
    resp.status_code = err.status
    return resp


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
