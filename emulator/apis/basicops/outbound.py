"""Requests the emulator itself sends (webhook deliveries, POST /uploadurl): where to, and how long.

An emulator runs inside test suites and CI; it must never surprise anyone by calling out to the
internet.  So every outbound request goes only to a host the account's `outbound_hosts` setting
allows, and gives up after `outbound_timeout_seconds`.  Entries:

    "*"               any host
    "localhost"       a host name (exact, case-insensitive; no DNS lookup is made to decide)
    "*.example.com"   any subdomain of example.com
    "127.0.0.0/8"     an IP literal inside the network ("10.1.2.3" alone is a /32)

The default is loopback only: ["localhost", "127.0.0.0/8", "::1"].  Redirects are not followed
for webhook POSTs (a 3xx is a failed delivery); a fetch follows up to three, each checked again.
"""
from __future__ import annotations

import http.client
import ipaddress
import re
import socket
import time
from collections.abc import Iterable
from dataclasses import dataclass
from email.message import Message
from urllib.parse import unquote, urljoin, urlsplit

DEFAULT_HOSTS = ("localhost", "127.0.0.0/8", "::1")
MAX_REDIRECTS = 3


class OutboundError(Exception):
    """A request that was not sent (host not allowed, bad URL) or failed (refused, timeout)."""

    def __init__(self, message: str, *, blocked: bool = False) -> None:
        super().__init__(message)
        self.blocked = blocked  # never sent: retrying cannot help


class HostPolicy:
    def __init__(self, entries: Iterable[str] | None = None) -> None:
        self.entries = [str(e).strip() for e in (DEFAULT_HOSTS if entries is None else entries) if str(e).strip()]
        self.any = "*" in self.entries
        self.names: set[str] = set()
        self.suffixes: list[str] = []
        self.networks: list[ipaddress.IPv4Network | ipaddress.IPv6Network] = []
        for entry in self.entries:
            if entry == "*":
                continue
            if entry.startswith("*."):
                self.suffixes.append(entry[1:].lower())
                continue
            try:
                self.networks.append(ipaddress.ip_network(entry.strip("[]"), strict=False))
            except ValueError:
                self.names.add(entry.lower().rstrip("."))

    def allows(self, host: str) -> bool:
        if self.any:
            return True
        host = host.strip("[]").lower().rstrip(".")
        try:
            ip = ipaddress.ip_address(host)
        except ValueError:
            return host in self.names or any(host.endswith(s) for s in self.suffixes)
        return any(ip in net for net in self.networks) or host in self.names


@dataclass(frozen=True)
class Target:
    scheme: str
    host: str
    port: int
    path: str  # path and query, as sent


def check_url(url: str, policy: HostPolicy) -> Target:
    """The URL's parts if it is an http(s) URL to an allowed host; else OutboundError(blocked)."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as exc:
        raise OutboundError(f"invalid URL {url!r}: {exc}", blocked=True) from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise OutboundError(f"invalid URL {url!r}: an http or https URL is required", blocked=True)
    if not policy.allows(parts.hostname):
        raise OutboundError(f"host {parts.hostname} is not allowed (setting outbound_hosts: "
                            f"{', '.join(policy.entries) or 'none'})", blocked=True)
    path = parts.path or "/"
    if parts.query:
        path += "?" + parts.query
    return Target(parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80), path)


def _connection(target: Target, timeout: float) -> http.client.HTTPConnection:
    if target.scheme == "https":
        return http.client.HTTPSConnection(target.host, target.port, timeout=timeout)
    return http.client.HTTPConnection(target.host, target.port, timeout=timeout)


def _describe(exc: BaseException) -> str:
    if isinstance(exc, (socket.timeout, TimeoutError)):
        return "timed out"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


@dataclass(frozen=True)
class Posted:
    status: int
    latency_ms: float
    body: bytes


def post(url: str, body: bytes, headers: dict[str, str], *, timeout: float, policy: HostPolicy,
         max_answer: int = 64 * 1024) -> Posted:
    """POST `body`; the receiver's status, latency and (the start of) its answer."""
    target = check_url(url, policy)
    started = time.perf_counter()
    conn = _connection(target, timeout)
    try:
        conn.request("POST", target.path, body=body, headers={**headers, "Content-Length": str(len(body))})
        resp = conn.getresponse()
        answer = resp.read(max_answer)
        return Posted(resp.status, round((time.perf_counter() - started) * 1000, 3), answer)
    except (OSError, http.client.HTTPException) as exc:
        raise OutboundError(_describe(exc)) from None
    finally:
        conn.close()


@dataclass(frozen=True)
class Fetched:
    data: bytes
    content_type: str | None
    filename: str | None


_FILENAME_STAR = re.compile(r"filename\*\s*=\s*([^']*)'[^']*'([^;]+)", re.IGNORECASE)


def filename_from_disposition(header: str | None) -> str | None:
    """The filename of a Content-Disposition header (RFC 6266, with RFC 5987's filename*)."""
    if not header:
        return None
    star = _FILENAME_STAR.search(header)
    if star:
        try:
            return unquote(star.group(2).strip().strip('"'), encoding=star.group(1) or "utf-8")
        except LookupError:
            return unquote(star.group(2).strip().strip('"'))
    msg = Message()
    msg["content-disposition"] = header
    name = msg.get_param("filename", header="content-disposition")
    if isinstance(name, tuple):  # RFC 2231 continuation
        name = name[2]
    return str(name).strip() if name else None


def fetch(url: str, *, timeout: float, max_bytes: int, policy: HostPolicy) -> Fetched:
    """GET a file (following up to three redirects, each to an allowed host)."""
    for _ in range(MAX_REDIRECTS + 1):
        target = check_url(url, policy)
        conn = _connection(target, timeout)
        try:
            conn.request("GET", target.path, headers={"User-Agent": "BasicOps (saas-emulator)", "Accept": "*/*"})
            resp = conn.getresponse()
            if resp.status in (301, 302, 303, 307, 308) and resp.getheader("Location"):
                url = urljoin(url, resp.getheader("Location"))
                continue
            if not 200 <= resp.status < 300:
                raise OutboundError(f"the server answered {resp.status}")
            data = resp.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise OutboundError(f"the file is larger than {max_bytes} bytes")
            name = filename_from_disposition(resp.getheader("Content-Disposition"))
            if not name:
                name = unquote(urlsplit(url).path.rsplit("/", 1)[-1]) or None
            ctype = resp.getheader("Content-Type")
            return Fetched(data, ctype.split(";")[0].strip() if ctype else None, name)
        except (OSError, http.client.HTTPException) as exc:
            raise OutboundError(_describe(exc)) from None
        finally:
            conn.close()
    raise OutboundError(f"more than {MAX_REDIRECTS} redirects")
