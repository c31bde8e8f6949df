"""GET /dashboard (seed 000, "Essentials — productivity dashboard (counts)") and the module gate
that every Essentials route passes first ("ensureEssentialsModule")."""
from __future__ import annotations

import pytest

# counts derived by hand from fixtures/essentials/1.json
EXPECTED = {
    # admin: every todo; owns doc 1 + memo 3; reminders 1, 2; roots 1 (public), 4 and 6 (creator); all messages
    "admin": ({"todos": 3, "documents": 1, "memos": 1, "reminders": 2, "knowledge_bases": 3, "messages": 3}, True),
    # manager: todo 1 (assignee) + 2 (creator); doc 2; reminder 3; roots 1 + 4 (only_with); location 1 + global
    "manager": ({"todos": 2, "documents": 1, "memos": 0, "reminders": 1, "knowledge_bases": 2, "messages": 2}, False),
    # cashier: todo 2 (assignee); memo 4; reminder 4; root 1; location 2 + global (view_message)
    "cashier": ({"todos": 1, "documents": 0, "memos": 1, "reminders": 1, "knowledge_bases": 1, "messages": 2}, False),
    # viewer: nothing of their own; may not view messages -> null
    "viewer": ({"todos": 0, "documents": 0, "memos": 0, "reminders": 0, "knowledge_bases": 1, "messages": None}, False),
    # superadmin: not a business admin (no Admin#1 role), so only their own todos (none), and no
    # message permission (Gate::before gives superadmins only the superadmin abilities) -> null
    "superadmin": ({"todos": 0, "documents": 0, "memos": 0, "reminders": 0, "knowledge_bases": 1,
                    "messages": None}, False),
}


@pytest.mark.parametrize("user", list(EXPECTED))
def test_dashboard_counts_are_scoped_to_the_user(ess, user):
    """Seed: 200 with data.counts (todos, documents, memos, reminders, knowledge_bases, messages) and
    meta.business_id, meta.is_admin; todos scoped unless admin, documents/memos owned, reminders own,
    visible KB roots, a message count when the user may view or create messages."""
    r = ess.as_(user).get("/dashboard")
    assert r.status_code == 200
    assert r.headers["Content-Type"] == "application/json"
    counts, is_admin = EXPECTED[user]
    body = r.json()
    assert body == {"data": {"counts": counts}, "meta": {"business_id": 1, "is_admin": is_admin}}
    assert list(body["data"]["counts"]) == ["todos", "documents", "memos", "reminders", "knowledge_bases",
                                            "messages"]


def test_dashboard_counts_follow_the_store(ess):
    """Seed: counts are computed (not canned): a new todo, memo, reminder and root raise them."""
    before = ess.as_("manager").get("/dashboard").json()["data"]["counts"]
    m = ess.as_("manager")
    assert m.post("/todos", json={"task": "Restock", "date": "02/01/2026 10:00"}).status_code == 201
    assert m.post("/documents", data={"type": "memos", "name": "Note"}).status_code == 201
    assert m.post("/reminders", json={"name": "Call", "date": "02/01/2026", "time": "10:00",
                                      "repeat": "one_time"}).status_code == 201
    assert m.post("/knowledge-base", json={"title": "Mine", "share_with": "private"}).status_code == 201
    assert m.post("/messages", json={"message": "hi"}).status_code == 201
    after = m.get("/dashboard").json()["data"]["counts"]
    assert after == {**before, "todos": before["todos"] + 1, "memos": before["memos"] + 1,
                     "reminders": before["reminders"] + 1, "knowledge_bases": before["knowledge_bases"] + 1,
                     "messages": before["messages"] + 1}


def test_dashboard_of_another_business(ess):
    """Tenancy: business 2's credentials see business 2's counts and id."""
    body = ess.as_("bistro").get("/dashboard").json()
    assert body == {"data": {"counts": {"todos": 1, "documents": 0, "memos": 1, "reminders": 1,
                                        "knowledge_bases": 1, "messages": 1}},
                    "meta": {"business_id": 2, "is_admin": True}}


def test_dashboard_requires_credentials(ess):
    """Research §2: no or bad credentials -> 401 {"message": "Unauthenticated."}."""
    assert ess.anon().get("/dashboard").status_code == 401
    assert ess.anon().get("/dashboard").json() == {"message": "Unauthenticated."}
    bad = ess.anon().get("/dashboard", headers={"Authorization": "Bearer nope"})
    assert (bad.status_code, bad.json()) == (401, {"message": "Unauthenticated."})


