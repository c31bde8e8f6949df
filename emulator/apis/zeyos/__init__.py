"""The ZeyOS Standard REST API v1 and its Auth API (seed 002), table-driven.

One entity table (entities.json, generated from the seed and ZeyOS's own specs by
tools/generate_entities.py) drives one generic set of views; see docs/zeyos.md for the layout and
every choice made where the sources are silent.  `spec.py` tells the core how the API looks from
outside (`API`, its ApiSpec).
"""

# where it lives: all a lazy start reads before the API's first request (spec.py's ApiSpec says the same)
MOUNT = "/zeyos/<instance>"
ROOT_MOUNT = True  # also /<instance> at the server root
CLIENT_BASE = "/api/v1"
