"""Tasks, subtasks, reviews, dependencies and time tracking as domain rules (seed, "Tasks", "Reviews",
"Dependencies", "Time Tracking")."""
from __future__ import annotations

import pytest

from emulator.apis.basicops import dependencies, schemas, tasks, timetracking

from .support import ALEX, MARIA, TIM, account, as_user, fails, query

pytestmark = pytest.mark.no_emulator

TASK_KEYS = ["id", "title", "description", "status", "dueDate", "project", "section", "assignee", "attachments",
             "created", "updated"]


@pytest.fixture
def testco():
    tenant = account()
    with as_user(tenant, ALEX):
        yield tenant


def test_task_nests_project_section_and_assignee_as_the_seed_shows(testco):
    got = tasks.get_task(73)
    assert list(got) == TASK_KEYS
    assert list(got["project"]) == ["dueDate", "description", "id", "title", "status"]
    assert list(got["section"]) == ["endDate", "name", "id", "state"]
    assert list(got["assignee"]) == ["firstName", "lastName", "id", "email", "picture"]
    assert got["assignee"]["picture"].endswith("/user/38/picture/mB1Wqsr7DjnvhagZeIag0w%3D%3D/download")
    assert [a["FileName"] for a in got["attachments"]] == ["002.jpg", "001.jpg"]
    assert list(got["attachments"][0]) == ["Id", "FileName", "Width", "Height", "Created", "Size", "DownloadURL",
                                           "ThumbnailURL"]


def test_project_task_list_nests_short_forms(testco):
    """Seed "Retrieve a List of Tasks from a Project": project {id,title,status}, section {id,name,state},
    assignee {id,firstName,lastName,email}; archived tasks left out."""
    listed = tasks.list_for_project(6, query("tasks"))
    assert [t["id"] for t in listed] == [73, 74, 75, 77]
    assert listed[0]["project"] == {"id": 6, "title": "Corporate website", "status": "On Track"}
    assert listed[0]["section"] == {"id": 1, "name": "Q1", "state": "Complete"}
    assert listed[0]["assignee"] == {"id": 38, "firstName": "Alex", "lastName": "Jackson", "email": "alex@testco.com"}


def test_task_list_hides_archived_and_template_tasks(testco):
    assert [t["id"] for t in tasks.list_tasks(query("tasks"))] == [73, 74, 75, 77, 80, 81]
    assert [t["id"] for t in tasks.list_tasks(query("tasks", archived="True"))] == [76]


def test_subtasks_are_listed_under_their_parent(testco):
    assert [t["id"] for t in tasks.subtasks(73, query("tasks"))] == [74, 75]
    fails(404, "Task not found", tasks.subtasks, 999, query("tasks"))


def test_create_defaults_status_new_and_takes_the_parents_project(testco):
    tid = tasks.create({"title": "Write copy", "parent": 73})["id"]
    got = tasks.get_task(tid)
    assert got["status"] == "New" and got["project"]["id"] == 6
    assert tid in [t["id"] for t in tasks.subtasks(73, query("tasks"))]


def test_a_section_gives_the_task_its_project(testco):
    got = tasks.get_task(tasks.create({"title": "Store texts", "section": 3})["id"])
    assert got["project"]["id"] == 8 and got["section"]["id"] == 3


@pytest.mark.parametrize("status", schemas.TASK_STATUSES)
def test_every_documented_status_is_accepted(testco, status):
    assert tasks.get_task(tasks.create({"title": "t", "status": status})["id"])["status"] == status


@pytest.mark.parametrize("body, message", [
    ({"project": 6}, "title is required"),
    ({"title": "t", "status": "Done"}, "Invalid status"),
    ({"title": "t", "project": 999}, "project: Project 999 not found"),
    ({"title": "t", "section": 3, "project": 6}, "section: Section 3 does not belong to project 6"),
    ({"title": "t", "assignee": 999}, "assignee: User 999 not found"),
    ({"title": "t", "parent": 999}, "parent: Task 999 not found"),
    ({"title": "t", "attachments": ["nope"]}, "attachments: Attachment nope not found"),
])
def test_create_rejects_bad_bodies(testco, body, message):
    fails(400, message, tasks.create, body)


def test_update_moves_a_task_and_drops_the_old_section(testco):
    """Seed "Update a Task": {"project": 8, ...}; section 1 belongs to project 6, so it goes."""
    tasks.update(73, {"description": "Include management profiles", "title": "Company information",
                      "status": "In Progress", "project": 8})
    got = tasks.get_task(73)
    assert got["project"]["id"] == 8 and got["section"] is None and got["status"] == "In Progress"


def test_a_task_cannot_become_its_own_ancestor(testco):
    fails(400, "cannot be its own parent", tasks.update, 73, {"parent": 73})
    fails(400, "task 74 is a subtask of task 73", tasks.update, 73, {"parent": 74})
    tasks.update(77, {"parent": 74})  # a sibling's subtree is fine


def test_delete_removes_the_subtree(testco):
    assert tasks.delete(73)["status"] == "Organization of corporate website deleted"
    for gone in (73, 74, 75):
        fails(404, "Task not found", tasks.get_task, gone)
    assert dependencies.list_for_task(77) == []
    fails(404, "Time tracking entry not found", timetracking.get_entry, 7)


# -- reviews ---------------------------------------------------------------------------------------

