"""The UltimatePOS Essentials integration API (seed 000): /api/v1/integration/essentials/...

Resource families live in their own modules, each with its rows of the route table (`routes()`);
`spec.py` assembles the table and tells the core how the API looks from outside (`API`).
"""

# where it lives: all a lazy start reads before the API's first request (spec.py's ApiSpec says the same)
MOUNT = "/essentials"
CLIENT_BASE = "/api"
