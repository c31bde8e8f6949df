"""core/flaskapp.py: EmulatorHeaders, EmulatorResponse and ensure_sync answer as Werkzeug's and
Flask's own do, operation for operation and byte for byte; only their cost differs."""
from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from functools import partial
from typing import Any

import pytest
from flask import Flask, Response
from werkzeug.datastructures import Headers
from werkzeug.exceptions import BadRequestKeyError
from werkzeug.test import create_environ

from emulator.core.app import create_app
from emulator.core.flaskapp import EmulatorFlask, EmulatorHeaders, EmulatorResponse
from emulator.core.http import Response as CoreResponse

from .toy_api import TOY

NAMES = ["Content-Type", "content-type", "ETag", "etag", "X-Count", "x-count", "Location", "Set-Cookie"]
VALUES: list[Any] = ["a", "b c", "", 7, 1.5, "é", "12"]


def _outcome(call: Callable[[], Any]) -> Any:
    try:
        return ("ok", call())
    except Exception as exc:  # noqa: BLE001 - the kind of error is what is compared
        return ("raised", type(exc))


def _step(headers: Headers, op: str, name: str, value: Any) -> Any:
    if op == "add":
        return _outcome(lambda: headers.add(name, value))
    if op == "set":
        return _outcome(lambda: headers.set(name, value))
    if op == "setitem":
        return _outcome(lambda: headers.__setitem__(name, value))
    if op == "setitem-int":
        return _outcome(lambda: headers.__setitem__(0, (name, value)))
    if op == "contains":
        return name in headers
    if op == "get":
        return headers.get(name)
    if op == "get-default":
        return headers.get(name, "none")
    if op == "get-int":
        return headers.get(name, -1, type=int)
    if op == "getitem":
        return _outcome(lambda: headers[name])
    if op == "set-kwargs":
        return _outcome(lambda: headers.set(name, "attachment", filename="a.txt"))
    if op == "add-kwargs":
        return _outcome(lambda: headers.add(name, "attachment", filename="a.txt"))
    if op == "remove":
        return _outcome(lambda: headers.remove(name))
    raise AssertionError(op)


OPS = ["add", "set", "setitem", "setitem-int", "contains", "get", "get-default", "get-int", "getitem",
       "set-kwargs", "add-kwargs", "remove"]


@pytest.mark.parametrize("seed", range(40))
def test_emulator_headers_answer_every_operation_as_werkzeugs_do(seed: int) -> None:
    rng = random.Random(seed)
    ours, theirs = EmulatorHeaders(), Headers()
    for _ in range(60):
        op, name, value = rng.choice(OPS), rng.choice(NAMES), rng.choice(VALUES)
        assert _step(ours, op, name, value) == _step(theirs, op, name, value), (op, name, value)
        assert list(ours) == list(theirs)


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "\r\n"])
@pytest.mark.parametrize("op", ["add", "set", "setitem"])
def test_a_header_value_with_a_line_break_is_refused_as_by_werkzeug(op: str, value: str) -> None:
    headers = EmulatorHeaders([("X-Old", "1")])
    with pytest.raises(ValueError, match="newline"):
        _step_raising(headers, op, value)
    assert list(headers) == [("X-Old", "1")]


def _step_raising(headers: Headers, op: str, value: str) -> None:
    if op == "add":
        headers.add("X-New", value)
    elif op == "set":
        headers.set("X-Old", value)
    else:
        headers["X-Old"] = value


def test_a_missing_header_read_by_index_still_raises_werkzeugs_error() -> None:
    with pytest.raises(BadRequestKeyError):
        EmulatorHeaders()["ETag"]


def test_set_replaces_the_first_of_a_name_and_drops_the_others() -> None:
    headers = EmulatorHeaders([("A", "1"), ("b", "2"), ("B", "3"), ("C", "4"), ("b", "5")])
    headers.set("B", "x")
    assert list(headers) == [("A", "1"), ("B", "x"), ("C", "4")]


def _wsgi(response: Response, method: str = "GET") -> tuple[str, list[tuple[str, str]], bytes]:
    seen: list[Any] = []
    body = response(create_environ("/x", method=method), lambda status, headers, exc=None: seen.extend(
        [status, headers]))
    try:
        data = b"".join(body)
    finally:
        if hasattr(body, "close"):
            body.close()
    return seen[0], seen[1], data


def _generated() -> Iterator[bytes]:
    yield b"one,"
    yield b"two"


CASES: dict[str, Callable[[type[Response]], Response]] = {
    "json 200": lambda cls: cls(b'{"a":1}', status=200, content_type="application/json"),
    "created": lambda cls: cls('{"id":2}', status=201, mimetype="application/json"),
    "text 404": lambda cls: cls("missing", status=404),
    "custom status line": lambda cls: cls(b"x", status="299 Odd"),
    "no content": lambda cls: cls(status=204),
    "not modified": lambda cls: cls(b"gone", status=304, headers={"ETag": '"a"'}),
    "informational": lambda cls: cls(b"", status=103),
    "location": lambda cls: cls(b"", status=302, headers={"Location": "/next/ü"}),
    "content-location": lambda cls: cls(b"{}", status=200, headers=[("Content-Location", "/a b")]),
    "extra headers": lambda cls: cls(b"{}", status=200, headers=[("X-A", "1"), ("X-A", "2")]),
    "headers object": lambda cls: cls(b"{}", headers=Headers([("X-B", "3")])),
    "generator": lambda cls: cls(_generated(), status=200),
    "list of str": lambda cls: cls(["á", "b"], status=200),
    "passthrough": lambda cls: cls([b"raw"], status=200, direct_passthrough=True),
    "length promised": lambda cls: _promising(cls(b'{"da', status=200)),
}


