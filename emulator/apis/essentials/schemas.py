"""Marshmallow schemas of the Essentials API: validation in (with Laravel 9's messages), shapes out.

Laravel names a field in its messages with underscores as spaces ("The per page must be between
1 and 100."), keys wildcard items by index ("assigned_user_ids.0") and turns "" into null before
validating (ConvertEmptyStringsToNull), after trimming every string (TrimStrings).
`LaravelSchema` does that for every schema here; the
fields below carry Laravel's rule wording with `:attribute` for the name.

Resource schemas are grouped by resource family below the shared part.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate, validates_schema

from .context import business, business_role_ids, business_user_ids
from .errors import invalid
from .formats import FormatError, parse_date, parse_datetime, parse_time, parse_ymd

REQUIRED = "The :attribute field is required."


def attribute(name: str) -> str:
    return name.replace("_", " ") if "." not in name else name


def _flatten(errors: Any, prefix: str = "") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            if key == "_schema":
                name = prefix or "_schema"
            for k, msgs in _flatten(value, name).items():
                out.setdefault(k, []).extend(msgs)
    elif isinstance(errors, list):
        out[prefix] = [m.replace(":attribute", attribute(prefix)) for m in errors if isinstance(m, str)]
        for item in errors:
            if isinstance(item, dict):
                for k, msgs in _flatten(item, prefix).items():
                    out.setdefault(k, []).extend(msgs)
        if not out[prefix]:
            del out[prefix]
    return out


class LaravelSchema(Schema):
    """Unknown keys are ignored, "" counts as null, errors become a Laravel 422."""

    class Meta:
        unknown = EXCLUDE

    @pre_load
    def _trim_strings_empty_to_null(self, data: Any, **_: Any) -> Any:
        if not isinstance(data, dict):
            return {}
        return {k: ((v.strip() or None) if isinstance(v, str) else v) for k, v in data.items()}

    def handle_error(self, error: ValidationError, data: Any, **_: Any) -> None:
        raise invalid(_flatten(error.messages))

    @classmethod
    def check(cls, data: dict) -> dict:
        """load() that raises the API's 422, on one shared instance per schema class: building a
        schema costs a sixth of a create (bench/results.md) and schemas keep no request state."""
        instance = cls.__dict__.get("_shared")
        if instance is None:
            instance = cls()
            cls._shared = instance  # on this class itself, never inherited by a subclass
        return instance.load(data)


def _msgs(**extra: str) -> dict[str, str]:
    return {"required": REQUIRED, "null": REQUIRED, **extra}


class Int(fields.Integer):
    """Laravel `integer`: whole numbers, or strings of one (form and query input)."""

    default_error_messages = _msgs(invalid="The :attribute must be an integer.",
                                   too_large="The :attribute must be an integer.")

    def _validated(self, value: Any) -> int:
        if isinstance(value, bool):
            return int(value)
        if isinstance(value, int):
            return value
        if isinstance(value, float) and value.is_integer():
            return int(value)
        if isinstance(value, str):
            text = value.strip()
            if text.lstrip("+-").isdigit() and len(text) <= 19:
                return int(text)
        raise self.make_error("invalid")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> int:
        return self._validated(value)


class Str(fields.String):
    default_error_messages = _msgs(invalid="The :attribute must be a string.")

    def __init__(self, *args: Any, max_length: int | None = None, min_length: int | None = None,
                 **kwargs: Any) -> None:
        validators = list(kwargs.pop("validate", []) or [])
        if min_length is not None:
            validators.append(validate.Length(
                min=min_length, error=f"The :attribute must be at least {min_length} characters."))
        if max_length is not None:
            validators.append(validate.Length(
                max=max_length, error=f"The :attribute must not be greater than {max_length} characters."))
        super().__init__(*args, validate=validators, **kwargs)

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        # Laravel's `string` rejects numbers; form input is always a string anyway
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return value


class Numeric(fields.Field):
    """Laravel `numeric`, kept as the string the VARCHAR column would hold."""

    default_error_messages = _msgs(invalid="The :attribute must be a number.")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if isinstance(value, bool):
            raise self.make_error("invalid")
        if isinstance(value, float) and (value != value or value in (float("inf"), float("-inf"))):
            raise self.make_error("invalid")  # JSON 1e400 parses as infinity
        if isinstance(value, (int, float)):
            return str(value) if not (isinstance(value, float) and value.is_integer()) else str(int(value))
        if isinstance(value, str):
            try:
                float(value)
            except ValueError:
                raise self.make_error("invalid") from None
            if value.strip().lower() in ("nan", "inf", "-inf", "infinity", "-infinity", "+inf"):
                raise self.make_error("invalid")
            return value.strip()
        raise self.make_error("invalid")


class Bool(fields.Field):
    """Laravel `boolean`: true, false, 1, 0, "1", "0" (plus "true"/"false" from query strings)."""

    default_error_messages = _msgs(invalid="The :attribute field must be true or false.")
    TRUE = (True, 1, "1", "true")
    FALSE = (False, 0, "0", "false")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if isinstance(value, str):
            value = value.strip().lower()
        if value in self.TRUE and not isinstance(value, float):
            return True
        if value in self.FALSE and not isinstance(value, float):
            return False
        raise self.make_error("invalid")


class OneOf(fields.Field):
    """Laravel `in:a,b,c`."""

    default_error_messages = _msgs(invalid="The selected :attribute is invalid.")

    def __init__(self, choices: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = choices

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str) or value not in self.choices:
            raise self.make_error("invalid")
        return value


class IntList(fields.Field):
    """Laravel `array` + `ids.*` => `integer` (+ `exists` when `known` is given).

    Item errors are keyed "ids.0"; duplicates collapse, as a pivot sync would.
    """

    default_error_messages = _msgs(invalid="The :attribute must be an array.")

    def __init__(self, known: Callable[[], set[int]] | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.known = known

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> list[int]:
        if isinstance(value, dict):  # PHP form arrays with explicit keys
            value = list(value.values())
        if not isinstance(value, list):
            raise self.make_error("invalid")
        known = self.known() if self.known is not None else None
        out, errors = [], {}
        item = Int()
        for i, v in enumerate(value):
            try:
                number = item._validated(v)
            except ValidationError:
                errors[i] = ["The :attribute must be an integer."]
                continue
            if known is not None and number not in known:
                errors[i] = ["The selected :attribute is invalid."]
            out.append(number)
        if errors:
            raise ValidationError(errors)
        return list(dict.fromkeys(out))


def BusinessUserIds(**kwargs: Any) -> IntList:  # noqa: N802 - a field, named like one
    """Ids of users of the caller's business."""
    return IntList(known=business_user_ids, **kwargs)


