"""core/forms.py JSONProvider: its reused C encoder writes exactly what Flask's provider writes."""
from __future__ import annotations

import datetime
import decimal
import uuid
from typing import Any

import pytest
from flask.json.provider import DefaultJSONProvider

from emulator.core.app import create_app

from .toy_api import TOY

SAMPLES = [
    {"a": [1, 2.5, None, True, "é\u2028<>&'\x00"], "n": float("nan"), "i": float("-inf"), "e": {}, "l": [[]]},
    "text", 5, -0.0, 1e100, None, [],
    {"d": datetime.date(2026, 1, 2), "t": datetime.datetime(2026, 1, 2, 3, 4, 5), "dec": decimal.Decimal("1.50"),
     "u": uuid.UUID(int=5)},
    {"z": 1, "a": 2, 3: "an int key", 1.5: "a float key", True: "a bool key", None: "no key"},
]
OPTIONS = [{}, {"separators": (",", ":")}, {"separators": (",", ": ")}, {"indent": 2}, {"sort_keys": True}]


@pytest.mark.parametrize("ensure_ascii", [True, False])
@pytest.mark.parametrize("sort_keys", [False, True])
@pytest.mark.parametrize("kwargs", OPTIONS, ids=str)
def test_dumps_writes_what_flask_writes(kwargs: dict[str, Any], sort_keys: bool, ensure_ascii: bool) -> None:
    app = create_app(specs=[TOY])
    ours, flasks = app.json, DefaultJSONProvider(app)
    for provider in (ours, flasks):
        provider.sort_keys, provider.ensure_ascii = sort_keys, ensure_ascii
    for sample in SAMPLES:
        if (sort_keys or kwargs.get("sort_keys")) and isinstance(sample, dict) and not all(isinstance(k, str) for k in sample):
            continue  # keys of mixed types do not sort, for either
        assert ours.dumps(sample, **kwargs) == flasks.dumps(sample, **kwargs)
    with app.app_context():
        assert ours.response(SAMPLES[0]).get_data() == flasks.response(SAMPLES[0]).get_data()


def test_what_json_cannot_encode_is_the_same_type_error() -> None:
    app = create_app(specs=[TOY])
    for bad, message in (({"x": object()}, "not JSON serializable"), ({(1, 2): 1}, "keys must be")):
        for provider in (app.json, DefaultJSONProvider(app)):
            with pytest.raises(TypeError, match=message):
                provider.dumps(bad, separators=(",", ":"))


@pytest.mark.parametrize("value", [{"a": [1, 2.5, None, True], "é": "ü\u2028"}, [], "text", 0, {"n": {"m": []}}])
def test_compact_json_writes_what_json_dumps_writes(value: Any) -> None:
    import json

    from emulator.core.forms import compact_json

    assert compact_json(value) == json.dumps(value, separators=(",", ":"))


def test_compact_json_refuses_what_json_cannot_hold() -> None:
    from emulator.core.forms import compact_json

    with pytest.raises(TypeError):
        compact_json({"a": {1, 2}})
