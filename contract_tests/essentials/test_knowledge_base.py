"""Essentials knowledge base: /knowledge-base (seed "Essentials knowledge base", research §5 and §7.6).

Fixture business 1: root 1 "Employee handbook" public (section 2 -> article 3), root 4
"Management playbook" only_with [user 2] (section 5), root 6 "Private notes" private; all created
by the admin (user 1).  Users: 1 admin, 2 manager, 3 cashier, 4 viewer, 5 superadmin.
"""
from __future__ import annotations

import pytest

from .support import invalid, json_of

KB = "/knowledge-base"
NODE_KEYS = ["id", "business_id", "title", "content", "status", "kb_type", "parent_id", "share_with",
             "created_by", "created_at", "updated_at", "shared_user_ids"]
NO_FIELDS = {"message": "No fields to update", "errors": {"fields": ["No fields to update"]}}


def ok(resp, status=200):
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    return resp.json()






def ids(body):
    return [row["id"] for row in body["data"]]


def total(client):
    return ok(client.get(KB))["meta"]["total"]


def node_count(client, node_id):
    """How many nodes the subtree under a visible id holds (itself included)."""
    def walk(n):
        return 1 + sum(walk(c) for c in n.get("children", []))
    return walk(ok(client.get(f"{KB}/{node_id}"))["data"])


# --- list -------------------------------------------------------------------------------------

def test_list_roots_visible_to_creator_newest_first(ess):
    """Seed: paginates roots (kb_type=knowledge_base, no parent) the user may see; default order created_at desc."""
    body = ok(ess.get(KB))
    assert ids(body) == [6, 4, 1]
    assert all(r["kb_type"] == "knowledge_base" and r["parent_id"] is None for r in body["data"])
    assert list(body) == ["data", "links", "meta"]
    meta = body["meta"]
    assert (meta["current_page"], meta["per_page"], meta["total"], meta["last_page"]) == (1, 20, 3, 1)
    assert (meta["from"], meta["to"]) == (1, 3)


def test_list_nests_sections_and_articles_articles_without_children_key(ess):
    """Research §5/§7.6: each root nested with children (sections -> articles); articles carry no children key."""
    root = next(r for r in ok(ess.get(KB))["data"] if r["id"] == 1)
    assert list(root) == NODE_KEYS + ["children"]
    assert root == {
        "id": 1, "business_id": 1, "title": "Employee handbook",
        "content": "<p>Everything new staff need to know.</p>", "status": "", "kb_type": "knowledge_base",
        "parent_id": None, "share_with": "public", "created_by": 1,
        "created_at": "2026-01-02T10:00:00.000000Z", "updated_at": "2026-01-02T10:00:00.000000Z",
        "shared_user_ids": [],
        "children": [{
            "id": 2, "business_id": 1, "title": "Leave", "content": "<p>How leave works.</p>", "status": "",
            "kb_type": "section", "parent_id": 1, "share_with": None, "created_by": 1,
            "created_at": "2026-01-02T10:05:00.000000Z", "updated_at": "2026-01-02T10:05:00.000000Z",
            "shared_user_ids": [],
            "children": [{
                "id": 3, "business_id": 1, "title": "Annual leave",
                "content": "<p>25 days per year, booked two weeks ahead.</p>", "status": "",
                "kb_type": "article", "parent_id": 2, "share_with": None, "created_by": 1,
                "created_at": "2026-01-02T10:10:00.000000Z", "updated_at": "2026-01-02T10:10:00.000000Z",
                "shared_user_ids": [],
            }],
        }],
    }
    only_with = next(r for r in ok(ess.get(KB))["data"] if r["id"] == 4)
    assert only_with["shared_user_ids"] == [2]
    assert [c["id"] for c in only_with["children"]] == [5]
    assert only_with["children"][0]["children"] == []


def test_list_shows_roots_shared_with_caller_and_public(ess):
    """Seed: visible = explicit shares, creator, or share_with=public (manager is in root 4's only_with)."""
    assert ids(ok(ess.as_("manager").get(KB))) == [4, 1]


