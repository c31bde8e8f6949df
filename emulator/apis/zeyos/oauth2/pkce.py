"""PKCE (RFC 7636): the code challenge an authorization request carries, and its verifier.

oauth2.json lists `S256` as the only `code_challenge_method` and makes the method "required if
`code_challenge` is provided" (RFC 7636 would default to `plain`); the instance setting
`oauth_pkce_methods` (default `["S256"]`) can allow `plain` too.
"""
from __future__ import annotations

import base64
import hashlib
import re
import secrets

METHODS = ("S256", "plain")
# RFC 7636 §4.1: code_verifier = 43*128unreserved
VERIFIER = re.compile(r"^[A-Za-z0-9\-._~]{43,128}$")
# §4.2: S256 is BASE64URL(SHA256(verifier)) without padding: 43 characters
S256_CHALLENGE = re.compile(r"^[A-Za-z0-9_-]{43}$")


def s256(verifier: str) -> str:
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def challenge_ok(challenge: str, method: str) -> bool:
    """Could `challenge` come from a valid verifier under `method`?"""
    return bool(S256_CHALLENGE.match(challenge) if method == "S256" else VERIFIER.match(challenge))


def verify(challenge: str, method: str, verifier: str | None) -> bool:
    """Does `verifier` answer the authorization request's challenge (§4.6)?"""
    if not verifier or not VERIFIER.match(verifier):
        return False
    computed = s256(verifier) if method == "S256" else verifier
    return secrets.compare_digest(computed, challenge)
