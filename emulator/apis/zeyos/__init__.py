"""The ZeyOS Standard REST API v1 and its Auth API (seed 002), table-driven.

Phase A: the domain layer only (entity table, list-query engine, record model, fixtures).  The
package has no `API` yet, so the core does not serve it (see emulator/apis/__init__.py).
"""
