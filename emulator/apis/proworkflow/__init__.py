"""ProWorkflow API v3 (seed 003): flat paths (`/companies`, `/contacts/{id}/time`, ...) at the mount
point, as below `https://api.proworkflow.net`.

The operation table (operations.py, generated from the seed) drives the route table (views.py),
the OpenAPI description (docs.py) and the list grammar (listing.py, grammar.py); the domain
modules (companies.py, contacts.py, ...) hold the rules and know no HTTP.

`spec.py` tells the core how the API looks from outside (`API`, its ApiSpec).
"""

# where it lives: all a lazy start reads before the API's first request (spec.py's ApiSpec says the same)
MOUNT = "/proworkflow"
