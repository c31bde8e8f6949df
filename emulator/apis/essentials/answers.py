"""The Essentials API's answers, for its OpenAPI document: response schemas, closed (no other keys),
so the fuzz tests notice any answer that drifts from its description; the JSON Schema of the
API's own field classes; and the constants the route table's docs share."""
from __future__ import annotations

from typing import Any

from marshmallow import Schema, fields, validate

from .inputs import (
    DOCUMENT_MIMES,
    DOCUMENT_SIZE_LIMIT,
    DOCUMENT_TYPES,
    KB_SHARE_WITH,
    KB_TYPES,
    REMINDER_REPEATS,
    TODO_PRIORITIES,
    TODO_STATUSES,
    MessageSince,
    Upload,
)
from .validation import (
    Bool,
    Formatted,
    IntList,
    Numeric,
    OneOf,
    Text,
)

# --- responses -----------------------------------------------------------------------------
# What the handlers answer, for the OpenAPI document (core/openapi.py).  The handlers build their
# bodies with functions; these schemas only describe them, closed (no other keys), so the fuzz
# tests notice any answer that drifts from its description.

def _required(cls: type) -> type:
    """Every key of an answer is always present (null where the column is empty)."""
    for f in cls._declared_fields.values():
        f.required = True
    return cls


def _answer(name: str, doc: str, /, **declared: fields.Field) -> type:
    return _required(type(name, (Schema,), {"__doc__": doc, **declared}))


def _nullable_string(**kwargs: Any) -> fields.String:
    return fields.String(allow_none=True, **kwargs)


_STAMP = {"description": "Eloquent timestamp, ISO-8601 UTC: 2026-01-15T09:00:00.000000Z"}
UserRef = _answer("UserRef", "A user as `{id, name}` (name: surname first_name last_name).",
                  id=fields.Integer(), name=fields.String())


class MessageBody(Schema):
    """Laravel's error (and plain message) body."""

    message = fields.String(required=True)


class ValidationErrorBody(Schema):
    """Laravel's 422: the first error (and how many more), then every error per field."""

    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


Ok = _answer("Ok", 'Deletion done: `{"message": "OK"}`.',
             message=fields.String(validate=validate.OneOf(["OK"])))

PageLink = _answer("PageLink", "One entry of meta.links (Laravel's UrlWindow).",
                   url=_nullable_string(), label=fields.String(), active=fields.Boolean())
PageLinks = _answer("PageLinks", "First, last, previous and next page URLs.",
                    first=fields.String(), last=fields.String(), prev=_nullable_string(), next=_nullable_string())
PageMeta = _answer("PageMeta", "Laravel's paginator meta.",
                   current_page=fields.Integer(), last_page=fields.Integer(),
                   **{"from": fields.Integer(allow_none=True)}, to=fields.Integer(allow_none=True),
                   links=fields.List(fields.Nested(PageLink)), path=fields.String(), per_page=fields.Integer(),
                   total=fields.Integer())


def page_of(row: type, name: str) -> type:
    """Laravel's paginated resource collection of `row`s."""
    return _answer(name, f"A page of {row.__name__} rows.", data=fields.List(fields.Nested(row)),
                   links=fields.Nested(PageLinks), meta=fields.Nested(PageMeta))


def data_of(item: type, name: str) -> type:
    return _answer(name, f'`{{"data": {item.__name__}}}`.', data=fields.Nested(item))


# dashboard
DashboardCounts = _answer(
    "DashboardCounts", "Productivity counts; messages is null when the user may not view or create messages.",
    todos=fields.Integer(), documents=fields.Integer(), memos=fields.Integer(), reminders=fields.Integer(),
    knowledge_bases=fields.Integer(), messages=fields.Integer(allow_none=True))
Dashboard = _answer(
    "Dashboard", "GET /dashboard.",
    data=fields.Nested(_answer("DashboardData", "The counts.", counts=fields.Nested(DashboardCounts))),
    meta=fields.Nested(_answer("DashboardMeta", "Who asked.", business_id=fields.Integer(),
                               is_admin=fields.Boolean())))

