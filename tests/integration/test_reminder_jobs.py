"""Due-soon reminders, the morning digest, overdue escalation (독촉) and registration delay: who gets what, when,
once, and never on a weekend or 공휴일."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from app.demo import seed_demo
from civil_complaints.complaint_models import ComplaintEvent
from civil_complaints.intake.arrivals import ComplaintArrival, log_arrival
from civil_complaints.monitoring.registration import alert_late_registrations
from civil_complaints.monitoring.reminders import escalate_overdue, send_department_digests, send_due_soon_reminders
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from organization.models import User
from tests.monitoring_support import file_complaint_at

TUE_10 = datetime(2026, 12, 1, 10, 0, tzinfo=KST)  # ROAD-DAMAGE (3일 = 24 working hours) → due Fri 12-04 10:00


def kst(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=KST)


@pytest.fixture
def seeded(ctx):
    seed_demo(now=TUE_10)
    db.session.commit()
    return ctx


def _user(login_id: str) -> User:
    return db.session.query(User).filter_by(login_id=login_id).one()


def _sent(template: str) -> dict[str, OutboxMessage]:
    return {m.recipient: m for m in db.session.query(OutboxMessage).filter_by(template=template)}


def test_due_soon_reminds_the_departments_officers_at_1_day_and_4_hours(seeded, tmp_path):
    complaint = file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)
    db.session.commit()
    assert send_due_soon_reminders(now=kst(3, 9)) == {"due_soon": 0, "queued": 0}  # 9 working hours left
    first = send_due_soon_reminders(now=kst(3, 10))  # exactly 8 working hours (1 working day) left
    db.session.commit()
    assert first == {"due_soon": 1, "queued": 2}
    sent = _sent("staff_due_soon")
    assert set(sent) == {"officer@hanbit.example.go.kr", "head@hanbit.example.go.kr"}  # unassigned: every officer
    subject, body = render(sent["officer@hanbit.example.go.kr"])
    assert subject == f"[한빛시] 처리기한 임박: {complaint.receipt_no} (8근무시간 남음)"
    assert "처리기한: 2026. 12. 4. 10:00" in body and "김담당님" in body and "미지정" in body
    assert send_due_soon_reminders(now=kst(3, 10, 15))["queued"] == 0  # once per threshold
    complaint.assignee_id = _user("officer").id
    db.session.commit()
    second = send_due_soon_reminders(now=kst(3, 16))  # 3 working hours left: the 4-hour reminder
    db.session.commit()
    assert second == {"due_soon": 1, "queued": 1}
    latest = db.session.query(OutboxMessage).filter_by(template="staff_due_soon").order_by(OutboxMessage.id.desc())
    assert latest.first().recipient == "officer@hanbit.example.go.kr"
    assert send_due_soon_reminders(now=kst(4, 9))["queued"] == 0


def test_day_unit_deadlines_count_to_the_end_of_the_due_date(seeded, tmp_path):
    file_complaint_at("ROAD-OCCUPANCY", TUE_10, now=TUE_10, upload_dir=tmp_path)  # 10일 → due 2026-12-14 (D3)
    db.session.commit()
    assert send_due_soon_reminders(now=kst(11, 17))["due_soon"] == 0  # Fri 17:00: 1 h + Monday's 8 h left
    assert send_due_soon_reminders(now=kst(14, 9))["due_soon"] == 1  # Mon 09:00: the whole due date left
    db.session.commit()
    assert send_due_soon_reminders(now=kst(14, 13))["due_soon"] == 0
    assert send_due_soon_reminders(now=kst(14, 14))["due_soon"] == 1  # 4 working hours left on the due date


def test_reminder_jobs_do_nothing_on_weekends_and_holidays(seeded, tmp_path):
    file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)
    db.session.commit()
    saturday, christmas = kst(5, 10), kst(25, 10)
    for job in (send_due_soon_reminders, escalate_overdue, send_department_digests, alert_late_registrations):
        assert job(now=saturday) == {"non_working_day": 1}
        assert job(now=christmas) == {"non_working_day": 1}
    assert db.session.query(OutboxMessage).filter(OutboxMessage.template != "complaint_received").count() == 0


def test_overdue_escalation_goes_to_the_head_and_the_review_officer_once(seeded, tmp_path):
    overdue = file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)
    paused = file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)
    paused.status = "supplement_requested"  # clock paused (D5): its stored due is not a deadline now
    answered = file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)
    answered.status = "answered"
    db.session.commit()
    assert escalate_overdue(now=kst(4, 9, 59)) == {"overdue": 0, "queued": 0, "full_sweep": True}
    result = escalate_overdue(now=kst(4, 11))
    db.session.commit()
    assert result == {"overdue": 1, "queued": 2, "full_sweep": False}
    sent = _sent("staff_overdue")
    assert set(sent) == {"head@hanbit.example.go.kr", "reviewer@hanbit.example.go.kr"}
    subject, body = render(sent["reviewer@hanbit.example.go.kr"])
    assert subject == "[한빛시] 독촉: 처리기한이 지난 민원 1건"
    assert overdue.receipt_no in body and "시행령 제28조②" in body and paused.receipt_no not in body
    events = db.session.query(ComplaintEvent).filter_by(action="overdue_escalated").all()
    assert [e.complaint_id for e in events] == [overdue.id] and not events[0].is_public
    assert escalate_overdue(now=kst(7, 10)) == {"overdue": 0, "queued": 0, "full_sweep": True}


def test_hourly_escalation_looks_at_recent_dues_and_the_daily_sweep_at_all(seeded, tmp_path):
    old = file_complaint_at("ROAD-DAMAGE", kst(10, 10, month=11), now=kst(10, 10, month=11), upload_dir=tmp_path)
    old.status = "supplement_requested"  # due 2026-11-13 10:00, paused before anyone escalated it
    db.session.commit()
    assert escalate_overdue(now=kst(4, 9, 5))["full_sweep"] is True
    old.status = "in_progress"  # the 보완 came back with its due still in the past
    fresh = file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)  # due today 10:00
    db.session.commit()
    hourly = escalate_overdue(now=kst(4, 11, 5))
    db.session.commit()
    assert hourly == {"overdue": 1, "queued": 2, "full_sweep": False}
    escalated = {e.complaint_id for e in db.session.query(ComplaintEvent).filter_by(action="overdue_escalated")}
    assert escalated == {fresh.id}
    sweep = escalate_overdue(now=kst(7, 9, 5))  # Monday's first run sweeps every open 민원
    db.session.commit()
    assert sweep == {"overdue": 1, "queued": 2, "full_sweep": True}
    escalated = {e.complaint_id for e in db.session.query(ComplaintEvent).filter_by(action="overdue_escalated")}
    assert escalated == {fresh.id, old.id}


def test_morning_digest_per_department(seeded, tmp_path):
    due_friday = file_complaint_at("ROAD-DAMAGE", TUE_10, now=TUE_10, upload_dir=tmp_path)
    file_complaint_at("ROAD-OCCUPANCY", TUE_10, now=TUE_10, upload_dir=tmp_path)  # due 12-14: not yet listed
    db.session.commit()
    assert send_department_digests(now=kst(2, 8, 30)) == {"departments": 0, "queued": 0}
    result = send_department_digests(now=kst(3, 8, 30))  # Thursday: due by the end of Friday
    db.session.commit()
    assert result == {"departments": 1, "queued": 2}
    subject, body = render(_sent("staff_digest")["head@hanbit.example.go.kr"])
    assert subject == "[한빛시] 도로과 민원 처리기한 현황 (2026-12-03)"
    assert due_friday.receipt_no in body and "기한 경과 0건 · 다음 근무일까지 기한 1건" in body
    assert send_department_digests(now=kst(3, 8, 45))["queued"] == 0


def test_registration_delay_alerts_for_arrivals_and_late_registrations(seeded, tmp_path):
    officer = _user("officer")
    arrival = log_arrival(officer, channel="letter", arrived_at=kst(1, 9), summary="우편 1건: 가로등 수리 요청",
                          now=kst(1, 9, 5))
    file_complaint_at("ROAD-DAMAGE", kst(1, 17), now=kst(1, 17), upload_dir=tmp_path, channel="fax",
                      arrived_at=kst(1, 10))  # 6 working hours: in time
    db.session.commit()
    assert alert_late_registrations(now=kst(1, 17, 30)) == {"late_arrivals": 0, "late_registrations": 0,
                                                             "queued": 0}  # the arrival waits 7.5 working hours
    late = file_complaint_at("ROAD-DAMAGE", kst(2, 11), now=kst(2, 11), upload_dir=tmp_path, channel="letter",
                             arrived_at=kst(1, 9))  # 8 h on Tuesday + 2 h on Wednesday
    db.session.commit()
    result = alert_late_registrations(now=kst(2, 11, 30))
    db.session.commit()
    assert result == {"late_arrivals": 1, "late_registrations": 1, "queued": 4}
    messages = db.session.query(OutboxMessage).filter_by(template="staff_registration_late").all()
    by_key = {m.idempotency_key.rsplit(":", 1)[0]: m for m in messages}
    subject, body = render(by_key[f"registration-late:{late.receipt_no}"])
    assert late.receipt_no in subject and "걸린 시간: 10근무시간" in body
    arrival_mail = [m for m in messages if "arrival" in m.idempotency_key]
    assert {m.recipient.split("@")[0] for m in arrival_mail} == {"officer", "head", "reviewer"}
    assert "경로: 우편" in render(arrival_mail[0])[1] and "경과: 10근무시간 30분" in render(arrival_mail[0])[1]
    assert db.session.get(ComplaintArrival, arrival.id).late_alerted_at is not None
    flagged = db.session.query(ComplaintEvent).filter_by(action="registration_late").one()
    assert flagged.complaint_id == late.id and json.loads(flagged.detail) == {"working_hours": 10.0}
    assert alert_late_registrations(now=kst(3, 10))["queued"] == 0
