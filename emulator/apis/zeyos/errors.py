"""ZeyOS's error answers, in its own words, as ApiErrors the renderer turns into text/plain.

The seed gives the texts of 401, 403 and 500; the newer api.json the 400 one.  404, 409, 410 and
412 have no example text anywhere: they follow the same "<Reason>: <detail>" form with the
seed's status descriptions ("ID Present (Conflict)" -> "Conflict: ID Present").  docs/zeyos.md
lists each choice.
"""
from __future__ import annotations

from ...core.api import ApiError

INVALID_FIELD = "Bad Request: Invalid selection field"  # api.json's 400 example, word for word
INVALID_OPERATOR = "Bad Request: Invalid filter operator"
INVALID_FILTER = "Bad Request: Invalid filter"
INVALID_VALUE = "Bad Request: Invalid filter value"
INVALID_REGEX = "Bad Request: Invalid regular expression"
INVALID_PARAMETER = "Bad Request: Invalid parameter"
INVALID_BODY = "Bad Request: Invalid request body"
LACKING_PERMISSION = "Forbidden: Lacking access permission"  # seed
INVALID_APP_CONTEXT = "Forbidden: Invalid application context"  # api.json, GET /settings
INVALID_TOKEN = "Unauthorized: Invalid token for bearer authentication"  # seed
INVALID_CREDENTIALS = "Unauthorized: Invalid credentials"  # auth.json, POST /auth/v1/login
NOT_FOUND = "Not Found"
ID_PRESENT = "Conflict: ID Present"
NON_MATCHING_ID = "Conflict: Non-matching ID"
NOT_DELETABLE = "Conflict: Not Deletable"  # api.json's 409 on DELETE
GONE = "Gone"
NON_MATCHING_ETAG = "Precondition Failed: Non-matching ETag"
RUNTIME_ERROR = "I am afraid I can't do that Dave!"  # seed, every 500


def bad_request(message: str = INVALID_FIELD) -> ApiError:
    return ApiError(400, message)


def forbidden(message: str = LACKING_PERMISSION) -> ApiError:
    return ApiError(403, message)


def not_found() -> ApiError:
    return ApiError(404, NOT_FOUND)


def conflict(message: str) -> ApiError:
    return ApiError(409, message)


def gone() -> ApiError:
    return ApiError(410, GONE)


def runtime_error(detail: str = "") -> ApiError:
    """What a database error (a violated NOT NULL or CHECK) looks like from outside: an opaque 500.

    `detail` says which rule was broken; it is kept for the journal and tests, never sent."""
    return ApiError(500, RUNTIME_ERROR, detail=detail or None)
