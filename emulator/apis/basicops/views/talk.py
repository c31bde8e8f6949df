"""Messages, replies, reactions, chats, group chats, channels and users (seed: "Messages" to "Users")."""
from __future__ import annotations

from typing import Any

from ....core.api import Route
from ....core.openapi import Doc
from .. import answers as a
from .. import conversations, messages, schemas, users
from . import body, list_query, ok

CONTEXT_TYPES = "any(task,project,chat,groupchat,channel)"


def context_messages(kind: str, **ids: str) -> Any:
    record_id = next(iter(ids.values()))
    include = kind == "project" and list_query("messages").flag("includeTaskMessages")
    return ok(messages.list_messages(kind, record_id, include))


def message_create(type: str, id: str) -> Any:  # noqa: A002 - the seed's own names
    return ok(messages.create(type, id, body()))


def message_get(message_id: str) -> Any:
    return ok(messages.get_message(message_id))


def message_update(message_id: str) -> Any:
    messages.update(message_id, body())
    return ok()


def message_delete(message_id: str) -> Any:
    messages.delete(message_id)
    return ok()


def message_link(message_id: str) -> Any:
    return ok(messages.link(message_id))


def reply_list(message_id: str) -> Any:
    return ok(messages.list_replies(message_id))


def reply_create(message_id: str) -> Any:
    return ok(messages.create_reply(message_id, body()))


def reply_update(reply_id: str) -> Any:
    messages.update_reply(reply_id, body())
    return ok()


def reply_delete(reply_id: str) -> Any:
    messages.delete_reply(reply_id)
    return ok()


def reply_link(reply_id: str) -> Any:
    return ok(messages.reply_link(reply_id))


def reaction_toggle(kind: str, **ids: str) -> Any:
    messages.toggle_reaction(kind, next(iter(ids.values())), body())
    return ok()


def reaction_list(kind: str, **ids: str) -> Any:
    return ok(messages.list_reactions(kind, next(iter(ids.values()))))


def chat_list() -> Any:
    return ok(conversations.list_chats())


def chat_create() -> Any:
    return ok(conversations.create_chat(body()))


def groupchat_list() -> Any:
    return ok(conversations.list_group_chats())


def groupchat_create() -> Any:
    return ok(conversations.create_group_chat(body()))


def groupchat_update(groupchat_id: str) -> Any:
    conversations.update_group_chat(groupchat_id, body())
    return ok()


def groupchat_delete(groupchat_id: str) -> Any:
    conversations.delete_group_chat(groupchat_id)
    return ok()


def channel_list() -> Any:
    return ok(conversations.list_channels())


def channel_create() -> Any:
    return ok(conversations.create_channel(body()))


def channel_update(channel_id: str) -> Any:
    conversations.update_channel(channel_id, body())
    return ok()


def channel_delete(channel_id: str) -> Any:
    conversations.delete_channel(channel_id)
    return ok()


def user_list() -> Any:
    return ok(users.list_users(list_query("users")))


def user_get(user_id: str) -> Any:
    return ok(users.get_user(user_id))


def user_me() -> Any:
    return ok(users.get_user("me"))


# -- the route table -------------------------------------------------------------------------------

P = {"message_id": 'A message id ("dm1")', "reply_id": 'A reply id ("dr1")', "task_id": "A task id",
     "project_id": "A project id", "chat_id": "A chat id", "groupchat_id": "A group chat id",
     "channel_id": "A channel id", "user_id": "A user id", "type": "task, project, chat, groupchat or channel",
     "id": "The id of the task, project, chat, group chat or channel"}
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")


def _doc(summary: str, tag: str, responses: Any, errors: tuple[int, ...] = (), path: str = "", **kwargs: Any) -> Doc:
    params = {k: v for k, v in P.items() if "{" + k + "}" in path}
    if kwargs.get("body") is not None:
        kwargs.setdefault("content_types", BODY_TYPES)
        kwargs.setdefault("body_required", False)
    return Doc(summary, tags=[tag], responses={200: responses}, errors=list(errors), path_params=params, **kwargs)


