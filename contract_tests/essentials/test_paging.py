"""List parameters every paginated Essentials list shares (seed 000: "per_page, page — Pagination").

An empty parameter (`per_page=`) is null after Laravel's ConvertEmptyStringsToNull middleware, and
the optional rule passes null: the list answers as if per_page were absent (its default).
"""
from __future__ import annotations

import pytest

from .support import json_of

# path, the query it needs, per_page's default (seed: 20; messages 50)
LISTS = [
    ("/todos", {}, 20),
    ("/documents", {"type": "document"}, 20),
    ("/reminders", {}, 20),
    ("/messages", {}, 50),
    ("/knowledge-base", {}, 20),
]


@pytest.mark.parametrize("path, query, default", LISTS, ids=[p for p, _, _ in LISTS])
@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_per_page_reads_as_absent(ess, path, query, default, empty):
    """Seed: per_page is optional (default 20, messages 50): `per_page=` is not "The per page field is
    required." but the default page."""
    plain = json_of(ess.get(path, params=query), 200)
    body = json_of(ess.get(path, params={**query, "per_page": empty}), 200)
    assert body["meta"]["per_page"] == default
    assert body == plain


@pytest.mark.parametrize("path, query, default", LISTS, ids=[p for p, _, _ in LISTS])
def test_a_non_empty_per_page_is_still_checked(ess, path, query, default):
    """Seed: per_page 1-100: a value that is sent is validated."""
    body = json_of(ess.get(path, params={**query, "per_page": "abc"}), 422)
    assert body["errors"] == {"per_page": ["The per page must be an integer."]}
    assert json_of(ess.get(path, params={**query, "per_page": "1"}), 200)["meta"]["per_page"] == 1
