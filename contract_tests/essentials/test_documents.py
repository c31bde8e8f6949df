"""Essentials documents & memos (seed 000 "Essentials documents & memos"; research §5, §7.3).

Fixture business 1: document 1 (price-list.csv, owner admin, shared with user 2 = manager),
document 2 ("store handbook.pdf", owner manager, shared with role 3 = Cashier#1), memo 3 (owner
admin), memo 4 (owner cashier).  Admin = user 1 (role 1), manager = 2 (role 2), cashier = 3
(role 3), viewer = 4 (role 4).
"""
from __future__ import annotations

import re

import pytest

from .support import ids, invalid, json_of

DOC1_CSV = b"sku,name,price\nA-100,Espresso beans 1kg,18.50\nA-200,Oat milk 1l,2.10\n"
DOC2_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
            b"trailer<</Root 1 0 R>>\n%%EOF\n")
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
EVERY_BYTE = bytes(range(256)) * 8
FILE_TYPES = "The file must be a file of type: pdf, csv, zip, doc, docx, jpeg, jpg, png."

DOC1_ROW = {
    "id": 1, "business_id": 1, "user_id": 1, "type": "document", "name": "price-list.csv",
    "storage_name": "1767225600_price-list.csv", "description": "Current price list",
    "created_at": "2026-01-01T00:00:00.000000Z", "updated_at": "2026-01-01T00:00:00.000000Z",
}
MEMO3_ROW = {
    "id": 3, "business_id": 1, "user_id": 1, "type": "memos", "name": "Opening hours", "storage_name": None,
    "description": "Mon-Fri 9:00-17:00, Sat 10:00-14:00",
    "created_at": "2026-01-03T00:00:00.000000Z", "updated_at": "2026-01-03T00:00:00.000000Z",
}








def upload(client, filename, content, mime="application/octet-stream", **fields):
    return client.post("/documents", data={"type": "document", **fields}, files={"file": (filename, content, mime)})


def uploaded(client, filename, content, **fields):
    return json_of(upload(client, filename, content, **fields), 201)["data"]


# --- GET /documents ----------------------------------------------------------------------------

def test_list_requires_type(ess):
    """Seed: type is required (document or memos); missing -> 422."""
    invalid(ess.get("/documents"), {"type": ["The type field is required."]})


@pytest.mark.parametrize("value", ["memo", "documents", "DOCUMENT"])
def test_list_type_must_be_document_or_memos(ess, value):
    """Seed: type document or memos; anything else -> 422 (Laravel `in`)."""
    invalid(ess.get("/documents", params={"type": value}), {"type": ["The selected type is invalid."]})


def test_list_type_array_is_invalid(ess):
    """Research §2.1: `in` fails for an array value (PHP type[]=document)."""
    invalid(ess.get("/documents?type[]=document"), {"type": ["The selected type is invalid."]})


def test_list_documents_rows_show_display_name_and_storage_name(ess):
    """Seed: name is the friendly display name; storage_name holds the stored filename (research §7.3 row)."""
    body = json_of(ess.get("/documents", params={"type": "document"}), 200)
    assert body["data"] == [DOC1_ROW]
    assert list(body["data"][0]) == list(DOC1_ROW)
    assert body["meta"]["total"] == 1 and body["meta"]["per_page"] == 20
    assert set(body) == {"data", "links", "meta"}


def test_list_memos_have_null_storage_name(ess):
    """Seed: storage_name only for type document; memos carry storage_name null (emulator choice)."""
    body = json_of(ess.get("/documents", params={"type": "memos"}), 200)
    assert body["data"] == [MEMO3_ROW]


def test_list_visible_when_shared_with_my_user_id(ess):
    """Seed: visible = owned, or shared with my user id (manager sees doc 1 by a user share)."""
    assert ids(ess.as_("manager").get("/documents", params={"type": "document"})) == [2, 1]


def test_list_visible_when_shared_with_my_role(ess):
    """Seed: visible when shared with my business role (cashier holds Cashier#1 = role 3)."""
    assert ids(ess.as_("cashier").get("/documents", params={"type": "document"})) == [2]
    assert ids(ess.as_("cashier").get("/documents", params={"type": "memos"})) == [4]


