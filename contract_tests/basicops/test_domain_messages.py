"""Notes, messages, replies, reactions, chats, group chats, channels and users as domain rules."""
from __future__ import annotations

import pytest

from emulator.apis.basicops import conversations, files, messages, notes, tasks, users

from .support import ALEX, MARIA, TIM, account, as_user, fails, query

pytestmark = pytest.mark.no_emulator


@pytest.fixture
def testco():
    return account()


# -- notes -----------------------------------------------------------------------------------------

def test_note_shape_and_personal_notes(testco):
    with as_user(testco, ALEX):
        got = notes.get_note(1)
        assert list(got) == ["id", "name", "content", "attachments"]
        assert got["attachments"][0]["FileName"] == "agenda.txt" and got["attachments"][0]["ThumbnailURL"] is None
        assert [n["id"] for n in notes.list_notes(query("notes"))] == [1, 2, 3]
    with as_user(testco, TIM):
        assert [n["id"] for n in notes.list_notes(query("notes"))] == [1, 3]
        fails(403, "Forbidden", notes.get_note, 2)
        fails(403, "Forbidden", notes.update, 2, {"name": "mine now"})
        testco.update_settings({"hide_forbidden": True})
        fails(404, "Note not found", notes.get_note, 2)


def test_meeting_fields_are_formatted_into_content_and_action_items_become_tasks(testco):
    """Seed "Create a Note": the meeting fields "will then be formatted and added to the content field";
    addAsTask creates a task "and a reference to the task will be inserted into the note"."""
    with as_user(testco, ALEX):
        nid = notes.create({
            "name": "Next release", "project": 6, "startTime": "2024-09-03T18:30:00.000Z",
            "endTime": "2024-09-03T19:10:00.000Z", "summary": "The summary",
            "actionItems": [{"title": "first action item", "addAsTask": True}, {"title": "second <b>item</b>"}],
            "participants": [{"firstName": "John", "lastName": "Doe", "email": "john@doe.com"}],
            "content": "<p>tail</p>"})["id"]
        content = notes.get_note(nid)["content"]
        made = [t for t in tasks.list_for_project(6, query("tasks")) if t["title"] == "first action item"]
        assert len(made) == 1
        assert "2024-09-03T18:30:00.000Z" in content and "The summary" in content
        assert "John Doe &lt;john@doe.com&gt;" in content and "second &lt;b&gt;item&lt;/b&gt;" in content
        assert f'_id="{made[0]["id"]}"' in content and content.endswith("<p>tail</p>")


def test_note_validation(testco):
    with as_user(testco, ALEX):
        fails(400, "name is required", notes.create, {"project": 6})
        fails(400, "project: Project 999 not found", notes.create, {"name": "n", "project": 999})
        fails(400, "actionItems[0].title is required", notes.create, {"name": "n", "actionItems": [{}]})


def test_note_update_and_delete(testco):
    with as_user(testco, ALEX):
        notes.update(1, {"name": "Kickoff", "project": 8, "content": "..."})
        assert notes.get_note(1)["name"] == "Kickoff" and 1 in [n["id"] for n in notes.list_for_project(8, query("notes"))]
        assert notes.delete(1)["status"] == "Kickoff deleted"
        assert testco.table("attachments").get("Qm5SdHJ3b2xkZ2VuZGE0MQ==") is None  # its file went with it


# -- messages and replies ----------------------------------------------------------------------------

def test_messages_in_the_five_contexts(testco):
    with as_user(testco, ALEX):
        for kind, rid in (("task", 73), ("project", 6), ("chat", 7), ("groupchat", 12), ("channel", 5)):
            created = messages.create(kind, rid, {"message": f"hi {kind}"})
            assert isinstance(created["id"], str) and created["id"].startswith("dm")
            listed = messages.list_messages(kind, rid)
            assert listed[-1] == messages.get_message(created["id"])
            assert list(listed[-1]) == ["id", "message", "attachments", "created", "updated"]


def test_project_messages_with_task_messages(testco):
    """Seed: GET /project/<id>/message?includeTaskMessages=true."""
    with as_user(testco, ALEX):
        assert [m["id"] for m in messages.list_messages("project", 6)] == ["dm2"]
        assert [m["id"] for m in messages.list_messages("project", 6, True)] == ["dm1", "dm2"]


def test_message_contexts_follow_membership(testco):
    with as_user(testco, MARIA):  # not in chat 7, group chat 12 or channel 6; channel 5 is public
        fails(403, "Forbidden", messages.list_messages, "chat", 7)
        fails(403, "Forbidden", messages.create, "groupchat", 12, {"message": "hi"})
        fails(403, "Forbidden", messages.get_message, "dm6")
        assert [m["id"] for m in messages.list_messages("channel", 5)] == ["dm5"]
        fails(404, "Chat not found", messages.list_messages, "chat", 999)


def test_only_the_author_changes_a_message(testco):
    with as_user(testco, TIM):
        fails(403, "only the author", messages.update, "dm2", {"message": "mine"})
        fails(403, "only the author", messages.delete, "dm2")
    with as_user(testco, ALEX):
        messages.update("dm2", {"message": "Updated message text"})
        assert messages.get_message("dm2")["message"] == "Updated message text"
        fails(400, "message is required", messages.update, "dm2", {"message": " "})


