"""Messages, replies and reactions (seed, "Messages", "Replies", "Reactions").

- Messages are posted in one of five contexts: a task, a project, a chat, a group chat or a
  channel (POST /<type>/<id>/message).  Who may read and post follows the context
  (conversations.py); tasks and projects are open to every user of the account.
- GET /project/<id>/message?includeTaskMessages=true adds the messages of the project's tasks.
- A reply keeps its text in `message` (as the API shows it) and the message it answers in `parent`.
- Ids are strings: "dm<n>" for messages and "dr<n>" for replies (the form the official agent skill
  shows), never repeating within the account.
- PUT replaces the whole message, attachments included ("include their identifiers" to keep them);
  files left out are deleted.  Only the author may change or delete a message or reply (403, or
  404 with hide_forbidden).
- Reactions: POST .../reaction {"reaction": "👍"} adds the caller's reaction, or removes it when it
  exists (a toggle); GET lists {reaction, user} in the order they were added.
Lists are in the order messages were posted.
"""
from __future__ import annotations

from typing import Any

from ...core.store import Record
from . import cascade, context, conversations, files, records, serializers
from .errors import forbidden, not_found
from .formats import now_iso
from .lookup import find
from .schemas import MessageBody, ReactionBody

MESSAGES, REPLIES, REACTIONS = "messages", "replies", "reactions"
CONTEXTS = ("task", "project", "chat", "groupchat", "channel")
NEW_OWNER = "message:new"


def context_record(kind: str, record_id: Any) -> Record:
    """The task, project, chat, group chat or channel, if the caller may read and post in it."""
    if kind == "task":
        return find("tasks", record_id)
    if kind == "project":
        return find("projects", record_id)
    if kind == "chat":
        return conversations.chat_for_member(record_id)
    if kind == "groupchat":
        return conversations.group_chat_for_member(record_id)
    if kind == "channel":
        return conversations.channel_for_reader(record_id)
    raise not_found("messages")


def _readable(msg: Record) -> Record:
    context_record(msg.get("context", ""), msg.get("contextId"))
    return msg


def find_message(message_id: Any) -> Record:
    return _readable(find(MESSAGES, str(message_id)))


def _authored(rec: Record, kind: str) -> Record:
    if rec.get("user") != context.my_id():
        raise forbidden(kind, "Forbidden: only the author may change this")
    return rec


# -- messages ----------------------------------------------------------------------------------

def list_messages(kind: str, record_id: Any, include_task_messages: bool = False) -> list[dict[str, Any]]:
    rec = context_record(kind, record_id)
    task_ids: set[int] = set()
    if kind == "project" and include_task_messages:
        task_ids = {t["id"] for t in context.table("tasks").scan() if t.get("project") == rec["id"]}
    rows = [m for m in context.table(MESSAGES).scan()
            if (m.get("context") == kind and m.get("contextId") == rec["id"])
            or (task_ids and m.get("context") == "task" and m.get("contextId") in task_ids)]
    return [serializers.message(m) for m in rows]


def get_message(message_id: Any) -> dict[str, Any]:
    return serializers.message(find_message(message_id))


def link(message_id: Any) -> dict[str, Any]:
    return records.link("message", find_message(message_id)["id"])


def create(kind: str, record_id: Any, body: Any) -> dict[str, Any]:
    rec = context_record(kind, record_id)
    data = MessageBody.check(body)
    keys = files.check_claims(data.get("attachments") or [], NEW_OWNER)
    table = context.table(MESSAGES)
    stamp = now_iso()
    msg = table.insert({"message": data["message"], "context": kind, "contextId": rec["id"], "user": context.my_id(),
                        "attachments": keys, "created": stamp, "updated": stamp},
                       record_id=records.string_id(MESSAGES, "dm"))
    files.claim(keys, files.owner_of("message", msg["id"]))
    return records.created("message", msg["id"])


def _replace(table_name: str, kind: str, rec: Record, body: Any) -> None:
    """PUT: the message text and the full list of attachments to keep."""
    data = MessageBody.check(body)
    owner = files.owner_of(kind, rec["id"])
    keys = files.check_claims(data.get("attachments") or [], owner)
    files.claim(keys, owner, rec.get("attachments"))
    context.table(table_name).update(rec["id"], {"message": data["message"], "attachments": keys,
                                                 "updated": now_iso()})


def update(message_id: Any, body: Any) -> None:
    _replace(MESSAGES, "message", _authored(find_message(message_id), MESSAGES), body)


def delete(message_id: Any) -> None:
    rec = _authored(find_message(message_id), MESSAGES)
    cascade.message(rec["id"])
    context.table(MESSAGES).delete(rec["id"])


# -- replies -----------------------------------------------------------------------------------

def find_reply(reply_id: Any) -> Record:
    rec = find(REPLIES, str(reply_id))
    find_message(rec.get("parent"))  # readable only where the message it answers is
    return rec


def list_replies(message_id: Any) -> list[dict[str, Any]]:
    msg = find_message(message_id)
    return [serializers.message(r) for r in context.table(REPLIES).scan() if r.get("parent") == msg["id"]]


def create_reply(message_id: Any, body: Any) -> dict[str, Any]:
    msg = find_message(message_id)
    data = MessageBody.check(body)
    keys = files.check_claims(data.get("attachments") or [], NEW_OWNER)
    table = context.table(REPLIES)
    stamp = now_iso()
    reply = table.insert({"message": data["message"], "parent": msg["id"], "user": context.my_id(),
                          "attachments": keys, "created": stamp, "updated": stamp},
                         record_id=records.string_id(REPLIES, "dr"))
    files.claim(keys, files.owner_of("reply", reply["id"]))
    return records.created("reply", reply["id"])


def update_reply(reply_id: Any, body: Any) -> None:
    _replace(REPLIES, "reply", _authored(find_reply(reply_id), REPLIES), body)


def delete_reply(reply_id: Any) -> None:
    rec = _authored(find_reply(reply_id), REPLIES)
    cascade.reply_parts(rec["id"])
    context.table(REPLIES).delete(rec["id"])


def reply_link(reply_id: Any) -> dict[str, Any]:
    return records.link("reply", find_reply(reply_id)["id"])


# -- reactions ---------------------------------------------------------------------------------

def _target(kind: str, target_id: Any) -> Record:
    return find_message(target_id) if kind == "message" else find_reply(target_id)


def toggle_reaction(kind: str, target_id: Any, body: Any) -> bool:
    """Add the caller's reaction, or remove it if it is there; True when it is there afterwards."""
    target = _target(kind, target_id)
    data = ReactionBody.check(body)
    table = context.table(REACTIONS)
    me = context.my_id()
    existing = table.first(target=kind, targetId=target["id"], user=me, reaction=data["reaction"])
    if existing is not None:
        table.delete(existing["id"])
        return False
    table.insert({"target": kind, "targetId": target["id"], "user": me, "reaction": data["reaction"],
                  "created": now_iso()})
    return True


def list_reactions(kind: str, target_id: Any) -> list[dict[str, Any]]:
    target = _target(kind, target_id)
    return [serializers.reaction(r) for r in context.table(REACTIONS).scan()
            if r.get("target") == kind and r.get("targetId") == target["id"]]