def test_list_hides_private_and_unshared_roots(ess):
    """Seed: a user with no share and not the creator sees public roots only."""
    body = ok(ess.as_("cashier").get(KB))
    assert ids(body) == [1]
    assert body["meta"]["total"] == 1


@pytest.mark.parametrize("user", ["superadmin", "viewer"])
def test_list_superadmin_and_plain_users_get_no_visibility_bypass(ess, user):
    """Seed: visibility is shares, creator or public only; superadmins and admins see no one else's private roots."""
    assert ids(ok(ess.as_(user).get(KB))) == [1]


def test_list_per_page_default_20_and_paging(ess):
    """Seed: per_page, page; research §6: Laravel's paginated resource envelope."""
    body = ok(ess.get(KB, params={"per_page": 1, "page": 2}))
    assert ids(body) == [4]
    meta = body["meta"]
    assert (meta["current_page"], meta["per_page"], meta["last_page"], meta["total"]) == (2, 1, 3, 3)
    assert body["links"]["next"].endswith("/knowledge-base?page=3")
    assert body["links"]["prev"].endswith("/knowledge-base?page=1")
    assert ok(ess.get(KB, params={"page": 9}))["data"] == []


@pytest.mark.parametrize("value", ["0", "101", "-1"])
def test_list_per_page_must_be_between_1_and_100(ess, value):
    """Seed/research §2.1: per_page 1–100 ("The per page must be between 1 and 100.")."""
    invalid(ess.get(KB, params={"per_page": value}),
            {"per_page": ["The per page must be between 1 and 100."]})


def test_list_per_page_must_be_an_integer(ess):
    """Research §2.1: integer rule wording."""
    invalid(ess.get(KB, params={"per_page": "ten"}), {"per_page": ["The per page must be an integer."]})


def test_list_per_page_100_is_allowed(ess):
    """Seed: per_page up to 100."""
    assert ok(ess.get(KB, params={"per_page": 100}))["meta"]["per_page"] == 100


def test_list_q_min_2_characters(ess):
    """Seed: q (min 2 chars)."""
    invalid(ess.get(KB, params={"q": "a"}), {"q": ["The q must be at least 2 characters."]})
    invalid(ess.get(KB, params={"q": " a "}), {"q": ["The q must be at least 2 characters."]})


def test_list_q_searches_root_title_and_content_case_insensitive(ess):
    """Seed: q; emulator choice: LIKE '%q%' on the root's own title or content."""
    assert ids(ok(ess.get(KB, params={"q": "HANDBOOK"}))) == [1]
    assert ids(ok(ess.get(KB, params={"q": "for managers"}))) == [4]
    assert ids(ok(ess.get(KB, params={"q": "no such words"}))) == []


def test_list_q_does_not_search_descendants(ess):
    """Emulator choice: q matches roots only by their own text, not by their sections' or articles'."""
    assert ids(ok(ess.get(KB, params={"q": "Annual leave"}))) == []


def test_list_q_respects_visibility(ess):
    """Seed: search never widens visibility."""
    assert ids(ok(ess.as_("cashier").get(KB, params={"q": "Private"}))) == []


def test_list_ignores_sort_parameters(ess):
    """Seed: the KB list takes only q, per_page, page; other parameters are ignored."""
    assert ids(ok(ess.get(KB, params={"sort": "title", "direction": "asc"}))) == [6, 4, 1]


# --- create -----------------------------------------------------------------------------------

def test_create_root_returns_201_with_node_tree_and_defaults(ess):
    """Seed: title required; kb_type default knowledge_base; 201 with nested node tree; share_with default public."""
    body = ok(ess.post(KB, json={"title": "Safety", "content": "<p>Helmets.</p>"}), 201)
    node = body["data"]
    assert list(body) == ["data"]
    assert list(node) == NODE_KEYS + ["children"]
    assert node["id"] == 7
    assert {k: node[k] for k in ("business_id", "title", "content", "status", "kb_type", "parent_id",
                                 "share_with", "created_by", "shared_user_ids", "children")} == {
        "business_id": 1, "title": "Safety", "content": "<p>Helmets.</p>", "status": "",
        "kb_type": "knowledge_base", "parent_id": None, "share_with": "public", "created_by": 1,
        "shared_user_ids": [], "children": []}
    assert node["created_at"] == node["updated_at"]
    assert node["created_at"].endswith("Z")


