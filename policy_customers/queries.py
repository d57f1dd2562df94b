"""Who may receive a message, and the counts staff see (never an address).

`recipients(field_codes, purpose, now)` is what policy news and surveys send to: the database narrows the records
(confirmed, not past retention, a live consent to the purpose, one of the fields), then every record is checked
again by the pure rules (`domain/consent.py:may_receive`), so a message can go only to whom the rules allow.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, or_, select

from core.extensions import db
from policy_customers.domain import consent as rules
from policy_customers.models import PolicyConsent, PolicyCustomer, PolicyCustomerField, PolicyField


@dataclass(frozen=True)
class Recipient:
    customer_id: int
    email: str
    name: str | None
    language: str
    field_codes: frozenset[str]


def _live_consent(purpose: str, now: datetime):
    return exists().where(PolicyConsent.customer_id == PolicyCustomer.id, PolicyConsent.purpose == purpose,
                          PolicyConsent.given_at <= now,
                          or_(PolicyConsent.withdrawn_at.is_(None), PolicyConsent.withdrawn_at > now))


def _eligible(purpose: str, now: datetime):
    return and_(PolicyCustomer.status == rules.CONFIRMED, PolicyCustomer.retention_until > now,
                _live_consent(purpose, now))


def recipients(field_codes: Iterable[str], purpose: str, now: datetime,
               only_ids: Iterable[int] | None = None) -> list[Recipient]:
    """Every subscriber who may receive a message of `purpose` about any of `field_codes` at `now`, by id (of
    `only_ids`, when given: the next batch of a message being sent)."""
    codes = frozenset(field_codes)
    if purpose not in rules.PURPOSES or not codes:
        return []
    in_fields = exists().where(PolicyCustomerField.customer_id == PolicyCustomer.id,
                               PolicyCustomerField.field_id == PolicyField.id, PolicyField.code.in_(codes))
    query = select(PolicyCustomer).where(_eligible(purpose, now), in_fields).order_by(PolicyCustomer.id)
    if only_ids is not None:
        query = query.where(PolicyCustomer.id.in_(list(only_ids)))
    customers = list(db.session.scalars(query))
    if not customers:
        return []
    ids = [c.id for c in customers]
    chosen: dict[int, set[str]] = {}
    for customer_id, code in db.session.execute(select(PolicyCustomerField.customer_id, PolicyField.code)
                                                .join(PolicyField, PolicyField.id == PolicyCustomerField.field_id)
                                                .where(PolicyCustomerField.customer_id.in_(ids))):
        chosen.setdefault(customer_id, set()).add(code)
    consents: dict[int, list[rules.Consent]] = {}
    for row in db.session.scalars(select(PolicyConsent).where(PolicyConsent.customer_id.in_(ids))):
        consents.setdefault(row.customer_id, []).append(rules.Consent(row.purpose, row.given_at, row.withdrawn_at))
    found = []
    for c in customers:
        facts = rules.Subscriber(c.status, c.retention_until, tuple(consents.get(c.id, ())),
                                 frozenset(chosen.get(c.id, ())))
        if rules.may_receive(facts, purpose, now, codes):
            found.append(Recipient(c.id, c.email, c.name, c.language, facts.field_codes))
    return found


@dataclass(frozen=True)
class FieldCount:
    field: PolicyField
    by_purpose: dict[str, int]


@dataclass(frozen=True)
class Counts:
    fields: list[FieldCount]
    totals: dict[str, int]  # per purpose: subscribers who may receive it now (any field)
    confirmed: int  # confirmed and within retention
    pending: int


def counts(now: datetime) -> Counts:
    """Per field and purpose, how many may receive a message now; the totals; pending confirmations."""
    fields = list(db.session.scalars(select(PolicyField).order_by(PolicyField.position, PolicyField.id)))
    per: dict[tuple[int, str], int] = {}
    totals: dict[str, int] = {}
    for purpose in rules.PURPOSES:
        for field_id, amount in db.session.execute(
                select(PolicyCustomerField.field_id, func.count())
                .join(PolicyCustomer, PolicyCustomer.id == PolicyCustomerField.customer_id)
                .where(_eligible(purpose, now)).group_by(PolicyCustomerField.field_id)):
            per[(field_id, purpose)] = amount
        totals[purpose] = db.session.scalar(select(func.count()).select_from(PolicyCustomer)
                                            .where(_eligible(purpose, now)))
    confirmed = db.session.scalar(select(func.count()).select_from(PolicyCustomer).where(
        PolicyCustomer.status == rules.CONFIRMED, PolicyCustomer.retention_until > now))
    pending = db.session.scalar(select(func.count()).select_from(PolicyCustomer)
                                .where(PolicyCustomer.status == rules.PENDING))
    return Counts([FieldCount(f, {p: per.get((f.id, p), 0) for p in rules.PURPOSES}) for f in fields],
                  totals, confirmed, pending)
