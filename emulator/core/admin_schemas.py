"""Marshmallow schemas of the control API (/_emulator), for its OpenAPI document.

The control API reads its JSON bodies leniently by hand (admin.py): these schemas describe what it
accepts and answers; they do not validate.  Response schemas are closed (no other keys), so the
fuzz tests notice when an answer grows a key the document does not know.
"""
from __future__ import annotations

from collections.abc import Callable
from typing import Any

from marshmallow import EXCLUDE, INCLUDE, Schema, fields, validate

from .faults import ACTIONS, METHODS

DESCRIPTION = (
    "What a test harness needs from the emulator: health, reset to fixtures, snapshots, isolated "
    "tenants and their settings, credentials, the request journal, the clock and fault rules. "
    'Errors are JSON: `{"error": "...", "status": 400}`.')


class ApiName(fields.String):
    """The name of an API; the document lists those the app mounts (see field_properties)."""


def _api(description: str = "an API's name (one that is mounted)", **kwargs: object) -> fields.Field:
    return ApiName(metadata={"description": description}, **kwargs)


def field_properties(mounted: list[str]) -> Callable[[fields.Field], dict[str, Any] | None]:
    """The control API's own field classes, for an app that mounts these APIs."""

    def describe(field: fields.Field) -> dict[str, Any] | None:
        if isinstance(field, ApiName):
            return {"type": "string", "enum": list(mounted)}
        return None

    return describe


def _instant(description: str, **kwargs: object) -> fields.Field:
    return fields.String(metadata={"format": "date-time", "description": description}, **kwargs)


def _name(description: str = "a name, or a tenant's number") -> fields.Field:
    """An api or tenant name: a string, or a whole number for numbered tenants."""
    return fields.Raw(metadata={"oneOf": [{"type": "string", "minLength": 1}, {"type": "integer"}],
                                "description": description})


class Lenient(Schema):
    """A body read by hand that ignores keys it does not know (so the document leaves it open)."""

    class Meta:
        unknown = EXCLUDE


class ControlError(Schema):
    error = fields.String(required=True, metadata={"description": "what went wrong"})
    status = fields.Integer(required=True, metadata={"description": "the HTTP status, again"})


# -- health, reset, snapshots ---------------------------------------------------------------

class HealthApi(Schema):
    title = fields.String(required=True)
    mount = fields.String(required=True, metadata={"description": "the API's mount point"})
    tenants = fields.Dict(keys=fields.String(), values=fields.Dict(keys=fields.String(), values=fields.Integer()),
                          required=True, metadata={"description": "tenant -> table -> record count"})


class Health(Schema):
    status = fields.String(required=True, validate=validate.OneOf(["ok"]))
    version = fields.String(required=True)
    apis = fields.Dict(keys=fields.String(), values=fields.Nested(HealthApi), required=True)
    persistent = fields.Boolean(required=True, metadata={"description": "whether --data-dir keeps the state"})


_PARTS = ("data", "clock", "faults", "journal")


class ResetBody(Lenient):
    api = _api("reset only this API (its data, tenant clocks, fault rules and journal entries)")
    tenant = _name("and only this tenant of it (needs api)")
    only = fields.List(fields.String(validate=validate.OneOf(_PARTS)), validate=validate.Length(min=1),
                       metadata={"description": "only these parts (default: all of them)"})


class ResetQuery(Schema):
    api = _api("as the body's api")
    tenant = fields.String(metadata={"description": "as the body's tenant"})
    only = fields.List(fields.String(validate=validate.OneOf(_PARTS)), metadata={"description": "as the body's only"})


class ResetDone(Schema):
    reset = fields.List(fields.String(), required=True,
                        metadata={"description": "api/tenant of each tenant whose data was reset"})
    parts = fields.List(fields.String(validate=validate.OneOf(_PARTS)), required=True,
                        metadata={"description": "the parts reset"})


class SnapshotList(Schema):
    snapshots = fields.List(fields.String(), required=True)


class SnapshotBody(Lenient):
    name = fields.String(required=True, validate=validate.Length(min=1))


class SnapshotSaved(Schema):
    snapshot = fields.String(required=True)


class SnapshotRestored(Schema):
    restored = fields.String(required=True)


# -- tenants and credentials -------------------------------------------------------------------

_USER = fields.Dict(keys=fields.String(), metadata={
    "description": "a fixture user and its credentials, in the API's own terms (token, api_key, ...)"})


class TenantInfo(Schema):
    api = fields.String(required=True)
    tenant = fields.String(required=True)
    base_url = fields.String(required=True, metadata={"description": "what a client of this account configures"})
    users = fields.List(_USER, required=True)


class TenantList(Schema):
    tenants = fields.List(fields.Nested(TenantInfo), required=True)


class TenantBody(Lenient):
    api = _api(required=True)
    template = _name("the fixture tenant to clone (default: the API's first)")


class SettingsBody(Schema):
    """Settings to change: known keys only, each of its current JSON type."""

    class Meta:
        unknown = INCLUDE


class TenantSettings(Schema):
    api = fields.String(required=True)
    tenant = fields.String(required=True)
    settings = fields.Dict(keys=fields.String(), required=True)


class ApiTenantUsers(Schema):
    tenant = fields.String(required=True)
    base_url = fields.String(required=True, metadata={"description": "what a client of this account configures"})
    users = fields.List(_USER, required=True)


class ApiCredentials(Schema):
    base_url = fields.String(required=True, metadata={
        "description": "the API's base URL; with the tenant in the path, its template ({instance})"})
    tenants = fields.List(fields.Nested(ApiTenantUsers), required=True)


CREDENTIALS = fields.Dict(keys=fields.String(), values=fields.Nested(ApiCredentials),
                          metadata={"description": "per API name"})