def test_create_root_is_kept(ess):
    """State is kept: a created root shows up in GET /{id} and first in the list."""
    node = ok(ess.post(KB, json={"title": "Safety"}), 201)["data"]
    assert ok(ess.get(f"{KB}/{node['id']}"))["data"] == node
    assert ids(ok(ess.get(KB)))[0] == node["id"]
    assert node["content"] is None
    assert node["id"] in ids(ok(ess.as_("cashier").get(KB)))  # public by default


def test_create_root_default_share_with_is_configurable(ess, gate):
    """Emulator choice: roots created without share_with take the business setting kb_default_share_with."""
    gate(kb_default_share_with="private")
    node = ok(ess.post(KB, json={"title": "Quiet"}), 201)["data"]
    assert node["share_with"] == "private"
    json_of(ess.as_("cashier").get(f"{KB}/{node['id']}"), 404)


def test_create_title_required(ess):
    """Seed: title required."""
    invalid(ess.post(KB, json={"content": "x"}), {"title": ["The title field is required."]})
    invalid(ess.post(KB, json={"title": ""}), {"title": ["The title field is required."]})
    invalid(ess.post(KB, json={"title": "   "}), {"title": ["The title field is required."]})


def test_create_title_must_be_a_string_of_at_most_255(ess):
    """Research §2.1: string and max wording (title is a VARCHAR(255))."""
    invalid(ess.post(KB, json={"title": 12}), {"title": ["The title must be a string."]})
    invalid(ess.post(KB, json={"title": "x" * 256}),
            {"title": ["The title must not be greater than 255 characters."]})
    assert ok(ess.post(KB, json={"title": "x" * 255}), 201)["data"]["title"] == "x" * 255


def test_create_malformed_json_is_a_validation_json_of(ess):
    """Brief: malformed JSON reads as {} so validation answers 422."""
    resp = ess.post(KB, data="{not json", headers={"Content-Type": "application/json"})
    invalid(resp, {"title": ["The title field is required."]})


def test_create_invalid_kb_type(ess):
    """Seed/research §5: kb_type is knowledge_base, section or article."""
    invalid(ess.post(KB, json={"title": "x", "kb_type": "chapter"}), {"kb_type": ["The selected kb type is invalid."]})


def test_create_root_with_parent_id_is_rejected(ess):
    """Seed: roots have no parent_id (Laravel prohibited_if wording)."""
    invalid(ess.post(KB, json={"title": "x", "parent_id": 1}),
            {"parent_id": ["The parent id field is prohibited when kb type is knowledge_base."]})
    invalid(ess.post(KB, json={"title": "x", "kb_type": "knowledge_base", "parent_id": 1}),
            {"parent_id": ["The parent id field is prohibited when kb type is knowledge_base."]})


@pytest.mark.parametrize("kb_type", ["section", "article"])
def test_create_child_requires_parent_id(ess, kb_type):
    """Seed: sections attach to a knowledge_base parent, articles to a section (required_if wording)."""
    invalid(ess.post(KB, json={"title": "x", "kb_type": kb_type}),
            {"parent_id": [f"The parent id field is required when kb type is {kb_type}."]})


def test_create_parent_id_must_be_an_integer(ess):
    """Research §2.1: integer wording."""
    invalid(ess.post(KB, json={"title": "x", "kb_type": "section", "parent_id": "one"}),
            {"parent_id": ["The parent id must be an integer."]})


def test_create_section_needs_knowledge_base_parent(ess):
    """Seed: sections attach to a knowledge_base parent."""
    for parent in (2, 3):
        invalid(ess.post(KB, json={"title": "x", "kb_type": "section", "parent_id": parent}),
                {"parent_id": ["The parent id must be a knowledge base when kb type is section."]})


def test_create_article_needs_section_parent(ess):
    """Seed: articles attach to a section."""
    for parent in (1, 3):
        invalid(ess.post(KB, json={"title": "x", "kb_type": "article", "parent_id": parent}),
                {"parent_id": ["The parent id must be a section when kb type is article."]})


