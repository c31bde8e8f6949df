"""A business's settings through the control API: `PATCH /_emulator/tenants/essentials/<b>/settings`.

Only the values UltimatePOS allows are taken (research §3.1: Business::date_formats(), time_format
12 or 24; EssentialsSettingsController's keys); business_id is read-only.  A refused change answers
400 with a message naming each refused key, and changes nothing.
"""
from __future__ import annotations

import pytest
import requests

from .support import json_of


def patch(emulator_url: str, business: str = "1", **changes) -> requests.Response:
    return requests.patch(f"{emulator_url}/_emulator/tenants/essentials/{business}/settings", json=changes, timeout=30)


def settings(emulator_url: str, business: str = "1") -> dict:
    resp = requests.get(f"{emulator_url}/_emulator/tenants/essentials/{business}/settings", timeout=30)
    return json_of(resp, 200)["settings"]


@pytest.mark.parametrize("changes, words", [
    ({"date_format": "garbage"}, ["date_format", "d-m-Y, m-d-Y, d/m/Y, m/d/Y", "'garbage'"]),
    ({"date_format": "Y-m-d"}, ["date_format"]),
    ({"time_format": "13"}, ["time_format", "12, 24", "'13'"]),
    ({"time_format": "12h"}, ["time_format"]),
    ({"business_id": 99}, ["business_id", "read-only"]),
    ({"business_id": 1}, ["business_id", "read-only"]),
    ({"name": "   "}, ["name", "non-blank"]),
    ({"name": "x" * 256}, ["name", "255"]),
    ({"time_zone": "Mars/Olympus"}, ["time_zone", "'Mars/Olympus'"]),
    ({"todo_ref_count": -1}, ["todo_ref_count"]),
    ({"todo_ref_count": 2**31}, ["todo_ref_count"]),
    ({"kb_default_share_with": "everyone"}, ["kb_default_share_with", "public, private, only_with"]),
    ({"messages_default_direction": "up"}, ["messages_default_direction", "asc, desc"]),
    ({"essentials_settings": {"colour": "red"}}, ["essentials_settings", "'colour'"]),
    ({"essentials_settings": {"essentials_todos_prefix": 5}}, ["essentials_settings.essentials_todos_prefix"]),
    ({"essentials_settings": {"grace_before_checkin": "-5"}}, ["essentials_settings.grace_before_checkin"]),
    ({"essentials_settings": {"is_location_required": 2}}, ["essentials_settings.is_location_required"]),
])
def test_values_the_settings_rules_forbid_are_refused(emulator_url, changes, words):
    """Each refused value: 400 with a message naming the key (and the allowed values), nothing changed."""
    before = settings(emulator_url)
    resp = patch(emulator_url, **changes)
    assert resp.status_code == 400, resp.text
    message = resp.json()["error"]
    for word in words:
        assert word in message, (word, message)
    assert settings(emulator_url) == before


def test_every_refused_key_is_named_at_once(emulator_url):
    """The issue's three values in one request: one 400 naming all three, and none is applied."""
    before = settings(emulator_url)
    resp = patch(emulator_url, date_format="garbage", time_format="13", business_id=99)
    assert resp.status_code == 400
    message = resp.json()["error"]
    assert all(key in message for key in ("date_format", "time_format", "business_id"))
    assert settings(emulator_url) == before


def test_unknown_keys_and_other_types_are_refused(emulator_url):
    """The core's own checks, for Essentials too: unknown keys and values of another JSON type."""
    assert patch(emulator_url, colour="red").status_code == 400
    assert patch(emulator_url, time_format=12).status_code == 400
    assert patch(emulator_url, demo_mode="yes").status_code == 400


@pytest.mark.parametrize("changes", [
    {"date_format": "d-m-Y", "time_format": "12"},
    {"name": "Acme Outlet", "time_zone": "Europe/Berlin"},
    {"todo_ref_count": 0},
    {"kb_default_share_with": "only_with", "messages_default_direction": "desc"},
    {"essentials_settings": {"essentials_todos_prefix": "T-", "leave_instructions": None,
                             "grace_before_checkin": "10", "is_location_required": 1}},
    {"demo_mode": True, "essentials_enabled": False},
])
def test_values_ultimatepos_allows_are_taken(emulator_url, changes):
    """UltimatePOS's own choices are applied and shown."""
    before = settings(emulator_url)
    assert json_of(patch(emulator_url, **changes), 200)["settings"] == {**before, **changes}
    assert settings(emulator_url) == {**before, **changes}


def test_a_changed_date_format_is_what_the_api_parses(ess, emulator_url):
    """The settings are the API's: d-m-Y with 12-hour times is what todos then take."""
    json_of(patch(emulator_url, date_format="d-m-Y", time_format="12"), 200)
    data = json_of(ess.post("/todos", json={"task": "T", "date": "15-01-2026 02:30 PM"}), 201)["data"]
    assert data["date"] == "2026-01-15 14:30:00"
    assert json_of(ess.post("/todos", json={"task": "T", "date": "01/15/2026 14:30"}), 422)["errors"] == {
        "date": ["The date does not match the format d-m-Y h:i A."]}
