"""Files through HTTP with real bytes (seed: "Attach a File to a Task" and "File Operations"): raw
uploads named by Content-Disposition, cloud files, exact downloads, maxSize, pre-signed URLs,
real thumbnails of a generated PNG, and fetching a URL from a receiver on loopback."""
from __future__ import annotations

import io
import os

import pytest
from PIL import Image

from .conftest import error_of
from .receiver import receiver


def png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGBA", (width, height), (20, 120, 220, 255)).save(out, "PNG")
    return out.getvalue()


def named(filename: str, content_type: str = "application/x-www-form-urlencoded") -> dict[str, str]:
    """The headers curl sends for --data-binary with -H "Content-Disposition: ..." (seed)."""
    return {"Content-Disposition": f'attachment; filename="{filename}"', "Content-Type": content_type}


def test_attach_raw_bytes_and_download_them_exactly(bo):
    data = os.urandom(70_000)
    shown = bo.data("POST", "/task/73/attachments", data=data, headers=named("blob.bin"))
    assert shown["FileName"] == "blob.bin" and shown["Size"] == len(data) and shown["Width"] is None
    assert shown["Id"] in [a["Id"] for a in bo.data("GET", "/task/73")["attachments"]]
    for url in (f"/task/73/attachments/{shown['Id']}", shown["DownloadURL"]):
        resp = bo.get(url)
        assert resp.status_code == 200 and resp.content == data
        assert resp.headers["Content-Type"] == "application/octet-stream"
        assert resp.headers["Content-Disposition"] == 'attachment; filename="blob.bin"'
        assert resp.headers["Content-Length"] == str(len(data))


def test_a_png_gets_real_thumbnails_in_the_documented_sizes(bo):
    image = png(1000, 500)
    shown = bo.data("POST", "/task/73/attachments", data=image, headers=named("sample.png", "image/png"))
    assert (shown["Width"], shown["Height"]) == (1000, 500)
    for size, box in (("icon", 32), ("small", 100), ("medium", 300), ("large", 800)):
        resp = bo.get(f"/task/73/attachments/{shown['Id']}/thumbnail/{size}")
        assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/png"
        assert resp.headers["Content-Disposition"] == f'attachment; filename="sample-{size}.png"'
        assert Image.open(io.BytesIO(resp.content)).size == (box, box // 2)
    assert bo.get(shown["ThumbnailURL"]).status_code == 200


def test_thumbnail_errors_are_clear(bo):
    text = bo.data("POST", "/task/73/attachments", data=b"just text", headers=named("notes.txt", "text/plain"))
    error_of(bo.get(f"/task/73/attachments/{text['Id']}/thumbnail/small"), 400,
             "notes.txt is not an image: thumbnails exist for images only")
    error_of(bo.get("/task/73/attachments/8dMfbZuoDwmxVvx0W2rbWA==/thumbnail/huge"), 400,
             "Invalid size: must be one of icon, small, medium, large")


def test_a_thumbnail_of_another_attachment(bo):
    resp = bo.get("/attachment/8dMfbZuoDwmxVvx0W2rbWA%3D%3D/thumbnail/icon")
    assert resp.status_code == 200 and Image.open(io.BytesIO(resp.content)).size == (32, 20)


def test_cloud_file_attachment(bo):
    cloud = {"fileName": "sample.gif", "contentType": "photo", "cloudType": 1, "cloudId": "0B_8xh8GFMTbncGRWNU9LRDBCWEU"}
    shown = bo.data("POST", "/task/73/attachments", json=cloud,
                    headers={"Content-Disposition": 'attachment; filename="sample.gif"'})
    assert shown["FileName"] == "sample.gif" and shown["Size"] is None
    resp = bo.get(f"/task/73/attachments/{shown['Id']}")
    assert resp.status_code == 200 and resp.json() == cloud


def test_upload_then_attach_to_a_message_once(bo):
    """Seed "Upload a File": the identifier "can only be used once"."""
    uid = bo.data("POST", "/upload", data=b"%PDF-1.4 fake", headers=named("report.pdf"))["id"]
    assert uid.endswith("==")
    mid = bo.data("POST", "/task/73/message", json={"message": "Please review the attached file",
                                                    "attachments": [uid]})["id"]
    shown = bo.data("GET", f"/message/{mid}")["attachments"][0]
    assert shown["FileName"] == "report.pdf"
    assert bo.get(shown["DownloadURL"]).content == b"%PDF-1.4 fake"
    error_of(bo.post("/task/73/message", json={"message": "again", "attachments": [uid]}), 400, "already been used")


def test_download_by_id_with_max_size(bo):
    uid = bo.data("POST", "/upload", data=b"0123456789", headers=named("digits.txt", "text/plain"))["id"]
    resp = bo.get(f"/attachment/{uid}/download", params={"maxSize": "10"})
    assert resp.status_code == 200 and resp.content == b"0123456789"
    assert resp.headers["Content-Type"].startswith("text/plain")
    error_of(bo.get(f"/attachment/{uid}/download", params={"maxSize": "9"}), 400, "larger than maxSize")


def test_presigned_url_downloads_without_a_token_for_15_minutes(bo, control):
    url = bo.data("GET", "/attachment/8dMfbZuoDwmxVvx0W2rbWA==/url")["url"]
    assert url.startswith(bo.base_url + "/attachment/8dMfbZuoDwmxVvx0W2rbWA%3D%3D/download?signature=")
    resp = bo.anon().get(url)
    assert resp.status_code == 200 and resp.headers["Content-Type"] == "image/jpeg"
    error_of(bo.anon().get(url.replace("8dMfbZuoDwmxVvx0W2rbWA%3D%3D", "9ovmKXhHsLHKT2Z5LJ4%2BHA%3D%3D")), 401)
    clock = control.clock.for_tenant("basicops", "testco")
    clock.advance("PT15M1S")
    try:
        error_of(bo.anon().get(url), 401, "Unauthorized")
    finally:
        clock.real()


def test_upload_url_fetches_from_an_allowed_host(bo):
    image = png(40, 30)
    with receiver(files={"/cat.png": ("image/png", {}, image)}) as srv:
        uid = bo.data("POST", "/uploadurl", json={"url": f"{srv.url}/cat.png"})["id"]
        error_of(bo.post("/uploadurl", json={"url": f"{srv.url}/missing.pdf"}), 400, "the server answered 404")
    resp = bo.get(f"/attachment/{uid}/download")
    assert resp.content == image and resp.headers["Content-Disposition"] == 'attachment; filename="cat.png"'


@pytest.mark.parametrize("url, fragment", [("https://example.com/file.pdf", "host example.com is not allowed"),
                                           ("file:///etc/passwd", "an http or https URL is required")])
def test_upload_url_refuses_what_it_may_not_fetch(bo, url, fragment):
    error_of(bo.post("/uploadurl", json={"url": url}), 400, fragment)


def test_outbound_hosts_is_a_setting(bo, settings):
    settings(outbound_hosts=["example.org"])
    with receiver(files={"/x": ("text/plain", {}, b"x")}) as srv:
        error_of(bo.post("/uploadurl", json={"url": f"{srv.url}/x"}), 400, "host 127.0.0.1 is not allowed")