def test_create_parent_must_exist(ess):
    """Seed: the parent must exist (exists wording)."""
    invalid(ess.post(KB, json={"title": "x", "kb_type": "section", "parent_id": 999}),
            {"parent_id": ["The selected parent id is invalid."]})
    invalid(ess.post(KB, json={"title": "x", "kb_type": "section", "parent_id": 99999999999999999}),
            {"parent_id": ["The selected parent id is invalid."]})


def test_create_parent_must_be_visible(ess):
    """Seed: a parent the caller cannot see is treated as missing (cashier is not in root 4's share)."""
    cashier = ess.as_("cashier")
    invalid(cashier.post(KB, json={"title": "x", "kb_type": "section", "parent_id": 4}),
            {"parent_id": ["The selected parent id is invalid."]})
    invalid(cashier.post(KB, json={"title": "x", "kb_type": "article", "parent_id": 5}),
            {"parent_id": ["The selected parent id is invalid."]})


def test_create_section_under_root_and_article_under_section(ess):
    """Seed: hierarchy root -> section -> article; the new nodes show in the root's tree."""
    section = ok(ess.post(KB, json={"title": "Benefits", "kb_type": "section", "parent_id": 1}), 201)["data"]
    assert (section["kb_type"], section["parent_id"], section["share_with"], section["children"]) == (
        "section", 1, None, [])
    article = ok(ess.post(KB, json={"title": "Pension", "kb_type": "article",
                                    "parent_id": section["id"]}), 201)["data"]
    assert list(article) == NODE_KEYS  # articles carry no children key
    assert (article["kb_type"], article["parent_id"]) == ("article", section["id"])
    tree = ok(ess.get(f"{KB}/1"))["data"]
    assert [c["id"] for c in tree["children"]] == [2, section["id"]]
    assert [a["id"] for a in tree["children"][1]["children"]] == [article["id"]]


def test_create_child_ignores_share_fields(ess):
    """Seed: share_with only for roots; children store null and no user shares."""
    node = ok(ess.post(KB, json={"title": "x", "kb_type": "section", "parent_id": 1,
                                 "share_with": "only_with", "shared_user_ids": [3]}), 201)["data"]
    assert (node["share_with"], node["shared_user_ids"]) == (None, [])


def test_create_child_in_public_root_by_non_creator(ess):
    """Seed: any user who can see the root may add to it."""
    node = ok(ess.as_("cashier").post(KB, json={"title": "Sick leave", "kb_type": "article",
                                               "parent_id": 2}), 201)["data"]
    assert node["created_by"] == 3


def test_create_only_with_root_syncs_shared_user_ids(ess):
    """Seed: for new roots, share_with only_with with shared_user_ids synced."""
    node = ok(ess.post(KB, json={"title": "Team", "share_with": "only_with",
                                 "shared_user_ids": [3, 2, 3]}), 201)["data"]
    assert (node["share_with"], node["shared_user_ids"]) == ("only_with", [3, 2])
    assert node["id"] in ids(ok(ess.as_("cashier").get(KB)))
    assert node["id"] in ids(ok(ess.as_("manager").get(KB)))
    assert node["id"] not in ids(ok(ess.as_("viewer").get(KB)))
    json_of(ess.as_("viewer").get(f"{KB}/{node['id']}"), 404)


def test_create_shared_user_ids_ignored_unless_only_with(ess):
    """Seed: shared_user_ids synced only when only_with."""
    node = ok(ess.post(KB, json={"title": "x", "share_with": "private", "shared_user_ids": [3]}), 201)["data"]
    assert node["shared_user_ids"] == []
    json_of(ess.as_("cashier").get(f"{KB}/{node['id']}"), 404)


def test_create_private_root_only_creator_sees_it(ess):
    """Seed: visibility is creator/share/public; a private root is the creator's alone."""
    node = ok(ess.as_("cashier").post(KB, json={"title": "Mine", "share_with": "private"}), 201)["data"]
    assert ok(ess.as_("cashier").get(f"{KB}/{node['id']}"))["data"]["created_by"] == 3
    json_of(ess.get(f"{KB}/{node['id']}"), 404)  # not even the business admin


