"""What the UltimatePOS host answers beside the integration API: its web root and its public media.

The integration API is one part of an UltimatePOS install (research §0), so its host also serves
- the web app's root: routes/web.php `Route::get('/', function () { return view('welcome'); })`
  (UltimatePOS, e.g. kunwaso/upos612-metro), an HTML welcome page with the sign-in link, for GET
  and HEAD; OPTIONS is the router's own 200 with `Allow: GET,HEAD`; any other method is Laravel's
  405 for route "/";
- the public folder, where todo media live: Media::display_url is
  `asset('/uploads/media/' . rawurlencode(file_name))` (research §5), a static file the web server
  sends with the type its extension names.  The folder is one per install, so a file name is
  looked up in every business (one O(1) get each).

Neither is an operation of the integration API: they are rows of its route table marked
`operation=False` (routed, public, not in its OpenAPI document).
Media bytes live in the table `media_files` (file_name, content as base64), keyed by file name.
"""
from __future__ import annotations

import base64
import binascii
from mimetypes import MimeTypes

from flask import request

from ...core.api import REASON_NO_ROUTE, ApiError, Route
from ...core.http import Response, current
from ...core.store import Record
from .context import web_root

MEDIA_PREFIX = "/uploads/media/"
MEDIA_FILES = "media_files"
APP_NAME = "ultimatePOS"  # config('app.name', 'ultimatePOS'): the welcome page's title
# the types a web server's mime.types gives by extension (Python's built-in table, never the host's
# files, so every machine answers alike); an unknown extension is sent as bytes
_TYPES = MimeTypes(filenames=())
_READS = ("GET", "HEAD")


def media_file(file_name: str) -> Record | None:
    """The stored bytes of a media file of any business (read-only), or None."""
    for business in current().store.tenants_of("essentials"):
        found = business.table(MEDIA_FILES).view(file_name)
        if found is not None:
            return found
    return None


def media_type(file_name: str) -> str:
    return _TYPES.guess_type(file_name, strict=False)[0] or "application/octet-stream"


def media(file_name: str) -> Response:
    """GET/HEAD /uploads/media/<file>: the stored bytes, typed by the extension, or Laravel's 404
    (the web server hands a missing file, or any other method, to Laravel, which has no such route)."""
    found = media_file(file_name) if request.method in _READS else None  # other methods: no such route
    content = None
    if found is not None:
        try:
            content = base64.b64decode(found.get("content") or "", validate=True)
        except (binascii.Error, ValueError):
            content = None
    if content is None:
        raise ApiError(404, reason=REASON_NO_ROUTE)
    return Response(content, status=200, mimetype=media_type(file_name))


def welcome() -> Response:
    """GET/HEAD /: the welcome view; OPTIONS as Laravel's router answers it."""
    if request.method == "OPTIONS":
        # RouteCollection::getRouteForMethods answers OPTIONS itself: 200, no body, Allow as implode(',')
        resp = Response("", status=200, content_type="text/html; charset=UTF-8")
        resp.headers["Allow"] = ",".join(_READS)
        return resp
    root = web_root()
    page = (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>{APP_NAME}</title>\n'
            f'</head>\n<body>\n<h1>{APP_NAME}</h1>\n<p><a href="{root}/login">Login</a> '
            f'<a href="{root}/business/register">Register</a></p>\n</body>\n</html>\n')
    return Response(page, status=200, content_type="text/html; charset=UTF-8")


def routes() -> list[Route]:
    """The host's pages beside the integration API (public, and not operations of it)."""
    return [
        Route(("GET", "HEAD", "OPTIONS"), "/", "web_root_get", welcome, public=True, operation=False),
        # every method reaches it: the web server hands what is not a file read to Laravel (its 404)
        Route(("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"), MEDIA_PREFIX + "<path:file_name>",
              "web_media_get", media, public=True, operation=False),
    ]
