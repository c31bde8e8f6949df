"""Documents & memos (seed: "Essentials documents & memos"; research §5 Document/DocumentShare, §7.3).

Tables: `documents` (id, business_id, user_id = owner, type document|memos, name, description,
created_at, updated_at), `document_shares` (id, document_id, value_type user|role, value,
created_at, updated_at) and `document_files` (id, document_id, mime_type, size, content as base64).

A file's stored `name` is "<unix time>_<client filename>" (Util::uploadFile); the API shows the part
after the first "_" as `name` and the stored value as `storage_name` (null for memos).
Visible = owned by me, or shared with my user id, or shared with my first role (DocumentController).
"""
from __future__ import annotations

import base64
import re
import unicodedata
from datetime import date
from typing import Any
from urllib.parse import quote

from flask import jsonify, request

from ...core import clock
from ...core.api import Route
from ...core.forms import json_or_form, php_params
from ...core.http import Response
from ...core.openapi import Binary, Doc
from ...core.store import Record
from .answers import (
    DOCUMENT_DOWNLOAD_TYPES,
    ITEM_ID,
    UPLOAD_BODY_TYPES,
    DocumentAnswer,
    DocumentPage,
    DocumentSharesAnswer,
    Ok,
)
from .context import BASE, business, business_id, first_role_id, my_id, table
from .errors import forbidden, not_found
from .formats import business_zone, stamp_instant, timestamp
from .inputs import DocumentCreate, DocumentListQuery, DocumentShares
from .paging import like, order, paginate

SHARE_TYPES = {"shared_user_ids": "user", "shared_role_ids": "role"}


# -- domain rules (no HTTP) -----------------------------------------------------------------------

def display_name(doc: Record) -> str:
    """DocumentController: explode('_', name, 2)[1] for files; a memo's name as it is."""
    name = doc.get("name") or ""
    if doc.get("type") == "document" and "_" in name:
        return name.split("_", 1)[1]
    return name


def visible(doc: Record | None, user_id: int, role_id: int | None) -> bool:
    if doc is None:
        return False
    if doc.get("user_id") == user_id:
        return True
    for share in table("document_shares").scan():
        if share.get("document_id") != doc["id"]:
            continue
        if share.get("value_type") == "user" and share.get("value") == user_id:
            return True
        if share.get("value_type") == "role" and role_id is not None and share.get("value") == role_id:
            return True
    return False


def visible_ids(user_id: int, role_id: int | None) -> set[int]:
    """Documents shared with the user id or the (first) role id."""
    out = set()
    for share in table("document_shares").scan():
        kind, value = share.get("value_type"), share.get("value")
        if (kind == "user" and value == user_id) or (kind == "role" and role_id is not None and value == role_id):
            out.add(share.get("document_id"))
    return out


def shared_ids(document_id: int) -> dict[str, list[int]]:
    """The effective share lists, in share-row order (ids as the table's pluck returns them)."""
    rows = sorted(table("document_shares").where(document_id=document_id), key=lambda r: r["id"])
    return {key: [r["value"] for r in rows if r.get("value_type") == kind] for key, kind in SHARE_TYPES.items()}


def create_document(owner_id: int, business_id: int, doc_type: str, name: str,
                    description: str | None, upload: dict[str, Any] | None) -> Record:
    now = timestamp()
    if upload is not None:
        name = f"{int(clock.now().timestamp())}_{upload['filename']}"
    doc = table("documents").insert({
        "business_id": business_id, "user_id": owner_id, "type": doc_type, "name": name,
        "description": description, "created_at": now, "updated_at": now,
    })
    if upload is not None:
        table("document_files").insert({
            "document_id": doc["id"], "mime_type": upload["mime_type"], "size": len(upload["content"]),
            "content": base64.b64encode(upload["content"]).decode("ascii"),
        })
    return doc


