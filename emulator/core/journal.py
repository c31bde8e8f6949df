"""Recorded requests and responses, as a test checks what its client sent (WireMock's request log).

Each entry keeps what crossed the wire: the request's method, path, query, headers (credentials
masked when read) and body, and the response's status, headers and body, with the API and tenant
it belonged to and the fault rules that applied.  Bodies past `part_limit` bytes are cut (the entry
says so).  The journal keeps the last `size` entries and at most `max_bytes` of them, whichever is
smaller, so memory stays bounded under any load.

Recording is on every request's path, so it stores the raw parts and nothing else; entries become
JSON only when the control API asks for them.
"""
from __future__ import annotations

import base64
import fnmatch
import itertools
import threading
from collections import deque
from collections.abc import Iterable
from functools import partial
from itertools import chain
from typing import Any, NamedTuple

DEFAULT_SIZE = 1000
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
DEFAULT_PART_LIMIT = 64 * 1024
MASK = "***"
# header names whose values are credentials (lower case); and any name containing these words
_SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie"})
_SECRET_WORDS = ("key", "secret", "token", "password", "session")
_OVERHEAD = 200  # bytes an entry costs beside its headers and bodies (its fields, the deque slot)
# WSGI environ keys that are no request header: PEP 3333's, the servers' and the emulator's own.  Taken
# away from the environ's keys as a set (in C) first, so the per-key check runs over a few keys only.
_NOT_HEADERS = frozenset({
    "REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "SERVER_NAME", "SERVER_PORT",
    "SERVER_PROTOCOL", "SERVER_SOFTWARE", "REMOTE_ADDR", "REMOTE_PORT", "REMOTE_HOST", "REQUEST_URI",
    "RAW_URI", "wsgi.version", "wsgi.url_scheme", "wsgi.input", "wsgi.errors", "wsgi.multithread",
    "wsgi.multiprocess", "wsgi.run_once", "wsgi.input_terminated", "wsgi.file_wrapper", "werkzeug.request",
    "werkzeug.socket", "emulator.site", "emulator.tenant", "emulator.path_tenant", "emulator.fault",
    "emulator.too_large"})
_CONTENT = frozenset({"CONTENT_TYPE", "CONTENT_LENGTH"})  # the two headers PEP 3333 names without HTTP_


def _secret(name: str) -> bool:
    low = name.lower()
    return low in _SECRET_HEADERS or any(word in low for word in _SECRET_WORDS)


def _header_name(key: str) -> str:
    """A WSGI environ key as the header name a client sent: HTTP_X_API_KEY -> X-Api-Key."""
    if key.startswith("HTTP_"):
        key = key[5:]
    return "-".join(part.capitalize() for part in key.split("_"))


def _headers(pairs: Iterable[tuple[str, str]], environ_keys: bool = False) -> dict[str, str]:
    out: dict[str, str] = {}
    for name, value in pairs:
        if environ_keys:
            name = _header_name(name)
        value = MASK if _secret(name) else value
        out[name] = f"{out[name]}, {value}" if name in out else value
    return out


def _body(data: bytes, size: int) -> dict[str, Any]:
    """A body as JSON: text when it is UTF-8, else base64; with its full size and whether it was cut."""
    out: dict[str, Any] = {"size": size, "truncated": size > len(data)}
    try:
        out["text"] = data.decode("utf-8")
    except UnicodeDecodeError:
        out["base64"] = base64.b64encode(data).decode("ascii")
    return out


