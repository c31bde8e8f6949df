"""Messages (seed group 8, L7347-L7613): discussions on a project or a task, and their replies.

"A new discussion can be started by using the projectid or taskid parameter, a reply can be added by
using the originalmessageid parameter."  A discussion has a title, contacts, public and
notifications settings; replies inherit them.  Only the author may edit (a discussion's first
message: contacts, notifications, public; "The title or content of a message cannot be changed") or
delete ("Deleting the first message in a discussion will also delete all replies").
Hidden default: projectstatus=active.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from . import access, filters, grammar, listing, writes
from .context import Context
from .errors import bad_request, forbidden, invalid, not_found
from .files import link
from .projects import assigned
from .render import ResourceSpec, contact_list, name_from, single

Record = Mapping[str, Any]


def _project_id(rec: Record, ctx: Context) -> Any:
    if rec.get("projectid"):
        return rec["projectid"]
    task = ctx.get("tasks", rec.get("taskid")) if rec.get("taskid") else None
    return task.get("projectid") if task else None


def _project_status(rec: Record, q: Any) -> Any:
    project = q.ctx.get("projects", _project_id(rec, q.ctx))
    return project.get("status") if project else "active"  # general-task discussions count as active


def _task_status(rec: Record, q: Any) -> Any:
    task = q.ctx.get("tasks", rec.get("taskid")) if rec.get("taskid") else None
    return task.get("status") if task else None


def _author(column: str) -> Any:
    def get(rec: Record, ctx: Context) -> Any:
        author = ctx.get("contacts", rec.get("authorid"))
        return (author or {}).get(column, "")
    return get


def _files(rec: Record, ctx: Context) -> list[dict[str, Any]]:
    out = []
    for file_id in rec.get("files") or ():
        found = ctx.get("files", file_id)
        if found is not None:
            out.append({"id": file_id, "name": found.get("name", ""), "size": found.get("size", 0),
                        "link": link(found, ctx)})
    return out


SPEC = ResourceSpec(
    name="messages", table="messages", singular="Message",
    visible=lambda ctx, rec: access.sees_message(ctx, rec),
    filters={
        "contacts": filters.ids(lambda r, q: [r.get("authorid"), *(r.get("contacts") or ())],
                                specials=("me", "all"), many=True),
        "datefrom": filters.date_from("date"), "dateto": filters.date_to("date"),
        "divisionid": filters.equals_id(lambda r, q: r.get("divisionid") or 1),
        "id": filters.ids("id"), "idfrom": filters.id_from(), "idto": filters.id_to(),
        "originalmessageid": filters.equals_id(lambda r, q: r.get("originalmessageid") or r.get("id")),
        "projectid": filters.ids(lambda r, q: _project_id(r, q.ctx)),
        "projectstatus": filters.choice(_project_status, {"active": "active", "complete": "complete", "all": None}),
        "search": filters.search("title"),
        "taskid": filters.ids("taskid"),
        "taskstatus": filters.choice(_task_status, {"active": "active", "complete": "complete", "all": None}),
    },
    derive={
        "projectnumber": lambda rec, ctx: (ctx.get("projects", _project_id(rec, ctx)) or {}).get("number", ""),
        "projecttitle": lambda rec, ctx: (ctx.get("projects", _project_id(rec, ctx)) or {}).get("title", ""),
        "projectid": lambda rec, ctx: _project_id(rec, ctx) or "",
        "taskname": name_from("tasks", "taskid"),
        "authorname": name_from("contacts", "authorid"),
        "authortype": _author("type"),
        "authorimage": _author("image"),
        "originalmessageid": lambda rec, ctx: rec.get("originalmessageid") or "",
        "files": _files,
    },
    sort_keys={"originalmessageid": lambda rec, ctx: rec.get("originalmessageid") or rec.get("id")},
)


def list_messages(query: Mapping[str, Any]) -> dict[str, Any]:
    return listing.run("messages_list", SPEC, query)


def find(ctx: Context, message_id: Any) -> dict[str, Any]:
    rec = ctx.table("messages").get(writes.path_id("messageid", message_id))
    if rec is None or not access.sees_message(ctx, rec):
        raise not_found("Message")
    return rec


def get_message(message_id: Any, query: Mapping[str, Any]) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "messages_get")
    rec = find(ctx, message_id)
    out = single(SPEC, rec, ctx)
    q = listing.clean(query)
    if grammar.parse_bool("projectcontacts", q.get("projectcontacts") or "false"):
        project = ctx.get("projects", _project_id(rec, ctx))
        out["projectcontacts"] = contact_list(ctx, assigned(project) if project else [])
    return writes.single_envelope("message", out)


def _audience(ctx: Context, value: Any, project: Mapping[str, Any] | None, task: Mapping[str, Any] | None) -> list[int]:
    """contacts: ids, "me", or "all" (All Contacts Assigned to Project or Task)."""
    word = grammar.text(value).lower() if not isinstance(value, list) else ""
    if word == "me":
        return [ctx.me]
    if word == "all":
        people = list(task.get("contacts") or ()) if task else []
        if project:
            people += [c for c in assigned(project) if c not in people]
        return [c for c in people if c != ctx.me] or [ctx.me]
    ids = grammar.parse_id_list("contacts", value)
    for contact_id in ids:
        if ctx.get("contacts", contact_id) is None:
            raise invalid("contacts", contact_id, "no such contact")
    return ids


def _attachments(ctx: Context, value: Any, project_id: Any) -> list[int]:
    """"Files must belong to the same Project as the Message"."""
    from .files import project_id_of

    ids = grammar.parse_id_list("files", value)
    for file_id in ids:
        found = ctx.get("files", file_id)
        if found is None or project_id_of(found, ctx) != project_id:
            raise invalid("files", file_id, "not a file of the message's project")
    return ids


def add_message(body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("messages_create", body)
    writes.check(ctx, "messages_create", item, required_names=("content",))
    files_value = item.get("files", item.get("fileid"))  # the seed's sample sends "fileid"
    rec: dict[str, Any] = {"content": writes.text(item, "content"), "authorid": ctx.me, "date": ctx.stamp,
                           "lastmodified": ctx.stamp}
    if not writes.blank(item.get("originalmessageid")):
        original = ctx.get("messages", grammar.parse_int("originalmessageid", item["originalmessageid"]))
        if original is not None and original.get("originalmessageid"):
            original = ctx.get("messages", original["originalmessageid"])  # a reply to a reply joins it
        if original is None or not access.sees_message(ctx, original):
            raise invalid("originalmessageid", item["originalmessageid"], "no such message")
        rec.update(title=original.get("title", ""), originalmessageid=original["id"],
                   projectid=original.get("projectid"), taskid=original.get("taskid"),
                   contacts=list(original.get("contacts") or ()), public=original.get("public", True),
                   notifications=original.get("notifications", True), divisionid=original.get("divisionid"))
    else:
        if not writes.blank(item.get("projectid")) and not writes.blank(item.get("taskid")):
            raise bad_request("Specify either 'projectid' or 'taskid' to start a new discussion, not both")
        project = task = None
        if not writes.blank(item.get("taskid")):
            task = ctx.get("tasks", grammar.parse_int("taskid", item["taskid"]))
            if task is None or not access.sees_task(ctx, task):
                raise invalid("taskid", item["taskid"], "no such task")
            project = ctx.get("projects", task.get("projectid")) if task.get("projectid") else None
        elif not writes.blank(item.get("projectid")):
            project = ctx.get("projects", grammar.parse_int("projectid", item["projectid"]))
            if project is None or not access.sees_project(ctx, project):
                raise invalid("projectid", item["projectid"], "no such project")
        else:
            raise bad_request("'projectid' or 'taskid' is required to start a new discussion "
                              "('originalmessageid' to reply)")
        for name in ("title", "contacts"):
            if writes.blank(item.get(name)):
                raise bad_request(f"'{name}' is a required field")
        rec.update(title=writes.text(item, "title"), originalmessageid=None,
                   projectid=project["id"] if project and not task else None, taskid=task["id"] if task else None,
                   contacts=_audience(ctx, item["contacts"], project, task),
                   public=_flag(item, "public", True), notifications=_flag(item, "notifications", True),
                   divisionid=(project or task or {}).get("divisionid"))
    rec["files"] = _attachments(ctx, files_value, _project_id(rec, ctx)) if not writes.blank(files_value) else []
    saved = ctx.table("messages").insert(rec)
    return writes.envelope("Message Added", [{"id": saved["id"]}])


def _flag(item: Mapping[str, Any], name: str, default: bool) -> bool:
    return grammar.parse_bool(name, item[name]) if not writes.blank(item.get(name)) else default


def edit_message(message_id: Any, body: Any) -> dict[str, Any]:
    ctx = Context.current()
    item = writes.one("messages_update", body)
    writes.check(ctx, "messages_update", item)
    rec = find(ctx, message_id)
    if rec.get("authorid") != ctx.me:
        raise forbidden("Only the author of a Message can edit it")
    if rec.get("originalmessageid"):
        raise bad_request("Only the first Message of a discussion can be edited")
    if any(k in item for k in ("title", "content")):
        raise bad_request("The title or content of a message cannot be changed")
    changes: dict[str, Any] = {}
    if not writes.blank(item.get("contacts")):
        project = ctx.get("projects", rec.get("projectid"))
        task = ctx.get("tasks", rec.get("taskid")) if rec.get("taskid") else None
        new = _audience(ctx, item["contacts"], project, task)
        repliers = {r.get("authorid") for r in _replies(ctx, rec["id"])} - {ctx.me}
        dropped = [c for c in repliers if c not in new]
        if dropped:
            raise bad_request(f"Contact {dropped[0]} has replied to this discussion and cannot be removed")
        changes["contacts"] = new
    for name in ("notifications", "public"):
        if not writes.blank(item.get(name)):
            changes[name] = grammar.parse_bool(name, item[name])
    changes["lastmodified"] = ctx.stamp
    ctx.table("messages").update(rec["id"], changes)
    for reply in _replies(ctx, rec["id"]):  # replies follow their discussion's settings
        ctx.table("messages").update(reply["id"], {k: v for k, v in changes.items() if k != "lastmodified"})
    return writes.envelope("Message Updated", [{"id": rec["id"]}])


def _replies(ctx: Context, message_id: int) -> list[Record]:
    return [r for r in ctx.table("messages").scan() if r.get("originalmessageid") == message_id]


def delete_message(message_id: Any) -> dict[str, Any]:
    ctx = Context.current()
    access.require_operation(ctx, "messages_delete")
    rec = find(ctx, message_id)
    if rec.get("authorid") != ctx.me:
        raise forbidden("Only the author of a Message can delete it")
    replies = [] if rec.get("originalmessageid") else [r["id"] for r in _replies(ctx, rec["id"])]
    for reply_id in replies:
        ctx.table("messages").delete(reply_id)
    ctx.table("messages").delete(rec["id"])
    return writes.envelope("Message Deleted", [{"id": rec["id"]}])
