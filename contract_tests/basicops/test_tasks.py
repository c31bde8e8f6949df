"""Tasks, subtasks, reviews, dependencies and time tracking through HTTP (seed: "Tasks", "Reviews",
"Dependencies", "Time Tracking")."""
from __future__ import annotations

from .conftest import error_of


def test_retrieve_a_task_as_the_seed_shows_it(bo):
    got = bo.data("GET", "/task/73")
    assert list(got) == ["id", "title", "description", "status", "dueDate", "project", "section", "assignee",
                         "attachments", "created", "updated"]
    assert got["section"] == {"endDate": "2018-03-31T07:00:00.000Z", "name": "Q1", "id": 1, "state": "Complete"}
    assert got["assignee"] == {"firstName": "Alex", "lastName": "Jackson", "id": 38, "email": "alex@testco.com",
                               "picture": f"{bo.base_url}/user/38/picture/mB1Wqsr7DjnvhagZeIag0w%3D%3D/download"}
    first = got["attachments"][0]
    assert first["Id"] == "8dMfbZuoDwmxVvx0W2rbWA%3D%3D" and first["FileName"] == "002.jpg"
    assert (first["Width"], first["Height"]) == (498, 304)
    assert first["DownloadURL"] == f"{bo.base_url}/task/73/attachments/8dMfbZuoDwmxVvx0W2rbWA%3D%3D/download"
    assert first["ThumbnailURL"] == f"{bo.base_url}/task/73/attachments/8dMfbZuoDwmxVvx0W2rbWA%3D%3D/thumbnail/medium"


def test_list_tasks_filters_and_archived(bo):
    assert [t["id"] for t in bo.data("GET", "/task")] == [73, 74, 75, 77, 80, 81]
    assert [t["id"] for t in bo.data("GET", "/task", params={"archived": "true"})] == [76]
    assert [t["id"] for t in bo.data("GET", "/task", params={"assignee": "41"})] == [77, 80]
    assert [t["id"] for t in bo.data("GET", "/task", params={"STATUS": "new", "project": "6"})] == [74]
    assert [t["id"] for t in bo.data("GET", "/task", params={"project": "null"})] == [81]


def test_subtasks(bo):
    """Seed: "parent": ID of parent task; GET /task/<id>/tasks lists the subtasks (short nested forms)."""
    sub = bo.data("POST", "/task", json={"title": "Company info 2", "parent": 73})["id"]
    listed = bo.data("GET", "/task/73/tasks")
    assert [t["id"] for t in listed] == [74, 75, sub]
    assert listed[0]["project"] == {"id": 6, "title": "Corporate website", "status": "On Track"}
    assert listed[0]["assignee"] == {"id": 38, "firstName": "Alex", "lastName": "Jackson", "email": "alex@testco.com"}


def test_create_update_delete_a_task(bo):
    created = bo.data("POST", "/task", json={"dueDate": "2018-08-01T07:00:00.000Z", "section": 1, "project": 6,
                                             "assignee": 38, "title": "Company info", "status": "New"})
    tid = created["id"]
    assert set(created) == {"id", "viewUrl", "bounceUrl"}
    resp = bo.patch(f"/task/{tid}", json={"description": "Include management profiles", "title": "Company information",
                                          "status": "In Progress", "project": 8})
    assert resp.json() == {"success": True}
    got = bo.data("GET", f"/task/{tid}")
    assert (got["title"], got["status"], got["project"]["id"], got["section"]) == (
        "Company information", "In Progress", 8, None)
    assert bo.data("DELETE", f"/task/{tid}")["status"] == "Company information deleted"
    error_of(bo.get(f"/task/{tid}"), 404, "Task not found")


def test_deleting_a_task_deletes_its_subtasks(bo):
    bo.data("DELETE", "/task/73")
    error_of(bo.get("/task/74"), 404, "Task not found")
    assert bo.data("GET", "/task/77/dependency") == []


def test_reviews_move_the_status(bo):
    assert bo.post("/task/73/review/request", json={"reviewers": [25, 41], "message": "Please review this task"}
                   ).json() == {"success": True}
    assert bo.data("GET", "/task/73")["status"] == "Under Review"
    assert bo.as_("tim").post("/task/73/review/submit", json={"message": "Looks good, approved"}
                              ).json() == {"success": True}
    assert bo.data("GET", "/task/73")["status"] == "Reviewed"
    error_of(bo.post("/task/73/review/submit", json={}), 400, "No review has been requested")


def test_dependencies(bo):
    created = bo.data("POST", "/task/74/dependency", json={"dependsOnTask": 75, "type": "finish-to-start"})
    assert isinstance(created["id"], str) and created["id"].startswith("dep-")
    assert {"id": created["id"], "task": 74, "dependsOnTask": 75, "type": "finish-to-start"} in \
        bo.data("GET", "/task/74/dependency")
    error_of(bo.post("/task/75/dependency", json={"dependsOnTask": 74}), 400, "would make a cycle")
    error_of(bo.post("/task/74/dependency", json={"dependsOnTask": 74}), 400, "cannot depend on itself")
    assert bo.delete(f"/dependency/{created['id']}").json() == {"success": True}
    error_of(bo.delete(f"/dependency/{created['id']}"), 404, "Dependency not found")


def test_time_tracking(bo):
    """Seed "Time Tracking": user defaults to the token's owner; delete answers only activities."""
    assert bo.data("GET", "/timetracking/7") == {
        "id": 7, "note": "Note via API",
        "task": {"id": 73, "title": "Organization of corporate website", "status": "Accepted",
                 "dueDate": "2018-08-01T07:00:00.000Z", "description": "<p>Structure, pages and owners.</p>"},
        "created": "2025-09-27T20:17:37.000Z",
        "project": {"dueDate": "2018-08-01T07:00:00.000Z",
                    "description": "Define our presence, define values we want to promote.", "id": 6,
                    "title": "Corporate website", "status": "On Track"},
        "startTime": "2024-04-01T00:00:00.000Z", "endTime": "2024-04-01T01:00:00.000Z", "time": 3600,
        "updated": "2025-09-27T20:17:37.000Z", "user": 38}
    eid = bo.data("POST", "/timetracking", json={"note": "A note...", "project": 6, "task": 73,
                                                "startTime": "2024-04-01T00:00:00.000Z",
                                                "endTime": "2024-04-01T01:00:00.000Z", "time": 3600})["id"]
    assert bo.data("GET", f"/timetracking/{eid}")["user"] == 38
    assert bo.patch(f"/timetracking/{eid}", json={"note": "An updated note...", "endTime": "2024-04-01T02:00:00.000Z",
                                                  "time": 7200}).json() == {"success": True}
    assert bo.data("GET", f"/timetracking/{eid}")["time"] == 7200
    assert [e["id"] for e in bo.data("GET", "/timetracking", params={"task": "73"})] == [7, eid]
    deleted = bo.data("DELETE", f"/timetracking/{eid}")
    assert list(deleted) == ["activities"]
