"""What a person does with their subscription, and what the registry does by itself. Callers commit.

- `subscribe`: a new address gets a pending record and a confirmation mail; a pending one gets its choices replaced
  and a new confirmation mail; a confirmed one is left as it is and gets a "manage your subscription" mail. The
  page answers alike in the three cases, so the form never tells whether an address is registered. At most one mail
  per address every MAIL_GAP.
- `confirm` (double opt-in), `update`, `set_consent`, `renew`, `leave`.
- Leaving erases the record (address, name, fields, consents, tokens) and the mails still waiting in the outbox for
  it; nothing of the address is kept, so subscribing again later starts afresh. Withdrawing the consent to the
  required purpose (policy news) is leaving: without it the record has no purpose left (제21조). Messages already
  sent stay in the outbox's delivery log until OUTBOX_RETENTION_DAYS, like every other sent message.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select

from core.extensions import db
from notifications.models import OutboxMessage
from policy_customers import notices, tokens
from policy_customers.domain import consent as rules
from policy_customers.models import (
    PolicyConsent,
    PolicyCustomer,
    PolicyCustomerField,
    PolicyCustomerToken,
    PolicyField,
)

MAIL_GAP = timedelta(minutes=10)


class Refused(Exception):
    """A request the rules refuse: `code` is "fields", "purposes" or "email"."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def normalise_email(text: str | None) -> str:
    return (text or "").strip().lower()


def active_fields() -> list[PolicyField]:
    return list(db.session.scalars(select(PolicyField).where(PolicyField.is_active)
                                   .order_by(PolicyField.position, PolicyField.id)))


def _fields_by_id() -> dict[int, PolicyField]:
    return {f.id: f for f in db.session.scalars(select(PolicyField))}


def _chosen_fields(codes: Iterable[str]) -> list[PolicyField]:
    wanted = set(codes)
    chosen = [f for f in active_fields() if f.code in wanted]
    if not chosen or len(chosen) != len(wanted):
        raise Refused("fields")
    return chosen


def _retention_days() -> int:
    return current_app.config["POLICY_CUSTOMER_RETENTION_DAYS"]


def _set_fields(customer: PolicyCustomer, chosen: list[PolicyField]) -> None:
    customer.field_links.clear()
    db.session.flush()
    customer.field_links.extend(PolicyCustomerField(field_id=f.id) for f in chosen)


def _give(customer: PolicyCustomer, purpose: str, ip: str, now: datetime) -> None:
    customer.consents.append(PolicyConsent(purpose=purpose, text_version=rules.CONSENT_VERSIONS[purpose],
                                           given_at=now, ip=(ip or "")[:45]))


def subscribe(email: str, *, name: str | None, field_codes: Iterable[str], purposes: Iterable[str], ip: str,
              language: str, now: datetime) -> None:
    """Record a subscription (see the module's docstring); raises Refused for a form the rules refuse."""
    address = normalise_email(email)
    purposes = set(purposes)
    if not address or len(address) > 254:
        raise Refused("email")
    if not rules.purposes_valid(purposes):
        raise Refused("purposes")
    chosen = _chosen_fields(field_codes)
    customer = db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == address))
    mail_due = customer is None or customer.last_mailed_at is None or customer.last_mailed_at + MAIL_GAP <= now
    if customer is not None and customer.status == rules.CONFIRMED:
        if mail_due:
            notices.send_manage(customer, now, _fields_by_id())
        return
    if customer is None:
        customer = PolicyCustomer(email=address, status=rules.PENDING, created_at=now)
        db.session.add(customer)
    customer.name = (name or "").strip()[:100] or None
    customer.language = language if language in ("ko", "en") else "ko"
    customer.pending_until = now + timedelta(days=current_app.config["POLICY_CUSTOMER_TOKEN_DAYS"])
    customer.consents.clear()
    db.session.flush()
    _set_fields(customer, chosen)
    for purpose in sorted(purposes):
        _give(customer, purpose, ip, now)
    db.session.flush()
    if mail_due:
        notices.send_confirmation(customer, now, _fields_by_id())


