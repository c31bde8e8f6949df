"""Projects, templates, sections, bulk and links through HTTP (seed: "Project", "Sections", "Bulk
Operations", the link endpoints)."""
from __future__ import annotations

from .conftest import error_of

PROJECT_6 = {
    "id": 6, "title": "Corporate website", "description": "Define our presence, define values we want to promote.",
    "status": "On Track", "dueDate": "2018-08-01T07:00:00.000Z", "startDate": "2018-01-01T07:00:00.000Z",
    "owner": 38, "team": [38, 25], "folder": None, "isTemplate": False,
    "created": "2018-01-01T08:00:00.000Z", "updated": "2018-07-01T08:00:00.000Z",
}


def test_retrieve_a_project(bo):
    """Seed "Retrieve a Project": the example's keys, plus the data table's isTemplate and folder."""
    resp = bo.get("/project/6")
    assert resp.status_code == 200 and resp.json() == {"success": True, "data": PROJECT_6}


def test_list_projects_active_projects_templates_archived(bo):
    assert [p["id"] for p in bo.data("GET", "/project")] == [6, 8]
    assert [p["id"] for p in bo.data("GET", "/project", params={"istemplate": "true"})] == [12]
    assert [p["id"] for p in bo.data("GET", "/project", params={"IsTemplate": "FALSE"})] == [6, 8]
    assert [p["id"] for p in bo.data("GET", "/project", params={"archived": "true"})] == [9]


def test_list_filters_and_ignores_what_the_seed_does_not_name(bo):
    """What mcp-basicops-server sends (research §1.3) answers, with the documented filter applied."""
    got = bo.data("GET", "/project", params={"is_template": "False", "owner": "38", "status": "On Track", "limit": "10"})
    assert [p["id"] for p in got] == [6]
    assert bo.data("GET", "/project", params={"created": "2018-05-20"})[0]["id"] == 8


def test_create_update_delete_a_project(bo):
    created = bo.data("POST", "/project", json={"owner": 38, "description": "Define our presence",
                                                  "dueDate": "2018-08-01T07:00:00.000Z", "title": "Corporate website",
                                                  "status": "On Track"})
    assert set(created) == {"id", "viewUrl", "bounceUrl"} and isinstance(created["id"], int)
    assert created["viewUrl"] == f"https://app.basicops.com/project/{created['id']}"
    pid = created["id"]
    assert bo.patch(f"/project/{pid}", json={"title": "Website 2", "status": "At Risk"}).json() == {"success": True}
    got = bo.data("GET", f"/project/{pid}")
    assert (got["title"], got["status"], got["owner"], got["team"]) == ("Website 2", "At Risk", 38, [38])
    deleted = bo.data("DELETE", f"/project/{pid}")
    assert deleted["statusKind"] == 2 and deleted["status"] == "Website 2 deleted"
    assert len(deleted["activities"]) == 1 and isinstance(deleted["activities"][0], int)
    error_of(bo.get(f"/project/{pid}"), 404, "Project not found")


def test_form_encoded_bodies_are_read_too(bo):
    pid = bo.data("POST", "/project", data={"title": "From a form", "status": "On Hold"})["id"]
    assert bo.data("GET", f"/project/{pid}")["status"] == "On Hold"


def test_create_from_a_template(bo):
    """Seed "Create a Project": optional "template": ID of project template."""
    pid = bo.data("POST", "/project", json={"title": "Shop launch", "template": 12})["id"]
    assert [s["name"] for s in bo.data("GET", f"/project/{pid}/sections")] == ["Planning", "Build"]
    tasks = bo.data("GET", f"/project/{pid}/tasks")
    assert [t["title"] for t in tasks] == ["Kickoff meeting", "Define sitemap", "Build pages"]
    assert [t["id"] for t in bo.data("GET", f"/task/{tasks[0]['id']}/tasks")] == [tasks[1]["id"]]
    assert bo.data("GET", f"/project/{pid}/dependency")[0]["task"] == tasks[2]["id"]
    error_of(bo.post("/project", json={"title": "x", "template": 6}), 400, "template: Template 6 not found")


