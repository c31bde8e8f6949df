"""Every operation answers every status it documents, through HTTP, in BasicOps' envelope
(research §3: {"success": false, "error": "..."}; 401/403/404/400/405)."""
from __future__ import annotations

import re

import pytest

from emulator.apis.basicops.spec import routes

from .conftest import error_of

ROWS = [(row, method) for row in routes() for method in row.methods]
# an id nobody has, per path parameter
UNKNOWN = {"type": "task", "size": "medium", "dependency_id": "dep-999999", "message_id": "dm999999",
           "reply_id": "dr999999", "webhook_EId": "00000000-0000-0000-0000-000000000000",
           "attachment_id": "AAAAAAAAAAAAAAAAAAAAAA==", "picture_id": "AAAAAAAAAAAAAAAAAAAAAA=="}


def concrete(path: str, **values: str) -> str:
    """A route's Flask path with its variables filled in (unknown ids unless given)."""
    def fill(m: re.Match) -> str:
        name = m.group(1).split(":")[-1]
        return values.get(name, UNKNOWN.get(name, "999999"))
    return re.sub(r"<([^>]+)>", fill, path).removeprefix("/v1")


@pytest.mark.parametrize("row, method", [(r, m) for r, m in ROWS if not r.public],
                         ids=lambda x: x if isinstance(x, str) else x.name)
def test_every_operation_answers_401_without_a_valid_token(bo, row, method):
    """No token, an unknown token, another scheme, a deactivated user's key: 401 with WWW-Authenticate."""
    path = concrete(row.path)
    for client in (bo.anon(), bo.with_headers({"Authorization": "Bearer bo_nope"}),
                   bo.with_headers({"Authorization": "Basic Ym86Ym8="}), bo.as_("sam")):
        resp = client.request(method, path)
        assert error_of(resp, 401) == "Unauthorized"
        assert resp.headers["WWW-Authenticate"] == "Bearer"


@pytest.mark.parametrize("row, method", [(r, m) for r, m in ROWS if 404 in (r.described.errors if r.described else {})],
                         ids=lambda x: x if isinstance(x, str) else x.name)
def test_every_operation_with_an_id_answers_404_for_an_unknown_one(bo, row, method):
    kwargs = {"json": {}} if method in ("POST", "PUT", "PATCH") else {}
    error_of(bo.request(method, concrete(row.path), **kwargs), 404, "not found")


def test_a_path_nothing_is_routed_at_is_404(bo):
    assert error_of(bo.get("/projects"), 404) == "Not found"


@pytest.mark.parametrize("method, path, allowed", [
    ("PUT", "/project/6", {"GET", "PATCH", "DELETE"}),  # the seed updates projects with PATCH
    ("PATCH", "/message/dm1", {"GET", "PUT", "DELETE"}),  # ...and messages with PUT
    ("DELETE", "/project", {"GET", "POST"}),
    ("POST", "/user/me", {"GET"}),
])
def test_a_known_path_with_another_method_is_405(bo, method, path, allowed):
    resp = bo.request(method, path)
    assert error_of(resp, 405) == "Method Not Allowed"
    assert allowed <= {m.strip() for m in resp.headers["Allow"].split(",")}


def test_get_and_delete_with_a_json_content_type_and_no_body_work(bo):
    """Research §3: mcp-basicops-server sends Content-Type: application/json on every request."""
    json_type = {"Content-Type": "application/json"}
    assert bo.data("GET", "/project/6", headers=json_type)["id"] == 6
    assert bo.data("GET", "/project", headers=json_type)
    assert bo.data("DELETE", "/dependency/dep-1", headers=json_type) is None


def test_malformed_json_is_400(bo):
    error_of(bo.post("/project", data="{not json", headers={"Content-Type": "application/json"}), 400,
             "Invalid JSON body")