class Entry(NamedTuple):
    """One request and its answer, as recorded (raw); `describe()` is its JSON."""

    id: int
    time: float
    api: str | None
    tenant: str | None
    method: str
    path: str
    query: str
    status: int
    duration_ms: float
    fault: dict[str, Any] | None
    request_headers: list[tuple[str, str]]  # WSGI environ keys (HTTP_*, CONTENT_TYPE, ...), any order
    request_body: bytes  # at most the journal's part size
    request_size: int  # the whole body's size
    response_headers: list[tuple[str, str]]
    response_body: bytes
    response_size: int
    cost: int  # bytes it holds, roughly: what the journal's byte bound counts

    def describe(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id, "time": self.time, "api": self.api, "tenant": self.tenant, "method": self.method,
            "path": self.path, "query": self.query, "status": self.status,
            "duration_ms": round(self.duration_ms, 3),
            "request": {"headers": _headers(sorted(self.request_headers), environ_keys=True),
                        "body": _body(self.request_body, self.request_size)},
            "response": {"status": self.status, "headers": _headers(self.response_headers),
                         "body": _body(self.response_body, self.response_size)},
        }
        if self.fault is not None:
            out["fault"] = self.fault
        return out

    def body_contains(self, text: str) -> bool:
        return text.encode("utf-8") in self.request_body


_entry = partial(tuple.__new__, Entry)  # an Entry from one tuple: NamedTuple's own __new__ takes 17 arguments


class Journal:
    def __init__(self, size: int = DEFAULT_SIZE, max_bytes: int = DEFAULT_MAX_BYTES,
                 part_limit: int = DEFAULT_PART_LIMIT) -> None:
        self.size = size
        self.max_bytes = max_bytes
        self.part_limit = part_limit
        self.entries: deque[Entry] = deque()
        self.bytes = 0
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def record(self, time: float, api: str | None, tenant: str | None, method: str, path: str, query: str,
               status: int, duration_ms: float, fault: dict[str, Any] | None, environ: dict[str, Any],
               request_body: bytes, response_headers: list[tuple[str, str]], response_body: bytes) -> Entry:
        """Keep one exchange (positional: this runs on every request, so everything here runs in C
        where it can).  The request's headers are read from the WSGI `environ` (HTTP_*,
        CONTENT_TYPE, CONTENT_LENGTH)."""
        # the environ's non-header keys taken away as a set (in C); the few keys left checked one by
        # one; sorted when the entry is read (describe), so the journal is the same on every run
        headers = [(k, environ[k]) for k in environ.keys() - _NOT_HEADERS if k[:5] == "HTTP_" or k in _CONTENT]
        limit = self.part_limit
        request_size, response_size = len(request_body), len(response_body)
        if request_size > limit:
            request_body = request_body[:limit]
        if response_size > limit:
            response_body = response_body[:limit]
        cost = (_OVERHEAD + len(request_body) + len(response_body) + len(path) + len(query)
                + sum(map(len, chain.from_iterable(chain(headers, response_headers)))))
        entry = _entry((next(self._ids), time, api, tenant, method, path, query, status, duration_ms, fault,
                        headers, request_body, request_size, response_headers, response_body, response_size,
                        cost))
        with self._lock:
            self.entries.append(entry)
            self.bytes += cost
            while len(self.entries) > self.size or self.bytes > self.max_bytes:
                self.bytes -= self.entries.popleft().cost
        return entry

    def query(self, api: str | None = None, method: str | None = None, path: str | None = None,
              tenant: str | None = None, status: int | None = None, body: str | None = None,
              limit: int | None = None) -> list[Entry]:
        """Entries oldest first.  `path` is a glob when it has `*`, else a substring; `body` is a
        substring of the request body."""
        out = []
        with self._lock:
            entries = list(self.entries)
        for e in entries:
            if api and e.api != api:
                continue
            if method and e.method != method.upper():
                continue
            if tenant and str(e.tenant) != tenant:
                continue
            if status is not None and e.status != status:
                continue
            if path and (("*" in path and not fnmatch.fnmatchcase(e.path, path))
                         or ("*" not in path and path not in e.path)):
                continue
            if body is not None and not e.body_contains(body):
                continue
            out.append(e)
        return out[-limit:] if limit else out

    def clear(self, api: str | None = None, tenant: str | None = None) -> None:
        """Forget every entry, or those of that API (and tenant)."""
        with self._lock:
            if api is None:
                self.entries.clear()
                self.bytes = 0
                return
            kept = deque(e for e in self.entries
                         if not (e.api == api and (tenant is None or str(e.tenant) == tenant)))
            self.entries = kept
            self.bytes = sum(e.cost for e in kept)
