"""An offline geocoder for "Update a Contact's Location" with an `address` (the seed: "an error
will be returned if the geocoding fails").

The emulator never calls out: an address resolves when it names a place in PLACES (a city or a
well-known address, matched as whole words, case-insensitively, most specific first).  Tests and
fixtures can rely on these; anything else fails as an unknown address.  Accounts can add their own
places in settings["geocode"] ({"address": [lat, lng]}).
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

PLACES: dict[str, tuple[float, float]] = {
    # the seed's example address
    "123 abc street townsville 91911 usa": (40.68906, -20.182721),
    "townsville": (-19.258965, 146.816956),
    "auckland": (-36.848461, 174.763336),
    "wellington": (-41.286461, 174.776230),
    "christchurch": (-43.532054, 172.636225),
    "sydney": (-33.868820, 151.209296),
    "melbourne": (-37.813629, 144.963058),
    "brisbane": (-27.469771, 153.025124),
    "london": (51.507351, -0.127758),
    "manchester": (53.480759, -2.242631),
    "dublin": (53.349805, -6.260310),
    "paris": (48.856614, 2.352222),
    "berlin": (52.520008, 13.404954),
    "amsterdam": (52.367573, 4.904139),
    "new york": (40.712776, -74.005974),
    "san francisco": (37.774929, -122.419416),
    "los angeles": (34.052235, -118.243683),
    "chicago": (41.878113, -87.629799),
    "beverly hills": (34.073620, -118.400356),
    "toronto": (43.653226, -79.383184),
    "vancouver": (49.282729, -123.120738),
    "tokyo": (35.689487, 139.691706),
    "singapore": (1.352083, 103.819836),
    "cape town": (-33.924869, 18.424055),
}

_WORDS = re.compile(r"[^a-z0-9]+")


def normalise(address: str) -> str:
    return _WORDS.sub(" ", address.lower()).strip()


def geocode(address: str, extra: Mapping[str, Any] | None = None) -> tuple[float, float] | None:
    """(latitude, longitude) of an address, or None when it cannot be resolved."""
    text = f" {normalise(address)} "
    if not text.strip():
        return None
    places = {normalise(k): tuple(v) for k, v in (extra or {}).items()}
    places.update({k: v for k, v in PLACES.items() if k not in places})
    for place in sorted(places, key=len, reverse=True):
        if f" {place} " in text:
            lat, lng = places[place]
            return float(lat), float(lng)
    return None
