"""A local, stateful emulator of the ZeyOS, BasicOps, ProWorkflow and Essentials REST APIs."""
from __future__ import annotations

from ._imports import import_marshmallow

__version__ = "0.1.0"

# before any of the emulator's modules imports marshmallow: its e-mail patterns compile on first use
import_marshmallow()


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003 - see emulator.core.app.create_app
    """Build the WSGI app.  Imported lazily: `import emulator` does not build Flask apps."""
    from .core.app import create_app as _create_app

    return _create_app(*args, **kwargs)


create_app.__doc__ = "Build the WSGI app; see emulator.core.app.create_app for the arguments."
__all__ = ["create_app", "__version__"]
