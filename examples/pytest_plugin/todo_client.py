"""The code under test: a tiny client of the Essentials todo API, configured by base URL and token.

Pointed at the real service it would be TodoClient("https://pos.example.com/api", token); the
tests point it at the emulator instead, which is the only change a client should need.
"""
from __future__ import annotations

import requests


class TodoClient:
    def __init__(self, base_url: str, token: str) -> None:
        self.url = base_url.rstrip("/") + "/v1/integration/essentials/todos"
        self.session = requests.Session()
        self.session.headers.update({"Authorization": f"Bearer {token}", "Accept": "application/json"})

    def add(self, task: str, date: str) -> int:
        resp = self.session.post(self.url, json={"task": task, "date": date}, timeout=10)
        resp.raise_for_status()
        return resp.json()["data"]["id"]

    def tasks(self) -> list[str]:
        resp = self.session.get(self.url, params={"per_page": 100}, timeout=10)
        resp.raise_for_status()
        return [todo["task"] for todo in resp.json()["data"]]
