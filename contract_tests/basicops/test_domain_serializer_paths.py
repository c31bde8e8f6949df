"""The serializers' fast paths answer exactly what the plain code would (the fixtures reach only the
common case): URL-encoding a key by replaces instead of urllib's quote, and a list's nested forms
built once per id."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from emulator.apis.basicops import serializers
from emulator.core.store import copy_json

from .support import ALEX, account, as_user

pytestmark = pytest.mark.no_emulator

KEYS = ["mB1Wqsr7DjnvhagZeIag0w==", "9ovmKXhHsLHKT2Z5LJ4+HA==", "a/b+c=d", "AZaz09_.~-", "", "a b", "a%2Bb",
        "x?y&z#", "naïve/é", "\u2603+=", "tab\there", "new\nline", "+/=\n"]


@pytest.mark.parametrize("key", KEYS)
def test_a_picture_key_is_url_encoded_as_quote_does(key):
    url = serializers.picture_url({"id": 7, "picture": key})
    if not key:
        assert url is None
    else:
        assert url.endswith(f"/user/7/picture/{quote(key, safe='')}/download")


@pytest.mark.parametrize("key", KEYS)
def test_an_attachment_id_is_url_encoded_as_quote_does(key):
    assert serializers.attachment({"id": key, "fileName": "f"}, 3)["Id"] == quote(key, safe="")


@pytest.fixture
def testco():
    tenant = account()
    with as_user(tenant, ALEX):
        yield tenant


def test_a_list_nests_each_row_as_a_lone_task_would(testco):
    """Ids that are equal as dict keys but not as ids (1 and True), strings, unknown and unhashable ids:
    the list's once-per-id forms are what each row alone answers."""
    task = testco.table("tasks").get(73)
    rows = []
    for section, assignee in [(1, 38), (True, True), (1, 38), ("1", "38"), (999, [38]), (None, [38]), (1.0, 38.0)]:
        rows.append({**copy_json(task), "section": section, "assignee": assignee})
    for form in (serializers.LONG, serializers.SHORT):
        listed = serializers.tasks(rows, form)
        assert listed == [serializers.task(r, form) for r in rows]
        assert listed[0]["section"]["name"] == "Q1" and listed[1]["section"] is None
        assert listed[1]["assignee"] is None and listed[4]["assignee"] is None
