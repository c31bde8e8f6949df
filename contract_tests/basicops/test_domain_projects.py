"""Projects, templates and sections as domain rules (seed, "Project" and "Sections")."""
from __future__ import annotations

import pytest

from emulator.apis.basicops import dependencies, notes, projects, sections, tasks

from .support import ALEX, account, as_user, fails, query

pytestmark = pytest.mark.no_emulator

PROJECT_KEYS = ["id", "title", "description", "status", "dueDate", "startDate", "owner", "team", "folder",
                "isTemplate", "created", "updated"]


@pytest.fixture
def testco():
    tenant = account()
    with as_user(tenant, ALEX):
        yield tenant


def test_project_has_exactly_the_documented_keys(testco):
    """Seed "Retrieve a Project" plus the data table's isTemplate and folder; nothing else (strict clients)."""
    got = projects.get_project(6)
    assert list(got) == PROJECT_KEYS
    assert got["owner"] == 38 and got["team"] == [38, 25] and got["isTemplate"] is False
    assert got["dueDate"] == "2018-08-01T07:00:00.000Z"


def test_unknown_project_is_404(testco):
    fails(404, "Project not found", projects.get_project, 999)


def test_create_defaults_status_owner_and_team(testco):
    """Seed: status defaults to "On Track", owner "defaults to the current user"."""
    created = projects.create({"title": "Intranet"})
    assert list(created) == ["id", "viewUrl", "bounceUrl"]
    assert isinstance(created["id"], int)
    got = projects.get_project(created["id"])
    assert got["status"] == "On Track" and got["owner"] == ALEX and got["team"] == [ALEX]
    assert got["created"].endswith("Z") and got["created"] == got["updated"]


@pytest.mark.parametrize("body, message", [
    ({}, "title is required"),
    ({"title": "  "}, "title is required"),
    ({"title": 5}, "Invalid title"),
    ({"title": "x", "status": "Done"}, 'Invalid status: must be one of "On Track"'),
    ({"title": "x", "owner": 999}, "owner: User 999 not found"),
    ({"title": "x", "team": [25, 999]}, "team: User 999 not found"),
    ({"title": "x", "dueDate": "next week"}, "Invalid dueDate"),
    ({"title": "x", "template": 6}, "template: Template 6 not found"),
])
def test_create_rejects_bad_bodies_with_400(testco, body, message):
    fails(400, message, projects.create, body)


def test_create_from_a_template_copies_its_structure(testco):
    """Seed: optional "template": ID of project template."""
    pid = projects.create({"title": "Shop launch", "template": 12})["id"]
    got = projects.get_project(pid)
    assert got["isTemplate"] is False and got["description"] == "Sections and tasks every website launch needs."
    assert [s["name"] for s in sections.list_for_project(pid, query("sections"))] == ["Planning", "Build"]
    copied = tasks.list_for_project(pid, query("tasks"))
    assert [t["title"] for t in copied] == ["Kickoff meeting", "Define sitemap", "Build pages"]
    kickoff, sitemap, build = (t["id"] for t in copied)
    assert [t["id"] for t in tasks.subtasks(kickoff, query("tasks"))] == [sitemap]
    assert [(d["task"], d["dependsOnTask"]) for d in dependencies.list_for_project(pid)] == [(build, sitemap)]
    assert [n["name"] for n in notes.list_for_project(pid, query("notes"))] == ["Launch checklist"]
    # the template itself is unchanged
    assert [t["id"] for t in tasks.list_for_project(12, query("tasks"))] == [90, 91, 92]


def test_update_changes_only_what_the_body_names(testco):
    projects.update(6, {"status": "At Risk", "team": [38]})
    got = projects.get_project(6)
    assert got["status"] == "At Risk" and got["team"] == [38] and got["title"] == "Corporate website"
    assert got["updated"] != "2018-07-01T08:00:00.000Z"


def test_update_can_archive_and_clear(testco):
    projects.update(6, {"archived": True, "dueDate": None})
    assert 6 not in [p["id"] for p in projects.list_projects(query("projects"))]
    assert 6 in [p["id"] for p in projects.list_projects(query("projects", archived="true"))]
    assert projects.get_project(6)["dueDate"] is None


def test_update_rejects_an_empty_title(testco):
    fails(400, "title is required", projects.update, 6, {"title": ""})
    assert projects.get_project(6)["title"] == "Corporate website"


def test_delete_answers_status_and_activity_and_takes_children_along(testco):
    """Seed "Delete a Project": {"statusKind": 2, "status": "<name> deleted", "activities": [436]}."""
    first = projects.delete(6)
    assert first["statusKind"] == 2 and first["status"] == "Corporate website deleted"
    assert isinstance(first["activities"][0], int)
    fails(404, "Project not found", projects.get_project, 6)
    assert all(s["project"]["id"] != 6 for s in sections.list_sections(query("sections")))
    assert [t["id"] for t in tasks.list_tasks(query("tasks"))] == [80, 81]
    fails(404, "Task not found", tasks.get_task, 74)
    assert [d["id"] for d in testco.table("dependencies").scan()] == ["dep-2"]  # dep-1 joined two of its tasks
    assert [m["id"] for m in testco.table("messages").scan() if m["context"] in ("task", "project")] == []
    second = projects.delete(8)
    assert second["activities"][0] > first["activities"][0]


def test_link_points_into_the_app(testco):
    assert projects.link(6) == {"url": "https://app.basicops.com/project/6"}


# -- sections --------------------------------------------------------------------------------------

def test_section_nests_the_project_long_and_short(testco):
    """Seed: GET /section/<id> nests {dueDate, description, id, title, status}; /project/<id>/sections
    nests {id, title, status}."""
    got = sections.get_section(1)
    assert list(got) == ["id", "name", "endDate", "state", "project"]
    assert list(got["project"]) == ["dueDate", "description", "id", "title", "status"]
    scoped = sections.list_for_project(6, query("sections"))
    assert [s["id"] for s in scoped] == [1, 2]
    assert scoped[0]["project"] == {"id": 6, "title": "Corporate website", "status": "On Track"}


def test_section_create_needs_name_and_an_existing_project(testco):
    fails(400, "name is required", sections.create, {"project": 6})
    fails(400, "project is required", sections.create, {"name": "Q3"})
    fails(400, "project: Project 999 not found", sections.create, {"name": "Q3", "project": 999})
    fails(400, "Invalid state", sections.create, {"name": "Q3", "project": 6, "state": "Closed"})
    sid = sections.create({"name": "Q3", "project": 6})["id"]
    assert sections.get_section(sid)["state"] == "Open"


def test_moving_a_section_moves_its_tasks(testco):
    sections.update(2, {"project": 8})
    assert sections.get_section(2)["project"]["id"] == 8
    assert tasks.get_task(77)["project"]["id"] == 8


def test_deleting_a_section_keeps_its_tasks(testco):
    assert sections.delete(2)["status"] == "Q2 deleted"
    assert tasks.get_task(77)["section"] is None


def test_sections_list_filters_by_project(testco):
    assert [s["id"] for s in sections.list_sections(query("sections", Project="8"))] == [3]
