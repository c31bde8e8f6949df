"""A local, stateful emulator of the ZeyOS, BasicOps, ProWorkflow and Essentials REST APIs."""
from __future__ import annotations

__version__ = "0.1.0"


def create_app(*args, **kwargs):  # noqa: ANN002, ANN003 - see emulator.core.app.create_app
    """Build the WSGI app.  Imported lazily so `import emulator` stays cheap."""
    from .core.app import create_app as _create_app

    return _create_app(*args, **kwargs)


create_app.__doc__ = "Build the WSGI app; see emulator.core.app.create_app for the arguments."
__all__ = ["create_app", "__version__"]
