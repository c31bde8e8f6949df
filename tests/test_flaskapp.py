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
