"""The emulator's Flask: Flask's request cycle without the steps the emulator leaves empty.

Every request runs Flask's cycle (app and request context, routing, before/after hooks, the view,
error handlers, the response). Around it Flask also sends six blinker signals, opens and checks a
session, runs the teardown hooks of the app and of each blueprint, and binds a URL adapter for the
app context. The emulator connects no signal, uses no session and registers no teardown hook, yet
those steps were about 50 k instructions of every request (some 8 %: `bench/instructions.py`).
And Flask's cycle reads the request through the `request` proxy three times: each read first fails
on the proxy (an AttributeError raised and caught) before it reaches the request, some 8 k
instructions each; here the cycle takes the request context once from its context variable.

Here each of them runs only when there is something to run: a signal is sent when it has
receivers, the teardown hooks are walked when one is registered, the session is one shared
NullSession (it refuses every write, as Flask's own does without a secret key), and the app
context binds its URL adapter when something asks for it. Connect a receiver or register a hook
(the pytest plugin's users may) and it runs exactly as in Flask. tests/test_flaskapp.py checks each.

Its answers are EmulatorResponses, whose EmulatorHeaders find an absent header without an
exception, and which hand the usual answer to the server without Werkzeug's re-checks and wrapping;
tests/test_flask_response.py checks them against Werkzeug's and Flask's own.
"""
from __future__ import annotations

import sys
from collections.abc import Iterable
from functools import partial
from inspect import CO_COROUTINE
from types import FunctionType, MethodType
from typing import Any

from flask import Flask, Response
from flask.ctx import AppContext, _cv_app, _cv_request
from flask.sessions import NullSession, SecureCookieSessionInterface
from flask.signals import (
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    request_finished,
    request_started,
    request_tearing_down,
)
from werkzeug.datastructures import Headers
from werkzeug.wsgi import get_host

_UNSET: Any = object()  # Flask's own default: the error being handled, if any
_NULL_SESSION = NullSession()  # immutable: every write raises, so one instance serves every request


def _wsgi_str(value: str | None) -> str | None:
    """A WSGI environ string (latin-1 code points carrying UTF-8 bytes) as text, as Werkzeug reads it."""
    return value.encode("latin1").decode(errors="replace") if value is not None else None


class NullSessions(SecureCookieSessionInterface):
    """No session: the emulator's APIs authenticate each request by its headers."""

    def open_session(self, app: Flask, request: Any) -> NullSession:
        return _NULL_SESSION

    def make_null_session(self, app: Flask) -> NullSession:
        return _NULL_SESSION


class EmulatorAppContext(AppContext):
    """Flask's app context; its URL adapter (for url_for outside a request) is bound on first use."""

    def __init__(self, app: Flask) -> None:  # AppContext.__init__ minus the adapter
        self.app = app
        self.g = app.app_ctx_globals_class()
        self._cv_tokens = []

    @property
    def url_adapter(self) -> Any:  # type: ignore[override]
        adapter = self.__dict__.get("_url_adapter", self)
        if adapter is self:
            adapter = self.__dict__["_url_adapter"] = self.app.create_url_adapter(None)
        return adapter

    def push(self) -> None:
        self._cv_tokens.append(_cv_app.set(self))
        if appcontext_pushed.receivers:
            appcontext_pushed.send(self.app, _async_wrapper=self.app.ensure_sync)

    def pop(self, exc: BaseException | None = _UNSET) -> None:
        app = self.app
        try:
            if len(self._cv_tokens) == 1 and (app.teardown_appcontext_funcs or appcontext_tearing_down.receivers):
                app.do_teardown_appcontext(sys.exc_info()[1] if exc is _UNSET else exc)
        finally:
            ctx = _cv_app.get()
            _cv_app.reset(self._cv_tokens.pop())
        if ctx is not self:
            raise AssertionError(f"Popped wrong app context. ({ctx!r} instead of {self!r})")
        if appcontext_popped.receivers:
            appcontext_popped.send(app, _async_wrapper=app.ensure_sync)


def _header_value(value: Any) -> str:
    """A header value as Werkzeug stores it: text, never with a line break (no header injection)."""
    if type(value) is not str:
        value = str(value)
    if "\n" in value or "\r" in value:
        raise ValueError("Header values must not contain newline characters.")
    return value


