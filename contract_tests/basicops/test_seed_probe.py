"""A black-box probe of the seed's checkable statements, written from the seed alone (each check
quotes the sentence it checks). It favours what the other contract tests leave out: defaults,
enumerations, filters, scoped lists, delete envelopes, timestamps, single-use uploads, webhook
validation and scoping, bulk operations and link endpoints."""
from __future__ import annotations

import json
import re
import time

import pytest

from .conftest import error_of
from .receiver import receiver

STAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
PROJECT_STATUSES = ["On Track", "At Risk", "In Trouble", "On Hold", "Complete"]
TASK_STATUSES = ["New", "Accepted", "In Progress", "Under Review", "Reviewed", "On Hold", "Blocked", "Complete"]


def ids(rows: list[dict]) -> list:
    return [r["id"] for r in rows]


def upload(bo, name: str = "probe.txt", data: bytes = b"probe bytes") -> str:
    return bo.data("POST", "/upload", data=data,
                   headers={"Content-Disposition": f'attachment; filename="{name}"', "Content-Type": "text/plain"})["id"]


# --- Projects ---------------------------------------------------------------------------------

def test_project_defaults_status_on_track_and_owner_the_current_user(bo):
    """Seed: status "(defaults to "On Track")"; owner "(defaults to the current user)";
    isTemplate "null or false: project"."""
    pid = bo.as_("tim").data("POST", "/project", json={"title": "Probe"})["id"]
    got = bo.data("GET", f"/project/{pid}")
    assert (got["status"], got["owner"]) == ("On Track", 25)
    assert got["isTemplate"] in (None, False)


@pytest.mark.parametrize("status", PROJECT_STATUSES)
def test_every_documented_project_status_is_accepted(bo, status):
    """Seed: project status "must have one of the followng values"."""
    pid = bo.data("POST", "/project", json={"title": "Probe", "status": status})["id"]
    assert bo.data("GET", f"/project/{pid}")["status"] == status


def test_an_undocumented_project_status_is_refused_and_nothing_is_stored(bo):
    """Seed: project status "must have one of the followng values"."""
    before = ids(bo.data("GET", "/project"))
    error_of(bo.post("/project", json={"title": "Probe", "status": "Done"}), 400)
    assert ids(bo.data("GET", "/project")) == before
    error_of(bo.patch("/project/6", json={"status": "Done"}), 400)
    assert bo.data("GET", "/project/6")["status"] == "On Track"


def test_project_title_is_required(bo):
    """Seed: title "Project title (String, required)"."""
    error_of(bo.post("/project", json={"description": "no title"}), 400)


def test_project_filter_owner(bo):
    """Seed: "You can filter on the following project fields: isTemplate, owner, ..." (active
    projects only by default)."""
    assert ids(bo.data("GET", "/project", params={"owner": "25"})) == [8]
    assert ids(bo.data("GET", "/project", params={"owner": "38"})) == [6]


def test_project_filter_istemplate_lists_templates(bo):
    """Seed: "?istemplate=true/false"; isTemplate "true: template"."""
    got = bo.data("GET", "/project", params={"istemplate": "true"})
    assert ids(got) == [12] and all(p["isTemplate"] is True for p in got)
    assert 12 not in ids(bo.data("GET", "/project", params={"istemplate": "false"}))


def test_project_filter_due_date(bo):
    """Seed: project filters include dueDate."""
    assert ids(bo.data("GET", "/project", params={"dueDate": "2018-12-01T08:00:00.000Z"})) == [8]


def test_project_delete_envelope(bo):
    """Seed "Delete a Project": data {"statusKind": 2, "status": "<name> deleted", "activities": [436]}."""
    pid = bo.data("POST", "/project", json={"title": "Doomed"})["id"]
    got = bo.data("DELETE", f"/project/{pid}")
    assert set(got) == {"statusKind", "status", "activities"}
    assert got["statusKind"] == 2 and got["status"] == "Doomed deleted"
    assert got["activities"] and all(isinstance(a, int) for a in got["activities"])
    error_of(bo.get(f"/project/{pid}"), 404)


def test_project_created_and_updated_follow_the_clock(bo, frozen):
    """Seed: created "The date and time of the project creation", updated "of the last update"
    (dates as "2018-01-01T08:00:00.000Z")."""
    pid = bo.data("POST", "/project", json={"title": "Timed"})["id"]
    frozen.advance(60)
    assert bo.patch(f"/project/{pid}", json={"description": "later"}).json() == {"success": True}
    got = bo.data("GET", f"/project/{pid}")
    assert STAMP.match(got["created"]) and STAMP.match(got["updated"])
    assert (got["created"], got["updated"]) == ("2026-03-01T12:00:00.000Z", "2026-03-01T12:01:00.000Z")


def test_project_patch_with_an_unknown_owner_is_refused(bo):
    """Seed: owner "Idenfifier of the user who is the project owner"."""
    error_of(bo.patch("/project/6", json={"owner": 999}), 400)
    assert bo.data("GET", "/project/6")["owner"] == 38


# --- Sections ---------------------------------------------------------------------------------

def test_sections_of_a_project(bo):
    """Seed "Retrieve a List of Sections from a Project": short nested project {id, title, status}."""
    got = bo.data("GET", "/project/6/sections")
    assert ids(got) == [1, 2]
    assert all(s["project"] == {"id": 6, "title": "Corporate website", "status": "On Track"} for s in got)
    error_of(bo.get("/project/999/sections"), 404)


def test_section_filter_project(bo):
    """Seed: "You can filter on the following section fields: project, created and updated."""
    assert ids(bo.data("GET", "/section", params={"project": "8"})) == [3]


def test_section_name_is_required(bo):
    """Seed: section name "String (required)"."""
    error_of(bo.post("/section", json={"project": 6}), 400)


def test_section_update_moves_it_and_delete_envelope(bo):
    """Seed "Update a Section" (project 8) and "Delete a Section" ("<name> deleted")."""
    sid = bo.data("POST", "/section", json={"name": "Next release", "project": 6})["id"]
    assert bo.patch(f"/section/{sid}", json={"name": "Moved", "project": 8}).json() == {"success": True}
    assert bo.data("GET", f"/section/{sid}")["project"]["id"] == 8
    got = bo.data("DELETE", f"/section/{sid}")
    assert got["statusKind"] == 2 and got["status"] == "Moved deleted"
    error_of(bo.get(f"/section/{sid}"), 404)


# --- Tasks ------------------------------------------------------------------------------------

def test_task_defaults_status_new_and_no_project(bo):
    """Seed: status "(defaults to "New")"; project "null if it doesn't belong to a project";
    section "null if it doesn't belong to a section"."""
    tid = bo.data("POST", "/task", json={"title": "Loose"})["id"]
    got = bo.data("GET", f"/task/{tid}")
    assert (got["status"], got["project"], got["section"]) == ("New", None, None)


def test_every_documented_task_status_is_accepted_on_update_and_others_refused(bo):
    """Seed: task status "must be one of the following values"."""
    for status in TASK_STATUSES:
        assert bo.patch("/task/81", json={"status": status}).status_code == 200
        assert bo.data("GET", "/task/81")["status"] == status
    error_of(bo.patch("/task/81", json={"status": "Cancelled"}), 400)
    assert bo.data("GET", "/task/81")["status"] == "Complete"


def test_task_title_is_required(bo):
    """Seed: task title "String (required)"."""
    error_of(bo.post("/task", json={"project": 6}), 400)


def test_task_filters_section_and_due_date(bo):
    """Seed: "You can filter on the following task fields: project, section, assignee, dueDate, ..."."""
    assert ids(bo.data("GET", "/task", params={"section": "2"})) == [77]
    assert ids(bo.data("GET", "/task", params={"dueDate": "2018-08-01T07:00:00.000Z"})) == [73, 74]


