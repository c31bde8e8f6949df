"""OAuth 2.0 clients: ZeyOS applications, and how a client proves who it is.

oauth2.json: `client_id` "corresponds to `applications.identifier`", `client_secret` "to
`applications.secret`"; dbref.json keeps each application's allowed redirect URIs in
`applications.callbackurls` (a text[]).  Those three columns are hidden from the REST API (the
seed does not list them) and sit on the application rows.  A deactivated application is no client.

Client authentication (RFC 6749 §2.3.1): HTTP Basic (`client_secret_basic`) or `client_id` and
`client_secret` in the body (`client_secret_post`), as oauth2.json allows both ("only required if
not supplied via the ... `Authorization` header").  The official JS client sends both at once, so
both at once are accepted when they name the same client with the same secret.
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from ....core.store import TenantDB
from .errors import INVALID_CLIENT_SECRET, MISSING_CLIENT, UNKNOWN_CLIENT, invalid_client

# RFC 8252 §7.3: a loopback redirect URI may name any port; oauth2.json: "HTTPS required, unless
# 127.0.0.1 or localhost"
LOOPBACK = ("127.0.0.1", "localhost", "[::1]")
CONFLICTING = "Unauthorized: Conflicting client credentials"


@dataclass(frozen=True)
class Client:
    id: int
    identifier: str
    name: str
    secret: str | None
    redirect_uris: tuple[str, ...]


def _client(row: dict[str, Any]) -> Client:
    uris = row.get("callbackurls") or ()
    return Client(id=row["ID"], identifier=row["identifier"], name=str(row.get("name") or ""),
                  secret=row.get("secret") or None,
                  redirect_uris=tuple(u for u in uris if isinstance(u, str)) if isinstance(uris, list) else ())


def find(tenant: TenantDB, client_id: str | None) -> Client | None:
    """The active application whose identifier is `client_id` (an index lookup, not a scan)."""
    if not client_id:
        return None
    for row in tenant.table("applications", id_key="ID").where(identifier=client_id):
        if row.get("activity", 0) == 0:
            return _client(row)
    return None


def clients(tenant: TenantDB) -> list[Client]:
    """Every application that can act as an OAuth client: active, with a secret and redirect URIs."""
    out = []
    for row in tenant.table("applications", id_key="ID").scan():
        if row.get("activity", 0) == 0 and row.get("secret") and row.get("callbackurls"):
            out.append(_client(row))
    return out


def authenticate(tenant: TenantDB, basic: tuple[str, str] | None, body_id: str | None,
                 body_secret: str | None) -> Client:
    """The calling client, or 401 `invalid_client` with `WWW-Authenticate: Basic realm="<instance>"`."""
    if basic is not None:
        client_id, secret = basic
        if (body_id is not None and body_id != client_id) or (body_secret is not None and body_secret != secret):
            raise invalid_client(tenant.name, CONFLICTING)
    else:
        client_id, secret = body_id, body_secret
    if not client_id or not secret:
        raise invalid_client(tenant.name, MISSING_CLIENT)
    client = find(tenant, client_id)
    if client is None:
        raise invalid_client(tenant.name, UNKNOWN_CLIENT)
    if client.secret is None or not secrets.compare_digest(client.secret.encode(), secret.encode()):
        raise invalid_client(tenant.name, INVALID_CLIENT_SECRET)
    return client


def _parts(uri: str) -> tuple[str, str, int | None, str, str] | None:
    """(scheme, host, port, path, query) of an absolute http(s) URI without a fragment, or None."""
    if not uri or any(c.isspace() or ord(c) < 0x20 for c in uri) or "#" in uri:
        return None  # RFC 6749 §3.1.2: "The endpoint URI MUST NOT include a fragment component"
    try:
        parts = urlsplit(uri)
        port = parts.port
    except ValueError:
        return None
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or not host:
        return None
    if parts.hostname and ":" in parts.hostname:
        host = f"[{host}]"
    if parts.scheme == "http" and host not in LOOPBACK:
        return None
    return parts.scheme, host, port, parts.path, parts.query


def redirect_allowed(client: Client, uri: str | None) -> bool:
    """Is `uri` one of the client's registered redirect URIs?  Exact string comparison, except that
    a loopback URI may differ in its port (RFC 8252 §7.3: native apps listen on any free port)."""
    wanted = _parts(uri or "")
    if wanted is None:
        return False
    if uri in client.redirect_uris:
        return True
    if wanted[1] not in LOOPBACK:
        return False
    for registered in client.redirect_uris:
        known = _parts(registered)
        if known is not None and known[1] in LOOPBACK and (known[0], known[1], known[3], known[4]) == \
                (wanted[0], wanted[1], wanted[3], wanted[4]):
            return True
    return False
