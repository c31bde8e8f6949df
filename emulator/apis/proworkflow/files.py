"""Files and custom folders (seed group 5, L5767-L6096).

A file belongs to exactly one of a project (or a project request: "Project or Project Request
ID"), a task, or a custom folder.  Its content is stored base64-decoded and returned base64-encoded
by "View a File" with content=true, up to 1 MB.  `link` is a download URL in the real service's
form; the emulator does not serve it (see docs).  Custom folders belong to a project and are public
(contacts "all") or private to a list of contacts; a file in a folder shares the folder's contacts.
Hidden defaults: projectstatus=active for files and folders.
"""
from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from . import access, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, forbidden, invalid, not_found
from .render import ResourceSpec, name_from, project_keys, single

Record = Mapping[str, Any]
CONTENT_LIMIT = 1024 * 1024  # "Not available for files larger than 1MB"


def project_id_of(rec: Record, ctx: Context) -> Any:
    """The project a file belongs to, directly, through its task or through its folder."""
    if rec.get("projectid"):
        return rec["projectid"]
    if rec.get("taskid"):
        task = ctx.get("tasks", rec["taskid"])
        return task.get("projectid") if task else None
    if rec.get("folderid"):
        folder = ctx.get("folders", rec["folderid"])
        return folder.get("projectid") if folder else None
    return None


def _project_status(rec: Record, q: Any) -> Any:
    if rec.get("projectrequestid"):
        return "active"  # a request's files belong to no project yet
    project = q.ctx.get("projects", project_id_of(rec, q.ctx))
    return project.get("status") if project else None


def _task_status(rec: Record, q: Any) -> Any:
    task = q.ctx.get("tasks", rec.get("taskid")) if rec.get("taskid") else None
    return task.get("status") if task else None


def link(rec: Record, ctx: Context) -> str:
    base = str(ctx.settings.get("filebaseurl") or "https://files.proworkflow.net").rstrip("/")
    slug = str(ctx.settings.get("accounturl") or "account").rsplit("/", 1)[-1]
    return f"{base}/{quote(slug)}/{rec['id']}/{quote(str(rec.get('name') or ''))}"


def _contacts(rec: Record, ctx: Context) -> Any:
    from .render import contact_list

    value = rec.get("contacts")
    if rec.get("folderid"):
        folder = ctx.get("folders", rec["folderid"])
        value = folder.get("contacts") if folder else value
    return contact_list(ctx, value if value is not None else "all")


def _project_keys(rec: Record, ctx: Context) -> dict[str, Any]:
    project = ctx.get("projects", project_id_of(rec, ctx))
    return project or {}


FILE_SPEC = ResourceSpec(
    name="files", table="files", singular="File",
    visible=lambda ctx, rec: access.sees_file(ctx, rec),
    filters={
        "datefrom": filters.date_from("date"), "dateto": filters.date_to("date"),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "folderid": filters.ids("folderid"),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "projectid": filters.ids(lambda r, q: project_id_of(r, q.ctx) or r.get("projectrequestid")),
        "projectstatus": filters.choice(_project_status, {"active": "active", "complete": "complete", "all": None}),
        "search": filters.search("name"),
        "taskid": filters.ids("taskid"),
        "taskstatus": filters.choice(_task_status, {"active": "active", "complete": "complete", "all": None}),
    },
    derive={
        "projectid": lambda rec, ctx: project_id_of(rec, ctx) or rec.get("projectrequestid") or "",
        "projectnumber": lambda rec, ctx: _project_keys(rec, ctx).get("number", ""),
        "projecttitle": lambda rec, ctx: _project_keys(rec, ctx).get("title", ""),
        "taskname": name_from("tasks", "taskid"),
        "foldername": name_from("folders", "folderid"),
        "link": link,
        "contacts": _contacts,
    },
)


def _folder_project(column: str) -> Callable[[Record, Any], Any]:
    def get(rec: Record, q: Any) -> Any:
        project = q.ctx.get("projects", rec.get("projectid"))
        return project.get(column) if project else None
    return get


def sees_folder(ctx: Context, rec: Record) -> bool:
    if ctx.is_staff:
        return True
    return access.in_audience(ctx, rec.get("contacts"), rec.get("authorid")) and \
        access.sees_project(ctx, ctx.get("projects", rec.get("projectid")))


FOLDER_SPEC = ResourceSpec(
    name="folders", table="folders", singular="Folder",
    visible=sees_folder,
    filters={
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "projectid": filters.ids("projectid"),
        "projectstatus": filters.choice(_folder_project("status"),
                                        {"active": "active", "complete": "complete", "all": None}),
        "search": filters.search("name"),
    },
    derive={**project_keys()},
)


