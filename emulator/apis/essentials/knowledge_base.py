"""Essentials knowledge base: roots (kb_type knowledge_base) hold sections, sections hold articles.

Table `knowledge_base`; each record keeps its direct user shares (the essentials_kb_users pivot)
in `shared_user_ids`.  Rules (seed "Essentials knowledge base", research §5 and §7.6):

- Visibility is decided on the root, as the web KnowledgeBaseController@index does: a root is
  visible when it is shared with the caller (only_with + caller in shared_user_ids), created by
  the caller, or share_with is public.  Business admins and superadmins get no bypass: the seed
  names exactly those three grounds.  Sections and articles inherit their root's visibility.
- Whoever can see a node may read, edit and delete it (seed: "Partial update on visible nodes",
  "Deletes a node the user can see"); the web controller has no ownership check either.
- The list holds roots only, newest first (created_at desc, ties by id desc); `q` is a
  case-insensitive SQL LIKE '%q%' on the root's own title or content (not its descendants).
- Nodes serialise as the Eloquent columns, then `shared_user_ids`, then `children` (ordered by
  id, as hasMany loads them).  Roots and sections always carry `children`; articles never do.
- share_with lives on roots only (children store null and ignore share_with/shared_user_ids).
  A root created without it gets the emulator knob `essentials_settings.kb_default_share_with`
  of the business (default "public", the web form's preselected value; the web controller
  itself would store null, which behaves as private).  shared_user_ids is kept only while
  share_with is only_with; any other value clears it.
- Deleting a node removes its whole subtree (the FK's ON DELETE CASCADE) with the shares kept
  on those records.
"""
from __future__ import annotations

from typing import Any

from flask import jsonify, request

from ...core.api import Route
from ...core.forms import json_or_form, php_params
from ...core.openapi import Doc
from .answers import BODY_TYPES, ITEM_ID, KbAnswer, KbPage, Ok
from .context import BASE, business, business_id, my_id, table
from .errors import invalid, no_fields_to_update, not_found
from .formats import timestamp
from .inputs import KB_SHARE_WITH, KbCreate, KbListQuery, KbUpdate
from .paging import like, paginate

TABLE = "knowledge_base"
ROOT, SECTION, ARTICLE = "knowledge_base", "section", "article"
# the kb_type a parent must have, per child kb_type
PARENT_TYPE = {SECTION: ROOT, ARTICLE: SECTION}
PARENT_TYPE_NAME = {ROOT: "knowledge base", SECTION: "section"}
COLUMNS = ("id", "business_id", "title", "content", "status", "kb_type", "parent_id", "share_with",
           "created_by", "created_at", "updated_at")


# --- visibility ------------------------------------------------------------------------------

def _root_visible(root: dict[str, Any], user_id: int) -> bool:
    return (root.get("share_with") == "public" or root.get("created_by") == user_id
            or (root.get("share_with") == "only_with" and user_id in (root.get("shared_user_ids") or [])))


def _is_root(node: dict[str, Any]) -> bool:
    return node.get("kb_type") == ROOT and node.get("parent_id") is None


def visible_roots() -> list[dict]:
    """The root records (kb_type knowledge_base, no parent) the caller may see; the dashboard counts them."""
    user_id = my_id()
    return table(TABLE).filter(lambda r: _is_root(r) and _root_visible(r, user_id))


def _root_of(node: dict[str, Any]) -> dict[str, Any] | None:
    """Walk up parent_id to the top; None when the chain is broken (or loops)."""
    kb = table(TABLE)
    seen = {node["id"]}
    while node.get("parent_id") is not None:
        node = kb.get(node["parent_id"])
        if node is None or node["id"] in seen:
            return None
        seen.add(node["id"])
    return node


def visible_node(node_id: Any) -> dict[str, Any] | None:
    node = table(TABLE).get(node_id)
    if node is None:
        return None
    root = _root_of(node)
    return node if root is not None and _root_visible(root, my_id()) else None


def _find(node_id: str) -> dict[str, Any]:
    node = visible_node(node_id)
    if node is None:
        raise not_found()
    return node


# --- shape -----------------------------------------------------------------------------------

def _children_index() -> dict[int, list[dict[str, Any]]]:
    index: dict[int, list[dict[str, Any]]] = {}
    for rec in table(TABLE).scan():
        if rec.get("parent_id") is not None:
            index.setdefault(rec["parent_id"], []).append(rec)
    for kids in index.values():
        kids.sort(key=lambda r: r["id"])
    return index


def serialize(node: dict[str, Any], index: dict[int, list[dict[str, Any]]] | None = None,
              depth: int = 0) -> dict[str, Any]:
    """A node with its nested children (sections -> articles); articles have no `children` key."""
    if index is None:
        index = _children_index()
    out = {k: node.get(k) for k in COLUMNS}
    out["shared_user_ids"] = list(node.get("shared_user_ids") or [])
    if node.get("kb_type") != ARTICLE and depth < 3:
        out["children"] = [serialize(c, index, depth + 1) for c in index.get(node["id"], [])]
    return out


# --- search ----------------------------------------------------------------------------------

def list_roots(q: str | None) -> list[dict[str, Any]]:
    roots = visible_roots()
    if q:
        pattern = like(q)
        roots = [r for r in roots
                 if pattern.search(r.get("title") or "") or pattern.search(r.get("content") or "")]
    roots.sort(key=lambda r: r["id"], reverse=True)
    roots.sort(key=lambda r: r.get("created_at") or "", reverse=True)
    return roots


# --- writes ----------------------------------------------------------------------------------

def _sync(current: list[int], wanted: list[int]) -> list[int]:
    """belongsToMany::sync: kept pivot rows stay in place, new ones are appended in order."""
    wanted_set = set(wanted)
    kept = [u for u in current if u in wanted_set]
    for uid in wanted:
        if uid not in kept:
            kept.append(uid)
    return kept


