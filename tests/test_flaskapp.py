"""core/flaskapp.py: the emulator's Flask skips the request steps that have nothing to run, and runs
each of them as Flask does once something is there: a signal receiver, a teardown hook, url_for."""
from __future__ import annotations

from typing import Any

import pytest
from flask import Flask, session, url_for
from flask.signals import (
    appcontext_popped,
    appcontext_pushed,
    appcontext_tearing_down,
    request_finished,
    request_started,
    request_tearing_down,
)

from emulator.core.app import create_app
from emulator.core.flaskapp import EmulatorFlask

from .toy_api import TOY

ADMIN = {"X-Toy-Key": "acme-admin-key"}
ME = "/acme/v1/me"
SIGNALS = {"request_started": request_started, "request_finished": request_finished,
           "request_tearing_down": request_tearing_down, "appcontext_pushed": appcontext_pushed,
           "appcontext_tearing_down": appcontext_tearing_down, "appcontext_popped": appcontext_popped}


@pytest.fixture
def app() -> Flask:
    return create_app(specs=[TOY])


def test_the_emulator_serves_through_its_own_flask(app: Flask) -> None:
    assert type(app) is EmulatorFlask
    resp = app.test_client().get(ME, headers=ADMIN)
    assert (resp.status_code, resp.get_json()) == (200, {"account": "acme", "user": "Ada Admin"})


def test_every_signal_is_sent_in_flasks_order_once_it_has_a_receiver(app: Flask) -> None:
    heard: list[tuple[str, Any]] = []

    def receiver(name: str) -> Any:
        def receive(sender: Any, **extra: Any) -> None:
            response = extra.get("response")
            heard.append((name, response.status_code if response is not None else extra.get("exc")))
        return receive

    receivers = {name: receiver(name) for name in SIGNALS}
    for name, signal in SIGNALS.items():
        signal.connect(receivers[name], app)
    try:
        assert app.test_client().get(ME, headers=ADMIN).status_code == 200
    finally:
        for name, signal in SIGNALS.items():
            signal.disconnect(receivers[name], app)
    assert heard == [("appcontext_pushed", None), ("request_started", None), ("request_finished", 200),
                     ("request_tearing_down", None), ("appcontext_tearing_down", None),
                     ("appcontext_popped", None)]
    heard.clear()
    assert app.test_client().get(ME, headers=ADMIN).status_code == 200
    assert heard == []  # disconnected: nothing is sent


def test_teardown_hooks_run_with_the_error_being_handled(app: Flask) -> None:
    seen: list[tuple[str, Any]] = []
    app.teardown_request(lambda exc: seen.append(("request", exc)))
    app.teardown_appcontext(lambda exc: seen.append(("app", exc)))
    assert app.test_client().get(ME, headers=ADMIN).status_code == 200
    assert seen == [("request", None), ("app", None)]
    seen.clear()
    with pytest.raises(KeyError), app.app_context():
        raise KeyError("boom")
    assert [(where, type(exc)) for where, exc in seen] == [("app", KeyError)]


def test_the_session_is_a_null_session_that_refuses_writes(app: Flask) -> None:
    with app.test_request_context(ME):
        assert dict(session) == {}
        with pytest.raises(RuntimeError, match="secret key"):
            session["user"] = "ada"
    resp = app.test_client().get(ME, headers=ADMIN)
    assert "Set-Cookie" not in resp.headers and "Vary" not in resp.headers


def test_url_for_outside_a_request_binds_the_adapter_when_asked(app: Flask) -> None:
    with app.app_context():
        with pytest.raises(RuntimeError, match="SERVER_NAME"):
            url_for("emulator_admin.health_get")
    app.config["SERVER_NAME"] = "emulator.test"
    with app.app_context():
        assert url_for("emulator_admin.health_get") == "http://emulator.test/_emulator/health"


ADAPTER_FIELDS = ("server_name", "script_name", "subdomain", "url_scheme", "path_info", "default_method",
                  "query_args")


@pytest.mark.parametrize("environ", [
    {},
    {"HTTP_HOST": "Example.COM:8080", "QUERY_STRING": "a=1&b=%C3%A9", "REQUEST_METHOD": "POST"},
    {"HTTP_HOST": "h:80"},
    {"wsgi.url_scheme": "https", "HTTP_HOST": "h:443", "HTTP_CONNECTION": "keep-alive, Upgrade",
     "HTTP_UPGRADE": "websocket"},
    {"HTTP_CONNECTION": "upgrade", "HTTP_UPGRADE": "h2c"},
    {"SCRIPT_NAME": "/mounted", "PATH_INFO": "/acme/v1/caf\xc3\xa9"},  # UTF-8 bytes as WSGI latin-1
    {"HTTP_HOST": "xn--caf-dma.example"},
], ids=["plain", "host-port-query-post", "default-port", "websocket", "other-upgrade", "script-utf8", "punycode"])
def test_the_url_adapter_is_flasks(app: Flask, environ: dict[str, str]) -> None:
    with app.test_request_context(ME, environ_overrides=environ) as ctx:
        ours = app.create_url_adapter(ctx.request)
        host = ctx.request.host
        flasks = Flask.create_url_adapter(app, ctx.request)
        assert ctx.request.host == host
    assert [getattr(ours, f) for f in ADAPTER_FIELDS] == [getattr(flasks, f) for f in ADAPTER_FIELDS]


def test_a_bad_host_is_answered_400_as_by_flask(app: Flask) -> None:
    resp = app.test_client().get(ME, headers={**ADMIN, "Host": "a..b"})
    assert resp.status_code == 400
    app.config["SERVER_NAME"] = "emulator.test"  # configured: Flask's own adapter
    with app.test_request_context(ME, base_url="http://emulator.test"):
        assert app.create_url_adapter(None) is not None
