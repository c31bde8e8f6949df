"""Chats, group chats and channels (seed, "Chats", "Group Chats", "Channels").

- A chat is a 1:1 conversation: {id, user} where `user` is the other user, seen from the caller.
  Creating a chat with a user the caller already has a chat with answers that chat's id (one chat
  per pair, as in the app); a chat with oneself is a 400.
- A group chat belongs to its users; its creator is always one of them.  Only its users see it,
  post in it, change or delete it (others: 403, or 404 with hide_forbidden).
- A channel is public (every user of the account sees it and may post) or private (its users only).
  Its creator becomes a user and an administrator; only administrators change or delete it.
Deleting a group chat or channel deletes its messages.  Update and delete answer {"success": true}.
"""
from __future__ import annotations

from typing import Any

from ...core.store import Record
from . import cascade, context, records, serializers
from .errors import bad_request, forbidden
from .formats import now_iso
from .lookup import find, refs, user_ref
from .schemas import ChannelBody, ChatBody, GroupChatBody

CHATS, GROUPCHATS, CHANNELS = "chats", "groupchats", "channels"


def _members(rec: Record) -> list[int]:
    return list(rec.get("users") or [])


# -- chats -------------------------------------------------------------------------------------

def list_chats() -> list[dict[str, Any]]:
    me = context.my_id()
    rows = sorted((c for c in context.table(CHATS).scan() if me in _members(c)), key=lambda c: c["id"])
    return [serializers.chat(c, me) for c in rows]


def create_chat(body: Any) -> dict[str, Any]:
    data = ChatBody.check(body)
    me = context.my_id()
    if data["user"] == me:
        raise bad_request("user: a chat is with another user")
    user_ref("user", data["user"])
    pair = {me, data["user"]}
    for chat in context.table(CHATS).scan():
        if set(_members(chat)) == pair:
            return records.created("chat", chat["id"])
    rec = context.table(CHATS).insert({"users": [me, data["user"]], "created": now_iso()})
    return records.created("chat", rec["id"])


def chat_for_member(chat_id: Any) -> Record:
    rec = find(CHATS, chat_id)
    if context.my_id() not in _members(rec):
        raise forbidden(CHATS)
    return rec


# -- group chats -------------------------------------------------------------------------------

def list_group_chats() -> list[dict[str, Any]]:
    me = context.my_id()
    rows = sorted((g for g in context.table(GROUPCHATS).scan() if me in _members(g)), key=lambda g: g["id"])
    return [serializers.group_chat(g) for g in rows]


def group_chat_for_member(groupchat_id: Any) -> Record:
    rec = find(GROUPCHATS, groupchat_id)
    if context.my_id() not in _members(rec):
        raise forbidden(GROUPCHATS)
    return rec


def create_group_chat(body: Any) -> dict[str, Any]:
    data = GroupChatBody.check(body)
    refs("users", "users", data["users"])
    me = context.my_id()
    users = data["users"] if me in data["users"] else [me, *data["users"]]
    stamp = now_iso()
    rec = context.table(GROUPCHATS).insert({"name": data.get("name"), "users": users, "avatar": data.get("avatar"),
                                            "creator": me, "created": stamp, "updated": stamp})
    return records.created("groupchat", rec["id"])


def update_group_chat(groupchat_id: Any, body: Any) -> None:
    rec = group_chat_for_member(groupchat_id)
    data = GroupChatBody.check(body, partial=True)
    if "users" in data:
        refs("users", "users", data["users"])
        if not data["users"]:
            raise bad_request("users: a group chat needs at least one user")
    changes = {k: data[k] for k in ("name", "users", "avatar") if k in data}
    context.table(GROUPCHATS).update(rec["id"], {**changes, "updated": now_iso()})


def delete_group_chat(groupchat_id: Any) -> None:
    rec = group_chat_for_member(groupchat_id)
    cascade.conversation("groupchat", rec["id"])
    context.table(GROUPCHATS).delete(rec["id"])


# -- channels ----------------------------------------------------------------------------------

def can_see_channel(rec: Record) -> bool:
    return bool(rec.get("isPublic")) or context.my_id() in _members(rec)


def list_channels() -> list[dict[str, Any]]:
    rows = sorted((c for c in context.table(CHANNELS).scan() if can_see_channel(c)), key=lambda c: c["id"])
    return [serializers.channel(c) for c in rows]


def channel_for_reader(channel_id: Any) -> Record:
    rec = find(CHANNELS, channel_id)
    if not can_see_channel(rec):
        raise forbidden(CHANNELS)
    return rec


def channel_for_admin(channel_id: Any) -> Record:
    rec = channel_for_reader(channel_id)
    if context.my_id() not in (rec.get("administrators") or []):
        raise forbidden(CHANNELS, "Forbidden: only a channel administrator may do this")
    return rec


def create_channel(body: Any) -> dict[str, Any]:
    data = ChannelBody.check(body)
    users, admins = data.get("users", []), data.get("administrators", [])
    refs("users", "users", users)
    refs("administrators", "users", admins)
    me = context.my_id()
    admins = admins if me in admins else [me, *admins]
    users = [*users, *(a for a in admins if a not in users)]
    stamp = now_iso()
    rec = context.table(CHANNELS).insert({
        "name": data["name"], "isPublic": data.get("isPublic", False), "users": users, "administrators": admins,
        "avatar": data.get("avatar"), "includeExternalUsers": data.get("includeExternalUsers", False),
        "includeClients": data.get("includeClients", False), "creator": me, "created": stamp, "updated": stamp,
    })
    return records.created("channel", rec["id"])


def update_channel(channel_id: Any, body: Any) -> None:
    rec = channel_for_admin(channel_id)
    data = ChannelBody.check(body, partial=True)
    for key in ("users", "administrators"):
        if key in data:
            refs(key, "users", data[key])
    changes = {k: data[k] for k in ("name", "isPublic", "users", "administrators", "avatar",
                                    "includeExternalUsers", "includeClients") if k in data}
    admins = changes.get("administrators", rec.get("administrators") or [])
    if not admins:
        raise bad_request("administrators: a channel needs at least one administrator")
    users = changes.get("users", rec.get("users") or [])
    missing = [a for a in admins if a not in users]
    if missing:
        changes["users"] = [*users, *missing]
    context.table(CHANNELS).update(rec["id"], {**changes, "updated": now_iso()})


def delete_channel(channel_id: Any) -> None:
    rec = channel_for_admin(channel_id)
    cascade.conversation("channel", rec["id"])
    context.table(CHANNELS).delete(rec["id"])