def test_review_request_then_submit_moves_the_status(testco):
    tasks.request_review(73, {"reviewers": [TIM, MARIA], "message": "Please review this task"})
    assert tasks.get_task(73)["status"] == "Under Review"
    tasks.submit_review(73, {"message": "Looks good, approved"})
    assert tasks.get_task(73)["status"] == "Reviewed"
    stored = testco.table("reviews").all()
    assert stored[0]["state"] == "submitted" and stored[0]["submitMessage"] == "Looks good, approved"


def test_review_submit_needs_an_open_request(testco):
    fails(400, "No review has been requested", tasks.submit_review, 73, {"message": "ok"})


@pytest.mark.parametrize("body, message", [
    ({}, "reviewers is required"), ({"reviewers": []}, "reviewers is required"),
    ({"reviewers": [999]}, "reviewers: User 999 not found"), ({"reviewers": "25"}, "Invalid reviewers"),
])
def test_review_request_needs_reviewers(testco, body, message):
    fails(400, message, tasks.request_review, 73, body)
    assert tasks.get_task(73)["status"] == "Accepted"


# -- dependencies ----------------------------------------------------------------------------------

def test_dependency_ids_are_strings_and_listed_for_task_and_project(testco):
    created = dependencies.create(74, {"dependsOnTask": 75})
    assert isinstance(created["id"], str) and created["id"].startswith("dep-")
    assert {"id": created["id"], "task": 74, "dependsOnTask": 75, "type": "finish-to-start"} in \
        dependencies.list_for_task(75)
    assert [d["id"] for d in dependencies.list_for_project(6)] == ["dep-1", created["id"]]


@pytest.mark.parametrize("kind", schemas.DEPENDENCY_TYPES)
def test_dependency_types(testco, kind):
    dep = dependencies.create(74, {"dependsOnTask": 75, "type": kind})["id"]
    assert testco.table("dependencies").get(dep)["type"] == kind


@pytest.mark.parametrize("task, body, message", [
    (73, {"dependsOnTask": 73}, "cannot depend on itself"),
    (73, {"dependsOnTask": 77}, "would make a cycle"),
    (77, {"dependsOnTask": 73}, "already depends on task 73"),
    (73, {"dependsOnTask": 999}, "dependsOnTask: Task 999 not found"),
    (73, {}, "dependsOnTask is required"),
    (73, {"dependsOnTask": 74, "type": "sometime"}, "Invalid type"),
])
def test_bad_dependencies_are_rejected(testco, task, body, message):
    fails(400, message, dependencies.create, task, body)
    assert len(testco.table("dependencies")) == 2


def test_a_longer_cycle_is_rejected(testco):
    dependencies.create(74, {"dependsOnTask": 77})  # 74 -> 77 -> 73
    fails(400, "would make a cycle", dependencies.create, 73, {"dependsOnTask": 74})


def test_dependency_delete(testco):
    dependencies.delete("dep-1")
    assert dependencies.list_for_task(77) == []
    fails(404, "Dependency not found", dependencies.delete, "dep-1")


# -- time tracking ---------------------------------------------------------------------------------

def test_time_entry_shape(testco):
    got = timetracking.get_entry(7)
    assert list(got) == ["id", "note", "task", "created", "project", "startTime", "endTime", "time", "updated", "user"]
    assert got["task"]["id"] == 73 and got["project"]["id"] == 6 and got["time"] == 3600


def test_time_entry_user_defaults_to_the_token_owner_and_time_is_computed(testco):
    """Seed: "If this is not specified, the user will default to the owner of the access token"."""
    eid = timetracking.create({"task": 80, "startTime": "2024-04-01T00:00:00.000Z",
                               "endTime": "2024-04-01T01:30:00.000Z"})["id"]
    got = timetracking.get_entry(eid)
    assert got["user"] == ALEX and got["time"] == 5400 and got["project"]["id"] == 8


def test_time_entry_end_follows_start_and_time(testco):
    eid = timetracking.create({"project": 6, "startTime": "2024-04-01T00:00:00Z", "time": 600})["id"]
    assert timetracking.get_entry(eid)["endTime"] == "2024-04-01T00:10:00.000Z"


def test_time_entry_update_and_filters(testco):
    timetracking.update(7, {"note": "An updated note...", "endTime": "2024-04-01T02:00:00.000Z", "time": 7200})
    got = timetracking.get_entry(7)
    assert got["note"] == "An updated note..." and got["time"] == 7200
    assert [e["id"] for e in timetracking.list_entries(query("timeentries", task="80"))] == [8]


@pytest.mark.parametrize("body, message", [
    ({"task": 999}, "task: Task 999 not found"),
    ({"task": 80, "project": 6}, "Task 80 does not belong to project 6"),
    ({"user": 999}, "user: User 999 not found"),
    ({"startTime": "2024-04-01T02:00:00Z", "endTime": "2024-04-01T01:00:00Z"}, "endTime must not be before"),
    ({"time": -5}, "Invalid time"),
])
def test_time_entry_rejects_bad_bodies(testco, body, message):
    fails(400, message, timetracking.create, body)


def test_time_entry_delete_answers_activities_only(testco):
    """Seed "Delete a Time Tracking entry": {"activities": [436]}."""
    got = timetracking.delete(7)
    assert list(got) == ["activities"] and isinstance(got["activities"][0], int)