def test_list_hides_documents_neither_owned_nor_shared(ess):
    """Seed: only owned or shared rows; the business admin sees no other user's documents either."""
    assert ids(ess.as_("viewer").get("/documents", params={"type": "document"})) == []
    assert ids(ess.get("/documents", params={"type": "document"})) == [1]
    assert ids(ess.as_("manager").get("/documents", params={"type": "memos"})) == []


def test_list_is_per_business(ess):
    """Tenancy: business 2 sees only its own memo."""
    rows = json_of(ess.as_("bistro").get("/documents", params={"type": "memos"}), 200)["data"]
    assert [(r["business_id"], r["name"]) for r in rows] == [(2, "Allergen list")]


def test_list_default_order_is_created_at_desc(ess):
    """Research §6: default order created_at desc."""
    assert ids(ess.as_("manager").get("/documents", params={"type": "document"})) == [2, 1]


def test_list_sort_and_direction(ess):
    """Seed: sort created_at or name; direction asc or desc."""
    m = ess.as_("manager")
    assert ids(m.get("/documents", params={"type": "document", "sort": "created_at", "direction": "asc"})) == [1, 2]
    assert ids(m.get("/documents", params={"type": "document", "sort": "created_at"})) == [1, 2]
    ess.post("/documents", json={"type": "memos", "name": "Alpha"})
    ess.post("/documents", json={"type": "memos", "name": "zulu"})
    names = [r["name"] for r in json_of(ess.get("/documents", params={"type": "memos", "sort": "name"}), 200)["data"]]
    assert names == ["Alpha", "Opening hours", "zulu"]
    names = [r["name"] for r in json_of(ess.get("/documents", params={
        "type": "memos", "sort": "name", "direction": "desc"}), 200)["data"]]
    assert names == ["zulu", "Opening hours", "Alpha"]


def test_list_sort_and_direction_must_be_known(ess):
    """Seed: sort ∈ created_at, name; direction ∈ asc, desc."""
    invalid(ess.get("/documents", params={"type": "memos", "sort": "updated_at", "direction": "up"}),
               {"sort": ["The selected sort is invalid."], "direction": ["The selected direction is invalid."]})


def test_list_per_page_between_1_and_100(ess):
    """Seed: per_page 1–100."""
    for value in ("0", "101"):
        invalid(ess.get("/documents", params={"type": "memos", "per_page": value}),
                   {"per_page": ["The per page must be between 1 and 100."]})
    invalid(ess.get("/documents", params={"type": "memos", "per_page": "ten"}),
               {"per_page": ["The per page must be an integer."]})
    assert json_of(ess.get("/documents", params={"type": "memos", "per_page": "100"}), 200)["meta"]["per_page"] == 100


def test_list_pagination(ess):
    """Seed: per_page and page paginate the visible rows."""
    m = ess.as_("manager")
    body = json_of(m.get("/documents", params={"type": "document", "per_page": 1, "page": 2}), 200)
    assert [r["id"] for r in body["data"]] == [1]
    assert body["meta"]["current_page"] == 2 and body["meta"]["last_page"] == 2 and body["meta"]["total"] == 2


def test_list_dates_both_required_together(ess):
    """Seed: start_date and end_date are both required together."""
    invalid(ess.get("/documents", params={"type": "document", "start_date": "2026-01-01"}),
               {"end_date": ["The end date field is required when start date is present."]})
    invalid(ess.get("/documents", params={"type": "document", "end_date": "2026-01-01"}),
               {"start_date": ["The start date field is required when end date is present."]})


def test_list_dates_are_y_m_d(ess):
    """Research §3.1: list date filters are Y-m-d (whereDate)."""
    invalid(ess.get("/documents", params={"type": "document", "start_date": "01/01/2026", "end_date": "2026-01-31"}),
               {"start_date": ["The start date does not match the format Y-m-d."]})


def test_list_date_range_filters_by_created_at_date(ess):
    """Seed: start_date/end_date filter by created_at date (inclusive)."""
    m = ess.as_("manager")
    assert ids(m.get("/documents", params={"type": "document", "start_date": "2026-01-02",
                                            "end_date": "2026-01-02"})) == [2]
    assert ids(m.get("/documents", params={"type": "document", "start_date": "2026-01-01",
                                            "end_date": "2026-01-02"})) == [2, 1]
    assert ids(m.get("/documents", params={"type": "document", "start_date": "2025-01-01",
                                            "end_date": "2025-12-31"})) == []


