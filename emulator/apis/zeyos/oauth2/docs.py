"""The OAuth 2.0 API's rows of ZeyOS's route table, with their OpenAPI descriptions (oauth2.json).

Served at `/<instance>/oauth2/v1/...` at both of ZeyOS's mounts (the server root and
`/zeyos/<instance>`).  /authorize, /token, /revoke and /introspect are public rows (the client,
not a user, authenticates, or nobody does); /userinfo takes a bearer token or the ZEYOSID
session through ZeyOS's authenticate hook.
"""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from ....core.api import Route
from ....core.openapi import Binary, Doc
from . import views
from .errors import BASE

IDENTIFIER = r"^[a-zA-Z0-9]([a-zA-Z0-9_.-]*[a-zA-Z0-9])?$"
HEX40 = r"^[a-f0-9]{40}$"
FORM_OR_JSON = ("application/x-www-form-urlencoded", "application/json")
CLIENT_AUTH = [{"basic": []}, {}]  # client_secret_basic, or client_secret_post (credentials in the body)


def _client_id() -> fields.String:
    return fields.String(validate=[validate.Length(max=200), validate.Regexp(IDENTIFIER)], metadata={
        "description": "the application's identifier; not needed with HTTP Basic client authentication"})


class OAuth2AuthorizeQuery(Schema):
    class Meta:
        ordered = True

    client_id = fields.String(required=True, validate=[validate.Length(max=200), validate.Regexp(IDENTIFIER)],
                              metadata={"description": "the application's identifier (applications.identifier)"})
    redirect_uri = fields.String(required=True, metadata={
        "description": "one of the application's callback URLs (HTTPS, unless 127.0.0.1 or localhost; a "
                       "loopback URI may name any port)"})
    response_type = fields.String(required=True, validate=validate.OneOf(["code"]))
    response_mode = fields.String(validate=validate.OneOf(["query", "form_post"]))
    code_challenge = fields.String(metadata={"description": "PKCE (RFC 7636)"})
    code_challenge_method = fields.String(validate=validate.OneOf(["S256", "plain"]), metadata={
        "description": "required with code_challenge; `plain` only where the instance allows it"})
    state = fields.String()
    scope = fields.String(metadata={"description": "kept with the tokens; grants nothing by itself"})


class OAuth2TokenBody(Schema):
    class Meta:
        ordered = True

    grant_type = fields.String(required=True, validate=validate.OneOf(["authorization_code", "refresh_token",
                                                                       "password"]))
    client_id = _client_id()
    client_secret = fields.String(metadata={"description": "the application's secret (or HTTP Basic)"})
    code = fields.String(metadata={"description": "authorization_code: the code from /authorize (single-use)"})
    code_verifier = fields.String(metadata={"description": "authorization_code: the PKCE verifier"})
    redirect_uri = fields.String(metadata={"description": "authorization_code: if sent, the authorization's"})
    refresh_token = fields.String(metadata={"description": "refresh_token: a refresh token (single-use)"})
    username = fields.String(metadata={"description": "password: user name or e-mail"})
    password = fields.String()
    otp = fields.String(metadata={"description": "password: a 2FA code (accepted, not checked)"})
    scope = fields.String()


class OAuth2TokenAnswer(Schema):
    class Meta:
        ordered = True

    token_type = fields.String(required=True, validate=validate.OneOf(["Bearer"]))
    access_token = fields.String(required=True, validate=validate.Regexp(HEX40))
    expires_in = fields.Integer(required=True, validate=validate.OneOf([3600]))
    refresh_token = fields.String(required=True, validate=validate.Regexp(HEX40))
    refresh_token_expires_in = fields.Integer(required=True, validate=validate.OneOf([8640000]))


class OAuth2TokenParam(Schema):
    class Meta:
        ordered = True

    token = fields.String(required=True, metadata={"description": "an access or refresh token"})
    token_type_hint = fields.String(metadata={"description": "RFC 7009/7662; every kind is searched anyway"})
    client_id = _client_id()
    client_secret = fields.String()


class OAuth2IntrospectAnswer(Schema):
    class Meta:
        ordered = True

    active = fields.Boolean(required=True)
    client_id = fields.String()
    username = fields.String()
    sub = fields.String(validate=validate.Regexp(r"^[1-9][0-9]*$"))
    exp = fields.Integer()


class OAuth2Error(Schema):
    """RFC 6749 §5.2."""

    class Meta:
        ordered = True

    error = fields.String(required=True)
    error_description = fields.String(required=True)


class OAuth2Address(Schema):
    class Meta:
        ordered = True

    street_address = fields.String()
    locality = fields.String()
    region = fields.String()
    postal_code = fields.String()
    country = fields.String(validate=validate.Regexp(r"^([A-Z]{2})?$"))


class OAuth2Group(Schema):
    class Meta:
        ordered = True

    id = fields.Integer()
    name = fields.String()
    writable = fields.Boolean()


