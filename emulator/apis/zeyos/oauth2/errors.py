"""The OAuth 2.0 API's errors: RFC 6749 §5.2's JSON on /token, /revoke and /introspect.

oauth2.json documents `{"error", "error_description"}` (application/json) for 401 (`invalid_client`,
with `WWW-Authenticate: Basic realm="{INSTANCE}"`), 403 (`invalid_grant`, "Forbidden: Invalid or
expired refresh_token") and 500 (`server_error`, "Runtime Error: I am afraid I can't do that
Dave!").  Where it is silent (a missing parameter, an unknown grant type) RFC 6749 §5.2's 400 is
used, with a description in the same "<Reason>: <detail>" form.  /authorize and /userinfo answer
errors as ZeyOS's text/plain (oauth2.json's `500-simple` and /userinfo's 401), so they use the
REST API's renderer.
"""
from __future__ import annotations

from flask import has_request_context, request

from ....core import api as core_api
from ....core.api import ApiError
from ....core.http import Response
from ..errors import RUNTIME_ERROR
from ..responses import json_response

BASE = "/oauth2/v1"
JSON_ENDPOINTS = ("/token", "/revoke", "/introspect")
INVALID_REQUEST, INVALID_CLIENT, INVALID_GRANT = "invalid_request", "invalid_client", "invalid_grant"
UNSUPPORTED_GRANT_TYPE, SERVER_ERROR = "unsupported_grant_type", "server_error"
TEMPORARILY_UNAVAILABLE = "temporarily_unavailable"

UNKNOWN_CLIENT = "Unauthorized: Unknown client application"  # oauth2.json's example
INVALID_CLIENT_SECRET = "Unauthorized: Invalid client secret"
MISSING_CLIENT = "Unauthorized: Missing client credentials"
INVALID_REFRESH_TOKEN = "Forbidden: Invalid or expired refresh_token"  # oauth2.json's example
INVALID_CODE = "Forbidden: Invalid or expired code"
INVALID_VERIFIER = "Forbidden: Invalid code_verifier"
INVALID_REDIRECT = "Forbidden: Invalid redirect_uri"
INVALID_CREDENTIALS = "Forbidden: Invalid credentials"
UNSUPPORTED_GRANT = "Bad Request: Unsupported grant_type"
INVALID_BODY = "Bad Request: Invalid request body"
SERVER_FAILURE = "Runtime Error: " + RUNTIME_ERROR  # oauth2.json's example
# the OAuth error code of a status nobody named one for (core errors, injected faults)
CODES = {400: INVALID_REQUEST, 401: INVALID_CLIENT, 403: INVALID_GRANT, 503: TEMPORARILY_UNAVAILABLE}


def oauth_error(status: int, error: str, description: str, headers: dict[str, str] | None = None) -> ApiError:
    """An RFC 6749 §5.2 error; `detail` carries the error code for the renderer."""
    return ApiError(status, description, detail={"error": error}, headers=headers)


def invalid_request(description: str) -> ApiError:
    return oauth_error(400, INVALID_REQUEST, description)


def invalid_client(instance: str, description: str = UNKNOWN_CLIENT) -> ApiError:
    return oauth_error(401, INVALID_CLIENT, description, {"WWW-Authenticate": f'Basic realm="{instance}"'})


def invalid_grant(description: str) -> ApiError:
    return oauth_error(403, INVALID_GRANT, description)


def missing(name: str) -> ApiError:
    return invalid_request(f"Bad Request: Missing parameter {name}")


def json_endpoint() -> bool:
    """Is this request for one of the JSON endpoints (/token, /revoke, /introspect)?"""
    if not has_request_context():
        return False
    path = request.path.rstrip("/")
    return any(path.endswith(BASE + name) for name in JSON_ENDPOINTS)


def render(err: ApiError) -> Response:
    """Any error on a JSON endpoint, the core's own included (wrong method, unreadable or too large
    body, crash, injected fault), as {"error", "error_description"}."""
    from http import HTTPStatus

    extra = dict(err.headers)
    if err.reason == core_api.REASON_METHOD and err.allowed:
        extra["Allow"] = ", ".join(err.allowed)
    code = err.detail.get("error") if isinstance(err.detail, dict) else None
    if code is not None and err.message:
        description = err.message
    elif err.status >= 500:
        code = TEMPORARILY_UNAVAILABLE if err.status == 503 else SERVER_ERROR
        description = SERVER_FAILURE
    else:
        if err.reason == core_api.REASON_BAD_BODY:
            description = INVALID_BODY
        else:
            try:
                description = HTTPStatus(err.status).phrase
            except ValueError:
                description = "Error"
        code = CODES.get(err.status, INVALID_REQUEST)
    return json_response({"error": code, "error_description": description}, err.status, extra)
