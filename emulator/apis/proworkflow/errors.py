"""ProWorkflow's errors, raised as core.api.ApiError with the API's own `details` payload (one place).

Research section 3.4 (NUMA, live-tested):
    400 {"status": "Error", "details": ["'content' is a required field"]}
    500 {"status": "Error", "details": "An unidentified error occurred, please contact ..."}  (a bare string)
    401 an empty body (rendered by the HTTP layer; no details)
403 and 404 carry the same envelope; their wording is not documented (choices in docs/proworkflow.md).
"""
from __future__ import annotations

from ...core.api import ApiError

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
