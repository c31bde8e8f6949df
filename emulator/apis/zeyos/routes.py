"""The route table: one row per documented operation, made from the entity table.

Below the mount point (`/<instance>` at the server root and `/zeyos/<instance>`):
`/api/v1/{entity}` (POST list, PUT create), `/api/v1/{entity}/{ID}` (GET, HEAD, PATCH, DELETE),
`/api/v1/config`, `/api/v1/settings`, and the Auth API's `/auth/v1/login`, `/auth/v1/logout` and
`/auth/v1/` (GET, HEAD), and the OAuth 2.0 API's `/oauth2/v1/authorize`, `/token`, `/revoke`,
`/introspect` and `/userinfo` (oauth2/docs.py).  The core serves each path with and without a trailing slash (no
redirect); a method an entity does not document finds no row for its path and answers 405.
"""
from __future__ import annotations

from functools import partial

from ...core.api import Route
from ...core.openapi import Binary, Doc
from . import docs, oauth2, views
from .schema import entities, entity

API_BASE = "/api/v1"
AUTH_BASE = "/auth/v1"
ID_PARAM = {"ID": "Unique ID"}
SUCCESS = {"list": 200, "create": 201, "get": 200, "exists": 204, "update": 200, "delete": 204}
VIEWS = {"list": views.list_view, "create": views.create_view, "get": views.get_view,
         "exists": views.exists_view, "update": views.update_view, "delete": views.delete_view}
# the answers beside the seed's own statuses: 400 (api.json) wherever a body or query is read
EXTRA_ERRORS = {"list": {400: "Bad Request: an unknown field, join or operator, or a bad parameter"},
                "create": {400: "Bad Request: an unknown field"},
                "update": {400: "Bad Request: an unknown field"}}
ERROR_TEXTS = {401: "Unauthorized (WWW-Authenticate: Bearer)", 403: "Forbidden: Lacking access permission",
               404: "Not Found", 409: "Conflict", 410: "Gone: a dependency does not exist",
               412: "Precondition Failed: Non-matching ETag",
               500: "Runtime Error: what the database refuses (a missing required field, a value out of range)"}


def _doc(name: str, action: str) -> Doc:
    ent = entity(name)
    op = ent.operations[action]
    errors = {s: ERROR_TEXTS.get(s) for s in op.statuses if s >= 400}
    errors.update({s: ERROR_TEXTS.get(s) for s in (401, 500)})
    errors.update(EXTRA_ERRORS.get(action, {}))
    if action in ("get", "exists"):
        errors.setdefault(404, ERROR_TEXTS[404])
    if action in ("update", "delete"):
        errors.update({404: ERROR_TEXTS[404], 412: ERROR_TEXTS[412]})
    if action == "delete" and any(r.on_delete == "RESTRICT" for r in ent.referenced_by):
        errors[409] = "Conflict: Not Deletable (a row still references it)"
    record = docs.record_schema(name)
    responses: dict = {}
    query = body = None
    if action == "list":
        body = docs.ListBody
        responses[200] = Binary(("application/json", "text/csv"),
                                "the selected rows (a JSON array); {\"count\": N} with count; "
                                "CSV (text/csv, ;) with export")
    elif action == "create":
        body = docs.write_schema(name)
        responses[201] = record
    elif action == "get":
        query = docs.GetQuery
        responses[200] = docs.record_with_pseudo_schema(name)
        responses[304] = "Not Modified (If-None-Match or If-Modified-Since)"
    elif action == "exists":
        responses[204] = "Exists (No Content); ETag and Last-Modified"
        responses[304] = "Not Modified"
    elif action == "update":
        body = docs.write_schema(name)
        responses[200] = record
    else:
        responses[204] = "Successful Deletion (No Content)"
    description = op.description
    if op.dependency:
        description += f" (dependency: {op.dependency})"
    return Doc(op.summary, description=description, tags=[name], query=query, body=body,
               content_types=("application/json", "application/x-www-form-urlencoded"),
               body_required=action in ("create", "update"), responses=responses, errors=errors,
               path_params=ID_PARAM if op.path.endswith("{ID}") else None)


def routes() -> list[Route]:
    rows: list[Route] = [
        Route("GET", f"{API_BASE}/config", "config_get", views.config_view,
              doc=Doc("Get system configuration", description="Return the user-visible system configuration.",
                      tags=["general"], responses={200: docs.AnyObject}, errors={401: None, 500: None})),
        Route("GET", f"{API_BASE}/settings", "settings_get", views.settings_view,
              doc=Doc("Get application settings", tags=["general"], responses={200: docs.AnyObject},
                      description="Return the settings of the application that was used for authentication.",
                      errors={401: None, 403: "Forbidden: Invalid application context (a session, or a token "
                                              "without an application)", 500: None})),
    ]
    for name in sorted(entities()):
        ent = entity(name)
        # HEAD before GET: Flask would otherwise send HEAD to the GET rule
        for action in ("list", "create", "exists", "get", "update", "delete"):
            op = ent.operations.get(action)
            if op is None:
                continue
            path = f"{API_BASE}/{name}" + ("/<int:ID>" if op.path.endswith("{ID}") else "")
            rows.append(Route(op.method, path, f"{name}_{action}", VIEWS[action], doc=partial(_doc, name, action),
                              bind={"entity": name}))
    rows += [
        Route("POST", f"{AUTH_BASE}/login", "auth_login", views.login_view, public=True,
              doc=Doc("Login", tags=["auth"], body=docs.LoginBody, security=[],
                      content_types=("application/x-www-form-urlencoded", "application/json"),
                      description="Login with specified credentials and return a new bearer token (40 hex).",
                      responses={200: docs.LoginAnswer},
                      errors={401: "Unauthorized: Invalid credentials", 500: None})),
        Route("GET", f"{AUTH_BASE}/logout", "auth_logout", views.logout_view,
              doc=Doc("Logout", tags=["auth"], description="Logout and invalidate the token.",
                      responses={204: "Successful Logout (No Content)"}, errors={401: None, 500: None})),
        Route("HEAD", f"{AUTH_BASE}/", "auth_verify", views.verify_view,
              doc=Doc("Verify credentials", tags=["auth"], responses={204: "Successful Authentication"},
                      errors={401: None, 500: None})),
        Route("GET", f"{AUTH_BASE}/", "auth_user_info", views.user_info_view,
              doc=Doc("Get user info", tags=["auth"], query=docs.UserInfoQuery, responses={200: docs.UserInfo},
                      errors={401: None, 500: None})),
    ]
    return rows + oauth2.routes()