# one bad body per operation that documents 400
BAD_BODIES = [
    ("project_create", "POST", "/project", {"status": "On Track"}, "title is required"),
    ("project_update", "PATCH", "/project/6", {"status": "Finished"}, "Invalid status"),
    ("section_create", "POST", "/section", {"name": "Q3"}, "project is required"),
    ("section_update", "PATCH", "/section/1", {"project": 999}, "project: Project 999 not found"),
    ("task_create", "POST", "/task", {"title": "t", "status": "Done"}, "Invalid status"),
    ("task_update", "PATCH", "/task/73", {"parent": 73}, "cannot be its own parent"),
    ("task_review_request", "POST", "/task/73/review/request", {"reviewers": []}, "reviewers is required"),
    ("task_review_submit", "POST", "/task/73/review/submit", {"message": "ok"}, "No review has been requested"),
    ("task_dependency_create", "POST", "/task/73/dependency", {"dependsOnTask": 73}, "cannot depend on itself"),
    ("timetracking_create", "POST", "/timetracking", {"task": 999}, "task: Task 999 not found"),
    ("timetracking_update", "PATCH", "/timetracking/7", {"time": -1}, "Invalid time"),
    ("note_create", "POST", "/note", {"content": "x"}, "name is required"),
    ("note_update", "PATCH", "/note/1", {"name": ""}, "name is required"),
    ("project_bulk", "POST", "/project/bulk", {"items": [{"title": "ok"}] * 101}, "at most 100 items"),
    ("task_bulk", "POST", "/task/bulk", {"items": [{"title": "ok"}, {}]}, "items[1]: title is required"),
    ("section_bulk", "POST", "/section/bulk", {}, "items is required"),
    ("note_bulk", "POST", "/note/bulk", {"items": [{"id": 999, "name": "x"}]}, "items[0]: Note 999 not found"),
    ("message_create", "POST", "/task/73/message", {"message": ""}, "message is required"),
    ("message_update", "PUT", "/message/dm2", {}, "message is required"),
    ("message_reply_create", "POST", "/message/dm1/reply", {"attachments": ["x"]}, "message is required"),
    ("reply_update", "PUT", "/reply/dr1", {"message": 5}, "Invalid message"),
    ("message_reaction_toggle", "POST", "/message/dm1/reaction", {}, "reaction is required"),
    ("reply_reaction_toggle", "POST", "/reply/dr1/reaction", {"reaction": " "}, "reaction is required"),
    ("chat_create", "POST", "/chat", {"user": 38}, "a chat is with another user"),
    ("groupchat_create", "POST", "/groupchat", {"name": "g"}, "users is required"),
    ("groupchat_update", "PATCH", "/groupchat/12", {"users": [999]}, "users: User 999 not found"),
    ("channel_create", "POST", "/channel", {"isPublic": True}, "name is required"),
    ("channel_update", "PATCH", "/channel/5", {"administrators": []}, "at least one administrator"),
    ("webhook_create", "POST", "/webhook", {"url": "http://127.0.0.1:1/h", "events": "basicops:comment:created"}, "Invalid events"),
    ("webhook_update", "PUT", "/webhook/7f646881-2f1d-4266-a071-cbd3b0b0bfca", {"signing": "provided"}, "secret is required"),
    ("uploadurl_create", "POST", "/uploadurl", {"url": "https://example.com/file.pdf"}, "host example.com is not allowed"),
    ("upload_create", "POST", "/upload", None, "A filename is required"),
    ("task_attachment_create", "POST", "/task/73/attachments", {"fileName": "a.gif", "cloudType": 4, "cloudId": "x"}, "Invalid cloudType"),
]


@pytest.mark.parametrize("name, method, path, body, fragment", BAD_BODIES, ids=[b[0] for b in BAD_BODIES])
def test_every_operation_that_reads_a_body_answers_400_for_a_bad_one(bo, name, method, path, body, fragment):
    kwargs = {"json": body} if body is not None else {"data": b"raw bytes"}
    error_of(bo.request(method, path, **kwargs), 400, fragment)


