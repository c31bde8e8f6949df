"""The OpenAPI documents: valid OpenAPI 3.1, complete (every routed operation, every status it can
answer), served by the control API and printed by the CLI."""
from __future__ import annotations

import json
from typing import Any

import pytest
from openapi_spec_validator import validate

from emulator.cli import main
from emulator.core.app import create_app
from emulator.core.openapi import CONTROL_API, build, names, openapi_path

pytestmark = [pytest.mark.no_emulator, pytest.mark.xdist_group("openapi")]  # one worker builds the documents

METHODS = ("get", "put", "post", "delete", "patch")


@pytest.fixture(scope="module")
def app() -> Any:
    return create_app()


@pytest.fixture(scope="module")
def documents(app: Any) -> dict[str, dict]:
    return {name: build(app, name) for name in names(app)}


def operations(document: dict) -> list[tuple[str, str, dict]]:
    return [(method.upper(), path, op) for path, item in document["paths"].items()
            for method, op in item.items() if method in METHODS]


def table_of(app: Any, name: str) -> list[Any]:
    emu = app.extensions["emulator"]
    return emu.control_rows if name == CONTROL_API else emu.routes[name]


def routed(app: Any, name: str) -> set[tuple[str, str]]:
    """(METHOD, OpenAPI path) of every operation of the API's route table (host pages are not)."""
    return {(m, openapi_path(row.path)[0]) for row in table_of(app, name) if row.operation for m in row.methods}


def test_every_rule_in_the_url_map_comes_from_a_route_table(app: Any) -> None:
    """One source: the app routes exactly the rows of the route tables (at each mount point), one
    URL rule per path serving the methods of every row on it."""
    emu = app.extensions["emulator"]
    tables = {"emulator_admin": {r.name: r for r in emu.control_rows}}
    for index, (_mount, spec) in enumerate(emu.mounts.entries):
        tables[f"{spec.name}_{index}"] = {r.name: r for r in emu.routes[spec.name]}
    seen: dict[str, set[str]] = {blueprint: set() for blueprint in tables}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        blueprint, _, names = rule.endpoint.partition(".")
        rows = [tables[blueprint][name] for name in names.split("+")]
        seen[blueprint].update(names.split("+"))
        declared = {m for row in rows for m in row.methods}
        methods = set(rule.methods or ()) - ({"OPTIONS"} - declared)  # Flask adds OPTIONS unless a row has it
        if "GET" in methods and "HEAD" not in declared:  # Flask adds HEAD to every GET rule
            methods.discard("HEAD")
        assert methods == declared
        assert all(row.path == rows[0].path and (rule.rule.endswith(row.path) or row.path == "/") for row in rows)
    for blueprint, rows in tables.items():
        assert seen[blueprint] == set(rows), blueprint  # and every row is routed


def test_there_is_a_document_per_mounted_api_and_one_for_the_control_api(app: Any) -> None:
    assert names(app) == [*app.extensions["emulator"].specs, "emulator"]
    assert "essentials" in names(app)


@pytest.mark.parametrize("name", ["essentials", "emulator"])
def test_the_document_is_valid_openapi_3_1(documents: dict[str, dict], name: str) -> None:
    document = documents[name]
    assert document["openapi"] == "3.1.0"
    validate(document)  # openapi-spec-validator, OpenAPI 3.1 rules


@pytest.mark.parametrize("name", ["essentials", "emulator"])
def test_the_document_lists_every_routed_operation_and_nothing_else(app: Any, documents: dict[str, dict],
                                                                     name: str) -> None:
    document = documents[name]
    documented = {(method, path) for method, path, _ in operations(document)}
    assert documented == routed(app, name)


def test_the_essentials_document_has_29_operations_on_its_documented_paths(documents: dict[str, dict]) -> None:
    """Seed 000: 25 operations, 29 method+path rows (PUT and PATCH share the update routes)."""
    ops = operations(documents["essentials"])
    assert len(ops) == 29
    assert all(path.startswith("/api/v1/integration/essentials/") for _, path, _ in ops)