def default_share_with() -> str:
    """share_with for a root created without one: the business setting kb_default_share_with."""
    value = business().get("kb_default_share_with")
    return value if value in KB_SHARE_WITH else "public"


def create_node(data: dict[str, Any]) -> dict[str, Any]:
    kb_type = data["kb_type"] or ROOT
    parent_id = data["parent_id"]
    errors: dict[str, list[str]] = {}
    if kb_type == ROOT:
        if parent_id is not None:
            errors["parent_id"] = ["The parent id field is prohibited when kb type is knowledge_base."]
    elif parent_id is None:
        errors["parent_id"] = [f"The parent id field is required when kb type is {kb_type}."]
    else:
        parent = visible_node(parent_id)
        if parent is None:
            errors["parent_id"] = ["The selected parent id is invalid."]
        elif parent.get("kb_type") != PARENT_TYPE[kb_type]:
            errors["parent_id"] = [f"The parent id must be a {PARENT_TYPE_NAME[PARENT_TYPE[kb_type]]} "
                                   f"when kb type is {kb_type}."]
    if errors:
        raise invalid(errors)

    share_with, shared = None, []
    if kb_type == ROOT:
        share_with = data["share_with"] or default_share_with()
        if share_with == "only_with":
            shared = _sync([], data["shared_user_ids"] or [])
    now = timestamp()
    return table(TABLE).insert({
        "business_id": business_id(), "title": data["title"], "content": data["content"], "status": "",
        "kb_type": kb_type, "parent_id": parent_id if kb_type != ROOT else None,
        "share_with": share_with, "created_by": my_id(), "shared_user_ids": shared,
        "created_at": now, "updated_at": now,
    })


def update_node(node: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    is_root = _is_root(node)
    editable = ("title", "content", "share_with", "shared_user_ids") if is_root else ("title", "content")
    if not any(k in data for k in editable):
        raise no_fields_to_update()

    changes: dict[str, Any] = {k: data[k] for k in ("title", "content") if k in data}
    if is_root:
        if "share_with" in data:
            changes["share_with"] = data["share_with"]
        share_with = changes.get("share_with", node.get("share_with"))
        current = list(node.get("shared_user_ids") or [])
        if share_with != "only_with":
            shared = []
        elif "shared_user_ids" in data:
            shared = _sync(current, data["shared_user_ids"] or [])
        else:
            shared = current
        if shared != current:
            changes["shared_user_ids"] = shared
    # Eloquent touches updated_at only when a column really changes; pivot syncs do not
    if any(node.get(k) != v for k, v in changes.items() if k != "shared_user_ids"):
        changes["updated_at"] = timestamp()
    return table(TABLE).update(node["id"], changes) if changes else node


def delete_node(node: dict[str, Any]) -> int:
    """Delete the node and its subtree (sections, articles) with their user shares."""
    index = _children_index()
    doomed, stack = [], [node["id"]]
    while stack:
        nid = stack.pop()
        if nid in doomed:
            continue
        doomed.append(nid)
        stack.extend(c["id"] for c in index.get(nid, []))
    kb = table(TABLE)
    for nid in doomed:
        kb.delete(nid)
    return len(doomed)


# --- HTTP ------------------------------------------------------------------------------------

def _list() -> Any:
    query = KbListQuery.check(php_params(request.args))
    roots = list_roots(query["q"])
    index = _children_index()
    return jsonify(paginate(roots, query["page"], query["per_page"], lambda r: serialize(r, index)))


def _create() -> Any:
    data = KbCreate.check(json_or_form(request))
    node = create_node(data)
    resp = jsonify({"data": serialize(node)})
    resp.status_code = 201
    return resp


def _show(item_id: str) -> Any:
    return jsonify({"data": serialize(_find(item_id))})


def _update(item_id: str) -> Any:
    node = _find(item_id)
    data = KbUpdate.check(json_or_form(request))
    return jsonify({"data": serialize(update_node(node, data))})


def _delete(item_id: str) -> Any:
    delete_node(_find(item_id))
    return jsonify({"message": "OK"})


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/knowledge-base", "knowledge_base_list", _list,
              doc=Doc("List Essentials knowledge base (roots)", tags=["knowledge base"], query=KbListQuery,
                  responses={200: KbPage}, errors=[422])),
        Route("POST", f"{BASE}/knowledge-base", "knowledge_base_create", _create,
              doc=Doc("Create Essentials knowledge base item", tags=["knowledge base"], body=KbCreate, content_types=BODY_TYPES,
                  responses={201: KbAnswer}, errors=[422],
                  description="Roots have no parent_id; sections attach to a root, articles to a section.")),
        Route("GET", f"{BASE}/knowledge-base/<item_id>", "knowledge_base_get", _show,
              doc=Doc("Get Essentials knowledge base item", tags=["knowledge base"], responses={200: KbAnswer}, errors=[404],
                  path_params=ITEM_ID)),
        Route(("PUT", "PATCH"), f"{BASE}/knowledge-base/<item_id>", "knowledge_base_update", _update,
              doc=Doc("Update Essentials knowledge base item", tags=["knowledge base"], body=KbUpdate, content_types=BODY_TYPES,
                  responses={200: KbAnswer}, errors=[404, 422], path_params=ITEM_ID,
                  description="Partial; with no field to update, 422 No fields to update.")),
        Route("DELETE", f"{BASE}/knowledge-base/<item_id>", "knowledge_base_delete", _delete,
              doc=Doc("Delete Essentials knowledge base item", tags=["knowledge base"], responses={200: Ok}, errors=[404],
                  path_params=ITEM_ID, description="With its subtree.")),
    ]