def test_list_q_min_2_characters(ess):
    """Seed: q min 2 characters when sent."""
    invalid(ess.get("/documents", params={"type": "document", "q": "p"}),
               {"q": ["The q must be at least 2 characters."]})


def test_list_q_searches_name_and_description(ess):
    """Seed: q searches name and description (case-insensitive LIKE)."""
    m = ess.as_("manager")
    assert ids(m.get("/documents", params={"type": "document", "q": "HANDBOOK"})) == [2]
    assert ids(m.get("/documents", params={"type": "document", "q": "current price"})) == [1]
    assert ids(ess.get("/documents", params={"type": "memos", "q": "sat 10"})) == [3]
    assert ids(m.get("/documents", params={"type": "document", "q": "nothing like it"})) == []


def test_list_without_credentials_401(ess):
    """Research §2: no credentials -> 401 Unauthenticated."""
    assert json_of(ess.anon().get("/documents", params={"type": "document"}), 401) == {"message": "Unauthenticated."}


# --- POST /documents ---------------------------------------------------------------------------

def test_create_memo_201_and_kept(ess):
    """Seed: type=memos with name (required) and optional description -> 201 detail with share id arrays."""
    data = json_of(ess.post("/documents", json={"type": "memos", "name": "Holiday rota", "description": "See board"}),
                   201)["data"]
    assert list(data) == ["id", "business_id", "user_id", "type", "name", "storage_name", "description",
                          "created_at", "updated_at", "shared_user_ids", "shared_role_ids"]
    assert data["id"] == 5
    assert {k: data[k] for k in ("business_id", "user_id", "type", "name", "storage_name", "description")} == {
        "business_id": 1, "user_id": 1, "type": "memos", "name": "Holiday rota", "storage_name": None,
        "description": "See board"}
    assert data["shared_user_ids"] == [] and data["shared_role_ids"] == []
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", data["created_at"])
    assert json_of(ess.get("/documents/5"), 200)["data"] == data
    assert ids(ess.get("/documents", params={"type": "memos"}))[0] == 5


def test_create_memo_from_multipart_form(ess):
    """Seed: the create call is multipart/form-data."""
    resp = ess.post("/documents", data={"type": "memos", "name": "Form memo"}, files={"unused": ("x.txt", b"x")})
    assert json_of(resp, 201)["data"]["name"] == "Form memo"
    resp = ess.post("/documents", data={"type": "memos", "name": "Urlencoded memo", "description": ""})
    data = json_of(resp, 201)["data"]
    assert data["name"] == "Urlencoded memo" and data["description"] is None


def test_create_memo_requires_name(ess):
    """Seed: for type=memos, name is required."""
    invalid(ess.post("/documents", json={"type": "memos", "description": "no name"}),
               {"name": ["The name field is required."]})
    invalid(ess.post("/documents", data={"type": "memos", "name": "   "}), {"name": ["The name field is required."]})


def test_create_name_and_description_at_most_255(ess):
    """Research §5: name and description are VARCHAR(255) (Laravel max.string)."""
    invalid(ess.post("/documents", json={"type": "memos", "name": "n" * 256, "description": "d" * 256}),
               {"name": ["The name must not be greater than 255 characters."],
                "description": ["The description must not be greater than 255 characters."]})


def test_create_requires_type(ess):
    """Seed: type document or memos decides what is created."""
    invalid(ess.post("/documents", json={"name": "x"}), {"type": ["The type field is required."]})
    invalid(ess.post("/documents", json={"type": "note", "name": "x"}), {"type": ["The selected type is invalid."]})
    invalid(ess.post("/documents", data=b"{not json", headers={"Content-Type": "application/json"}),
               {"type": ["The type field is required."]})


def test_create_document_upload_201(ess):
    """Seed: type=document uploads a file; stored name is "<time>_<client name>", name shows the client name."""
    data = uploaded(ess, "report.pdf", PDF, description="Q1 report")
    assert data["type"] == "document" and data["name"] == "report.pdf" and data["description"] == "Q1 report"
    assert re.fullmatch(r"\d{9,}_report\.pdf", data["storage_name"])
    assert data["user_id"] == 1 and data["shared_user_ids"] == [] and data["shared_role_ids"] == []
    assert json_of(ess.get(f"/documents/{data['id']}"), 200)["data"] == data
    assert data["id"] in ids(ess.get("/documents", params={"type": "document"}))


