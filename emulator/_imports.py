"""marshmallow, imported without compiling its e-mail validator's patterns until they are used.

`marshmallow.validate` compiles `Email.USER_REGEX` and `Email.DOMAIN_REGEX` as it is imported:
case-insensitive patterns over every Unicode letter, whose character sets take Python's regular
expression compiler about 260 M instructions (60-80 ms on the project's machine, a fifth of the
emulator's start-up).  The emulator never validates e-mail addresses with marshmallow.  So while
`marshmallow.validate` is imported, its own module-level `re.compile` calls return `LazyPattern`s,
which compile on first use; every other caller of `re.compile` is left alone, and `re.compile`
is put back before the import returns.
"""
from __future__ import annotations

import re
import sys
from typing import Any

_MODULE = "marshmallow.validate"


class LazyPattern:
    """A compiled pattern made on first use; attributes (`match`, `pattern`, ...) are the pattern's."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, pattern: Any, flags: int) -> None:
        self._args = (pattern, flags)
        self._compiled: re.Pattern | None = None

    def compiled(self) -> re.Pattern:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return self._compiled

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):  # probes such as ABCMeta's __isabstractmethod__ compile nothing
            raise AttributeError(name)
        return getattr(self.compiled(), name)

    def __repr__(self) -> str:
        return f"LazyPattern({self._args[0]!r:.40}, {self._args[1]})"


def import_marshmallow() -> None:
    """Import marshmallow (once per process), its validators' module-level patterns deferred."""
    if _MODULE in sys.modules:
        return
    real = re.compile

    def deferring(pattern: Any, flags: int = 0) -> Any:
        if sys._getframe(1).f_globals.get("__name__") == _MODULE:
            return LazyPattern(pattern, flags)
        return real(pattern, flags)

    re.compile = deferring  # type: ignore[assignment]
    try:
        import marshmallow  # noqa: F401  (imports marshmallow.validate)
    finally:
        re.compile = real  # type: ignore[assignment]