def replace_shares(document_id: int, lists: dict[str, list[int] | None]) -> list[int]:
    """Replace the share lists that were sent (None = clear); keep rows of ids still listed.

    Returns the user ids whose share is new: the real API notifies those users.
    """
    shares = table("document_shares")
    created_users: list[int] = []
    now = timestamp()
    for key, kind in SHARE_TYPES.items():
        if key not in lists:
            continue
        wanted = list(dict.fromkeys(lists[key] or []))
        existing = {r["value"]: r for r in shares.where(document_id=document_id, value_type=kind)}
        for value, row in existing.items():
            if value not in wanted:
                shares.delete(row["id"])
        for value in wanted:
            if value not in existing:
                shares.insert({"document_id": document_id, "value_type": kind, "value": value,
                               "created_at": now, "updated_at": now})
                if kind == "user":
                    created_users.append(value)
    return created_users


def delete_document(document_id: int) -> None:
    table("document_files").delete_where(lambda r: r.get("document_id") == document_id)
    table("document_shares").delete_where(lambda r: r.get("document_id") == document_id)
    table("documents").delete(document_id)


def stored_file(document_id: int) -> Record | None:
    return table("document_files").first(document_id=document_id)


def local_date(stamp: str) -> date:
    """whereDate(created_at): the stored (business-local) date of an ISO-UTC timestamp."""
    return stamp_instant(stamp).astimezone(business_zone(business())).date()


# -- Content-Disposition as Symfony HeaderUtils::makeDisposition builds it ------------------------

_TOKEN = re.compile(r"^[a-z0-9!#$%&'*.^_`|~-]+$", re.IGNORECASE)
_ASCII_EXTRA = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE", "ł": "l",
                "Ł": "L", "đ": "d", "Đ": "D", "þ": "th", "Þ": "TH", "ð": "d", "Ð": "D", "ı": "i"}


def _quote(value: str) -> str:
    if _TOKEN.match(value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def ascii_fallback(name: str) -> str:
    """Laravel's fallbackName: str_replace('%', '', Str::ascii(name)) (transliterate, drop the rest)."""
    text = "".join(_ASCII_EXTRA.get(c, c) for c in name)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if 0x20 <= ord(c) <= 0x7E and c != "%")


def content_disposition(filename: str) -> str:
    """attachment; filename=report.pdf | filename="my report.pdf" | ...; filename*=utf-8''caf%C3%A9.pdf"""
    fallback = ascii_fallback(filename)
    params = [f"filename={_quote(fallback)}"]
    if fallback != filename:
        params.append("filename*=utf-8''" + quote(filename, safe=""))
    return "attachment; " + "; ".join(params)


# -- rendering ------------------------------------------------------------------------------------

def row(doc: Record) -> dict[str, Any]:
    return {
        "id": doc["id"], "business_id": doc.get("business_id"), "user_id": doc.get("user_id"),
        "type": doc.get("type"), "name": display_name(doc),
        "storage_name": doc.get("name") if doc.get("type") == "document" else None,
        "description": doc.get("description"),
        "created_at": doc.get("created_at"), "updated_at": doc.get("updated_at"),
    }


def detail(doc: Record) -> dict[str, Any]:
    return {**row(doc), **shared_ids(doc["id"])}


def _visible_or_404(item_id: str) -> Record:
    doc = table("documents").get(item_id)
    if not visible(doc, my_id(), first_role_id()):
        raise not_found()
    return doc  # type: ignore[return-value]


def _owned(item_id: str) -> Record:
    doc = _visible_or_404(item_id)
    if doc.get("user_id") != my_id():
        raise forbidden()
    return doc


# -- handlers -------------------------------------------------------------------------------------

def list_documents() -> Response:
    query = DocumentListQuery.check(php_params(request.args))
    me, role = my_id(), first_role_id()
    shared = visible_ids(me, role)
    pattern = like(query["q"]) if query.get("q") else None
    start = date.fromisoformat(query["start_date"]) if query.get("start_date") else None
    end = date.fromisoformat(query["end_date"]) if query.get("end_date") else None

    def wanted(doc: Record) -> bool:
        if doc.get("type") != query["type"]:
            return False
        if doc.get("user_id") != me and doc.get("id") not in shared:
            return False
        if pattern is not None and not (pattern.search(doc.get("name") or "")
                                        or pattern.search(doc.get("description") or "")):
            return False
        if start is not None and end is not None:
            day = local_date(doc["created_at"])
            if not start <= day <= end:
                return False
        return True

    rows = order(table("documents").filter(wanted), query.get("sort"), query.get("direction"))
    return jsonify(paginate(rows, query["page"], query["per_page"], row))


