"""Finding records by id: 404 for an id in the path, 400 for an id named in a body."""
from __future__ import annotations

from typing import Any

from ...core.store import Record
from . import context
from .errors import no_reference, not_found


def find(kind: str, record_id: Any) -> Record:
    """The record named in the path, or 404 "<Kind> not found"."""
    rec = context.table(kind).get(record_id) if record_id is not None else None
    if rec is None:
        raise not_found(kind)
    return rec


def find_stored(kind: str, record_id: Any) -> Record:
    """As find, but the stored record itself (no copy), for a GET that only serialises it: the
    serializers read it and build new containers, so the store cannot be changed through it."""
    rec = context.table(kind).view(record_id) if record_id is not None else None
    if rec is None:
        raise not_found(kind)
    return rec


def ref(field: str, kind: str, record_id: Any) -> Record:
    """The record a body field names, or 400 "<field>: <Kind> <id> not found"."""
    rec = context.table(kind).get(record_id) if record_id is not None else None
    if rec is None:
        raise no_reference(field, kind, record_id)
    return rec


def refs(field: str, kind: str, ids: list[Any]) -> None:
    table = context.table(kind)
    for record_id in ids:
        if table.get(record_id) is None:
            raise no_reference(field, kind, record_id)


def user_ref(field: str, user_id: Any) -> Record:
    return ref(field, "users", user_id)
