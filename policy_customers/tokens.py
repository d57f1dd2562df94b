"""Links e-mailed to subscribers: a random token (256 bits, URL-safe) in the link, only its SHA-256 stored.

A confirmation token works once and expires after POLICY_CUSTOMER_TOKEN_DAYS (default 7); a manage token (view,
correct, withdraw, renew, leave) works until POLICY_CUSTOMER_LINK_DAYS (default 365) have passed, so the
unsubscribe link of an old message still works. A token dies with its record. Plain SHA-256 is enough for a
256-bit random value (nothing to guess), and a rotated SECRET_KEY does not break the links already sent.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import select

from core.extensions import db
from policy_customers.models import PolicyCustomer, PolicyCustomerToken

CONFIRM, MANAGE = "confirm", "manage"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _lifetime(kind: str) -> timedelta:
    config = current_app.config
    days = config["POLICY_CUSTOMER_TOKEN_DAYS"] if kind == CONFIRM else config["POLICY_CUSTOMER_LINK_DAYS"]
    return timedelta(days=days)


def issue(customer: PolicyCustomer, kind: str, now: datetime) -> str:
    """A new token of `kind` for the customer (the row is flushed); returns the token itself, never stored."""
    token = secrets.token_urlsafe(32)
    db.session.add(PolicyCustomerToken(customer_id=customer.id, kind=kind, token_hash=token_hash(token),
                                       created_at=now, expires_at=now + _lifetime(kind)))
    db.session.flush()
    return token


def find(token: str, kind: str, now: datetime) -> PolicyCustomerToken | None:
    """The live token row (not expired; a confirmation token not used yet), or None."""
    if not token or len(token) > 100:
        return None
    row = db.session.scalar(select(PolicyCustomerToken).where(PolicyCustomerToken.token_hash == token_hash(token)))
    if row is None or row.kind != kind or row.expires_at <= now:
        return None
    if kind == CONFIRM and row.used_at is not None:
        return None
    return row


def link(endpoint_path: str, token: str) -> str:
    """An absolute link for a mail (rendered outside any request): PUBLIC_BASE_URL + path + token."""
    return current_app.config["PUBLIC_BASE_URL"].rstrip("/") + endpoint_path + token
