"""Conditional requests in one place: strong ETags, If-None-Match (304) and If-Match (412).

RFC 9110 section 13, on Werkzeug's ETag parsing (`request.if_match`, `request.if_none_match`):
- an ETag is strong and computed from the content it stands for, so it changes with every change
  of that content (a record, with whatever else the API says belongs to it: extdata, tags);
- If-None-Match takes a list or `*` and compares weakly; on GET and HEAD a match answers 304 with
  no body (the ETag kept), on other methods 412;
- If-Match takes a list or `*` and compares strongly (a weak tag never matches); a mismatch is
  412, raised before anything changes.

An API turns this on per record (`etag`, `check`, `answer`: ZeyOS) or for every successful GET
(`ApiSpec.etags`: the core calls `answer_get` with a tag of the body: ProWorkflow).
"""
from __future__ import annotations

import hashlib
import json
from typing import Any

from flask import request

from .api import REASON_PRECONDITION, ApiError
from .http import Response, current_request

_SAFE = frozenset({"GET", "HEAD"})


def _tag(data: bytes, bare: bool = False) -> str:
    if bare:  # what some services send: 16 hex digits, unquoted (ProWorkflow: `10f7b92898aa74de`)
        return hashlib.blake2b(data, digest_size=8).hexdigest()
    return '"' + hashlib.blake2b(data, digest_size=16).hexdigest() + '"'


def etag(value: Any, bare: bool = False) -> str:
    """The strong ETag (quoted, as RFC 9110 writes it, or `bare`) of a JSON-able value: the same
    content gives the same tag."""
    return _tag(json.dumps(value, sort_keys=True, separators=(",", ":"), default=str).encode(), bare)


def etag_of_bytes(data: bytes, bare: bool = False) -> str:
    return _tag(data, bare)


def _bare(tag: str) -> str:
    return tag[1:-1] if len(tag) >= 2 and tag[0] == tag[-1] == '"' else tag


def none_match(tag: str | None) -> bool:
    """Whether If-None-Match matches this tag (weak comparison; `*` matches any existing one)."""
    if tag is None:
        return False
    req = current_request()
    # the header looked up where it is: a miss in req.headers raises and catches a KeyError
    if "HTTP_IF_NONE_MATCH" not in req.environ:
        return False
    tags = req.if_none_match
    return tags.star_tag or tags.contains_weak(_bare(tag))


def check(current: str | None) -> None:
    """Before a write: raise 412 (nothing changed) when a precondition fails.

    `current` is the target's ETag, None when it does not exist (a create)."""
    req = current_request()
    environ = req.environ
    if "HTTP_IF_MATCH" in environ:
        tags = req.if_match
        if current is None or not (tags.star_tag or tags.contains(_bare(current))):
            raise _failed()
    if "HTTP_IF_NONE_MATCH" in environ and current is not None and none_match(current):
        raise _failed()


def _failed() -> ApiError:
    return ApiError(412, "Precondition Failed", reason=REASON_PRECONDITION, method=request.method)


def answer(response: Response, tag: str) -> Response:
    """A successful answer carrying `tag`; on GET/HEAD a matching If-None-Match makes it a 304."""
    response.headers["ETag"] = tag
    if current_request().method in _SAFE and none_match(tag):
        return not_modified(response)
    return response


def not_modified(response: Response) -> Response:
    """304: no body and no content headers; the validators stay (RFC 9110 15.4.5)."""
    response.status_code = 304
    response.set_data(b"")
    for header in ("Content-Type", "Content-Length"):
        response.headers.pop(header, None)
    return response


def answer_get(response: Response, bare: bool = False) -> Response:
    """For APIs with `etags`: tag a successful GET/HEAD by its body, unless the API tagged it."""
    req = current_request()
    if req.method not in _SAFE or response.status_code != 200 or response.direct_passthrough:
        return response
    headers = response.headers
    tag = headers.get("ETag")
    if tag is None:  # what answer() does, with the request read once and the tag known to be new
        tag = _tag(response.get_data(), bare)
        headers.add("ETag", tag)
        return not_modified(response) if "HTTP_IF_NONE_MATCH" in req.environ and none_match(tag) else response
    return answer(response, tag)