def test_tasks_of_a_project(bo):
    """Seed "Retrieve a List of Tasks from a Project"."""
    assert ids(bo.data("GET", "/project/8/tasks")) == [80]
    error_of(bo.get("/project/999/tasks"), 404)


def test_subtasks_of_an_unknown_task(bo):
    """Seed "Retrieve a List of Subtasks from a Task": an unknown task is not found."""
    error_of(bo.get("/task/999/tasks"), 404)
    assert bo.data("GET", "/task/80/tasks") == []


def test_task_delete_envelope(bo):
    """Seed "Delete a Task": {"statusKind": 2, "status": "<name> deleted", "activities": [...]}."""
    tid = bo.data("POST", "/task", json={"title": "Doomed task", "project": 6})["id"]
    got = bo.data("DELETE", f"/task/{tid}")
    assert got["statusKind"] == 2 and got["status"] == "Doomed task deleted" and len(got["activities"]) == 1


def test_task_with_an_unknown_assignee_is_refused(bo):
    """Seed: assignee "Identifier of the user who is assigned to the task"."""
    error_of(bo.post("/task", json={"title": "x", "assignee": 999}), 400)


def test_review_request_to_an_unknown_user_is_refused(bo):
    """Seed: "Sends a review request to one or more users for a given task." """
    error_of(bo.post("/task/73/review/request", json={"reviewers": [999]}), 400)
    assert bo.data("GET", "/task/73")["status"] == "Accepted"
    error_of(bo.post("/task/999/review/request", json={"reviewers": [25]}), 404)


# --- Dependencies -----------------------------------------------------------------------------

def test_project_dependencies(bo):
    """Seed "List Dependencies of a Project": "all dependencies of tasks within a project"."""
    assert bo.data("GET", "/project/6/dependency") == [
        {"id": "dep-1", "task": 77, "dependsOnTask": 73, "type": "finish-to-start"}]
    assert bo.data("GET", "/project/8/dependency") == []


def test_dependency_on_an_unknown_task(bo):
    """Seed: dependsOnTask "Identifier of the task this task depends on"."""
    error_of(bo.post("/task/73/dependency", json={"dependsOnTask": 999, "type": "finish-to-start"}), 400)
    error_of(bo.post("/task/999/dependency", json={"dependsOnTask": 73}), 404)
    error_of(bo.delete("/dependency/dep-999"), 404)


# --- Time tracking ----------------------------------------------------------------------------

def test_time_entry_user_explicit_or_the_token_owner(bo):
    """Seed: "you can specify the user for the time tracking entry using the user field. If this is
    not specified, the user will default to the owner of the access token."""
    explicit = bo.data("POST", "/timetracking", json={"task": 73, "user": 41, "startTime": "2024-04-01T00:00:00.000Z",
                                                      "endTime": "2024-04-01T01:00:00.000Z", "time": 3600})["id"]
    assert bo.data("GET", f"/timetracking/{explicit}")["user"] == 41
    implicit = bo.as_("tim").data("POST", "/timetracking", json={"task": 73, "time": 60,
                                                                 "startTime": "2024-04-01T00:00:00.000Z"})["id"]
    got = bo.data("GET", f"/timetracking/{implicit}")
    assert got["user"] == 25 and isinstance(got["time"], int)


def test_time_tracking_filter_project(bo):
    """Seed: "You can filter on the following time tracking fields: project, task, ..."."""
    assert ids(bo.data("GET", "/timetracking", params={"project": "8"})) == [8]
    assert ids(bo.data("GET", "/timetracking", params={"task": "80"})) == [8]


def test_time_entry_unknown_and_deleted(bo):
    """Seed "Delete a Time Tracking entry": {"activities": [436]}; the entry is gone afterwards."""
    error_of(bo.get("/timetracking/999"), 404)
    got = bo.data("DELETE", "/timetracking/8")
    assert set(got) == {"activities"}
    error_of(bo.get("/timetracking/8"), 404)


# --- Notes ------------------------------------------------------------------------------------

def test_notes_of_a_project_and_moving_a_note(bo):
    """Seed "Retrieve a List of Notes from a Project" and "Update a Note" ("project": 8)."""
    assert ids(bo.data("GET", "/project/6/notes")) == [1]
    assert list(bo.data("GET", "/project/6/notes")[0]) == ["id", "name", "content", "attachments"]
    assert bo.patch("/note/1", json={"project": 8}).json() == {"success": True}
    assert ids(bo.data("GET", "/project/6/notes")) == []
    assert ids(bo.data("GET", "/project/8/notes")) == [1]


def test_note_filter_created_and_delete_envelope(bo):
    """Seed: "You can filter on the following note fields: created and updated."; delete answers
    "<name> deleted"."""
    assert ids(bo.data("GET", "/note", params={"created": "2018-01-05T08:00:00.000Z"})) == [1]
    got = bo.data("DELETE", "/note/3")
    assert got["statusKind"] == 2 and got["status"] == "Launch checklist deleted"


# --- Messages, replies, reactions -------------------------------------------------------------

def test_message_put_replaces_attachments(bo):
    """Seed "Update a Message": "replaces the full content of the message, including its attachments.
    If you want to keep existing attachments, include their identifiers"."""
    aid = upload(bo)
    mid = bo.data("POST", "/task/73/message", json={"message": "With file", "attachments": [aid]})["id"]
    assert len(bo.data("GET", f"/message/{mid}")["attachments"]) == 1
    assert bo.put(f"/message/{mid}", json={"message": "No file"}).json() == {"success": True}
    got = bo.data("GET", f"/message/{mid}")
    assert got["message"] == "No file" and got["attachments"] == []


def test_an_upload_id_can_only_be_used_once_for_replies(bo):
    """Seed "Upload a File": "The identifier can only be used once."""
    aid = upload(bo)
    bo.data("POST", "/message/dm1/reply", json={"message": "See attached", "attachments": [aid]})
    error_of(bo.post("/message/dm1/reply", json={"message": "Again", "attachments": [aid]}), 400)


def test_messages_of_an_unknown_context(bo):
    """Seed "Create a Message": POST /v1/<type>/<id>/message; an unknown <id> is not found."""
    error_of(bo.post("/task/999/message", json={"message": "x"}), 404)
    error_of(bo.get("/project/999/message"), 404)
    error_of(bo.get("/message/dm999/reply"), 404)


def test_include_task_messages_false_is_project_messages_only(bo):
    """Seed: "?includeTaskMessages=true" is optional; without it (or false) only the project's own."""
    assert ids(bo.data("GET", "/project/6/message", params={"includeTaskMessages": "false"})) == ["dm2"]


def test_reply_reaction_toggle_removes_on_second_post(bo):
    """Seed: "adds a reaction if it does not already exist for the current user, or removes it if it does"."""
    bo.post("/reply/dr1/reaction", json={"reaction": "🎉"})
    assert {"reaction": "🎉", "user": 38} in bo.data("GET", "/reply/dr1/reaction")
    bo.post("/reply/dr1/reaction", json={"reaction": "🎉"})
    assert {"reaction": "🎉", "user": 38} not in bo.data("GET", "/reply/dr1/reaction")


# --- Chats, channels, users -------------------------------------------------------------------

def test_a_chat_shows_the_other_user_to_each_side(bo):
    """Seed: chat user "Identifier of the other user in the chat"."""
    assert bo.as_("tim").data("GET", "/chat") == [{"id": 7, "user": 38}]
    assert bo.data("GET", "/chat") == [{"id": 7, "user": 25}]


