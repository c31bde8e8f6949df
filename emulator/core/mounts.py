"""Where each API lives: a fixed prefix (`/basicops`) or a template with the tenant in the path
(`/zeyos/<instance>`, and `/<instance>` at the server root), and which API a path belongs to.

One lookup serves every part of the core that must know the API of a request before or without
Flask's routing: fault rules, the journal, error rendering, OpenAPI ownership, base URLs.  It is
O(1) in the number of APIs: a dict on the first path segment, then the root fallbacks.
"""
from __future__ import annotations

from typing import Any, NamedTuple

from werkzeug.routing import BaseConverter

CONTROL_MOUNT = "/_emulator"
CONTROL_SEGMENT = "_emulator"
TENANT_CONVERTER = "tenant"
_SEEN_MAX = 4096


def is_control(path: str) -> bool:
    """The control API's paths, which no API claims, even one mounted at the root."""
    return path == CONTROL_MOUNT or path.startswith(CONTROL_MOUNT + "/")


class Mount:
    """One mount point: literal segments and at most one `<name>` segment naming the tenant."""

    def __init__(self, template: str) -> None:
        self.template = "/" + "/".join(s for s in template.split("/") if s) if template.strip("/") else ""
        self.segments = [s for s in self.template.split("/") if s]
        params = [i for i, s in enumerate(self.segments) if s.startswith("<") and s.endswith(">")]
        if len(params) > 1:
            raise ValueError(f"mount {template!r}: at most one tenant segment")
        self.param_index = params[0] if params else None
        self.param = self.segments[self.param_index][1:-1] if params else None

    @property
    def templated(self) -> bool:
        return self.param is not None

    @property
    def first_literal(self) -> str | None:
        """The first segment when it is literal (the key the lookup dict uses)."""
        if not self.segments or self.param_index == 0:
            return None
        return self.segments[0]

    def flask_prefix(self) -> str:
        """The url_prefix for Flask: the tenant segment through the tenant converter."""
        return "".join("/" + (f"<{TENANT_CONVERTER}:{self.param}>" if i == self.param_index else s)
                       for i, s in enumerate(self.segments))

    def concrete(self, tenant: str | None) -> str:
        """The mount point for one tenant; without one, the template as `{instance}`."""
        return "".join("/" + ((tenant or "{" + str(self.param) + "}") if i == self.param_index else s)
                       for i, s in enumerate(self.segments))

    def match(self, segs: list[str]) -> tuple[str | None, str] | None:
        """(tenant, path below the mount) for a path's segments (after the leading ""), or None.

        A path that stops short of the tenant segment still belongs here, with no tenant."""
        for i, seg in enumerate(self.segments):
            if i >= len(segs):
                return (None, "/") if self.param_index is not None and i <= self.param_index else None
            if i != self.param_index and segs[i] != seg:
                return None
        tenant = segs[self.param_index] if self.param_index is not None else None
        return tenant, "/" + "/".join(segs[len(self.segments):])


class Site(NamedTuple):
    """The API a path belongs to, and where in it."""

    spec: Any  # ApiSpec
    mount: Mount
    tenant: str | None  # named in the path (templated mounts)
    rel: str  # the path below the mount point

    @property
    def prefix(self) -> str:
        return self.mount.concrete(self.tenant)


class Mounts:
    """Every mount of every served API, and the path -> API lookup."""

    def __init__(self, specs: list[Any], root_api: str | None = None) -> None:
        """`specs`: ApiSpecs or LazySpecs (only name, mount and root_mount are read)."""
        self.specs = list(specs)
        self.root_api = root_api
        self._build()

    def replace(self, spec: Any) -> None:
        """The same API, now as its loaded ApiSpec (its mounts are the LazySpec's)."""
        self.specs = [spec if s.name == spec.name else s for s in self.specs]
        self._build()

    def _build(self) -> None:
        specs, root_api = self.specs, self.root_api
        # (mount, spec), the preferred mount of each API first (its base URL and OpenAPI server)
        entries: list[tuple[Mount, Any]] = []
        # a fixed API served at the root owns the root: no other API's root mount competes with it
        root_is_fixed = any(s.name == root_api and not Mount(s.mount).templated for s in specs)
        for spec in specs:
            mount = Mount(spec.mount)
            if spec.name == root_api and not mount.templated:
                mount = Mount("")
            if mount.templated and spec.root_mount and mount.first_literal is not None and not root_is_fixed:
                entries.append((Mount(f"/<{mount.param}>"), spec))
            entries.append((mount, spec))
        by_first: dict[str, list[tuple[Mount, Any]]] = {}
        root_templated: tuple[Mount, Any] | None = None
        root_fixed: tuple[Mount, Any] | None = None
        for mount, spec in entries:
            if mount.first_literal is not None:
                by_first.setdefault(mount.first_literal, []).append((mount, spec))
            elif mount.templated:
                root_templated = root_templated or (mount, spec)
            else:
                root_fixed = root_fixed or (mount, spec)
        for found in by_first.values():
            found.sort(key=lambda e: -len(e[0].segments))  # the longest mount first
        self.entries, self.by_first = entries, by_first
        self.root_templated, self.root_fixed = root_templated, root_fixed
        self.reserved = frozenset([*by_first, CONTROL_SEGMENT])
        self._seen: dict[str, Site | None] = {}  # recent answers: a client repeats its paths

    def refresh(self, path: str) -> Site | None:
        """The path's site worked out again (after `replace`), and remembered."""
        found = self._seen[path] = self._site(path)
        return found

    def site(self, path: str) -> Site | None:
        """The API this path belongs to, or None (the control API, or nobody's)."""
        try:
            return self._seen[path]
        except KeyError:
            pass
        found = self._site(path)
        if len(self._seen) >= _SEEN_MAX:
            self._seen.clear()  # bounded, whatever paths a client invents
        self._seen[path] = found
        return found

    def _site(self, path: str) -> Site | None:
        if is_control(path):
            return None
        segs = path.split("/")[1:]
        if segs and segs[-1] == "":
            segs.pop()
        first = segs[0] if segs else ""
        for mount, spec in self.by_first.get(first, ()):
            found = mount.match(segs)
            if found is not None:
                return Site(spec, mount, found[0], found[1])
        if self.root_templated is not None and first:
            mount, spec = self.root_templated
            return Site(spec, mount, first, "/" + "/".join(segs[1:]))
        if self.root_fixed is not None:
            mount, spec = self.root_fixed
            return Site(spec, mount, None, path or "/")
        return None

    def of(self, api: str) -> list[Mount]:
        return [m for m, s in self.entries if s.name == api]

    def preferred(self, api: str) -> Mount:
        for mount, spec in self.entries:
            if spec.name == api:
                return mount
        raise KeyError(api)

    def converter(self) -> type[BaseConverter]:
        """The URL converter of tenant segments: any segment but a reserved first one."""
        import re

        reserved = "|".join(re.escape(r) for r in sorted(self.reserved))

        class TenantConverter(BaseConverter):
            regex = rf"(?!(?:{reserved})$)[^/]+"

        return TenantConverter
