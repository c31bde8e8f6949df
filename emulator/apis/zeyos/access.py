"""Who may do what in a ZeyOS instance: permissions per entity, and ownership per record.

ZeyOS grants permissions to groups, not users: a `permissions` row gives a group a permission
identifier (`accounts`, `tickets`, `billing`, ...) with `writable` 0/1, and `groups2users` puts a
user in a group (`writable`: may write group-owned data).  A user holds a permission when any of
its groups does, writable when any grant is writable.  The `admin` permission makes a user an
administrator: every permission, writable, and every record.

Each operation names what it needs ("Requires writable accounts permission", "Requires billing,
procurement or production permission": any one suffices; "Requires no specific permission";
"Requires the authenticated user to be the creator").  Missing it answers 403
`Forbidden: Lacking access permission`.

Records with owner columns are private to their owners: `owneruser`/`ownergroup` both null means
PUBLIC (hidden from `nopublic` users); otherwise the owner user and members of the owner group
see it, and may change it when the membership is writable.  A record the caller cannot see reads
as absent (404), as a query with the access condition in its WHERE clause would.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .errors import forbidden
from .rows import Rows
from .schema import Entity, Operation

ADMIN = "admin"


@dataclass(frozen=True)
class Access:
    user: int
    admin: bool
    nopublic: bool
    permissions: dict[str, bool]  # identifier -> writable
    groups: dict[int, bool]  # group ID -> writable membership

    def holds(self, names: tuple[str, ...], writable: bool) -> bool:
        if self.admin or not names:
            return True
        if writable:
            return any(self.permissions.get(n) for n in names)
        return any(n in self.permissions for n in names)


_CACHE: dict[tuple, Access] = {}


def access_of(rows: Rows, user: dict[str, Any]) -> Access:
    """The caller's access, computed from the groups2users and permissions tables.

    Both tables are read-only through the API, so the answer is cached until either table is
    replaced (reset, snapshot restore) or changes size."""
    g2u, perms = rows("groups2users"), rows("permissions")
    key = (user["ID"], id(user), id(g2u), len(g2u), id(perms), len(perms))
    found = _CACHE.get(key)
    if found is not None:
        return found
    groups: dict[int, bool] = {}
    for m in g2u.values():
        if m.get("user") == user["ID"]:
            groups[m["group"]] = groups.get(m["group"], False) or bool(m.get("writable"))
    permissions: dict[str, bool] = {}
    for p in perms.values():
        if p.get("group") in groups and p.get("identifier"):
            name = p["identifier"]
            permissions[name] = permissions.get(name, False) or bool(p.get("writable"))
    found = Access(user=user["ID"], admin=ADMIN in permissions, nopublic=bool(user.get("nopublic")),
                   permissions=permissions, groups=groups)
    if len(_CACHE) > 256:
        _CACHE.clear()
    _CACHE[key] = found
    return found


def require(op: Operation, access: Access) -> None:
    """403 unless the caller holds the operation's permission (the creator rule is checked per record)."""
    perm = op.permission
    if not access.holds(perm.any, perm.writable):
        raise forbidden()


def require_creator(op: Operation, access: Access, creator: Any) -> None:
    """Operations that "require the authenticated user to be the creator"."""
    if op.permission.creator and creator != access.user:
        raise forbidden()


def owners(entity: Entity) -> tuple[bool, bool]:
    return "owneruser" in entity.fields, "ownergroup" in entity.fields


def reader(entity: Entity, access: Access) -> Callable[[dict[str, Any]], bool] | None:
    """A row predicate for what the caller may see, or None when it sees every row."""
    has_user, has_group = owners(entity)
    if access.admin or not (has_user or has_group):
        return None
    me, groups, public = access.user, access.groups, not access.nopublic

    def visible(row: dict[str, Any]) -> bool:
        ou = row.get("owneruser") if has_user else None
        og = row.get("ownergroup") if has_group else None
        if ou is None and og is None:
            return public
        return ou == me or (og is not None and og in groups)

    return visible


def can_write(entity: Entity, access: Access, row: dict[str, Any]) -> bool:
    """May the caller change (or delete) this row, given it holds the entity's permission?"""
    has_user, has_group = owners(entity)
    if access.admin or not (has_user or has_group):
        return True
    ou = row.get("owneruser") if has_user else None
    og = row.get("ownergroup") if has_group else None
    if ou is None and og is None:
        return not access.nopublic
    return ou == access.user or bool(og is not None and access.groups.get(og))
