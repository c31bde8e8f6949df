"""Drive the emulator from Python: an in-process server and a client of the control API.

    from emulator.testing import EmulatorServer
    with EmulatorServer() as emu:                      # free port, default fixtures
        base = emu.base_url("essentials")             # what your client configures
        tenant = emu.control.new_tenant("essentials") # a fresh isolated account
        emu.control.clock.freeze("2026-01-01T09:00:00Z")
        emu.control.clock.advance("1h")
        emu.control.faults.add(action="status", status=503, api="essentials", times=1)
        emu.control.snapshot("base"); ...; emu.control.restore("base")
        emu.control.reset()

`ControlClient(url)` works the same against a served emulator (`saas-emulator serve`).
"""
from __future__ import annotations

import json
import threading
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime
from typing import Any


def _seg(name: str) -> str:
    return urllib.parse.quote(str(name), safe="")


class ControlError(RuntimeError):
    def __init__(self, status: int, body: Any) -> None:
        super().__init__(f"control API answered {status}: {body}")
        self.status = status
        self.body = body


class ClockControl:
    """The emulator's clock: global, or one account's (`for_tenant`)."""

    def __init__(self, control: ControlClient, api: str | None = None, tenant: str | None = None) -> None:
        self._control = control
        self._scope = {"api": api, "tenant": str(tenant)} if api is not None else {}

    def for_tenant(self, api: str, tenant: str) -> ClockControl:
        return ClockControl(self._control, api, tenant)

    def _post(self, action: str, **body: Any) -> dict:
        return self._control._call("POST", f"/clock/{action}", {**self._scope, **body})

    def state(self) -> dict:
        query = "?" + urllib.parse.urlencode(self._scope) if self._scope else ""
        return self._control._call("GET", "/clock" + query)

    def now(self) -> datetime:
        return datetime.fromisoformat(self.state()["now"].replace("Z", "+00:00"))

    def freeze(self, at: str | datetime | None = None) -> dict:
        """Stop time, at `at` (ISO-8601 or an aware datetime) or where it stands."""
        return self._post("freeze", **({"at": _iso(at)} if at is not None else {}))

    def set(self, at: str | datetime) -> dict:
        return self._post("set", at=_iso(at))

    def advance(self, by: str | float) -> dict:
        """By seconds, ISO-8601 ("PT1H") or short ("1h30m")."""
        return self._post("advance", by=by)

    def real(self) -> dict:
        return self._post("real")


class FaultControl:
    """Fault rules: latency, error statuses, connection resets, malformed bodies."""

    def __init__(self, control: ControlClient) -> None:
        self._control = control

    def add(self, action: str, **rule: Any) -> dict:
        """e.g. add("status", status=503, api="essentials", path="*/todos*", times=2)."""
        return self._control._call("POST", "/faults", {"action": action, **rule})

    def list(self) -> list[dict]:
        return self._control._call("GET", "/faults")["rules"]

    def get(self, rule_id: int) -> dict:
        return self._control._call("GET", f"/faults/{int(rule_id)}")

    def remove(self, rule_id: int) -> None:
        self._control._call("DELETE", f"/faults/{int(rule_id)}")

    def clear(self) -> None:
        self._control._call("DELETE", "/faults")


def _iso(at: str | datetime) -> str:
    return at.isoformat() if isinstance(at, datetime) else at


class ControlClient:
    """The /_emulator control API, over HTTP, with only the standard library."""

    def __init__(self, url: str) -> None:
        self.url = url.rstrip("/")
        self.clock = ClockControl(self)
        self.faults = FaultControl(self)

    def _call(self, method: str, path: str, body: dict | None = None) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.url + "/_emulator" + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"} if data else {})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raw = exc.read()
            try:
                body = json.loads(raw) if raw else None
            except ValueError:  # not the emulator answering (a proxy, another service on the port)
                body = raw.decode("utf-8", "replace")
            raise ControlError(exc.code, body) from None
        return json.loads(raw) if raw else None

    def health(self) -> dict:
        return self._call("GET", "/health")

    def reset(self, api: str | None = None, tenant: str | None = None, only: list[str] | None = None) -> list[str]:
        """Back to the start state: data, clock, fault rules and journal (or only those parts; of one
        API or tenant).  Returns api/tenant of each tenant whose data was reset."""
        body = {k: v for k, v in {"api": api, "tenant": tenant, "only": only}.items() if v is not None}
        return self._call("POST", "/reset", body)["reset"]

    def snapshot(self, name: str) -> None:
        self._call("PUT", f"/snapshots/{_seg(name)}")

    def snapshots(self) -> list[str]:
        return self._call("GET", "/snapshots")["snapshots"]

    def restore(self, name: str) -> None:
        self._call("POST", f"/snapshots/{_seg(name)}/restore")

    def delete_snapshot(self, name: str) -> None:
        self._call("DELETE", f"/snapshots/{_seg(name)}")

    def tenants(self) -> list[dict]:
        return self._call("GET", "/tenants")["tenants"]

    def new_tenant(self, api: str, template: str | None = None) -> dict:
        """A fresh isolated account: {"api", "tenant", "base_url", "users": [credentials...]}."""
        body = {"api": api, **({"template": template} if template else {})}
        return self._call("POST", "/tenants", body)

    def drop_tenant(self, api: str, tenant: str) -> None:
        self._call("DELETE", f"/tenants/{_seg(api)}/{_seg(tenant)}")

    def settings(self, api: str, tenant: str, **changes: Any) -> dict:
        path = f"/tenants/{_seg(api)}/{_seg(tenant)}/settings"
        if changes:
            return self._call("PATCH", path, changes)["settings"]
        return self._call("GET", path)["settings"]

    def credentials(self) -> dict:
        return self._call("GET", "/credentials")

    def journal(self, **filters: Any) -> list[dict]:
        query = urllib.parse.urlencode({k: v for k, v in filters.items() if v is not None})
        return self._call("GET", "/journal" + (f"?{query}" if query else ""))["entries"]

    def clear_journal(self) -> None:
        self._call("DELETE", "/journal")


class EmulatorServer:
    """The emulator served in this process on a free loopback port (werkzeug, threaded)."""

    def __init__(self, **app_options: Any) -> None:
        from werkzeug.serving import make_server

        from .core.app import create_app

        self.app = create_app(**app_options)
        self.emulator = self.app.extensions["emulator"]
        self._server = make_server("127.0.0.1", 0, self.app, threaded=True)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self.control = ControlClient(self.url)
        self._thread: threading.Thread | None = None

    def start(self) -> EmulatorServer:
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="saas-emulator")
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:  # shutdown() waits for serve_forever, so only if it runs
            self._server.shutdown()
            self._thread.join()
            self._thread = None
        self._server.server_close()
        self.emulator.close()

    def __enter__(self) -> EmulatorServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

    def base_url(self, api: str, tenant: str | None = None) -> str:
        """The base URL a client of `api` configures (of `tenant`, for an API with the tenant in
        its path; without one, the first fixture tenant's)."""
        if tenant is None and self.emulator.mounts.preferred(api).templated:
            tenant = (self.emulator.fixtures.tenants(api) or [None])[0]
        return self.emulator.base_url(api, self.url, tenant)

    def reset(self) -> None:
        """Back to the fixtures (tenants made since are dropped), an empty journal, no fault rules
        and the clock in real time: nothing one test did reaches the next.

        Saved snapshots are kept, so a session can save a baseline once and restore it per test.
        """
        self.emulator.reset_all()
