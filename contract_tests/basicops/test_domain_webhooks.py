"""Webhooks: the records (seed, "Webhooks"), and delivery for real to a receiver on loopback (seed,
"Executing the Webhook"): payload, signature, retries by the emulator's clock, and no delivery for
unsubscribed events or other projects."""
from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import UTC, datetime, timedelta

import pytest

from emulator.apis.basicops import delivery, notes, projects, sections, tasks, webhooks

from .receiver import receiver
from .support import ALEX, TIM, account, as_user, fails

pytestmark = pytest.mark.no_emulator

FIXTURE_HOOK = "7f646881-2f1d-4266-a071-cbd3b0b0bfca"


class FrozenClock:
    def __init__(self) -> None:
        self.at = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)

    def __call__(self, tenant) -> datetime:
        return self.at

    def advance(self, seconds: float) -> None:
        self.at += timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return FrozenClock()


@pytest.fixture
def testco(clock):
    tenant = account()
    engine = delivery.install(tenant.store, delivery.Engine(tenant.store.lock, clock=clock, poll=0.01))
    with as_user(tenant, ALEX):
        yield tenant
    engine.reset()


def engine(tenant) -> delivery.Engine:
    return delivery.engine_for(tenant.store)


# -- the records -------------------------------------------------------------------------------------

def test_webhook_shapes(testco):
    """Seed: GET and list answer Id, CompanyId, UserId, EId, Name, Url, Events, ExcludeDetails."""
    got = webhooks.get_webhook(FIXTURE_HOOK)
    assert got == {"Id": 8, "CompanyId": 2, "UserId": 25, "EId": FIXTURE_HOOK, "Name": "my first webhook via rest",
                   "Url": "https://server.com/hook",
                   "Events": "basicops:task:created,basicops:task:updated,basicops:project:deleted",
                   "ExcludeDetails": False}
    assert webhooks.list_webhooks() == [got]
    fails(404, "Webhook not found", webhooks.get_webhook, "no-such-eid")


def test_create_returns_the_eid_and_a_generated_secret_once(testco):
    created = webhooks.create({"name": "n", "url": "http://127.0.0.1:1/h", "events": "basicops:task:created",
                               "signing": "generate"})
    assert created["id"] == created["EId"] and isinstance(created["id"], str) and len(created["Secret"]) == 64
    assert set(created) == {"id", "EId", "viewUrl", "bounceUrl", "Secret"}
    assert "Secret" not in webhooks.get_webhook(created["id"])
    plain = webhooks.create({"url": "http://127.0.0.1:1/h", "events": "basicops:task:created"})
    assert "Secret" not in plain


@pytest.mark.parametrize("body, message", [
    ({"events": "basicops:task:created"}, "url is required"),
    ({"url": "server.com/hook", "events": "basicops:task:created"}, "Invalid url"),
    ({"url": "http://h/", "events": ""}, "events is required"),
    ({"url": "http://h/", "events": " , "}, "events is required"),
    ({"url": "http://h/", "events": "basicops:comment:created"}, '"basicops:comment:created" is not'),
    ({"url": "http://h/", "events": "basicops.task.created"}, "is not basicops:<collection>:<action>"),
    ({"url": "http://h/", "events": "basicops:task:created", "signing": "provided"}, "secret is required"),
    ({"url": "http://h/", "events": "basicops:task:created", "signing": "sometimes"}, "Invalid signing"),
    ({"url": "http://h/", "events": "basicops:task:created", "project": 999}, "project: Project 999 not found"),
])
def test_create_rejects_bad_bodies(testco, body, message):
    fails(400, message, webhooks.create, body)


def test_put_answers_the_webhook_with_its_project(testco):
    """Seed "Update a Webhook": the answer carries a lower-case `project`; the PUT body omitted it."""
    got = webhooks.update(FIXTURE_HOOK, {"name": "renamed", "url": "https://my.company.com/webhooks",
                                         "events": "basicops:task:created,basicops:task:updated,basicops:project:deleted",
                                         "excludeDetails": False, "signing": "none"})
    assert list(got) == ["Id", "CompanyId", "UserId", "EId", "Name", "Url", "Events", "project", "ExcludeDetails"]
    assert got["project"] == 8 and got["Name"] == "renamed" and got["Url"] == "https://my.company.com/webhooks"
    regenerated = webhooks.update(FIXTURE_HOOK, {"signing": "generate"})
    assert len(regenerated["Secret"]) == 64
    webhooks.delete(FIXTURE_HOOK)
    assert webhooks.list_webhooks() == []