def test_a_private_channel_is_listed_to_its_users_only(bo):
    """Seed: "Channels are topic-based conversations accessible to team members"; isPublic."""
    assert 6 not in ids(bo.as_("maria").data("GET", "/channel"))
    assert 6 in ids(bo.as_("tim").data("GET", "/channel"))


def test_users_lookups_and_unknown(bo):
    """Seed "Retrieve a List of Users" (?name=, ?email=) and "Retrieve a User"."""
    assert bo.data("GET", "/user", params={"name": "Nobody Here"}) == []
    assert bo.data("GET", "/user", params={"email": "nobody@testco.com"}) == []
    assert bo.data("GET", "/user/me")["id"] == 38
    error_of(bo.get("/user/999"), 404)


# --- Webhooks ---------------------------------------------------------------------------------

@pytest.mark.parametrize("body", [
    {"signing": "provided"},                          # "When signing is set to "provided", the secret field is required."
    {"signing": "sometimes"},                         # signing "can be one of the following values"
    {"events": "basicops:task:archived"},             # "Action can be one of the following: created, updated, deleted."
    {"events": "basicops:task:created,basicops:comment:created"},  # collections task, project, section, note, user
], ids=["provided-without-secret", "bad-signing", "bad-action", "bad-collection"])
def test_webhook_create_validation(bo, body):
    before = bo.data("GET", "/webhook")
    full = {"name": "probe", "url": "http://127.0.0.1:9/hook", "events": "basicops:task:created", **body}
    error_of(bo.post("/webhook", json=full), 400)
    assert bo.data("GET", "/webhook") == before


def test_webhook_default_signing_is_none(bo):
    """Seed: ""none" — No signing (default)."; only "generate" returns a secret."""
    created = bo.data("POST", "/webhook", json={"name": "p", "url": "http://127.0.0.1:9/h",
                                                "events": "basicops:task:created", "excludeDetails": True})
    assert "Secret" not in created and "secret" not in created
    got = bo.data("GET", f"/webhook/{created['id']}")
    assert got["ExcludeDetails"] is True and got["Events"] == "basicops:task:created"


def test_a_section_webhook_fires_only_for_that_section(bo, deliveries):
    """Seed: the create body takes "section"; project "If specified, the webhook will be activated only
    for objects within the project." (the same reading for a section)."""
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:task:updated",
                                                 "project": 6, "section": 2})["id"]
        bo.patch("/task/73", json={"title": "in section 1"})
        bo.patch("/task/77", json={"title": "in section 2"})
        done = deliveries.wait(state="delivered", webhook=hook)
        time.sleep(0.1)
        assert len(done) == 1 and len(srv.received) == 1
        assert json.loads(srv.received[0].body)["events"][0]["records"][0]["id"] == 77


def test_a_deleted_project_reaches_its_webhook_in_the_documented_payload(bo, deliveries):
    """Seed "Executing the Webhook": {"events": [{"timestamp", "event", "user": {...}, "records": [...]}]}."""
    pid = bo.data("POST", "/project", json={"title": "Short-lived"})["id"]
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:project:deleted"})["id"]
        bo.data("DELETE", f"/project/{pid}")
        deliveries.wait(state="delivered", webhook=hook)
        got = srv.wait_for(1)[0]
    event = json.loads(got.body)["events"][0]
    assert event["event"] == "basicops:project:deleted" and STAMP.match(event["timestamp"])
    assert {"firstName", "lastName", "roles", "id", "email"} <= set(event["user"]) and event["user"]["id"] == 38
    assert event["records"][0]["id"] == pid


# --- Bulk, files, links, common fields --------------------------------------------------------

def test_bulk_tasks_create_and_update(bo):
    """Seed: "An item that includes an id field will be updated; an item without one will be created."""
    got = bo.data("POST", "/task/bulk", json={"items": [{"title": "Task A", "project": 6},
                                                        {"id": 73, "title": "Updated Task B"}]})
    assert got["updated"] == [73] and len(got["created"]) == 1
    assert bo.data("GET", "/task/73")["title"] == "Updated Task B"
    assert bo.data("GET", f"/task/{got['created'][0]}")["project"]["id"] == 6


def test_bulk_templates_through_project_bulk(bo):
    """Seed "Bulk Create or Update Templates": POST /v1/project/bulk {"title", "isTemplate": true}."""
    got = bo.data("POST", "/project/bulk", json={"items": [{"title": "Template A", "isTemplate": True}]})
    new = got["created"][0]
    assert new in ids(bo.data("GET", "/project", params={"istemplate": "true"}))
    assert new not in ids(bo.data("GET", "/project"))


def test_bulk_sections_and_notes(bo):
    """Seed "Bulk Create or Update Sections" / "Notes": {"created": [...], "updated": [...]}."""
    got = bo.data("POST", "/section/bulk", json={"items": [{"name": "Section A", "project": 6}]})
    assert got["updated"] == [] and bo.data("GET", f"/section/{got['created'][0]}")["name"] == "Section A"
    got = bo.data("POST", "/note/bulk", json={"items": [{"name": "Note A", "project": 6}]})
    assert got["created"][0] in ids(bo.data("GET", "/project/6/notes"))


def test_task_attachment_download_headers(bo):
    """Seed "Download an Attachment from a Task": 200, Content-Disposition: attachment;
    filename="...", Content-Length."""
    resp = bo.get("/task/73/attachments/8dMfbZuoDwmxVvx0W2rbWA%3D%3D")
    assert resp.status_code == 200
    assert resp.headers["Content-Disposition"] == 'attachment; filename="002.jpg"'
    assert resp.headers["Content-Length"] == str(len(resp.content)) == "25768"


def test_attachment_url_downloads_the_file(bo):
    """Seed "Get an Attachment Download URL": "a pre-signed URL that can be used to download the
    attachment directly"."""
    url = bo.data("GET", "/attachment/8dMfbZuoDwmxVvx0W2rbWA==/url")["url"]
    resp = bo.anon().get(url)
    assert resp.status_code == 200 and resp.content[:2] == b"\xff\xd8"
    error_of(bo.get("/attachment/AAAAAAAAAAAAAAAAAAAAAA==/url"), 404)


def test_link_endpoints_for_messages_and_replies(bo):
    """Seed: "GET .../message/<message-id>/link", ".../reply/<reply-id>/link" return {"url": ...}."""
    for path in ("/message/dm1/link", "/reply/dr1/link", "/note/1/link"):
        got = bo.data("GET", path)
        assert set(got) == {"url"} and got["url"].startswith("http")
    error_of(bo.get("/reply/dr999/link"), 404)


@pytest.mark.parametrize("path, body", [
    ("/section", {"name": "S", "project": 6}),
    ("/note", {"name": "N", "project": 6}),
    ("/timetracking", {"task": 73, "time": 60, "startTime": "2024-04-01T00:00:00.000Z"}),
    ("/groupchat", {"name": "G", "users": [25, 41]}),
    ("/channel", {"name": "c", "isPublic": True, "users": [25]}),
    ("/message/dm1/reply", {"message": "r"}),
])
def test_create_answers_id_view_url_and_bounce_url(bo, path, body):
    """Seed "Common Response Fields": create returns "the id of the created or updated record, and
    typically also ... viewUrl ... bounceUrl"."""
    got = bo.data("POST", path, json=body)
    assert set(got) == {"id", "viewUrl", "bounceUrl"}
    assert got["viewUrl"].startswith("http") and got["bounceUrl"].startswith("http")


# --- Second pass: edges ------------------------------------------------------------------------

