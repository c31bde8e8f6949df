"""The list grammar (research §1.4, since the seed's "Filters" section is not public): equality on the
seed's filterable fields, names case-insensitive, booleans in any case, ids as integers, archived and
istemplate scopes, unknown parameters ignored."""
from __future__ import annotations

import pytest

from emulator.apis.basicops import filters

from .support import query

pytestmark = pytest.mark.no_emulator

PROJECTS = [
    {"id": 3, "owner": 38, "isTemplate": False, "archived": False, "dueDate": "2018-08-01T07:00:00.000Z",
     "created": "2018-01-01T08:00:00.000Z"},
    {"id": 1, "owner": 25, "isTemplate": None, "archived": False, "dueDate": None, "created": "2018-01-02T08:00:00.000Z"},
    {"id": 2, "owner": 38, "isTemplate": True, "archived": False, "dueDate": None, "created": "2018-01-01T09:00:00.000Z"},
    {"id": 4, "owner": 38, "isTemplate": False, "archived": True, "dueDate": None, "created": "2018-01-01T08:00:00.000Z"},
]


def ids(resource: str, rows: list[dict], **params: str) -> list:
    return [r["id"] for r in filters.select(resource, rows, query(resource, **params))]


def test_projects_default_to_active_projects_in_id_order():
    """Seed: "By default, only active (non-archived) projects are returned"; isTemplate null or false is a project."""
    assert ids("projects", PROJECTS) == [1, 3]


@pytest.mark.parametrize("name", ["istemplate", "isTemplate", "ISTEMPLATE", "IsTemplate"])
@pytest.mark.parametrize("value", ["true", "True", "TRUE", "1", "yes"])
def test_istemplate_lists_templates_whatever_the_case(name, value):
    assert ids("projects", PROJECTS, **{name: value}) == [2]


@pytest.mark.parametrize("value", ["false", "False", "0"])
def test_istemplate_false_lists_projects(value):
    assert ids("projects", PROJECTS, istemplate=value) == [1, 3]


def test_archived_true_lists_archived_instead():
    """Seed: "Pass ?archived=true to retrieve archived projects instead"."""
    assert ids("projects", PROJECTS, archived="TRUE") == [4]
    assert ids("projects", PROJECTS, archived="false") == [1, 3]


def test_a_boolean_that_is_not_one_is_ignored():
    assert ids("projects", PROJECTS, archived="maybe", istemplate="perhaps") == [1, 3]


def test_ids_compare_as_integers():
    assert ids("projects", PROJECTS, owner="38") == [3]
    assert ids("projects", PROJECTS, OWNER=" 25 ") == [1]


def test_an_id_that_is_not_a_number_matches_nothing():
    assert ids("projects", PROJECTS, owner="alex") == []


@pytest.mark.parametrize("params", [{"limit": "10"}, {"offset": "5"}, {"is_template": "False"},
                                    {"status": "On Track"}, {"nextPage": "abc"}, {"foo": "bar"}])
def test_unknown_parameters_are_ignored(params):
    """Research §1.4: never a 400 for a parameter the seed does not name (mcp-basicops-server sends these)."""
    assert ids("projects", PROJECTS, **params) == [1, 3]


def test_a_bare_date_matches_its_whole_utc_day():
    assert ids("projects", PROJECTS, created="2018-01-01") == [3]
    assert ids("projects", PROJECTS, istemplate="true", created="2018-01-01") == [2]


def test_an_instant_matches_that_instant_in_any_notation():
    assert ids("projects", PROJECTS, dueDate="2018-08-01T07:00:00Z") == [3]
    assert ids("projects", PROJECTS, duedate="2018-08-01T09:00:00+02:00") == [3]
    assert ids("projects", PROJECTS, dueDate="2018-08-01T07:00:01Z") == []


def test_null_matches_an_empty_field():
    assert ids("projects", PROJECTS, dueDate="null") == [1]


def test_an_unreadable_date_matches_nothing():
    assert ids("projects", PROJECTS, dueDate="yesterday") == []


TASKS = [
    {"id": 1, "project": 6, "section": 1, "assignee": 38, "status": "New", "archived": False},
    {"id": 2, "project": 6, "section": None, "assignee": 25, "status": "In Progress", "archived": False},
    {"id": 3, "project": 8, "section": 3, "assignee": 38, "status": "In Progress", "archived": False},
    {"id": 4, "project": 6, "section": 1, "assignee": 38, "status": "Complete", "archived": True},
]


def test_task_filters_combine_as_and():
    assert ids("tasks", TASKS, project="6", assignee="38") == [1]
    assert ids("tasks", TASKS, Status="in progress") == [2, 3]
    assert ids("tasks", TASKS, section="null") == [2]
    assert ids("tasks", TASKS, project="6", archived="true") == [4]


def test_fields_the_seed_does_not_list_are_not_filters():
    """Seed: sections filter on project, created and updated only."""
    rows = [{"id": 1, "project": 6, "state": "Open"}, {"id": 2, "project": 8, "state": "Complete"}]
    assert ids("sections", rows, state="Open") == [1, 2]
    assert ids("sections", rows, project="8") == [2]


def test_a_repeated_parameter_takes_the_last_value():
    q = filters.parse("tasks", [("project", "8"), ("project", "6")])
    assert [r["id"] for r in filters.select("tasks", TASKS, q)] == [1, 2]


def test_other_parameters_are_kept_for_the_endpoint():
    q = query("users", Name="Tim Dalton", includeTaskMessages="TRUE")
    assert q.param("name") == "Tim Dalton"
    assert q.flag("includetaskmessages") is True
