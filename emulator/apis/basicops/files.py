"""Files: uploads, task attachments (stored bytes or cloud references), downloads and thumbnails.

Seed, "File Operations" and "Attach a File to a Task":
- POST /upload (raw body, filename from Content-Disposition) and POST /uploadurl ({"url"}) return
  an attachment id that "can only be used once" to attach the file to a task, message or reply;
- POST /task/<id>/attachments takes the raw body the same way, or a cloud file's JSON
  {fileName, contentType, cloudType, cloudId}; downloading a cloud attachment answers that JSON;
- GET /attachment/<id>/download answers the exact bytes (?maxSize=<max-bytes>);
- GET /attachment/<id>/url a pre-signed URL valid for 15 minutes;
- thumbnails of images in the sizes icon, small, medium, large.

Attachment ids look like the seed's ("8dMfbZuoDwmxVvx0W2rbWA==": 16 random bytes in base64, never
with a "/", which could not travel in a URL path).  Bytes are kept base64-encoded in the record,
so snapshots and the disk log carry them like any other field.
"""
from __future__ import annotations

import base64
import mimetypes
import secrets
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import timedelta
from typing import Any
from urllib.parse import quote, unquote

from ...core.store import CREDENTIALS_TABLE as CREDENTIALS
from ...core.store import Record
from . import context, images, outbound, serializers
from .errors import bad_request, not_found
from .formats import iso, now, now_iso, parse_instant, to_int
from .lookup import find
from .schemas import CloudFileBody

ATTACHMENTS = "attachments"
DOWNLOAD_CREDENTIAL = "download_url"
_GENERIC_TYPES = frozenset({"", "application/x-www-form-urlencoded", "application/octet-stream",
                            "multipart/form-data", "text/plain"})
SIZES = ("icon", "small", "medium", "large")


def owner_of(kind: str, record_id: Any) -> str:
    return f"{kind}:{record_id}"


def new_key() -> str:
    table = context.table(ATTACHMENTS)
    while True:
        key = base64.b64encode(secrets.token_bytes(16)).decode("ascii")
        if "/" not in key and table.get(key) is None:
            return key


def normalise_key(key: Any) -> str:
    """Attachment ids arrive raw ("...==") or URL-encoded as the task shows them ("...%3D%3D")."""
    text = str(key)
    return unquote(text) if "%" in text else text


def find_attachment(key: Any) -> Record:
    rec = context.table(ATTACHMENTS).get(normalise_key(key))
    if rec is None:
        raise not_found(ATTACHMENTS)
    return rec


def content_type_for(filename: str, declared: str | None, info: images.ImageInfo | None) -> str:
    """The declared type unless it is a generic one (curl --data-binary sends form-urlencoded)."""
    declared = (declared or "").split(";")[0].strip().lower()
    if declared not in _GENERIC_TYPES:
        return declared
    if info is not None:
        return info.mime
    return mimetypes.guess_type(filename)[0] or ("text/plain" if declared == "text/plain" else "application/octet-stream")


def store_file(filename: str | None, content_type: str | None, data: bytes, owner: str | None) -> Record:
    if not filename or not filename.strip():
        raise bad_request('A filename is required (Content-Disposition: attachment; filename="name.ext")')
    if not data:
        raise bad_request("The file is empty")
    name = filename.strip().replace("\\", "/").rsplit("/", 1)[-1] or "file"
    info = images.inspect(data)
    rec = {
        "fileName": name,
        "contentType": content_type_for(name, content_type, info),
        "size": len(data),
        "width": info.width if info else None,
        "height": info.height if info else None,
        "created": now_iso(),
        "user": context.my_id(),
        "cloud": None,
        "data": base64.b64encode(data).decode("ascii"),
        "owner": owner,
    }
    return context.table(ATTACHMENTS).insert(rec, record_id=new_key())


def store_cloud(body: Any, owner: str) -> Record:
    data = CloudFileBody.check(body)
    rec = {
        "fileName": data["fileName"].strip(),
        "contentType": data.get("contentType"),
        "size": None, "width": None, "height": None,
        "created": now_iso(),
        "user": context.my_id(),
        "cloud": {"fileName": data["fileName"].strip(), "contentType": data.get("contentType"),
                  "cloudType": data["cloudType"], "cloudId": data["cloudId"]},
        "data": None,
        "owner": owner,
    }
    return context.table(ATTACHMENTS).insert(rec, record_id=new_key())


# -- uploads -----------------------------------------------------------------------------------

def upload(filename: str | None, content_type: str | None, data: bytes) -> dict[str, Any]:
    """POST /upload: an unattached file; its id may be used once."""
    rec = store_file(filename, content_type, data, owner=None)
    return {"id": rec["id"]}


def upload_from_url(url: str) -> dict[str, Any]:
    """POST /uploadurl: fetch the file (allowed hosts only, with a timeout) and keep it like an upload."""
    policy = outbound.HostPolicy(context.setting("outbound_hosts"))
    timeout, max_bytes = float(context.setting("outbound_timeout_seconds")), int(context.setting("outbound_max_bytes"))
    store = context.tenant().store
    try:
        with store.unlocked() if store is not None else nullcontext():
            got = outbound.fetch(url, timeout=timeout, max_bytes=max_bytes, policy=policy)
    except outbound.OutboundError as exc:
        raise bad_request(f"Could not download {url}: {exc}") from None
    rec = store_file(got.filename or "download", got.content_type, got.data, owner=None)
    return {"id": rec["id"]}


