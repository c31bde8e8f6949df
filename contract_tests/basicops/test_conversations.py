"""Notes, messages, replies, reactions, chats, group chats, channels and users through HTTP (seed:
"Notes" to "Users")."""
from __future__ import annotations

import pytest

from .conftest import error_of


def test_notes(bo):
    got = bo.data("GET", "/note/1")
    assert list(got) == ["id", "name", "content", "attachments"]
    assert [n["id"] for n in bo.data("GET", "/note")] == [1, 2, 3]
    assert [n["id"] for n in bo.as_("tim").data("GET", "/note")] == [1, 3]  # note 2 is Alex's own
    nid = bo.data("POST", "/note", json={"name": "Next release", "project": 6, "content": "..."})["id"]
    assert bo.patch(f"/note/{nid}", json={"name": "Next release", "project": 8, "content": "new"}).status_code == 200
    assert bo.data("GET", f"/note/{nid}")["content"] == "new"
    assert bo.data("DELETE", f"/note/{nid}")["status"] == "Next release deleted"


def test_meeting_note(bo):
    """Seed: startTime, endTime, summary, actionItems and participants are formatted into content;
    addAsTask creates a task referenced from the note."""
    nid = bo.data("POST", "/note", json={
        "name": "Next release", "startTime": "2024-09-03T18:30:00.000Z", "endTime": "2024-09-03T19:10:00.000Z",
        "summary": "The summary", "actionItems": [{"title": "first action item", "addAsTask": True},
                                                  {"title": "second action item", "addAsTask": False}],
        "participants": [{"firstName": "John", "lastName": "Doe", "email": "john@doe.com"},
                         {"firstName": "Jane", "lastName": "Doe", "email": "jane@doe.com"}],
        "project": 6, "content": "..."})["id"]
    content = bo.data("GET", f"/note/{nid}")["content"]
    task = [t for t in bo.data("GET", "/project/6/tasks") if t["title"] == "first action item"][0]
    assert "The summary" in content and "Jane Doe &lt;jane@doe.com&gt;" in content
    assert f'_id="{task["id"]}"' in content and "second action item" in content


@pytest.mark.parametrize("kind, record", [("task", 73), ("project", 6), ("chat", 7), ("groupchat", 12),
                                          ("channel", 5)])
def test_messages_in_each_context(bo, kind, record):
    created = bo.data("POST", f"/{kind}/{record}/message", json={"message": "Hello world"})
    assert isinstance(created["id"], str) and set(created) == {"id", "viewUrl", "bounceUrl"}
    listed = bo.data("GET", f"/{kind}/{record}/message")
    assert listed[-1]["id"] == created["id"] and listed[-1]["message"] == "Hello world"
    assert bo.data("GET", f"/message/{created['id']}") == listed[-1]


def test_unknown_message_context_is_no_route(bo):
    assert error_of(bo.post("/note/1/message", json={"message": "x"}), 404) == "Not found"


def test_project_messages_include_task_messages(bo):
    assert [m["id"] for m in bo.data("GET", "/project/6/message")] == ["dm2"]
    assert [m["id"] for m in bo.data("GET", "/project/6/message", params={"includeTaskMessages": "true"})] == \
        ["dm1", "dm2"]


def test_message_update_and_delete(bo):
    assert bo.put("/message/dm2", json={"message": "Updated message text"}).json() == {"success": True}
    assert bo.data("GET", "/message/dm2")["message"] == "Updated message text"
    assert bo.delete("/message/dm2").json() == {"success": True}
    error_of(bo.get("/message/dm2"), 404, "Message not found")


def test_replies(bo):
    assert [r["id"] for r in bo.data("GET", "/message/dm1/reply")] == ["dr1"]
    rid = bo.data("POST", "/message/dm1/reply", json={"message": "This is a reply"})["id"]
    assert isinstance(rid, str)
    assert bo.put(f"/reply/{rid}", json={"message": "Updated reply text"}).json() == {"success": True}
    assert bo.data("GET", "/message/dm1/reply")[-1]["message"] == "Updated reply text"
    assert bo.delete(f"/reply/{rid}").json() == {"success": True}
    assert [r["id"] for r in bo.data("GET", "/message/dm1/reply")] == ["dr1"]