@pytest.mark.parametrize("name", ["essentials", "emulator"])
def test_every_operation_is_described(documents: dict[str, dict], name: str) -> None:
    for method, path, op in operations(documents[name]):
        assert "x-undocumented" not in op, f"{method} {path} has no @doc"
        assert op["summary"] and op["operationId"]
        assert any(status.startswith("2") for status in op["responses"]), f"{method} {path}"


def test_operation_ids_are_unique(documents: dict[str, dict]) -> None:
    for document in documents.values():
        ids = [op["operationId"] for _, _, op in operations(document)]
        assert len(ids) == len(set(ids))


def test_essentials_declares_its_three_ways_to_authenticate(documents: dict[str, dict]) -> None:
    document = documents["essentials"]
    schemes = document["components"]["securitySchemes"]
    assert schemes["bearer"] == {"type": "http", "scheme": "bearer", "description": "a personal access token"}
    assert schemes["basic"]["scheme"] == "basic"
    assert {schemes["apiKey"]["name"], schemes["apiSecret"]["name"]} == {"X-EPOS-API-Key", "X-EPOS-API-Secret"}
    assert document["security"] == [{"bearer": []}, {"apiKey": [], "apiSecret": []}, {"basic": []}]
    for requirement in document["security"]:
        assert set(requirement) <= set(schemes)


def test_the_control_api_is_open(documents: dict[str, dict]) -> None:
    document = documents["emulator"]
    assert "security" not in document
    assert "securitySchemes" not in document.get("components", {})
    assert document["servers"] == [{"url": "/_emulator", "description": "the control API's mount point"}]


def _resolve(document: dict, item: dict) -> dict:
    while "$ref" in item:
        kind, name = item["$ref"].split("/")[-2:]
        item = document["components"][kind][name]
    return item


def test_every_essentials_operation_documents_its_error_statuses(documents: dict[str, dict]) -> None:
    """401 and 403 everywhere (auth, module gate), 404 on id routes, 422 where input is validated,
    each in Laravel's envelope."""
    document = documents["essentials"]
    for method, path, op in operations(document):
        responses = op["responses"]
        assert {"401", "403"} <= set(responses), f"{method} {path}"
        if "{item_id}" in path:
            assert "404" in responses, f"{method} {path}"
        takes_input = "requestBody" in op or any(p["in"] == "query" for p in op.get("parameters", []))
        assert ("422" in responses) == takes_input, f"{method} {path}"
        for status in ("401", "403", "404"):
            if status in responses:
                schema = _resolve(document, responses[status])["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/MessageBody"}
        if "422" in responses:
            schema = _resolve(document, responses["422"])["content"]["application/json"]["schema"]
            assert schema == {"$ref": "#/components/schemas/ValidationErrorBody"}
    body = document["components"]["schemas"]["ValidationErrorBody"]
    assert body["required"] == ["errors", "message"]


def test_the_download_is_binary_and_the_upload_multipart(documents: dict[str, dict]) -> None:
    paths = documents["essentials"]["paths"]
    download = paths["/api/v1/integration/essentials/documents/{item_id}/download"]["get"]["responses"]["200"]
    assert "application/json" not in download["content"]
    assert {"application/pdf", "text/csv; charset=UTF-8", "image/png", "application/octet-stream"} <= set(
        download["content"])
    assert "Content-Disposition" in download["headers"]
    upload = paths["/api/v1/integration/essentials/documents"]["post"]["requestBody"]["content"]
    assert set(upload) == {"multipart/form-data", "application/json", "application/x-www-form-urlencoded"}
    create = documents["essentials"]["components"]["schemas"]["DocumentCreate"]
    assert create["properties"]["file"]["format"] == "binary"
    assert create["properties"]["type"]["enum"] == ["document", "memos"]