# -- files -----------------------------------------------------------------------------------------
def list_files(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("files_list", FILE_SPEC, query)


def find(ctx: Context, file_id: Any) -> dict[str, Any]:
    rec = ctx.table("files").get(writes.path_id("fileid", file_id))
    if rec is None or not access.sees_file(ctx, rec):
        raise not_found("File")
    return rec


def get_file(file_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "files_get")
    rec = find(ctx, file_id)
    out = single(FILE_SPEC, rec, ctx)
    q = listing.clean(query)
    if grammar.parse_bool("content", q.get("content") or "false"):
        if int(rec.get("size") or 0) > CONTENT_LIMIT:
            raise bad_request("Content is not available for files larger than 1MB")
        out["content"] = rec.get("content", "")
    return writes.single_envelope("file", out)


def decode(content: Any) -> bytes:
    if not isinstance(content, str):
        raise invalid("content", "[data]", "base64-encoded content")
    try:
        return base64.b64decode(content.strip(), validate=True)
    except (binascii.Error, ValueError):
        raise invalid("content", "[data]", "base64-encoded content") from None


def add_file(body: Any) -> dict[str, Any]:
    """"Exactly 1 of Project/Task/Folder Required"."""
    ctx = Context.current()
    item = writes.one("files_create", body)
    writes.check(ctx, "files_create", item, required_names=("name", "content"))
    owners = [name for name in ("projectid", "taskid", "folderid") if not writes.blank(item.get(name))]
    if len(owners) != 1:
        raise bad_request("Exactly 1 of 'projectid', 'taskid' or 'folderid' is required")
    raw = decode(item["content"])
    rec: dict[str, Any] = {"name": writes.text(item, "name"), "projectid": None, "taskid": None, "folderid": None,
                           "projectrequestid": None, "size": len(raw),
                           "content": base64.b64encode(raw).decode("ascii"), "date": ctx.stamp,
                           "authorid": ctx.me, "contacts": "all", "lastmodified": ctx.stamp}
    owner = owners[0]
    owner_id = grammar.parse_int(owner, item[owner])
    if owner == "projectid":
        project = ctx.get("projects", owner_id)
        request = ctx.get("projectrequests", owner_id) if project is None else None
        if project is not None and access.sees_project(ctx, project):
            rec["projectid"] = owner_id
        elif request is not None and access.sees_request(ctx, request):
            rec["projectrequestid"] = owner_id
        else:
            raise invalid("projectid", owner_id, "no such project or project request")
        rec["divisionid"] = (project or request or {}).get("divisionid")
    elif owner == "taskid":
        task = ctx.get("tasks", owner_id)
        if task is None or not access.sees_task(ctx, task):
            raise invalid("taskid", owner_id, "no such task")
        rec["taskid"], rec["divisionid"] = owner_id, task.get("divisionid")
    else:
        folder = ctx.get("folders", owner_id)
        if folder is None or not sees_folder(ctx, folder):
            raise invalid("folderid", owner_id, "no such folder")
        rec["folderid"], rec["divisionid"] = owner_id, folder.get("divisionid")
    saved = ctx.table("files").insert(rec)
    return writes.envelope("File Added", [{"id": saved["id"], "name": saved["name"], "size": saved["size"]}])


def delete_file(file_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "files_delete")
    rec = find(ctx, file_id)
    if not ctx.is_staff and rec.get("authorid") != ctx.me:
        raise forbidden("You can only delete Files you added")
    ctx.table("files").delete(rec["id"])
    return writes.envelope("File Deleted", [{"id": rec["id"]}])


# -- custom folders --------------------------------------------------------------------------------
def list_folders(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("folders_list", FOLDER_SPEC, query)


def get_folder(folder_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "folders_get")
    rec = ctx.table("folders").get(writes.path_id("folderid", folder_id))
    if rec is None or not sees_folder(ctx, rec):
        raise not_found("Folder")
    return writes.single_envelope("folder", single(FOLDER_SPEC, rec, ctx))


def audience(ctx: Context, name: str, value: Any) -> Any:
    """contacts: ids (a private folder for them), "me", or "all" (public)."""
    word = grammar.text(value).lower() if not isinstance(value, list) else ""
    if word in ("", "all"):
        return "all"
    if word == "me":
        return [ctx.me]
    ids = grammar.parse_id_list(name, value)
    for contact_id in ids:
        if ctx.get("contacts", contact_id) is None:
            raise invalid(name, contact_id, "no such contact")
    return ids


def add_folder(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("folders_create", body)
    writes.check(ctx, "folders_create", item)
    project = ctx.get("projects", grammar.parse_int("projectid", item["projectid"]))
    if project is None or not access.sees_project(ctx, project):
        raise invalid("projectid", item["projectid"], "no such project")
    rec = {"name": writes.text(item, "name"), "projectid": project["id"],
           "contacts": audience(ctx, "contacts", item.get("contacts", "all")), "authorid": ctx.me,
           "divisionid": project.get("divisionid"), "lastmodified": ctx.stamp}
    saved = ctx.table("folders").insert(rec)
    return writes.envelope("Folder Added", [{"id": saved["id"], "name": saved["name"]}])

