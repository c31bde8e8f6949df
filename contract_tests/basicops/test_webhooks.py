"""Webhooks through HTTP with a real receiver on loopback (seed: "Webhooks", "Executing the Webhook"):
CRUD, signed deliveries, retries by the emulator's clock, no delivery for unsubscribed events or
other projects, and the control API's delivery log."""
from __future__ import annotations

import hashlib
import hmac
import json
import time

import pytest

from .conftest import error_of
from .receiver import receiver

FIXTURE_HOOK = "7f646881-2f1d-4266-a071-cbd3b0b0bfca"


def test_webhook_crud(bo):
    created = bo.data("POST", "/webhook", json={"name": "my first webhook via rest", "url": "https://server.com/hook",
                                                "events": "basicops:task:created,basicops:task:updated,"
                                                          "basicops:project:deleted",
                                                "project": 6, "excludeDetails": False, "signing": "provided",
                                                "secret": "<your-secret>"})
    eid = created["id"]
    assert isinstance(eid, str) and created["EId"] == eid and "Secret" not in created
    got = bo.data("GET", f"/webhook/{eid}")
    assert list(got) == ["Id", "CompanyId", "UserId", "EId", "Name", "Url", "Events", "ExcludeDetails"]
    assert (got["CompanyId"], got["UserId"], got["EId"]) == (2, 38, eid)
    updated = bo.data("PUT", f"/webhook/{eid}", json={
        "name": "my first webhook via rest", "url": "https://my.company.com/webhooks",
        "events": "basicops:task:created,basicops:task:updated,basicops:project:deleted",
        "excludeDetails": False, "signing": "none"})
    assert updated["project"] == 6 and updated["Url"] == "https://my.company.com/webhooks"
    assert [w["EId"] for w in bo.data("GET", "/webhook")] == [FIXTURE_HOOK, eid]
    assert bo.delete(f"/webhook/{eid}", headers={"Content-Type": "application/json"}).json() == {"success": True}
    error_of(bo.get(f"/webhook/{eid}"), 404, "Webhook not found")


def test_a_change_reaches_the_receiver_signed(bo, deliveries):
    with receiver() as srv:
        created = bo.data("POST", "/webhook", json={"name": "tasks", "url": f"{srv.url}/hook", "signing": "generate",
                                                    "events": "basicops:task:created,basicops:task:updated"})
        secret = created["Secret"]
        tid = bo.data("POST", "/task", json={"title": "Company info", "project": 6})["id"]
        done = deliveries.wait(state="delivered", webhook=created["id"])
        got = srv.wait_for(1)[0]
    assert len(done) == 1 and done[0]["status"] == 200 and done[0]["attempts"] == 1
    assert got.headers["X-BasicOps-Signature"] == hmac.new(secret.encode(), got.body, hashlib.sha256).hexdigest()
    payload = json.loads(got.body)
    event = payload["events"][0]
    assert event["event"] == "basicops:task:created" and event["user"]["id"] == 38
    assert event["records"][0] == bo.data("GET", f"/task/{tid}")
    assert done[0]["request"]["body"] == payload


def test_a_failing_receiver_is_retried_when_the_clock_moves(bo, deliveries, frozen):
    with receiver(statuses=[500, 200]) as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:project:updated"})["id"]
        bo.patch("/project/6", json={"status": "At Risk"})
        first = deliveries.wait(state="retrying", webhook=hook)[0]
        assert first["attempts"] == 1 and first["status"] == 500
        assert first["next_attempt"] == "2026-03-01T12:00:10.000Z"
        time.sleep(0.1)
        assert len(srv.received) == 1
        frozen.advance(10)
        done = deliveries.wait(state="delivered", webhook=hook)[0]
        assert done["attempts"] == 2 and [h["status"] for h in done["history"]] == [500, 200]
        assert len(srv.wait_for(2)) == 2


def test_no_delivery_for_unsubscribed_events_or_other_projects(bo, deliveries):
    with receiver() as srv:
        hook = bo.data("POST", "/webhook", json={"url": srv.url, "events": "basicops:task:updated", "project": 8})["id"]
        bo.post("/task", json={"title": "created in 8", "project": 8})   # another event
        bo.patch("/task/73", json={"title": "updated in 6"})              # another project
        bo.patch("/project/8", json={"title": "renamed"})                 # another collection
        bo.patch("/task/80", json={"status": "Accepted"})                 # the one that matches
        done = deliveries.wait(state="delivered", webhook=hook)
        time.sleep(0.1)
        assert len(done) == 1 and len(srv.received) == 1
        assert json.loads(srv.received[0].body)["events"][0]["records"][0]["id"] == 80


def test_the_delivery_log_filters_and_forgets(bo, deliveries, control):
    bo.post("/task", json={"title": "in 8", "project": 8})  # the fixture webhook: a host that is not allowed
    blocked = deliveries.wait(state="blocked")
    assert blocked[0]["url"] == "https://server.com/hook" and "is not allowed" in blocked[0]["last_error"]
    assert deliveries.list(tenant="globex") == []
    assert deliveries.list(event="basicops:task:created", tenant="testco") == blocked
    control.reset()
    assert deliveries.list() == []


def test_the_delivery_log_refuses_bad_waits(control):
    from emulator.testing import ControlError

    with pytest.raises(ControlError) as info:
        control._call("GET", "/webhooks/deliveries?wait=abc")
    assert info.value.status == 400
