"""Lookup passwords of 민원인: salted HMAC-SHA256 keyed by a server secret (a "pepper").

Why not scrypt like staff passwords: a lookup password only works together with the receipt number
and the contact on file, every attempt is rate-limited, and a slow hash would cost 50–80 ms of CPU on
every filing. Without the server key (LOOKUP_PEPPER, else SECRET_KEY) the stored values are useless
to an attacker who copied the database.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

from flask import current_app

PREFIX = "hmac-sha256"


def _pepper() -> bytes:
    return (current_app.config.get("LOOKUP_PEPPER") or current_app.config["SECRET_KEY"]).encode()


def hash_lookup_password(password: str) -> str:
    salt = secrets.token_hex(16)
    digest = hmac.new(_pepper(), f"{salt}:{password}".encode(), hashlib.sha256).hexdigest()
    return f"{PREFIX}${salt}${digest}"


def check_lookup_password(stored: str | None, password: str) -> bool:
    """Constant-time comparison; an unknown or missing hash never matches."""
    if not stored or stored.count("$") != 2:
        hmac.compare_digest("x", "y")
        return False
    scheme, salt, digest = stored.split("$")
    expected = hmac.new(_pepper(), f"{salt}:{password}".encode(), hashlib.sha256).hexdigest()
    return scheme == PREFIX and hmac.compare_digest(expected, digest)