def test_reactions_toggle_and_list(bo):
    """Seed: the toggle adds the current user's reaction, or removes it if it exists."""
    assert bo.data("GET", "/message/dm1/reaction") == [{"reaction": "👍", "user": 38}]
    assert bo.post("/message/dm1/reaction", json={"reaction": "👍"}).json() == {"success": True}
    assert bo.data("GET", "/message/dm1/reaction") == []
    bo.as_("tim").post("/reply/dr1/reaction", json={"reaction": "🎉"})
    assert bo.data("GET", "/reply/dr1/reaction") == [{"reaction": "🎉", "user": 25}]


def test_chats(bo):
    assert bo.data("GET", "/chat") == [{"id": 7, "user": 25}]
    assert bo.data("POST", "/chat", json={"user": 25})["id"] == 7
    new = bo.data("POST", "/chat", json={"user": 41})["id"]
    assert bo.data("GET", "/chat") == [{"id": 7, "user": 25}, {"id": new, "user": 41}]


def test_group_chats(bo):
    assert bo.data("GET", "/groupchat") == [{"id": 12, "name": "My group", "users": [38, 25], "avatar": None}]
    gid = bo.data("POST", "/groupchat", json={"name": "My group 2", "users": [25, 41]})["id"]
    assert bo.patch(f"/groupchat/{gid}", json={"name": "Updated name", "users": [38, 25, 41]}).json() == \
        {"success": True}
    assert bo.data("GET", "/groupchat")[-1] == {"id": gid, "name": "Updated name", "users": [38, 25, 41], "avatar": None}
    assert bo.delete(f"/groupchat/{gid}").json() == {"success": True}
    assert [g["id"] for g in bo.data("GET", "/groupchat")] == [12]


def test_channels(bo):
    assert bo.data("GET", "/channel") == [{"id": 5, "name": "general", "isPublic": True, "users": [38, 25],
                                           "administrators": [38], "avatar": None, "includeExternalUsers": False,
                                           "includeClients": False}]
    cid = bo.data("POST", "/channel", json={"name": "general-2", "isPublic": True, "users": [25]})["id"]
    assert bo.patch(f"/channel/{cid}", json={"name": "updated-name", "users": [25, 41]}).json() == {"success": True}
    got = [c for c in bo.as_("maria").data("GET", "/channel") if c["id"] == cid][0]
    assert got["name"] == "updated-name" and got["administrators"] == [38] and 38 in got["users"]
    assert bo.delete(f"/channel/{cid}").json() == {"success": True}


def test_users(bo):
    """Seed "Retrieve a User" / "Retrieve a List of Users" with ?name= and ?email=."""
    tim = bo.data("GET", "/user/25")
    assert tim == {"firstName": "Tim", "lastName": "Dalton", "roles": [{"name": "User Administrator", "id": 14}],
                   "id": 25, "email": "tim@testco.com",
                   "picture": f"{bo.base_url}/user/25/picture/PjS6Bj7ZiKra1tL54rpuKw%3D%3D/download"}
    assert bo.as_("tim").data("GET", "/user/me") == tim
    assert [u["id"] for u in bo.data("GET", "/user")] == [25, 38, 41, 44]
    assert bo.data("GET", "/user", params={"name": "Tim Dalton"}) == [tim]
    assert bo.data("GET", "/user", params={"email": "tim@testco.com"}) == [tim]
    assert bo.data("GET", "/user/44")["email"] is None  # deactivated


def test_a_user_picture_downloads(bo):
    resp = bo.get(bo.data("GET", "/user/38")["picture"])
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/png"
    assert resp.content.startswith(b"\x89PNG")
