"""Who is calling, in which business, and what they may do (UltimatePOS's rules).

- superadmin: the platform's own administrators (`is_superadmin` on the user).  In UltimatePOS a
  superadmin passes only the `superadmin`, `backup` and `manage_modules` abilities
  (AuthServiceProvider's Gate::before), so a superadmin holds no Essentials permission, no
  location and no todo scope of their own: they pass where the seed names "Superadmin" (the
  subscription check, the todo write permissions);
- business admin: holds the role `Admin#<business_id>` (Util::is_admin); Gate::before gives admins
  every other ability;
- permissions: the user's own plus those of their roles (`essentials.add_todos`, ...);
- permitted locations: "all" with `access_all_locations` (or as admin), else the user's location ids;
- a user's role for document shares: `roles()->first()`, the lowest role id (see first_role_id).
"""
from __future__ import annotations

from typing import Any

from ...core.caller import caller
from ...core.http import current, current_request
from ...core.store import Table, TenantDB
from .errors import forbidden

# where the integration API's routes live below the mount point (the Laravel route prefix)
BASE = "/api/v1/integration/essentials"


def tenant() -> TenantDB:
    return caller().tenant


def table(name: str) -> Table:
    return caller().tenant.table(name)


def business() -> dict[str, Any]:
    return caller().tenant.settings


def business_id() -> int:
    return int(business().get("business_id") or caller().tenant.name)


def me() -> dict[str, Any]:
    return caller().user  # type: ignore[return-value]  # every Essentials route authenticates


def my_id() -> int:
    return me()["id"]


def _roles(user: dict[str, Any]) -> list[dict[str, Any]]:
    roles = table("roles")
    return [r for r in (roles.view(rid) for rid in user.get("role_ids") or []) if r is not None]


def is_superadmin(user: dict[str, Any] | None = None) -> bool:
    return bool((user or me()).get("is_superadmin"))


def is_admin(user: dict[str, Any] | None = None) -> bool:
    """Util::is_admin: the user holds the role Admin#<business_id>."""
    admin_role = f"Admin#{business_id()}"
    roles = table("roles")
    for role_id in (user or me()).get("role_ids") or ():
        role = roles.view(role_id)
        if role is not None and role.get("name") == admin_role:
            return True
    return False


def permissions(user: dict[str, Any] | None = None) -> set[str]:
    user = user or me()
    perms = set(user.get("permissions") or [])
    for role in _roles(user):
        perms.update(role.get("permissions") or [])
    return perms


def can(permission: str, user: dict[str, Any] | None = None) -> bool:
    """$user->can(permission): business admins hold every permission (Gate::before), others what
    they or their roles were given; being a superadmin adds none."""
    user = user or me()
    return is_admin(user) or permission in permissions(user)


def require(*any_of: str, superadmin: bool = False) -> None:
    """403 "Unauthorized action." unless the caller holds one of the permissions (or, where the seed
    says "Superadmin, ... or essentials.X", is a superadmin)."""
    if superadmin and is_superadmin():
        return
    if not any(can(p) for p in any_of):
        raise forbidden()


def first_role_id(user: dict[str, Any] | None = None) -> int | None:
    """The role DocumentController shares by: `User::find($id)->roles()->first()->id`.

    `first()` has no ORDER BY, and spatie's model_has_roles pivot keeps no order of assignment (its
    primary key is role_id, model_id, model_type; its other index model_id, model_type), so MySQL
    reads a user's roles in role-id order: the first role is the lowest id.  A user with no role has
    none (the web controller would fail on `->first()->id`; the integration layer is not public).
    """
    ids = [r for r in (user or me()).get("role_ids") or [] if isinstance(r, int)]
    return min(ids) if ids else None


def permitted_locations(user: dict[str, Any] | None = None) -> str | list[int]:
    """User::permitted_locations: "all" when the user can('access_all_locations')."""
    user = user or me()
    if can("access_all_locations", user):
        return "all"
    return list(user.get("location_ids") or [])


def full_name(user: dict[str, Any]) -> str:
    """User::getUserFullNameAttribute: "{surname} {first_name} {last_name}", a plain join."""
    return f"{user.get('surname') or ''} {user.get('first_name') or ''} {user.get('last_name') or ''}"


def user_ref(user_id: int | None) -> dict[str, Any] | None:
    if user_id is None:
        return None
    user = table("users").get(user_id)
    if user is None:
        return None
    return {"id": user["id"], "name": full_name(user)}


def business_user_ids() -> set[int]:
    return {u["id"] for u in table("users").scan()}


def business_role_ids() -> set[int]:
    return {r["id"] for r in table("roles").scan()}


def web_root() -> str:
    """The web app's root URL (what Laravel's action() and asset() build on): the host plus the
    API's mount point, in front of its /api/v1/... paths."""
    # scheme and Host as sent, from the environ: request.host_url would also run werkzeug's
    # uri_to_iri and turn a punycode host into Unicode, which Laravel does not
    environ = current_request().environ
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME')}:{environ.get('SERVER_PORT')}"
    return f"{environ.get('wsgi.url_scheme', 'http')}://{host}" + current().mounts.preferred("essentials").template
