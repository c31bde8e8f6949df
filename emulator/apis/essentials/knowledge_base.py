"""(being written)"""
from __future__ import annotations

from flask import Blueprint


def routes(bp: Blueprint, base: str) -> None:
    """Register this resource family's routes under `base`."""
