"""The Essentials API's input schemas, per resource family: what each operation accepts, validated
with Laravel's rules and messages (validation.py)."""
from __future__ import annotations

from typing import Any

from marshmallow import EXCLUDE, ValidationError, fields, pre_load, validates_schema

from .errors import invalid
from .formats import FormatError
from .validation import (
    REQUIRED,
    Bool,
    BusinessRoleIds,
    BusinessUserIds,
    Formatted,
    Int,
    LaravelSchema,
    Numeric,
    OneOf,
    Str,
    Text,
    _flatten,
    _msgs,
    filled,
    page_schema,
    pair_errors,
    require_pair,
)

# --- todos ---------------------------------------------------------------------------------

TODO_PRIORITIES = ("low", "medium", "high", "urgent")
TODO_STATUSES = ("new", "in_progress", "on_hold", "completed")
TODO_SORTS = ("date", "end_date", "created_at", "updated_at", "status", "priority", "task_id")


class TodoListQuery(page_schema(20, 100, TODO_SORTS)):
    """GET /todos query (seed: per_page 1-100 default 20; start_date+end_date together; q min 2).

    Its answer to no parameters is computed once (todos.list_query): keep its load defaults constant."""

    priority = OneOf(TODO_PRIORITIES, allow_none=True, load_default=None)
    status = OneOf(TODO_STATUSES, allow_none=True, load_default=None)
    user_id = Int(allow_none=True, load_default=None)
    start_date = Formatted("ymd", allow_none=True, load_default=None)
    end_date = Formatted("ymd", allow_none=True, load_default=None)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _pair(self, data: dict, original: Any, **_: Any) -> None:
        require_pair(original, "start_date", "end_date")


class _TodoFields(LaravelSchema):
    task = Str(required=True)
    date = Formatted("datetime", required=True)
    description = Str(allow_none=True)
    estimated_hours = Numeric(allow_none=True)
    priority = OneOf(TODO_PRIORITIES, allow_none=True)
    status = OneOf(TODO_STATUSES, allow_none=True)
    end_date = Formatted("datetime", allow_none=True)
    assigned_user_ids = BusinessUserIds(allow_none=True)


class TodoCreate(_TodoFields):
    """POST /todos: task and date required; status defaults to new (applied by the handler)."""


class TodoUpdate(_TodoFields):
    """PUT/PATCH /todos/{id} without only_status: task, date and status required."""

    only_status = Bool(allow_none=True)
    status = OneOf(TODO_STATUSES, required=True)


class TodoOnlyStatusFlag(LaravelSchema):
    only_status = Bool(allow_none=True, load_default=None)


class TodoStatusUpdate(LaravelSchema):
    """PUT/PATCH /todos/{id} with only_status true: status required, everything else ignored."""

    only_status = Bool(allow_none=True)
    status = OneOf(TODO_STATUSES, required=True)


# --- documents -----------------------------------------------------------------------------

DOCUMENT_TYPES = ("document", "memos")
DOCUMENT_SORTS = ("created_at", "name")
# config/constants.php document_upload_mimes_types (by extension) and document_size_limit (bytes)
DOCUMENT_MIMES = {
    "pdf": "application/pdf", "csv": "text/csv", "zip": "application/zip", "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpeg": "image/jpeg", "jpg": "image/jpeg", "png": "image/png",
}
DOCUMENT_SIZE_LIMIT = 5_000_000


class Upload(fields.Field):
    """Laravel `file|mimes:pdf,csv,...|max:5000`: an uploaded file -> {filename, mime_type, content}.

    The type is judged by the client filename's extension (Laravel sniffs the content: a documented
    leniency); the filename is cut to its last path segment as Symfony's UploadedFile does.
    """

    default_error_messages = _msgs(
        invalid="The :attribute must be a file.",
        mimes="The :attribute must be a file of type: " + ", ".join(DOCUMENT_MIMES) + ".",
        too_large=f"The :attribute must not be greater than {DOCUMENT_SIZE_LIMIT // 1000} kilobytes.",
        too_long="The :attribute must not be greater than 5000 characters.")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> dict[str, Any]:
        from werkzeug.datastructures import FileStorage

        msgs = self.error_messages
        if not isinstance(value, FileStorage):
            # `file` and `mimes` fail for anything that is not an upload; `max` counts a string's length
            errors = [msgs["invalid"], msgs["mimes"]]
            if isinstance(value, str) and len(value) > 5000:
                errors.append(msgs["too_long"])
            raise ValidationError(errors)
        filename = _client_filename(value)
        content = value.read()
        ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
        errors = []
        if ext not in DOCUMENT_MIMES:
            errors.append(msgs["mimes"])
        if len(content) > DOCUMENT_SIZE_LIMIT:
            errors.append(msgs["too_large"])
        if errors:
            raise ValidationError(errors)
        return {"filename": filename, "mime_type": DOCUMENT_MIMES[ext], "content": content}


