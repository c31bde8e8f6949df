"""Testing TodoClient against the emulator with the `saas_emulator` fixture.

The fixture comes with the package (a pytest11 entry point): no import, no conftest needed.
It is one in-process emulator on a free port for the session, reset to its fixtures before
each test.  Run:  pytest examples/pytest_plugin
"""
from __future__ import annotations

import pytest
from todo_client import TodoClient

ADMIN_TOKEN = "essentials-admin-token"  # a fixture user of business 1 (see GET /_emulator/credentials)


@pytest.fixture
def client(saas_emulator) -> TodoClient:
    return TodoClient(saas_emulator.base_url("essentials"), ADMIN_TOKEN)


def test_an_added_todo_is_listed(client: TodoClient) -> None:
    client.add("Count the till", "01/31/2026 18:00")  # business 1 writes dates as m/d/Y
    assert "Count the till" in client.tasks()


def test_each_test_starts_from_the_fixtures(client: TodoClient) -> None:
    assert "Count the till" not in client.tasks()


def test_an_account_of_its_own(saas_emulator) -> None:
    """A fresh isolated account, e.g. one per parallel worker: its own credentials, its own data."""
    account = saas_emulator.control.new_tenant("essentials")
    admin = next(user for user in account["users"] if user["user_id"] == 1)
    mine = TodoClient(account["base_url"], admin["token"])
    mine.add("Only mine", "02/01/2026 09:00")
    assert "Only mine" in mine.tasks()
    assert "Only mine" not in TodoClient(saas_emulator.base_url("essentials"), ADMIN_TOKEN).tasks()


def test_the_journal_shows_what_the_client_sent(saas_emulator, client: TodoClient) -> None:
    client.tasks()
    calls = saas_emulator.control.journal(api="essentials", method="GET")
    assert [(c["path"].rsplit("/", 1)[-1], c["status"]) for c in calls] == [("todos", 200)]