def confirm(token: str, now: datetime) -> PolicyCustomer | None:
    """Confirm the address of a pending record by its confirmation token; None for a dead or unknown token."""
    row = tokens.find(token, tokens.CONFIRM, now)
    if row is None:
        return None
    customer = db.session.get(PolicyCustomer, row.customer_id)
    row.used_at = now
    if customer.status == rules.PENDING:
        customer.status, customer.confirmed_at, customer.pending_until = rules.CONFIRMED, now, None
        _renewed(customer, now)
        notices.send_welcome(customer, now, _fields_by_id())
    return customer


def _renewed(customer: PolicyCustomer, now: datetime) -> None:
    customer.renewed_at = now
    customer.retention_until = rules.retention_end(now, _retention_days())
    customer.reminded_at = None


def customer_for(token: str, now: datetime) -> PolicyCustomer | None:
    """The record a manage link opens (pending or confirmed), or None."""
    row = tokens.find(token, tokens.MANAGE, now)
    return None if row is None else db.session.get(PolicyCustomer, row.customer_id)


def update(customer: PolicyCustomer, *, name: str | None, field_codes: Iterable[str], now: datetime) -> None:
    """Correct the name and the fields (at least one)."""
    chosen = _chosen_fields(field_codes)
    customer.name = (name or "").strip()[:100] or None
    _set_fields(customer, chosen)
    db.session.flush()


def consent_holds(customer: PolicyCustomer, purpose: str, now: datetime) -> bool:
    return rules.consents_to(facts(customer).consents, purpose, now)


def set_consent(customer: PolicyCustomer, purpose: str, *, give: bool, ip: str, now: datetime) -> bool:
    """Give or withdraw the consent to one purpose. Returns False when the record was erased (the required
    purpose withdrawn: see the module's docstring)."""
    if purpose not in rules.PURPOSES:
        raise Refused("purposes")
    if not give and purpose in rules.REQUIRED_PURPOSES:
        leave(customer, now)
        return False
    holds = consent_holds(customer, purpose, now)
    if give and not holds:
        _give(customer, purpose, ip, now)
    elif not give and holds:
        for row in customer.consents:
            if row.purpose == purpose and row.withdrawn_at is None:
                row.withdrawn_at = now
    db.session.flush()
    return True


def renew(customer: PolicyCustomer, now: datetime) -> bool:
    """Keep a confirmed record for another retention period from now; False for a pending one."""
    if customer.status != rules.CONFIRMED:
        return False
    _renewed(customer, now)
    db.session.flush()
    return True


def leave(customer: PolicyCustomer, now: datetime) -> None:
    """Erase the record and the mails not yet sent to it (see the module's docstring)."""
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.recipient == customer.email,
                                                   OutboxMessage.template.in_(notices.TEMPLATES),
                                                   OutboxMessage.status == "pending"))
    erase([customer.id])


def erase(customer_ids: list[int]) -> int:
    """Delete records by id; their fields, consents and tokens go with them (ON DELETE CASCADE)."""
    if not customer_ids:
        return 0
    db.session.flush()
    for model in (PolicyCustomerField, PolicyConsent):  # also where foreign keys are not enforced
        db.session.execute(delete(model).where(model.customer_id.in_(customer_ids)))
    db.session.execute(delete(PolicyCustomerToken).where(PolicyCustomerToken.customer_id.in_(customer_ids)))
    result = db.session.execute(delete(PolicyCustomer).where(PolicyCustomer.id.in_(customer_ids)))
    db.session.expire_all()
    return result.rowcount


def facts(customer: PolicyCustomer) -> rules.Subscriber:
    """The record as the consent rules see it."""
    fields = _fields_by_id()
    return rules.Subscriber(status=customer.status, retention_until=customer.retention_until,
                            consents=tuple(rules.Consent(c.purpose, c.given_at, c.withdrawn_at)
                                           for c in customer.consents),
                            field_codes=frozenset(fields[link.field_id].code for link in customer.field_links
                                                  if link.field_id in fields))
