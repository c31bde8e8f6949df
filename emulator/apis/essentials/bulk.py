"""(being written)"""
from __future__ import annotations

from typing import Any


def generate(tables: dict[str, list[dict]], fake: Any, count: int) -> None:
    """Add `count` faker-made records per resource table."""