def test_create_shared_user_ids_must_be_business_users(ess):
    """Seed: invalid share/user payloads -> 422 ("The selected shared_user_ids.0 is invalid.")."""
    invalid(ess.post(KB, json={"title": "x", "share_with": "only_with", "shared_user_ids": [99]}),
            {"shared_user_ids.0": ["The selected shared_user_ids.0 is invalid."]})
    invalid(ess.post(KB, json={"title": "x", "share_with": "only_with", "shared_user_ids": [2, 98, 99]}),
            {"shared_user_ids.1": ["The selected shared_user_ids.1 is invalid."],
             "shared_user_ids.2": ["The selected shared_user_ids.2 is invalid."]})


def test_create_shared_user_ids_must_be_an_array_of_integers(ess):
    """Research §2.1: array and integer wording, wildcard items keyed shared_user_ids.N."""
    invalid(ess.post(KB, json={"title": "x", "share_with": "only_with", "shared_user_ids": 2}),
            {"shared_user_ids": ["The shared user ids must be an array."]})
    invalid(ess.post(KB, json={"title": "x", "share_with": "only_with", "shared_user_ids": ["x"]}),
            {"shared_user_ids.0": ["The shared_user_ids.0 must be an integer."]})


def test_create_invalid_share_with(ess):
    """Seed: share_with is public, private or only_with."""
    invalid(ess.post(KB, json={"title": "x", "share_with": "everyone"}),
            {"share_with": ["The selected share with is invalid."]})


def test_create_collects_several_errors(ess):
    """Research §2: Laravel summarises "(and N more errors)"."""
    invalid(ess.post(KB, json={"kb_type": "page", "share_with": "all"}),
            {"title": ["The title field is required."], "kb_type": ["The selected kb type is invalid."],
             "share_with": ["The selected share with is invalid."]})


def test_create_bad_request_changes_nothing(ess):
    """Brief: a rejected request stores nothing."""
    before = ok(ess.get(KB))
    ess.post(KB, json={"title": "x", "share_with": "only_with", "shared_user_ids": [99]})
    ess.post(KB, json={"title": "x", "kb_type": "article", "parent_id": 1})
    assert ok(ess.get(KB)) == before
    assert node_count(ess, 1) == 3


def test_create_accepts_form_bodies(ess):
    """Brief: form bodies with PHP bracket arrays are read like JSON."""
    node = ok(ess.post(KB, data={"title": "Form", "share_with": "only_with",
                                 "shared_user_ids[]": ["2", "3"]}), 201)["data"]
    assert (node["share_with"], node["shared_user_ids"]) == ("only_with", [2, 3])


# --- show -------------------------------------------------------------------------------------

def test_show_root_with_nested_tree(ess):
    """Seed: GET /{id} returns the node with its nested children."""
    body = ok(ess.get(f"{KB}/1"))
    assert list(body) == ["data"]
    assert body["data"] == next(r for r in ok(ess.get(KB))["data"] if r["id"] == 1)


def test_show_section_and_article(ess):
    """Seed: any node by id; a section carries its articles, an article no children key."""
    section = ok(ess.get(f"{KB}/2"))["data"]
    assert (section["kb_type"], [a["id"] for a in section["children"]]) == ("section", [3])
    article = ok(ess.get(f"{KB}/3"))["data"]
    assert list(article) == NODE_KEYS
    assert article["title"] == "Annual leave"


def test_show_children_inherit_visibility_from_root(ess):
    """Seed: nested content inherits visibility from its root (manager is shared on root 4)."""
    assert ok(ess.as_("manager").get(f"{KB}/5"))["data"]["parent_id"] == 4
    assert json_of(ess.as_("cashier").get(f"{KB}/5"), 404) == {"message": "Not found."}
    assert ok(ess.as_("cashier").get(f"{KB}/3"))["data"]["id"] == 3


@pytest.mark.parametrize("node_id", ["4", "5", "6"])
def test_show_invisible_node_is_404(ess, node_id):
    """Seed: 404 when not visible (same message shape as other routes)."""
    assert json_of(ess.as_("cashier").get(f"{KB}/{node_id}"), 404) == {"message": "Not found."}


