"""ZeyOS's OAuth 2.0 API (oauth2.json), at `/<instance>/oauth2/v1`.

| module | holds |
|---|---|
| `clients.py` | applications as OAuth clients; client authentication; redirect URI matching |
| `pkce.py` | RFC 7636 challenges and verifiers |
| `authorize.py` | GET /authorize: the request's checks, the settings' consent, the answer |
| `issued.py` | codes, access and refresh tokens as `_credentials` rows; lifetimes by the emulator's clock |
| `grants.py` | /token's grants, /revoke, /introspect |
| `userinfo.py` | /userinfo's claims |
| `errors.py` | RFC 6749 §5.2 JSON errors |
| `views.py` | HTTP parsing and answers |
| `docs.py` | the route table's rows and their OpenAPI descriptions |

The rules know no HTTP: they take the instance (a TenantDB), the client and plain parameters.
"""
from .docs import routes

__all__ = ["routes"]
