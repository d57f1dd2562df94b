"""The notice of a finished improvement, through a real SMTP server (aiosmtpd): only the 민원인 who asked to be told
receives it, in the language they filed in, once — finishing again, or delivering again, sends nothing more."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.demo import seed_demo
from civil_complaints.domain.improvements import ImprovementAction as A
from civil_complaints.improvements import services
from civil_complaints.improvements.notices import queue_done_notices
from core.clock import KST
from core.extensions import db
from notifications.delivery import deliver_outbox
from tests.monitoring_support import Sink, file_complaint_at, free_port, start_sink
from tests.workflow_helpers import user

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=KST).astimezone(UTC)


@pytest.fixture
def smtp(ctx, monkeypatch):
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(ctx.config, "MAIL_PORT", port)
    yield sink
    controller.stop()


def test_only_the_complainant_who_agreed_is_told_once(smtp, tmp_path):
    seed_demo(now=NOW)
    agreed = file_complaint_at("ROAD-DAMAGE", NOW, now=NOW, upload_dir=tmp_path, email="agreed@example.kr",
                               name="Jane Doe", language="en", improvement_consent=True)
    declined = file_complaint_at("ROAD-DAMAGE", NOW, now=NOW, upload_dir=tmp_path, email="declined@example.kr")
    db.session.commit()
    assert deliver_outbox(now=NOW)["sent"] == 2  # the two receipt notices
    smtp.envelopes.clear()

    head, later = user("head"), NOW + timedelta(days=20)
    improvement = services.create(head, services.ImprovementData(
        title="Pothole checks on the day", problem="Potholes took days to fix.", department_id=head.department_id,
        receipt_numbers=[agreed.receipt_no, declined.receipt_no]), now=later)
    services.step(head, improvement, A.REVIEW, decision=None, what_changed=None, changed_on=None, now=later)
    services.step(head, improvement, A.START, decision="Decided by the head of division", what_changed=None,
                  changed_on=None, now=later)
    queued = services.step(head, improvement, A.FINISH, decision=None, what_changed="Potholes are checked the day "
                           "they are reported.", changed_on=later.astimezone(KST).date(), now=later)
    db.session.commit()
    assert queued == 1
    assert deliver_outbox(now=later)["sent"] == 1
    (envelope,), (message,) = smtp.envelopes, smtp.messages()
    assert envelope.rcpt_tos == ["agreed@example.kr"]
    subject = f"[Hanbit City] Your complaint changed how we work (receipt number {agreed.receipt_no})"
    assert message["Subject"] == subject
    body = message.get_content()
    assert "Dear Jane Doe" in body and "Potholes are checked the day they are reported." in body
    assert "2026. 12. 21." in body and "/improvements" in body

    assert queue_done_notices(improvement, now=later + timedelta(hours=1)) == 0
    db.session.commit()
    assert deliver_outbox(now=later + timedelta(hours=2))["claimed"] == 0
    assert len(smtp.envelopes) == 1
