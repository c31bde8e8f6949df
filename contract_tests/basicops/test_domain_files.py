"""Files as domain rules (seed, "File Operations" and "Attach a File to a Task"): real bytes in and out,
real thumbnails, cloud references, pre-signed URLs, and fetching by URL from a loopback server."""
from __future__ import annotations

import io
from datetime import timedelta
from unittest import mock

import pytest
from PIL import Image

from emulator.apis.basicops import files, messages, outbound, tasks

from .receiver import receiver
from .support import ALEX, account, as_user, fails

pytestmark = pytest.mark.no_emulator


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 90)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def testco():
    tenant = account()
    with as_user(tenant, ALEX):
        yield tenant


def test_upload_id_is_base64_and_single_use(testco):
    uid = files.upload("report.pdf", "application/pdf", b"%PDF-1.4 ...")["id"]
    assert len(uid) == 24 and uid.endswith("==") and "/" not in uid
    tid = tasks.create({"title": "t", "attachments": [uid]})["id"]
    assert [a["FileName"] for a in tasks.get_task(tid)["attachments"]] == ["report.pdf"]
    fails(400, "has already been used", messages.create, "task", tid, {"message": "m", "attachments": [uid]})


def test_upload_needs_a_filename_and_bytes(testco):
    fails(400, "A filename is required", files.upload, None, "image/png", b"x")
    fails(400, "The file is empty", files.upload, "a.txt", "text/plain", b"")


def test_attach_raw_bytes_and_download_them_exactly(testco):
    data = bytes(range(256)) * 40
    shown = files.attach_to_task(73, filename="blob.bin", content_type="application/x-www-form-urlencoded", data=data)
    assert shown["FileName"] == "blob.bin" and shown["Size"] == len(data) and shown["Width"] is None
    assert shown["ThumbnailURL"] is None
    assert shown["DownloadURL"].endswith(f"/task/73/attachments/{shown['Id']}/download")
    rec = files.task_attachment(73, shown["Id"])  # the URL-encoded id finds it too
    got = files.download(rec)
    assert got.data == data and got.filename == "blob.bin" and got.content_type == "application/octet-stream"
    assert [a["Id"] for a in tasks.get_task(73)["attachments"]][-1] == shown["Id"]


def test_download_honours_max_size(testco):
    rec = files.find_attachment(files.upload("a.txt", "text/plain", b"0123456789")["id"])
    assert files.download(rec, "10").data == b"0123456789"
    fails(400, "larger than maxSize (9)", files.download, rec, "9")
    fails(400, "Invalid maxSize", files.download, rec, "ten")


def test_an_attachment_of_another_task_is_not_found_below_this_one(testco):
    fails(404, "Attachment not found", files.task_attachment, 80, "8dMfbZuoDwmxVvx0W2rbWA==")
    fails(404, "Task not found", files.task_attachment, 999, "8dMfbZuoDwmxVvx0W2rbWA==")


