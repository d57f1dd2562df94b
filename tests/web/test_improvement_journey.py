"""The second half of issue 20's "Done when", as a new user would try it through the pages, on SQLite and PostgreSQL:
three citizens file related 민원 on the public form (two tick "tell me about rules changed because of my
complaint", one does not); the roads division's head proposes an improvement from the three, takes it through review
and decision to finished; the outbox delivers through a real SMTP server (aiosmtpd) exactly one notice to each of
the two who agreed and none to the third; the public page /improvements shows the improvement with what was asked,
what changed and when, and no name, e-mail, phone or receipt number."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from core.extensions import db
from notifications.delivery import deliver_outbox
from notifications.models import OutboxMessage
from organization.models import Department
from tests.complaint_helpers import filed_receipt_no
from tests.helpers import login, parse, post_form, text_of
from tests.monitoring_support import Sink, free_port, start_sink

NOW = datetime(2026, 12, 7, 1, 0, tzinfo=UTC)  # 2026-12-07 10:00 KST
LATER = NOW + timedelta(days=3)
PEOPLE = [  # name, e-mail, phone, asked to be told
    ("김알림", "told.one@example.kr", "010-2222-3333", True),
    ("최소식", "told.two@example.kr", "010-4444-5555", True),
    ("박조용", "silent@example.kr", "010-6666-7777", False),
]
PROBLEM = "버스정류장 안내 화면이 자주 꺼져 도착 시각을 알 수 없다는 민원이 이어졌습니다."
CHANGED = "안내 화면 고장은 원격으로 감시하여 하루 안에 고칩니다."


@pytest.fixture
def smtp(demo, monkeypatch):
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(demo.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(demo.config, "MAIL_PORT", port)
    yield sink
    controller.stop()


def _deliver(app, now: datetime) -> dict:
    with app.app_context():
        return deliver_outbox(now=now)


def _step(client, app, improvement_id: int, step: str, **texts):
    from civil_complaints.improvements.models import Improvement

    with app.app_context():
        version = db.session.get(Improvement, improvement_id).version
    response = post_form(client, f"/staff/improvements/{improvement_id}/step",
                         {"version": version, "step": step, **texts}, form_page=f"/staff/improvements/{improvement_id}")
    assert response.status_code == 303, parse(response).select(".form-hint-invalid, [role=alert]")


def test_a_head_turns_three_complaints_into_an_improvement_and_the_two_who_agreed_are_told(demo, frozen, smtp):
    frozen(NOW)
    citizen = demo.test_client()
    receipts = [filed_receipt_no(citizen, type_code="ROAD-DAMAGE", title="정류장 안내 화면 꺼짐",
                                 content="한빛시청 앞 버스정류장 안내 화면이 또 꺼져 있습니다.", name=name, email=email,
                                 phone=phone, **({"improvement_consent": "y"} if told else {}))
                for name, email, phone, told in PEOPLE]
    assert _deliver(demo, NOW)["sent"] == 3  # the receipt notices
    smtp.envelopes.clear()

    frozen(LATER)
    head = demo.test_client()
    assert login(head, "head").status_code == 302
    with demo.app_context():
        roads = db.session.scalar(select(Department.id).where(Department.code == "HB-ROADS"))
    response = post_form(head, "/staff/improvements/new", {
        "title": "버스정류장 안내 화면 원격 감시", "problem": PROBLEM, "department_id": roads,
        "receipt_numbers": "\n".join(receipts), "progress": "0"})
    assert response.status_code == 303, parse(response).select(".form-hint-invalid")
    improvement_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = parse(head.get(f"/staff/improvements/{improvement_id}"))
    assert {a.get_text() for a in page.select("#linked-complaint-list a")} == set(receipts)
    _step(head, demo, improvement_id, "review")
    _step(head, demo, improvement_id, "start", step_decision="교통과장 결재로 결정했습니다.")
    assert _deliver(demo, LATER)["sent"] == 0  # nobody is told before it is finished
    _step(head, demo, improvement_id, "finish", step_what_changed=CHANGED, step_changed_on="2026-12-09")
    assert "완료" in text_of(parse(head.get(f"/staff/improvements/{improvement_id}")), "#improvement-summary")

    assert _deliver(demo, LATER + timedelta(minutes=1))["sent"] == 2
    delivered = {envelope.rcpt_tos[0]: envelope for envelope in smtp.envelopes}
    assert set(delivered) == {"told.one@example.kr", "told.two@example.kr"}  # not silent@example.kr
    for (name, email, _phone, _told), receipt in zip(PEOPLE[:2], receipts[:2], strict=True):
        message = next(m for m in smtp.messages() if m["To"] == email)
        assert receipt in str(message["Subject"])
        body = message.get_content()
        assert name in body and CHANGED in body and "/improvements" in body
    assert _deliver(demo, LATER + timedelta(hours=1))["claimed"] == 0  # once each
    with demo.app_context():
        assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.recipient == "silent@example.kr",
                                                                OutboxMessage.template != "complaint_received")
                                 ) is None

    public = demo.test_client().get("/improvements")
    assert public.status_code == 200
    main = parse(public).select_one("main").get_text(" ")
    assert "버스정류장 안내 화면 원격 감시" in main and PROBLEM in main and CHANGED in main
    assert "2026. 12. 9." in main
    for name, email, phone, _told in PEOPLE:
        assert name not in main and email not in main and phone not in main
    assert not re.search(r"HB-\d{4}-\d{6}|@|010-\d{4}", main)
