"""PostgreSQL's string matching for ZeyOS filters: `~` (regular expressions) and `~~` (LIKE).

ZeyOS passes these operators straight to PostgreSQL, so a pattern must mean here what it means
there.  PostgreSQL's "advanced regular expressions" (AREs) differ from Python's in ways a client
notices: `.` matches a newline and `$` only matches at the very end (no newline-sensitive mode by
default), `\\b` is a backspace, `\\y` is a word boundary, `\\m`/`\\M` mark a word's start and end,
bounds stop at 255, and `***=` makes the rest literal.  The pattern is translated token by token.

PostgreSQL's engine is a hybrid DFA/NFA that does not backtrack catastrophically: `(a+)+$` on a long
string answers at once.  So a translated pattern runs on RE2 (linear time, same answer for a
yes/no match), and only patterns RE2 cannot express (back references, lookaround, `\\m`/`\\M`) run on
the `regex` module, bounded by a deadline shared by the whole query.  A query that runs past it
answers the seed's runtime error (500) instead of hanging the server.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from types import ModuleType

import re2

from ...core.api import ApiError
from .errors import INVALID_REGEX, INVALID_VALUE, runtime_error

DUP_MAX = 255  # PostgreSQL's RE_DUP_MAX: {m,n} beyond this is "invalid repetition count(s)"
BACKTRACK_BUDGET = 0.5  # seconds one query may spend in backtracking patterns (see module doc)
_END = object()  # "end of string": \Z for `regex`, \z for RE2
_ANY, _ONE = object(), object()  # LIKE's % and _
_POSIX_CLASSES = {"alpha", "digit", "alnum", "upper", "lower", "space", "blank", "punct", "print",
                  "graph", "cntrl", "xdigit", "word"}
_RE2_OPTIONS = re2.Options()
_RE2_OPTIONS.log_errors = False  # a pattern RE2 refuses falls back to `regex`; no stderr noise


def _regex() -> ModuleType:
    """The `regex` module, imported when a pattern first needs it: its import builds tables for
    tens of milliseconds, which every start of the emulator would otherwise pay."""
    import regex

    return regex


class Deadline:
    """The time a query may still spend in backtracking regular expressions."""

    def __init__(self, seconds: float = BACKTRACK_BUDGET) -> None:
        self.until = time.monotonic() + seconds

    def remaining(self) -> float:
        left = self.until - time.monotonic()
        if left <= 0:
            raise runtime_error("regular expression ran past the query's time budget")
        return left


@dataclass
class _Translation:
    tokens: list
    flags: str  # inline flags: s (dot matches newline), i, m
    backtracking: bool  # needs the `regex` module (back references, lookaround, \m, \M)


def _bad() -> ApiError:
    return ApiError(400, INVALID_REGEX)


def translate(pattern: str, case_insensitive: bool = False) -> _Translation:
    """A PostgreSQL ARE as tokens of a Python-`regex`/RE2 pattern (see the module doc)."""
    newline_sensitive = False
    partial = inverse_partial = False
    literal = False
    icase = case_insensitive
    expanded = False
    text = pattern
    if text.startswith("***="):
        literal, text = True, text[4:]
    elif text.startswith("***:"):
        text = text[4:]
    if not literal and text.startswith("(?"):
        end = text.find(")")
        opts = text[2:end] if end > 0 else ""
        if end > 0 and opts.isalpha():
            for ch in opts:
                if ch == "i":
                    icase = True
                elif ch == "c":
                    icase = False
                elif ch in "nm":
                    newline_sensitive = True
                elif ch == "s":
                    newline_sensitive = partial = inverse_partial = False
                elif ch == "p":
                    partial = True
                elif ch == "w":
                    inverse_partial = True
                elif ch == "q":
                    literal = True
                elif ch == "x":
                    expanded = True
                elif ch in "et":
                    pass  # ERE / tight syntax: what follows reads the same here
                else:
                    raise _bad()  # b (BRE) and unknown options
            text = text[end + 1:]
    if literal:
        return _Translation([_regex().escape(text)], "i" if icase else "s", False)
    dot_newline = not (newline_sensitive or partial)
    anchors_at_newline = newline_sensitive or inverse_partial
    flags = ("s" if dot_newline else "") + ("i" if icase else "") + ("m" if anchors_at_newline else "")
    tokens: list = []
    backtracking = False
    i, n = 0, len(text)
    depth = 0
    groups = 0
    while i < n:
        c = text[i]
        if expanded and c in " \t\n\r\f\v":
            i += 1
            continue
        if expanded and c == "#":
            while i < n and text[i] != "\n":
                i += 1
            continue
        if c == "\\":
            tok, i, needs = _escape(text, i, groups, in_class=False)
            backtracking |= needs
            tokens.append(tok)
            continue
        if c == "[":
            tok, i, needs = _bracket(text, i, dot_newline)
            backtracking |= needs
            tokens.append(tok)
            continue
        if c == "(":
            if text.startswith("(?:", i):
                tokens.append("(?:")
                i += 3
            elif text.startswith(("(?=", "(?!"), i):
                tokens.append(text[i:i + 3])
                backtracking = True
                i += 3
            elif text.startswith(("(?<=", "(?<!"), i):
                tokens.append(text[i:i + 4])
                backtracking = True
                i += 4
            elif text.startswith("(?", i):
                raise _bad()
            else:
                tokens.append("(")
                groups += 1
                i += 1
            depth += 1
            continue
        if c == ")":
            if depth == 0:
                raise _bad()
            depth -= 1
            tokens.append(")")
            i += 1
            continue
        if c == "{":
            j = text.find("}", i)
            body = text[i + 1:j] if j > 0 else ""
            parts = body.split(",")
            if j > 0 and 1 <= len(parts) <= 2 and parts[0].isdigit() and (len(parts) == 1 or parts[1] == ""
                                                                           or parts[1].isdigit()):
                bounds = [int(p) for p in parts if p != ""]
                if any(b > DUP_MAX for b in bounds) or (len(bounds) == 2 and bounds[0] > bounds[1]):
                    raise _bad()
                if not tokens or tokens[-1] in ("(", "(?:", "|"):
                    raise _bad()
                tokens.append(text[i:j + 1])
                i = j + 1
                if i < n and text[i] == "?":
                    tokens.append("?")
                    i += 1
                continue
            raise _bad()
        if c in "*+?":
            if not tokens or tokens[-1] in ("(", "(?:", "|"):
                raise _bad()
            tokens.append(c)
            i += 1
            if i < n and text[i] == "?":
                tokens.append("?")
                i += 1
            continue
        if c == "$":
            tokens.append("$" if anchors_at_newline else _END)
            i += 1
            continue
        if c == "." and not dot_newline:
            tokens.append("[^\\n]")
            i += 1
            continue
        if c in "^.|":
            tokens.append(c)
            i += 1
            continue
        tokens.append(_regex().escape(c))
        i += 1
    if depth:
        raise _bad()
    return _Translation(tokens, flags, backtracking)


_SIMPLE_ESCAPES = {"a": "\\x07", "b": "\\x08", "B": "\\\\", "e": "\\x1b", "f": "\\f", "n": "\\n",
                   "r": "\\r", "t": "\\t", "v": "\\v"}


def _escape(text: str, i: int, groups: int, in_class: bool) -> tuple[object, int, bool]:
    """One backslash escape at text[i]; returns (token, next index, needs backtracking)."""
    if i + 1 >= len(text):
        raise _bad()
    c = text[i + 1]
    if c in _SIMPLE_ESCAPES:
        return _SIMPLE_ESCAPES[c], i + 2, False
    if c in "dDsSwW":
        return "\\" + c, i + 2, False
    if c == "c" and i + 2 < len(text):
        return f"\\x{ord(text[i + 2]) & 0x1F:02x}", i + 3, False
    if c == "x":
        j = i + 2
        while j < len(text) and text[j] in "0123456789abcdefABCDEF":
            j += 1
        digits = text[i + 2:j]
        return (f"\\x{{{int(digits, 16):x}}}" if digits else "x"), j, False
    if c in "uU":
        size = 4 if c == "u" else 8
        digits = text[i + 2:i + 2 + size]
        if len(digits) != size or any(d not in "0123456789abcdefABCDEF" for d in digits):
            raise _bad()
        return f"\\x{{{int(digits, 16):x}}}", i + 2 + size, False
    if not in_class:
        if c == "A":
            return "\\A", i + 2, False
        if c == "Z":
            return _END, i + 2, False
        if c == "y":
            return "\\b", i + 2, False
        if c == "Y":
            return "\\B", i + 2, False
        if c == "m":
            return "\\b(?=\\w)", i + 2, True
        if c == "M":
            return "\\b(?<=\\w)", i + 2, True
        if c.isdigit() and c != "0":
            j = i + 1
            while j < len(text) and text[j].isdigit() and int(text[i + 1:j + 1]) <= max(groups, 9):
                j += 1
            ref = int(text[i + 1:j])
            if ref > groups:
                raise _bad()
            return f"(?:\\{ref})", j, True
    if c == "0" or (c.isdigit() and in_class):
        j = i + 1
        while j < len(text) and j < i + 4 and text[j] in "01234567":
            j += 1
        return f"\\x{{{int(text[i + 1:j] or '0', 8):x}}}", j, False
    if c.isalnum():
        raise _bad()  # PostgreSQL: "invalid escape \ sequence"
    return _regex().escape(c), i + 2, False


def _bracket(text: str, i: int, dot_newline: bool) -> tuple[str, int, bool]:
    """A bracket expression `[...]` starting at text[i]."""
    j = i + 1
    out = ["["]
    if j < len(text) and text[j] == "^":
        out.append("^")
        j += 1
        if not dot_newline:
            out.append("\\n")  # newline-sensitive: [^...] never matches a newline
    first = True
    while j < len(text):
        c = text[j]
        if c == "]" and not first:
            out.append("]")
            return "".join(out), j + 1, False
        first = False
        if text.startswith("[:", j):
            end = text.find(":]", j + 2)
            name = text[j + 2:end] if end > 0 else ""
            if name in ("<", ">"):
                raise _bad()  # [[:<:]] only stands alone: handled by the caller's check below
            if name not in _POSIX_CLASSES:
                raise _bad()
            out.append("\\w" if name == "word" else f"[:{name}:]")
            j = end + 2
            continue
        if text.startswith(("[.", "[="), j):
            close = text[j + 1] + "]"
            end = text.find(close, j + 2)
            if end < 0:
                raise _bad()
            out.append(_regex().escape(text[j + 2:end]))
            j = end + 2
            continue
        if c == "\\":
            tok, j, _ = _escape(text, j, 0, in_class=True)
            out.append(tok if isinstance(tok, str) else "")
            continue
        if c in "[]":
            out.append("\\" + c)
            j += 1
            continue
        out.append(c)
        j += 1
    raise _bad()


def _render(tokens: list, end: str) -> str:
    return "".join(end if t is _END else t for t in tokens)


def compile_regex(pattern: str, case_insensitive: bool, deadline: Deadline) -> Callable[[str], bool]:
    """A `text -> bool` that answers like PostgreSQL's `text ~ pattern` (or `~*`)."""
    # PostgreSQL's word-boundary brackets are whole tokens; rewrite them before tokenising
    pattern = pattern.replace("[[:<:]]", "\\m").replace("[[:>:]]", "\\M")
    t = translate(pattern, case_insensitive)
    prefix = f"(?{t.flags})" if t.flags else ""
    if not t.backtracking:
        try:
            compiled = re2.compile(prefix + _render(t.tokens, "\\z"), _RE2_OPTIONS)
        except re2.error:
            compiled = None
        if compiled is not None:
            search = compiled.search
            return lambda text: search(text) is not None
    rx = _regex()
    try:
        slow = rx.compile(prefix + _render(t.tokens, "\\Z"), rx.V0)
    except rx.error:
        raise _bad() from None

    def match(text: str) -> bool:
        try:
            return slow.search(text, timeout=deadline.remaining()) is not None
        except TimeoutError:
            raise runtime_error("regular expression ran past the query's time budget") from None

    return match


