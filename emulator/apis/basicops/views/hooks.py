"""Webhooks (seed: "Webhooks"), and the control API's view of their deliveries:

    GET    /_emulator/webhooks/deliveries   ?tenant=&webhook=&event=&state=&status=&url=&project=
                                            &wait=<seconds>&count=<n> (wait until n deliveries match)
    DELETE /_emulator/webhooks/deliveries   ?tenant= forget them (all, or one account's)
"""
from __future__ import annotations

from typing import Any

from flask import request
from marshmallow import EXCLUDE, Schema, fields, validate

from ....core.api import Route
from ....core.http import current, no_content
from ....core.openapi import Doc
from .. import answers as a
from .. import schemas, webhooks
from ..delivery import Engine
from . import body, ok

API = "basicops"


def webhook_list() -> Any:
    return ok(webhooks.list_webhooks())


def webhook_get(webhook_EId: str) -> Any:  # noqa: N803 - the seed's own name
    return ok(webhooks.get_webhook(webhook_EId))


def webhook_create() -> Any:
    return ok(webhooks.create(body()))


def webhook_update(webhook_EId: str) -> Any:  # noqa: N803
    return ok(webhooks.update(webhook_EId, body()))


def webhook_delete(webhook_EId: str) -> Any:  # noqa: N803
    webhooks.delete(webhook_EId)
    return ok()


P = {"webhook_EId": "The webhook's EId (a UUID)"}
BODY_TYPES = ("application/json", "application/x-www-form-urlencoded")


def routes() -> list[Route]:
    path = "/v1/webhook/<webhook_EId>"
    return [
        Route("GET", "/v1/webhook", "webhook_list", webhook_list,
              doc=Doc("List webhooks", tags=["webhooks"], responses={200: a.OkWebhooks})),
        Route("POST", "/v1/webhook", "webhook_create", webhook_create,
              doc=Doc("Create a webhook (signing generate: the secret is returned once)", tags=["webhooks"],
                      body=schemas.WebhookBody, content_types=BODY_TYPES, body_required=False,
                      responses={200: a.OkWebhookCreated}, errors=[400])),
        Route("GET", path, "webhook_get", webhook_get,
              doc=Doc("Retrieve a webhook", tags=["webhooks"], responses={200: a.OkWebhook}, errors=[404],
                      path_params=P)),
        Route("PUT", path, "webhook_update", webhook_update,
              doc=Doc("Update a webhook", tags=["webhooks"], body=schemas.WebhookUpdateBody, content_types=BODY_TYPES,
                      body_required=False, responses={200: a.OkWebhookUpdated}, errors=[400, 404], path_params=P)),
        Route("DELETE", path, "webhook_delete", webhook_delete,
              doc=Doc("Delete a webhook", tags=["webhooks"], responses={200: a.Ok}, errors=[404], path_params=P)),
    ]


# -- the control API -------------------------------------------------------------------------------

class DeliveriesQuery(Schema):
    class Meta:
        unknown = EXCLUDE

    tenant = fields.String(metadata={"description": "an account name (testco, globex, ...)"})
    webhook = fields.String(metadata={"description": "a webhook's EId"})
    event = fields.String(metadata={"description": "basicops:<collection>:<action>"})
    state = fields.String(validate=validate.OneOf(["pending", "retrying", "delivered", "failed", "blocked"]))
    status = fields.Integer(metadata={"description": "the receiver's last HTTP status"})
    url = fields.String()
    project = fields.Integer()
    wait = fields.Float(validate=validate.Range(min=0, max=30),
                        metadata={"description": "seconds to wait until `count` deliveries match"})
    count = fields.Integer(validate=validate.Range(min=1, max=1000), metadata={"description": "default 1"})


class DeliveryAttempt(Schema):
    attempt = fields.Integer(required=True)
    at = fields.String(required=True)
    status = fields.Integer(required=True, allow_none=True)
    latency_ms = fields.Float(required=True, allow_none=True)
    error = fields.String(required=True, allow_none=True)


class DeliveryRequest(Schema):
    headers = fields.Dict(keys=fields.String(), values=fields.String(), required=True)
    body = fields.Raw(required=True, metadata={"description": "the payload sent (parsed JSON)"})


class WebhookDelivery(Schema):
    """One webhook delivery: what was sent where, and how it went."""

    id = fields.String(required=True)
    api = fields.String(required=True)
    tenant = fields.String(required=True)
    webhook = fields.String(required=True)
    event = fields.String(required=True)
    url = fields.String(required=True)
    project = fields.Integer(required=True, allow_none=True)
    state = fields.String(required=True)
    status = fields.Integer(required=True, allow_none=True)
    attempts = fields.Integer(required=True)
    max_attempts = fields.Integer(required=True)
    latency_ms = fields.Float(required=True, allow_none=True)
    last_error = fields.String(required=True, allow_none=True)
    created = fields.String(required=True)
    next_attempt = fields.String(required=True, allow_none=True)
    delivered = fields.String(required=True, allow_none=True)
    signature = fields.String(required=True, allow_none=True)
    request = fields.Nested(DeliveryRequest, required=True)
    history = fields.List(fields.Nested(DeliveryAttempt), required=True)


class Deliveries(Schema):
    deliveries = fields.List(fields.Nested(WebhookDelivery), required=True)
    count = fields.Integer(required=True)


class DeliveriesError(Schema):
    error = fields.String(required=True)
    status = fields.Integer(required=True)


FILTERS = ("tenant", "webhook", "event", "state", "status", "url", "project")


def engine() -> Engine:
    return current().runtime(API)


def deliveries_list() -> Any:
    from ....core.http import json_error

    args = request.args
    filters = {k: args.get(k) for k in FILTERS if args.get(k)}
    try:
        wait = float(args.get("wait") or 0)
        count = int(args.get("count") or 1)
    except ValueError:
        return json_error(400, "wait must be seconds and count a whole number")
    if not 0 <= wait <= 30 or not 1 <= count <= 1000 or wait != wait:
        return json_error(400, "wait must be 0 to 30 seconds and count 1 to 1000")
    if wait > 0:
        with current().store.unlocked():
            found = engine().wait(timeout=wait, count=count, **filters)
    else:
        found = engine().deliveries(**filters)
    return {"deliveries": found, "count": len(found)}


def deliveries_clear() -> Any:
    engine().reset(request.args.get("tenant") or None)
    return no_content()


def control_routes() -> list[Route]:
    return [
        Route("GET", "/webhooks/deliveries", "webhook_deliveries_list", deliveries_list,
              doc=Doc("BasicOps webhook deliveries (optionally waiting for them)", tags=["basicops"],
                      query=DeliveriesQuery, responses={200: Deliveries, 400: DeliveriesError},
                      description="Filters are exact matches. With wait, the answer comes as soon as `count` "
                                  "deliveries match, or when nothing under way could still match (no change "
                                  "queued, no POST in flight, no retry due), or after `wait` seconds.")),
        Route("DELETE", "/webhooks/deliveries", "webhook_deliveries_clear", deliveries_clear,
              doc=Doc("Forget BasicOps webhook deliveries (?tenant= one account's)", tags=["basicops"],
                      query=DeliveriesQuery, responses={204: "Forgotten"})),
    ]