@pytest.mark.parametrize("node_id", ["999", "abc", "0", "-1", "1.5"])
def test_show_missing_node_is_404(ess, node_id):
    """Seed: 404 when missing."""
    assert json_of(ess.get(f"{KB}/{node_id}"), 404) == {"message": "Not found."}


def test_show_other_business_node_is_404(ess):
    """DESIGN: a business sees only its own data (business 2 has only root 1)."""
    bistro = ess.as_("bistro")
    assert ids(ok(bistro.get(KB))) == [1]
    assert ok(bistro.get(f"{KB}/1"))["data"]["title"] == "Kitchen rules"
    json_of(bistro.get(f"{KB}/4"), 404)


# --- update -----------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["put", "patch"])
def test_update_is_partial(ess, method):
    """Seed: partial update on visible nodes; PUT and PATCH alike."""
    body = ok(getattr(ess, method)(f"{KB}/1", json={"title": "Staff handbook"}))
    node = body["data"]
    assert (node["title"], node["content"]) == ("Staff handbook", "<p>Everything new staff need to know.</p>")
    assert node["updated_at"] != "2026-01-02T10:00:00.000000Z"
    assert node["created_at"] == "2026-01-02T10:00:00.000000Z"
    assert [c["id"] for c in node["children"]] == [2]
    assert ok(ess.get(f"{KB}/1"))["data"]["title"] == "Staff handbook"


def test_update_content_can_be_cleared(ess):
    """Seed: content is optional (nullable)."""
    assert ok(ess.patch(f"{KB}/3", json={"content": None}))["data"]["content"] is None


def test_update_without_change_keeps_updated_at(ess):
    """Emulator choice (Eloquent dirty check): updated_at moves only when a column changes."""
    node = ok(ess.patch(f"{KB}/2", json={"title": "Leave"}))["data"]
    assert node["updated_at"] == "2026-01-02T10:05:00.000000Z"


@pytest.mark.parametrize("body", [{}, {"kb_type": "section"}, {"parent_id": 2}, {"unknown": 1}])
def test_update_empty_is_422_no_fields_to_update(ess, body):
    """Seed: empty KB update -> 422 ("No fields to update"); kb_type/parent_id are not updatable."""
    assert json_of(ess.patch(f"{KB}/1", json=body), 422) == NO_FIELDS
    assert json_of(ess.put(f"{KB}/1", json=body), 422) == NO_FIELDS


def test_update_share_fields_on_child_count_as_no_fields(ess):
    """Seed: share_with only on roots; a section update with share fields alone has nothing to update."""
    assert json_of(ess.patch(f"{KB}/2", json={"share_with": "private"}), 422) == NO_FIELDS
    assert ok(ess.get(f"{KB}/2"))["data"]["share_with"] is None


def test_update_validation(ess):
    """Research §2.1: a key that is sent must be valid."""
    invalid(ess.patch(f"{KB}/1", json={"title": ""}), {"title": ["The title field is required."]})
    invalid(ess.patch(f"{KB}/1", json={"title": "x" * 256}),
            {"title": ["The title must not be greater than 255 characters."]})
    invalid(ess.patch(f"{KB}/1", json={"share_with": "world"}), {"share_with": ["The selected share with is invalid."]})
    invalid(ess.patch(f"{KB}/1", json={"share_with": None}), {"share_with": ["The selected share with is invalid."]})
    invalid(ess.patch(f"{KB}/4", json={"shared_user_ids": [77]}),
            {"shared_user_ids.0": ["The selected shared_user_ids.0 is invalid."]})
    assert ok(ess.get(f"{KB}/1"))["data"]["title"] == "Employee handbook"
    assert ok(ess.get(f"{KB}/4"))["data"]["shared_user_ids"] == [2]