def test_put_replaces_attachments_and_upload_ids_work_once(testco):
    """Seed "Update a Message": the PUT replaces attachments; "If you want to keep existing attachments,
    include their identifiers"; an upload id "can only be used once"."""
    with as_user(testco, ALEX):
        first = files.upload("a.txt", "text/plain", b"one")["id"]
        second = files.upload("b.txt", "text/plain", b"two")["id"]
        mid = messages.create("task", 73, {"message": "See attached", "attachments": [first]})["id"]
        fails(400, "has already been used", messages.create, "task", 73, {"message": "again", "attachments": [first]})
        messages.update(mid, {"message": "both", "attachments": [first, second]})
        assert [a["FileName"] for a in messages.get_message(mid)["attachments"]] == ["a.txt", "b.txt"]
        messages.update(mid, {"message": "second only", "attachments": [second]})
        assert [a["FileName"] for a in messages.get_message(mid)["attachments"]] == ["b.txt"]
        assert testco.table("attachments").get(first) is None


def test_replies_and_cascade(testco):
    with as_user(testco, ALEX):
        rid = messages.create_reply("dm1", {"message": "This is a reply too"})["id"]
        assert rid.startswith("dr")
        assert [r["id"] for r in messages.list_replies("dm1")] == ["dr1", rid]
        messages.update_reply(rid, {"message": "Updated reply text"})
        assert messages.list_replies("dm1")[-1]["message"] == "Updated reply text"
        assert messages.reply_link(rid) == {"url": f"https://app.basicops.com/reply/{rid}"}
    with as_user(testco, TIM):
        fails(403, "only the author", messages.delete_reply, rid)
        messages.delete("dm1")
        fails(404, "Message not found", messages.list_replies, "dm1")
        assert testco.table("replies").get("dr1") is None and len(testco.table("reactions")) == 0


def test_reactions_toggle(testco):
    """Seed: the toggle "adds a reaction if it does not already exist for the current user, or removes it"."""
    with as_user(testco, TIM):
        assert messages.toggle_reaction("message", "dm1", {"reaction": "👍"}) is True
        assert messages.list_reactions("message", "dm1") == [{"reaction": "👍", "user": 38}, {"reaction": "👍", "user": 25}]
        assert messages.toggle_reaction("message", "dm1", {"reaction": "👍"}) is False
        assert messages.list_reactions("message", "dm1") == [{"reaction": "👍", "user": 38}]
        messages.toggle_reaction("reply", "dr1", {"reaction": "🎉"})
        assert messages.list_reactions("reply", "dr1") == [{"reaction": "🎉", "user": 25}]
        fails(400, "reaction is required", messages.toggle_reaction, "reply", "dr1", {})
        fails(404, "Reply not found", messages.list_reactions, "reply", "dr99")


# -- chats, group chats, channels --------------------------------------------------------------------

def test_chats_show_the_other_user_and_are_one_per_pair(testco):
    with as_user(testco, TIM):
        assert conversations.list_chats() == [{"id": 7, "user": 38}]
        assert conversations.create_chat({"user": 38})["id"] == 7
        new = conversations.create_chat({"user": 41})["id"]
        fails(400, "another user", conversations.create_chat, {"user": 25})
        fails(400, "user: User 999 not found", conversations.create_chat, {"user": 999})
    with as_user(testco, ALEX):
        assert conversations.list_chats() == [{"id": 7, "user": 25}]
    with as_user(testco, MARIA):
        assert conversations.list_chats() == [{"id": new, "user": 25}]


def test_group_chats(testco):
    with as_user(testco, MARIA):
        gid = conversations.create_group_chat({"name": "Design", "users": [38]})["id"]
        assert conversations.list_group_chats() == [{"id": gid, "name": "Design", "users": [41, 38], "avatar": None}]
        conversations.update_group_chat(gid, {"name": "Updated name", "users": [41, 38, 25]})
        fails(403, "Forbidden", conversations.update_group_chat, 12, {"name": "x"})
    with as_user(testco, TIM):
        assert [g["name"] for g in conversations.list_group_chats()] == ["My group", "Updated name"]
        conversations.delete_group_chat(12)
        assert testco.table("messages").get("dm4") is None


def test_channels_public_private_and_admins(testco):
    with as_user(testco, MARIA):
        assert [c["id"] for c in conversations.list_channels()] == [5]
        fails(403, "administrator", conversations.update_channel, 5, {"name": "x"})
        cid = conversations.create_channel({"name": "design", "isPublic": False, "users": [38]})["id"]
        got = [c for c in conversations.list_channels() if c["id"] == cid][0]
        assert got == {"id": cid, "name": "design", "isPublic": False, "users": [38, 41], "administrators": [41],
                       "avatar": None, "includeExternalUsers": False, "includeClients": False}
        fails(400, "name is required", conversations.create_channel, {"isPublic": True})
    with as_user(testco, ALEX):
        conversations.update_channel(5, {"name": "updated-name", "users": [38, 25, 41]})
        assert conversations.list_channels()[0]["name"] == "updated-name"
        conversations.delete_channel(5)
        assert testco.table("messages").get("dm5") is None


# -- users -----------------------------------------------------------------------------------------

def test_users_me_and_lookups(testco):
    with as_user(testco, TIM):
        me = users.get_user("me")
        assert list(me) == ["firstName", "lastName", "roles", "id", "email", "picture"]
        assert me["id"] == 25 and me["roles"] == [{"name": "User Administrator", "id": 14}]
        assert [u["id"] for u in users.list_users(query("users"))] == [25, 38, 41, 44]
        assert [u["id"] for u in users.list_users(query("users", name="alex JACKSON"))] == [38]
        assert [u["id"] for u in users.list_users(query("users", Email="Maria@TestCo.com"))] == [41]
        assert users.list_users(query("users", email="sam@testco.com")) == []  # deactivated: email null
        assert users.get_user(44)["email"] is None
        fails(404, "User not found", users.get_user, 999)