def test_bad_bodies_cover_every_operation_documenting_400():
    """The table above names one case for each such operation (downloads and thumbnails, whose 400s
    are maxSize, a non-image and a bad size, are in test_files.py)."""
    documented = {r.name for r, _ in ROWS if 400 in (r.described.errors if r.described else {})}
    files = {"task_attachment_get", "task_attachment_download", "task_attachment_thumbnail", "attachment_download",
             "attachment_thumbnail"}
    assert documented - files == {b[0] for b in BAD_BODIES}


# who may not: one case per operation that documents 403
FORBIDDEN = [
    ("tim", "GET", "/note/2"), ("tim", "PATCH", "/note/2"), ("tim", "DELETE", "/note/2"), ("tim", "GET", "/note/2/link"),
    ("maria", "GET", "/chat/7/message"), ("maria", "GET", "/groupchat/12/message"), ("maria", "GET", "/channel/6/message"),
    ("maria", "POST", "/groupchat/12/message"), ("maria", "GET", "/message/dm6"), ("tim", "PUT", "/message/dm2"),
    ("tim", "DELETE", "/message/dm2"), ("maria", "GET", "/message/dm3/link"), ("maria", "GET", "/message/dm3/reply"),
    ("maria", "POST", "/message/dm4/reply"), ("tim", "PUT", "/reply/dr1"), ("tim", "DELETE", "/reply/dr1"),
    ("maria", "POST", "/message/dm6/reaction"), ("maria", "GET", "/message/dm6/reaction"),
    ("maria", "GET", "/groupchat/12/message"), ("maria", "PATCH", "/groupchat/12"), ("maria", "DELETE", "/groupchat/12"),
    ("maria", "PATCH", "/channel/5"), ("tim", "DELETE", "/channel/5"),
]


@pytest.mark.parametrize("user, method, path", FORBIDDEN, ids=lambda x: x)
def test_objects_of_others_are_403_and_404_when_hidden(bo, settings, user, method, path):
    kwargs = {"json": {"message": "x", "name": "x", "reaction": "x"}} if method in ("POST", "PUT", "PATCH") else {}
    assert error_of(bo.as_(user).request(method, path, **kwargs), 403).startswith("Forbidden")
    settings(hide_forbidden=True)
    error_of(bo.as_(user).request(method, path, **kwargs), 404, "not found")


def test_accounts_never_see_each_other(bo):
    """globex's Hank: testco's project 6 and task 73 do not exist for him; his own task 1 does."""
    hank = bo.as_("hank")
    error_of(hank.get("/project/6"), 404, "Project not found")
    error_of(hank.get("/task/73"), 404, "Task not found")
    assert hank.data("GET", "/task/1")["title"] == "Blueprints"
    assert [p["id"] for p in hank.data("GET", "/project")] == [1]


def test_a_cloned_account_has_its_own_keys_and_data(bo, control):
    """POST /_emulator/tenants {"api": "basicops"}: a fresh isolated copy of testco with new API keys."""
    info = control.new_tenant("basicops", "testco")
    try:
        alex = next(u for u in info["users"] if u["user_id"] == 38)
        assert alex["api_key"].startswith("bo_") and alex["api_key"] != bo.keys["users"][("testco", 38)]["api_key"]
        clone = bo.with_headers({"Authorization": f"Bearer {alex['api_key']}"})
        clone.data("DELETE", "/project/6")
        error_of(clone.get("/project/6"), 404, "Project not found")
        assert bo.data("GET", "/project/6")["title"] == "Corporate website"  # testco keeps its own
        assert clone.data("GET", f"/webhook/{'7f646881-2f1d-4266-a071-cbd3b0b0bfca'}")["CompanyId"] != 2
    finally:
        control.drop_tenant("basicops", info["tenant"])
