"""The OAuth 2.0 API's pure rules, without a server: PKCE (RFC 7636), redirect URI matching
(RFC 6749 §3.1.2, RFC 8252 §7.3, oauth2.json's "HTTPS required, unless 127.0.0.1 or localhost")
and the locale claim."""
from __future__ import annotations

import pytest

from emulator.apis.zeyos.oauth2 import pkce
from emulator.apis.zeyos.oauth2.clients import Client, redirect_allowed
from emulator.apis.zeyos.oauth2.userinfo import _locale

pytestmark = pytest.mark.no_emulator

# RFC 7636 Appendix B
VERIFIER = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"
CHALLENGE = "E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"


def test_s256_matches_rfc_7636_appendix_b() -> None:
    assert pkce.s256(VERIFIER) == CHALLENGE
    assert pkce.verify(CHALLENGE, "S256", VERIFIER)
    assert not pkce.verify(CHALLENGE, "S256", VERIFIER[:-1] + "l")
    assert not pkce.verify(CHALLENGE, "S256", None)


@pytest.mark.parametrize("verifier", ["short", "x" * 129, "a" * 42 + "!", "é" * 43])
def test_a_verifier_outside_rfc_7636s_alphabet_or_length_never_verifies(verifier: str) -> None:
    assert not pkce.verify(verifier, "plain", verifier)


def test_challenge_shapes() -> None:
    assert pkce.challenge_ok(CHALLENGE, "S256") and not pkce.challenge_ok(CHALLENGE + "A", "S256")
    assert pkce.challenge_ok("~" * 43, "plain") and not pkce.challenge_ok("~" * 42, "plain")


CLIENT = Client(id=1, identifier="app", name="App", secret="s", redirect_uris=(
    "https://app.example.com/cb?x=1", "http://127.0.0.1:9005/callback", "http://[::1]:80/cb"))


@pytest.mark.parametrize("uri, allowed", [
    ("https://app.example.com/cb?x=1", True),
    ("https://app.example.com/cb", False),  # the registered query is part of the URI
    ("https://APP.example.com/cb?x=1", False),  # exact string comparison
    ("https://app.example.com/cb?x=1#f", False),  # no fragment
    ("http://127.0.0.1:9005/callback", True),
    ("http://127.0.0.1:1/callback", True),  # a loopback URI may name any port
    ("http://127.0.0.1/callback", True),
    ("http://127.0.0.1:1/other", False),
    ("https://127.0.0.1:9005/callback", False),  # another scheme
    ("http://[::1]:5/cb", True),
    ("http://localhost:9005/callback", False),  # not registered with this host
    ("http://app.example.com/cb?x=1", False),
    ("javascript:alert(1)", False),
    ("http://127.0.0.1:99999/callback", False),  # not a port
    ("http://127.0.0.1:9005/call back", False),
    ("", False),
])
def test_redirect_uri_matching(uri: str, allowed: bool) -> None:
    assert redirect_allowed(CLIENT, uri) is allowed


@pytest.mark.parametrize("lang, locale", [("de_DE", "de-DE"), ("en_US", "en-US"), ("es", "es-ES"),
                                          ("en-GB", "en-US"), ("fr_FR", "en-US"), (None, "en-US")])
def test_locales_are_oauth2_jsons_three(lang, locale: str) -> None:
    assert _locale(lang) == locale
