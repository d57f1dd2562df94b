"""정책고객 (issue 20) below the pages: consent enforced by `recipients` (no one unconfirmed, left, withdrawn or
expired is listed), the retention job (pending records after their link expired, confirmed ones after their
retention, the renewal reminder 30 days before and the renewal), and the confirmation mail through a real SMTP
server (aiosmtpd) whose link confirms, with the List-Unsubscribe headers."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.demo import seed_demo
from core.extensions import db
from notifications.delivery import deliver_outbox
from notifications.models import OutboxMessage
from policy_customers import services
from policy_customers.models import PolicyCustomer, PolicyCustomerToken
from policy_customers.queries import recipients
from policy_customers.retention import apply_retention
from tests.helpers import post_form
from tests.monitoring_support import Sink, free_port, start_sink

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
def fields(ctx):
    seed_demo(now=NOW)
    db.session.commit()
    return ctx


def _subscribe(email, *, fields=("TRAFFIC",), purposes=("news",), now=NOW) -> PolicyCustomer:
    services.subscribe(email, name=None, field_codes=fields, purposes=purposes, ip="192.0.2.1", language="ko",
                       now=now)
    db.session.commit()
    return db.session.scalar(select(PolicyCustomer).where(PolicyCustomer.email == email))


def _token(customer: PolicyCustomer, template: str) -> str:
    payload = json.loads(db.session.scalar(select(OutboxMessage.payload).where(
        OutboxMessage.recipient == customer.email, OutboxMessage.template == template)
        .order_by(OutboxMessage.id.desc())))
    return payload["confirm_url" if template.endswith("confirm") else "manage_url"].rsplit("/", 1)[1]


def _confirmed(email, **options) -> PolicyCustomer:
    customer = _subscribe(email, **options)
    assert services.confirm(_token(customer, "policy_customer_confirm"), options.get("now", NOW)) is not None
    db.session.commit()
    return customer


def _listed(fields=("TRAFFIC",), purpose="news", now=NOW) -> list[str]:
    return [r.email for r in recipients(fields, purpose, now)]


def test_no_one_unconfirmed_left_withdrawn_or_expired_is_listed(fields):
    _subscribe("unconfirmed@example.kr", purposes=("news", "surveys"))
    _confirmed("ok@example.kr", purposes=("news", "surveys"))
    left = _confirmed("left@example.kr", purposes=("news", "surveys"))
    services.leave(left, NOW)
    withdrawn = _confirmed("withdrawn@example.kr", purposes=("news", "surveys"))
    services.set_consent(withdrawn, "surveys", give=False, ip="", now=NOW + DAY)
    _confirmed("expired@example.kr", purposes=("news", "surveys"), now=NOW - 731 * DAY)
    _confirmed("welfare@example.kr", fields=("WELFARE",), purposes=("news", "surveys"))
    db.session.commit()

    later = NOW + 2 * DAY
    assert _listed(now=later) == ["ok@example.kr", "withdrawn@example.kr"]
    assert _listed(purpose="surveys", now=later) == ["ok@example.kr"]
    assert _listed(("TRAFFIC", "WELFARE"), "surveys", later) == ["ok@example.kr", "welfare@example.kr"]
    assert _listed(("TRAFFIC",), "surveys", NOW + DAY / 2) == ["ok@example.kr", "withdrawn@example.kr"]
    assert _listed((), "news", later) == [] and _listed(("TRAFFIC",), "opinions", later) == []
    # the counts agree with the list
    from policy_customers.queries import counts

    found = counts(later)
    traffic = next(c for c in found.fields if c.field.code == "TRAFFIC")
    assert traffic.by_purpose == {"news": 2, "surveys": 1} and found.pending == 1


def test_the_retention_job_destroys_and_reminds(fields):
    pending = _subscribe("pending@example.kr")
    kept = _confirmed("kept@example.kr")
    renewed = _confirmed("renewed@example.kr")
    pending_id, kept_id = pending.id, kept.id

    assert apply_retention(now=NOW + 6 * DAY) == {"subscriptions_erased": 0, "renewal_reminders": 0, "links_deleted": 0}
    counts = apply_retention(now=NOW + 7 * DAY)
    assert counts["subscriptions_erased"] == 1 and db.session.get(PolicyCustomer, pending_id) is None

    before_end = NOW + 700 * DAY
    assert apply_retention(now=before_end)["renewal_reminders"] == 2
    reminders = db.session.scalars(select(OutboxMessage.recipient).where(
        OutboxMessage.template == "policy_customer_renew")).all()
    assert sorted(reminders) == ["kept@example.kr", "renewed@example.kr"]
    assert apply_retention(now=before_end + DAY)["renewal_reminders"] == 0  # once per period
    customer = db.session.get(PolicyCustomer, renewed.id)
    manage = services.customer_for(_token(customer, "policy_customer_renew"), before_end + DAY)
    assert services.renew(manage, before_end + DAY)
    db.session.commit()

    end = NOW + 730 * DAY
    counts = apply_retention(now=end)
    assert counts["subscriptions_erased"] == 1 and db.session.get(PolicyCustomer, kept_id) is None
    assert db.session.get(PolicyCustomer, renewed.id).retention_until == before_end + DAY + 730 * DAY
    assert _listed(now=end) == ["renewed@example.kr"]
    assert db.session.scalar(select(PolicyCustomerToken).where(PolicyCustomerToken.customer_id == kept_id)) is None


@pytest.fixture
def smtp(fields, monkeypatch):
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(fields.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(fields.config, "MAIL_PORT", port)
    yield sink
    controller.stop()


def test_the_confirmation_mail_arrives_over_smtp_and_its_link_confirms(fields, smtp):
    client = fields.test_client()
    response = post_form(client, "/subscribe", {"email": "Mail.Test@Example.kr", "fields": ["ENVIRONMENT"],
                                                "consent_news": "y", "consent_surveys": "y"})
    assert response.status_code == 303
    assert deliver_outbox(now=datetime.now(UTC))["sent"] == 1
    [mail] = smtp.messages()
    assert mail["To"] == "mail.test@example.kr"
    assert "정책 소식 구독을 확인해 주세요" in str(mail["Subject"])
    body = mail.get_content()
    assert "선택한 분야: 환경" in body
    confirm_url = re.search(r"(http://\S+/subscribe/confirm/\S+)", body).group(1)
    leave_url = re.search(r"구독 해지\(정보 삭제\): (\S+)", body).group(1)
    assert mail["List-Unsubscribe"] == f"<{leave_url}>"
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    path = confirm_url.removeprefix(fields.config["PUBLIC_BASE_URL"])
    assert post_form(client, path, {}).status_code == 200
    assert _listed(("ENVIRONMENT",), "surveys", datetime.now(UTC)) == ["mail.test@example.kr"]