# todos
_TODO_ROW = {
    "id": fields.Integer(), "task_id": _nullable_string(), "task": fields.String(),
    "date": fields.String(metadata={"description": "Y-m-d H:i:s"}),
    "end_date": _nullable_string(metadata={"description": "Y-m-d H:i:s"}),
    "status": fields.String(validate=validate.OneOf(TODO_STATUSES)),
    "priority": fields.String(allow_none=True, validate=validate.OneOf(TODO_PRIORITIES)),
    "estimated_hours": _nullable_string(metadata={"description": "a number, as the VARCHAR column holds it"}),
    "created_by": fields.Integer(), "assigned_by": fields.Nested(UserRef, allow_none=True),
    "assignees": fields.List(fields.Nested(UserRef)), "assigned_user_ids": fields.List(fields.Integer()),
    "created_at": fields.String(metadata=_STAMP), "updated_at": fields.String(metadata=_STAMP),
}
TodoRow = _answer("TodoRow", "A todo in a list.", **_TODO_ROW)
TodoComment = _answer(
    "TodoComment", "A comment on a todo, newest first.",
    id=fields.Integer(), comment=_nullable_string(), task_id=fields.Integer(), comment_by=fields.Integer(),
    created_at=fields.String(metadata=_STAMP), updated_at=fields.String(metadata=_STAMP),
    added_by=fields.Nested(UserRef, allow_none=True))
TodoMedia = _answer(
    "TodoMedia", "A file attached to a todo.",
    id=fields.Integer(), business_id=fields.Integer(), file_name=fields.String(),
    description=_nullable_string(), uploaded_by=fields.Integer(allow_none=True), model_type=fields.String(),
    model_media_type=_nullable_string(), model_id=fields.Integer(),
    created_at=fields.String(metadata=_STAMP), updated_at=fields.String(metadata=_STAMP),
    display_name=fields.String(), display_url=fields.String())
TodoDetail = _answer("TodoDetail", "A todo with its description, comments and media.",
                     **{k: v for k, v in _TODO_ROW.items() if k in ("id", "task_id", "task")},
                     description=_nullable_string(),
                     **{k: v for k, v in _TODO_ROW.items() if k not in ("id", "task_id", "task")},
                     comments=fields.List(fields.Nested(TodoComment)), media=fields.List(fields.Nested(TodoMedia)))
TodoPage = page_of(TodoRow, "TodoPage")
TodoAnswer = data_of(TodoDetail, "TodoAnswer")

# documents
_DOCUMENT_ROW = {
    "id": fields.Integer(), "business_id": fields.Integer(), "user_id": fields.Integer(),
    "type": fields.String(validate=validate.OneOf(DOCUMENT_TYPES)),
    "name": fields.String(metadata={"description": "the display name (a file's without its time prefix)"}),
    "storage_name": _nullable_string(metadata={"description": "the stored file name; null for memos"}),
    "description": _nullable_string(),
    "created_at": fields.String(metadata=_STAMP), "updated_at": fields.String(metadata=_STAMP),
}
_SHARES = {"shared_user_ids": fields.List(fields.Integer()), "shared_role_ids": fields.List(fields.Integer())}
DocumentRow = _answer("DocumentRow", "A document or memo in a list.", **_DOCUMENT_ROW)
DocumentDetail = _answer("DocumentDetail", "A document or memo with its shares.", **_DOCUMENT_ROW, **_SHARES)
DocumentPage = page_of(DocumentRow, "DocumentPage")
DocumentAnswer = data_of(DocumentDetail, "DocumentAnswer")
DocumentSharesAnswer = data_of(
    _answer("DocumentSharesResult", "The effective share lists.", document_id=fields.Integer(), **_SHARES),
    "DocumentSharesAnswer")
# what a download can be: each allowed upload type (text types with their charset) and the fallback
DOCUMENT_DOWNLOAD_TYPES = tuple(dict.fromkeys(
    [m + "; charset=UTF-8" if m.startswith("text/") else m for m in DOCUMENT_MIMES.values()]
    + ["application/octet-stream"]))

# reminders
Reminder = _answer(
    "Reminder", "A reminder of the caller.",
    id=fields.Integer(), business_id=fields.Integer(), user_id=fields.Integer(), name=fields.String(),
    date=fields.String(metadata={"description": "Y-m-d"}), time=fields.String(metadata={"description": "H:i:s"}),
    end_time=_nullable_string(metadata={"description": "H:i:s"}),
    repeat=fields.String(validate=validate.OneOf(REMINDER_REPEATS)),
    created_at=fields.String(metadata=_STAMP), updated_at=fields.String(metadata=_STAMP))
CalendarEvent = _answer(
    "CalendarEvent", "One occurrence of a reminder (Reminder::getReminders).",
    id=fields.Integer(), title=fields.String(), start=fields.String(metadata={"description": "Y-m-d H:i:s"}),
    end=fields.String(metadata={"description": "Y-m-d H:i:s"}), name=fields.String(),
    repeat=fields.String(validate=validate.OneOf(REMINDER_REPEATS)), url=fields.String(),
    allDay=fields.Boolean(), event_url=fields.String(), backgroundColor=fields.String(),
    borderColor=fields.String(), event_type=fields.String(validate=validate.OneOf(["reminder"])))
ReminderCalendar = _answer("ReminderCalendar", "Calendar mode: every event up to calendar_end.",
                           data=fields.List(fields.Nested(CalendarEvent)))