def routes() -> list[Route]:
    rows = []
    for kind, name, errors in (("task", "a task", (404,)), ("project", "a project", (404,)),
                               ("chat", "a chat", (403, 404)), ("groupchat", "a group chat", (403, 404)),
                               ("channel", "a channel", (403, 404))):
        param = f"{kind}_id"
        query = schemas.ProjectMessagesQuery if kind == "project" else None
        rows.append(Route("GET", f"/v1/{kind}/<{param}>/message", f"{kind}_messages_list", context_messages,
                          bind={"kind": kind}, doc=_doc(f"List messages in {name}", "messages", a.OkMessages, errors,
                                                        path="{" + param + "}", query=query)))
    rows += [
        Route("POST", f"/v1/<{CONTEXT_TYPES}:type>/<id>/message", "message_create", message_create,
              doc=_doc("Create a message in a task, project, chat, group chat or channel", "messages",
                       a.OkCreatedString, (400, 403, 404), path="{type}{id}", body=schemas.MessageBody)),
        Route("GET", "/v1/message/<message_id>", "message_get", message_get,
              doc=_doc("Get a message", "messages", a.OkMessage, (403, 404), path="{message_id}")),
        Route("PUT", "/v1/message/<message_id>", "message_update", message_update,
              doc=_doc("Update a message (replaces text and attachments)", "messages", a.Ok, (400, 403, 404),
                       path="{message_id}", body=schemas.MessageBody)),
        Route("DELETE", "/v1/message/<message_id>", "message_delete", message_delete,
              doc=_doc("Delete a message", "messages", a.Ok, (403, 404), path="{message_id}")),
        Route("GET", "/v1/message/<message_id>/link", "message_link_get", message_link,
              doc=_doc("Link to a message", "links", a.OkLink, (403, 404), path="{message_id}")),
        Route("GET", "/v1/message/<message_id>/reply", "message_replies_list", reply_list,
              doc=_doc("List replies in a message", "replies", a.OkMessages, (403, 404), path="{message_id}")),
        Route("POST", "/v1/message/<message_id>/reply", "message_reply_create", reply_create,
              doc=_doc("Create a reply", "replies", a.OkCreatedString, (400, 403, 404), path="{message_id}",
                       body=schemas.MessageBody)),
        Route("PUT", "/v1/reply/<reply_id>", "reply_update", reply_update,
              doc=_doc("Update a reply (replaces text and attachments)", "replies", a.Ok, (400, 403, 404),
                       path="{reply_id}", body=schemas.MessageBody)),
        Route("DELETE", "/v1/reply/<reply_id>", "reply_delete", reply_delete,
              doc=_doc("Delete a reply", "replies", a.Ok, (403, 404), path="{reply_id}")),
        Route("GET", "/v1/reply/<reply_id>/link", "reply_link_get", reply_link,
              doc=_doc("Link to a reply", "links", a.OkLink, (403, 404), path="{reply_id}")),
    ]
    for kind in ("message", "reply"):
        param = f"{kind}_id"
        rows += [
            Route("POST", f"/v1/{kind}/<{param}>/reaction", f"{kind}_reaction_toggle", reaction_toggle,
                  bind={"kind": kind}, doc=_doc(f"Toggle a reaction on a {kind}", "reactions", a.Ok, (400, 403, 404),
                                                path="{" + param + "}", body=schemas.ReactionBody)),
            Route("GET", f"/v1/{kind}/<{param}>/reaction", f"{kind}_reactions_list", reaction_list,
                  bind={"kind": kind}, doc=_doc(f"List reactions on a {kind}", "reactions", a.OkReactions, (403, 404),
                                                path="{" + param + "}")),
        ]
    rows += [
        Route("GET", "/v1/chat", "chat_list", chat_list, doc=_doc("List chats", "chats", a.OkChats)),
        Route("POST", "/v1/chat", "chat_create", chat_create,
              doc=_doc("Create a chat (or find the one with this user)", "chats", a.OkCreated, (400,),
                       body=schemas.ChatBody)),
        Route("GET", "/v1/groupchat", "groupchat_list", groupchat_list,
              doc=_doc("List group chats", "group chats", a.OkGroupChats)),
        Route("POST", "/v1/groupchat", "groupchat_create", groupchat_create,
              doc=_doc("Create a group chat", "group chats", a.OkCreated, (400,), body=schemas.GroupChatBody)),
        Route("PATCH", "/v1/groupchat/<groupchat_id>", "groupchat_update", groupchat_update,
              doc=_doc("Update a group chat", "group chats", a.Ok, (400, 403, 404), path="{groupchat_id}",
                       body=schemas.GroupChatUpdateBody)),
        Route("DELETE", "/v1/groupchat/<groupchat_id>", "groupchat_delete", groupchat_delete,
              doc=_doc("Delete a group chat", "group chats", a.Ok, (403, 404), path="{groupchat_id}")),
        Route("GET", "/v1/channel", "channel_list", channel_list, doc=_doc("List channels", "channels", a.OkChannels)),
        Route("POST", "/v1/channel", "channel_create", channel_create,
              doc=_doc("Create a channel", "channels", a.OkCreated, (400,), body=schemas.ChannelBody)),
        Route("PATCH", "/v1/channel/<channel_id>", "channel_update", channel_update,
              doc=_doc("Update a channel (administrators)", "channels", a.Ok, (400, 403, 404), path="{channel_id}",
                       body=schemas.ChannelUpdateBody)),
        Route("DELETE", "/v1/channel/<channel_id>", "channel_delete", channel_delete,
              doc=_doc("Delete a channel (administrators)", "channels", a.Ok, (403, 404), path="{channel_id}")),
        Route("GET", "/v1/user", "user_list", user_list,
              doc=_doc("Retrieve a list of users (lookup by name or email)", "users", a.OkUsers,
                       query=schemas.UserListQuery)),
        Route("GET", "/v1/user/me", "user_me_get", user_me, doc=_doc("Retrieve the token's user", "users", a.OkUser)),
        Route("GET", "/v1/user/<user_id>", "user_get", user_get,
              doc=_doc("Retrieve a user", "users", a.OkUser, (404,), path="{user_id}")),
    ]
    return rows