def test_input_fields_map_to_json_schema(documents: dict[str, dict]) -> None:
    """The Essentials field classes: OneOf -> enum, IntList -> integer array, dates by format."""
    document = documents["essentials"]
    todo = document["components"]["schemas"]["TodoCreate"]["properties"]
    assert todo["priority"]["enum"] == ["low", "medium", "high", "urgent", None]
    assert todo["assigned_user_ids"] == {"type": ["array", "null"], "items": {"type": "integer"}}
    assert todo["estimated_hours"]["type"] == ["number", "string", "null"]
    assert {"type": "string", "format": "date", "description": "Y-m-d"} in todo["date"]["anyOf"]
    params = {p["name"]: p for p in document["paths"]["/api/v1/integration/essentials/todos"]["get"]["parameters"]}
    assert params["per_page"]["schema"] == {"type": "integer", "default": 20, "minimum": 1, "maximum": 100}
    assert params["start_date"]["schema"]["format"] == "date"
    assert params["status"]["schema"] == {"type": "string", "enum": ["new", "in_progress", "on_hold", "completed"]}
    assert not any(p["required"] for p in params.values())
    messages = document["paths"]["/api/v1/integration/essentials/messages"]["get"]["parameters"]
    assert "q" not in {p["name"] for p in messages}  # messages have no search
    assert {p["name"]: p["required"] for p in document["paths"]["/api/v1/integration/essentials/documents"]["get"][
        "parameters"]}["type"] is True


def test_responses_are_closed_schemas(documents: dict[str, dict]) -> None:
    schemas = documents["essentials"]["components"]["schemas"]
    for name in ("TodoRow", "TodoDetail", "DocumentDetail", "Reminder", "Message", "KbNode", "PageMeta",
                 "Dashboard", "CalendarEvent"):
        assert schemas[name]["additionalProperties"] is False, name
    assert schemas["KbNode"]["properties"]["children"]["items"] == {"$ref": "#/components/schemas/KbNode"}


def test_the_control_api_lists_mounted_apis_as_api_names(app: Any, documents: dict[str, dict]) -> None:
    tenant_body = documents["emulator"]["components"]["schemas"]["TenantBody"]
    assert tenant_body["properties"]["api"]["enum"] == list(app.extensions["emulator"].specs)


def test_the_control_api_serves_each_document(app: Any, documents: dict[str, dict]) -> None:
    client = app.test_client()
    for name in names(app):
        resp = client.get(f"/_emulator/openapi/{name}.json")
        assert resp.status_code == 200
        assert resp.mimetype == "application/json"
        assert resp.get_json() == json.loads(json.dumps(documents[name]))
    resp = client.get("/_emulator/openapi/nosuchapi.json")
    assert resp.status_code == 404
    assert resp.get_json()["status"] == 404


def test_an_api_mounted_at_the_root_is_documented_at_the_root() -> None:
    app = create_app(apis=["essentials"], root_api="essentials")
    document = build(app, "essentials")
    assert document["servers"][0]["url"] == "/"
    assert "/api/v1/integration/essentials/todos" in document["paths"]
    control = build(app, "emulator")
    assert all(not path.startswith("/api") for path in control["paths"])
    assert len(document["paths"]) == len(build(create_app(), "essentials")["paths"])


def test_flask_paths_become_openapi_paths() -> None:
    assert openapi_path("/faults/<int:rule_id>") == (
        "/faults/{rule_id}", [("rule_id", {"type": "integer", "minimum": 0})])
    assert openapi_path("/openapi/<name>.json")[0] == "/openapi/{name}.json"
    assert openapi_path("/x/<path:rest>")[0] == "/x/{rest}"


def test_the_cli_prints_the_document(capsys: pytest.CaptureFixture[str], documents: dict[str, dict]) -> None:
    assert main(["openapi", "--api", "essentials"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(documents["essentials"]))
    assert main(["openapi", "--api", "emulator"]) == 0
    assert json.loads(capsys.readouterr().out)["info"]["title"] == "saas-emulator control API"


def test_the_cli_writes_the_document_to_a_file(tmp_path: Any, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "essentials.json"
    assert main(["openapi", "--api", "essentials", "--root", "--out", str(out)]) == 0
    assert capsys.readouterr().out == ""
    document = json.loads(out.read_text())
    validate(document)
    assert document["servers"][0]["url"] == "/"


@pytest.mark.parametrize("argv, message", [
    (["openapi", "--api", "nope"], "unknown api 'nope'"),
    (["openapi", "--api", "emulator", "--root"], "--root"),
])
def test_the_cli_refuses_unknown_documents(argv: list[str], message: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    assert main(argv) == 2
    assert message in capsys.readouterr().err
