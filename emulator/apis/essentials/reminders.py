"""Essentials reminders: always the caller's own (another user's id answers 404 like a missing one).

    GET    {base}/reminders            calendar mode (calendar_start + calendar_end) or a paginated list
    POST   {base}/reminders            201 {"data": reminder}
    GET    {base}/reminders/{id}       {"data": reminder}
    PUT    {base}/reminders/{id}       partial update (PATCH too); nothing to update -> 422
    DELETE {base}/reminders/{id}       {"message": "OK"}

Calendar mode reproduces Reminder::getReminders: every reminder of the user, repeating ones from
their own date while the date is <= calendar_end (calendar_start is ignored, as there), one_time ones
always once, months added with PHP's strtotime('+1 month') overflow (01-31 -> 03-03, not 02-28).
The web controller returned the bare event array; the API wraps it as {"data": [...]} (an inference).
Calendar mode validates calendar_start and calendar_end only (seed: "per_page, page, q, sort,
direction — List mode only"); times follow the business time_format strictly (formats.parse_time).
"""
from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from flask import request

from ...core.api import Route
from ...core.forms import json_or_form, php_params
from ...core.openapi import Doc
from . import context
from .answers import BODY_TYPES, ITEM_ID, Ok, ReminderAnswer, ReminderCalendar, ReminderPage
from .context import BASE, my_id, table, web_root
from .errors import no_fields_to_update, not_found
from .formats import timestamp
from .inputs import REMINDER_FIELDS, ReminderCalendarQuery, ReminderCreate, ReminderListQuery, ReminderUpdate
from .paging import like, order, paginate

COLUMNS = ("id", "business_id", "user_id", "name", "date", "time", "end_time", "repeat",
           "created_at", "updated_at")
# MySQL sorts an ENUM column by the position of its values, not alphabetically
REPEAT_ORDER = {"one_time": 1, "every_day": 2, "every_week": 3, "every_month": 4}
EVENT_COLOR = "#ff851b"
# PHP would loop (and run out of memory) on absurd ranges; the emulator stops at this many events
MAX_CALENDAR_EVENTS = 20000


# -- domain ---------------------------------------------------------------------------------------

def serialize(reminder: dict[str, Any]) -> dict[str, Any]:
    return {k: reminder.get(k) for k in COLUMNS}


def mine(user_id: int) -> list[dict[str, Any]]:
    """The user's reminders in id order (the query getReminders runs)."""
    rows = table("reminders").filter(lambda r: r.get("user_id") == user_id)
    return sorted(rows, key=lambda r: r["id"])


def find_mine(item_id: str, user_id: int) -> dict[str, Any]:
    reminder = table("reminders").get(item_id)
    if reminder is None or reminder.get("user_id") != user_id:
        raise not_found()
    return reminder


def php_add_month(day: date) -> date:
    """strtotime('+1 month'): the same day number one month on, overflowing into the next month."""
    year, month = (day.year + 1, 1) if day.month == 12 else (day.year, day.month + 1)
    return date(year, month, 1) + timedelta(days=day.day - 1)


_STEPS = {
    "every_day": lambda d: d + timedelta(days=1),
    "every_week": lambda d: d + timedelta(weeks=1),
    "every_month": php_add_month,
}


def occurrences(reminder: dict[str, Any], end: str) -> Iterator[str]:
    """The Y-m-d dates getReminders emits for one reminder up to `end` (a Y-m-d string)."""
    repeat = reminder.get("repeat")
    if repeat == "one_time":
        yield reminder["date"]
        return
    step = _STEPS.get(repeat)
    if step is None:
        return
    current = date.fromisoformat(reminder["date"])
    while current.isoformat() <= end:
        yield current.isoformat()
        try:
            current = step(current)
        except (OverflowError, ValueError):  # past year 9999
            return


def event(reminder: dict[str, Any], day: str, web_root: str) -> dict[str, Any]:
    start = f"{day} {reminder['time']}"
    end = f"{day} {reminder.get('end_time') or reminder['time']}"
    return {
        "id": reminder["id"],
        "title": reminder["name"],
        "start": start,
        "end": end,
        "name": reminder["name"],
        "repeat": reminder["repeat"],
        "url": f"{web_root}/essentials/reminder/{reminder['id']}",
        "allDay": False,
        "event_url": f"{web_root}/essentials/reminder",
        "backgroundColor": EVENT_COLOR,
        "borderColor": EVENT_COLOR,
        "event_type": "reminder",
    }


