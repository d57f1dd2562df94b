"""Open311 GeoReport v2 at /open311/v2: discovery, services, filing through the web's fast path, public reading."""