def test_event_names_are_normalised(testco):
    created = webhooks.create({"url": "http://127.0.0.1:1/h", "events": " BasicOps:Task:Created ,basicops:note:deleted,"})
    assert webhooks.get_webhook(created["id"])["Events"] == "basicops:task:created,basicops:note:deleted"


# -- delivery ----------------------------------------------------------------------------------------

def test_a_change_is_posted_signed_with_the_documented_payload(testco):
    with receiver() as srv:
        secret = webhooks.create({"name": "all tasks", "url": f"{srv.url}/hook", "signing": "generate",
                                  "events": "basicops:task:created,basicops:task:updated"})["Secret"]
        tid = tasks.create({"title": "Write copy", "project": 6, "assignee": TIM})["id"]
        done = engine(testco).wait(state="delivered", event="basicops:task:created")
        got = srv.wait_for(1)[0]
    assert len(done) == 1 and done[0]["attempts"] == 1 and done[0]["status"] == 200
    assert got.method == "POST" and got.path == "/hook" and got.headers["Content-Type"] == "application/json"
    expected = hmac.new(secret.encode(), got.body, hashlib.sha256).hexdigest()
    assert got.headers["X-BasicOps-Signature"] == expected == done[0]["signature"]
    event = json.loads(got.body)["events"][0]
    assert list(event) == ["timestamp", "event", "user", "records"]
    assert event["event"] == "basicops:task:created" and event["timestamp"].endswith("Z")
    assert event["user"] == {"firstName": "Alex", "lastName": "Jackson", "roles": [], "id": 38, "email": "alex@testco.com"}
    assert event["records"][0]["id"] == tid and event["records"][0]["assignee"]["id"] == TIM
    assert event["records"][0]["project"]["title"] == "Corporate website"


def test_a_provided_secret_signs_in_the_configured_header(testco):
    testco.update_settings({"webhook_signature_header": "X-Hub-Signature"})
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:project:created", "signing": "provided",
                         "secret": "s3cret"})
        projects.create({"title": "P"})
        got = srv.wait_for(1)[0]
    assert got.headers["X-Hub-Signature"] == hmac.new(b"s3cret", got.body, hashlib.sha256).hexdigest()
    assert "X-BasicOps-Signature" not in got.headers


def test_unsigned_delivery_has_no_signature(testco):
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:section:created"})
        sections.create({"name": "Q3", "project": 6})
        got = srv.wait_for(1)[0]
    assert "X-BasicOps-Signature" not in got.headers
    assert json.loads(got.body)["events"][0]["records"][0]["name"] == "Q3"


def test_a_failing_receiver_is_retried_by_the_emulator_clock(testco, clock):
    with receiver(statuses=[500, 503, 200]) as srv:
        webhooks.create({"url": srv.url, "events": "basicops:note:created"})
        notes.create({"name": "Retro", "project": 6})
        eng = engine(testco)
        first = eng.wait(state="retrying")[0]
        assert first["attempts"] == 1 and first["status"] == 500 and first["last_error"].startswith("HTTP 500")
        assert first["next_attempt"] == "2026-01-01T12:00:10.000Z"  # 10 s backoff
        time.sleep(0.1)
        assert len(srv.received) == 1  # the clock stands still: no retry yet
        clock.advance(10)
        second = eng.wait(state="retrying", status=503)
        assert second and second[0]["next_attempt"] == "2026-01-01T12:00:30.000Z"  # then 20 s
        clock.advance(20)
        done = eng.wait(state="delivered")[0]
        got = srv.wait_for(3)
    assert done["attempts"] == 3 and [h["status"] for h in done["history"]] == [500, 503, 200]
    assert len({r.body for r in got}) == 1 and len({r.headers["X-BasicOps-Delivery"] for r in got}) == 1


