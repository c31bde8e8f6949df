"""Essentials internal messages: the business chat, scoped by location.

    GET    {base}/messages         view_message or create_message; paginated, oldest first by default
    POST   {base}/messages         create_message; 201 {"data": message}
    DELETE {base}/messages/{id}    create_message; the caller's own messages only

A user sees the messages without a location plus those of their permitted locations (all of them
with access to every location), as EssentialsMessageController@index scopes them.  Bodies are
stored as the web stores them: trimmed, then passed through PHP's nl2br (no HTML escaping).
Posting also records who would be notified (EssentialsMessageController::__notify); there is no
notification transport yet, so the list is kept in the table `message_notifications`.
"""
from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from flask import request

from ...core import clock
from ...core.api import Route
from ...core.forms import json_or_form, php_params
from ...core.openapi import Doc
from . import context
from .answers import BODY_TYPES, ITEM_ID, MessageAnswer, MessagePage, Ok
from .context import BASE, my_id, permitted_locations, require, table, user_ref
from .errors import forbidden, not_found
from .formats import stamp_instant, timestamp
from .inputs import MessageCreate, MessageListQuery
from .paging import order, paginate

VIEW, CREATE = "essentials.view_message", "essentials.create_message"
COLUMNS = ("id", "business_id", "user_id", "message", "location_id", "created_at", "updated_at")
# The web chat lists oldest first (orderBy created_at ASC), so that is the default; the business
# setting below flips it once the fixtures declare it (the control API only changes known settings)
DEFAULT_DIRECTION = "asc"
DIRECTION_SETTING = "messages_default_direction"
_LINE_BREAK = re.compile(r"(\r\n|\n\r|\n|\r)")
# __notify stores a database notification only if the last message to the same audience is older
DATABASE_NOTIFICATION_AFTER_MINUTES = 10


# -- domain ---------------------------------------------------------------------------------------

def nl2br(text: str) -> str:
    """PHP nl2br: "<br />" inserted before each line break (\\r\\n and \\n\\r count as one), break kept."""
    return _LINE_BREAK.sub(r"<br />\1", text)


def serialize(message: dict[str, Any]) -> dict[str, Any]:
    row = {k: message.get(k) for k in COLUMNS}
    row["sender"] = user_ref(message.get("user_id"))
    return row


def visible_to(message: dict[str, Any], locations: str | list[int]) -> bool:
    """location_id IS NULL OR location_id IN (permitted), unless the user may see every location."""
    return locations == "all" or message.get("location_id") is None or message.get("location_id") in locations


def in_scope(user: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """The messages the user (default: the caller) may see, whatever since/others_only say.

    Only the location scope: whether the user may read messages at all (view_message or
    create_message) is the caller's check.
    """
    locations = permitted_locations(user)
    return table("messages").filter(lambda m: visible_to(m, locations))


def _second(stamp: str) -> datetime:
    # MySQL TIMESTAMP columns hold whole seconds, so compare at that precision
    return stamp_instant(stamp).replace(microsecond=0)


def listing(user_id: int, since: datetime | None, others_only: bool, direction: str,
            user: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    rows = in_scope(user)
    if since is not None:
        rows = [m for m in rows if _second(m["created_at"]) > since]
    if others_only:
        rows = [m for m in rows if m.get("user_id") != user_id]
    return order(rows, "created_at", direction)


def holds_location(user: dict[str, Any], location_id: int) -> bool:
    """Spatie's User::permission('location.N'): the location permission itself, not access_all_locations."""
    return location_id in (user.get("location_ids") or []) or f"location.{location_id}" in context.permissions(user)


def notification_targets(message: dict[str, Any]) -> list[int]:
    """Who __notify would notify: every other business user, or for a location's message the other
    users holding that location's permission."""
    location_id = message.get("location_id")
    users = [u for u in table("users").scan() if u["id"] != message["user_id"]]
    if location_id is not None:
        users = [u for u in users if holds_location(u, location_id)]
    return sorted(u["id"] for u in users)


def _database_notification(location_id: int | None) -> bool:
    """The web stores a database notification only when the audience's last message is > 10 min old."""
    def same_audience(m: dict[str, Any]) -> bool:
        return m.get("location_id") is None or (location_id is not None and m.get("location_id") == location_id)

    last = max((m for m in table("messages").scan() if same_audience(m)),
               key=lambda m: (m["created_at"], m["id"]), default=None)
    if last is None:
        return True
    minutes = abs(clock.now() - stamp_instant(last["created_at"])).total_seconds() // 60
    return minutes > DATABASE_NOTIFICATION_AFTER_MINUTES


def post(user_id: int, text: str, location_id: int | None) -> dict[str, Any]:
    """Store a message (trimmed, nl2br) and record who would be notified."""
    database_notification = _database_notification(location_id)
    now = timestamp()
    message = table("messages").insert({
        "business_id": context.business_id(), "user_id": user_id, "message": nl2br(text.strip()),
        "location_id": location_id, "created_at": now, "updated_at": now,
    })
    table("message_notifications").insert({
        "message_id": message["id"], "user_ids": notification_targets(message),
        "database_notification": database_notification, "created_at": now,
    })
    return message


def find_own(item_id: str, user_id: int, user: dict[str, Any] | None = None) -> dict[str, Any]:
    """A message the user may delete: invisible or missing -> 404, someone else's -> 403."""
    message = table("messages").get(item_id)
    if message is None or not visible_to(message, permitted_locations(user)):
        raise not_found()
    if message.get("user_id") != user_id:
        raise forbidden()
    return message


# -- HTTP -----------------------------------------------------------------------------------------

def list_messages() -> Any:
    require(VIEW, CREATE)
    query = MessageListQuery.check(php_params(request.args))
    direction = query["direction"] or context.business().get(DIRECTION_SETTING) or DEFAULT_DIRECTION
    rows = listing(my_id(), query["since"], bool(query["others_only"]), direction)
    return paginate(rows, query["page"], query["per_page"], serialize)


def create_message() -> Any:
    require(CREATE)
    fields = MessageCreate.check(json_or_form(request))
    location_id = fields["location_id"]
    if location_id is not None and not visible_to({"location_id": location_id}, permitted_locations()):
        raise forbidden()
    return {"data": serialize(post(my_id(), fields["message"], location_id))}, 201


def delete_message(item_id: str) -> Any:
    require(CREATE)
    message = find_own(item_id, my_id())
    table("messages").delete(message["id"])
    return {"message": "OK"}


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/messages", "messages_list", list_messages,
              doc=Doc("List Essentials internal messages", tags=["messages"], query=MessageListQuery,
                  responses={200: MessagePage}, errors=[422],
                  description="Messages without a location and those of the caller's permitted locations.")),
        Route("POST", f"{BASE}/messages", "messages_create", create_message,
              doc=Doc("Create Essentials internal message", tags=["messages"], body=MessageCreate, content_types=BODY_TYPES,
                  responses={201: MessageAnswer}, errors=[422])),
        Route("DELETE", f"{BASE}/messages/<item_id>", "messages_delete", delete_message,
              doc=Doc("Delete Essentials internal message", tags=["messages"], responses={200: Ok}, errors=[404],
                  path_params=ITEM_ID, description="The caller's own messages only.")),
    ]
