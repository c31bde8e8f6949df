"""The emulated APIs.  Each package says where it lives (MOUNT, and ROOT_MOUNT, CLIENT_BASE where
they apply) and exposes `API`, an emulator.core.api.ApiSpec, from its `spec` module; a package
without a MOUNT is still being built and is not served."""
from __future__ import annotations

import importlib
from collections.abc import Iterable
from functools import partial

from ..core.api import ApiSpec, LazySpec

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
        if hasattr(module, "MOUNT"):  # a package still being built (no MOUNT yet) is not served
            names.append(name)
    return names


def _spec(name: str) -> ApiSpec:
    return importlib.import_module(f"{__name__}.{name}.spec").API


def lazy_spec(name: str) -> LazySpec:
    """The API as where it lives, its modules imported only when the emulator first needs them."""
    package = importlib.import_module(f"{__name__}.{name}")
    return LazySpec(name=name, mount=package.MOUNT, root_mount=getattr(package, "ROOT_MOUNT", False),
                    client_base=getattr(package, "CLIENT_BASE", ""), loader=partial(_spec, name))


def load_specs(names: Iterable[str] | None = None, lazy: bool = False) -> list[ApiSpec | LazySpec]:
    """The named APIs (default: every built one), imported, or as LazySpecs with `lazy`."""
    built = available()
    wanted = list(names) if names else built
    unknown = [n for n in wanted if n not in KNOWN]
    if unknown:
        raise ValueError(f"unknown api {unknown[0]!r}; known: {', '.join(KNOWN)}")
    not_built = [n for n in wanted if n not in built]
    if not_built:
        raise ValueError(f"api {not_built[0]!r} is not built yet; available: {', '.join(built)}")
    return [lazy_spec(n) if lazy else lazy_spec(n).load() for n in wanted]