@pytest.mark.parametrize("size, box", [("icon", 32), ("small", 100), ("medium", 300), ("large", 800)])
def test_thumbnails_are_resized_images(testco, size, box):
    shown = files.attach_to_task(73, filename="photo.png", content_type="image/png", data=png(1200, 600))
    assert (shown["Width"], shown["Height"]) == (1200, 600)
    assert shown["ThumbnailURL"].endswith("/thumbnail/medium")
    thumb = files.thumbnail(files.task_attachment(73, shown["Id"]), size)
    img = Image.open(io.BytesIO(thumb.data))
    assert img.format == "PNG" and thumb.content_type == "image/png" and thumb.filename == f"photo-{size}.png"
    assert img.size == (box, box // 2)


def test_a_thumbnail_never_enlarges_and_keeps_jpeg(testco):
    rec = files.find_attachment("8dMfbZuoDwmxVvx0W2rbWA==")  # 498x304 JPEG
    thumb = files.thumbnail(rec, "large")
    assert Image.open(io.BytesIO(thumb.data)).size == (498, 304) and thumb.content_type == "image/jpeg"
    assert thumb.filename == "002-large.jpg"


def test_thumbnail_of_a_non_image_or_a_bad_size_is_a_clear_400(testco):
    rec = files.find_attachment(files.upload("notes.txt", "text/plain", b"hello")["id"])
    fails(400, "notes.txt is not an image", files.thumbnail, rec, "small")
    fails(400, "Invalid size: must be one of icon, small, medium, large", files.thumbnail,
          files.find_attachment("8dMfbZuoDwmxVvx0W2rbWA=="), "huge")


def test_thumbnail_sizes_are_a_setting(testco):
    testco.update_settings({"thumbnail_sizes": {"icon": 10, "small": 20, "medium": 30, "large": 40}})
    thumb = files.thumbnail(files.find_attachment("8dMfbZuoDwmxVvx0W2rbWA=="), "medium")
    assert Image.open(io.BytesIO(thumb.data)).size == (30, 18)


def test_cloud_file_is_kept_as_its_reference(testco):
    body = {"fileName": "sample.gif", "contentType": "photo", "cloudType": 1, "cloudId": "0B_8xh8GFMTbncGRWNU9LRDBCWEU"}
    shown = files.attach_to_task(73, cloud=body)
    assert shown["Size"] is None and shown["ThumbnailURL"] is None
    rec = files.task_attachment(73, shown["Id"])
    assert files.is_cloud(rec) and files.cloud_info(rec) == body
    fails(400, "not an image", files.thumbnail, rec, "icon")
    fails(400, "Invalid cloudType", files.attach_to_task, 73, cloud={**body, "cloudType": 4})
    fails(400, "cloudId is required", files.attach_to_task, 73, cloud={"fileName": "a", "cloudType": 2})


def test_presigned_url_expires_after_fifteen_minutes(testco):
    """Seed: "The URL is valid for 15 minutes" (by the emulator's clock)."""
    got = files.presign("8dMfbZuoDwmxVvx0W2rbWA==")["url"]
    assert got.startswith("https://api.basicops.com/v1/attachment/8dMfbZuoDwmxVvx0W2rbWA%3D%3D/download?signature=")
    token = got.rsplit("=", 1)[1]
    cred = next(c for c in testco.credentials() if c["value"] == token)
    assert files.presigned_valid(cred, "8dMfbZuoDwmxVvx0W2rbWA%3D%3D")
    assert not files.presigned_valid(cred, "9ovmKXhHsLHKT2Z5LJ4+HA==")
    later = files.now() + timedelta(minutes=15, seconds=1)
    with mock.patch.object(files, "now", return_value=later):
        assert not files.presigned_valid(cred, "8dMfbZuoDwmxVvx0W2rbWA==")


def test_upload_url_fetches_from_an_allowed_host(testco):
    image = png(40, 20)
    with receiver(files={"/pics/cat.png": ("image/png", {}, image),
                         "/dl": ("application/pdf", {"Content-Disposition": 'attachment; filename="q1 report.pdf"'},
                                 b"%PDF")}) as srv:
        rec = files.find_attachment(files.upload_from_url(f"{srv.url}/pics/cat.png")["id"])
        assert (rec["fileName"], rec["contentType"], rec["width"]) == ("cat.png", "image/png", 40)
        assert files.download(rec).data == image
        rec = files.find_attachment(files.upload_from_url(f"{srv.url}/dl")["id"])
        assert rec["fileName"] == "q1 report.pdf"
        fails(400, "the server answered 404", files.upload_from_url, f"{srv.url}/missing")


def test_upload_url_refuses_hosts_that_are_not_allowed(testco):
    fails(400, "host example.com is not allowed", files.upload_from_url, "https://example.com/file.pdf")
    fails(400, "an http or https URL is required", files.upload_from_url, "ftp://127.0.0.1/file")


def test_upload_url_gives_up_after_the_timeout(testco):
    testco.update_settings({"outbound_timeout_seconds": 0.2})
    with receiver(files={"/slow": ("text/plain", {}, b"late")}, delay=1.0) as srv:
        fails(400, "timed out", files.upload_from_url, f"{srv.url}/slow")


@pytest.mark.parametrize("entries, host, allowed", [
    (None, "127.0.0.1", True), (None, "127.8.9.10", True), (None, "::1", True), (None, "localhost", True),
    (None, "10.0.0.1", False), (None, "example.com", False), (["*"], "example.com", True),
    (["*.example.com"], "hooks.example.com", True), (["*.example.com"], "example.com", False),
    (["receiver"], "RECEIVER", True), (["192.168.1.0/24"], "192.168.1.7", True), ([], "127.0.0.1", False),
])
def test_host_policy(entries, host, allowed):
    assert outbound.HostPolicy(entries).allows(host) is allowed


def test_content_disposition_filenames():
    assert outbound.filename_from_disposition('attachment; filename="sample.png"') == "sample.png"
    assert outbound.filename_from_disposition("attachment; filename*=UTF-8''na%C3%AFve.txt") == "naïve.txt"
    assert outbound.filename_from_disposition("attachment") is None
