"""ZeyOS's entity table as typed, read-only objects, loaded once from the generated entities.json.

Everything the generic handlers know about an entity lives here: its fields (type, nullability,
default, enumeration, range, patterns), its foreign keys with their ON DELETE rules, who references
it, which of the six documented operations exist and the permission each needs, its search columns,
and whether it carries extdata and tags.  tools/generate_entities.py derives the JSON from the seed
and ZeyOS's published specs; nothing here reads those sources.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

ENTITIES_JSON = Path(__file__).resolve().parent / "entities.json"
ACTIONS = ("list", "create", "get", "exists", "update", "delete")
WRITE_ACTIONS = ("create", "update", "delete")


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # int | number | string | boolean | json | array | object | binfile
    nullable: bool
    default: Any = None
    server_default: str | None = None  # "now": the database fills in the current Unix time
    required: bool = False  # NOT NULL without a default: a create must give it
    readonly: bool = False
    server_set: bool = False
    derived: bool = False  # documented, but no column of its own in the database
    enum: tuple[Any, ...] | None = None
    minimum: float | None = None
    maximum: float | None = None
    min_length: int | None = None
    max_length: int | None = None
    must_match: tuple[str, ...] = ()
    must_not_match: tuple[str, ...] = ()
    format: str | None = None
    description: str = ""

    @property
    def composite(self) -> bool:
        """A column `expand` inlines: JSON, array or binfile content."""
        return self.type in ("json", "array", "binfile")


@dataclass(frozen=True)
class ForeignKey:
    column: str
    table: str
    on_delete: str  # SET NULL | CASCADE | RESTRICT


@dataclass(frozen=True)
class Reference:
    """A column of another entity that points at this one."""

    entity: str
    column: str
    on_delete: str


@dataclass(frozen=True)
class Permission:
    any: tuple[str, ...]  # any one of these permission names suffices; () = no specific permission
    writable: bool
    creator: bool  # the authenticated user must be the record's creator
    text: str = ""


@dataclass(frozen=True)
class Operation:
    action: str  # list | create | get | exists | update | delete
    method: str
    path: str
    summary: str
    description: str
    statuses: tuple[int, ...]
    permission: Permission
    params: tuple[str, ...]
    dependency: str | None = None


@dataclass(frozen=True)
class Entity:
    name: str
    singular: str
    fields: dict[str, Field]
    fkeys: dict[str, ForeignKey]
    operations: dict[str, Operation]
    search: tuple[str, ...]
    extdata: bool
    tags: bool
    get_params: tuple[str, ...]
    referenced_by: tuple[Reference, ...] = field(default=())
    checks: tuple[str, ...] = field(default=())

    @property
    def visibility(self) -> bool:
        return "visibility" in self.fields

    @property
    def binfile_columns(self) -> tuple[str, ...]:
        return tuple(n for n, f in self.fields.items() if f.type == "binfile")

    def join_target(self, column: str) -> str | None:
        """The entity a dotted field `<column>.x` reads from: a foreign key, or `creator` (users)."""
        fk = self.fkeys.get(column)
        if fk is not None:
            return fk.table
        if column == "creator" and "creator" in self.fields:
            return "users"  # not a database FK on most tables; joined all the same (docs/zeyos.md)
        return None


def _field(name: str, raw: dict[str, Any]) -> Field:
    return Field(
        name=name, type=raw["type"], nullable=raw["nullable"], default=raw.get("default"),
        server_default=raw.get("server_default"), required=raw.get("required", False),
        readonly=raw.get("readonly", False), server_set=raw.get("server_set", False),
        derived=raw.get("derived", False),
        enum=tuple(raw["enum"]) if raw.get("enum") is not None else None,
        minimum=raw.get("minimum"), maximum=raw.get("maximum"),
        min_length=raw.get("minLength"), max_length=raw.get("maxLength"),
        must_match=tuple(raw.get("must_match", ())), must_not_match=tuple(raw.get("must_not_match", ())),
        format=raw.get("format"), description=raw.get("description", ""),
    )


def _entity(name: str, raw: dict[str, Any]) -> Entity:
    ops = {}
    for action, op in raw["operations"].items():
        perm = op["permission"]
        ops[action] = Operation(
            action=action, method=op["method"], path=op["path"], summary=op["summary"],
            description=op["description"], statuses=tuple(op["statuses"]),
            permission=Permission(tuple(perm["any"]), perm["writable"], perm["creator"], perm["text"]),
            params=tuple(op["params"]), dependency=op.get("dependency"),
        )
    return Entity(
        name=name, singular=raw["singular"],
        fields={n: _field(n, f) for n, f in raw["fields"].items()},
        fkeys={c: ForeignKey(c, fk["table"], fk["on_delete"]) for c, fk in raw["fkeys"].items()},
        operations=ops, search=tuple(raw["search"]), extdata=raw["extdata"], tags=raw["tags"],
        get_params=tuple(raw["get_params"]),
        referenced_by=tuple(Reference(r["entity"], r["column"], r["on_delete"]) for r in raw["referenced_by"]),
        checks=tuple(raw.get("checks", ())),
    )


@cache
def document() -> dict[str, Any]:
    """The whole generated document (general ops, auth ops, error texts, disagreements)."""
    return json.loads(ENTITIES_JSON.read_text(encoding="utf-8"))


@cache
def entities() -> dict[str, Entity]:
    return {name: _entity(name, raw) for name, raw in document()["entities"].items()}


def entity(name: str) -> Entity | None:
    return entities().get(name)


def canonical_entities() -> tuple[str, ...]:
    """The entity names polymorphic columns (`entity`, `entity1`, ...) may hold."""
    return tuple(document()["canonical_entities"])