def _promising(resp: Response) -> Response:
    resp.headers["Content-Length"] = "65536"
    return resp


@pytest.mark.parametrize("method", ["GET", "HEAD"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_emulator_response_sends_what_flasks_sends(case: str, method: str) -> None:
    assert _wsgi(CASES[case](EmulatorResponse), method) == _wsgi(CASES[case](Response), method)


def test_emulator_response_runs_its_close_hooks_as_flasks_does() -> None:
    closed: list[str] = []
    resp = EmulatorResponse(b"{}", status=200)
    resp.call_on_close(lambda: closed.append("closed"))
    assert _wsgi(resp)[2] == b"{}"
    assert closed == ["closed"]


def test_the_app_answers_with_emulator_responses() -> None:
    app = create_app(specs=[TOY])
    assert app.response_class is EmulatorResponse is CoreResponse
    with app.test_request_context("/"):
        from flask import jsonify

        assert type(jsonify({"a": 1})) is EmulatorResponse
    resp = app.test_client().get("/acme/v1/me", headers={"X-Toy-Key": "acme-admin-key"})
    assert resp.status_code == 200 and resp.headers["Content-Length"] == str(len(resp.data))


async def _coroutine() -> None:
    return None


class _Holder:
    def method(self) -> None:
        return None

    async def coroutine_method(self) -> None:
        return None

    def __call__(self) -> None:
        return None


@pytest.mark.parametrize("func", [
    lambda: None, _Holder().method, partial(lambda x: x, 1), partial(partial(lambda x, y: x, 1), 2),
    _Holder(), len, _coroutine, _Holder().coroutine_method, partial(_coroutine), partial(_Holder().coroutine_method),
], ids=["lambda", "method", "partial", "partial of partial", "callable object", "builtin", "coroutine function",
        "coroutine method", "partial of coroutine", "partial of coroutine method"])
def test_ensure_sync_decides_as_flasks_does(func: Callable[..., Any]) -> None:
    ours, flasks = EmulatorFlask(__name__), Flask(__name__)

    def decided(app: Flask) -> Any:
        outcome = _outcome(lambda: app.ensure_sync(func))
        return ("same", None) if outcome == ("ok", func) else ("changed" if outcome[0] == "ok" else outcome)

    assert decided(ours) == decided(flasks)


@pytest.mark.parametrize(("body", "status", "content_type", "extra"), [
    (b'{"a":1}', 200, "application/json", []),
    (b"", 404, "text/plain", [("X-A", 1), ("x-a", "2")]),
    (b"{}", 201, "application/json;charset=utf-8", [("x-ratelimit-limit", "500")]),
    (b"odd", 299, "text/plain", []),
    ("text, not bytes", 200, "text/plain", []),
    (b"x", "200 FINE", "text/plain", []),
])
def test_of_builds_the_response_werkzeug_builds(body: Any, status: Any, content_type: str,
                                                extra: list[tuple[str, Any]]) -> None:
    ours = EmulatorResponse.of(body, status, content_type, extra)
    theirs = Response(body, status, content_type=content_type)
    for name, value in extra:
        theirs.headers.add(name, value)
    assert {k: (list(v) if k == "headers" else v) for k, v in vars(ours).items()} == \
        {k: (list(v) if k == "headers" else v) for k, v in vars(theirs).items()}
    assert type(ours.headers) is EmulatorHeaders
    assert _wsgi(ours) == _wsgi(theirs)


def test_of_refuses_a_header_value_with_a_line_break() -> None:
    with pytest.raises(ValueError, match="newline"):
        EmulatorResponse.of(b"{}", 200, "application/json", [("X-A", "a\r\nSet-Cookie: b")])
    with pytest.raises(ValueError, match="newline"):
        EmulatorResponse.of(b"{}", 200, "application/json\n")


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize("value", [{"a": [1, "é"]}, [1, 2], "text", None])
def test_jsonify_answers_as_flasks_provider_does(value: Any, debug: bool) -> None:
    ours = create_app(specs=[TOY])
    flasks = Flask(__name__)
    for app in (ours, flasks):
        app.debug = debug
    answers = []
    for app in (ours, flasks):
        with app.test_request_context("/"):
            resp = app.json.response(value)
            answers.append((type(resp) is app.response_class, _wsgi(resp)))
    assert answers[0] == answers[1]


@pytest.mark.parametrize("as_text", [False, True])
@pytest.mark.parametrize("case", sorted(set(CASES) - {"passthrough"}))
def test_get_data_reads_the_body_werkzeug_reads(case: str, as_text: bool) -> None:
    assert CASES[case](EmulatorResponse).get_data(as_text) == CASES[case](Response).get_data(as_text)