class OAuth2Permission(Schema):
    class Meta:
        ordered = True

    identifier = fields.String()
    writable = fields.Boolean()


class OAuth2UserInfo(Schema):
    class Meta:
        ordered = True

    sub = fields.String(required=True, validate=validate.Regexp(r"^[1-9][0-9]*$"))
    name = fields.String(required=True)
    preferred_username = fields.String(required=True)
    email = fields.String(required=True)
    zoneinfo = fields.String(required=True)
    locale = fields.String(required=True, validate=validate.OneOf(["de-DE", "en-US", "es-ES"]))
    nopublic = fields.Boolean(required=True)
    apionly = fields.Boolean(required=True)
    updated_at = fields.Integer(required=True)
    given_name = fields.String()
    family_name = fields.String()
    phone_number = fields.String()
    birthdate = fields.String(validate=validate.Regexp(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"))
    address = fields.Nested(OAuth2Address)
    groups = fields.List(fields.Nested(OAuth2Group))
    permissions = fields.List(fields.Nested(OAuth2Permission))


def _errors(**described: str) -> dict[int, tuple[type[Schema], str]]:
    statuses = {"e400": 400, "e401": 401, "e403": 403, "e500": 500}
    return {statuses[k]: (OAuth2Error, text) for k, text in described.items()}


SERVER_ERROR = 'server_error: "Runtime Error: I am afraid I can\'t do that Dave!"'
BAD_REQUEST = "invalid_request: a missing, repeated or malformed parameter, or an unreadable body"
BAD_CLIENT = ('invalid_client: unknown client, wrong secret or no client credentials '
              '(WWW-Authenticate: Basic realm="<instance>")')


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/authorize", "oauth2_authorize", views.authorize_view, public=True, doc=Doc(
            "Request authorization", tags=["oauth2"], query=OAuth2AuthorizeQuery, security=[],
            description="RFC 6749 §4.1.1 with PKCE. The instance's settings stand in for the browser's consent "
                        "(oauth_consent, oauth_approver): the answer redirects to the redirect URI with code and "
                        "state, or with error (access_denied, invalid_request, unsupported_response_type).",
            responses={303: Binary((), "See Other: the redirect URI with code and state, or with error, "
                                       "error_description and state", headers={"Location": "the redirect URI"}),
                       200: Binary(("text/html",), "response_mode=form_post: a page whose form posts code and "
                                                   "state (or the error) to the redirect URI")},
            errors={400: "Bad Request: Unknown client application, or Invalid redirect_uri (not redirected)",
                    500: None})),
        Route("POST", f"{BASE}/token", "oauth2_token", views.token_view, public=True, doc=Doc(
            "Get access token", tags=["oauth2"], body=OAuth2TokenBody, content_types=FORM_OR_JSON, security=CLIENT_AUTH,
            description="A new access token (1 hour) and single-use refresh token (100 days) for an authorization "
                        "code, a refresh token or a user's password; the user's previous pair for this client stops "
                        "working.",
            responses={200: OAuth2TokenAnswer, **_errors(
                e400=f"{BAD_REQUEST}; unsupported_grant_type", e401=BAD_CLIENT,
                e403="invalid_grant: an unknown, expired, used or foreign code or refresh token, a wrong "
                     "code_verifier or redirect_uri, or wrong user credentials",
                e500=SERVER_ERROR)})),
        Route("POST", f"{BASE}/revoke", "oauth2_revoke", views.revoke_view, public=True, doc=Doc(
            "Revoke token", tags=["oauth2"], body=OAuth2TokenParam, content_types=FORM_OR_JSON, security=CLIENT_AUTH,
            description="RFC 7009: the token stops working; a refresh token takes its access token along. Unknown "
                        "tokens answer 200 too.",
            responses={200: "OK (no body)", **_errors(e400=BAD_REQUEST, e401=BAD_CLIENT, e500=SERVER_ERROR)})),
        Route("POST", f"{BASE}/introspect", "oauth2_introspect", views.introspect_view, public=True, doc=Doc(
            "Introspect token", tags=["oauth2"], body=OAuth2TokenParam, content_types=FORM_OR_JSON, security=CLIENT_AUTH,
            description="RFC 7662: {\"active\": false} for a token that is unknown, revoked, expired or another "
                        "client's.",
            responses={200: OAuth2IntrospectAnswer, **_errors(e400=BAD_REQUEST, e401=BAD_CLIENT, e500=SERVER_ERROR)})),
        Route("GET", f"{BASE}/userinfo", "oauth2_user_info", views.userinfo_view, doc=Doc(
            "Get user info", tags=["oauth2"], responses={200: OAuth2UserInfo},
            description="OpenID Connect 1.0 claims of the token's user, with ZeyOS's extensions (groups, "
                        "permissions).",
            errors={401: 'Unauthorized: Invalid bearer token (WWW-Authenticate: Bearer realm="<instance>" '
                         'error="invalid_token")', 500: None})),
    ]