def test_a_delivery_fails_after_the_last_attempt(testco, clock):
    testco.update_settings({"webhook_max_attempts": 2, "webhook_backoff_seconds": 1})
    with receiver(statuses=[500]) as srv:
        webhooks.create({"url": srv.url, "events": "basicops:note:created"})
        notes.create({"name": "Retro"})
        engine(testco).wait(state="retrying")
        clock.advance(1)
        failed = engine(testco).wait(state="failed")[0]
        assert failed["attempts"] == 2 and failed["next_attempt"] is None and len(srv.received) == 2


def test_a_refused_connection_is_a_failed_attempt(testco):
    testco.update_settings({"webhook_max_attempts": 1})
    with receiver() as srv:
        url = srv.url
    webhooks.create({"url": url, "events": "basicops:project:created"})  # nobody listens there any more
    projects.create({"title": "P"})
    failed = engine(testco).wait(state="failed")[0]
    assert failed["status"] is None and "refused" in failed["last_error"]


def test_hosts_that_are_not_allowed_are_blocked_not_retried(testco):
    webhooks.update(FIXTURE_HOOK, {"project": None})
    tasks.create({"title": "t", "project": 6})
    blocked = engine(testco).wait(state="blocked")[0]
    assert blocked["url"] == "https://server.com/hook" and blocked["attempts"] == 1
    assert "host server.com is not allowed" in blocked["last_error"]


def test_no_delivery_for_unsubscribed_events_or_other_projects(testco):
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:task:updated", "project": 8})
        tasks.create({"title": "created, not updated", "project": 8})   # other event
        tasks.update(73, {"title": "renamed"})                          # other project (6)
        projects.update(8, {"status": "On Hold"})                       # other collection
        assert engine(testco).wait_idle()
        time.sleep(0.05)
        assert srv.received == [] and engine(testco).deliveries(url=srv.url) == []
        tasks.update(80, {"status": "Accepted"})                        # this one matches
        assert engine(testco).wait(url=srv.url, state="delivered")


def test_a_task_moved_out_of_the_project_still_reaches_its_webhook(testco):
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:task:updated", "project": 6})
        tasks.update(77, {"project": 8})
        got = json.loads(srv.wait_for(1)[0].body)
    assert got["events"][0]["records"][0]["project"]["id"] == 8


def test_exclude_details_sends_only_ids(testco):
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:project:deleted", "excludeDetails": True})
        projects.delete(9)
        got = json.loads(srv.wait_for(1)[0].body)
    assert got["events"][0]["records"] == [{"id": 9}] and got["events"][0]["event"] == "basicops:project:deleted"


def test_a_slow_receiver_never_slows_the_change(testco):
    with receiver(delay=1.0) as srv:
        webhooks.create({"url": srv.url, "events": "basicops:task:created"})
        started = time.perf_counter()
        tasks.create({"title": "fast"})
        assert time.perf_counter() - started < 0.5
        assert engine(testco).wait(state="delivered", timeout=5)


def test_one_webhooks_events_arrive_in_order(testco):
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:task:created,basicops:task:updated"})
        tid = tasks.create({"title": "one"})["id"]
        for n in range(5):
            tasks.update(tid, {"title": f"v{n}"})
        got = srv.wait_for(6)
    assert [json.loads(r.body)["events"][0]["records"][0]["title"] for r in got] == ["one", "v0", "v1", "v2", "v3", "v4"]


def test_reset_forgets_deliveries(testco):
    with receiver() as srv:
        webhooks.create({"url": srv.url, "events": "basicops:task:created"})
        tasks.create({"title": "t"})
        assert engine(testco).wait(state="delivered")
    engine(testco).reset("testco")
    assert engine(testco).deliveries() == []


def test_an_account_without_webhooks_hands_nothing_over(testco):
    for hook in webhooks.list_webhooks():
        webhooks.delete(hook["EId"])
    tasks.create({"title": "t"})
    assert engine(testco).wait_idle() and engine(testco).deliveries() == []