def BusinessRoleIds(**kwargs: Any) -> IntList:  # noqa: N802
    """Ids of roles of the caller's business."""
    return IntList(known=business_role_ids, **kwargs)


class Text(fields.Field):
    """A date/time string whose format the handler checks against the business settings."""

    default_error_messages = _msgs(invalid="The :attribute is not a valid date.")

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        if not isinstance(value, str):
            raise self.make_error("invalid")
        return value


class Formatted(Text):
    """A date or time in a fixed or business format: "The :attribute does not match the format X."."""

    PARSERS: dict[str, Callable[[Any], str]] = {
        "datetime": lambda v: parse_datetime(v, business()),  # todos: uf_date(x, true)
        "date": lambda v: parse_date(v, business()),  # reminders: uf_date(x)
        "time": lambda v: parse_time(v, business()),  # reminders: uf_time(x)
        "ymd": lambda v: parse_ymd(v).isoformat(),  # list filters: date_format:Y-m-d
    }

    def __init__(self, kind: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.parse = self.PARSERS[kind]

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> str:
        try:  # a non-string fails the format too, as Laravel's date_format rule says
            return self.parse(value)
        except FormatError as exc:
            raise ValidationError(f"The :attribute does not match the format {exc.fmt}.") from None


def filled(value: Any) -> bool:
    """Laravel's notion of a present input: not null, not blank, not an empty array."""
    return not (value is None or (isinstance(value, str) and not value.strip()) or value in ([], {}))


def pair_errors(data: Any, first: str, second: str) -> dict[str, list[str]]:
    """Laravel `required_with` both ways: "The end date field is required when start date is present."."""
    data = data if isinstance(data, dict) else {}
    errors: dict[str, list[str]] = {}
    if filled(data.get(first)) and not filled(data.get(second)):
        errors[second] = [f"The {attribute(second)} field is required when {attribute(first)} is present."]
    if filled(data.get(second)) and not filled(data.get(first)):
        errors[first] = [f"The {attribute(first)} field is required when {attribute(second)} is present."]
    return errors


def require_pair(data: Any, first: str, second: str) -> None:
    """For @validates_schema(pass_original=True): raise the pair's errors."""
    errors = pair_errors(data, first, second)
    if errors:
        raise ValidationError(errors)


# --- list queries (shared by every list endpoint) -------------------------------------------

def page_schema(default_per_page: int = 20, max_per_page: int = 100, sorts: tuple[str, ...] = ()) -> type:
    """A query schema with `page`, `per_page` (1..max), `q` (min 2), `sort` and `direction`."""

    class PageQuery(LaravelSchema):
        page = Int(load_default=1)
        per_page = Int(load_default=default_per_page, validate=validate.Range(
            min=1, max=max_per_page, error=f"The :attribute must be between 1 and {max_per_page}."))
        q = Str(min_length=2, max_length=255, allow_none=True, load_default=None)
        sort = OneOf(sorts, allow_none=True, load_default=None)
        direction = OneOf(("asc", "desc"), allow_none=True, load_default=None)

        @pre_load
        def _page(self, data: Any, **_: Any) -> Any:
            # Laravel's paginator silently reads a bad page as 1
            page = data.get("page") if isinstance(data, dict) else None
            try:
                number = int(page) if page is not None else 1
            except (TypeError, ValueError):
                number = 1
            return {**data, "page": number if number >= 1 else 1}

    return PageQuery


# --- todos ---------------------------------------------------------------------------------

TODO_PRIORITIES = ("low", "medium", "high", "urgent")
TODO_STATUSES = ("new", "in_progress", "on_hold", "completed")
TODO_SORTS = ("date", "end_date", "created_at", "updated_at", "status", "priority", "task_id")


class TodoListQuery(page_schema(20, 100, TODO_SORTS)):
    """GET /todos query (seed: per_page 1-100 default 20; start_date+end_date together; q min 2)."""

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


class ReminderListQuery(page_schema(20, 100, REMINDER_SORTS)):
    """GET /reminders: calendar_start+calendar_end (Y-m-d, together) switch to calendar mode;
    otherwise list mode with start_date+end_date (together), q (min 2), sort, direction."""

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

        from .formats import FormatError, parse_instant

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
# gives their shape; the ISO forms are accepted whatever the settings say.
_ISO_DATE = {"type": "string", "format": "date", "description": "Y-m-d"}
_ISO_DATETIME = {"type": "string", "description": "Y-m-d H:i[:s]",
                 "pattern": r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])[ T]([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$"}
_ISO_TIME = {"type": "string", "pattern": r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$", "description": "H:i[:s]"}
_BUSINESS_DATE = r"\d{1,2}[-/]\d{1,2}[-/]\d{4}"
_BUSINESS_TIME = r"\d{1,2}:\d{2}( [AaPp][Mm])?"
_FORMATTED = {
    "datetime": {"type": "string", "description": "a date and time in the business formats, or ISO", "anyOf": [
        _ISO_DATE, _ISO_DATETIME,
        {"type": "string", "pattern": f"^{_BUSINESS_DATE}( {_BUSINESS_TIME})?$",
         "description": "the business date and time formats, e.g. m/d/Y H:i or d/m/Y h:i A"}]},
    "date": {"type": "string", "description": "a date in the business format, or ISO", "anyOf": [
        _ISO_DATE, {"type": "string", "pattern": f"^{_BUSINESS_DATE}$",
                    "description": "the business date format, e.g. m/d/Y"}]},
    "time": {"type": "string", "description": "a time in the business format, or H:i[:s]", "anyOf": [
        _ISO_TIME, {"type": "string", "pattern": f"^{_BUSINESS_TIME}$",
                    "description": "the business time format: H:i or h:i A"}]},
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