def test_update_share_with_away_from_only_with_clears_users(ess):
    """Seed: changing share_with away from only_with clears attached users."""
    node = ok(ess.patch(f"{KB}/4", json={"share_with": "private"}))["data"]
    assert (node["share_with"], node["shared_user_ids"]) == ("private", [])
    json_of(ess.as_("manager").get(f"{KB}/4"), 404)
    json_of(ess.as_("manager").get(f"{KB}/5"), 404)
    # back to only_with without users: nobody but the creator
    node = ok(ess.patch(f"{KB}/4", json={"share_with": "only_with"}))["data"]
    assert node["shared_user_ids"] == []
    json_of(ess.as_("manager").get(f"{KB}/4"), 404)


def test_update_to_public_clears_users_and_opens_root(ess):
    """Seed: away from only_with clears users; public is visible to everyone."""
    node = ok(ess.patch(f"{KB}/4", json={"share_with": "public", "shared_user_ids": [3]}))["data"]
    assert (node["share_with"], node["shared_user_ids"]) == ("public", [])
    assert ids(ok(ess.as_("viewer").get(KB))) == [4, 1]


def test_update_setting_only_with_syncs_shared_user_ids(ess):
    """Seed: when setting only_with, shared_user_ids are synced."""
    node = ok(ess.patch(f"{KB}/6", json={"share_with": "only_with", "shared_user_ids": [3, 4]}))["data"]
    assert (node["share_with"], node["shared_user_ids"]) == ("only_with", [3, 4])
    assert ok(ess.as_("cashier").get(f"{KB}/6"))["data"]["id"] == 6
    assert ids(ok(ess.as_("viewer").get(KB))) == [6, 1]


def test_update_sync_replaces_users_of_only_with_root(ess):
    """Seed: shared_user_ids sync on an only_with root (kept users stay, new ones added, missing ones removed)."""
    node = ok(ess.put(f"{KB}/4", json={"shared_user_ids": [3, 2]}))["data"]
    assert node["shared_user_ids"] == [2, 3]
    node = ok(ess.put(f"{KB}/4", json={"shared_user_ids": [3]}))["data"]
    assert node["shared_user_ids"] == [3]
    json_of(ess.as_("manager").get(f"{KB}/4"), 404)
    assert ok(ess.as_("cashier").get(f"{KB}/5"))["data"]["id"] == 5
    node = ok(ess.put(f"{KB}/4", json={"shared_user_ids": []}))["data"]
    assert node["shared_user_ids"] == []
    assert node["updated_at"] == "2026-01-03T10:00:00.000000Z"  # a pivot sync touches no column


def test_update_shared_user_ids_ignored_on_non_only_with_root(ess):
    """Seed: users are kept only while share_with is only_with."""
    node = ok(ess.patch(f"{KB}/1", json={"shared_user_ids": [3]}))["data"]
    assert (node["share_with"], node["shared_user_ids"]) == ("public", [])


def test_update_by_non_creator_on_visible_root(ess):
    """Seed: partial update on visible nodes, whoever created them (cashier edits the public handbook)."""
    assert ok(ess.as_("cashier").patch(f"{KB}/3", json={"title": "Holidays"}))["data"]["title"] == "Holidays"
    assert ok(ess.as_("manager").patch(f"{KB}/5", json={"content": "<p>3 rounds.</p>"}))["data"]["content"] \
        == "<p>3 rounds.</p>"


@pytest.mark.parametrize("node_id", ["4", "5", "6", "999", "abc"])
def test_update_invisible_or_missing_is_404(ess, node_id):
    """Seed: only visible nodes; missing or invisible -> 404, nothing changes."""
    assert json_of(ess.as_("cashier").patch(f"{KB}/{node_id}", json={"title": "Hacked"}), 404) == {
        "message": "Not found."}
    for nid in (4, 5, 6):
        assert ok(ess.get(f"{KB}/{nid}"))["data"]["title"] != "Hacked"


# --- delete -----------------------------------------------------------------------------------

def test_delete_root_cascades_to_sections_and_articles(ess):
    """Seed/research §5: delete detaches shares and cascades to the whole subtree."""
    assert ok(ess.delete(f"{KB}/1")) == {"message": "OK"}
    for nid in (1, 2, 3):
        assert json_of(ess.get(f"{KB}/{nid}"), 404) == {"message": "Not found."}
    assert ids(ok(ess.get(KB))) == [6, 4]
    assert ids(ok(ess.as_("cashier").get(KB))) == []


