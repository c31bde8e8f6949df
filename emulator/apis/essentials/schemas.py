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

    def validate_input(self, data: dict) -> dict:
        """load() that raises the API's 422."""
        return self.load(data)


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