# -- LIKE ---------------------------------------------------------------------------------------
def compile_like(pattern: str, case_insensitive: bool) -> Callable[[str], bool]:
    """A `text -> bool` for PostgreSQL's `text LIKE pattern` (`ILIKE` when case_insensitive).

    `%` is any run of characters, `_` exactly one, and a backslash makes the next character
    literal; a pattern ending in a lone backslash is an error in PostgreSQL as here."""
    parts: list = []  # literal text, _ANY for %, _ONE for _
    buf: list[str] = []
    wild_one = False
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            if i + 1 >= len(pattern):
                raise ApiError(400, INVALID_VALUE)  # "LIKE pattern must not end with escape character"
            buf.append(pattern[i + 1])
            i += 2
            continue
        if c == "%":
            parts.append("".join(buf))
            buf = []
            parts.append(_ANY)
        elif c == "_":
            wild_one = True
            parts.append("".join(buf))
            buf = []
            parts.append(_ONE)
        else:
            buf.append(c)
        i += 1
    parts.append("".join(buf))
    parts = [p for p in parts if p != ""]
    fold = str.lower if case_insensitive else None
    if not wild_one:
        # the common shapes run as plain string operations
        lits = [p for p in parts if p is not _ANY]
        if _ANY not in parts:
            want = "".join(lits)
            want = fold(want) if fold else want
            return (lambda s: s.lower() == want) if fold else (lambda s: s == want)
        if len(lits) == 1:
            lit = fold(lits[0]) if fold else lits[0]
            starts, ends = parts[0] is not _ANY, parts[-1] is not _ANY
            if starts and not ends:
                return (lambda s: s.lower().startswith(lit)) if fold else (lambda s: s.startswith(lit))
            if ends and not starts:
                return (lambda s: s.lower().endswith(lit)) if fold else (lambda s: s.endswith(lit))
            if not starts and not ends:
                return (lambda s: lit in s.lower()) if fold else (lambda s: lit in s)
        if not lits:
            return lambda s: True
    body = "".join(".*" if p is _ANY else "." if p is _ONE else re2.escape(p) for p in parts)
    compiled = re2.compile(("(?si)" if case_insensitive else "(?s)") + "\\A" + body + "\\z", _RE2_OPTIONS)
    search = compiled.search
    return lambda s: search(s) is not None
