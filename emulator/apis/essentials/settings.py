"""The rules for a business's settings when the control API changes them (ApiSpec.check_settings).

`PATCH /_emulator/tenants/essentials/<business>/settings` answers 400 with these messages; the core
has already refused unknown keys and values of another JSON type.  The choices are UltimatePOS's own:
- date_format: Business::date_formats() (d-m-Y, m-d-Y, d/m/Y, m/d/Y); time_format: the enum `12`
  or `24` of the migration add_date_format_and_time_format_to_business (research §3.1);
- time_zone: a time zone name (the business settings offer timezone_identifiers_list());
- name: business.name, a varchar(255) the business settings form requires;
- essentials_settings: the keys EssentialsSettingsController::update stores, prefixes and
  instructions as text, grace minutes as whole numbers, the two flags as 0 or 1;
- todo_ref_count: reference_counts.ref_count, an int column;
- the emulator's own choices: kb_default_share_with (a share_with value), messages_default_direction
  (asc or desc);
- business_id is read-only: the business's rows, its roles (Admin#<id>) and its tenant name carry it.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Any
from zoneinfo import available_timezones

from .formats import PHP_DATE, PHP_TIME
from .inputs import KB_SHARE_WITH

READ_ONLY = ("business_id",)
NAME_MAX = 255
REF_COUNT_MAX = 2**31 - 1  # a MySQL INT
ESSENTIALS_TEXT = ("leave_ref_no_prefix", "leave_instructions", "payroll_ref_no_prefix", "essentials_todos_prefix")
ESSENTIALS_MINUTES = ("grace_before_checkin", "grace_after_checkin", "grace_before_checkout", "grace_after_checkout")
ESSENTIALS_FLAGS = ("is_location_required", "calculate_sales_target_commission_without_tax")
ESSENTIALS_KEYS = (*ESSENTIALS_TEXT, *ESSENTIALS_MINUTES, *ESSENTIALS_FLAGS)


@lru_cache(maxsize=1)
def _zones() -> frozenset[str]:
    return frozenset(available_timezones())


def _one_of(key: str, value: Any, choices: tuple[str, ...]) -> str | None:
    if value not in choices:
        return f"{key} must be one of {', '.join(choices)}, not {value!r}"
    return None


def _whole(value: Any) -> bool:
    return type(value) is int or (isinstance(value, str) and value.isascii() and value.isdigit())


def _essentials_settings(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return ["essentials_settings must be an object"]
    problems = []
    unknown = sorted(set(value) - set(ESSENTIALS_KEYS))
    if unknown:
        problems.append(f"essentials_settings has unknown keys {unknown}; known: {list(ESSENTIALS_KEYS)}")
    for key, item in value.items():
        name = f"essentials_settings.{key}"
        if key in ESSENTIALS_TEXT and item is not None and not isinstance(item, str):
            problems.append(f"{name} must be a string or null")
        elif key in ESSENTIALS_MINUTES and item is not None and not (_whole(item) and int(item) >= 0):
            problems.append(f"{name} must be a whole number of minutes (0 or more) or null")
        elif key in ESSENTIALS_FLAGS and (type(item) is not int or item not in (0, 1)):
            problems.append(f"{name} must be 0 or 1")
    return problems


def _problem(key: str, value: Any) -> list[str]:
    """What is wrong with one setting's new value (nothing: [])."""
    if key in READ_ONLY:
        return [f"{key} is read-only (the business's id, carried by its rows, its roles and its tenant)"]
    if key == "date_format":
        found = _one_of(key, value, tuple(PHP_DATE))
    elif key == "time_format":
        found = _one_of(key, value, tuple(PHP_TIME))
    elif key == "time_zone":
        found = None if isinstance(value, str) and value in _zones() else f"time_zone must be a time zone name " \
            f"such as UTC or Europe/Berlin, not {value!r}"
    elif key == "name":
        found = None if isinstance(value, str) and value.strip() and len(value) <= NAME_MAX else \
            f"name must be a non-blank string of at most {NAME_MAX} characters"
    elif key == "todo_ref_count":
        found = None if type(value) is int and 0 <= value <= REF_COUNT_MAX else \
            f"todo_ref_count must be a whole number from 0 to {REF_COUNT_MAX}"
    elif key == "kb_default_share_with":
        found = _one_of(key, value, KB_SHARE_WITH)
    elif key == "messages_default_direction":
        found = _one_of(key, value, ("asc", "desc"))
    elif key == "essentials_settings":
        return _essentials_settings(value)
    elif key in ("essentials_installed", "essentials_in_subscription", "essentials_enabled", "demo_mode"):
        found = None if isinstance(value, bool) else f"{key} must be true or false"
    else:
        found = None
    return [found] if found else []


def check_settings(current: dict[str, Any], changes: dict[str, Any]) -> None:
    """ApiSpec.check_settings: ValueError (answered 400) naming every refused key and why."""
    problems = [p for key, value in changes.items() for p in _problem(key, value)]
    if problems:
        raise ValueError("; ".join(problems))