def test_project_dates_take_a_bare_date_and_refuse_garbage(bo):
    """Seed: dueDate "Project due date (date)", shown as "2018-08-01T07:00:00.000Z"."""
    pid = bo.data("POST", "/project", json={"title": "Dated", "dueDate": "2018-08-01T07:00:00.000Z",
                                            "startDate": "2018-01-01T07:00:00.000Z"})["id"]
    got = bo.data("GET", f"/project/{pid}")
    assert (got["dueDate"], got["startDate"]) == ("2018-08-01T07:00:00.000Z", "2018-01-01T07:00:00.000Z")
    error_of(bo.patch(f"/project/{pid}", json={"dueDate": "next tuesday"}), 400)
    assert bo.data("GET", f"/project/{pid}")["dueDate"] == "2018-08-01T07:00:00.000Z"


def test_project_team_of_unknown_users_is_refused(bo):
    """Seed: team "List of identifiers of the users who are on the project team"."""
    error_of(bo.patch("/project/6", json={"team": [38, 999]}), 400)
    assert bo.data("GET", "/project/6")["team"] == [38, 25]


def test_project_create_from_a_project_that_is_not_a_template(bo):
    """Seed: "template": ID of project template."""
    error_of(bo.post("/project", json={"title": "x", "template": 6}), 400)
    error_of(bo.post("/project", json={"title": "x", "template": 999}), 400)


def test_section_state_is_open_or_complete(bo):
    """Seed examples: section state "Open" / "Complete" (research 4.3)."""
    sid = bo.data("POST", "/section", json={"name": "S", "project": 6, "state": "Open"})["id"]
    assert bo.patch(f"/section/{sid}", json={"state": "Complete"}).status_code == 200
    assert bo.data("GET", f"/section/{sid}")["state"] == "Complete"
    error_of(bo.patch(f"/section/{sid}", json={"state": "Closed"}), 400)


def test_section_of_an_unknown_project_is_refused(bo):
    """Seed "Create a Section": "project": 6."""
    error_of(bo.post("/section", json={"name": "S", "project": 999}), 400)


def test_task_archived_combined_with_a_filter(bo):
    """Seed: "Pass ?archived=true to retrieve archived tasks instead" (+ task filters)."""
    assert ids(bo.data("GET", "/task", params={"archived": "true", "project": "6"})) == [76]
    assert ids(bo.data("GET", "/task", params={"archived": "true", "project": "8"})) == []


def test_task_section_of_another_project_is_refused(bo):
    """Seed: a task's section "Identifier of the section the task belongs to"; sections group tasks
    "within a project"."""
    error_of(bo.post("/task", json={"title": "x", "project": 6, "section": 3}), 400)


def test_task_patch_null_clears_the_project(bo):
    """Seed: project "null if it doesn't belong to a project"."""
    assert bo.patch("/task/80", json={"project": None}).status_code == 200
    got = bo.data("GET", "/task/80")
    assert got["project"] is None and got["section"] is None


def test_deleting_a_project_takes_its_tasks(bo):
    """Seed: "Projects ... contain Sections ... and Tasks"."""
    bo.data("DELETE", "/project/8")
    assert 80 not in ids(bo.data("GET", "/task"))
    error_of(bo.get("/task/80"), 404)
    error_of(bo.get("/section/3"), 404)


def test_time_is_computed_from_start_and_end(bo):
    """Seed: time "Integer denoting the number of seconds for the entry"."""
    eid = bo.data("POST", "/timetracking", json={"task": 73, "startTime": "2024-04-01T00:00:00.000Z",
                                                 "endTime": "2024-04-01T00:30:00.000Z"})["id"]
    got = bo.data("GET", f"/timetracking/{eid}")
    assert got["time"] == 1800 and got["project"]["id"] == 6


def test_time_entry_unknown_user_is_refused(bo):
    """Seed: user "Identifier of the user for the entry"."""
    error_of(bo.post("/timetracking", json={"task": 73, "user": 999, "time": 60,
                                            "startTime": "2024-04-01T00:00:00.000Z"}), 400)


def test_a_deleted_message_takes_its_replies(bo):
    """Seed: "Replies are threaded responses to messages"."""
    rid = bo.data("POST", "/message/dm2/reply", json={"message": "r"})["id"]
    assert bo.delete("/message/dm2").json() == {"success": True}
    error_of(bo.get(f"/reply/{rid}/reaction"), 404)
    error_of(bo.put(f"/reply/{rid}", json={"message": "x"}), 404)


def test_reactions_of_two_users(bo):
    """Seed "List Reactions on a Message": items {"reaction", "user"}."""
    bo.as_("tim").post("/message/dm1/reaction", json={"reaction": "👍"})
    got = bo.data("GET", "/message/dm1/reaction")
    assert {"reaction": "👍", "user": 38} in got and {"reaction": "👍", "user": 25} in got


def test_reply_put_keeps_listed_attachments(bo):
    """Seed "Update a Reply": "If you want to keep existing attachments, include their identifiers"."""
    aid = upload(bo)
    rid = bo.data("POST", "/message/dm1/reply", json={"message": "f", "attachments": [aid]})["id"]
    kept = [r for r in bo.data("GET", "/message/dm1/reply") if r["id"] == rid][0]["attachments"]
    assert len(kept) == 1
    keep_id = kept[0]["Id"] if isinstance(kept[0], dict) else kept[0]
    assert bo.put(f"/reply/{rid}", json={"message": "g", "attachments": [keep_id]}).json() == {"success": True}
    again = [r for r in bo.data("GET", "/message/dm1/reply") if r["id"] == rid][0]
    assert again["message"] == "g" and len(again["attachments"]) == 1


def test_chat_with_an_unknown_user_is_refused(bo):
    """Seed: chat user "Identifier of the other user in the chat"."""
    error_of(bo.post("/chat", json={"user": 999}), 400)


def test_group_chat_creator_is_a_member(bo):
    """Seed: "Group chats are conversations between multiple users"."""
    gid = bo.data("POST", "/groupchat", json={"name": "G", "users": [25, 41]})["id"]
    got = [g for g in bo.data("GET", "/groupchat") if g["id"] == gid][0]
    assert set(got["users"]) == {38, 25, 41}
    assert gid in ids(bo.as_("maria").data("GET", "/groupchat"))


def test_webhook_unknown_eid_and_bad_url(bo):
    """Seed: "The EId is used to refer to the webhook in other REST API methods."; url required."""
    error_of(bo.get("/webhook/00000000-0000-0000-0000-000000000000"), 404)
    error_of(bo.put("/webhook/00000000-0000-0000-0000-000000000000", json={"name": "x"}), 404)
    error_of(bo.delete("/webhook/00000000-0000-0000-0000-000000000000"), 404)
    error_of(bo.post("/webhook", json={"name": "x", "events": "basicops:task:created"}), 400)
    error_of(bo.post("/webhook", json={"name": "x", "url": "ftp://h/x", "events": "basicops:task:created"}), 400)


def test_webhook_project_must_exist(bo):
    """Seed: "The project field is optional. If specified, ... objects within the project."""
    error_of(bo.post("/webhook", json={"url": "http://127.0.0.1:9/h", "events": "basicops:task:created",
                                       "project": 999}), 400)


def test_webhook_put_generate_returns_a_new_secret(bo):
    """Seed: ""generate" — BasicOps will generate a secret, which is returned in the result."""
    eid = bo.data("POST", "/webhook", json={"url": "http://127.0.0.1:9/h", "events": "basicops:task:created"})["id"]
    got = bo.data("PUT", f"/webhook/{eid}", json={"signing": "generate"})
    assert isinstance(got.get("Secret"), str) and got["Secret"]


def test_bulk_exactly_one_hundred_items_is_allowed(bo):
    """Seed: "Bulk operations allow creating or updating up to 100 objects in a single request."""
    got = bo.data("POST", "/note/bulk", json={"items": [{"name": f"n{i}", "project": 6} for i in range(100)]})
    assert len(got["created"]) == 100 and got["updated"] == []


