"""The job `policy-customer-retention` (app/scheduler.py): destroy what may no longer be kept (개인정보 보호법
제21조) and offer renewal before that.

- a pending record once its confirmation link expired (POLICY_CUSTOMER_TOKEN_DAYS after the last subscription);
- a confirmed record once its retention period (POLICY_CUSTOMER_RETENTION_DAYS from the last confirmation or
  renewal) ended;
- 30 days before that end, one reminder offering to keep the subscription by one click (`/subscribe/renew/…`);
- link tokens a day after they expired.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select

from core.extensions import db
from policy_customers import notices, services
from policy_customers.domain import consent as rules
from policy_customers.models import PolicyCustomer, PolicyCustomerToken, PolicyField

CHUNK = 500


def _to_destroy(now: datetime) -> list[int]:
    candidates = db.session.scalars(select(PolicyCustomer).where(or_(
        (PolicyCustomer.status == rules.PENDING) & (PolicyCustomer.pending_until <= now),
        (PolicyCustomer.status == rules.CONFIRMED) & (PolicyCustomer.retention_until <= now))))
    return [c.id for c in candidates
            if rules.to_destroy(rules.Subscriber(c.status, c.retention_until), now, c.pending_until)]


def _remind(now: datetime) -> int:
    fields = {f.id: f for f in db.session.scalars(select(PolicyField))}
    reminded = 0
    for customer in db.session.scalars(select(PolicyCustomer).where(
            PolicyCustomer.status == rules.CONFIRMED, PolicyCustomer.retention_until > now,
            PolicyCustomer.retention_until <= now + rules.REMINDER_BEFORE)).all():
        if rules.reminder_due(rules.Subscriber(customer.status, customer.retention_until), now, customer.reminded_at):
            notices.send_renewal_reminder(customer, now, fields)
            customer.reminded_at = now
            reminded += 1
    return reminded


def apply_retention(*, now: datetime) -> dict:
    """Job: destroy expired records and tokens, remind before the end; returns the counts."""
    ids = _to_destroy(now)
    destroyed = sum(services.erase(ids[start:start + CHUNK]) for start in range(0, len(ids), CHUNK))
    reminded = _remind(now)
    tokens = db.session.execute(delete(PolicyCustomerToken).where(
        PolicyCustomerToken.expires_at <= now - timedelta(days=1))).rowcount
    db.session.commit()
    return {"subscriptions_erased": destroyed, "renewal_reminders": reminded, "links_deleted": tokens}
