"""BasicOps' answers, for the OpenAPI document: closed response schemas (no other keys), so the fuzz
tests notice any answer that drifts from its description.  serializers.py builds the bodies; these
only describe them, key for key."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from .schemas import PROJECT_STATUSES, SECTION_STATES, TASK_STATUSES

STAMP = {"description": "ISO-8601 UTC with milliseconds: 2018-08-01T07:00:00.000Z"}


def _answer(name: str, doc: str, /, **declared: fields.Field) -> type[Schema]:
    """A closed schema whose every key is always present (null where empty)."""
    for f in declared.values():
        f.required = True
    return type(name, (Schema,), {"__doc__": doc, **declared})


def _text(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, **kwargs)


def _stamp() -> fields.String:
    return fields.String(allow_none=True, metadata=STAMP)


def _id() -> fields.Integer:
    return fields.Integer()


def _nested(schema: type[Schema], nullable: bool = True) -> fields.Nested:
    return fields.Nested(schema, allow_none=nullable)


def envelope(name: str, data: fields.Field | type[Schema], doc: str = "") -> type[Schema]:
    """{"success": true, "data": <data>}"""
    value = fields.Nested(data) if isinstance(data, type) else data
    return _answer(name, doc or f"{{success, data}} with {name.removesuffix('Answer')}",
                   success=fields.Boolean(validate=validate.Equal(True)), data=value)


def listing(name: str, item: type[Schema]) -> type[Schema]:
    return envelope(name, fields.List(fields.Nested(item)), f"{{success, data: [...]}} of {item.__name__}")


# -- shared pieces -------------------------------------------------------------------------------

Ok = _answer("Ok", '{"success": true}', success=fields.Boolean(validate=validate.Equal(True)))
ErrorBody = _answer("ErrorBody", '{"success": false, "error": "<text>"}',
                    success=fields.Boolean(validate=validate.Equal(False)), error=fields.String())
Created = _answer("Created", "A new record: its id and where the app shows it", id=_id(),
                  viewUrl=fields.String(), bounceUrl=fields.String())
CreatedString = _answer("CreatedString", "A new record with a string id (message, reply, dependency)",
                        id=fields.String(), viewUrl=fields.String(), bounceUrl=fields.String())
Deleted = _answer("Deleted", "A deleted project, section, task or note",
                  statusKind=fields.Integer(validate=validate.Equal(2)), status=fields.String(),
                  activities=fields.List(fields.Integer()))
Activities = _answer("Activities", "A deleted time entry", activities=fields.List(fields.Integer()))
Link = _answer("Link", "A URL into the BasicOps app (or a pre-signed download)", url=fields.String())
Bulk = _answer("Bulk", "The ids a bulk request created and updated, in item order",
               created=fields.List(fields.Integer()), updated=fields.List(fields.Integer()))
UploadId = _answer("UploadId", "An upload's attachment id (base64), usable once", id=fields.String())

Role = _answer("Role", "A role of a user", name=fields.String(), id=_id())
User = _answer("User", "A user; email is null when the user is deactivated",
               firstName=_text(), lastName=_text(), roles=fields.List(fields.Nested(Role)), id=_id(),
               email=_text(), picture=_text())
AssigneeLong = _answer("AssigneeLong", "A task's assignee (GET /task, /task/<id>)",
                       firstName=_text(), lastName=_text(), id=_id(), email=_text(), picture=_text())
AssigneeShort = _answer("AssigneeShort", "A task's assignee (project and subtask lists)",
                        id=_id(), firstName=_text(), lastName=_text(), email=_text())

Attachment = _answer(
    "Attachment", "An attached file (PascalCase, as BasicOps shows it); Id is URL-encoded",
    Id=fields.String(), FileName=fields.String(), Width=fields.Integer(allow_none=True),
    Height=fields.Integer(allow_none=True), Created=_stamp(), Size=fields.Integer(allow_none=True),
    DownloadURL=fields.String(), ThumbnailURL=_text())
CloudFile = _answer("CloudFile", "A cloud file's reference", fileName=fields.String(), contentType=_text(),
                    cloudType=fields.Integer(validate=validate.OneOf([1, 2, 3, 6])), cloudId=fields.String())

# -- projects, sections, tasks -------------------------------------------------------------------

Project = _answer(
    "Project", "A project or template",
    id=_id(), title=fields.String(), description=_text(),
    status=fields.String(validate=validate.OneOf(PROJECT_STATUSES)), dueDate=_stamp(), startDate=_stamp(),
    owner=fields.Integer(allow_none=True), team=fields.List(fields.Integer()), folder=fields.Integer(allow_none=True),
    isTemplate=fields.Boolean(), created=_stamp(), updated=_stamp())
ProjectLong = _answer("ProjectLong", "A nested project (GET /task, /section)", dueDate=_stamp(), description=_text(),
                      id=_id(), title=fields.String(), status=fields.String())
ProjectShort = _answer("ProjectShort", "A nested project (project and subtask lists)", id=_id(),
                       title=fields.String(), status=fields.String())
SectionLong = _answer("SectionLong", "A task's section (GET /task)", endDate=_stamp(), name=fields.String(),
                      id=_id(), state=fields.String(validate=validate.OneOf(SECTION_STATES)))
SectionShort = _answer("SectionShort", "A task's section (project and subtask lists)", id=_id(),
                       name=fields.String(), state=fields.String(validate=validate.OneOf(SECTION_STATES)))
Section = _answer("Section", "A section with its project", id=_id(), name=fields.String(), endDate=_stamp(),
                  state=fields.String(validate=validate.OneOf(SECTION_STATES)), project=_nested(ProjectLong))
SectionInProject = _answer("SectionInProject", "A section in GET /project/<id>/sections", id=_id(),
                           name=fields.String(), endDate=_stamp(),
                           state=fields.String(validate=validate.OneOf(SECTION_STATES)), project=_nested(ProjectShort))


def _task(name: str, doc: str, project: type[Schema], section: type[Schema], assignee: type[Schema]) -> type[Schema]:
    return _answer(name, doc, id=_id(), title=fields.String(), description=_text(),
                   status=fields.String(validate=validate.OneOf(TASK_STATUSES)), dueDate=_stamp(),
                   project=_nested(project), section=_nested(section), assignee=_nested(assignee),
                   attachments=fields.List(fields.Nested(Attachment)), created=_stamp(), updated=_stamp())


Task = _task("Task", "A task (GET /task, /task/<id>)", ProjectLong, SectionLong, AssigneeLong)
TaskInList = _task("TaskInList", "A task in a project's or a task's list", ProjectShort, SectionShort, AssigneeShort)
TaskRef = _answer("TaskRef", "A time entry's task", id=_id(), title=fields.String(), status=fields.String(),
                  dueDate=_stamp(), description=_text())
Dependency = _answer("Dependency", "A task dependency", id=fields.String(), task=_id(), dependsOnTask=_id(),
                     type=fields.String())
TimeEntry = _answer("TimeEntry", "A time tracking entry", id=_id(), note=_text(), task=_nested(TaskRef),
                    created=_stamp(), project=_nested(ProjectLong), startTime=_stamp(), endTime=_stamp(),
                    time=fields.Integer(allow_none=True), updated=_stamp(), user=fields.Integer(allow_none=True))
Note = _answer("Note", "A note", id=_id(), name=fields.String(), content=_text(),
               attachments=fields.List(fields.Nested(Attachment)))

# -- messages and conversations --------------------------------------------------------------------

Message = _answer("Message", "A message or a reply (string id)", id=fields.String(), message=fields.String(),
                  attachments=fields.List(fields.Nested(Attachment)), created=_stamp(), updated=_stamp())
Reaction = _answer("Reaction", "A reaction", reaction=fields.String(), user=_id())
Chat = _answer("Chat", "A 1:1 chat; user is the other user", id=_id(), user=_id())
GroupChat = _answer("GroupChat", "A group chat", id=_id(), name=_text(), users=fields.List(fields.Integer()),
                    avatar=_text())
Channel = _answer("Channel", "A channel", id=_id(), name=fields.String(), isPublic=fields.Boolean(),
                  users=fields.List(fields.Integer()), administrators=fields.List(fields.Integer()), avatar=_text(),
                  includeExternalUsers=fields.Boolean(), includeClients=fields.Boolean())

# -- webhooks --------------------------------------------------------------------------------------

_WEBHOOK_FIELDS = {
    "Id": _id, "CompanyId": lambda: fields.Raw(), "UserId": lambda: fields.Integer(allow_none=True),
    "EId": fields.String, "Name": _text, "Url": fields.String, "Events": fields.String,
}
Webhook = _answer("Webhook", "A webhook (GET, list)", **{k: f() for k, f in _WEBHOOK_FIELDS.items()},
                  ExcludeDetails=fields.Boolean())
WebhookUpdated = _answer("WebhookUpdated", "A webhook as PUT answers it (with its project)",
                         **{k: f() for k, f in _WEBHOOK_FIELDS.items()}, project=fields.Integer(allow_none=True),
                         ExcludeDetails=fields.Boolean())


class WebhookUpdatedWithSecret(WebhookUpdated):
    """A webhook as PUT answers it; with `Secret` when signing "generate" made a new one."""

    Secret = fields.String()


class WebhookCreated(Schema):
    """A new webhook: its EId (as id and EId), and the generated secret once (signing "generate")."""

    id = fields.String(required=True)
    viewUrl = fields.String(required=True)
    bounceUrl = fields.String(required=True)
    EId = fields.String(required=True)
    Secret = fields.String()


# -- OAuth -----------------------------------------------------------------------------------------

Token = _answer("Token", "RFC 6749 token answer", access_token=fields.String(),
                token_type=fields.String(validate=validate.Equal("Bearer")), expires_in=fields.Integer(),
                refresh_token=fields.String())
OAuthError = _answer("OAuthError", "RFC 6749 error", error=fields.String(), error_description=fields.String())

# -- the envelopes the route table names -----------------------------------------------------------

OkCreated = envelope("CreatedAnswer", Created)
OkCreatedString = envelope("CreatedStringAnswer", CreatedString)
OkDeleted = envelope("DeletedAnswer", Deleted)
OkActivities = envelope("ActivitiesAnswer", Activities)
OkLink = envelope("LinkAnswer", Link)
OkBulk = envelope("BulkAnswer", Bulk)
OkUpload = envelope("UploadAnswer", UploadId)
OkAttachment = envelope("AttachmentAnswer", Attachment)
OkProject, OkProjects = envelope("ProjectAnswer", Project), listing("ProjectList", Project)
OkSection, OkSections = envelope("SectionAnswer", Section), listing("SectionList", Section)
OkProjectSections = listing("ProjectSectionList", SectionInProject)
OkTask, OkTasks = envelope("TaskAnswer", Task), listing("TaskList", Task)
OkTasksInList = listing("TaskInListList", TaskInList)
OkDependencies = listing("DependencyList", Dependency)
OkTimeEntry, OkTimeEntries = envelope("TimeEntryAnswer", TimeEntry), listing("TimeEntryList", TimeEntry)
OkNote, OkNotes = envelope("NoteAnswer", Note), listing("NoteList", Note)
OkMessage, OkMessages = envelope("MessageAnswer", Message), listing("MessageList", Message)
OkReactions = listing("ReactionList", Reaction)
OkChats = listing("ChatList", Chat)
OkGroupChats = listing("GroupChatList", GroupChat)
OkChannels = listing("ChannelList", Channel)
OkUser, OkUsers = envelope("UserAnswer", User), listing("UserList", User)
OkWebhook, OkWebhooks = envelope("WebhookAnswer", Webhook), listing("WebhookList", Webhook)
OkWebhookUpdated = envelope("WebhookUpdatedAnswer", fields.Nested(WebhookUpdatedWithSecret))
OkWebhookCreated = envelope("WebhookCreatedAnswer", WebhookCreated)