def test_uploadurl_needs_a_url(bo):
    """Seed "Upload a File via URL": {"url": ...}."""
    error_of(bo.post("/uploadurl", json={}), 400)


def test_download_an_unknown_attachment(bo):
    """Seed "Download an Attachment": GET /v1/attachment/<attachment-id>/download."""
    error_of(bo.get("/attachment/AAAAAAAAAAAAAAAAAAAAAA==/download"), 404)
    error_of(bo.get("/task/73/attachments/AAAAAAAAAAAAAAAAAAAAAA=="), 404)


def test_an_uploaded_file_downloads_with_its_name(bo):
    """Seed "Download an Attachment": Content-Disposition, Content-Length, Content-Type."""
    aid = upload(bo, "hello.txt", b"hello world")
    resp = bo.get(f"/attachment/{aid}/download")
    assert resp.status_code == 200 and resp.content == b"hello world"
    assert resp.headers["Content-Disposition"] == 'attachment; filename="hello.txt"'
    assert resp.headers["Content-Length"] == "11" and resp.headers["Content-Type"].startswith("text/plain")


# --- Third pass: wrong types are the API's 400, never a crash -----------------------------------

WRONG_TYPES = [
    ("POST", "/project", [1, 2]),
    ("POST", "/project", "just a string"),
    ("POST", "/project", {"title": 5}),
    ("POST", "/project", {"title": "x", "team": 38}),
    ("POST", "/project", {"title": "x", "owner": "alex"}),
    ("POST", "/project", {"title": "x", "dueDate": 20180801}),
    ("POST", "/project", {"title": "x", "isTemplate": "maybe"}),
    ("PATCH", "/project/6", {"status": ["On Track"]}),
    ("POST", "/section", {"name": ["S"], "project": 6}),
    ("POST", "/section", {"name": "S", "project": {"id": 6}}),
    ("POST", "/task", {"title": "x", "assignee": [38]}),
    ("POST", "/task", {"title": "x", "parent": "abc"}),
    ("POST", "/task", {"title": "x", "attachments": "8dMfbZuoDwmxVvx0W2rbWA=="}),
    ("PATCH", "/task/73", {"dueDate": {"when": "now"}}),
    ("POST", "/task/73/review/request", {"reviewers": 25}),
    ("POST", "/task/73/dependency", {"dependsOnTask": "seventy"}),
    ("POST", "/task/73/dependency", {"dependsOnTask": 74, "type": 5}),
    ("POST", "/timetracking", {"task": 73, "time": "an hour"}),
    ("POST", "/timetracking", {"task": 73, "time": 1.5, "startTime": "2024-04-01T00:00:00.000Z"}),
    ("PATCH", "/timetracking/7", {"startTime": True}),
    ("POST", "/note", {"name": "n", "actionItems": "do it"}),
    ("POST", "/note", {"name": "n", "participants": [5]}),
    ("POST", "/note", {"name": "n", "actionItems": [{"addAsTask": True}]}),
    ("POST", "/task/73/message", {"message": "m", "attachments": [5]}),
    ("POST", "/task/73/message", {"message": {"text": "m"}}),
    ("POST", "/message/dm1/reaction", {"reaction": 5}),
    ("POST", "/chat", {"user": "tim"}),
    ("POST", "/groupchat", {"name": "g", "users": "25,41"}),
    ("POST", "/channel", {"name": "c", "isPublic": "yes please"}),
    ("POST", "/channel", {"name": "c", "users": [25, "x"]}),
    ("POST", "/webhook", {"url": "http://127.0.0.1:9/h", "events": 5}),
    ("POST", "/webhook", {"url": "http://127.0.0.1:9/h", "events": "basicops:task:created", "excludeDetails": "sometimes"}),
    ("POST", "/project/bulk", {"items": {"title": "A"}}),
    ("POST", "/task/bulk", {"items": ["Task A"]}),
    ("POST", "/task/bulk", {"items": [{"id": "seventy-three", "title": "x"}]}),
    ("POST", "/uploadurl", {"url": 5}),
]


@pytest.mark.parametrize("method, path, body", WRONG_TYPES, ids=[f"{m} {p} {json.dumps(b)[:40]}" for m, p, b in WRONG_TYPES])
def test_a_value_of_the_wrong_type_is_a_400(bo, method, path, body):
    """Seed: each field's type (String, integer identifiers, date, list of identifiers, Boolean); a
    bad body is the API's error envelope (research §3), never a crash."""
    error_of(bo.request(method, path, json=body), 400)


@pytest.mark.parametrize("path", ["/project/99999999999999999999999", "/project/-1", "/project/abc",
                                  "/task/1e3", "/timetracking/0", "/message/%00", "/section/1.5"])
def test_odd_ids_in_the_path_are_not_found(bo, path):
    """Seed: "Most record identifiers in the API are integers"."""
    error_of(bo.get(path), 404)


# --- Fourth pass: events and timestamps of indirect changes -------------------------------------

def events_of(srv, count: int) -> list[str]:
    return [e["event"] for r in srv.wait_for(count) for e in json.loads(r.body)["events"]]


def test_bulk_creates_and_updates_raise_their_webhook_events(bo, deliveries):
    """Seed: each bulk item "follows the same field structure as the corresponding single
    create/update endpoint"; webhooks fire "When the registered webhook event happens"."""
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url,
                                                 "events": "basicops:task:created,basicops:task:updated"})["id"]
        bo.data("POST", "/task/bulk", json={"items": [{"title": "Task A", "project": 6},
                                                      {"id": 73, "title": "Updated Task B"}]})
        done = deliveries.wait(count=2, state="delivered", webhook=hook)
        assert len(done) == 2
        assert sorted(events_of(srv, 2)) == ["basicops:task:created", "basicops:task:updated"]


def test_a_review_request_raises_a_task_update(bo, deliveries):
    """Seed: a review request moves the task (to "Under Review"); "basicops:task:updated"."""
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:task:updated"})["id"]
        bo.post("/task/73/review/request", json={"reviewers": [25]})
        assert len(deliveries.wait(state="delivered", webhook=hook)) == 1
        record = json.loads(srv.wait_for(1)[0].body)["events"][0]["records"][0]
        assert record["id"] == 73 and record["status"] == "Under Review"


def test_a_meeting_note_action_item_task_raises_task_created(bo, deliveries):
    """Seed: "a task will automatically be created"; webhooks on basicops:task:created and note:created."""
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url,
                                                 "events": "basicops:task:created,basicops:note:created"})["id"]
        bo.data("POST", "/note", json={"name": "Meeting", "project": 6,
                                       "actionItems": [{"title": "first action item", "addAsTask": True}]})
        assert len(deliveries.wait(count=2, state="delivered", webhook=hook)) == 2
        assert sorted(events_of(srv, 2)) == ["basicops:note:created", "basicops:task:created"]


def test_an_action_item_without_add_as_task_creates_no_task(bo):
    """Seed: only "If an action item in actionItems has the field addAsTask set to true, a task will
    automatically be created" (the cURL example omits addAsTask)."""
    before = ids(bo.data("GET", "/project/6/tasks"))
    nid = bo.data("POST", "/note", json={"name": "M", "project": 6, "summary": "The summary",
                                         "actionItems": [{"title": "first action item"}]})["id"]
    assert ids(bo.data("GET", "/project/6/tasks")) == before
    content = bo.data("GET", f"/note/{nid}")["content"]
    assert "first action item" in content and "The summary" in content


