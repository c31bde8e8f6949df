"""OAuth 2.0 (research §2.2): the authorize step (emulated, no login page) and the token endpoint,
beside /v1 as on the real host (https://api.basicops.com/oauth/token)."""
from __future__ import annotations

import base64
from typing import Any
from urllib.parse import unquote

from flask import jsonify, redirect, request
from marshmallow import EXCLUDE, Schema, fields

from ....core.api import ApiError, Route
from ....core.http import current
from ....core.openapi import Doc
from .. import answers as a
from .. import oauth
from . import body


def _basic_client() -> dict[str, str]:
    """client_id and client_secret from HTTP Basic (RFC 6749 §2.3.1), when sent that way."""
    scheme, _, value = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "basic" or not value.strip():
        return {}
    try:
        client_id, _, secret = base64.b64decode(value.strip(), validate=True).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return {}
    return {"client_id": unquote(client_id), "client_secret": unquote(secret)}


def token() -> Any:
    try:
        form = body()
    except ApiError:
        raise oauth.oauth_error("invalid_request", "The body must be form-encoded (or a JSON object)") from None
    form = {k: v for k, v in form.items() if isinstance(v, str)} if isinstance(form, dict) else {}
    for key, value in _basic_client().items():
        form.setdefault(key, value)
    resp = jsonify(oauth.token(current().store, form))
    resp.headers["Cache-Control"] = "no-store"
    return resp


def authorize() -> Any:
    return redirect(oauth.authorize(current().store, request.args.to_dict()), 302)


class TokenBody(Schema):
    class Meta:
        unknown = EXCLUDE

    grant_type = fields.String(required=True, metadata={"description": "authorization_code or refresh_token"})
    client_id = fields.String(required=True)
    client_secret = fields.String(metadata={"description": "confidential clients (or HTTP Basic)"})
    code = fields.String()
    redirect_uri = fields.String()
    code_verifier = fields.String(metadata={"description": "PKCE: 43 to 128 characters"})
    refresh_token = fields.String()


class AuthorizeQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    client_id = fields.String(required=True)
    response_type = fields.String(required=True, metadata={"description": "code"})
    redirect_uri = fields.String(required=True)
    code_challenge = fields.String(metadata={"description": "base64url(SHA-256(verifier)); public clients"})
    code_challenge_method = fields.String(metadata={"description": "S256"})
    state = fields.String()
    user = fields.Integer(metadata={"description": "emulator: the user to authorize as (default: the app's)"})
    login_hint = fields.String(metadata={"description": "emulator: the user's email"})


def routes() -> list[Route]:
    errors = {400: "RFC 6749 error {error, error_description}", 401: "invalid_client"}
    return [
        Route("POST", "/oauth/token", "oauth_token_create", token, public=True,
              doc=Doc("Exchange an authorization code (PKCE) or a refresh token for tokens", tags=["oauth"],
                      body=TokenBody, content_types=("application/x-www-form-urlencoded", "application/json"),
                      responses={200: a.Token, 400: a.OAuthError, 401: a.OAuthError}, security=[])),
        Route("GET", "/oauth/auth", "oauth_authorize", authorize, public=True,
              doc=Doc("Authorize an app (emulated: redirects at once with a code)", tags=["oauth"],
                      query=AuthorizeQuery, responses={302: "To redirect_uri?code=...&state=...",
                                                       400: a.OAuthError, 401: a.OAuthError}, security=[],
                      description=f"Errors: {errors[400]}")),
    ]
