"""Who may receive what: the consent rules of the policy-customer registry as pure code.

개인정보 보호법 제15조②·제22조: consent is asked for, and recorded, per purpose; each purpose's notice states the
items, the purpose, the retention period and the right to refuse. A person receives a message of a purpose only
while all of these hold:

- the address is confirmed (double opt-in: the person clicked the link e-mailed to it);
- the person's consent to that purpose was given and not withdrawn;
- the retention period has not ended (counted from the last confirmation or renewal);
- (for a message about fields) the person chose at least one of the message's fields.

Nothing about a person's opinion or stance is part of these facts (민감정보, 제23조): only the fields they chose.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

#: 정책 소식 및 의견조사 안내 — required to subscribe at all
NEWS = "news"
#: 의견조사(설문) 참여 요청 — optional
SURVEYS = "surveys"
PURPOSES = (NEWS, SURVEYS)
REQUIRED_PURPOSES = frozenset({NEWS})
#: the version of each purpose's consent text (the notice shown on /subscribe); a changed text gets a new version,
#: and each consent row keeps the version the person agreed to
CONSENT_VERSIONS = {NEWS: "2026-12-v1", SURVEYS: "2026-12-v1"}

PENDING = "pending"
CONFIRMED = "confirmed"
STATUSES = (PENDING, CONFIRMED)

#: the renewal reminder goes this long before the retention period ends
REMINDER_BEFORE = timedelta(days=30)


@dataclass(frozen=True)
class Consent:
    purpose: str
    given_at: datetime
    withdrawn_at: datetime | None = None

    def holds(self, now: datetime) -> bool:
        return self.given_at <= now and (self.withdrawn_at is None or self.withdrawn_at > now)


@dataclass(frozen=True)
class Subscriber:
    """What the rules need to know of one record."""

    status: str
    retention_until: datetime | None
    consents: tuple[Consent, ...] = ()
    field_codes: frozenset[str] = field(default_factory=frozenset)


def retention_end(last_confirmed: datetime, retention_days: int) -> datetime:
    """The record is kept this long after its last confirmation or renewal, then destroyed (제21조)."""
    return last_confirmed + timedelta(days=retention_days)


def consents_to(consents: Iterable[Consent], purpose: str, now: datetime) -> bool:
    """A consent to `purpose` given and not withdrawn at `now`."""
    return any(c.purpose == purpose and c.holds(now) for c in consents)


def refusal(subscriber: Subscriber, purpose: str, now: datetime,
            field_codes: Iterable[str] | None = None) -> str | None:
    """Why `subscriber` may not receive a message of `purpose` at `now` (about `field_codes`, if given), or None.

    Reasons: "unknown_purpose", "unconfirmed", "expired", "no_consent", "other_fields"."""
    if purpose not in PURPOSES:
        return "unknown_purpose"
    if subscriber.status != CONFIRMED:
        return "unconfirmed"
    if subscriber.retention_until is None or subscriber.retention_until <= now:
        return "expired"
    if not consents_to(subscriber.consents, purpose, now):
        return "no_consent"
    if field_codes is not None and not subscriber.field_codes & frozenset(field_codes):
        return "other_fields"
    return None


def may_receive(subscriber: Subscriber, purpose: str, now: datetime,
                field_codes: Iterable[str] | None = None) -> bool:
    return refusal(subscriber, purpose, now, field_codes) is None


def reminder_due(subscriber: Subscriber, now: datetime, reminded_at: datetime | None) -> bool:
    """A confirmed record whose retention ends within REMINDER_BEFORE gets one renewal reminder (per period)."""
    if subscriber.status != CONFIRMED or subscriber.retention_until is None:
        return False
    if not now < subscriber.retention_until <= now + REMINDER_BEFORE:
        return False
    return reminded_at is None or reminded_at < subscriber.retention_until - REMINDER_BEFORE


def to_destroy(subscriber: Subscriber, now: datetime, pending_until: datetime | None) -> bool:
    """A pending record once its confirmation link expired; a confirmed one once its retention ended."""
    if subscriber.status == PENDING:
        return pending_until is None or pending_until <= now
    return subscriber.retention_until is None or subscriber.retention_until <= now


def purposes_valid(purposes: Iterable[str]) -> bool:
    """A subscription needs every required purpose and knows no other."""
    chosen = set(purposes)
    return REQUIRED_PURPOSES <= chosen and chosen <= set(PURPOSES)
