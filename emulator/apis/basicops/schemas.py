"""Marshmallow schemas of what BasicOps reads: validation in, with the API's one-line error texts.

A bad body answers 400 `{"success": false, "error": "<first problem>"}` (research §3), e.g.
"title is required", "Invalid status: must be one of ...".  Unknown keys are ignored (a client may
send more than the seed shows).  Updates load the same schemas with partial=True: what is absent
stays, `null` clears an optional field.  The same schemas describe the bodies in the OpenAPI
document (phase B).
"""
from __future__ import annotations

import copy
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, validate

from .errors import bad_request
from .formats import normalise_instant, to_bool, to_int

PROJECT_STATUSES = ("On Track", "At Risk", "In Trouble", "On Hold", "Complete")
TASK_STATUSES = ("New", "Accepted", "In Progress", "Under Review", "Reviewed", "On Hold", "Blocked", "Complete")
SECTION_STATES = ("Open", "Complete")
# seed: "Dependencies link tasks together (e.g. finish-to-start)"; the other three are the usual
# kinds of a task dependency (docs/basicops.md)
DEPENDENCY_TYPES = ("finish-to-start", "start-to-start", "finish-to-finish", "start-to-finish")
CLOUD_TYPES = {1: "Google Drive", 2: "Box", 3: "Dropbox", 6: "Microsoft OneDrive"}
SIGNING = ("none", "generate", "provided")
REQUIRED = "%name% is required"


def _quoted(values: Any) -> str:
    return ", ".join(f'"{v}"' for v in values)


