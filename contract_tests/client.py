"""A small HTTP client bound to one API's base URL, as a real client would be configured.

The contract tests talk only through this, so the same suite runs against the in-process
emulator, a served one (EMULATOR_URL=http://host:port), or the real service.
"""
from __future__ import annotations

from typing import Any

import requests


class Api:
    def __init__(self, base_url: str, headers: dict[str, str] | None = None,
                 session: requests.Session | None = None) -> None:
        self.base_url = base_url.rstrip("/")
        self.headers = dict(headers or {})
        self.session = session or requests.Session()

    def with_headers(self, headers: dict[str, str | None]) -> Api:
        """The same client with headers added (a value of None removes that header)."""
        merged = {**self.headers, **headers}
        return Api(self.base_url, {k: v for k, v in merged.items() if v is not None}, self.session)

    def request(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        url = path if path.startswith("http") else self.base_url + path
        return self.session.request(method, url, headers=headers, timeout=30, allow_redirects=False, **kwargs)

    def get(self, path: str, **kw: Any) -> requests.Response:
        return self.request("GET", path, **kw)

    def head(self, path: str, **kw: Any) -> requests.Response:
        return self.request("HEAD", path, **kw)

    def post(self, path: str, **kw: Any) -> requests.Response:
        return self.request("POST", path, **kw)

    def put(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PUT", path, **kw)

    def patch(self, path: str, **kw: Any) -> requests.Response:
        return self.request("PATCH", path, **kw)

    def delete(self, path: str, **kw: Any) -> requests.Response:
        return self.request("DELETE", path, **kw)
