"""The domain layer (no HTTP) for files, folders, messages, notes, events and project requests; the
rate-limit model, the render plans and the --fake generator."""
from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from emulator.apis.proworkflow import bulk, events, files, messages, notes, projectrequests
from emulator.apis.proworkflow.ratelimit import Policy, RateLimiter
from emulator.apis.proworkflow.render import PLANS_KEPT, ResourceSpec, Selection, render

from .model_support import (
    ALICE,
    CARL,
    CONNIE,
    CORA,
    GRACE,
    HANK,
    IVY,
    JACK,
    KIM,
    NOW,
    PETER,
    TINA,
    Accounts,
    _state,
    error_of,
    ids,
)

pytestmark = pytest.mark.no_emulator


def b64(text: bytes) -> str:
    return base64.b64encode(text).decode()


# -- files and folders ------------------------------------------------------------------------------------
def test_files_default_active_projects_sorted_by_name(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = files.list_files({})
        everything = files.list_files({"projectstatus": "all", "sortby": "id"})
        by_task = files.list_files({"taskid": "2", "fields": "name,task,project,contacts"})
        in_folders = files.list_files({"folderid": "1,2", "sortby": "id", "fields": "folder,contacts"})
    assert [f["name"] for f in body["files"]] == ["brief.txt", "contract.txt", "mockup-notes.txt", "ordering-ideas.txt",
                                                  "palette.txt"]
    assert set(body["files"][0]) == {"id", "name", "projectid", "projectnumber", "projecttitle", "taskid", "taskname",
                                     "date", "size", "link"}
    assert ids(everything, "files") == [1, 2, 3, 4, 5, 6]
    assert by_task["files"][0]["projectid"] == 1 and by_task["files"][0]["contacts"] == "all"
    assert in_folders["files"][1]["foldername"] == "Contracts"
    assert [c["id"] for c in in_folders["files"][1]["contacts"]] == [1, 2]  # a private folder's contacts


def test_private_folders_hide_their_files(accounts: Accounts) -> None:
    with accounts.as_(CONNIE):
        assert ids(files.list_files({"sortby": "id"}), "files") == [1, 2, 3]
        assert error_of(files.get_file, 4, {}).status == 404
    with accounts.as_(CARL):
        assert ids(files.list_folders({}), "folders") == [1]


def test_add_a_file_and_read_its_content(accounts: Accounts) -> None:
    with accounts.as_(TINA):
        body = files.add_file({"projectid": 1, "name": "filename.txt", "content": "U29tZSB0ZXh0"})
        new_id = body["details"][0]["id"]
        plain = files.get_file(new_id, {})["file"]
        content = files.get_file(new_id, {"content": "true"})["file"]
        to_request = files.add_file({"projectid": 2, "name": "x.txt", "content": b64(b"x")})  # project 2 exists
    assert body == {"message": "File Added", "status": "Success", "details": [{"id": 7, "name": "filename.txt", "size": 9}]}
    assert "content" not in plain and content["content"] == "U29tZSB0ZXh0" and content["size"] == 9
    assert to_request["details"][0]["id"] == 8
    with accounts.as_(CARL):  # a project request id when no project has it (research: "Project or Project Request ID")
        req = files.add_file({"projectid": 1, "name": "r.txt", "content": b64(b"r")})
    with accounts.as_(ALICE):
        assert files.get_file(req["details"][0]["id"], {})["file"]["projectid"] == 1


def test_file_rules(accounts: Accounts) -> None:
    with accounts.as_(ALICE) as t:
        assert error_of(files.add_file, {"name": "a", "content": b64(b"a")}).status == 400
        assert error_of(files.add_file, {"name": "a", "content": b64(b"a"), "projectid": 1, "taskid": 2}).status == 400
        assert error_of(files.add_file, {"name": "a", "content": "not base64!", "taskid": 2}).status == 400
        assert error_of(files.add_file, {"content": b64(b"a"), "taskid": 2}).detail == ["'name' is a required field"]
        big = files.add_file({"name": "big.bin", "content": b64(b"0" * (1024 * 1024 + 1)), "folderid": 1})
        big_id = big["details"][0]["id"]
        assert error_of(files.get_file, big_id, {"content": "true"}).status == 400  # "Not available ... larger than 1MB"
        assert files.get_file(big_id, {})["file"]["size"] == 1024 * 1024 + 1
        files.delete_file(big_id)
        assert t.table("files").get(big_id) is None
    with accounts.as_(CONNIE):
        assert error_of(files.delete_file, 1).status == 403  # not hers


def test_custom_folders(accounts: Accounts) -> None:
    with accounts.as_(PETER):
        body = files.add_folder({"projectid": 1, "name": "New Folder", "contacts": "1,2,3"})
        public = files.add_folder({"projectid": 2, "name": "Public"})
        folder = files.get_folder(body["details"][0]["id"])["folder"]
        listed = files.list_folders({"projectid": "1", "search": "!design"})
        assert error_of(files.add_folder, {"name": "X", "projectid": 99}).status == 400
    assert [c["id"] for c in folder["contacts"]] == [1, 2, 3] and folder["projecttitle"] == "Bakery Website"
    assert files.FOLDER_SPEC.visible and ids(listed, "folders") == [2, 3]
    assert public["details"][0]["name"] == "Public"


# -- messages -------------------------------------------------------------------------------------------------
def test_messages_list_and_views(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = messages.list_messages({})
        assert ids(messages.list_messages({"originalmessageid": "1"}), "messages") == [1, 2]
        assert ids(messages.list_messages({"contacts": "me", "projectstatus": "all"}), "messages") == [1, 2, 4, 5]
        assert ids(messages.list_messages({"taskid": "2"}), "messages") == [3]
    assert ids(body, "messages") == [1, 2, 3, 4]  # the completed project's discussion is hidden by default
    first = body["messages"][0]
    assert (first["authorname"], first["authortype"], first["files"][0]["name"]) == ("Peter Manager", "staff", "brief.txt")
    with accounts.as_(CARL):  # private task discussion hidden
        assert ids(messages.list_messages({}), "messages") == [1, 2]
    with accounts.as_(CONNIE):
        assert ids(messages.list_messages({}), "messages") == [1, 2, 3]


def test_start_a_discussion_and_reply(accounts: Accounts) -> None:
    with accounts.as_(TINA):
        start = messages.add_message({"contacts": "1,2", "projectid": 1, "title": "New Message",
                                      "content": "Message Content", "fileid": "1"})
        new_id = start["details"][0]["id"]
    with accounts.as_(ALICE):
        reply = messages.add_message({"originalmessageid": new_id, "content": "Thanks"})
        got = messages.get_message(reply["details"][0]["id"], {"projectcontacts": "true"})["message"]
    assert start == {"message": "Message Added", "status": "Success", "details": [{"id": 6}]}
    assert got["title"] == "New Message" and got["originalmessageid"] == new_id
    assert [c["id"] for c in got["projectcontacts"]] == [2, 1, 3, 4, 7]
    with accounts.as_(TINA):
        assert error_of(messages.add_message, {"projectid": 1, "content": "x"}).status == 400  # title, contacts
        assert error_of(messages.add_message, {"content": "x", "title": "t", "contacts": "me"}).status == 400
        assert error_of(messages.add_message, {"projectid": 1, "title": "t", "contacts": "all", "content": "c",
                                               "files": "6"}).status == 400  # a file of another project
        everyone = messages.add_message({"taskid": 2, "title": "t", "contacts": "all", "content": "c"})
    with accounts.as_(ALICE) as t:
        assert t.table("messages").get(everyone["details"][0]["id"])["contacts"] == [7, 2, 1, 4]


def test_edit_and_delete_are_for_the_author(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        assert error_of(messages.edit_message, 1, {"public": False}).status == 403
        assert error_of(messages.delete_message, 1).status == 403
    with accounts.as_(PETER) as t:
        assert error_of(messages.edit_message, 1, {"title": "new"}).status == 400
        assert error_of(messages.edit_message, 1, {"contacts": "1,3"}).status == 400  # Carl replied
        messages.edit_message(1, {"public": False, "contacts": "1,3,4,7"})
        assert t.table("messages").get(2)["public"] is False  # replies follow
        assert messages.delete_message(1)["message"] == "Message Deleted"
        assert t.table("messages").get(2) is None  # "will also delete all replies"


# -- notes ---------------------------------------------------------------------------------------------------
def test_notes_page(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = notes.list_notes({})
        added = notes.add_note({"title": "New Note", "content": "Note Description", "categoryid": 5, "contacts": "1,2,3"})
        notes.edit_note(added["details"][0]["id"], {"title": "Renamed"})
        got = notes.get_note(added["details"][0]["id"])["note"]
        assert error_of(notes.add_note, {"title": "x", "content": "y", "categoryid": 1}).status == 400  # not a note category
        # note 1 is assigned to "all" contacts, so it is a note for contact 2 too
        assert ids(notes.list_notes({"contacts": "2", "fields": "title,contacts"}), "notes") == [1, 2, 6]
        assert ids(notes.list_notes({"search": "!wifi", "sortby": "id"}), "notes") == [2, 6]
    assert ids(body, "notes") == [1, 2]  # company and contact notes are not on the Notes page
    assert got["title"] == "Renamed" and got["categoryname"] == "General" and got["authorname"] == "Alice Admin"
    with accounts.as_(TINA):  # no Notes permission for a Team Member
        assert error_of(notes.list_notes, {}).status == 403
    with accounts.as_(PETER):  # sees notes for all, and his own (no delete permission)
        assert ids(notes.list_notes({"sortby": "id"}), "notes") == [1, 2, 6]


def test_company_and_contact_notes(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        added = notes.add_parent_note("company", 2, {"content": "Example Content"})
        listed = notes.list_parent_notes("company", 2, {"sortby": "date", "sortorder": "desc"})
        got = notes.get_parent_note("contact", 4, 4)["note"]
        assert error_of(notes.add_parent_note, "company", 2, {}).detail == ["'content' is a required field"]
        assert error_of(notes.get_parent_note, "company", 3, 3).status == 404  # a note of another company
        assert ids(notes.list_parent_notes("contact", 4, {"datefrom": "2025-02-12"}), "notes") == []
        notes.delete_parent_note("company", 2, 3)
        assert ids(notes.list_parent_notes("company", 2, {}), "notes") == [added["details"][0]["id"]]
    assert ids(listed, "notes") == [6, 3]
    assert got == {"id": 4, "content": "Birthday in May", "date": "2025-02-11T09:00:00", "authorid": 1,
                   "authorname": "Alice Admin", "lastmodified": "2025-02-11T09:00:00"}
    with accounts.as_(CARL):
        assert error_of(notes.list_parent_notes, "company", 2, {}).status == 403


# -- events --------------------------------------------------------------------------------------------------
def test_events(accounts: Accounts) -> None:
    with accounts.as_(PETER):
        body = events.list_events({"contacts": "me"})
        added = events.add_event({"contacts": "1,2", "title": "New Event", "description": "Event Description",
                                  "starttime": "2014-03-20T13:00", "endtime": "2014-03-20T14:00"})
        now_event = events.add_event({"title": "Now", "starttime": "now", "endtime": "now"})
        events.edit_event(added["details"][0]["id"], {"title": "Moved", "starttime": "2014-03-20T13:30"})
        got = events.get_event(added["details"][0]["id"])["event"]
        assert error_of(events.add_event, {"title": "x", "starttime": "2014-03-20T13:00",
                                           "endtime": "2014-03-20T12:00"}).status == 400
        assert error_of(events.add_event, {"title": "x", "starttime": "20/03/2014", "endtime": "now"}).status == 400
        assert error_of(events.add_event, {"title": "x", "starttime": "now", "endtime": "now",
                                           "contacts": "4"}).status == 400  # a client
        events.delete_event(added["details"][0]["id"])
        all_staff = events.add_event({"title": "All hands", "starttime": "now", "endtime": "now", "contacts": "all"})
    assert ids(body, "events") == [1, 2]
    assert got["title"] == "Moved" and got["starttime"] == "2014-03-20T13:30:00" and got["endtime"] == "2014-03-20T14:00:00"
    with accounts.as_(ALICE) as t:
        assert t.table("events").get(now_event["details"][0]["id"])["contacts"] == [PETER]  # default "me"
        assert t.table("events").get(all_staff["details"][0]["id"])["contacts"] == [1, 2, 3]
        assert ids(events.list_events({"starttimefrom": "+1w"}), "events") == [3]
    with accounts.as_(CARL):  # viewcalendar: his events
        assert ids(events.list_events({}), "events") == [2]
    with accounts.as_(CORA):
        assert error_of(events.list_events, {}).status == 403


# -- project requests ------------------------------------------------------------------------------------------
def test_project_requests(accounts: Accounts) -> None:
    with accounts.as_(ALICE):
        body = projectrequests.list_requests({})
        assert error_of(projectrequests.list_requests, {"recipientid": "me"}).status == 400  # Advanced only
        assert ids(projectrequests.list_requests({"budget": "gte1000"}), "projectrequests") == [1]
        assert ids(projectrequests.list_requests({"clientid": "!4"}), "projectrequests") == [2]
    assert set(body["projectrequests"][0]) == {"id", "title", "companyid", "companyname", "clientid", "clientname",
                                               "startdate", "duedate", "submitteddate"}  # recipient: Advanced
    with accounts.as_(CARL):
        added = projectrequests.add_request({"title": "Sample Request", "description": "d", "startdate": "2025-04-18",
                                             "duedate": "2025-04-28", "budget": 5000})
        mine = projectrequests.list_requests({"fields": "title,client,dates,budget,files"})
        assert error_of(projectrequests.add_request, {"title": "x", "templateid": 1}).status == 400
    assert added["details"] == [{"id": 3, "title": "Sample Request"}]
    assert ids(mine, "projectrequests") == [1, 3] and mine["projectrequests"][0]["files"][0]["name"] == "ordering-ideas.txt"


def test_advanced_project_requests(accounts: Accounts) -> None:
    with accounts.as_(GRACE, accounts.globex):
        body = projectrequests.list_requests({"fields": "title,recipient,template,customform,customfields"})
        assert ids(projectrequests.list_requests({"recipientid": "me"}), "projectrequests") == [2]
        assert ids(projectrequests.list_requests({"clienttype": "internal"}), "projectrequests") == [2]
        assert ids(projectrequests.list_requests({"customfields": "1,gold"}), "projectrequests") == [1]
    first = body["projectrequests"][0]
    assert (first["recipientname"], first["recipientgroupname"], first["templatename"]) == ("Hank Hill", "Design",
                                                                                            "Web Project")
    assert first["customfields"] == [{"id": 1, "name": "Tier", "value": "Gold"}]
    with accounts.as_(JACK, accounts.globex):  # addprojectrequest granted
        assert error_of(projectrequests.add_request, {"title": "x", "contactid": HANK}).status == 400  # 2 groups
        added = projectrequests.add_request({"title": "App v2", "contactid": HANK, "groupid": 2, "templateid": 1,
                                             "customfields": [{"id": 2, "value": "Retail"}]})
    with accounts.as_(KIM, accounts.globex):  # "only applies in Advanced plan for clients": not granted
        assert error_of(projectrequests.add_request, {"title": "x"}).status == 403
    with accounts.as_(GRACE, accounts.globex) as t:
        rec = t.table("projectrequests").get(added["details"][0]["id"])
    assert (rec["recipientid"], rec["recipientgroupid"], rec["templateid"], rec["divisionid"]) == (HANK, 2, 1, 1)
    with accounts.as_(IVY, accounts.globex):  # a Developer role without project requests
        assert error_of(projectrequests.list_requests, {}).status == 403


# -- rate limits -----------------------------------------------------------------------------------------------
def test_rate_limit_counts_and_refuses_when_enforced() -> None:
    limiter, policy = RateLimiter(), Policy(limit=3, window=30, enforce=True)
    verdicts = [limiter.hit("key", NOW, policy) for _ in range(4)]
    assert [(v.remaining, v.allowed) for v in verdicts] == [(2, True), (1, True), (0, True), (0, False)]
    assert verdicts[0].headers() == {"x-ratelimit-limit": "3", "x-ratelimit-remaining": "2", "x-ratelimit-reset": "30"}
    later = limiter.hit("key", NOW + timedelta(seconds=12), policy)
    assert (later.allowed, later.reset) == (False, 18)
    fresh = limiter.hit("key", NOW + timedelta(seconds=30), policy)  # a new window on the emulator's clock
    assert (fresh.allowed, fresh.remaining, fresh.reset) == (True, 2, 30)
    assert limiter.hit("other", NOW, policy).remaining == 2  # per key


def test_rate_limit_not_enforced_by_default() -> None:
    limiter, policy = RateLimiter(), Policy.of({})
    assert (policy.limit, policy.window, policy.enforce) == (500, 30, False)
    last = [limiter.hit("k", NOW, policy) for _ in range(502)][-1]
    assert last.allowed and last.remaining == 0
    limiter.reset()
    assert limiter.peek("k", NOW, policy).remaining == 500
    assert Policy.of({"ratelimit": {"limit": "x"}}).limit == 500


def test_rate_limit_policy_parsed_once_per_setting_and_unhashable_settings_still_parsed() -> None:
    """Policy.of remembers the parse of each setting (it runs on every request); a setting no
    memo can key on (a list) is parsed as ever: not a number, so the default."""
    settings = {"ratelimit": {"limit": "3", "window": 10, "enforce": True}}
    assert Policy.of(settings) == Policy(3, 10, True)
    settings["ratelimit"]["limit"] = 4  # a changed setting takes effect at once
    assert Policy.of(settings) == Policy(4, 10, True)
    assert Policy.of({"ratelimit": {"limit": [7], "enforce": [1]}}) == Policy(500, 30, True)


# -- render plans ----------------------------------------------------------------------------------------------
def test_render_plans_are_bounded_and_rebuilt_when_dropped() -> None:
    """A plan per fields= selection is kept (worked out once, not per record); past PLANS_KEPT
    selections the kept ones are dropped and rebuilt on demand, with the same answer."""
    spec = ResourceSpec(name="companies", table="companies", singular="Company",
                        derive={"tags": lambda rec, ctx: [t.upper() for t in rec["tags"]]})
    rec = {"id": 7, "name": "Acme", "city": None, "address1": "1 Road", "tags": ["a"]}
    ctx = type("Ctx", (), {"contactdetails": False})()
    first = render(spec, rec, Selection(("tags", "name", "address")), ctx)
    assert list(first)[:4] == ["id", "tags", "name", "address1"] and first["city"] == "" and first["tags"] == ["A"]
    for n in range(PLANS_KEPT + 5):  # distinct selections: orders of made-up tokens
        render(spec, rec, Selection(("name", f"x{n}")), ctx)
    assert len(spec.plans) <= PLANS_KEPT
    assert render(spec, rec, Selection(("tags", "name", "address")), ctx) == first


# -- --fake ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["acme", "globex"])
def test_bulk_records_have_valid_references(name: str) -> None:
    from faker import Faker

    state = _state(name)
    tables = {n: list(rows.values()) for n, rows in state["tables"].items()}
    tables = {n: [dict(r) for r in rows] for n, rows in tables.items()}
    fake = Faker()
    fake.seed_instance(7)
    bulk.generate(tables, fake, 25)
    by = {n: {r["id"]: r for r in rows} for n, rows in tables.items()}
    assert len(tables["projects"]) == len(state["tables"]["projects"]) + 25
    for contact in tables["contacts"]:
        assert contact["companyid"] is None or contact["companyid"] in by["companies"]
    for project in tables["projects"]:
        assert project["companyid"] in by["companies"] and project["managerid"] in by["contacts"]
    for task in tables["tasks"]:
        assert task["projectid"] is None or task["projectid"] in by["projects"]
    for record in tables["timerecords"]:
        assert record["taskid"] in by["tasks"] and record["contactid"] in by["contacts"]
    for invoice in tables["invoices"]:
        assert all(by["invoicelines"][i]["invoiceid"] == invoice["id"] for i in invoice["lineids"])
        assert invoice["companyid"] in by["companies"]
    assert len({r["id"] for r in tables["invoicelines"]}) == len(tables["invoicelines"])