def check_claims(keys: list[str], owner: str) -> list[str]:
    """Validate upload ids for a record: each is fresh, or already this record's (message PUT keeps)."""
    table = context.table(ATTACHMENTS)
    out: list[str] = []
    for raw in keys:
        key = normalise_key(raw)
        rec = table.get(key)
        if rec is None:
            raise bad_request(f"attachments: Attachment {raw} not found")
        if rec.get("owner") not in (None, owner):
            raise bad_request(f"attachments: Attachment {raw} has already been used")
        if key not in out:
            out.append(key)
    return out


def claim(keys: list[str], owner: str, previous: list[str] | None = None) -> list[str]:
    """Attach checked ids to `owner`; files it had before and no longer lists are deleted."""
    table = context.table(ATTACHMENTS)
    for key in keys:
        rec = table.get(key)
        if rec is not None and rec.get("owner") != owner:
            table.update(key, {"owner": owner})
    drop([k for k in previous or [] if k not in keys])
    return keys


def drop(keys: list[str] | None) -> None:
    table = context.table(ATTACHMENTS)
    for key in keys or []:
        table.delete(key)


# -- task attachments --------------------------------------------------------------------------

def attach_to_task(task_id: int, *, filename: str | None = None, content_type: str | None = None,
                   data: bytes | None = None, cloud: Any = None) -> dict[str, Any]:
    """POST /task/<id>/attachments: a file's bytes, or (cloud) a cloud file's reference."""
    from . import events

    task = find("tasks", task_id)
    owner = owner_of("task", task["id"])
    rec = store_cloud(cloud, owner) if cloud is not None else store_file(filename, content_type, data or b"", owner)
    keys = [*(task.get("attachments") or []), rec["id"]]
    after = context.table("tasks").update(task["id"], {"attachments": keys, "updated": now_iso()})
    events.changed("task", "updated", after, task)
    return serializers.attachment(rec, task["id"])


def task_attachment(task_id: int, key: Any) -> Record:
    task = find("tasks", task_id)
    rec = find_attachment(key)
    if rec["id"] not in (task.get("attachments") or []):
        raise not_found(ATTACHMENTS)
    return rec


@dataclass(frozen=True)
class Download:
    data: bytes
    content_type: str
    filename: str


def is_cloud(rec: Record) -> bool:
    return rec.get("cloud") is not None


def cloud_info(rec: Record) -> dict[str, Any]:
    """Seed: a cloud attachment downloads as its {fileName, contentType, cloudType, cloudId}."""
    return dict(rec["cloud"])


def download(rec: Record, max_size: Any = None) -> Download:
    """The stored bytes; `maxSize` refuses a larger file (400) instead of sending it."""
    if is_cloud(rec):
        raise bad_request("A cloud file has no content here; download it from its cloud provider")
    if max_size is not None and str(max_size).strip() != "":
        limit = to_int(max_size)
        if limit is None or limit < 0:
            raise bad_request("Invalid maxSize: must be a number of bytes")
        if rec.get("size", 0) > limit:
            raise bad_request(f"The attachment is {rec['size']} bytes, larger than maxSize ({limit})")
    data = base64.b64decode(rec.get("data") or "")
    return Download(data, rec.get("contentType") or "application/octet-stream", rec.get("fileName") or "file")


def thumbnail(rec: Record, size: str) -> Download:
    sizes = context.setting("thumbnail_sizes") or images.THUMBNAIL_SIZES
    if size not in SIZES or size not in sizes:
        raise bad_request(f"Invalid size: must be one of {', '.join(SIZES)}")
    if is_cloud(rec) or rec.get("width") is None:
        raise bad_request(f"{rec.get('fileName') or 'The attachment'} is not an image: "
                          "thumbnails exist for images only")
    try:
        thumb = images.thumbnail(base64.b64decode(rec.get("data") or ""), int(sizes[size]))
    except ValueError as exc:
        raise bad_request(f"{rec.get('fileName') or 'The attachment'}: {exc}") from None
    stem = (rec.get("fileName") or "image").rsplit(".", 1)[0]
    return Download(thumb.data, thumb.mime, f"{stem}-{size}{thumb.extension}")


# -- pre-signed download URLs --------------------------------------------------------------------

def presign(key: Any) -> dict[str, Any]:
    """GET /attachment/<id>/url: a URL that downloads without a token, valid for 15 minutes
    (setting attachment_url_lifetime_seconds), by the emulator's clock."""
    rec = find_attachment(key)
    tenant = context.tenant()
    current = now()
    for cred in tenant.table(CREDENTIALS).filter(lambda c: c.get("kind") == DOWNLOAD_CREDENTIAL):
        expires = parse_instant(cred.get("expires"))
        if expires is None or expires <= current:
            tenant.table(CREDENTIALS).delete(cred["id"])
    token = secrets.token_urlsafe(24)
    expires = current + timedelta(seconds=float(context.setting("attachment_url_lifetime_seconds")))
    tenant.table(CREDENTIALS).insert({"kind": DOWNLOAD_CREDENTIAL, "value": token, "user_id": context.my_id(),
                                      "attachment": rec["id"], "expires": iso(expires)})
    return {"url": f"{context.api_base()}/attachment/{quote(rec['id'], safe='')}/download?signature={token}"}


def presigned_valid(cred: Record, key: Any) -> bool:
    """Is this download credential (found by its token) valid now for attachment `key`?"""
    expires = parse_instant(cred.get("expires"))
    return (cred.get("kind") == DOWNLOAD_CREDENTIAL and cred.get("attachment") == normalise_key(key)
            and expires is not None and now() < expires)
