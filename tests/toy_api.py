"""A small API that is not shipped: it proves the core's contract without Essentials.

Its shape is the opposite of Essentials' wherever the contract has a choice: the tenant is in the
path (`/toy/<account>`, and `/<account>` at the server root), one generic view serves every row
of a two-entity table (`bind={"entity": ...}`), errors are text/plain, tables are keyed by `ID`,
and records carry strong ETags (If-None-Match 304, If-Match 412) through core.conditional.
`make_spec(fixed=True)` gives the same API at a fixed mount with the core's automatic GET ETags,
its tenant found from the credential.

    GET    /v1/ping                 public: the account named in the path
    GET    /v1/me                   the caller
    GET    /v1/{entity}             list            PUT /v1/{entity}     create (201, ETag)
    GET    /v1/{entity}/{ID}        one (ETag)      PATCH                update (If-Match)
    DELETE /v1/{entity}/{ID}        204 (If-Match)
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Response, jsonify, request

from emulator.core import conditional
from emulator.core.api import ApiDocs, ApiError, ApiSpec, Route
from emulator.core.caller import caller, current_caller
from emulator.core.clock import iso, now
from emulator.core.http import no_content
from emulator.core.openapi import Doc
from emulator.core.store import Record, Store, TenantDB

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "toy"
ENTITIES: dict[str, dict[str, type]] = {
    "widgets": {"name": str, "size": int},
    "gadgets": {"name": str, "widget": int},
}
REFERENCES = {("gadgets", "widget"): "widgets"}


# -- the model: no HTTP, acts for core.caller --------------------------------------------------

def _valid(entity: str, data: Any, partial: bool) -> Record:
    if not isinstance(data, dict):
        raise ApiError(400, "body must be a JSON object")
    fields = ENTITIES[entity]
    unknown = sorted(set(data) - set(fields))
    if unknown:
        raise ApiError(400, f"unknown field {unknown[0]}")
    for name, kind in fields.items():
        if name not in data:
            if not partial:
                raise ApiError(400, f"{name} is required")
            continue
        if type(data[name]) is not kind:
            raise ApiError(400, f"{name} must be {kind.__name__}")
        target = REFERENCES.get((entity, name))
        if target and caller().tenant.table(target).get(data[name]) is None:
            raise ApiError(400, f"no {target} {data[name]}")
    return data


def get(entity: str, record_id: int) -> Record:
    found = caller().tenant.table(entity).get(record_id)
    if found is None:
        raise ApiError(404, f"no {entity} {record_id}")
    return found


def create(entity: str, data: Any) -> Record:
    user = caller().user
    if not (user and user.get("writes")):
        raise ApiError(403, "read-only user")
    return caller().tenant.table(entity).insert({**_valid(entity, data, False), "created": iso(now())})


def update(entity: str, record_id: int, data: Any) -> Record:
    if not (caller().user or {}).get("writes"):
        raise ApiError(403, "read-only user")
    get(entity, record_id)
    return caller().tenant.table(entity).update(record_id, _valid(entity, data, True))  # type: ignore[return-value]


def delete(entity: str, record_id: int) -> None:
    if not (caller().user or {}).get("writes"):
        raise ApiError(403, "read-only user")
    get(entity, record_id)
    caller().tenant.table(entity).delete(record_id)


# -- the views: HTTP in, HTTP out ---------------------------------------------------------------

def _tagged(record: Record, status: int = 200) -> Response:
    resp = jsonify(record)
    resp.status_code = status
    return conditional.answer(resp, conditional.etag(record))


def list_view(entity: str) -> Any:
    return jsonify(caller().tenant.table(entity).all())


def get_view(entity: str, ID: int) -> Any:  # noqa: N803 - the API's own id name
    return _tagged(get(entity, ID))


def create_view(entity: str) -> Any:
    conditional.check(None)
    return _tagged(create(entity, request.get_json(silent=True)), 201)


def update_view(entity: str, ID: int) -> Any:  # noqa: N803
    conditional.check(conditional.etag(get(entity, ID)))
    return _tagged(update(entity, ID, request.get_json(silent=True)))


def delete_view(entity: str, ID: int) -> Any:  # noqa: N803
    conditional.check(conditional.etag(get(entity, ID)))
    delete(entity, ID)
    return no_content()


def ping() -> Any:
    bound = current_caller()  # none on a fixed mount: no path names the account
    return {"account": bound.tenant.name if bound else None}


def me() -> Any:
    return {"account": caller().tenant.name, "user": caller().user["name"]}  # type: ignore[index]


DOCS_BUILT: list[str] = []  # the rows whose description was built by a builder


def me_doc() -> Doc:
    """A description built on first use (Route.doc may be a function), as ZeyOS' 322 rows do."""
    DOCS_BUILT.append("me_get")
    return Doc("The caller", responses={200: "The account and user"})


