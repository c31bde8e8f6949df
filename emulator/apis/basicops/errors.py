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

from ...core.api import ApiError
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