class EmulatorHeaders(Headers):
    """Werkzeug's Headers, where looking up a name that is absent costs no exception.

    Werkzeug finds a name by raising BadRequestKeyError (an HTTPException: some 10 k instructions
    to build) and catching it, so `"ETag" in headers`, `headers.get(...)` on a miss and every
    Response's "content-type" check paid for one.  Here `in`, `get` and `set` walk the list and
    answer as Werkzeug's do; `headers[name]` on a miss still raises BadRequestKeyError."""

    @classmethod
    def of_checked(cls, items: list[tuple[str, str]]) -> EmulatorHeaders:
        """Headers holding `items` as they are: (name, value) pairs whose values were checked."""
        headers = cls.__new__(cls)
        headers._list = items
        return headers

    def __contains__(self, key: Any) -> bool:
        if type(key) is not str:
            return super().__contains__(key)
        ikey = key.lower()
        for name, _ in self._list:
            if name.lower() == ikey:
                return True
        return False

    def get(self, key: Any, default: Any = None, type: Any = None) -> Any:  # noqa: A002 - Werkzeug's name
        if key.__class__ is not str:
            return super().get(key, default, type)
        ikey = key.lower()
        for name, value in self._list:
            if name.lower() == ikey:
                if type is None:
                    return value
                try:
                    return type(value)
                except ValueError:
                    return default
        return default

    def add(self, key: str, value: Any, /, **kwargs: Any) -> None:
        if kwargs:
            super().add(key, value, **kwargs)
        else:
            self._list.append((key, _header_value(value)))

    def set(self, key: str, value: Any, /, **kwargs: Any) -> None:
        if kwargs:
            super().set(key, value, **kwargs)
            return
        value = _header_value(value)
        items = self._list
        ikey = key.lower()
        for idx, (name, _) in enumerate(items):
            if name.lower() == ikey:  # the first one replaced, any later ones dropped
                items[idx] = (key, value)
                items[idx + 1:] = [item for item in items[idx + 1:] if item[0].lower() != ikey]
                return
        items.append((key, value))

    def __setitem__(self, key: Any, value: Any) -> None:
        if type(key) is str:
            self.set(key, value)
        else:
            super().__setitem__(key, value)


_STATUS_LINES: dict[int, tuple[str, int]] = {}  # 200 -> ("200 OK", 200), as Werkzeug words them


class EmulatorResponse(Response):
    """Flask's Response with EmulatorHeaders, and a short way out for the usual answer.

    Werkzeug copies the headers for the WSGI server re-checking every value (they were checked as
    they were set), and wraps a body it already holds as a list of bytes in a generator and a
    closing iterator.  For an answer with neither Location nor Content-Location, a Content-Length
    already set and a status that carries a body, the headers' list is copied as it is and the
    body list handed over as it is (nothing to close); any other answer takes Werkzeug's way."""

    def __init__(self, response: Any = None, status: Any = None, headers: Any = None, mimetype: str | None = None,
                 content_type: str | None = None, direct_passthrough: bool = False) -> None:
        if headers is None:
            headers = EmulatorHeaders()
        elif not isinstance(headers, Headers):
            headers = EmulatorHeaders(headers)
        super().__init__(response, status, headers, mimetype, content_type, direct_passthrough)

    @classmethod
    def of(cls, body: bytes, status: int = 200, content_type: str = "application/json",
           headers: Iterable[tuple[str, Any]] = ()) -> EmulatorResponse:
        """`Response(body, status, content_type=content_type)`, then `headers.add(name, value)` for
        each of `headers`: the same response, built without Werkzeug's generic steps (headers looked
        up before they are set, the status line worked out, the body checked for its type).
        tests/test_flask_response.py compares the two."""
        if type(body) is not bytes or type(status) is not int or not 100 <= status <= 599:
            resp = cls(body, status, content_type=content_type)
            for name, value in headers:
                resp.headers.add(name, value)
            return resp
        resp = cls.__new__(cls)
        items = [("Content-Type", _header_value(content_type)), ("Content-Length", str(len(body)))]
        for name, value in headers:
            items.append((name, _header_value(value)))
        resp.headers = EmulatorHeaders.of_checked(items)
        line = _STATUS_LINES.get(status)
        if line is None:
            line = _STATUS_LINES[status] = resp._clean_status(status)
        resp._status, resp._status_code = line
        resp.direct_passthrough = False
        resp._on_close = []
        resp.response = [body]
        return resp

    def get_data(self, as_text: bool = False) -> Any:
        body = self.response
        if not as_text and type(body) is list and len(body) == 1 and type(body[0]) is bytes:
            return body[0]  # what Werkzeug's join of the encoded parts gives
        return super().get_data(as_text)

    def get_wsgi_response(self, environ: dict) -> tuple[Any, str, list[tuple[str, str]]]:
        status = self._status_code
        body = self.response
        if (200 <= status and status != 204 and status != 304 and not self._on_close and not self.direct_passthrough
                and type(body) is list and environ["REQUEST_METHOD"] != "HEAD"):
            headers = self.headers
            plain = True
            length = False
            for name, _ in headers:
                low = name.lower()
                if low == "content-length":
                    length = True
                elif low == "location" or low == "content-location":
                    plain = False
                    break
            if plain and length and all(type(part) is bytes for part in body):
                return body, self._status, list(headers)
        return super().get_wsgi_response(environ)