def test_delete_only_with_root_removes_shares_and_section(ess):
    """Seed: deleting an only_with root detaches its user shares; its sections go too."""
    assert ok(ess.as_("manager").delete(f"{KB}/4")) == {"message": "OK"}
    json_of(ess.get(f"{KB}/4"), 404)
    json_of(ess.get(f"{KB}/5"), 404)
    assert ids(ok(ess.as_("manager").get(KB))) == [1]


def test_delete_section_removes_its_articles_only(ess):
    """Seed: cascade covers the subtree under the deleted node, nothing above it."""
    assert ok(ess.delete(f"{KB}/2")) == {"message": "OK"}
    json_of(ess.get(f"{KB}/3"), 404)
    assert ok(ess.get(f"{KB}/1"))["data"]["children"] == []


def test_delete_article(ess):
    """Seed: delete any visible node."""
    assert ok(ess.as_("cashier").delete(f"{KB}/3")) == {"message": "OK"}
    assert ok(ess.get(f"{KB}/2"))["data"]["children"] == []


def test_delete_ids_are_not_reused(ess):
    """DESIGN: ids never repeat within a table."""
    created = ok(ess.post(KB, json={"title": "Temp"}), 201)["data"]["id"]
    ok(ess.delete(f"{KB}/{created}"))
    assert ok(ess.post(KB, json={"title": "Next"}), 201)["data"]["id"] == created + 1


@pytest.mark.parametrize("node_id", ["4", "5", "6", "999", "abc"])
def test_delete_invisible_or_missing_is_404(ess, node_id):
    """Seed: deletes a node the user can see; others -> 404 and nothing is removed."""
    assert json_of(ess.as_("cashier").delete(f"{KB}/{node_id}"), 404) == {"message": "Not found."}
    assert total(ess) == 3
    assert node_count(ess, 4) == 2


# --- gate, demo mode, authentication ----------------------------------------------------------

MUTATIONS = [("post", KB, {"title": "x"}), ("put", f"{KB}/1", {"title": "x"}),
             ("patch", f"{KB}/1", {"title": "x"}), ("delete", f"{KB}/1", None)]


@pytest.mark.parametrize("method,path,body", MUTATIONS)
def test_demo_mode_blocks_mutating_calls(ess, gate, method, path, body):
    """Seed: demo mode blocks mutating calls with 403 (research §2: "Feature disabled in demo!!")."""
    gate(demo_mode=True)
    resp = getattr(ess, method)(path, json=body) if body is not None else getattr(ess, method)(path)
    assert json_of(resp, 403) == {"message": "Feature disabled in demo!!"}
    assert total(ess) == 3
    assert ok(ess.get(f"{KB}/1"))["data"]["title"] == "Employee handbook"
    assert node_count(ess, 1) == 3


def test_demo_mode_still_allows_reads(ess, gate):
    """Seed: demo mode blocks mutating calls only."""
    gate(demo_mode=True)
    assert total(ess) == 3
    assert ok(ess.get(f"{KB}/2"))["data"]["id"] == 2


def test_module_gate_applies(ess, gate):
    """Seed: every route calls ensureEssentialsModule first -> 403 with an explanatory message."""
    gate(essentials_enabled=False)
    assert json_of(ess.get(KB), 403) == {"message": "Essentials module is not enabled for this business."}
    assert json_of(ess.post(KB, json={"title": "x"}), 403)["message"] == \
        "Essentials module is not enabled for this business."


@pytest.mark.parametrize("method,path", [("get", KB), ("post", KB), ("get", f"{KB}/1"), ("put", f"{KB}/1"),
                                         ("patch", f"{KB}/1"), ("delete", f"{KB}/1")])
def test_requests_without_credentials_are_401(ess, method, path):
    """Research §2: no or invalid credentials -> 401 {"message": "Unauthenticated."}."""
    resp = getattr(ess.anon(), method)(path, json={"title": "x"})
    assert json_of(resp, 401) == {"message": "Unauthenticated."}
    assert total(ess) == 3
    assert ok(ess.get(f"{KB}/1"))["data"]["title"] == "Employee handbook"