def test_task_and_message_timestamps_follow_updates(bo, frozen):
    """Seed: task updated "The date and time of the last update of the task"; message updated "Date and
    time the message was last updated"."""
    tid = bo.data("POST", "/task", json={"title": "T"})["id"]
    mid = bo.data("POST", f"/task/{tid}/message", json={"message": "m"})["id"]
    frozen.advance(30)
    bo.patch(f"/task/{tid}", json={"status": "Accepted"})
    bo.put(f"/message/{mid}", json={"message": "m2"})
    task, message = bo.data("GET", f"/task/{tid}"), bo.data("GET", f"/message/{mid}")
    assert (task["created"], task["updated"]) == ("2026-03-01T12:00:00.000Z", "2026-03-01T12:00:30.000Z")
    assert (message["created"], message["updated"]) == ("2026-03-01T12:00:00.000Z", "2026-03-01T12:00:30.000Z")


def test_a_review_request_updates_the_task_timestamp(bo, frozen):
    """Seed: task updated "The date and time of the last update of the task"."""
    bo.post("/task/73/review/request", json={"reviewers": [25]})
    assert bo.data("GET", "/task/73")["updated"] == "2026-03-01T12:00:00.000Z"


def test_more_filters_created_updated_start_time(bo):
    """Seed filters: project updated; time tracking startTime; user created."""
    assert ids(bo.data("GET", "/project", params={"updated": "2018-07-01T08:00:00.000Z"})) == [6]
    assert ids(bo.data("GET", "/timetracking", params={"startTime": "2024-04-02T09:00:00.000Z"})) == [8]
    assert ids(bo.data("GET", "/user", params={"created": "2017-06-01T08:00:00.000Z"})) == [25, 38, 41, 44]
    assert bo.data("GET", "/user", params={"created": "2020-01-01T00:00:00.000Z"}) == []
    assert ids(bo.data("GET", "/section", params={"created": "2018-05-21T08:00:00.000Z"})) == [3]


def test_deleting_a_project_takes_its_time_entries_and_notes(bo):
    """Seed: time entries and notes belong to a project ("Notes can be personal or belong to a project")."""
    bo.data("DELETE", "/project/6")
    assert bo.data("GET", "/timetracking", params={"project": "6"}) == []
    error_of(bo.get("/note/1"), 404)
    error_of(bo.get("/message/dm2"), 404)


# --- Fifth pass: request forms a client sends ---------------------------------------------------

def test_json_with_a_charset_is_json(bo):
    """Seed cURL: -H "Content-Type: application/json" (clients often add a charset)."""
    resp = bo.post("/project", data=json.dumps({"title": "Charset ✓"}).encode(),
                   headers={"Content-Type": "application/json; charset=utf-8"})
    assert resp.status_code == 200, resp.text
    assert bo.data("GET", f"/project/{resp.json()['data']['id']}")["title"] == "Charset ✓"


def test_the_bearer_scheme_is_case_insensitive(bo):
    """Seed: "Authorization: Bearer <access-token>" (RFC 7235: the scheme is case-insensitive)."""
    token = bo.headers["Authorization"].split(" ", 1)[1]
    assert bo.with_headers({"Authorization": f"bearer {token}"}).data("GET", "/user/me")["id"] == 38
    error_of(bo.with_headers({"Authorization": f"Basic {token}"}).get("/user/me"), 401)
    error_of(bo.with_headers({"Authorization": "Bearer "}).get("/user/me"), 401)


def test_channel_fields_on_create(bo):
    """Seed: channel isPublic, users, administrators, includeExternalUsers, includeClients."""
    cid = bo.data("POST", "/channel", json={"name": "private-ops", "isPublic": False, "users": [25, 41],
                                            "administrators": [38, 25], "includeExternalUsers": True,
                                            "includeClients": True})["id"]
    got = [c for c in bo.data("GET", "/channel") if c["id"] == cid][0]
    assert got["isPublic"] is False and got["includeExternalUsers"] is True and got["includeClients"] is True
    assert set(got["administrators"]) == {38, 25} and set(got["users"]) >= {38, 25, 41}


def test_time_entry_note_updates(bo):
    """Seed "Update a Time Tracking entry": {"note": "An updated note...", ...}."""
    assert bo.patch("/timetracking/7", json={"note": "An updated note..."}).json() == {"success": True}
    got = bo.data("GET", "/timetracking/7")
    assert got["note"] == "An updated note..." and got["time"] == 3600


def test_task_dependencies_are_listed_on_both_tasks(bo):
    """Seed "List Dependencies of a Task" (dep-1: task 77 depends on 73)."""
    assert "dep-1" in ids(bo.data("GET", "/task/77/dependency"))
    error_of(bo.get("/task/999/dependency"), 404)
    error_of(bo.get("/project/999/dependency"), 404)


def test_a_dependency_with_a_task_of_another_project(bo):
    """Seed: dependencies "link tasks together"; the project list shows those of tasks within it."""
    dep = bo.data("POST", "/task/80/dependency", json={"dependsOnTask": 73})["id"]
    assert dep in ids(bo.data("GET", "/project/8/dependency"))
    got = [d for d in bo.data("GET", "/task/80/dependency") if d["id"] == dep][0]
    assert got == {"id": dep, "task": 80, "dependsOnTask": 73, "type": "finish-to-start"}


# --- Sixth pass: files that look like JSON, and privacy through side doors ---------------------

def test_attaching_a_real_json_file_keeps_its_bytes(bo):
    """Seed "Attach a File to a Task": Content-Type: mime-type, "...binary file content..." (any
    file; a cloud file is the documented {fileName, contentType, cloudType, cloudId} body)."""
    body = b'{"a": 1, "list": [1, 2]}'
    shown = bo.data("POST", "/task/73/attachments", data=body,
                    headers={"Content-Disposition": 'attachment; filename="data.json"',
                             "Content-Type": "application/json"})
    assert shown["FileName"] == "data.json" and shown["Size"] == len(body)
    resp = bo.get(f"/task/73/attachments/{shown['Id']}")
    assert resp.status_code == 200 and resp.content == body


def test_uploading_a_json_file_keeps_its_bytes(bo):
    """Seed "Upload a File": Content-Type: mime-type, "...binary file content..."."""
    body = b'{"fileName": "x.gif", "cloudType": 1}'
    aid = bo.data("POST", "/upload", data=body, headers={"Content-Disposition": 'attachment; filename="c.json"',
                                                          "Content-Type": "application/json"})["id"]
    assert bo.get(f"/attachment/{aid}/download").content == body


def test_bulk_cannot_change_someone_elses_personal_note(bo):
    """Seed: bulk items follow "the same field structure as the corresponding single create/update
    endpoint" (so the same rights: note 2 is Alex's personal note)."""
    resp = bo.as_("tim").post("/note/bulk", json={"items": [{"id": 2, "name": "changed by Tim"}]})
    assert resp.status_code in (400, 403, 404), resp.text
    assert bo.data("GET", "/note/2")["name"] == "My notes"


def test_replies_in_a_private_channel_stay_private(bo):
    """Seed: channels "accessible to team members"; a reply belongs to its message's context."""
    tim, maria = bo.as_("tim"), bo.as_("maria")
    rid = tim.data("POST", "/message/dm6/reply", json={"message": "secret reply"})["id"]
    for method, path, body in (("GET", f"/reply/{rid}/reaction", None), ("POST", f"/reply/{rid}/reaction",
                                                                          {"reaction": "👍"}),
                               ("GET", f"/reply/{rid}/link", None), ("PUT", f"/reply/{rid}", {"message": "x"}),
                               ("DELETE", f"/reply/{rid}", None)):
        resp = maria.request(method, path, json=body) if body else maria.request(method, path)
        assert resp.status_code in (403, 404), (method, path, resp.status_code, resp.text)
    assert [r["message"] for r in tim.data("GET", "/message/dm6/reply")] == ["secret reply"]


