"""Assertions every Essentials contract test uses: JSON bodies, Laravel's 422, common bodies."""
from __future__ import annotations

from typing import Any

UNAUTHORIZED = {"message": "Unauthorized action."}
NOT_FOUND = {"message": "Not found."}


def json_of(resp: Any, status: int) -> Any:
    """The JSON body of a response that must have this status and a JSON content type."""
    assert resp.status_code == status, resp.text
    assert resp.headers["Content-Type"].startswith("application/json")
    return resp.json()


def ids(resp: Any) -> list[int]:
    """The ids of a 200 list page, in order."""
    return [row["id"] for row in json_of(resp, 200)["data"]]


def invalid(resp: Any, errors: dict[str, list[str]]) -> None:
    """A Laravel 422 with exactly these errors and the summary message Laravel 9 builds from them."""
    body = json_of(resp, 422)
    first = next(iter(errors.values()))[0]
    more = sum(len(v) for v in errors.values()) - 1
    summary = first + (f" (and {more} more error{'s' if more > 1 else ''})" if more else "")
    assert body == {"message": summary, "errors": errors}
