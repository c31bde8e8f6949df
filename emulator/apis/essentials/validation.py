"""The Essentials API's validation toolkit: marshmallow with Laravel 9's rules and messages.

Laravel names a field in its messages with underscores as spaces ("The per page must be between
1 and 100."), keys wildcard items by index ("assigned_user_ids.0") and turns "" into null before
validating (ConvertEmptyStringsToNull), after trimming every string (TrimStrings).
`LaravelSchema` does that for every schema; the field classes here carry Laravel's rule wording
with `:attribute` for the name.  The input schemas are in inputs.py, the answers in answers.py.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, Schema, ValidationError, fields, pre_load, validate

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
            data = {**data, "page": number if number >= 1 else 1}
            # `per_page=` is null after ConvertEmptyStringsToNull, and an optional (nullable) rule
            # passes null: the default applies, as for an absent per_page
            per_page = data.get("per_page")
            if per_page is None or (isinstance(per_page, str) and not per_page.strip()):
                data.pop("per_page", None)
            return data

    return PageQuery