def test_a_file_in_a_private_channel_is_not_downloadable_by_outsiders(bo, settings):
    """Seed: channels "accessible to team members"; a private channel's files are part of it (a file
    is readable where the record it is attached to is: 403, or 404 with hide_forbidden).
    Regression: a non-member could download a private channel's files by id."""
    tim, maria = bo.as_("tim"), bo.as_("maria")
    aid = upload(tim, "secret.txt", b"top secret")
    tim.data("POST", "/channel/6/message", json={"message": "file", "attachments": [aid]})
    image = upload(tim, "dot.jpg", bo.get("/attachment/8dMfbZuoDwmxVvx0W2rbWA==/download").content)
    tim.data("POST", "/message/dm6/reply", json={"message": "img", "attachments": [image]})
    for path in (f"/attachment/{aid}/download", f"/attachment/{aid}/url", f"/attachment/{image}/thumbnail/small"):
        error_of(maria.get(path), 403, "Forbidden")
    assert tim.get(f"/attachment/{aid}/download").content == b"top secret"
    assert tim.get(f"/attachment/{image}/thumbnail/small").status_code == 200
    settings(hide_forbidden=True)
    error_of(maria.get(f"/attachment/{aid}/download"), 404, "not found")


def test_files_of_a_personal_note_and_unclaimed_uploads_are_their_owners(bo):
    """Seed: "Notes can be personal"; an upload "returns an attachment identifier that can be used to
    attach the file" (until then it is the uploader's)."""
    aid = upload(bo, "mine.txt", b"mine")
    error_of(bo.as_("tim").get(f"/attachment/{aid}/download"), 403)
    assert bo.patch("/note/2", json={"attachments": [aid]}).status_code == 200
    error_of(bo.as_("tim").get(f"/attachment/{aid}/download"), 403)
    assert bo.get(f"/attachment/{aid}/download").content == b"mine"
    # files of records everyone sees stay everyone's
    assert bo.as_("maria").get("/attachment/8dMfbZuoDwmxVvx0W2rbWA==/download").status_code == 200
    assert bo.as_("maria").get("/attachment/Qm5SdHJ3b2xkZ2VuZGE0MQ==/download").status_code == 200
    assert bo.as_("maria").get("/attachment/PjS6Bj7ZiKra1tL54rpuKw==/download").status_code == 200


def test_a_personal_note_is_not_in_another_users_project_lists(bo):
    """Seed: "Notes can be personal or belong to a project"."""
    assert 2 not in ids(bo.as_("tim").data("GET", "/note", params={"created": "2018-01-06T08:00:00.000Z"}))


# --- Seventh pass --------------------------------------------------------------------------------

def test_a_second_emoji_is_a_second_reaction(bo):
    """Seed: the toggle "adds a reaction if it does not already exist for the current user" (per emoji)."""
    bo.post("/message/dm1/reaction", json={"reaction": "🎉"})
    got = bo.data("GET", "/message/dm1/reaction")
    assert {"reaction": "👍", "user": 38} in got and {"reaction": "🎉", "user": 38} in got


def test_dates_in_other_notations_are_stored_in_utc(bo):
    """Seed: dates shown as "2018-08-01T07:00:00.000Z"."""
    pid = bo.data("POST", "/project", json={"title": "TZ", "dueDate": "2018-08-01T09:00:00+02:00"})["id"]
    assert bo.data("GET", f"/project/{pid}")["dueDate"] == "2018-08-01T07:00:00.000Z"
    eid = bo.data("POST", "/timetracking", json={"task": 73, "startTime": "2024-04-01T02:00:00+02:00",
                                                 "endTime": "2024-04-01T01:00:00Z"})["id"]
    got = bo.data("GET", f"/timetracking/{eid}")
    assert (got["startTime"], got["time"]) == ("2024-04-01T00:00:00.000Z", 3600)


def test_a_project_webhook_ignores_other_projects(bo, deliveries):
    """Seed: "If specified, the webhook will be activated only for objects within the project."""
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:project:updated",
                                                 "project": 8})["id"]
        bo.patch("/project/6", json={"description": "other"})
        bo.patch("/project/8", json={"description": "mine"})
        done = deliveries.wait(state="delivered", webhook=hook)
        time.sleep(0.1)
        assert len(done) == 1 and len(srv.received) == 1
        assert json.loads(srv.received[0].body)["events"][0]["records"][0]["id"] == 8


def test_the_delivery_names_the_user_who_made_the_change(bo, deliveries):
    """Seed "Executing the Webhook": "user": {firstName, lastName, roles, id, email}."""
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:section:created"})["id"]
        bo.as_("tim").data("POST", "/section", json={"name": "By Tim", "project": 6})
        deliveries.wait(state="delivered", webhook=hook)
        event = json.loads(srv.wait_for(1)[0].body)["events"][0]
    assert event["event"] == "basicops:section:created"
    assert (event["user"]["id"], event["user"]["firstName"], event["user"]["email"]) == (25, "Tim", "tim@testco.com")


def test_webhook_put_validates_and_keeps_what_it_had(bo):
    """Seed "Update a Webhook": the same fields as create."""
    eid = bo.data("POST", "/webhook", json={"url": "http://127.0.0.1:9/h", "events": "basicops:task:created"})["id"]
    error_of(bo.put(f"/webhook/{eid}", json={"events": "basicops:task:exploded"}), 400)
    error_of(bo.put(f"/webhook/{eid}", json={"url": "not a url"}), 400)
    got = bo.data("GET", f"/webhook/{eid}")
    assert (got["Events"], got["Url"]) == ("basicops:task:created", "http://127.0.0.1:9/h")


def test_an_archived_project_moves_between_the_lists(bo):
    """Seed: "By default, only active (non-archived) projects are returned. Pass ?archived=true to
    retrieve archived projects instead." (archiving by PATCH: docs/basicops.md)."""
    assert bo.patch("/project/8", json={"archived": True}).status_code == 200
    assert 8 not in ids(bo.data("GET", "/project"))
    assert 8 in ids(bo.data("GET", "/project", params={"archived": "true"}))
    assert bo.data("GET", "/project/8")["id"] == 8


def test_user_list_lookup_by_name_of_a_deactivated_user(bo):
    """Seed: email "null if the user is deactivated"; "?name=<first and last name>"."""
    got = bo.data("GET", "/user", params={"name": "Sam Reed"})
    assert ids(got) == [44] and got[0]["email"] is None


REQUIRED_CLEARED = [
    ("POST", "/project", {"title": "   "}),
    ("PATCH", "/project/6", {"title": None}),
    ("PATCH", "/project/6", {"status": None}),
    ("PATCH", "/task/73", {"title": None}),
    ("PATCH", "/task/73", {"status": None}),
    ("PATCH", "/section/1", {"name": None}),
    ("PATCH", "/note/1", {"name": None}),
    ("PATCH", "/channel/5", {"name": None}),
    ("PUT", "/message/dm2", {"message": None}),
    ("PUT", "/message/dm2", {"message": "   "}),
    ("POST", "/project", None),
]


@pytest.mark.parametrize("method, path, body", REQUIRED_CLEARED,
                         ids=[f"{m} {p} {json.dumps(b)}" for m, p, b in REQUIRED_CLEARED])
def test_a_required_field_cannot_be_blank_or_cleared(bo, method, path, body):
    """Seed: title "(String, required)", name "String (required)", message "(String, required)", status
    "must be one of the following values"."""
    readable = method != "POST" and not path.startswith(("/message", "/channel"))  # no GET /channel/<id>
    before = bo.data("GET", path) if readable else None
    resp = bo.request(method, path, data=b"null", headers={"Content-Type": "application/json"}) if body is None \
        else bo.request(method, path, json=body)
    error_of(resp, 400)
    if before is not None:
        assert bo.data("GET", path) == before


