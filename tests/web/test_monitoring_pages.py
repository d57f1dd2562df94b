"""Monitoring pages: jobs and runs, the outbox with retry (administrators only), monthly checks, arrival log."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from civil_complaints.complaint_models import Complaint
from civil_complaints.intake.arrivals import ComplaintArrival
from civil_complaints.reports.models import MonthlyReport
from core.clock import KST
from core.extensions import db
from notifications.delivery import deliver_outbox
from notifications.job_runner import run_job
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobRun
from notifications.services import enqueue
from organization.access_log import PersonalDataAccess
from tests.complaint_helpers import complaint_form
from tests.helpers import csrf_token_from, login, parse, post_form, text_of
from tests.integration.test_job_runner import TICK

NOW = datetime(2026, 12, 1, 1, 0, tzinfo=UTC)


def _message(key: str, *, status: str = "pending", template: str = "complaint_due_changed") -> int:
    message = enqueue(key=key, channel="email", recipient="hong.gildong@example.kr", template=template,
                      language="ko", now=NOW, payload={"name": "홍길동", "receipt_no": "HB-2612-000001",
                                                      "title": "도로 파임", "due": "2026. 12. 10.",
                                                      "department": "도로과", "department_phone": "031-000-2100",
                                                      "agency": "한빛시", "answered": "2026. 12. 1.",
                                                      "lookup_url": "http://x.kr/l"})
    message.status = status
    if status == "failed":
        message.attempts, message.last_error = 8, "SMTP server unreachable"
    db.session.commit()
    return message.id


def _client(app, account: str):
    client = app.test_client()
    login(client, account)
    return client


def test_monitoring_page_lists_jobs_last_runs_and_failures(demo):
    with demo.app_context():
        run_job(TICK, slot=NOW)
        db.session.add(JobRun(job="overdue-escalation", slot=NOW, started_at=NOW, finished_at=NOW,
                              outcome="failed", counts="{}", error="RuntimeError: database went away",
                              host="sched-2", pid=77))
        db.session.commit()
    page = parse(_client(demo, "admin").get("/admin/monitoring"))
    jobs = text_of(page, "#jobs")
    # jobs by their names for people, schedules in words; the identifiers (deliver-outbox …) are not shown
    for title in ("알림 발송", "처리기한 임박 알림", "기한 경과 독촉", "기록물 보존기간 관리"):
        assert title in jobs
    for name in ("deliver-outbox", "due-soon-reminders", "overdue-escalation", "personal-data-retention"):
        assert name not in jobs
    assert "매일 30초마다" in jobs and "평일(월~금) 08:00~18:59, 15분마다" in jobs and "매일 02:30" in jobs
    assert "cron" not in jobs and "day_of_week" not in jobs
    assert "토요일, 일요일과 공휴일에는 실행하지 않습니다" in jobs
    failures = text_of(page, "#failures")
    assert "RuntimeError: database went away" in failures and "sched-2:77" in failures
    assert "tick" in text_of(page, "#runs") and "성공" in text_of(page, "#runs")  # a job of no table: its name
    assert "기한 경과 독촉" in failures
    assert "대기: 1" in text_of(page, "#outbox-counts")  # the tick run queued one message


def test_outbox_filters_and_masks_addresses(demo):
    with demo.app_context():
        _message("a"), _message("b", status="failed"), _message("c", template="complaint_satisfaction")
    client = _client(demo, "auditor")
    page = client.get("/admin/outbox?status=failed")
    table = text_of(parse(page), "#outbox")
    assert page.status_code == 200 and "실패" in table and "대기" not in table
    assert "hong.gildong@example.kr" not in page.get_data(as_text=True)
    only = text_of(parse(client.get("/admin/outbox?template=complaint_satisfaction")), "#outbox")
    assert "만족도 조사 안내" in only and "처리기한 변경 안내" not in only and "complaint_" not in only
    assert "전자우편" in only and "email" not in only


def test_message_detail_is_rendered_and_the_view_is_logged(demo):
    with demo.app_context():
        message_id = _message("a")
    page = parse(_client(demo, "auditor").get(f"/admin/outbox/{message_id}"))
    preview = text_of(page, "#message-preview")
    assert "[민원] 처리기한이 바뀌었습니다 (접수번호 HB-2612-000001)" in preview and "홍길동님" in preview
    assert page.find("button", string=lambda s: s and "보내기" in s) is None  # auditors never change anything
    with demo.app_context():
        log = db.session.query(PersonalDataAccess).one()
        assert log.action == "view" and log.subject.startswith(f"outbox #{message_id}")


def test_admin_retries_a_failed_message_and_a_sent_one_is_never_sent_again(demo):
    with demo.app_context():
        failed, sent = _message("failed", status="failed"), _message("sent", status="sent")
    client = _client(demo, "admin")
    response = post_form(client, f"/admin/outbox/{failed}/retry", {}, form_page=f"/admin/outbox/{failed}")
    assert response.status_code == 303
    with demo.app_context():
        row = db.session.get(OutboxMessage, failed)
        assert (row.status, row.attempts) == ("pending", 0) and "retry requested by admin" in row.last_error
        assert deliver_outbox(now=datetime.now(UTC))["sent"] == 1
    token = csrf_token_from(client.get(f"/admin/outbox/{failed}"))
    client.post(f"/admin/outbox/{sent}/retry", data={"csrf_token": token})
    flashed = parse(client.get(f"/admin/outbox/{sent}")).select_one(".app-alerts").get_text()
    assert "이미 보낸 메시지" in flashed
    with demo.app_context():
        assert db.session.get(OutboxMessage, sent).status == "sent"
        assert db.session.query(OutboxMessage).filter_by(idempotency_key="sent").count() == 1


@pytest.mark.parametrize(("account", "view", "retry"), [("officer", 403, 403), ("head", 403, 403),
                                                         ("auditor", 200, 403), ("admin", 200, 303)])
def test_outbox_message_routes_by_role(demo, account, view, retry):
    with demo.app_context():
        message_id = _message("failed", status="failed")
    client = _client(demo, account)
    assert client.get(f"/admin/outbox/{message_id}").status_code == view
    token = csrf_token_from(client.get("/staff/"))
    assert client.post(f"/admin/outbox/{message_id}/retry", data={"csrf_token": token}).status_code == retry
    with demo.app_context():
        assert db.session.get(OutboxMessage, message_id).status == ("pending" if retry == 303 else "failed")


def test_monthly_checks_for_heads_auditors_and_review_officers(demo):
    with demo.app_context():
        data = {"month": "2026-11", "totals": {"received": 4, "answered": 2, "on_time": 1, "overdue": 3, "open": 2},
                "departments": [{"code": "HB-ROADS", "name_ko": "도로과", "name_en": "Roads Division", "received": 3,
                                 "answered": 2, "on_time": 1, "overdue": 2, "open": 1}]}
        db.session.add(MonthlyReport(month="2026-11", generated_at=NOW, data=json.dumps(data, ensure_ascii=False)))
        db.session.commit()
    for account in ("head", "auditor", "reviewer"):
        client = _client(demo, account)
        assert "2026-11" in text_of(parse(client.get("/staff/reports/monthly")), "#reports")
        report = parse(client.get("/staff/reports/monthly/2026-11"))
        assert "도로과 3 2 1 2 — 1" in text_of(report, "#report")  # stored before the 반려 column: shown as —
        assert client.get("/staff/reports/monthly/2026-10").status_code == 404
    assert _client(demo, "officer").get("/staff/reports/monthly/2026-11").status_code == 403
    assert _client(demo, "admin").get("/staff/reports/monthly/2026-11").status_code == 403


def test_an_arrival_is_logged_then_registered_through_the_prefilled_form(demo):
    client = _client(demo, "officer")
    response = post_form(client, "/staff/arrivals", {"channel": "fax", "arrived_on": "2026-11-27",
                                                     "arrived_time": "16:30", "summary": "팩스 1건: 가로등 고장"})
    assert response.status_code == 303
    listed = parse(client.get("/staff/arrivals"))
    assert "팩스 1건: 가로등 고장" in text_of(listed, "#arrivals")
    with demo.app_context():
        arrival_id = db.session.query(ComplaintArrival.id).scalar()
    other = _client(demo, "officer2")  # another unit: the arrival is not theirs to register
    assert "팩스 1건" not in text_of(parse(other.get("/staff/arrivals")), "#arrivals")
    assert parse(other.get(f"/staff/complaints/register?arrival={arrival_id}")).find(id="arrived_on")["value"] == ""
    form = parse(client.get(f"/staff/complaints/register?arrival={arrival_id}"))
    assert form.find(id="arrived_on")["value"] == "2026-11-27" and form.find(id="arrived_time")["value"] == "16:30"
    assert form.find(id="channel").find("option", selected=True)["value"] == "fax"
    data = complaint_form(type_code="STREETLIGHT", lookup_password="", notify_channel="email")
    data.update({"channel": "fax", "arrived_on": "2026-11-27", "arrived_time": "16:30", "received_on": "2026-11-30",
                 "received_time": "09:10"})
    registered = post_form(client, f"/staff/complaints/register?arrival={arrival_id}", data,
                           form_page=f"/staff/complaints/register?arrival={arrival_id}")
    assert registered.status_code == 303, parse(registered).select(".form-hint-invalid")
    with demo.app_context():
        complaint = db.session.query(Complaint).one()
        arrival = db.session.get(ComplaintArrival, arrival_id)
        assert arrival.complaint_id == complaint.id and arrival.registered_at is not None
        assert complaint.arrived_at == datetime(2026, 11, 27, 16, 30, tzinfo=KST)
    assert "팩스 1건" not in text_of(parse(client.get("/staff/arrivals")), "#arrivals")


def test_arrival_form_keeps_input_and_explains_errors(demo):
    client = _client(demo, "officer")
    response = post_form(client, "/staff/arrivals", {"channel": "letter", "arrived_on": "2099-01-01",
                                                     "arrived_time": "10:00", "summary": "우편"})
    soup = parse(response)
    assert response.status_code == 400 and "미래일 수 없습니다" in soup.find(id="arrived_time-error").get_text()
    assert soup.find(id="summary")["value"] == "우편"
    with demo.app_context():
        assert db.session.query(ComplaintArrival).count() == 0