_FILENAME_PARAM = r'(?:^|;)\s*filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;]*))'


def _client_filename(upload: Any) -> str:
    """The client filename as PHP reads it: only \\ and \" are escapes; the last path segment.

    Werkzeug unescapes every backslash pair, which would turn "C:\\docs\\a.pdf" into "C:docsa.pdf".
    """
    import re

    raw = upload.headers.get("Content-Disposition", "") if upload.headers else ""
    match = re.search(_FILENAME_PARAM, raw, re.IGNORECASE)
    if match is None:
        name = upload.filename or ""
    elif match.group(1) is not None:
        name = re.sub(r'\\([\\"])', r"\1", match.group(1))
    else:
        name = match.group(2).strip()
    return name.replace("\\", "/").rsplit("/", 1)[-1]


def _type_of(data: dict) -> str:
    value = data.get("type")
    return value if isinstance(value, str) else ""


def _ranked(errors: dict[str, list[str]], ranking: tuple[str, ...]) -> dict[str, list[str]]:
    """Errors in the order of the controller's rules (Laravel reports them rule by rule)."""
    return {k: errors[k] for k in sorted(errors, key=lambda k: ranking.index(k) if k in ranking else len(ranking))}


class DocumentListQuery(page_schema(20, 100, DOCUMENT_SORTS)):
    """GET /documents query (seed: type required; start_date+end_date together, Y-m-d; q min 2)."""

    ORDER = ("type", "per_page", "page", "start_date", "end_date", "q", "sort", "direction")

    type = OneOf(DOCUMENT_TYPES, required=True)
    start_date = Formatted("ymd", allow_none=True, load_default=None)
    end_date = Formatted("ymd", allow_none=True, load_default=None)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _pair(self, data: dict, original: Any, **_: Any) -> None:
        require_pair(original, "start_date", "end_date")

    def handle_error(self, error: ValidationError, data: Any, **_: Any) -> None:
        raise invalid(_ranked(_flatten(error.messages), self.ORDER))


class DocumentCreate(LaravelSchema):
    """POST /documents: type required; a memo needs `name`, a document a `file` upload.

    Fields of the other type are ignored (a memo's stray file, a document's name).
    """

    ORDER = ("type", "name", "description", "file")

    type = OneOf(DOCUMENT_TYPES, required=True)
    name = Str(max_length=255, allow_none=True, load_default=None)
    description = Str(max_length=255, allow_none=True, load_default=None)
    file = Upload(allow_none=True, load_default=None)

    @pre_load
    def _only_fields_of_the_type(self, data: Any, **_: Any) -> Any:
        # the other type's field is ignored
        if not isinstance(data, dict):
            return data
        drop = {"document": "name", "memos": "file"}.get(_type_of(data))
        return {k: v for k, v in data.items() if k != drop}

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _required_for_type(self, data: dict, original: Any, **_: Any) -> None:
        raw = original if isinstance(original, dict) else {}
        needed = {"document": "file", "memos": "name"}.get(_type_of(raw))
        if needed and not filled(raw.get(needed)):
            raise ValidationError({needed: [REQUIRED]})

    def handle_error(self, error: ValidationError, data: Any, **_: Any) -> None:
        raise invalid(_ranked(_flatten(error.messages), self.ORDER))


class DocumentShares(LaravelSchema):
    """PUT/PATCH /documents/{id}/shares: an omitted key leaves that type alone; null or [] clears it."""

    shared_user_ids = BusinessUserIds(allow_none=True)
    shared_role_ids = BusinessRoleIds(allow_none=True)

# --- reminders -----------------------------------------------------------------------------

REMINDER_REPEATS = ("one_time", "every_day", "every_week", "every_month")
REMINDER_SORTS = ("date", "time", "name", "created_at", "updated_at", "repeat")
REMINDER_FIELDS = ("name", "date", "time", "end_time", "repeat")


class ReminderCalendarQuery(LaravelSchema):
    """GET /reminders in calendar mode (calendar_start and calendar_end both sent): only these two
    are validated; the list parameters are ignored (seed: "per_page, page, q, sort, direction — List
    mode only"; start_date/end_date "filters list mode")."""

    calendar_start = Formatted("ymd", required=True)
    calendar_end = Formatted("ymd", required=True)

    @classmethod
    def applies(cls, params: dict) -> bool:
        """Both calendar dates sent (not blank): the request is in calendar mode."""
        return filled(params.get("calendar_start")) and filled(params.get("calendar_end"))


