"""Control API: the clock.  Global by default; `api` + `tenant` (query or body) scope it to one account.

    GET  /_emulator/clock              {"scope", "now", "frozen", "offset_seconds"[, "tenants"]}
    POST /_emulator/clock/freeze       {"at"?}   stop time (at an instant, default now)
    POST /_emulator/clock/set          {"at"}    jump; a frozen clock stays frozen there
    POST /_emulator/clock/advance      {"by"}    seconds, ISO-8601 ("PT1H") or short ("1h30m")
    POST /_emulator/clock/real         back to real time (a tenant clock: follow the global one again)
"""
from __future__ import annotations

from typing import Any

from flask import request

from . import admin_schemas as s
from .api import Route
from .clock import EARLIEST, LATEST, Clock, in_range, parse_duration, parse_instant
from .http import current, json_body, json_error
from .openapi import Doc


class _Bad(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def _scope(body: dict[str, Any], create: bool) -> tuple[str, Clock | None]:
    from .admin import _name

    emu = current()
    api = _name(body.get("api", request.args.get("api")))
    tenant = _name(body.get("tenant", request.args.get("tenant")))
    if api is None and tenant is None:
        return "global", emu.clocks.global_
    if api is None or tenant is None:
        raise _Bad(400, "api and tenant go together")
    if api not in emu.specs:
        raise _Bad(400, f"unknown api {api!r}")
    if emu.store.tenant(api, tenant) is None:
        raise _Bad(404, f"no tenant {api}/{tenant}")
    return f"{api}/{tenant}", emu.clocks.for_tenant(api, tenant, create=create)


def _keep_in_range(clock: Clock, before: tuple[Any, Any]) -> None:
    """Undo a change that took the clock outside [EARLIEST, LATEST] (400)."""
    try:
        ok = in_range(clock.now())
    except OverflowError:
        ok = False
    if not ok:
        clock.frozen_at, clock.offset = before
        raise _Bad(400, f"the clock must stay between {EARLIEST:%Y-%m-%d} and {LATEST:%Y-%m-%d} (UTC)")


def _describe(scope: str, clock: Clock | None) -> dict[str, Any]:
    emu = current()
    if clock is None:  # a tenant without a clock of its own follows the global clock
        return {"scope": scope, "own_clock": False, **emu.clocks.global_.describe()}
    out: dict[str, Any] = {"scope": scope, **clock.describe()}
    if scope == "global":
        out["tenants"] = {f"{a}/{t}": c.describe() for (a, t), c in emu.clocks.tenants.items()}
    else:
        out["own_clock"] = True
    return out


def clock_action(action: str) -> Any:
    body = json_body()
    try:
        scope, clock = _scope(body, create=action not in ("get", "real"))
        before = (clock.frozen_at, clock.offset) if clock is not None else None
        if action == "freeze":
            at = body.get("at")
            if at is not None and not isinstance(at, str):
                raise ValueError
            clock.freeze(parse_instant(at) if at is not None else None)
        elif action == "set":
            if not isinstance(body.get("at"), str):
                raise _Bad(400, "at is required: an ISO-8601 instant, e.g. 2026-01-01T09:00:00Z")
            clock.set(parse_instant(body["at"]))
        elif action == "advance":
            if "by" not in body:
                raise _Bad(400, "by is required: seconds, ISO-8601 (PT1H) or short (1h30m)")
            clock.advance(parse_duration(body["by"]))
        elif action == "real":
            if scope == "global":
                clock.real()
            else:
                api, tenant = scope.split("/", 1)
                current().clocks.drop_tenant(api, tenant)
                clock = None
        if action in ("freeze", "set", "advance"):
            _keep_in_range(clock, before)
    except _Bad as exc:
        return json_error(exc.status, str(exc))
    except (ValueError, OverflowError):
        return json_error(400, "at must be an ISO-8601 instant (2026-01-01T09:00:00Z); "
                               "by must be seconds, ISO-8601 (PT1H) or short (1h30m)")
    return _describe(scope, clock)

def routes() -> list[Route]:
    errors = {400: "A bad instant or duration, or api without tenant", 404: "No such tenant"}
    docs = {
        "get": Doc("The clock: global, or one account's", tags=["clock"], query=s.ClockScopeQuery,
                   responses={200: s.ClockState}, errors=errors),
        "freeze": Doc("Stop time, at an instant or now", tags=["clock"], query=s.ClockScopeQuery,
                      body=s.ClockFreezeBody, body_required=False, responses={200: s.ClockState}, errors=errors),
        "set": Doc("Jump to an instant (a frozen clock stays frozen there)", tags=["clock"],
                   query=s.ClockScopeQuery, body=s.ClockSetBody, responses={200: s.ClockState}, errors=errors),
        "advance": Doc("Move the clock on (or back)", tags=["clock"], query=s.ClockScopeQuery,
                       body=s.ClockAdvanceBody, responses={200: s.ClockState}, errors=errors),
        "real": Doc("Back to real time (an account's clock follows the global one again)", tags=["clock"],
                    query=s.ClockScopeQuery, body=s.ClockScopeBody, body_required=False,
                    responses={200: s.ClockState}, errors=errors),
    }
    rows = [Route("GET", "/clock", "clock_get", clock_action, doc=docs["get"], bind={"action": "get"})]
    for action in ("freeze", "set", "advance", "real"):
        rows.append(Route("POST", f"/clock/{action}", f"clock_{action}", clock_action, doc=docs[action],
                          bind={"action": action}))
    return rows