# --- Eighth pass: a refused request leaves nothing behind ----------------------------------------

def test_a_refused_meeting_note_creates_no_action_item_task(bo):
    """Seed: addAsTask creates a task; a refused note (its project names nothing) must not."""
    before = ids(bo.data("GET", "/task"))
    error_of(bo.post("/note", json={"name": "M", "project": 999,
                                    "actionItems": [{"title": "orphan item", "addAsTask": True}]}), 400)
    assert ids(bo.data("GET", "/task")) == before


def test_a_refused_message_does_not_use_up_its_upload(bo):
    """Seed: "The identifier can only be used once" (a refused request has not used it)."""
    aid = upload(bo)
    before = ids(bo.data("GET", "/task/73/message"))
    error_of(bo.post("/task/73/message", json={"message": "", "attachments": [aid]}), 400)
    assert ids(bo.data("GET", "/task/73/message")) == before
    bo.data("POST", "/task/73/message", json={"message": "now", "attachments": [aid]})


def test_a_refused_task_does_not_use_up_its_upload(bo):
    """Seed: "The identifier can only be used once"."""
    aid = upload(bo)
    error_of(bo.post("/task", json={"title": "t", "status": "Nope", "attachments": [aid]}), 400)
    tid = bo.data("POST", "/task", json={"title": "t", "attachments": [aid]})["id"]
    assert len(bo.data("GET", f"/task/{tid}")["attachments"]) == 1


def test_a_review_request_with_one_bad_reviewer_changes_nothing(bo):
    """Seed: "Sends a review request to one or more users"."""
    error_of(bo.post("/task/73/review/request", json={"reviewers": [25, 999]}), 400)
    assert bo.data("GET", "/task/73")["status"] == "Accepted"
    error_of(bo.post("/task/73/review/submit", json={}), 400)


def test_a_refused_template_copy_leaves_nothing(bo):
    """Seed: "template": ID of project template; a refused create copies nothing."""
    before = (ids(bo.data("GET", "/task")), ids(bo.data("GET", "/section")), ids(bo.data("GET", "/note")))
    error_of(bo.post("/project", json={"title": "x", "template": 12, "status": "Bad"}), 400)
    assert (ids(bo.data("GET", "/task")), ids(bo.data("GET", "/section")), ids(bo.data("GET", "/note"))) == before


def test_a_template_copy_copies_its_tasks(bo):
    """Seed: "template": ID of project template."""
    pid = bo.data("POST", "/project", json={"title": "From template", "template": 12})["id"]
    titles = sorted(t["title"] for t in bo.data("GET", f"/project/{pid}/tasks"))
    assert titles == ["Build pages", "Define sitemap", "Kickoff meeting"]
    assert sorted(s["name"] for s in bo.data("GET", f"/project/{pid}/sections")) == ["Build", "Planning"]
    assert bo.data("GET", f"/project/{pid}")["isTemplate"] in (None, False)


def test_ids_of_another_account_name_nothing(bo):
    """Accounts are separate companies (the webhook's "CompanyId"): testco's ids name nothing for
    globex's Hank, in paths and in bodies alike."""
    hank = bo.as_("hank")
    aid = upload(bo)
    error_of(hank.get("/attachment/8dMfbZuoDwmxVvx0W2rbWA==/download"), 404)
    error_of(hank.get(f"/attachment/{aid}/url"), 404)
    error_of(hank.post("/task", json={"title": "x", "assignee": 38}), 400)
    error_of(hank.post("/task/1/dependency", json={"dependsOnTask": 73}), 400)
    error_of(hank.post("/task/1/message", json={"message": "x", "attachments": [aid]}), 400)
    error_of(hank.post("/webhook", json={"url": "http://127.0.0.1:9/h", "events": "basicops:task:created",
                                         "project": 6}), 400)
    error_of(hank.get("/webhook/7f646881-2f1d-4266-a071-cbd3b0b0bfca"), 404)
    bo.data("POST", "/task/73/message", json={"message": "still mine", "attachments": [aid]})


def test_every_download_url_handed_out_downloads(bo):
    """Seed: attachments show "DownloadURL" and "ThumbnailURL" (tasks, notes; messages and replies
    carry "Attached files" too)."""
    jpeg = bo.get("/attachment/8dMfbZuoDwmxVvx0W2rbWA==/download").content
    mid = bo.data("POST", "/task/73/message", json={"message": "m", "attachments": [upload(bo, "m.jpg", jpeg)]})["id"]
    rid = bo.data("POST", f"/message/{mid}/reply", json={"message": "r", "attachments": [upload(bo, "r.jpg", jpeg)]})["id"]
    shown = [*bo.data("GET", f"/message/{mid}")["attachments"],
             *[r for r in bo.data("GET", f"/message/{mid}/reply") if r["id"] == rid][0]["attachments"],
             *bo.data("GET", "/note/1")["attachments"], *bo.data("GET", "/task/73")["attachments"]]
    assert len(shown) == 5
    for att in shown:
        resp = bo.get(att["DownloadURL"])
        assert resp.status_code == 200 and int(resp.headers["Content-Length"]) == att["Size"], att
        if att["ThumbnailURL"]:
            assert bo.get(att["ThumbnailURL"]).status_code == 200, att


def test_webhook_user_events_and_a_section_only_scope_are_accepted(bo):
    """Seed: collections "task, project, section, note, user"; the body's "section"."""
    eid = bo.data("POST", "/webhook", json={"url": "http://127.0.0.1:9/h", "section": 2,
                                            "events": "basicops:user:created,basicops:user:updated,"
                                                      "basicops:user:deleted,basicops:note:deleted"})["id"]
    assert bo.data("GET", f"/webhook/{eid}")["Events"].count("basicops:user:") == 3


def test_a_personal_note_reaches_only_its_owners_webhooks(bo, deliveries):
    """Seed: "Notes can be personal or belong to a project" (a personal note is its owner's alone);
    a webhook has a "UserId". Regression: another user's webhook received a personal note's content."""
    with receiver() as srv:
        tims = bo.as_("tim").data("POST", "/webhook", json={"url": f"{srv.url}/tim",
                                                            "events": "basicops:note:created,basicops:note:updated"})["id"]
        alexs = bo.data("POST", "/webhook", json={"url": f"{srv.url}/alex", "events": "basicops:note:created"})["id"]
        nid = bo.data("POST", "/note", json={"name": "Diary", "content": "private"})["id"]
        mine = deliveries.wait(state="delivered", webhook=alexs)
        assert len(mine) == 1 and mine[0]["request"]["body"]["events"][0]["records"][0]["content"] == "private"
        bo.patch(f"/note/{nid}", json={"project": 6})  # now a project note: everyone's
        shared = deliveries.wait(state="delivered", webhook=tims)
        time.sleep(0.1)
        assert [d["event"] for d in shared] == ["basicops:note:updated"]
        assert [r.path for r in srv.received].count("/tim") == 1


def test_a_new_section_is_open_with_no_end_date_by_default(bo):
    """Seed "Create a Section": the cURL sends only {"name", "project"} (the examples' states are "Open"
    and "Complete"; a new section is open)."""
    sid = bo.data("POST", "/section", json={"name": "Next release", "project": 6})["id"]
    got = bo.data("GET", f"/section/{sid}")
    assert (got["name"], got["state"], got["endDate"]) == ("Next release", "Open", None)
    assert got["project"]["id"] == 6 and "dueDate" in got["project"]
