"""Outbox delivery through a real SMTP server (aiosmtpd) and an HTTP SMS gateway stub."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta
from email.header import decode_header, make_header

import pytest

from app.demo import seed_demo
from core.clock import KST
from core.extensions import db
from notifications.delivery import claim_due, deliver_outbox
from notifications.mail import message_id
from notifications.models import OutboxMessage
from notifications.services import enqueue
from notifications.sms_stub import start_stub_server
from tests.monitoring_support import (
    Authenticator,
    Sink,
    file_complaint_at,
    free_port,
    make_certificate,
    server_tls_context,
    start_sink,
)

NOW = datetime(2026, 12, 1, 10, 0, tzinfo=KST).astimezone(UTC)


@pytest.fixture
def smtp(ctx, monkeypatch):
    """A plain SMTP sink on a free port, configured as the app's mail server."""
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port)
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(ctx.config, "MAIL_PORT", port)
    yield sink, port
    controller.stop()


def _queue(n: int, *, prefix: str = "t", channel: str = "email", recipient: str = "hong@example.kr") -> list[str]:
    keys = []
    for i in range(n):
        key = f"{prefix}:{i}"
        enqueue(key=key, channel=channel, recipient=recipient, template="complaint_due_changed", language="ko",
                now=NOW, payload={"name": "홍길동", "receipt_no": f"HB-2612-{i:06d}", "title": "도로 파임",
                                  "due": "2026. 12. 10.", "department": "도로과", "department_phone": "031-000-2100"})
        keys.append(key)
    db.session.commit()
    return keys


def _statuses() -> dict[str, str]:
    return dict(db.session.query(OutboxMessage.idempotency_key, OutboxMessage.status))


def test_receipt_notice_goes_out_over_smtp_with_korean_headers(smtp, tmp_path):
    sink, _ = smtp
    seed_demo(now=NOW)
    complaint = file_complaint_at("ROAD-DAMAGE", NOW, now=NOW, upload_dir=tmp_path)  # its receipt notice queued
    db.session.commit()
    counts = deliver_outbox(now=NOW)
    assert counts["sent"] == 1
    (envelope,), (message,) = sink.envelopes, sink.messages()
    assert envelope.rcpt_tos == ["hong@example.kr"] and envelope.mail_from == "noreply@hanbit.example.go.kr"
    assert message["Subject"] == f"[한빛시] 민원이 접수되었습니다 (접수번호 {complaint.receipt_no})"
    raw_subject = envelope.content.decode("ascii").split("Subject: ", 1)[1].split("\r\n")[0]
    assert raw_subject.startswith("=?utf-8?")  # RFC 2047, not raw 8-bit bytes
    assert str(make_header(decode_header(message["From"]))) == "한빛시 <noreply@hanbit.example.go.kr>"
    assert message["Message-ID"] == message_id(f"received:{complaint.receipt_no}", "noreply@hanbit.example.go.kr")
    assert message["Date"] and message["Auto-Submitted"] == "auto-generated"
    body = message.get_content()
    assert "홍길동님, 신청하신 민원이 접수되었습니다." in body and complaint.receipt_no in body
    row = db.session.query(OutboxMessage).one()
    assert (row.status, row.transport, row.attempts, row.sent_at) == ("sent", "smtp", 1, NOW)


def test_starttls_and_login_when_configured(ctx, monkeypatch, tmp_path):
    cert, key = make_certificate(tmp_path)
    sink, port = Sink(), free_port()
    controller = start_sink(sink, port, tls_context=server_tls_context(cert, key), require_starttls=True,
                            authenticator=Authenticator("mailer", "s3cret-pass"), auth_required=True,
                            auth_require_tls=True)
    try:
        for name, value in {"MAIL_SERVER": "127.0.0.1", "MAIL_PORT": port, "MAIL_USE_TLS": True,
                            "MAIL_USERNAME": "mailer", "MAIL_PASSWORD": "wrong", "MAIL_TLS_CA_FILE": str(cert)}.items():
            monkeypatch.setitem(ctx.config, name, value)
        _queue(2)
        refused = deliver_outbox(now=NOW)
        assert refused["retry"] == 1 and refused["released"] == 1 and sink.envelopes == []
        assert "login refused: 535" in db.session.query(OutboxMessage).filter_by(attempts=1).one().last_error
        monkeypatch.setitem(ctx.config, "MAIL_PASSWORD", "s3cret-pass")
        delivered = deliver_outbox(now=NOW + timedelta(hours=1))
        assert delivered["sent"] == 2
        assert sorted(m["Subject"] for m in sink.messages()) == [
            "[민원] 처리기한이 바뀌었습니다 (접수번호 HB-2612-000000)",
            "[민원] 처리기한이 바뀌었습니다 (접수번호 HB-2612-000001)"]
        assert set(_statuses().values()) == {"sent"}
    finally:
        controller.stop()


