"""The consent rules of the policy-customer registry (policy_customers/domain/consent.py), pure."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from policy_customers.domain import consent as rules
from policy_customers.domain.consent import Consent, Subscriber

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def subscriber(**changes) -> Subscriber:
    facts = {"status": "confirmed", "retention_until": NOW + 100 * DAY,
             "consents": (Consent("news", NOW - DAY),), "field_codes": frozenset({"TRAFFIC"})}
    return Subscriber(**{**facts, **changes})


@pytest.mark.parametrize(("facts", "purpose", "reason"), [
    (subscriber(), "news", None),
    (subscriber(status="pending"), "news", "unconfirmed"),
    (subscriber(retention_until=NOW), "news", "expired"),
    (subscriber(retention_until=None), "news", "expired"),
    (subscriber(), "surveys", "no_consent"),
    (subscriber(consents=(Consent("news", NOW - DAY, withdrawn_at=NOW - 1 * DAY / 24),)), "news", "no_consent"),
    (subscriber(consents=(Consent("news", NOW + DAY),)), "news", "no_consent"),  # not given yet at `now`
    (subscriber(consents=(Consent("news", NOW - 2 * DAY, NOW - DAY), Consent("news", NOW - DAY / 2))), "news",
     None),  # withdrawn, then given again
    (subscriber(), "opinions", "unknown_purpose"),
])
def test_who_may_receive_what(facts, purpose, reason):
    assert rules.refusal(facts, purpose, NOW) == reason
    assert rules.may_receive(facts, purpose, NOW) is (reason is None)


def test_fields_narrow_the_recipients():
    assert rules.refusal(subscriber(), "news", NOW, ["WELFARE"]) == "other_fields"
    assert rules.may_receive(subscriber(), "news", NOW, ["WELFARE", "TRAFFIC"])


def test_retention_and_its_reminder():
    confirmed_at = NOW - 700 * DAY
    end = rules.retention_end(confirmed_at, 730)
    assert end == NOW + 30 * DAY
    facts = subscriber(retention_until=end)
    assert rules.reminder_due(facts, NOW, None)
    assert not rules.reminder_due(facts, NOW - DAY, None)  # 31 days before: not yet
    assert not rules.reminder_due(facts, NOW + DAY, NOW)  # reminded in this period already
    assert rules.reminder_due(facts, NOW, end - 400 * DAY)  # a reminder of an earlier period does not count
    assert not rules.reminder_due(subscriber(status="pending", retention_until=end), NOW, None)
    assert not rules.to_destroy(facts, end - DAY, None) and rules.to_destroy(facts, end, None)
    pending = subscriber(status="pending", retention_until=None)
    assert not rules.to_destroy(pending, NOW, NOW + DAY) and rules.to_destroy(pending, NOW + DAY, NOW + DAY)


def test_a_subscription_needs_the_required_purpose():
    assert rules.purposes_valid({"news"}) and rules.purposes_valid({"news", "surveys"})
    assert not rules.purposes_valid({"surveys"}) and not rules.purposes_valid({"news", "stance"})
