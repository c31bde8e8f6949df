"""The rules for an instance's settings when the control API changes them
(`PATCH /_emulator/tenants/zeyos/<instance>/settings`; the core already refuses unknown keys and
values of another JSON type).  docs/zeyos.md lists what each setting does."""
from __future__ import annotations

from typing import Any

from .oauth2 import pkce
from .oauth2.authorize import CONSENT, PKCE_METHODS
from .oauth2.issued import CODE_LIFETIME

CONSENTS = ("approve", "deny")


def check_settings(current: dict[str, Any], changes: dict[str, Any]) -> None:
    """ValueError (answered 400) for a value the instance cannot take."""
    if "instance" in changes and changes["instance"] != current.get("instance"):
        raise ValueError("instance is the instance's name in every path: it cannot change")
    if CONSENT in changes and changes[CONSENT] not in CONSENTS:
        raise ValueError(f"{CONSENT} must be one of {list(CONSENTS)}")
    if PKCE_METHODS in changes:
        methods = changes[PKCE_METHODS]
        if not methods or any(m not in pkce.METHODS for m in methods) or len(set(methods)) != len(methods):
            raise ValueError(f"{PKCE_METHODS} must list one or more of {list(pkce.METHODS)}, each once")
    if CODE_LIFETIME in changes:
        seconds = changes[CODE_LIFETIME]
        if isinstance(seconds, bool) or not isinstance(seconds, int) or not 1 <= seconds <= 86400:
            raise ValueError(f"{CODE_LIFETIME} must be a number of seconds from 1 to 86400")
