"""emulator/_imports.py: marshmallow's e-mail patterns compile on first use, and still validate."""
from __future__ import annotations

import re
import subprocess
import sys

import pytest
from marshmallow import Schema, ValidationError, fields

from emulator._imports import LazyPattern


def test_email_validator_still_validates() -> None:
    class Contact(Schema):
        email = fields.Email(required=True)

    assert Contact().load({"email": "ana@example.com"}) == {"email": "ana@example.com"}
    assert Contact().load({"email": "ünïcode@exämple.de"}) == {"email": "ünïcode@exämple.de"}
    with pytest.raises(ValidationError) as err:
        Contact().load({"email": "ana@"})
    assert err.value.messages == {"email": ["Not a valid email address."]}


def test_lazy_pattern_compiles_once_on_first_use() -> None:
    lazy = LazyPattern(r"^a+$", re.IGNORECASE)
    assert lazy._compiled is None
    assert getattr(lazy, "__isabstractmethod__", False) is False  # a probe compiles nothing
    assert lazy._compiled is None
    assert lazy.match("AAa") is not None and lazy.match("b") is None
    assert lazy.compiled() is lazy.compiled() and lazy.pattern == r"^a+$"


def test_importing_the_emulator_defers_only_marshmallows_patterns() -> None:
    """In a fresh interpreter: the two Email patterns are deferred, nothing compiled them during the
    import, and re.compile is the real one again afterwards."""
    code = (
        "import re; real = re.compile\n"
        "import emulator, marshmallow.validate as v\n"
        "from emulator._imports import LazyPattern\n"
        "e = v.Email\n"
        "assert isinstance(e.USER_REGEX, LazyPattern) and isinstance(e.DOMAIN_REGEX, LazyPattern)\n"
        "assert e.USER_REGEX._compiled is None and e.DOMAIN_REGEX._compiled is None\n"
        "assert re.compile is real\n"
        "assert v.Email()('x@example.org') == 'x@example.org'\n"
        "assert e.DOMAIN_REGEX._compiled is not None\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