def test_project_scoped_lists(bo):
    assert [s["id"] for s in bo.data("GET", "/project/6/sections")] == [1, 2]
    assert [t["id"] for t in bo.data("GET", "/project/6/tasks")] == [73, 74, 75, 77]
    assert [t["id"] for t in bo.data("GET", "/project/6/tasks", params={"archived": "true"})] == [76]
    assert [n["id"] for n in bo.data("GET", "/project/6/notes")] == [1]
    assert bo.data("GET", "/project/6/dependency") == [{"id": "dep-1", "task": 77, "dependsOnTask": 73,
                                                       "type": "finish-to-start"}]


def test_sections(bo):
    """Seed "Retrieve a Section": the project nested as {dueDate, description, id, title, status}."""
    assert bo.data("GET", "/section/1") == {
        "id": 1, "name": "Q1", "endDate": "2018-03-31T07:00:00.000Z", "state": "Complete",
        "project": {"dueDate": "2018-08-01T07:00:00.000Z",
                    "description": "Define our presence, define values we want to promote.", "id": 6,
                    "title": "Corporate website", "status": "On Track"}}
    assert [s["id"] for s in bo.data("GET", "/section")] == [1, 2, 3, 4, 5]
    assert [s["id"] for s in bo.data("GET", "/section", params={"project": "8"})] == [3]
    sid = bo.data("POST", "/section", json={"endDate": "2018-09-30T07:00:00.000Z", "name": "Next release",
                                            "project": 6, "state": "Open"})["id"]
    assert bo.patch(f"/section/{sid}", json={"name": "Next release", "project": 8}).status_code == 200
    assert bo.data("GET", f"/section/{sid}")["project"]["id"] == 8
    assert bo.data("DELETE", f"/section/{sid}")["status"] == "Next release deleted"


def test_bulk_create_or_update(bo):
    """Seed "Bulk Operations": an item with an id is updated, one without is created."""
    got = bo.data("POST", "/task/bulk", json={"items": [{"title": "Task A", "project": 6},
                                                        {"id": 73, "title": "Updated Task B"}]})
    assert got["updated"] == [73] and len(got["created"]) == 1
    assert bo.data("GET", "/task/73")["title"] == "Updated Task B"
    assert bo.data("GET", f"/task/{got['created'][0]}")["project"]["id"] == 6
    templates = bo.data("POST", "/project/bulk", json={"items": [{"title": "Template A", "isTemplate": True}]})
    assert templates["created"][0] in [p["id"] for p in bo.data("GET", "/project", params={"istemplate": "true"})]
    assert len(bo.data("POST", "/section/bulk", json={"items": [{"name": "Section A", "project": 6}]})["created"]) == 1
    assert len(bo.data("POST", "/note/bulk", json={"items": [{"name": "Note A", "project": 6}]})["created"]) == 1


def test_bulk_is_all_or_nothing(bo):
    error_of(bo.post("/project/bulk", json={"items": [{"title": "fine"}, {"title": ""}]}), 400, "items[1]")
    assert [p["title"] for p in bo.data("GET", "/project")] == ["Corporate website", "Mobile app"]
    assert bo.data("POST", "/project/bulk", json={"items": [{"title": "x"}] * 100})["created"]


def test_link_endpoints(bo):
    assert bo.data("GET", "/project/6/link") == {"url": "https://app.basicops.com/project/6"}
    assert bo.data("GET", "/task/73/link") == {"url": "https://app.basicops.com/task/73"}
    assert bo.data("GET", "/note/1/link") == {"url": "https://app.basicops.com/note/1"}
    assert bo.data("GET", "/message/dm1/link") == {"url": "https://app.basicops.com/message/dm1"}
    assert bo.data("GET", "/reply/dr1/link") == {"url": "https://app.basicops.com/reply/dr1"}


def test_app_url_is_a_setting(bo, settings):
    settings(app_url="https://testco.basicops.com")
    assert bo.data("GET", "/project/6/link") == {"url": "https://testco.basicops.com/project/6"}