ReminderPage = page_of(Reminder, "ReminderPage")
ReminderAnswer = data_of(Reminder, "ReminderAnswer")

# messages
Message = _answer(
    "Message", "An internal message; the text is trimmed and nl2br'd.",
    id=fields.Integer(), business_id=fields.Integer(), user_id=fields.Integer(), message=fields.String(),
    location_id=fields.Integer(allow_none=True),
    created_at=fields.String(metadata=_STAMP), updated_at=fields.String(metadata=_STAMP),
    sender=fields.Nested(UserRef, allow_none=True))
MessagePage = page_of(Message, "MessagePage")
MessageAnswer = data_of(Message, "MessageAnswer")


# knowledge base
class KbNode(Schema):
    """A knowledge-base node; roots and sections carry their children, articles do not."""

    id = fields.Integer(required=True)
    business_id = fields.Integer(required=True)
    title = fields.String(required=True)
    content = _nullable_string(required=True)
    status = fields.String(required=True)
    kb_type = fields.String(required=True, validate=validate.OneOf(KB_TYPES))
    parent_id = fields.Integer(required=True, allow_none=True)
    share_with = fields.String(required=True, allow_none=True, validate=validate.OneOf(KB_SHARE_WITH),
                               metadata={"description": "roots only; null on sections and articles"})
    created_by = fields.Integer(required=True)
    created_at = fields.String(required=True, metadata=_STAMP)
    updated_at = fields.String(required=True, metadata=_STAMP)
    shared_user_ids = fields.List(fields.Integer(), required=True)
    children = fields.List(fields.Nested("KbNode"), metadata={"description": "not on articles"})


KbPage = page_of(KbNode, "KbPage")
KbAnswer = data_of(KbNode, "KbAnswer")


# The business formats are settings (d-m-Y, m-d-Y, d/m/Y or m/d/Y; H:i or h:i A), so the document
# gives their shape; the ISO dates are accepted whatever the settings say (times have no ISO leniency).
_ISO_DATE = {"type": "string", "format": "date", "description": "Y-m-d"}
_ISO_DATETIME = {"type": "string", "description": "Y-m-d H:i[:s]",
                 "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"}
_BUSINESS_DATE = r"\d{1,2}[-/]\d{1,2}[-/]\d{4}"
_BUSINESS_TIME = r"\d{1,2}:\d{2}( [AaPp][Mm])?"
_FORMATTED = {
    "datetime": {"type": "string", "description": "a date and time in the business formats, or ISO", "anyOf": [
        _ISO_DATE, _ISO_DATETIME,
        {"type": "string", "pattern": f"^{_BUSINESS_DATE} {_BUSINESS_TIME}$",
         "description": "the business date and time formats, e.g. m/d/Y H:i or d/m/Y h:i A (the time is required)"}]},
    "date": {"type": "string", "description": "a date in the business format, or ISO", "anyOf": [
        _ISO_DATE, {"type": "string", "pattern": f"^{_BUSINESS_DATE}$",
                    "description": "the business date format, e.g. m/d/Y"}]},
    "time": {"type": "string", "pattern": f"^{_BUSINESS_TIME}$",
             "description": "the business time format only: H:i (time_format 24) or h:i A (time_format 12)"},
    "ymd": _ISO_DATE,
}


def openapi_field(field: fields.Field) -> dict[str, Any] | None:
    """JSON Schema of this module's input field classes (core/openapi.py asks; null is added there)."""
    if isinstance(field, OneOf):
        return {"type": "string", "enum": list(field.choices)}
    if isinstance(field, IntList):
        return {"type": "array", "items": {"type": "integer"}}
    if isinstance(field, Upload):
        return {"type": "string", "format": "binary",
                "description": "an upload: " + ", ".join(DOCUMENT_MIMES) + f"; at most {DOCUMENT_SIZE_LIMIT} bytes"}
    if isinstance(field, Formatted):
        kind = next(k for k, parse in Formatted.PARSERS.items() if parse is field.parse)
        return _FORMATTED[kind]
    if isinstance(field, MessageSince):
        return {"type": "string", "description": "a date or instant (ISO-8601, Y-m-d or Unix time)"}
    if isinstance(field, Text):
        return {"type": "string"}
    if isinstance(field, Bool):
        return {"type": "boolean"}
    if isinstance(field, Numeric):
        return {"type": ["number", "string"], "description": "a number, or a string holding one"}
    return None


# what the write routes read: JSON, or form fields (PHP style, `ids[]=1`); uploads need multipart
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")
UPLOAD_BODY_TYPES = ("multipart/form-data", *BODY_TYPES)
ITEM_ID = {"item_id": "the record's id; a missing, invisible or non-numeric id answers 404"}
