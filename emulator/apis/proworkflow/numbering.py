"""Autonumbering ("number": "auto") for projects, invoices and quotes.

Each account keeps, per kind, a prefix, a width and the next number in its settings:
    settings["autonumber"] = {"projects": {"prefix": "P-", "digits": 4, "next": 12}, ...}
"""
from __future__ import annotations

from typing import Any

from .context import Context

DEFAULTS = {"projects": {"prefix": "P-", "digits": 4}, "invoices": {"prefix": "INV-", "digits": 5},
            "quotes": {"prefix": "Q-", "digits": 5}}


def next_number(ctx: Context, kind: str) -> str:
    numbering: dict[str, Any] = dict(ctx.settings.get("autonumber") or {})
    rule = {**DEFAULTS[kind], **(numbering.get(kind) or {})}
    current = int(rule.get("next") or 0)
    if current <= 0:
        current = ctx.table(kind).next_id()
    rule["next"] = current + 1
    numbering[kind] = rule
    ctx.tenant.update_settings({"autonumber": numbering})
    return f"{rule['prefix']}{current:0{int(rule['digits'])}d}"
