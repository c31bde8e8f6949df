"""core/journal.py on its own: what one recorded exchange keeps and how the bounds count it."""
from __future__ import annotations

import io

import pytest

from emulator.core.journal import Journal

pytestmark = pytest.mark.no_emulator


def _environ(**extra: object) -> dict:
    env = {"REQUEST_METHOD": "POST", "PATH_INFO": "/x", "QUERY_STRING": "a=1", "SERVER_NAME": "h",
           "SERVER_PORT": "80", "wsgi.input": io.BytesIO(b"{}"), "wsgi.url_scheme": "http",
           "HTTP_X_TRACE": "t-1", "HTTP_AUTHORIZATION": "Bearer s3cret", "CONTENT_TYPE": "application/json",
           "CONTENT_LENGTH": "2", "HTTP_ACCEPT": "*/*", "granian.something": "not a header",
           "emulator.site": None}
    env.update(extra)
    return env


def test_an_entry_keeps_the_request_headers_only_by_name_with_secrets_masked() -> None:
    journal = Journal()
    journal.record(1.5, "essentials", "1", "POST", "/x", "a=1", 201, 0.12345678, None, _environ(), b"{}",
                   [("Content-Type", "application/json")], b'{"id": 1}')
    (entry,) = journal.query()
    out = entry.describe()
    assert out["request"]["headers"] == {"Accept": "*/*", "Authorization": "***", "Content-Length": "2",
                                         "Content-Type": "application/json", "X-Trace": "t-1"}
    # in the order of their environ keys, the same on every run
    assert list(out["request"]["headers"]) == ["Content-Length", "Content-Type", "Accept", "Authorization",
                                               "X-Trace"]
    assert out["duration_ms"] == 0.123
    assert out["response"] == {"status": 201, "headers": {"Content-Type": "application/json"},
                               "body": {"size": 9, "truncated": False, "text": '{"id": 1}'}}


def test_the_byte_bound_counts_request_headers() -> None:
    big = "v" * 10_000
    journal = Journal(size=100, max_bytes=25_000)
    for _ in range(3):
        journal.record(1.0, None, None, "GET", "/x", "", 200, 1.0, None, _environ(HTTP_X_BIG=big), b"", [], b"")
    assert len(journal.query()) == 2  # each entry costs its 10 kB header: a third passes the bound
    assert journal.bytes <= 25_000