def calendar_events(user_id: int, calendar_end: str, web_root: str,
                    limit: int = MAX_CALENDAR_EVENTS) -> list[dict[str, Any]]:
    """Reminder::getReminders for one user (calendar_start plays no part, as in UltimatePOS)."""
    events: list[dict[str, Any]] = []
    for reminder in mine(user_id):
        for day in occurrences(reminder, calendar_end):
            if len(events) >= limit:
                return events
            events.append(event(reminder, day, web_root))
    return events


def search(rows: list[dict[str, Any]], start: str | None, end: str | None,
           q: str | None) -> list[dict[str, Any]]:
    if start is not None and end is not None:
        rows = [r for r in rows if start <= r["date"] <= end]
    if q is not None:
        pattern = like(q)
        rows = [r for r in rows if pattern.search(r.get("name") or "")]
    return rows


def sort(rows: list[dict[str, Any]], key: str | None, direction: str | None) -> list[dict[str, Any]]:
    """ORDER BY as MySQL would: ENUM by position, names case-insensitively (a *_ci collation)."""
    special = {"repeat": lambda r: REPEAT_ORDER.get(r.get("repeat"), 0),
               "name": lambda r: (r.get("name") or "").casefold()}
    if key in special:
        desc = direction == "desc"
        rows = sorted(rows, key=lambda r: r["id"], reverse=desc)
        return sorted(rows, key=special[key], reverse=desc)
    return order(rows, key, direction)


def create(user_id: int, fields: dict[str, Any]) -> dict[str, Any]:
    now = timestamp()
    return table("reminders").insert({
        "business_id": context.business_id(), "user_id": user_id, "name": fields["name"],
        "date": fields["date"], "time": fields["time"], "end_time": fields.get("end_time"),
        "repeat": fields["repeat"], "created_at": now, "updated_at": now,
    })


def update(reminder: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    if not changes:
        raise no_fields_to_update()
    return table("reminders").update(reminder["id"], {**changes, "updated_at": timestamp()})


# -- HTTP -----------------------------------------------------------------------------------------

def list_reminders() -> Any:
    params = php_params(request.args)
    if ReminderCalendarQuery.applies(params):
        dates = ReminderCalendarQuery.check(params)
        return {"data": calendar_events(my_id(), dates["calendar_end"], web_root())}
    query = ReminderListQuery.check(params)
    rows = search(mine(my_id()), query["start_date"], query["end_date"], query["q"])
    rows = sort(rows, query["sort"], query["direction"])
    return paginate(rows, query["page"], query["per_page"], serialize)


def create_reminder() -> Any:
    fields = ReminderCreate.check(json_or_form(request))
    return {"data": serialize(create(my_id(), fields))}, 201


def show_reminder(item_id: str) -> Any:
    return {"data": serialize(find_mine(item_id, my_id()))}


def update_reminder(item_id: str) -> Any:
    reminder = find_mine(item_id, my_id())
    changes = ReminderUpdate.check(json_or_form(request))
    changes = {k: changes[k] for k in REMINDER_FIELDS if k in changes}
    return {"data": serialize(update(reminder, changes))}


def delete_reminder(item_id: str) -> Any:
    reminder = find_mine(item_id, my_id())
    table("reminders").delete(reminder["id"])
    return {"message": "OK"}


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/reminders", "reminders_list", list_reminders,
              doc=Doc("List Essentials reminders", tags=["reminders"], query=ReminderListQuery,
                  responses={200: ([ReminderPage, ReminderCalendar], "A page of reminders, or calendar events")},
                  errors=[422], description="calendar_start with calendar_end switch to calendar mode.")),
        Route("POST", f"{BASE}/reminders", "reminders_create", create_reminder,
              doc=Doc("Create Essentials reminder", tags=["reminders"], body=ReminderCreate, content_types=BODY_TYPES,
                  responses={201: ReminderAnswer}, errors=[422])),
        Route("GET", f"{BASE}/reminders/<item_id>", "reminders_get", show_reminder,
              doc=Doc("Get Essentials reminder", tags=["reminders"], responses={200: ReminderAnswer}, errors=[404],
                  path_params=ITEM_ID)),
        Route(("PUT", "PATCH"), f"{BASE}/reminders/<item_id>", "reminders_update", update_reminder,
              doc=Doc("Update Essentials reminder", tags=["reminders"], body=ReminderUpdate, content_types=BODY_TYPES,
                  responses={200: ReminderAnswer}, errors=[404, 422], path_params=ITEM_ID,
                  description="Partial; with no field to update, 422 No fields to update.")),
        Route("DELETE", f"{BASE}/reminders/<item_id>", "reminders_delete", delete_reminder,
              doc=Doc("Delete Essentials reminder", tags=["reminders"], responses={200: Ok}, errors=[404], path_params=ITEM_ID)),
    ]
