"""Subscribers for tests that need one behind a link (policy_customers/)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from core.extensions import db
from policy_customers import services, tokens
from policy_customers.models import PolicyCustomer


def subscriber_links(email: str, *, now: datetime, confirmed: bool = True, fields=("TRAFFIC",)) -> dict[str, str]:
    """Subscribe `email` (and confirm it); return live tokens: "confirm" (pending only) and "manage". Commits."""
    services.subscribe(email, name="홍길동", field_codes=fields, purposes=("news", "surveys"), ip="192.0.2.1",
                       language="ko", now=now)
    customer = db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == email))
    links = {"manage": tokens.issue(customer, tokens.MANAGE, now)}
    confirm = tokens.issue(customer, tokens.CONFIRM, now)
    if confirmed:
        services.confirm(confirm, now)
    else:
        links["confirm"] = confirm
    db.session.commit()
    return links
