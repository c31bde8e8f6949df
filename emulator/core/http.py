"""Small HTTP helpers every part of the core uses (the app, the control API, the hooks).

They live apart from app.py and admin.py so neither imports the other.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Request, current_app, jsonify, request

from .flaskapp import EmulatorResponse as Response

if TYPE_CHECKING:
    from .app import Emulator


def current() -> Emulator:
    """The emulator of the app handling this request."""
    return current_app._get_current_object().extensions["emulator"]  # type: ignore[attr-defined]


def current_request() -> Request:
    """The request being handled: `flask.request` itself, for code that reads it on every request.

    Each attribute read through the `flask.request` proxy first fails on the proxy (an
    AttributeError raised and caught) before it reaches the request: some 8 k instructions, about
    1.5 % of a request; this takes the request once."""
    return request._get_current_object()  # type: ignore[attr-defined,no-any-return]


def json_error(status: int, message: str) -> Response:
    """The control API's error body (and the answer for paths no API owns)."""
    resp = jsonify({"error": message, "status": status})
    resp.status_code = status
    return resp


def no_content() -> Response:
    """204 with no body and so no Content-Type (Flask would call the empty body text/html)."""
    resp = Response(status=204)
    del resp.headers["Content-Type"]
    return resp


def json_body() -> dict[str, Any]:
    """A control-API request body: a JSON object (whatever the content type), or form fields, or {}."""
    data = request.get_json(silent=True, force=True) if request.data else None
    if data is None and request.form:
        data = request.form.to_dict()
    return data if isinstance(data, dict) else {}