def test_a_crashed_smtp_server_loses_nothing_and_sends_each_message_once(ctx, monkeypatch):
    port = free_port()
    sink = Sink(crash_on=3)
    controller = start_sink(sink, port)
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(ctx.config, "MAIL_PORT", port)
    keys = _queue(5)
    first = deliver_outbox(now=NOW)
    controller.stop()  # the server stays down for a while
    assert (first["sent"], first["retry"], first["released"]) == (2, 1, 2)
    assert sorted(_statuses().values()) == ["pending", "pending", "pending", "sent", "sent"]
    down = deliver_outbox(now=NOW + timedelta(seconds=5))
    assert down["sent"] == 0 and "pending" in _statuses().values()
    db.session.expire_all()
    waiting = [m for m in db.session.query(OutboxMessage) if m.status != "sent"]
    assert len(waiting) == 3 and all(m.status == "pending" and m.claimed_by is None for m in waiting)
    assert sorted(m.attempts for m in waiting) == [0, 1, 1]  # tried once each when the server was gone
    sink.crash_on = None
    controller = start_sink(sink, port)
    try:
        back = deliver_outbox(now=NOW + timedelta(minutes=30))
        again = deliver_outbox(now=NOW + timedelta(hours=2))
    finally:
        controller.stop()
    assert back["sent"] == 3 and again["claimed"] == 0
    ids = [m["Message-ID"] for m in sink.messages()]
    assert len(ids) == 5 and len(set(ids)) == 5
    assert sorted(ids) == sorted(message_id(k, "noreply@hanbit.example.go.kr") for k in keys)
    assert set(_statuses().values()) == {"sent"}


def test_refused_recipient_fails_at_once(smtp, monkeypatch):
    sink, _ = smtp

    async def handle_RCPT(server, session, envelope, address, rcpt_options):  # noqa: N802
        return "550 5.1.1 no such user"

    monkeypatch.setattr(sink, "handle_RCPT", handle_RCPT, raising=False)
    _queue(1)
    assert deliver_outbox(now=NOW)["failed"] == 1
    row = db.session.query(OutboxMessage).one()
    assert (row.status, row.attempts, row.next_attempt_at) == ("failed", 1, None)
    assert "550" in row.last_error and deliver_outbox(now=NOW + timedelta(days=1))["claimed"] == 0


def test_backoff_grows_and_stops_after_max_attempts(ctx, monkeypatch):
    monkeypatch.setitem(ctx.config, "MAIL_SERVER", "127.0.0.1")
    monkeypatch.setitem(ctx.config, "MAIL_PORT", free_port())  # nothing listens there
    monkeypatch.setitem(ctx.config, "OUTBOX_MAX_ATTEMPTS", 3)
    _queue(1)
    at, delays = NOW, []
    for _ in range(3):
        assert deliver_outbox(now=at)["claimed"] == 1
        row = db.session.query(OutboxMessage).one()
        if row.status == "pending":
            delays.append(row.next_attempt_at - at)
            assert deliver_outbox(now=row.next_attempt_at - timedelta(seconds=1))["claimed"] == 0
            at = row.next_attempt_at
    assert delays == [timedelta(seconds=60), timedelta(seconds=120)]
    assert (row.status, row.attempts) == ("failed", 3) and "unreachable" in row.last_error


def test_without_a_mail_server_messages_stay_in_the_local_outbox(ctx):
    _queue(2)
    assert deliver_outbox(now=NOW)["sent"] == 2
    rows = db.session.query(OutboxMessage).all()
    assert {(r.status, r.transport) for r in rows} == {("sent", "local")}
    assert all(r.provider_ref.startswith("<") for r in rows)


def test_text_messages_go_through_the_gateway_with_sms_or_lms_by_bytes(ctx, monkeypatch):
    stub = start_stub_server()
    try:
        monkeypatch.setitem(ctx.config, "SMS_API_URL", stub.url)
        enqueue(key="sms:short", channel="sms", recipient="010-1234-5678", template="complaint_satisfaction",
                language="ko", now=NOW, payload={"agency": "한빛시", "name": "홍길동", "receipt_no": "HB-2612-000001",
                                                 "title": "t", "answered": "2026. 12. 1.",
                                                 "lookup_url": "http://x.kr/l"})
        _queue(1, prefix="sms-long", channel="sms", recipient="010-9876-5432")
        db.session.commit()
        stub.state.fail_next = 1
        first = deliver_outbox(now=NOW)
        assert (first["sent"], first["retry"]) == (1, 1)
        assert deliver_outbox(now=NOW + timedelta(minutes=5))["sent"] == 1
        by_to = {m["to"]: m for m in stub.state.received}
        assert by_to["01012345678"]["type"] == "SMS" and by_to["01098765432"]["type"] == "LMS"
        assert by_to["01098765432"]["subject"].startswith("[민원]")
        assert by_to["01012345678"]["text"] == "[한빛시] 민원 HB-2612-000001 처리 만족도를 알려주세요: http://x.kr/l"
        rows = {r.idempotency_key: r for r in db.session.query(OutboxMessage)}
        assert {r.status for r in rows.values()} == {"sent"} and rows["sms:short"].transport == "http"
        assert rows["sms:short"].provider_ref.startswith("stub-")
    finally:
        stub.stop()


def test_two_deliverers_never_claim_the_same_message(clean_app):
    with clean_app.app_context():
        _queue(60)
    claimed: dict[str, list[int]] = {}
    barrier = threading.Barrier(2)

    def deliverer(name: str) -> None:
        with clean_app.app_context():
            barrier.wait()
            claimed[name] = claim_due(now=NOW, worker=name, limit=40)
            db.session.remove()

    threads = [threading.Thread(target=deliverer, args=(n,)) for n in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not set(claimed["a"]) & set(claimed["b"])
    assert len(claimed["a"]) + len(claimed["b"]) == 60
    with clean_app.app_context():
        owners = dict(db.session.query(OutboxMessage.id, OutboxMessage.claimed_by))
        assert all(owners[i] == "a" for i in claimed["a"]) and all(owners[i] == "b" for i in claimed["b"])