class Text(fields.String):
    default_error_messages = {"required": REQUIRED, "null": REQUIRED, "invalid": "Invalid %name%: must be a string"}

    def __init__(self, *args: Any, nonblank: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.nonblank = nonblank

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        if self.nonblank and not value.strip():
            raise self.make_error("required")
        return value


class Choice(Text):
    def __init__(self, choices: tuple[str, ...], *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, validate=validate.OneOf(
            choices, error="Invalid %name%: must be one of " + _quoted(choices)), **kwargs)
        self.choices = choices


class Id(fields.Integer):
    """An integer id: a JSON number, or text of one (form input)."""

    default_error_messages = {"required": REQUIRED, "null": REQUIRED,
                              "invalid": "Invalid %name%: must be an integer id"}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        number = to_int(value)
        if number is None or number < 0:
            raise self.make_error("invalid")
        return number


class IdList(fields.List):
    default_error_messages = {"required": REQUIRED, "null": REQUIRED,
                              "invalid": "Invalid %name%: must be a list of integer ids"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(Id(), **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[int]:
        if not isinstance(value, list):
            raise self.make_error("invalid")
        out: list[int] = []
        for item in value:
            number = to_int(item)
            if number is None or number < 0:
                raise self.make_error("invalid")
            if number not in out:
                out.append(number)
        return out


class TextList(fields.List):
    default_error_messages = {"required": REQUIRED, "null": REQUIRED,
                              "invalid": "Invalid %name%: must be a list of strings"}

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(fields.String(), **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[str]:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.make_error("invalid")
        return list(dict.fromkeys(value))


class Instant(fields.String):
    """An ISO-8601 date or instant, stored as 2018-08-01T07:00:00.000Z."""

    default_error_messages = {"required": REQUIRED, "null": REQUIRED,
                              "invalid": "Invalid %name%: must be an ISO-8601 date"}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        stored = normalise_instant(value)
        if stored is None:
            raise self.make_error("invalid")
        return stored


class Flag(fields.Boolean):
    default_error_messages = {"required": REQUIRED, "null": "Invalid %name%: must be true or false",
                              "invalid": "Invalid %name%: must be true or false"}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        flag = to_bool(value)
        if flag is None:
            raise self.make_error("invalid")
        return flag


class Seconds(fields.Integer):
    default_error_messages = {"required": REQUIRED, "null": REQUIRED,
                              "invalid": "Invalid %name%: must be a whole number of seconds"}

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        number = to_int(value)
        if number is None or number < 0:
            raise self.make_error("invalid")
        return number


class BasicOpsSchema(Schema):
    """Unknown keys ignored; the first problem (in field order) becomes the 400's error text."""

    class Meta:
        unknown = EXCLUDE
        ordered = True

    def handle_error(self, error: ValidationError, data: Any, **kwargs: Any) -> None:
        messages = error.messages if isinstance(error.messages, dict) else {"_schema": error.messages}
        for name, fld in self.fields.items():
            key = fld.data_key or name
            if key in messages:
                raise bad_request(_first(messages[key], key))
        raise bad_request(_first(messages, "body"))

    @classmethod
    def check(cls, data: Any, *, partial: bool = False) -> dict[str, Any]:
        """Validate a body (one shared instance per class: schemas keep no request state)."""
        if not isinstance(data, dict):
            raise bad_request("Invalid body: a JSON object is required")
        instance = cls.__dict__.get("_shared")
        if instance is None:
            instance = cls()
            cls._shared = instance
        return instance.load(data, partial=partial)


def _first(messages: Any, path: str) -> str:
    """The first message of a marshmallow error tree, naming the field by its path
    ("actionItems[0].title is required")."""
    if isinstance(messages, str):
        return messages.replace("%name%", path)
    if isinstance(messages, list):
        for m in messages:
            return _first(m, path)
    if isinstance(messages, dict):
        for key, m in messages.items():
            if isinstance(key, int):
                return _first(m, f"{path}[{key}]")
            return _first(m, path if key == "_schema" else f"{path}.{key}")
    return f"Invalid {path}"


# -- projects, sections, tasks -----------------------------------------------------------------

class ProjectBody(BasicOpsSchema):
    title = Text(required=True, nonblank=True, metadata={"description": "Project title"})
    description = Text(allow_none=True)
    status = Choice(PROJECT_STATUSES, metadata={"description": 'defaults to "On Track"'})
    owner = Id(metadata={"description": "the owner's user id (defaults to the current user)"})
    team = IdList(allow_none=True)
    dueDate = Instant(allow_none=True)
    startDate = Instant(allow_none=True)
    folder = Id(allow_none=True)
    isTemplate = Flag(allow_none=True)
    template = Id(metadata={"description": "create from this project template"})
    archived = Flag(metadata={"description": "emulator: archive or restore (not in the seed)"})


class SectionBody(BasicOpsSchema):
    name = Text(required=True, nonblank=True)
    project = Id(required=True)
    endDate = Instant(allow_none=True)
    state = Choice(SECTION_STATES)


class TaskBody(BasicOpsSchema):
    title = Text(required=True, nonblank=True)
    description = Text(allow_none=True)
    project = Id(allow_none=True)
    section = Id(allow_none=True)
    assignee = Id(allow_none=True)
    parent = Id(allow_none=True, metadata={"description": "the parent task: makes this a subtask"})
    dueDate = Instant(allow_none=True)
    status = Choice(TASK_STATUSES, metadata={"description": 'defaults to "New"'})
    attachments = TextList(metadata={"description": "upload ids (POST /upload) to attach"})
    archived = Flag(metadata={"description": "emulator: archive or restore (not in the seed)"})


class ReviewRequestBody(BasicOpsSchema):
    reviewers = IdList(required=True)
    message = Text(allow_none=True)


class ReviewSubmitBody(BasicOpsSchema):
    message = Text(allow_none=True)


class DependencyBody(BasicOpsSchema):
    dependsOnTask = Id(required=True)
    type = Choice(DEPENDENCY_TYPES, metadata={"description": 'defaults to "finish-to-start"'})


class TimeEntryBody(BasicOpsSchema):
    note = Text(allow_none=True)
    project = Id(allow_none=True)
    task = Id(allow_none=True)
    user = Id()
    startTime = Instant(allow_none=True)
    endTime = Instant(allow_none=True)
    time = Seconds(allow_none=True)


class Part(Schema):
    """A nested object: its errors travel up to the body's schema, which names their path."""

    class Meta:
        unknown = EXCLUDE
        ordered = True


class ActionItem(Part):
    title = Text(required=True, nonblank=True)
    addAsTask = Flag()


class Participant(Part):
    firstName = Text(allow_none=True)
    lastName = Text(allow_none=True)
    email = Text(allow_none=True)


class NoteBody(BasicOpsSchema):
    name = Text(required=True, nonblank=True)
    project = Id(allow_none=True)
    content = Text(allow_none=True)
    attachments = TextList()
    startTime = Instant(allow_none=True)
    endTime = Instant(allow_none=True)
    summary = Text(allow_none=True)
    actionItems = fields.List(fields.Nested(ActionItem), error_messages={
        "invalid": "Invalid %name%: must be a list of action items"})
    participants = fields.List(fields.Nested(Participant), error_messages={
        "invalid": "Invalid %name%: must be a list of participants"})


# -- messages and conversations ----------------------------------------------------------------

class MessageBody(BasicOpsSchema):
    message = Text(required=True, nonblank=True)
    attachments = TextList(metadata={"description": "upload ids; on PUT the full list to keep"})


class ReactionBody(BasicOpsSchema):
    reaction = Text(required=True, nonblank=True)


class ChatBody(BasicOpsSchema):
    user = Id(required=True)


class GroupChatBody(BasicOpsSchema):
    name = Text(allow_none=True)
    users = IdList(required=True)
    avatar = Text(allow_none=True)


class ChannelBody(BasicOpsSchema):
    name = Text(required=True, nonblank=True)
    isPublic = Flag()
    users = IdList()
    administrators = IdList()
    avatar = Text(allow_none=True)
    includeExternalUsers = Flag()
    includeClients = Flag()


# -- webhooks, bulk, files ---------------------------------------------------------------------

class WebhookBody(BasicOpsSchema):
    name = Text(allow_none=True)
    url = Text(required=True, nonblank=True)
    events = Text(required=True, nonblank=True,
                  metadata={"description": "comma-separated basicops:<collection>:<action>"})
    project = Id(allow_none=True)
    section = Id(allow_none=True)
    excludeDetails = Flag()
    signing = Choice(SIGNING, metadata={"description": 'defaults to "none"'})
    secret = Text(allow_none=True)


class BulkBody(BasicOpsSchema):
    items = fields.List(fields.Dict(), required=True, error_messages={
        "required": REQUIRED, "null": REQUIRED, "invalid": "Invalid %name%: must be a list of objects"})


class UploadUrlBody(BasicOpsSchema):
    url = Text(required=True, nonblank=True)


class CloudFileBody(BasicOpsSchema):
    fileName = Text(required=True, nonblank=True)
    contentType = Text(allow_none=True)
    cloudType = fields.Integer(required=True, strict=True, validate=validate.OneOf(
        list(CLOUD_TYPES), error="Invalid %name%: must be one of 1, 2, 3, 6"), error_messages={
        "required": REQUIRED, "null": REQUIRED, "invalid": "Invalid %name%: must be one of 1, 2, 3, 6"})
    cloudId = Text(required=True, nonblank=True)


def partial_of(cls: type[BasicOpsSchema], name: str) -> type[BasicOpsSchema]:
    """The same body with nothing required (what PATCH and PUT accept), for the OpenAPI document."""
    declared = {}
    for key, fld in cls._declared_fields.items():
        optional = copy.copy(fld)
        optional.required = False
        declared[key] = optional
    return type(name, (cls,), {"__doc__": f"{cls.__name__} with every field optional", **declared})


ProjectUpdateBody = partial_of(ProjectBody, "ProjectUpdateBody")
SectionUpdateBody = partial_of(SectionBody, "SectionUpdateBody")
TaskUpdateBody = partial_of(TaskBody, "TaskUpdateBody")
TimeEntryUpdateBody = partial_of(TimeEntryBody, "TimeEntryUpdateBody")
NoteUpdateBody = partial_of(NoteBody, "NoteUpdateBody")
GroupChatUpdateBody = partial_of(GroupChatBody, "GroupChatUpdateBody")
ChannelUpdateBody = partial_of(ChannelBody, "ChannelUpdateBody")
WebhookUpdateBody = partial_of(WebhookBody, "WebhookUpdateBody")


# -- query strings, for the OpenAPI document (filters.py reads them: names in any case, unknown ignored)

class _Query(Schema):
    class Meta:
        unknown = EXCLUDE


def _flag(text: str) -> fields.String:
    return fields.String(metadata={"description": f"{text} (true/false in any case, 1/0)"})


def _date(name: str) -> fields.String:
    return fields.String(metadata={"description": f"{name} equals: a date (its whole UTC day) or an instant"})


class ProjectListQuery(_Query):
    istemplate = _flag("true: templates only; absent or false: projects only")
    archived = _flag("true: archived projects instead of active ones")
    owner = fields.Integer()
    dueDate = _date("dueDate")
    startDate = _date("startDate")
    created = _date("created")
    updated = _date("updated")


class SectionListQuery(_Query):
    project = fields.Integer()
    created = _date("created")
    updated = _date("updated")


class TaskListQuery(_Query):
    archived = _flag("true: archived tasks instead of active ones")
    project = fields.Integer()
    section = fields.Integer()
    assignee = fields.Integer()
    dueDate = _date("dueDate")
    status = fields.String(metadata={"description": "one of the task statuses (any case)"})
    created = _date("created")
    updated = _date("updated")


class TimeEntryListQuery(_Query):
    project = fields.Integer()
    task = fields.Integer()
    startTime = _date("startTime")
    endTime = _date("endTime")
    created = _date("created")
    updated = _date("updated")


class DatedListQuery(_Query):
    created = _date("created")
    updated = _date("updated")


class UserListQuery(DatedListQuery):
    name = fields.String(metadata={"description": "first and last name (any case)"})
    email = fields.String(metadata={"description": "email address (any case)"})


class ProjectMessagesQuery(_Query):
    includeTaskMessages = _flag("true: also the messages of the project's tasks")


class DownloadQuery(_Query):
    maxSize = fields.Integer(metadata={"description": "refuse (400) a file larger than this many bytes"})
    signature = fields.String(metadata={"description": "a pre-signed URL's signature (no bearer token needed)"})