@pytest.mark.parametrize("headers", [
    {"X-EPOS-API-Key": "ess_key_manager", "X-EPOS-API-Secret": "ess_secret_manager"},
    {"Authorization": "Basic ZXNzX2tleV9tYW5hZ2VyOmVzc19zZWNyZXRfbWFuYWdlcg=="},  # ess_key_manager:ess_secret_manager
])
def test_api_key_and_secret_authenticate_as_their_user(ess, headers):
    """Research §1.1: X-EPOS-API-Key + X-EPOS-API-Secret, or HTTP Basic key:secret."""
    r = ess.anon().get("/dashboard", headers=headers)
    assert r.status_code == 200
    assert r.json()["data"]["counts"] == EXPECTED["manager"][0]


@pytest.mark.parametrize("headers", [
    {"X-EPOS-API-Key": "ess_key_manager", "X-EPOS-API-Secret": "wrong"},
    {"X-EPOS-API-Key": "ess_key_manager"},
    {"Authorization": "Basic ZXNzX2tleV9tYW5hZ2VyOndyb25n"},  # ess_key_manager:wrong
    {"Authorization": "Basic %%%notbase64"},
    {"Authorization": "Bearer essentials-bistro-owner-token extra"},
])
def test_a_wrong_secret_or_malformed_credential_is_401(ess, headers):
    """Research §2: invalid credentials -> 401 {"message": "Unauthenticated."}."""
    r = ess.anon().get("/dashboard", headers=headers)
    assert (r.status_code, r.json()) == (401, {"message": "Unauthenticated."})


@pytest.mark.parametrize(("setting", "message"), [
    ("essentials_installed", "Essentials module is not installed."),
    ("essentials_in_subscription", "Essentials module is not included in your subscription."),
    ("essentials_enabled", "Essentials module is not enabled for this business."),
])
@pytest.mark.parametrize("path", ["/dashboard", "/todos", "/documents?type=memos", "/reminders",
                                  "/messages", "/knowledge-base"])
def test_module_gate_answers_403_with_its_own_message(ess, gate, setting, message, path):
    """Seed: every route calls ensureEssentialsModule: installed, in subscription, enabled for the
    business, otherwise 403 with an explanatory message."""
    gate(**{setting: False})
    r = ess.get(path)
    assert r.status_code == 403
    assert r.json() == {"message": message}
    assert ess.as_("bistro").get(path).status_code == 200  # another business is not affected


def test_superadmin_passes_the_subscription_check(ess, gate):
    """Research §3.3: hasThePermissionInSubscription passes superadmins; installed/enabled still apply."""
    gate(essentials_in_subscription=False)
    assert ess.as_("superadmin").get("/dashboard").status_code == 200
    gate(essentials_enabled=False)
    assert ess.as_("superadmin").get("/dashboard").json() == {
        "message": "Essentials module is not enabled for this business."}


def test_demo_mode_leaves_reads_alone(ess, gate):
    """Seed: demo mode blocks mutating calls only."""
    gate(demo_mode=True)
    assert ess.get("/dashboard").status_code == 200
    r = ess.post("/todos", json={"task": "x", "date": "01/01/2026 10:00"})
    assert (r.status_code, r.json()) == (403, {"message": "Feature disabled in demo!!"})


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_dashboard_wrong_method_is_405_in_laravels_words(ess, method):
    """Research §2: wrong method -> 405 JSON naming the route and its methods."""
    r = ess.request(method, "/dashboard")
    assert r.status_code == 405
    assert r.headers["Content-Type"] == "application/json"
    assert r.json() == {"message": f"The {method} method is not supported for route "
                                   "api/v1/integration/essentials/dashboard. Supported methods: GET, HEAD."}


def test_unknown_route_is_404_json(ess):
    """Research §2: unknown route -> 404 {"message": "The route ... could not be found."}."""
    r = ess.get("/nothing-here")
    assert r.status_code == 404
    assert r.json() == {"message": "The route api/v1/integration/essentials/nothing-here could not be found."}


def test_trailing_and_doubled_slashes_reach_the_route(ess):
    """Real clients send them; the route answers the same."""
    base = ess.base_url
    for url in (base + "/dashboard/", base.replace("/api/", "//api/") + "//dashboard"):
        r = ess.get(url)
        assert r.status_code == 200, url
        assert r.json()["meta"]["business_id"] == 1


def test_json_content_type_on_get(ess):
    """Clients send Content-Type: application/json on GET with no body."""
    assert ess.get("/dashboard", headers={"Content-Type": "application/json"}).status_code == 200


@pytest.mark.parametrize("path", ["/dashboard", "/todos", "/todos/1", "/documents?type=memos", "/reminders",
                                  "/todos/99", "/nothing-here"])
def test_head_answers_with_gets_headers_and_no_body(ess, path):
    """HEAD answers as GET does (Laravel routes HEAD with GET): the same status, Content-Type and
    Content-Length, and no body."""
    get, head = ess.get(path), ess.head(path)
    assert head.status_code == get.status_code
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert "Content-Length" in get.headers
    assert head.headers["Content-Length"] == get.headers["Content-Length"]
    assert int(get.headers["Content-Length"]) == len(get.content) > 0
    assert head.content == b""
