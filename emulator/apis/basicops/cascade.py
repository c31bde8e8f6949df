"""What goes with a deleted record (the seed is silent; docs/basicops.md, "Deletes").

- a project: its tasks (as below), sections, notes, messages and time entries;
- a task: its subtasks (recursively), dependencies on either side, messages, attachments, time
  entries and review requests;
- a section: nothing; its tasks stay in the project without a section;
- a message: its replies, reactions and attachments; a reply: its reactions and attachments;
- a chat, group chat or channel: its messages.
Only the record named in the request raises a webhook event.
"""
from __future__ import annotations

from typing import Any

from . import context, files


def project_children(project_id: int) -> None:
    tasks = context.table("tasks")
    for task_id in [t["id"] for t in tasks.scan() if t.get("project") == project_id]:
        if tasks.get(task_id) is not None:  # a subtask may have gone with its parent already
            task_tree(task_id)
            tasks.delete(task_id)
    context.table("sections").delete_where(lambda r: r.get("project") == project_id)
    notes = context.table("notes")
    for note in [n for n in notes.scan() if n.get("project") == project_id]:
        files.drop(note.get("attachments"))
        notes.delete(note["id"])
    conversation("project", project_id)
    context.table("timeentries").delete_where(lambda r: r.get("project") == project_id)


def task_tree(task_id: int) -> None:
    """Everything hanging on a task, its subtasks included (the task itself is the caller's)."""
    tasks = context.table("tasks")
    for child in [t["id"] for t in tasks.scan() if t.get("parent") == task_id]:
        task_tree(child)
        tasks.delete(child)
    task = tasks.get(task_id)
    if task is not None:
        files.drop(task.get("attachments"))
    context.table("dependencies").delete_where(
        lambda d: d.get("task") == task_id or d.get("dependsOnTask") == task_id)
    conversation("task", task_id)
    context.table("timeentries").delete_where(lambda r: r.get("task") == task_id)
    context.table("reviews").delete_where(lambda r: r.get("task") == task_id)


def conversation(kind: str, record_id: Any) -> None:
    """The messages posted in a task, project, chat, group chat or channel."""
    messages = context.table("messages")
    for msg in [m for m in messages.scan() if m.get("context") == kind and m.get("contextId") == record_id]:
        message(msg["id"])
        messages.delete(msg["id"])


def message(message_id: str) -> None:
    msg = context.table("messages").get(message_id)
    if msg is not None:
        files.drop(msg.get("attachments"))
    replies = context.table("replies")
    for reply in [r for r in replies.scan() if r.get("parent") == message_id]:
        reply_parts(reply["id"])
        replies.delete(reply["id"])
    reactions("message", message_id)


def reply_parts(reply_id: str) -> None:
    reply = context.table("replies").get(reply_id)
    if reply is not None:
        files.drop(reply.get("attachments"))
    reactions("reply", reply_id)


def reactions(kind: str, target: str) -> None:
    context.table("reactions").delete_where(lambda r: r.get("target") == kind and r.get("targetId") == target)
