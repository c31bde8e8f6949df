"""The emulated APIs.  Each package exposes `API`, an emulator.core.api.ApiSpec; a package without
one is still being built and is not served."""
from __future__ import annotations

import importlib
from collections.abc import Iterable

from ..core.api import ApiSpec

# every API this project emulates, in mount order; those not built yet are simply absent
KNOWN = ("essentials", "basicops", "proworkflow", "zeyos")


def available() -> list[str]:
    names = []
    for name in KNOWN:
        try:
            module = importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{name}":
                raise
            continue
        if hasattr(module, "API"):  # a package still being built (no API yet) is not served
            names.append(name)
    return names


def load_specs(names: Iterable[str] | None = None) -> list[ApiSpec]:
    built = available()
    wanted = list(names) if names else built
    unknown = [n for n in wanted if n not in KNOWN]
    if unknown:
        raise ValueError(f"unknown api {unknown[0]!r}; known: {', '.join(KNOWN)}")
    not_built = [n for n in wanted if n not in built]
    if not_built:
        raise ValueError(f"api {not_built[0]!r} is not built yet; available: {', '.join(built)}")
    return [importlib.import_module(f"{__name__}.{n}").API for n in wanted]