def create() -> tuple[Response, int]:
    data = json_or_form(request)
    upload = request.files.get("file")
    if upload is not None and upload.filename:
        data = {**data, "file": upload}
    body = DocumentCreate.check(data)
    doc = create_document(my_id(), business_id(), body["type"], body.get("name") or "",
                          body.get("description"), body.get("file") if body["type"] == "document" else None)
    return jsonify({"data": detail(doc)}), 201


def show(item_id: str) -> Response:
    return jsonify({"data": detail(_visible_or_404(item_id))})


def download(item_id: str) -> Response:
    doc = _visible_or_404(item_id)
    stored = stored_file(doc["id"]) if doc.get("type") == "document" else None
    if stored is None:
        raise not_found()  # memos (and files that are gone) are not downloadable
    content = base64.b64decode(stored.get("content") or "")
    resp = Response(content, status=200, mimetype=None)
    mime = stored.get("mime_type") or "application/octet-stream"
    if mime.startswith("text/") and "charset" not in mime:
        mime += "; charset=UTF-8"  # Symfony Response::prepare adds the charset to text/* types
    resp.headers["Content-Type"] = mime
    resp.headers["Content-Length"] = str(len(content))
    resp.headers["Content-Disposition"] = content_disposition(display_name(doc))
    return resp


def update_shares(item_id: str) -> Response:
    doc = _owned(item_id)
    lists = DocumentShares.check(json_or_form(request))
    replace_shares(doc["id"], lists)
    return jsonify({"data": {"document_id": doc["id"], **shared_ids(doc["id"])}})


def destroy(item_id: str) -> Response:
    doc = _owned(item_id)
    delete_document(doc["id"])
    return jsonify({"message": "OK"})


def routes() -> list[Route]:
    return [
        Route("GET", f"{BASE}/documents", "documents_list", list_documents,
              doc=Doc("List Essentials documents & memos", tags=["documents"], query=DocumentListQuery,
                  responses={200: DocumentPage}, errors=[422],
                  description="Owned by the caller, or shared with their user id or first role.")),
        Route("POST", f"{BASE}/documents", "documents_create", create,
              doc=Doc("Create Essentials document or memo", tags=["documents"], body=DocumentCreate,
                  content_types=UPLOAD_BODY_TYPES, responses={201: DocumentAnswer}, errors=[422],
                  description="type=document uploads `file` (multipart/form-data); type=memos sends name and description.")),
        Route("GET", f"{BASE}/documents/<item_id>", "documents_get", show,
              doc=Doc("Get Essentials document or memo", tags=["documents"], responses={200: DocumentAnswer}, errors=[404],
                  path_params=ITEM_ID)),
        Route("DELETE", f"{BASE}/documents/<item_id>", "documents_delete", destroy,
              doc=Doc("Delete Essentials document or memo", tags=["documents"], responses={200: Ok}, errors=[404],
                  path_params=ITEM_ID, description="Owner only.")),
        Route("GET", f"{BASE}/documents/<item_id>/download", "documents_download", download,
              doc=Doc("Download Essentials document file", tags=["documents"], errors={404: "Missing, invisible, or a memo"},
                  responses={200: Binary(DOCUMENT_DOWNLOAD_TYPES, "The file's bytes, in the type of its extension",
                  {"Content-Disposition": "attachment; filename=..., as Symfony builds it",
                  "Content-Length": "the file's size in bytes"})},
                  path_params=ITEM_ID)),
        Route(("PUT", "PATCH"), f"{BASE}/documents/<item_id>/shares", "documents_shares_update", update_shares,
              doc=Doc("Update Essentials document shares", tags=["documents"], body=DocumentShares, body_required=False,
                  content_types=UPLOAD_BODY_TYPES[1:], responses={200: DocumentSharesAnswer}, errors=[404, 422],
                  path_params=ITEM_ID, description="Owner only. An omitted list is unchanged; [] or null clears it.")),
    ]
