"""The ZeyOS Standard REST API v1 and its Auth API (seed 002), table-driven.

One entity table (entities.json, generated from the seed and ZeyOS's own specs by
tools/generate_entities.py) drives one generic set of views; see docs/zeyos.md for the layout and
every choice made where the sources are silent.
"""
from .spec import API

__all__ = ["API"]
