"""Webhooks (seed, "Webhooks" and "Executing the Webhook"): the records, and what a change sends.

- `events` is a comma-separated string of basicops:<collection>:<action>, collection one of task,
  project, section, note, user and action one of created, updated, deleted.
- `project` limits the webhook to objects within that project (the project itself, its tasks,
  sections and notes); `section` to that section and its tasks.  A change that moves an object
  out of the project or section still reaches the webhook (old or new place matches).
- signing: "none" (default), "generate" (a secret is made and returned once, as `Secret`),
  "provided" (`secret` required).  A signed delivery carries the hex HMAC-SHA256 of the raw body
  in the header named by the setting webhook_signature_header (default X-BasicOps-Signature).
- The payload is the seed's {"events": [{timestamp, event, user, records}]}, one event per POST;
  `records` holds the record as GET answers it, or only {"id"} with excludeDetails.
- Webhook ids (EId) are UUID strings; `Id` is an integer.  Webhooks belong to the account: every
  user of it sees and manages all of them (docs/basicops.md); but a personal note's changes reach
  only the webhooks of the note's owner (no one else may read that note).
Delivery itself (threads, retries, log) is delivery.py.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ...core.store import Record
from . import context, records, serializers
from .errors import bad_request, missing, not_found
from .events import Change
from .formats import now_iso
from .lookup import ref
from .schemas import WebhookBody

TABLE = "webhooks"
EVENT = re.compile(r"^basicops:(task|project|section|note|user):(created|updated|deleted)$")
USER_AGENT = "BasicOps-Webhooks/1.0 (saas-emulator)"


def parse_events(text: str) -> list[str]:
    """The events of a comma-separated string, normalised; 400 for any that is not in the grammar."""
    out: list[str] = []
    for part in text.split(","):
        name = part.strip().lower()
        if not name:
            continue
        if not EVENT.match(name):
            raise bad_request(f'Invalid events: "{part.strip()}" is not basicops:<collection>:<action> '
                              "(collections: task, project, section, note, user; "
                              "actions: created, updated, deleted)")
        if name not in out:
            out.append(name)
    if not out:
        raise missing("events")
    return out


def check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise bad_request("Invalid url: an http or https URL is required")
    return url


def find_webhook(eid: Any) -> Record:
    rec = context.table(TABLE).get(str(eid))
    if rec is None:
        raise not_found(TABLE)
    return rec


def list_webhooks() -> list[dict[str, Any]]:
    rows = sorted(context.table(TABLE).scan(), key=lambda w: w.get("Id") or 0)
    return [serializers.webhook(w) for w in rows]


def get_webhook(eid: Any) -> dict[str, Any]:
    return serializers.webhook(find_webhook(eid))


def _signing(data: dict[str, Any], current: Record | None) -> tuple[str, str | None, bool]:
    """(signing, secret, generated) from a body, keeping the current values where it says nothing."""
    signing = data.get("signing") or (current or {}).get("signing") or "none"
    if signing == "none":
        return "none", None, False
    if signing == "generate":
        if "signing" in data or current is None or current.get("signing") != "generate":
            return "generate", secrets.token_hex(32), True
        return "generate", current.get("secret"), False
    secret = data.get("secret")
    if secret is None and current is not None and current.get("signing") == "provided" and "signing" not in data:
        secret = current.get("secret")
    if not secret or not str(secret).strip():
        raise bad_request('secret is required when signing is "provided"')
    return "provided", str(secret), False


def create(body: Any) -> dict[str, Any]:
    data = WebhookBody.check(body)
    events = parse_events(data["events"])
    url = check_url(data["url"])
    if data.get("project") is not None:
        ref("project", "projects", data["project"])
    if data.get("section") is not None:
        ref("section", "sections", data["section"])
    signing, secret, generated = _signing(data, None)
    table = context.table(TABLE)
    eid = str(uuid.uuid4())
    rec = table.insert({
        "Id": records.next_number("webhook", max((w.get("Id") or 0 for w in table.scan()), default=0)),
        "user": context.my_id(), "name": data.get("name") or "", "url": url,
        "events": ",".join(events), "project": data.get("project"), "section": data.get("section"),
        "excludeDetails": bool(data.get("excludeDetails", False)), "signing": signing, "secret": secret,
        "created": now_iso(), "updated": now_iso(),
    }, record_id=eid)
    out = {**records.created("webhook", rec["id"]), "EId": rec["id"]}
    if generated:
        out["Secret"] = secret
    return out


def update(eid: Any, body: Any) -> dict[str, Any]:
    """PUT /webhook/<EId>: what the body names changes (the seed's PUT keeps the project it omits);
    answers the webhook with its `project` (seed), and `Secret` when one was generated."""
    current = find_webhook(eid)
    data = WebhookBody.check(body, partial=True)
    changes: dict[str, Any] = {}
    if "events" in data:
        changes["events"] = ",".join(parse_events(data["events"]))
    if "url" in data:
        changes["url"] = check_url(data["url"])
    for key in ("project", "section"):
        if key in data:
            if data[key] is not None:
                ref(key, f"{key}s", data[key])
            changes[key] = data[key]
    if "name" in data:
        changes["name"] = data["name"] or ""
    if "excludeDetails" in data:
        changes["excludeDetails"] = data["excludeDetails"]
    generated = False
    if "signing" in data or "secret" in data:
        changes["signing"], changes["secret"], generated = _signing(data, current)
    after = context.table(TABLE).update(current["id"], {**changes, "updated": now_iso()})
    assert after is not None
    out = serializers.webhook(after, with_project=True)
    if generated:
        out["Secret"] = after["secret"]
    return out


def delete(eid: Any) -> None:
    rec = find_webhook(eid)
    context.table(TABLE).delete(rec["id"])


# -- what a change sends ---------------------------------------------------------------------------

def _within(webhook: Record, change: Change) -> bool:
    project, section = webhook.get("project"), webhook.get("section")
    versions = [r for r in (change.record, change.before) if r is not None]
    if project is not None:
        if change.collection == "project":
            if not any(r.get("id") == project for r in versions):
                return False
        elif change.collection in ("task", "section", "note"):
            if not any(r.get("project") == project for r in versions):
                return False
        else:
            return False
    if section is not None:
        if change.collection == "section":
            return any(r.get("id") == section for r in versions)
        if change.collection == "task":
            return any(r.get("section") == section for r in versions)
        return False
    return True


def _visible_to_owner(webhook: Record, change: Change) -> bool:
    """A personal note (no project) is its owner's alone (notes.visible), so its changes reach only
    the webhooks its owner created: another user's webhook must not carry its content."""
    if change.collection != "note" or change.record.get("project") is not None:
        return True
    return change.record.get("owner") == webhook.get("user")


def matches(webhook: Record, change: Change) -> bool:
    return (change.event in str(webhook.get("events") or "").split(",") and _within(webhook, change)
            and _visible_to_owner(webhook, change))


def record_shape(change: Change) -> dict[str, Any]:
    rec = change.record
    if change.collection == "task":
        return serializers.task(rec)
    if change.collection == "project":
        return serializers.project(rec)
    if change.collection == "section":
        return serializers.section(rec)
    if change.collection == "note":
        return serializers.note(rec)
    return serializers.user(rec)


def payload(webhook: Record, change: Change) -> dict[str, Any]:
    user = context.table("users").get(change.user_id) if change.user_id is not None else None
    shown = [{"id": change.record.get("id")}] if webhook.get("excludeDetails") else [record_shape(change)]
    return {"events": [{
        "timestamp": change.timestamp,
        "event": change.event,
        "user": serializers.event_user(user) if user else None,
        "records": shown,
    }]}


def sign(secret: str, body: bytes) -> str:
    return hmac.new(secret.encode("utf-8"), body, hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class Outgoing:
    """One POST to make: built under the store lock, sent without it."""

    webhook: str  # EId
    url: str
    event: str
    body: bytes
    headers: dict[str, str]
    project: int | None


def fan_out(change: Change) -> list[Outgoing]:
    """The POSTs a change causes (run by the delivery worker, acting as the change's caller)."""
    out = []
    header = str(context.setting("webhook_signature_header"))
    for webhook in sorted(context.table(TABLE).scan(), key=lambda w: w.get("Id") or 0):
        if not matches(webhook, change):
            continue
        body = json.dumps(payload(webhook, change), separators=(",", ":"), ensure_ascii=False).encode("utf-8")
        headers = {"Content-Type": "application/json", "User-Agent": USER_AGENT,
                   "X-BasicOps-Event": change.event, "X-BasicOps-Webhook": str(webhook["id"])}
        if webhook.get("secret"):
            headers[header] = sign(webhook["secret"], body)
        project = change.record.get("id") if change.collection == "project" else change.record.get("project")
        out.append(Outgoing(str(webhook["id"]), str(webhook["url"]), change.event, body, headers, project))
    return out
