"""The BasicOps REST API v1 (seed 001): /basicops/v1/... (or the root with --api basicops).

Domain rules (moto's "models": plain data in and out, no HTTP) live in one module per resource
family: projects, sections, tasks (with subtasks and reviews), dependencies, timetracking, notes,
messages (with replies and reactions), conversations (chats, group chats, channels), users,
bulk, files (uploads, attachments, downloads, thumbnails through images), webhooks (records and
payloads), delivery (the engine that POSTs them), oauth.  Shared pieces: context (caller,
settings, URLs), schemas (input), serializers (output), filters (list grammar), formats, errors,
records (create/delete/link answers), lookup, cascade, events, outbound (allowed hosts, timeouts),
fake (--fake N).  docs/basicops.md lists every choice made where the sources are silent.

The HTTP layer is `views/` (one module per resource family, each with its rows of the route
table), `auth` (the authenticate hook) and `answers` (response schemas for the OpenAPI document).

`spec.py` tells the core how the API looks from outside (`API`, its ApiSpec).
"""

# where it lives: all a lazy start reads before the API's first request (spec.py's ApiSpec says the same)
MOUNT = "/basicops"
CLIENT_BASE = "/v1"
