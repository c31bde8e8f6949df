"""Projects, sections, tasks (subtasks, reviews), dependencies, time tracking, notes, bulk and links
(seed: "Project" to "Notes", "Bulk Operations", the link endpoints)."""
from __future__ import annotations

from typing import Any

from ....core.api import Route
from ....core.openapi import Doc
from .. import answers as a
from .. import bulk, dependencies, notes, projects, schemas, sections, tasks, timetracking
from . import body, list_query, ok

# -- projects --------------------------------------------------------------------------------------


def project_list() -> Any:
    return ok(projects.list_projects(list_query("projects")))


def project_get(project_id: str) -> Any:
    return ok(projects.get_project(project_id))


def project_create() -> Any:
    return ok(projects.create(body()))


def project_update(project_id: str) -> Any:
    projects.update(project_id, body())
    return ok()


def project_delete(project_id: str) -> Any:
    return ok(projects.delete(project_id))


def project_link(project_id: str) -> Any:
    return ok(projects.link(project_id))


def project_sections(project_id: str) -> Any:
    return ok(sections.list_for_project(project_id, list_query("sections")))


def project_tasks(project_id: str) -> Any:
    return ok(tasks.list_for_project(project_id, list_query("tasks")))


def project_notes(project_id: str) -> Any:
    return ok(notes.list_for_project(project_id, list_query("notes")))


def project_dependencies(project_id: str) -> Any:
    return ok(dependencies.list_for_project(project_id))


# -- sections --------------------------------------------------------------------------------------

def section_list() -> Any:
    return ok(sections.list_sections(list_query("sections")))


def section_get(section_id: str) -> Any:
    return ok(sections.get_section(section_id))


def section_create() -> Any:
    return ok(sections.create(body()))


def section_update(section_id: str) -> Any:
    sections.update(section_id, body())
    return ok()


def section_delete(section_id: str) -> Any:
    return ok(sections.delete(section_id))


# -- tasks -----------------------------------------------------------------------------------------

def task_list() -> Any:
    return ok(tasks.list_tasks(list_query("tasks")))


def task_get(task_id: str) -> Any:
    return ok(tasks.get_task(task_id))


def task_subtasks(task_id: str) -> Any:
    return ok(tasks.subtasks(task_id, list_query("tasks")))


def task_create() -> Any:
    return ok(tasks.create(body()))


def task_update(task_id: str) -> Any:
    tasks.update(task_id, body())
    return ok()


def task_delete(task_id: str) -> Any:
    return ok(tasks.delete(task_id))


def task_link(task_id: str) -> Any:
    return ok(tasks.link(task_id))


def review_request(task_id: str) -> Any:
    tasks.request_review(task_id, body())
    return ok()


def review_submit(task_id: str) -> Any:
    tasks.submit_review(task_id, body())
    return ok()


def task_dependencies(task_id: str) -> Any:
    return ok(dependencies.list_for_task(task_id))


def dependency_create(task_id: str) -> Any:
    return ok(dependencies.create(task_id, body()))


def dependency_delete(dependency_id: str) -> Any:
    dependencies.delete(dependency_id)
    return ok()


# -- time tracking ---------------------------------------------------------------------------------

def timetracking_list() -> Any:
    return ok(timetracking.list_entries(list_query("timeentries")))


def timetracking_get(time_tracking_id: str) -> Any:
    return ok(timetracking.get_entry(time_tracking_id))


def timetracking_create() -> Any:
    return ok(timetracking.create(body()))


def timetracking_update(time_tracking_id: str) -> Any:
    timetracking.update(time_tracking_id, body())
    return ok()


def timetracking_delete(time_tracking_id: str) -> Any:
    return ok(timetracking.delete(time_tracking_id))


# -- notes -----------------------------------------------------------------------------------------

def note_list() -> Any:
    return ok(notes.list_notes(list_query("notes")))


def note_get(note_id: str) -> Any:
    return ok(notes.get_note(note_id))


def note_create() -> Any:
    return ok(notes.create(body()))


def note_update(note_id: str) -> Any:
    notes.update(note_id, body())
    return ok()


def note_delete(note_id: str) -> Any:
    return ok(notes.delete(note_id))


def note_link(note_id: str) -> Any:
    return ok(notes.link(note_id))


# -- bulk ------------------------------------------------------------------------------------------

def bulk_view(kind: str) -> Any:
    return ok(bulk.bulk(kind, body()))


# -- the route table -------------------------------------------------------------------------------

P = {"project_id": "A project id", "section_id": "A section id", "task_id": "A task id",
     "dependency_id": 'A dependency id ("dep-1")', "time_tracking_id": "A time tracking entry id",
     "note_id": "A note id"}
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")