def routes() -> list[Route]:
    rows = [
        Route("GET", "/v1/ping", "ping_get", ping, doc=Doc("Which account the path names"), public=True),
        Route("GET", "/v1/me", "me_get", me, doc=me_doc),
    ]
    for entity in ENTITIES:
        one = entity[:-1]
        bind = {"entity": entity}
        rows += [
            Route("GET", f"/v1/{entity}", f"{entity}_list", list_view, bind=bind,
                  doc=Doc(f"List {entity}", responses={200: f"Every {one}"})),
            Route("PUT", f"/v1/{entity}", f"{entity}_create", create_view, bind=bind,
                  doc=Doc(f"Create a {one}", responses={201: f"The new {one}, with its ETag"}, errors=[400, 403])),
            Route("GET", f"/v1/{entity}/<int:ID>", f"{entity}_get", get_view, bind=bind,
                  doc=Doc(f"Get a {one}", responses={200: f"The {one}", 304: "Not modified"}, errors=[404])),
            Route("PATCH", f"/v1/{entity}/<int:ID>", f"{entity}_update", update_view, bind=bind,
                  doc=Doc(f"Update a {one}", responses={200: f"The {one}"}, errors=[400, 403, 404, 412])),
            Route("DELETE", f"/v1/{entity}/<int:ID>", f"{entity}_delete", delete_view, bind=bind,
                  doc=Doc(f"Delete a {one}", responses={204: "Deleted"}, errors=[403, 404, 412])),
        ]
    return rows


# -- the contract -------------------------------------------------------------------------------

def render_error(err: ApiError) -> Response:
    text = err.message if err.reason == "api" and err.message else {
        400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
        405: "Method Not Allowed", 412: "Precondition Failed", 413: "Payload Too Large",
    }.get(err.status, "Error")
    return Response(f"{err.status} {text}", status=err.status, mimetype="text/plain")


def describe_credentials(tenant: TenantDB) -> list[dict[str, Any]]:
    users = {u["ID"]: u for u in tenant.table("users").all()}
    return [{"user_id": c["user_id"], "name": users[c["user_id"]]["name"], "key": c["value"]}
            for c in tenant.credentials() if c["user_id"] in users]


def check_settings(current: dict[str, Any], changes: dict[str, Any]) -> None:
    if "name" in changes and not changes["name"].strip():
        raise ValueError("name must not be blank")


def make_spec(name: str = "toy", fixed: bool = False) -> ApiSpec:
    def authenticate(store: Store, tenant: TenantDB | None) -> tuple[TenantDB, Record]:
        found = store.credentials.find(name, "key", request.headers.get("X-Toy-Key", ""))
        if found is None or (tenant is not None and found[0] is not tenant):
            raise ApiError(401, "Unauthorized", headers={"WWW-Authenticate": 'Key realm="toy"'})
        owner, cred = found
        return owner, owner.table("users").get(cred["user_id"])  # type: ignore[return-value]

    def identify(store: Store, environ: dict) -> str | None:
        found = store.credentials.find(name, "key", environ.get("HTTP_X_TOY_KEY", ""))
        return found[0].name if found else None

    return ApiSpec(
        name=name, title="Toy API", mount=f"/{name}" if fixed else f"/{name}/<account>", root_mount=not fixed,
        client_base="/v1", routes=routes, authenticate=authenticate, render_error=render_error,
        describe_credentials=describe_credentials, error_content_type=lambda status: "text/plain",
        id_key="ID", etags=fixed, identify=identify if fixed else None, fixtures=FIXTURES,
        check_settings=check_settings,
        docs=ApiDocs(security_schemes={"key": {"type": "apiKey", "in": "header", "name": "X-Toy-Key"}},
                     security=[{"key": []}], common_errors={401: "No valid X-Toy-Key for this account"}),
    )


TOY = make_spec()