class EmulatorFlask(Flask):
    session_interface = NullSessions()
    response_class = EmulatorResponse

    def ensure_sync(self, func: Any) -> Any:
        """Flask's (a coroutine function is wrapped to run synchronously), with a plain function's
        answer read from its code flags instead of through inspect (some 4 k instructions, three
        times a request)."""
        inner = func
        while type(inner) is MethodType:  # unwrapped as inspect.iscoroutinefunction does
            inner = inner.__func__
        while type(inner) is partial:
            inner = inner.func
        if (type(inner) is FunctionType and not inner.__code__.co_flags & CO_COROUTINE
                and not hasattr(inner, "_is_coroutine_marker")):  # Python 3.12's markcoroutinefunction
            return func
        return super().ensure_sync(func)

    def create_url_adapter(self, request: Any) -> Any:
        """Flask's, binding the URL map to a request: Flask reads the host from the environ, and
        Werkzeug's bind_to_environ reads it again (with its scheme, script name, path and query);
        here once.  Where the app names its server, trusts only some hosts or matches hosts or
        subdomains, Flask's own."""
        config = self.config
        url_map = self.url_map
        if (request is None or config["TRUSTED_HOSTS"] is not None or config["SERVER_NAME"] is not None
                or url_map.host_matching or self.subdomain_matching):
            return super().create_url_adapter(request)
        environ = request.environ
        host = request.host = get_host(environ)
        scheme = environ["wsgi.url_scheme"]
        connection = environ.get("HTTP_CONNECTION")
        if (connection and any(v.strip(" \t") == "upgrade" for v in connection.lower().split(","))
                and environ.get("HTTP_UPGRADE", "").lower() == "websocket"):
            scheme = "wss" if scheme == "https" else "ws"
        return url_map.bind(host.lower(), _wsgi_str(environ.get("SCRIPT_NAME")), url_map.default_subdomain or "",
                            scheme, environ["REQUEST_METHOD"], _wsgi_str(environ.get("PATH_INFO")),
                            _wsgi_str(environ.get("QUERY_STRING")))

    def app_context(self) -> AppContext:
        return EmulatorAppContext(self)

    def preprocess_request(self) -> Any:
        req = _cv_request.get().request
        names = (None, *reversed(req.blueprints))
        for name in names:
            if name in self.url_value_preprocessors:
                for url_func in self.url_value_preprocessors[name]:
                    url_func(req.endpoint, req.view_args)
        for name in names:
            if name in self.before_request_funcs:
                for before_func in self.before_request_funcs[name]:
                    rv = self.ensure_sync(before_func)()
                    if rv is not None:
                        return rv
        return None

    def dispatch_request(self) -> Any:
        req = _cv_request.get().request
        if req.routing_exception is not None:
            self.raise_routing_exception(req)
        rule = req.url_rule
        if getattr(rule, "provide_automatic_options", False) and req.method == "OPTIONS":
            return self.make_default_options_response()
        return self.ensure_sync(self.view_functions[rule.endpoint])(**req.view_args)

    def process_response(self, response: Any) -> Any:
        ctx = _cv_request.get()
        for func in ctx._after_request_functions:
            response = self.ensure_sync(func)(response)
        for name in (*ctx.request.blueprints, None):
            if name in self.after_request_funcs:
                for func in reversed(self.after_request_funcs[name]):
                    response = self.ensure_sync(func)(response)
        if not self.session_interface.is_null_session(ctx._session):
            self.session_interface.save_session(self, ctx._session, response)
        return response

    def full_dispatch_request(self) -> Any:
        self._got_first_request = True
        try:
            if request_started.receivers:
                request_started.send(self, _async_wrapper=self.ensure_sync)
            rv = self.preprocess_request()
            if rv is None:
                rv = self.dispatch_request()
        except Exception as e:
            rv = self.handle_user_exception(e)
        return self.finalize_request(rv)

    def finalize_request(self, rv: Any, from_error_handler: bool = False) -> Any:
        response = self.make_response(rv)
        try:
            response = self.process_response(response)
            if request_finished.receivers:
                request_finished.send(self, _async_wrapper=self.ensure_sync, response=response)
        except Exception:
            if not from_error_handler:
                raise
            self.logger.exception("Request finalizing failed with an error while handling an error")
        return response

    def do_teardown_request(self, exc: BaseException | None = _UNSET) -> None:
        if self.teardown_request_funcs or request_tearing_down.receivers:
            super().do_teardown_request(sys.exc_info()[1] if exc is _UNSET else exc)