class ReminderListQuery(page_schema(20, 100, REMINDER_SORTS)):
    """GET /reminders: calendar_start+calendar_end (Y-m-d, together) switch to calendar mode
    (ReminderCalendarQuery); otherwise list mode with start_date+end_date (together), q (min 2),
    sort, direction, and a lone calendar_start or calendar_end asks for its pair."""

    calendar_start = Formatted("ymd", allow_none=True, load_default=None)
    calendar_end = Formatted("ymd", allow_none=True, load_default=None)
    start_date = Formatted("ymd", allow_none=True, load_default=None)
    end_date = Formatted("ymd", allow_none=True, load_default=None)

    @validates_schema(pass_original=True, skip_on_field_errors=False)
    def _pairs(self, data: dict, original: Any, **_: Any) -> None:
        errors = {**pair_errors(original, "calendar_start", "calendar_end"),
                  **pair_errors(original, "start_date", "end_date")}
        if errors:
            raise ValidationError(errors)


class ReminderCreate(LaravelSchema):
    """POST /reminders: name, date, time and repeat required; end_time optional."""

    name = Str(required=True, max_length=255)
    date = Formatted("date", required=True)
    time = Formatted("time", required=True)
    end_time = Formatted("time", allow_none=True, load_default=None)
    repeat = OneOf(REMINDER_REPEATS, required=True)


class ReminderUpdate(LaravelSchema):
    """PUT/PATCH /reminders/{id}: any of the create fields; a sent field must be valid (end_time may be null)."""

    name = Str(max_length=255)
    date = Formatted("date")
    time = Formatted("time")
    end_time = Formatted("time", allow_none=True)
    repeat = OneOf(REMINDER_REPEATS)


# --- messages ------------------------------------------------------------------------------

class MessageSince(Text):
    """Laravel `date`: anything Carbon could parse; kept as an aware datetime."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> Any:
        from datetime import UTC, datetime, timedelta

        from .formats import parse_instant

        try:
            instant = parse_instant(value)
        except (FormatError, ValueError, OverflowError, OSError):  # also epoch values out of range
            raise ValidationError("The :attribute is not a valid date.") from None
        try:
            return instant.astimezone(UTC)
        except OverflowError:  # in UTC it falls outside datetime's years 1-9999: before or after everything
            east = (instant.utcoffset() or timedelta(0)) > timedelta(0)
            return (datetime.min if east else datetime.max).replace(tzinfo=UTC)


class MessageListQuery(page_schema(50, 100, ("created_at",))):
    """GET /messages: per_page 1-100 default 50, since (date), others_only (boolean), sort created_at."""

    class Meta(LaravelSchema.Meta):
        exclude = ("q",)  # messages have no search

    since = MessageSince(allow_none=True, load_default=None)
    others_only = Bool(allow_none=True, load_default=None)


class MessageLocationId(Int):
    """Laravel `integer|exists:business_locations,id` within the caller's business."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        from .context import table

        location_id = self._validated(value)
        if table("locations").get(location_id) is None:
            raise ValidationError("The selected :attribute is invalid.")
        return location_id


class MessageCreate(LaravelSchema):
    """POST /messages: message required string; location_id optional, a location of the business."""

    message = Str(required=True)
    location_id = MessageLocationId(allow_none=True, load_default=None)


# --- knowledge base ------------------------------------------------------------------------

KB_TYPES = ("knowledge_base", "section", "article")
KB_SHARE_WITH = ("public", "private", "only_with")
_KB_INVALID_NULL = {"null": "The selected :attribute is invalid."}


class KbListQuery(page_schema(20, 100)):
    """GET /knowledge-base: page, per_page (1..100, default 20), q (min 2); no sort (ignored)."""

    class Meta:
        unknown = EXCLUDE
        exclude = ("sort", "direction")


class KbCreate(LaravelSchema):
    """POST /knowledge-base; the hierarchy and id checks live in knowledge_base.py."""

    title = Str(required=True, max_length=255)
    content = Str(allow_none=True, load_default=None)
    kb_type = OneOf(KB_TYPES, allow_none=True, load_default=None)
    parent_id = Int(allow_none=True, load_default=None)
    share_with = OneOf(KB_SHARE_WITH, allow_none=True, load_default=None)
    shared_user_ids = BusinessUserIds(allow_none=True, load_default=None)


class KbUpdate(LaravelSchema):
    """PUT/PATCH /knowledge-base/{id}: partial; a key that is sent must be valid."""

    title = Str(max_length=255)
    content = Str(allow_none=True)
    share_with = OneOf(KB_SHARE_WITH, error_messages=_KB_INVALID_NULL)
    shared_user_ids = BusinessUserIds(allow_none=True)


