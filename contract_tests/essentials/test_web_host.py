"""What the UltimatePOS host answers beside the integration API: its web root and its public media.

Research §5: a todo media's `display_url` is `asset('/uploads/media/' . rawurlencode(file_name))`,
a file of the install's public folder; routes/web.php answers the root with the welcome view.
Fixture media (fixtures/essentials/1.json): media 1 "1768212000_1234567890_delivery-note.pdf" (todo
1) and media 2 "1768300000_5555555555_shelf-photo.jpg" (a transaction), bytes in `media_files`.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

import pytest
import requests

from .support import json_of

FIXTURE = Path(__file__).resolve().parents[2] / "fixtures" / "essentials" / "1.json"
NOTE = "1768212000_1234567890_delivery-note.pdf"
PHOTO = "1768300000_5555555555_shelf-photo.jpg"


def stored_bytes(file_name: str) -> bytes:
    """The bytes the fixture gives a media file (what the host must send back)."""
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))["tables"]["media_files"]
    return base64.b64decode(next(r["content"] for r in rows if r["file_name"] == file_name))


# --- /uploads/media/<file> ---------------------------------------------------------------------

def test_a_todo_medias_display_url_serves_its_bytes(ess):
    """Research §5: display_url is the file in the public folder: 200 with the stored bytes, the
    type its extension names and its length; no credentials needed (a public file)."""
    [media] = json_of(ess.get("/todos/1"), 200)["data"]["media"]
    resp = requests.get(media["display_url"], timeout=30)
    assert resp.status_code == 200
    assert resp.content == stored_bytes(NOTE) and resp.content.startswith(b"%PDF-")
    assert resp.headers["Content-Type"] == "application/pdf"
    assert resp.headers["Content-Length"] == str(len(resp.content))


def test_any_media_of_the_public_folder_is_served_by_its_extension(ess, emulator_url):
    """Research §5: the public folder holds every model's media (here a transaction's photo)."""
    resp = requests.get(f"{emulator_url}/essentials/uploads/media/{PHOTO}", timeout=30)
    assert resp.status_code == 200 and resp.content == stored_bytes(PHOTO)
    assert resp.content.startswith(b"\xff\xd8\xff")  # a JPEG
    assert resp.headers["Content-Type"] == "image/jpeg"


def test_head_of_a_media_file_answers_like_get(emulator_url):
    """A web server answers HEAD with GET's status, Content-Type and Content-Length, and no body."""
    url = f"{emulator_url}/essentials/uploads/media/{NOTE}"
    get, head = requests.get(url, timeout=30), requests.head(url, timeout=30)
    assert head.status_code == get.status_code == 200
    assert head.headers["Content-Type"] == get.headers["Content-Type"]
    assert head.headers["Content-Length"] == get.headers["Content-Length"] == str(len(stored_bytes(NOTE)))
    assert head.content == b""


@pytest.mark.parametrize("name", ["nope.pdf", "1768212000_1234567890_delivery-note.PDF", ""])
def test_an_unknown_media_file_is_laravels_unknown_route(emulator_url, name):
    """A missing file falls through the web server to Laravel, which has no such route: 404 in its words."""
    resp = requests.get(f"{emulator_url}/essentials/uploads/media/{name}", headers={"Accept": "application/json"},
                        timeout=30)
    route = f"uploads/media/{name}".rstrip("/")
    assert json_of(resp, 404) == {"message": f"The route {route} could not be found."}


def test_media_files_ignore_credentials(emulator_url):
    """A public file: the web server sends it whatever Authorization says (no 401 for a bad token)."""
    url = f"{emulator_url}/essentials/uploads/media/{NOTE}"
    resp = requests.get(url, headers={"Authorization": "Bearer not-a-token"}, timeout=30)
    assert resp.status_code == 200 and resp.content == stored_bytes(NOTE)


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_media_files_are_only_read(emulator_url, method):
    """Only GET and HEAD read a file; other methods reach Laravel, which routes none of them there."""
    resp = requests.request(method, f"{emulator_url}/essentials/uploads/media/{NOTE}",
                            headers={"Accept": "application/json"}, timeout=30)
    assert json_of(resp, 404) == {"message": f"The route uploads/media/{NOTE} could not be found."}
    assert requests.get(f"{emulator_url}/essentials/uploads/media/{NOTE}", timeout=30).content == stored_bytes(NOTE)


# --- the web root --------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/essentials", "/essentials/"])
def test_the_hosts_root_is_the_web_apps_welcome_page(emulator_url, path):
    """routes/web.php: `Route::get('/', fn () => view('welcome'))`: an HTML page for GET and HEAD,
    whatever the client accepts, with the sign-in link of the web app."""
    resp = requests.get(emulator_url + path, headers={"Accept": "application/json"}, timeout=30)
    assert resp.status_code == 200
    assert resp.headers["Content-Type"] == "text/html; charset=UTF-8"
    assert "<title>ultimatePOS</title>" in resp.text
    assert f'href="{emulator_url}/essentials/login"' in resp.text
    head = requests.head(emulator_url + path, timeout=30)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["Content-Type"] == resp.headers["Content-Type"]
    assert head.headers["Content-Length"] == resp.headers["Content-Length"] == str(len(resp.content))


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_the_root_takes_only_get_and_head(emulator_url, method):
    """Laravel's 405 for a route that exists for other methods names the route "/" (Request::path())."""
    resp = requests.request(method, emulator_url + "/essentials/", headers={"Accept": "application/json"}, timeout=30)
    assert json_of(resp, 405) == {
        "message": f"The {method} method is not supported for route /. Supported methods: GET, HEAD."}
    assert resp.headers["Allow"] == "GET, HEAD"


def test_options_at_the_root_is_the_routers_own_answer(emulator_url):
    """Laravel's RouteCollection answers OPTIONS for a route of other methods: 200, no body, and
    `Allow` listing them (implode(',', ...))."""
    resp = requests.options(emulator_url + "/essentials/", timeout=30)
    assert resp.status_code == 200 and resp.content == b""
    assert resp.headers["Allow"] == "GET,HEAD"