# -- journal -----------------------------------------------------------------------------------

class JournalQuery(Schema):
    api = fields.String()
    method = fields.String()
    path = fields.String(metadata={"description": "a substring of the path, or a glob with *"})
    tenant = fields.String()
    status = fields.Integer(validate=validate.Range(min=100), metadata={"description": "the answer's status"})
    body = fields.String(metadata={"description": "a substring of the request body"})
    limit = fields.Integer(validate=validate.Range(min=1), metadata={"description": "only the last N entries"})


class AppliedFault(Schema):
    rules = fields.List(fields.Integer(), required=True)
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    latency_ms = fields.Float(required=True)


class RecordedBody(Schema):
    size = fields.Integer(required=True, metadata={"description": "the body's full size in bytes"})
    truncated = fields.Boolean(required=True, metadata={"description": "cut past the journal's part size"})
    text = fields.String(metadata={"description": "the body, when it is UTF-8"})
    base64 = fields.String(metadata={"description": "the body, base64, when it is not UTF-8"})


_HEADERS = fields.Dict(keys=fields.String(), values=fields.String(), required=True,
                       metadata={"description": "as sent; credentials (Authorization, Cookie, *-Key, "
                                                "*-Secret, *-Token, ...) masked as ***"})


class RecordedRequest(Schema):
    headers = _HEADERS
    body = fields.Nested(RecordedBody, required=True)


class RecordedResponse(Schema):
    status = fields.Integer(required=True)
    headers = _HEADERS
    body = fields.Nested(RecordedBody, required=True)


class JournalEntry(Schema):
    id = fields.Integer(required=True)
    time = fields.Float(required=True, metadata={"description": "Unix time"})
    api = fields.String(required=True, allow_none=True)
    tenant = fields.String(required=True, allow_none=True)
    method = fields.String(required=True)
    path = fields.String(required=True)
    query = fields.String(required=True)
    status = fields.Integer(required=True)
    duration_ms = fields.Float(required=True)
    request = fields.Nested(RecordedRequest, required=True)
    response = fields.Nested(RecordedResponse, required=True)
    fault = fields.Nested(AppliedFault, metadata={"description": "fault rules that applied"})


class Journal(Schema):
    entries = fields.List(fields.Nested(JournalEntry), required=True)
    count = fields.Integer(required=True)


# -- clock -------------------------------------------------------------------------------------

class ClockScopeQuery(Schema):
    api = _api("with tenant: that account's clock")
    tenant = fields.String()


class ClockScopeBody(Lenient):
    class Meta(Lenient.Meta):
        openapi = {"dependentRequired": {"api": ["tenant"], "tenant": ["api"]}}

    api = _api("with tenant: that account's clock")
    tenant = _name()


class ClockFreezeBody(ClockScopeBody):
    at = _instant("ISO-8601 instant (default: now)")


class ClockSetBody(ClockScopeBody):
    at = _instant("ISO-8601 instant, e.g. 2026-01-01T09:00:00Z", required=True)


class ClockAdvanceBody(ClockScopeBody):
    by = fields.Raw(required=True, metadata={
        "oneOf": [{"type": "number"}, {"type": "string"}],
        "description": "seconds, ISO-8601 (PT1H, -P1D) or short (1h30m, 90s)"})


class ClockReading(Schema):
    now = fields.String(required=True)
    frozen = fields.Boolean(required=True)
    offset_seconds = fields.Float(required=True)


class ClockState(ClockReading):
    scope = fields.String(required=True, metadata={"description": '"global" or "api/tenant"'})
    own_clock = fields.Boolean(metadata={"description": "tenant scope: whether it has a clock of its own"})
    tenants = fields.Dict(keys=fields.String(), values=fields.Nested(ClockReading),
                          metadata={"description": "global scope: the tenant clocks"})


# -- faults ------------------------------------------------------------------------------------

class FaultRuleBody(Schema):
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    api = _api()
    method = fields.String(validate=validate.OneOf(METHODS))
    path = fields.String(metadata={"description": "a glob on the full path or the path below the mount point"})
    tenant = _name()
    latency_ms = fields.Float(validate=validate.Range(min=0, max=600_000))
    latency_max_ms = fields.Float(validate=validate.Range(min=0, max=600_000))
    status = fields.Integer(validate=validate.Range(min=100, max=599))
    message = fields.String()
    times = fields.Integer(validate=validate.Range(min=1))
    probability = fields.Float(validate=validate.Range(min=0, max=1))
    seed = fields.Integer()


class FaultRule(Schema):
    id = fields.Integer(required=True)
    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    api = fields.String(required=True, allow_none=True)
    method = fields.String(required=True, allow_none=True)
    path = fields.String(required=True, allow_none=True)
    tenant = fields.String(required=True, allow_none=True)
    latency_ms = fields.Float(required=True, allow_none=True)
    latency_max_ms = fields.Float(required=True, allow_none=True)
    status = fields.Integer(required=True, allow_none=True)
    message = fields.String(required=True, allow_none=True)
    probability = fields.Float(required=True, allow_none=True)
    seed = fields.Integer(required=True, allow_none=True)
    hits = fields.Integer(required=True)
    remaining = fields.Integer(required=True, allow_none=True, metadata={"description": "of times, if limited"})


class FaultRules(Schema):
    rules = fields.List(fields.Nested(FaultRule), required=True)


# -- OpenAPI -----------------------------------------------------------------------------------

class OpenApiDocument(Schema):
    """An OpenAPI 3.1 document."""

    class Meta:
        unknown = INCLUDE

    openapi = fields.String(required=True)
    info = fields.Dict(required=True)
    paths = fields.Dict(required=True)