def _doc(summary: str, tag: str, responses: Any, errors: tuple[int, ...] = (), **kwargs: Any) -> Doc:
    params = {k: v for k, v in P.items() if "{" + k + "}" in kwargs.pop("path", "")}
    if kwargs.get("body") is not None:
        kwargs.setdefault("content_types", BODY_TYPES)
        kwargs.setdefault("body_required", False)
    return Doc(summary, tags=[tag], responses={200: responses}, errors=list(errors), path_params=params, **kwargs)


def routes() -> list[Route]:
    bulk_doc = ("Bulk create or update {0} (at most 100 items; an item with an id is updated)",)
    rows = [
        # projects
        Route("GET", "/v1/project", "project_list", project_list,
              doc=_doc("Retrieve a list of projects", "projects", a.OkProjects, query=schemas.ProjectListQuery)),
        Route("POST", "/v1/project", "project_create", project_create,
              doc=_doc("Create a project (optionally from a template)", "projects", a.OkCreated, (400,),
                       body=schemas.ProjectBody)),
        Route("GET", "/v1/project/<project_id>", "project_get", project_get,
              doc=_doc("Retrieve a project", "projects", a.OkProject, (404,), path="{project_id}")),
        Route("PATCH", "/v1/project/<project_id>", "project_update", project_update,
              doc=_doc("Update a project", "projects", a.Ok, (400, 404), path="{project_id}",
                       body=schemas.ProjectUpdateBody)),
        Route("DELETE", "/v1/project/<project_id>", "project_delete", project_delete,
              doc=_doc("Delete a project", "projects", a.OkDeleted, (404,), path="{project_id}")),
        Route("GET", "/v1/project/<project_id>/link", "project_link_get", project_link,
              doc=_doc("Link to a project", "links", a.OkLink, (404,), path="{project_id}")),
        Route("GET", "/v1/project/<project_id>/sections", "project_sections_list", project_sections,
              doc=_doc("Retrieve a list of sections from a project", "sections", a.OkProjectSections, (404,),
                       path="{project_id}", query=schemas.SectionListQuery)),
        Route("GET", "/v1/project/<project_id>/tasks", "project_tasks_list", project_tasks,
              doc=_doc("Retrieve a list of tasks from a project", "tasks", a.OkTasksInList, (404,),
                       path="{project_id}", query=schemas.TaskListQuery)),
        Route("GET", "/v1/project/<project_id>/notes", "project_notes_list", project_notes,
              doc=_doc("Retrieve a list of notes from a project", "notes", a.OkNotes, (404,), path="{project_id}",
                       query=schemas.DatedListQuery)),
        Route("GET", "/v1/project/<project_id>/dependency", "project_dependencies_list", project_dependencies,
              doc=_doc("List dependencies of a project", "dependencies", a.OkDependencies, (404,),
                       path="{project_id}")),
        # sections
        Route("GET", "/v1/section", "section_list", section_list,
              doc=_doc("Retrieve a list of sections", "sections", a.OkSections, query=schemas.SectionListQuery)),
        Route("POST", "/v1/section", "section_create", section_create,
              doc=_doc("Create a section", "sections", a.OkCreated, (400,), body=schemas.SectionBody)),
        Route("GET", "/v1/section/<section_id>", "section_get", section_get,
              doc=_doc("Retrieve a section", "sections", a.OkSection, (404,), path="{section_id}")),
        Route("PATCH", "/v1/section/<section_id>", "section_update", section_update,
              doc=_doc("Update a section", "sections", a.Ok, (400, 404), path="{section_id}",
                       body=schemas.SectionUpdateBody)),
        Route("DELETE", "/v1/section/<section_id>", "section_delete", section_delete,
              doc=_doc("Delete a section", "sections", a.OkDeleted, (404,), path="{section_id}")),
        # tasks
        Route("GET", "/v1/task", "task_list", task_list,
              doc=_doc("Retrieve a list of tasks", "tasks", a.OkTasks, query=schemas.TaskListQuery)),
        Route("POST", "/v1/task", "task_create", task_create,
              doc=_doc("Create a task (a subtask with parent)", "tasks", a.OkCreated, (400,), body=schemas.TaskBody)),
        Route("GET", "/v1/task/<task_id>", "task_get", task_get,
              doc=_doc("Retrieve a task", "tasks", a.OkTask, (404,), path="{task_id}")),
        Route("PATCH", "/v1/task/<task_id>", "task_update", task_update,
              doc=_doc("Update a task", "tasks", a.Ok, (400, 404), path="{task_id}", body=schemas.TaskUpdateBody)),
        Route("DELETE", "/v1/task/<task_id>", "task_delete", task_delete,
              doc=_doc("Delete a task (and its subtasks)", "tasks", a.OkDeleted, (404,), path="{task_id}")),
        Route("GET", "/v1/task/<task_id>/tasks", "task_subtasks_list", task_subtasks,
              doc=_doc("Retrieve a list of subtasks from a task", "tasks", a.OkTasksInList, (404,),
                       path="{task_id}", query=schemas.TaskListQuery)),
        Route("GET", "/v1/task/<task_id>/link", "task_link_get", task_link,
              doc=_doc("Link to a task", "links", a.OkLink, (404,), path="{task_id}")),
        Route("POST", "/v1/task/<task_id>/review/request", "task_review_request", review_request,
              doc=_doc('Request a review (status "Under Review")', "reviews", a.Ok, (400, 404), path="{task_id}",
                       body=schemas.ReviewRequestBody)),
        Route("POST", "/v1/task/<task_id>/review/submit", "task_review_submit", review_submit,
              doc=_doc('Submit a review (status "Reviewed")', "reviews", a.Ok, (400, 404), path="{task_id}",
                       body=schemas.ReviewSubmitBody)),
        # dependencies
        Route("GET", "/v1/task/<task_id>/dependency", "task_dependencies_list", task_dependencies,
              doc=_doc("List dependencies of a task", "dependencies", a.OkDependencies, (404,), path="{task_id}")),
        Route("POST", "/v1/task/<task_id>/dependency", "task_dependency_create", dependency_create,
              doc=_doc("Create a task dependency (no self or cyclic dependencies)", "dependencies",
                       a.OkCreatedString, (400, 404), path="{task_id}", body=schemas.DependencyBody)),
        Route("DELETE", "/v1/dependency/<dependency_id>", "dependency_delete", dependency_delete,
              doc=_doc("Delete a dependency", "dependencies", a.Ok, (404,), path="{dependency_id}")),
        # time tracking
        Route("GET", "/v1/timetracking", "timetracking_list", timetracking_list,
              doc=_doc("Retrieve a list of time tracking entries", "time tracking", a.OkTimeEntries,
                       query=schemas.TimeEntryListQuery)),
        Route("POST", "/v1/timetracking", "timetracking_create", timetracking_create,
              doc=_doc("Create a time tracking entry", "time tracking", a.OkCreated, (400,),
                       body=schemas.TimeEntryBody)),
        Route("GET", "/v1/timetracking/<time_tracking_id>", "timetracking_get", timetracking_get,
              doc=_doc("Retrieve a time tracking entry", "time tracking", a.OkTimeEntry, (404,),
                       path="{time_tracking_id}")),
        Route("PATCH", "/v1/timetracking/<time_tracking_id>", "timetracking_update", timetracking_update,
              doc=_doc("Update a time tracking entry", "time tracking", a.Ok, (400, 404), path="{time_tracking_id}",
                       body=schemas.TimeEntryUpdateBody)),
        Route("DELETE", "/v1/timetracking/<time_tracking_id>", "timetracking_delete", timetracking_delete,
              doc=_doc("Delete a time tracking entry", "time tracking", a.OkActivities, (404,),
                       path="{time_tracking_id}")),
        # notes
        Route("GET", "/v1/note", "note_list", note_list,
              doc=_doc("Retrieve a list of notes", "notes", a.OkNotes, query=schemas.DatedListQuery)),
        Route("POST", "/v1/note", "note_create", note_create,
              doc=_doc("Create a note (or a meeting note)", "notes", a.OkCreated, (400,), body=schemas.NoteBody)),
        Route("GET", "/v1/note/<note_id>", "note_get", note_get,
              doc=_doc("Retrieve a note", "notes", a.OkNote, (403, 404), path="{note_id}")),
        Route("PATCH", "/v1/note/<note_id>", "note_update", note_update,
              doc=_doc("Update a note", "notes", a.Ok, (400, 403, 404), path="{note_id}",
                       body=schemas.NoteUpdateBody)),
        Route("DELETE", "/v1/note/<note_id>", "note_delete", note_delete,
              doc=_doc("Delete a note", "notes", a.OkDeleted, (403, 404), path="{note_id}")),
        Route("GET", "/v1/note/<note_id>/link", "note_link_get", note_link,
              doc=_doc("Link to a note", "links", a.OkLink, (403, 404), path="{note_id}")),
    ]
    for kind, plural in (("project", "projects and templates"), ("task", "tasks"), ("section", "sections"),
                         ("note", "notes")):
        rows.append(Route("POST", f"/v1/{kind}/bulk", f"{kind}_bulk", bulk_view, bind={"kind": kind},
                          doc=_doc(bulk_doc[0].format(plural), "bulk", a.OkBulk, (400,), body=schemas.BulkBody)))
    return rows
