"""The fixture accounts and the --fake generator: every reference points at a record that exists."""
from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from faker import Faker
from PIL import Image

from emulator.apis.basicops import fake, schemas
from emulator.core.fixtures import FixtureSet

pytestmark = [pytest.mark.no_emulator, pytest.mark.xdist_group("basicops_fixtures")]

ACCOUNTS = ("testco", "globex")


def ids(tables: dict[str, list[dict]], name: str) -> set[Any]:
    return {r["id"] for r in tables.get(name, [])}


def problems(doc: dict[str, Any]) -> list[str]:
    t = doc["tables"]
    users, projects, sections, tasks = (ids(t, n) for n in ("users", "projects", "sections", "tasks"))
    messages, attachments = ids(t, "messages"), ids(t, "attachments")
    contexts = {"task": tasks, "project": projects, "chat": ids(t, "chats"), "groupchat": ids(t, "groupchats"),
                "channel": ids(t, "channels")}
    section_project = {s["id"]: s["project"] for s in t.get("sections", [])}
    out: list[str] = []

    def need(ok: bool, what: str) -> None:
        if not ok:
            out.append(what)

    for cred in doc["credentials"]:
        need(cred.get("user_id") in users, f"credential {cred['value']}: user")
    for u in t["users"]:
        need(u.get("picture") is None or u["picture"] in attachments, f"user {u['id']}: picture")
    for p in t["projects"]:
        need(p["owner"] in users and set(p["team"]) <= users, f"project {p['id']}: owner/team")
        need(p["status"] in schemas.PROJECT_STATUSES, f"project {p['id']}: status")
    for s in t["sections"]:
        need(s["project"] in projects and s["state"] in schemas.SECTION_STATES, f"section {s['id']}")
    for k in t["tasks"]:
        need(k["project"] is None or k["project"] in projects, f"task {k['id']}: project")
        need(k["section"] is None or section_project.get(k["section"]) == k["project"], f"task {k['id']}: section")
        need(k["assignee"] is None or k["assignee"] in users, f"task {k['id']}: assignee")
        need(k["parent"] is None or k["parent"] in tasks, f"task {k['id']}: parent")
        need(set(k["attachments"]) <= attachments, f"task {k['id']}: attachments")
        need(k["status"] in schemas.TASK_STATUSES, f"task {k['id']}: status")
    for d in t.get("dependencies", []):
        need(isinstance(d["id"], str) and {d["task"], d["dependsOnTask"]} <= tasks, f"dependency {d['id']}")
    for e in t.get("timeentries", []):
        need(e["task"] in tasks and e["project"] in projects and e["user"] in users, f"time entry {e['id']}")
    for n in t.get("notes", []):
        need((n["project"] is None or n["project"] in projects) and n["owner"] in users, f"note {n['id']}")
        need(set(n["attachments"]) <= attachments, f"note {n['id']}: attachments")
    for m in t.get("messages", []):
        need(isinstance(m["id"], str) and m["contextId"] in contexts[m["context"]], f"message {m['id']}: context")
        need(m["user"] in users, f"message {m['id']}: user")
    for r in t.get("replies", []):
        need(r["parent"] in messages and r["user"] in users, f"reply {r['id']}")
    for r in t.get("reactions", []):
        targets = messages if r["target"] == "message" else ids(t, "replies")
        need(r["targetId"] in targets and r["user"] in users, f"reaction {r['id']}")
    for c in t.get("chats", []):
        need(len(c["users"]) == 2 and set(c["users"]) <= users, f"chat {c['id']}")
    for g in t.get("groupchats", []) + t.get("channels", []):
        need(set(g["users"]) <= users and set(g.get("administrators", [])) <= set(g["users"]), f"conversation {g['id']}")
    for w in t.get("webhooks", []):
        need(isinstance(w["id"], str) and w["user"] in users, f"webhook {w['id']}")
        need(w["project"] is None or w["project"] in projects, f"webhook {w['id']}: project")
    for a in t.get("attachments", []):
        kind, _, owner = (a["owner"] or "upload:").partition(":")
        owners = {"task": tasks, "note": ids(t, "notes"), "user": users, "message": messages,
                  "reply": ids(t, "replies"), "upload": {""}}[kind]
        need((int(owner) if owner.isdigit() else owner) in owners, f"attachment {a['id']}: owner")
        data = base64.b64decode(a["data"])
        need(len(data) == a["size"], f"attachment {a['id']}: size")
        if a["width"] is not None:
            need(Image.open(io.BytesIO(data)).size == (a["width"], a["height"]), f"attachment {a['id']}: dimensions")
    return out


@pytest.fixture(scope="module")
def parsed() -> FixtureSet:
    fixtures = FixtureSet()
    fixtures.load_api("basicops")
    return fixtures


def as_doc(state: dict) -> dict:
    tables = {n: list(rows.values()) for n, rows in state["tables"].items() if not n.startswith("_")}
    return {"tables": tables, "credentials": list(state["tables"]["_credentials"].values())}


@pytest.mark.parametrize("name", ACCOUNTS)
def test_fixture_references_are_valid(parsed, name):
    assert problems(as_doc(parsed.state("basicops", name))) == []


def test_two_accounts_with_users_projects_tasks_subtasks_messages_and_a_webhook(parsed):
    for name in ACCOUNTS:
        doc = as_doc(parsed.state("basicops", name))["tables"]
        assert len(doc["users"]) >= 3 and doc["projects"] and doc["sections"] and doc["messages"]
        assert any(t["parent"] for t in doc["tasks"]) and len(doc["webhooks"]) == 1
    creds = [c for c in as_doc(parsed.state("basicops", "testco"))["credentials"] if c["kind"] == "oauth_client"]
    assert {c["value"] for c in creds} == {"testco-integration", "testco-cli"}


def test_fake_data_has_valid_references():
    fixtures = FixtureSet()
    fixtures.load_api("basicops")
    fixtures.add_bulk("basicops", fake.generate, 60, seed=7)
    for name in ACCOUNTS:
        doc = as_doc(fixtures.state("basicops", name))
        assert len(doc["tables"]["tasks"]) >= 60 and problems(doc) == []


def test_fake_data_is_reproducible():
    def make() -> list[dict]:
        tables: dict[str, list[dict]] = {"users": [{"id": 1}, {"id": 2}]}
        faker = Faker()
        faker.seed_instance(3)
        fake.generate(tables, faker, 20)
        return tables["tasks"]

    assert make() == make()