def test_upload_then_download_round_trip(ess):
    """Seed: download streams exactly the uploaded bytes with the file's Content-Type."""
    data = uploaded(ess, "report.pdf", PDF)
    resp = ess.get(f"/documents/{data['id']}/download")
    assert resp.status_code == 200
    assert resp.content == PDF
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.headers["Content-Length"] == str(len(PDF))
    assert resp.headers["Content-Disposition"] == "attachment; filename=report.pdf"


def test_binary_upload_keeps_every_byte_value(ess):
    """Seed: the download is the file byte for byte (all 256 byte values)."""
    data = uploaded(ess, "photo.png", EVERY_BYTE)
    resp = ess.get(f"/documents/{data['id']}/download")
    assert resp.status_code == 200 and resp.content == EVERY_BYTE
    assert resp.headers["Content-Type"] == "image/png"


@pytest.mark.parametrize("filename, mime", [
    ("a.csv", "text/csv; charset=UTF-8"), ("a.zip", "application/zip"), ("a.doc", "application/msword"),
    ("a.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("a.jpeg", "image/jpeg"), ("A.JPG", "image/jpeg"),
])
def test_upload_allowed_types(ess, filename, mime):
    """Research §5: pdf, csv, zip, doc, docx, jpeg, jpg, png are allowed."""
    data = uploaded(ess, filename, b"content")
    assert ess.get(f"/documents/{data['id']}/download").headers["Content-Type"] == mime


def test_create_document_requires_file(ess):
    """Seed: type=document needs an uploaded file (field `file`)."""
    invalid(ess.post("/documents", data={"type": "document", "description": "x"}),
               {"file": ["The file field is required."]})
    invalid(ess.post("/documents", json={"type": "document"}), {"file": ["The file field is required."]})
    invalid(ess.post("/documents", data={"type": "document"}, files={"attachment": ("a.pdf", PDF)}),
               {"file": ["The file field is required."]})


def test_create_document_file_must_be_a_file(ess):
    """Research §2.1: `file` and `mimes` fail for a plain value."""
    invalid(ess.post("/documents", json={"type": "document", "file": "JVBERi0x"}),
               {"file": ["The file must be a file.", FILE_TYPES]})


def test_create_document_file_type_must_be_allowed(ess):
    """Research §5: other types -> "The file must be a file of type: pdf, csv, ...". """
    invalid(upload(ess, "tool.exe", b"MZ"), {"file": [FILE_TYPES]})
    invalid(upload(ess, "README", b"text"), {"file": [FILE_TYPES]})


def test_create_document_at_most_5000000_bytes(ess):
    """Research §5: document_size_limit 5,000,000 bytes -> "must not be greater than 5000 kilobytes"."""
    invalid(upload(ess, "big.pdf", b"x" * 5_000_001), {"file": ["The file must not be greater than 5000 kilobytes."]})
    data = uploaded(ess, "limit.pdf", b"y" * 5_000_000)
    assert len(ess.get(f"/documents/{data['id']}/download").content) == 5_000_000


def test_create_document_description_at_most_255(ess):
    """Research §5: description VARCHAR(255)."""
    invalid(upload(ess, "a.pdf", PDF, description="d" * 256),
               {"description": ["The description must not be greater than 255 characters."]})


def test_bad_create_changes_nothing(ess):
    """House rule: a rejected request stores nothing."""
    upload(ess, "tool.exe", b"MZ")
    ess.post("/documents", json={"type": "memos"})
    assert ids(ess.get("/documents", params={"type": "document"})) == [1]
    assert ids(ess.get("/documents", params={"type": "memos"})) == [3]
    assert json_of(ess.post("/documents", json={"type": "memos", "name": "next"}), 201)["data"]["id"] == 5


@pytest.mark.parametrize("sent", ["scans/2026/invoice.pdf", "C:\\Users\\me\\invoice.pdf"])
def test_client_path_is_cut_from_the_filename(ess, sent):
    """Research §5 (PHP/Symfony UploadedFile): only the last / or \\ segment of the client filename is kept."""
    data = uploaded(ess, sent, PDF)
    assert data["name"] == "invoice.pdf" and data["storage_name"].endswith("_invoice.pdf")


def test_display_name_is_everything_after_the_first_underscore(ess):
    """Research §5: display name = explode('_', name, 2)[1]."""
    data = uploaded(ess, "my_report_v2.pdf", PDF)
    assert data["name"] == "my_report_v2.pdf"
    assert re.fullmatch(r"\d+_my_report_v2\.pdf", data["storage_name"])


def test_create_without_credentials_401(ess):
    """Research §2: no credentials -> 401."""
    assert json_of(ess.anon().post("/documents", json={"type": "memos", "name": "x"}), 401) == {
        "message": "Unauthenticated."}


# --- GET /documents/{id} -----------------------------------------------------------------------

def test_show_owner_200_with_share_ids(ess):
    """Seed: 200 data including shared_user_ids and shared_role_ids."""
    assert json_of(ess.get("/documents/1"), 200) == {"data": {**DOC1_ROW, "shared_user_ids": [2],
                                                              "shared_role_ids": []}}


def test_show_visible_by_user_share(ess):
    """Seed: visible when shared with my user id."""
    assert json_of(ess.as_("manager").get("/documents/1"), 200)["data"]["id"] == 1


def test_show_visible_by_role_share(ess):
    """Seed: visible when shared with my role; the display name keeps its space."""
    data = json_of(ess.as_("cashier").get("/documents/2"), 200)["data"]
    assert data["name"] == "store handbook.pdf" and data["storage_name"] == "1767312000_store handbook.pdf"
    assert data["shared_user_ids"] == [] and data["shared_role_ids"] == [3]


@pytest.mark.parametrize("user, doc", [("admin", 2), ("viewer", 1), ("cashier", 1), ("manager", 3)])
def test_show_not_visible_404(ess, user, doc):
    """Seed: 404 for rows the user cannot see (not owner, no share)."""
    assert json_of(ess.as_(user).get(f"/documents/{doc}"), 404) == {"message": "Not found."}


@pytest.mark.parametrize("doc", ["999", "abc", "0", "-1"])
def test_show_missing_404(ess, doc):
    """Seed: 404 for missing ids."""
    assert json_of(ess.get(f"/documents/{doc}"), 404) == {"message": "Not found."}


def test_show_without_credentials_401(ess):
    """Research §2: no credentials -> 401."""
    assert json_of(ess.anon().get("/documents/1"), 401) == {"message": "Unauthenticated."}


# --- GET /documents/{id}/download --------------------------------------------------------------

def test_download_fixture_file(ess):
    """Seed: streams the file (not JSON) with its type; research §5 Content-Disposition."""
    resp = ess.as_("manager").get("/documents/1/download")
    assert resp.status_code == 200
    assert resp.content == DOC1_CSV
    assert resp.headers["Content-Type"] == "text/csv; charset=UTF-8"  # Symfony adds the charset to text/*
    assert resp.headers["Content-Disposition"] == "attachment; filename=price-list.csv"


def test_download_name_with_space_is_quoted(ess):
    """Research §5: HeaderUtils quotes a filename that is not an HTTP token."""
    resp = ess.as_("cashier").get("/documents/2/download")
    assert resp.status_code == 200 and resp.content == DOC2_PDF
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.headers["Content-Length"] == str(len(DOC2_PDF))
    assert resp.headers["Content-Disposition"] == 'attachment; filename="store handbook.pdf"'


@pytest.mark.parametrize("filename, disposition", [
    ("café.pdf", "attachment; filename=cafe.pdf; filename*=utf-8''caf%C3%A9.pdf"),
    ("100%.pdf", "attachment; filename=100.pdf; filename*=utf-8''100%25.pdf"),
    ("Straße plan.pdf", "attachment; filename=\"Strasse plan.pdf\"; filename*=utf-8''Stra%C3%9Fe%20plan.pdf"),
    ("a(1).pdf", 'attachment; filename="a(1).pdf"'),
    ("it's~#1.pdf", "attachment; filename=it's~#1.pdf"),
])
def test_download_content_disposition(ess, filename, disposition):
    """Research §5: ASCII fallback (Str::ascii, % removed) plus filename*=utf-8''… when they differ."""
    data = uploaded(ess, filename, PDF)
    assert data["name"] == filename
    resp = ess.get(f"/documents/{data['id']}/download")
    assert resp.status_code == 200 and resp.content == PDF
    assert resp.headers["Content-Disposition"] == disposition


@pytest.mark.parametrize("user, doc, content", [
    ("manager", 2, DOC2_PDF),  # owner
    ("cashier", 2, DOC2_PDF),  # role share (Cashier#1)
    ("manager", 1, DOC1_CSV),  # user share
    ("admin", 1, DOC1_CSV),  # owner
])
def test_download_visible_by_user_and_role_share(ess, user, doc, content):
    """Seed: owner or user/role share may download, byte for byte."""
    resp = ess.as_(user).get(f"/documents/{doc}/download")
    assert resp.status_code == 200 and resp.content == content


def test_download_head_answers_like_get(ess):
    """HEAD of a download: GET's status, Content-Type, Content-Length and Content-Disposition, no body."""
    get, head = ess.get("/documents/1/download"), ess.head("/documents/1/download")
    assert head.status_code == get.status_code == 200
    for name in ("Content-Type", "Content-Length", "Content-Disposition"):
        assert head.headers[name] == get.headers[name], name
    assert head.content == b"" and get.content == DOC1_CSV


# --- the first role: role shares count one role per user ---------------------------------------

def test_role_shares_count_only_the_users_first_role(ess):
    """Research §5: visibility is owner, a user share, or a role share with the user's first role:
    DocumentController index/download read `User::find($id)->roles()->first()->id`.  spatie's
    model_has_roles keeps no order of assignment (primary key role_id, model_id, model_type), so
    MySQL gives the lowest role id first.  Dana holds roles 4 (Viewer#1) and 3 (Cashier#1): a share
    with role 3 reaches her, a share with role 4 alone does not."""
    dana = ess.as_("dana")
    assert ids(dana.get("/documents", params={"type": "document"})) == [2]  # doc 2: shared with role 3
    resp = dana.get("/documents/2/download")
    assert resp.status_code == 200 and resp.content == DOC2_PDF
    assert json_of(ess.put("/documents/1/shares", json={"shared_role_ids": [4]}), 200)
    assert ids(dana.get("/documents", params={"type": "document"})) == [2]
    assert json_of(dana.get("/documents/1"), 404) == {"message": "Not found."}
    assert json_of(ess.as_("viewer").get("/documents/1"), 200)["data"]["id"] == 1  # role 4 is the viewer's first


def test_a_user_without_a_role_gets_no_role_share(ess):
    """Research §5: role shares need a role; the superadmin holds none and sees only their own."""
    assert json_of(ess.put("/documents/1/shares", json={"shared_role_ids": [1, 2, 3, 4]}), 200)
    assert ids(ess.as_("superadmin").get("/documents", params={"type": "document"})) == []
    assert json_of(ess.as_("superadmin").get("/documents/1/download"), 404) == {"message": "Not found."}


@pytest.mark.parametrize("user, doc", [("admin", 2), ("viewer", 1), ("cashier", 1)])
def test_download_not_visible_404(ess, user, doc):
    """Seed: not visible -> 404."""
    assert json_of(ess.as_(user).get(f"/documents/{doc}/download"), 404) == {"message": "Not found."}


def test_download_memo_404(ess):
    """Seed: memos are not downloadable (emulator answers 404, as for a missing file)."""
    assert json_of(ess.get("/documents/3/download"), 404) == {"message": "Not found."}


def test_download_missing_404(ess):
    """Seed: missing id -> 404."""
    assert json_of(ess.get("/documents/999/download"), 404) == {"message": "Not found."}


def test_download_without_credentials_401(ess):
    """Research §2: no credentials -> 401."""
    assert json_of(ess.anon().get("/documents/1/download"), 401) == {"message": "Unauthenticated."}


# --- PUT/PATCH /documents/{id}/shares ----------------------------------------------------------

def test_shares_replace_user_and_role_lists(ess):
    """Seed: replaces the share lists; 200 data.document_id and the effective id lists."""
    resp = ess.put("/documents/1/shares", json={"shared_user_ids": [3], "shared_role_ids": [2, 4]})
    assert json_of(resp, 200) == {"data": {"document_id": 1, "shared_user_ids": [3], "shared_role_ids": [2, 4]}}
    shown = json_of(ess.get("/documents/1"), 200)["data"]
    assert shown["shared_user_ids"] == [3] and shown["shared_role_ids"] == [2, 4]
    # the manager lost the user share but holds role 2; the cashier gained a user share
    assert ess.as_("manager").get("/documents/1").status_code == 200
    assert ess.as_("cashier").get("/documents/1").status_code == 200
    assert ess.as_("viewer").get("/documents/1/download").status_code == 200


def test_shares_revoked_user_loses_access(ess):
    """Seed: a user no longer listed loses the share."""
    json_of(ess.patch("/documents/1/shares", json={"shared_user_ids": [3]}), 200)
    assert ess.as_("manager").get("/documents/1").status_code == 404
    assert 1 not in ids(ess.as_("manager").get("/documents", params={"type": "document"}))
    assert ids(ess.as_("cashier").get("/documents", params={"type": "document"})) == [2, 1]


def test_shares_omitted_key_leaves_that_type_unchanged(ess):
    """Seed: optional arrays; an omitted key keeps that type's shares."""
    body = json_of(ess.patch("/documents/1/shares", json={"shared_role_ids": [3]}), 200)
    assert body["data"] == {"document_id": 1, "shared_user_ids": [2], "shared_role_ids": [3]}
    body = json_of(ess.put("/documents/1/shares", json={}), 200)
    assert body["data"] == {"document_id": 1, "shared_user_ids": [2], "shared_role_ids": [3]}


def test_shares_empty_array_clears_that_type(ess):
    """Seed: empty arrays clear shares of that type."""
    body = json_of(ess.put("/documents/1/shares", json={"shared_user_ids": []}), 200)
    assert body["data"] == {"document_id": 1, "shared_user_ids": [], "shared_role_ids": []}
    assert ess.as_("manager").get("/documents/1").status_code == 404


def test_shares_keep_existing_rows_and_add_new_ones(ess):
    """Research §5: updateOrCreate per id, delete the rest; kept rows come first (row order)."""
    body = json_of(ess.put("/documents/1/shares", json={"shared_user_ids": [3, 2, 3]}), 200)
    assert body["data"]["shared_user_ids"] == [2, 3]


def test_shares_from_form_arrays(ess):
    """Input: PHP bracket arrays in a form body; an empty value clears (ConvertEmptyStringsToNull)."""
    resp = ess.put("/documents/1/shares", data={"shared_user_ids[]": ["3", "4"], "shared_role_ids": ""})
    assert json_of(resp, 200)["data"] == {"document_id": 1, "shared_user_ids": [3, 4], "shared_role_ids": []}


def test_shares_only_owner_403(ess):
    """Seed: only the owner may update shares; a user who can see it -> 403."""
    assert json_of(ess.as_("manager").put("/documents/1/shares", json={"shared_user_ids": [2, 3]}), 403) == {
        "message": "Unauthorized action."}
    assert json_of(ess.as_("cashier").patch("/documents/2/shares", json={"shared_role_ids": []}), 403) == {
        "message": "Unauthorized action."}
    assert json_of(ess.get("/documents/1"), 200)["data"]["shared_user_ids"] == [2]


@pytest.mark.parametrize("user, doc", [("admin", 2), ("viewer", 1), ("admin", 999)])
def test_shares_not_visible_404(ess, user, doc):
    """Seed: missing or invisible -> 404."""
    assert json_of(ess.as_(user).put(f"/documents/{doc}/shares", json={"shared_user_ids": []}), 404) == {
        "message": "Not found."}


def test_shares_ids_must_belong_to_the_business(ess):
    """Seed: invalid share payloads -> 422 (Laravel `exists`: "The selected shared_user_ids.0 is invalid.")."""
    invalid(ess.put("/documents/1/shares", json={"shared_user_ids": [99, 3], "shared_role_ids": [2, 77]}),
               {"shared_user_ids.0": ["The selected shared_user_ids.0 is invalid."],
                "shared_role_ids.1": ["The selected shared_role_ids.1 is invalid."]})


def test_shares_must_be_arrays_of_integers(ess):
    """Research §2.1: `array` and `integer` rules."""
    invalid(ess.put("/documents/1/shares", json={"shared_user_ids": 3, "shared_role_ids": ["x"]}),
               {"shared_user_ids": ["The shared user ids must be an array."],
                "shared_role_ids.0": ["The shared_role_ids.0 must be an integer."]})


def test_bad_shares_change_nothing(ess):
    """House rule: a rejected request changes nothing."""
    ess.put("/documents/1/shares", json={"shared_user_ids": [3], "shared_role_ids": [99]})
    assert json_of(ess.get("/documents/1"), 200)["data"]["shared_user_ids"] == [2]


def test_shares_without_credentials_401(ess):
    """Research §2: no credentials -> 401."""
    assert json_of(ess.anon().put("/documents/1/shares", json={"shared_user_ids": []}), 401) == {
        "message": "Unauthenticated."}


# --- DELETE /documents/{id} --------------------------------------------------------------------

def test_delete_document_by_owner(ess):
    """Seed: owner deletes; the file and its shares go too; 200 {"message":"OK"}."""
    assert json_of(ess.delete("/documents/1"), 200) == {"message": "OK"}
    assert ess.get("/documents/1").status_code == 404
    assert ess.get("/documents/1/download").status_code == 404
    assert ess.as_("manager").get("/documents/1").status_code == 404
    assert ids(ess.as_("manager").get("/documents", params={"type": "document"})) == [2]


def test_delete_uploaded_document_and_memo(ess):
    """Seed: deletes a document or a memo."""
    data = uploaded(ess, "gone.pdf", PDF)
    assert json_of(ess.delete(f"/documents/{data['id']}"), 200) == {"message": "OK"}
    assert ess.get(f"/documents/{data['id']}/download").status_code == 404
    assert json_of(ess.as_("cashier").delete("/documents/4"), 200) == {"message": "OK"}
    assert ids(ess.as_("cashier").get("/documents", params={"type": "memos"})) == []


def test_delete_only_owner_403(ess):
    """Seed: only the owner may delete; a user who can see it -> 403, nothing changes."""
    assert json_of(ess.as_("manager").delete("/documents/1"), 403) == {"message": "Unauthorized action."}
    assert json_of(ess.as_("cashier").delete("/documents/2"), 403) == {"message": "Unauthorized action."}
    assert ess.get("/documents/1").status_code == 200


@pytest.mark.parametrize("user, doc", [("admin", 2), ("viewer", 1), ("admin", 999), ("admin", "x")])
def test_delete_not_visible_404(ess, user, doc):
    """Seed: missing or invisible -> 404."""
    assert json_of(ess.as_(user).delete(f"/documents/{doc}"), 404) == {"message": "Not found."}


def test_delete_without_credentials_401(ess):
    """Research §2: no credentials -> 401."""
    assert json_of(ess.anon().delete("/documents/1"), 401) == {"message": "Unauthenticated."}
    assert ess.get("/documents/1").status_code == 200


# --- demo mode ---------------------------------------------------------------------------------

def test_demo_mode_blocks_mutating_calls(ess, gate):
    """Seed: demo mode blocks mutating calls with 403 (disabled_in_demo); reads still work."""
    gate(demo_mode=True)
    demo = {"message": "Feature disabled in demo!!"}
    assert json_of(ess.post("/documents", json={"type": "memos", "name": "x"}), 403) == demo
    assert json_of(upload(ess, "a.pdf", PDF), 403) == demo
    assert json_of(ess.put("/documents/1/shares", json={"shared_user_ids": []}), 403) == demo
    assert json_of(ess.patch("/documents/1/shares", json={"shared_user_ids": []}), 403) == demo
    assert json_of(ess.delete("/documents/1"), 403) == demo
    assert json_of(ess.get("/documents/1"), 200)["data"]["shared_user_ids"] == [2]
    assert ess.get("/documents/1/download").content == DOC1_CSV
    assert ids(ess.get("/documents", params={"type": "memos"})) == [3]


def test_module_gate_applies(ess, gate):
    """Seed: ensureEssentialsModule first -> 403 with an explanatory message."""
    gate(essentials_enabled=False)
    assert json_of(ess.get("/documents", params={"type": "document"}), 403) == {
        "message": "Essentials module is not enabled for this business."}
