"""GET /authorize: an authorization request, the consent that stands in for a browser, and the answer.

oauth2.json: `client_id`, `redirect_uri` ("HTTPS required, unless 127.0.0.1 or localhost") and
`response_type` (`code`) are required; `response_mode` `query` (default) or `form_post`;
`code_challenge` with `code_challenge_method` (PKCE, see pkce.py); `state`.  The live service
answers 303 to its web UI's consent page, whose approval sends the browser on to the redirect URI.
The emulator has no web UI: the instance's settings decide at once (`oauth_consent`: `approve` or
`deny`; `oauth_approver`: the user name, e-mail or ID of the user who approves), so the 303 goes
straight to the redirect URI with `code` and `state` (or, with `form_post`, an auto-submitting
HTML form posts them there).

Errors follow RFC 6749 §4.1.2.1: while the client or the redirect URI is unknown, missing, repeated
or invalid, nothing is redirected (the user agent gets 400 text/plain, as a browser would show the
UI's error page); every other error is redirected with `error`, `error_description` and `state`.
`scope` is accepted, kept with the code and its tokens, and grants nothing of its own: a ZeyOS token
acts with the user's permissions (oauth2.json defines no scopes).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from ....core.api import ApiError
from ....core.store import Record, TenantDB
from ..rows import tenant_rows
from ..tokens import active_user
from . import clients, issued, pkce

RESPONSE_MODES = ("query", "form_post")
CONSENT, APPROVER, PKCE_METHODS = "oauth_consent", "oauth_approver", "oauth_pkce_methods"
# not redirected: answered to the user agent (text/plain)
BAD_CLIENT = "Bad Request: Unknown client application"
BAD_REDIRECT = "Bad Request: Invalid redirect_uri"
# RFC 6749 §4.1.2.1 error codes
INVALID_REQUEST, ACCESS_DENIED = "invalid_request", "access_denied"
UNSUPPORTED_RESPONSE_TYPE = "unsupported_response_type"


@dataclass(frozen=True)
class Answer:
    """Where the user agent goes next: the redirect URI, with these parameters, this way."""

    redirect_uri: str
    params: dict[str, str] = field(default_factory=dict)
    mode: str = "query"

    @property
    def error(self) -> str | None:
        return self.params.get("error")


def _one(params: Mapping[str, Sequence[str]], name: str) -> tuple[str | None, bool]:
    """(the parameter's value or None when absent or empty, whether it was given more than once)."""
    values = [v for v in params.get(name, ()) if v != ""]
    return (values[0] if values else None), len(params.get(name, ())) > 1


def _methods(tenant: TenantDB) -> tuple[str, ...]:
    allowed = tenant.settings.get(PKCE_METHODS, ["S256"])
    if not isinstance(allowed, list):
        return ("S256",)
    return tuple(m for m in allowed if m in pkce.METHODS)


def approver(tenant: TenantDB) -> Record | None:
    """The user who approves, as the instance's settings name them, if they could log in."""
    if tenant.settings.get(CONSENT, "approve") != "approve":
        return None
    wanted = tenant.settings.get(APPROVER)
    if not isinstance(wanted, str) or not wanted.strip():
        return None
    wanted = wanted.strip()
    user = tenant_rows(tenant)("users").get(wanted) if wanted.isdigit() else None
    if user is None:  # by name, else by e-mail, exactly as stored (index lookups, not a scan)
        users = tenant.table("users", id_key="ID")
        found = users.where(name=wanted) or users.where(email=wanted)
        user = found[0] if found else None
    return user if user is not None and active_user(user) else None


def authorize(tenant: TenantDB, params: Mapping[str, Sequence[str]]) -> Answer:
    """Check an authorization request and answer it: a code, or an error for the redirect URI.

    Raises ApiError(400) for what must not be redirected (unknown client, bad redirect URI)."""
    client_id, twice = _one(params, "client_id")
    client = clients.find(tenant, client_id) if not twice else None
    if client is None:
        raise ApiError(400, BAD_CLIENT)
    redirect_uri, twice = _one(params, "redirect_uri")
    if twice or not clients.redirect_allowed(client, redirect_uri):
        raise ApiError(400, BAD_REDIRECT)
    assert redirect_uri is not None
    state, _ = _one(params, "state")
    mode, mode_twice = _one(params, "response_mode")
    answer_mode = mode if mode in RESPONSE_MODES and not mode_twice else "query"

    def error(code: str, description: str) -> Answer:
        out = {"error": code, "error_description": description}
        if state is not None:
            out["state"] = state
        return Answer(redirect_uri, out, answer_mode)

    repeated = sorted(name for name, values in params.items() if len(values) > 1)
    if repeated:
        return error(INVALID_REQUEST, f"Bad Request: Repeated parameter {repeated[0]}")
    response_type, _ = _one(params, "response_type")
    if response_type is None:
        return error(INVALID_REQUEST, "Bad Request: Missing parameter response_type")
    if response_type != "code":
        return error(UNSUPPORTED_RESPONSE_TYPE, "Bad Request: Unsupported response_type")
    if mode is not None and mode not in RESPONSE_MODES:
        return error(INVALID_REQUEST, "Bad Request: Unsupported response_mode")
    challenge, _ = _one(params, "code_challenge")
    method, _ = _one(params, "code_challenge_method")
    if challenge is not None:
        if method is None:
            return error(INVALID_REQUEST, "Bad Request: Missing parameter code_challenge_method")
        if method not in _methods(tenant):
            return error(INVALID_REQUEST, "Bad Request: Unsupported code_challenge_method")
        if not pkce.challenge_ok(challenge, method):
            return error(INVALID_REQUEST, "Bad Request: Invalid code_challenge")
    else:
        method = None
    user = approver(tenant)
    if user is None:
        return error(ACCESS_DENIED, "Forbidden: The user denied the authorization request")
    scope, _ = _one(params, "scope")
    code = issued.issue_code(tenant, user_id=user["ID"], application=client.id, redirect_uri=redirect_uri,
                             scope=scope, challenge=challenge, method=method)
    out = {"code": code}
    if state is not None:
        out["state"] = state
    return Answer(redirect_uri, out, answer_mode)
