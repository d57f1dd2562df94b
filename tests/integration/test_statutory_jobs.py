"""Progress notices (영 제23조, D9), satisfaction invitations (법 제26조), the monthly check (규칙 제7조),
retention counted as the law counts (D18), and the calendar safety net (D7)."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest

from app.demo import seed_demo
from civil_complaints.attachments import Upload, attachment_path
from civil_complaints.casework.answers import answer as answer_complaint
from civil_complaints.complaint_models import ComplaintEvent, Satisfaction
from civil_complaints.letters.services import NoticeLetter
from civil_complaints.monitoring.citizen_notices import (
    progress_notices_due,
    send_progress_notices,
    send_satisfaction_invitations,
)
from civil_complaints.monitoring.housekeeping import apply_retention, check_calendar_revision
from civil_complaints.privacy.destruction import DestructionItem
from civil_complaints.reports.models import MonthlyReport
from civil_complaints.reports.monthly import make_monthly_report
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.monitoring_models import JobRun, SystemAlert
from notifications.services import enqueue, render
from organization.access_log import PersonalDataAccess
from organization.models import User
from tests.monitoring_support import file_complaint_at
from working_calendar.cache import load_calendar
from working_calendar.models import PublicHoliday

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    return datetime(year, month, day, hour, 0, tzinfo=KST)


@pytest.fixture
def seeded(ctx):
    seed_demo(now=at(2026, 11, 1))
    db.session.commit()
    return ctx


def _officer() -> User:
    return db.session.query(User).filter_by(login_id="officer").one()


def test_progress_notice_counts_30_days_under_the_civil_code(seeded):
    calendar = load_calendar()
    friday = at(2026, 12, 4)  # day 1 = 12-05; day 30 = Sun 2027-01-03 → rolled to Mon 01-04 (민법 제161조)
    assert progress_notices_due(friday, date(2027, 1, 3), calendar) == 0
    assert progress_notices_due(friday, date(2027, 1, 4), calendar) == 1
    assert progress_notices_due(friday, date(2027, 2, 1), calendar) == 1
    assert progress_notices_due(friday, date(2027, 2, 2), calendar) == 2  # day 60 = Tue 2027-02-02


def test_progress_notice_every_30_days_with_the_officer_and_the_expected_date(seeded, tmp_path):
    complaint = file_complaint_at("ROAD-OCCUPANCY", at(2026, 12, 4), now=at(2026, 12, 4), upload_dir=tmp_path)
    complaint.assignee_id = _officer().id
    quiet = file_complaint_at("ROAD-OCCUPANCY", at(2026, 12, 4), now=at(2026, 12, 4), upload_dir=tmp_path,
                              notify_channel="none", told_online=True)
    db.session.commit()
    assert quiet.online_progress_told_at is not None
    assert send_progress_notices(now=at(2026, 12, 31))["owed"] == 0
    first = send_progress_notices(now=at(2027, 1, 4))
    db.session.commit()
    assert first == {"examined": 2, "owed": 2, "queued": 1}  # the quiet one was told progress is online (③)
    notice = db.session.query(OutboxMessage).filter_by(template="complaint_progress").one()
    subject, body = render(notice)
    assert notice.recipient == "hong@example.kr" and notice.idempotency_key == f"progress:{complaint.receipt_no}:1"
    assert subject == f"[한빛시] 민원 처리 진행상황 안내 (접수번호 {complaint.receipt_no})"
    for line in ("접수된 지 30일이 지나", "접수일: 2026. 12. 4.", "진행상황: 접수", "처리완료 예정일: 2026. 12. 17.",
                 "담당 부서: 도로과", "담당자: 김담당", "연락처: 031-000-2111"):
        assert line in body, line
    assert send_progress_notices(now=at(2027, 1, 5))["owed"] == 0
    assert send_progress_notices(now=at(2027, 2, 1))["owed"] == 0
    second = send_progress_notices(now=at(2027, 2, 2))
    db.session.commit()
    assert second["queued"] == 1
    assert db.session.query(OutboxMessage).filter_by(idempotency_key=f"progress:{complaint.receipt_no}:2").one()
    public = db.session.query(ComplaintEvent).filter_by(action="progress_notice_sent").all()
    assert {e.complaint_id for e in public} == {complaint.id} and quiet.id not in {e.complaint_id for e in public}
    complaint.status = "answered"
    db.session.commit()
    assert send_progress_notices(now=at(2027, 3, 5))["owed"] == 1  # only the still-open quiet one


def test_progress_notice_is_omitted_only_when_told_in_advance_and_goes_by_post_without_contact(seeded, tmp_path):
    """영 제23조③ (D14): "none" alone does not omit the progress notice; being told at filing does. A 민원인
    without e-mail or mobile number gets it as a letter."""
    not_told = file_complaint_at("ROAD-OCCUPANCY", at(2026, 12, 4), now=at(2026, 12, 4), upload_dir=tmp_path,
                                 notify_channel="none")
    by_post = file_complaint_at("ROAD-OCCUPANCY", at(2026, 12, 4), now=at(2026, 12, 4), upload_dir=tmp_path,
                                channel="letter", email=None, notify_channel="post", postal_code="12345",
                                postal_address="한빛시 시청로 1")
    db.session.commit()
    result = send_progress_notices(now=at(2027, 1, 4))
    db.session.commit()
    assert result == {"examined": 2, "owed": 2, "queued": 1}
    notice = db.session.query(OutboxMessage).filter_by(template="complaint_progress").one()
    assert notice.idempotency_key == f"progress:{not_told.receipt_no}:1" and notice.recipient == "hong@example.kr"
    letter = db.session.query(NoticeLetter).one()
    assert (letter.complaint_id, letter.template, letter.postal_address) == (by_post.id, "complaint_progress",
                                                                              "한빛시 시청로 1")
    assert letter.idempotency_key == f"progress:{by_post.receipt_no}:1" and letter.status == "pending"


def test_satisfaction_invitation_once_after_the_answer(seeded, tmp_path):
    answered = file_complaint_at("ROAD-DAMAGE", at(2026, 12, 1), now=at(2026, 12, 1), upload_dir=tmp_path)
    rated = file_complaint_at("ROAD-DAMAGE", at(2026, 12, 1), now=at(2026, 12, 1), upload_dir=tmp_path)
    file_complaint_at("ROAD-DAMAGE", at(2026, 12, 1), now=at(2026, 12, 1), upload_dir=tmp_path)  # still open
    for complaint in (answered, rated):
        answer_complaint(_officer(), complaint, text="보수를 마쳤습니다.", now=at(2026, 12, 2))
    db.session.add(Satisfaction(complaint_id=rated.id, rating="satisfied", created_at=at(2026, 12, 2, 15)))
    db.session.commit()
    result = send_satisfaction_invitations(now=at(2026, 12, 2, 16))
    db.session.commit()
    assert result == {"invited": 1, "queued": 1}
    invitation = db.session.query(OutboxMessage).filter_by(template="complaint_satisfaction").one()
    subject, body = render(invitation)
    assert invitation.idempotency_key == f"satisfaction:{answered.receipt_no}"
    assert "만족하셨나요" in subject and "http://127.0.0.1:5000/complaints/lookup" in body
    assert send_satisfaction_invitations(now=at(2026, 12, 3, 16)) == {"invited": 0, "queued": 0}


def test_citizen_notices_go_out_in_the_language_the_complainant_filed_in(seeded, tmp_path):
    english = file_complaint_at("ROAD-OCCUPANCY", at(2026, 12, 4), now=at(2026, 12, 4), upload_dir=tmp_path,
                                language="en")
    korean = file_complaint_at("ROAD-OCCUPANCY", at(2026, 12, 4), now=at(2026, 12, 4), upload_dir=tmp_path,
                               language="ko")
    db.session.commit()
    assert send_progress_notices(now=at(2027, 1, 4))["queued"] == 2
    answer_complaint(_officer(), english, text="Done.", now=at(2027, 1, 5))
    db.session.commit()
    assert send_satisfaction_invitations(now=at(2027, 1, 5, 16))["queued"] == 1
    db.session.commit()
    progress = {m.idempotency_key: m for m in db.session.query(OutboxMessage).filter_by(template="complaint_progress")}
    subject, body = render(progress[f"progress:{english.receipt_no}:1"])
    assert progress[f"progress:{english.receipt_no}:1"].language == "en"
    assert subject.startswith("[Hanbit City] Progress of your complaint") and "Status: Received" in body
    assert "Department: Roads Division" in body
    assert progress[f"progress:{korean.receipt_no}:1"].language == "ko"
    invitation = db.session.query(OutboxMessage).filter_by(template="complaint_satisfaction").one()
    assert invitation.language == "en" and "Were you satisfied" in render(invitation)[0]


def test_monthly_report_for_the_previous_month(seeded, tmp_path):
    officer = _officer()

    def filed(code: str, when: datetime):
        return file_complaint_at(code, when, now=when, upload_dir=tmp_path)

    on_time, late = filed("ROAD-DAMAGE", at(2026, 11, 2)), filed("ROAD-DAMAGE", at(2026, 11, 10))
    filed("ROAD-DAMAGE", at(2026, 11, 25))  # due 11-30 10:00, open at the month's end: overdue
    filed("PROCEDURE-QUERY", at(2026, 11, 16))  # 민원여권과, due 11-24, open
    filed("ROAD-DAMAGE", at(2026, 12, 1, 9))  # next month: not counted
    answer_complaint(officer, on_time, text="완료", now=at(2026, 11, 3))
    answer_complaint(officer, late, text="완료", now=at(2026, 11, 20))
    db.session.commit()
    result = make_monthly_report(now=at(2026, 12, 1, 7))
    db.session.commit()
    assert result == {"month": "2026-11", "departments": 2, "queued": 2, "working_day": 1, "late": False}
    data = json.loads(db.session.query(MonthlyReport).one().data)
    rows = {row["code"]: {k: row[k] for k in ("received", "answered", "on_time", "overdue", "returned", "open")}
            for row in data["departments"]}
    assert rows == {"HB-ROADS": {"received": 3, "answered": 2, "on_time": 1, "overdue": 2, "returned": 0, "open": 1},
                    "HB-CIVIL": {"received": 1, "answered": 0, "on_time": 0, "overdue": 1, "returned": 0, "open": 1}}
    mails = {m.recipient: m for m in db.session.query(OutboxMessage).filter_by(template="staff_monthly_report")}
    assert set(mails) == {"head@hanbit.example.go.kr", "reviewer@hanbit.example.go.kr"}
    subject, body = render(mails["reviewer@hanbit.example.go.kr"])
    assert subject == "[한빛시] 2026-11 민원 처리상황 점검 결과"
    assert "도로과 | 3 | 2 | 1 | 2 | 0 | 1" in body and "합계 | 4 | 2 | 1 | 3 | 0 | 2" in body  # 반려: its own column
    assert make_monthly_report(now=at(2026, 12, 2, 7)) == {"month": "2026-11", "already_made": 1}


def test_retention_never_erases_inside_the_retention_period_and_lists_only_records_whose_period_ended(
        seeded, tmp_path, monkeypatch):
    """D18 (개인정보 보호법 제21조① 단서, 공공기록물법 시행령 제26조⑤): the nightly job erases nothing; it lists
    a finished record for destruction only once its type's period, counted from 1 January after completion, ended."""
    monkeypatch.setitem(seeded.config, "UPLOAD_DIR", str(tmp_path))
    old = file_complaint_at("ROAD-DAMAGE", at(2023, 1, 5), now=at(2023, 1, 5), upload_dir=tmp_path,
                            phone="010-1234-5678", address="한빛대로 12", lookup_password="abcd1234",
                            uploads=[Upload("사진.png", PNG)])
    answer_complaint(_officer(), old, text="완료", now=at(2023, 1, 6))
    still_open = file_complaint_at("ROAD-DAMAGE", at(2023, 1, 5), now=at(2023, 1, 5), upload_dir=tmp_path)
    recent = file_complaint_at("ROAD-DAMAGE", at(2026, 6, 1), now=at(2026, 6, 1), upload_dir=tmp_path)
    answer_complaint(_officer(), recent, text="완료", now=at(2026, 6, 2))
    db.session.commit()
    stored = attachment_path(tmp_path, old.attachments[0])
    # ROAD-DAMAGE keeps records 3 years (the migration's default): completed 2023 → kept through 2026-12-31
    result = apply_retention(now=at(2026, 12, 31, 2))
    db.session.commit()
    assert result["listed_for_destruction"] == 0
    result = apply_retention(now=at(2027, 1, 1, 2))
    db.session.commit()
    assert result["listed_for_destruction"] == 1
    item = db.session.query(DestructionItem).one()
    assert (item.receipt_no, item.completed_on, item.retention_period, item.retention_ends_on, item.decision) == (
        old.receipt_no, date(2023, 1, 6), "3y", date(2026, 12, 31), "listed")
    assert "시행령 제26조" in item.basis and "기산일 2024-01-01" in item.basis
    db.session.refresh(old)
    assert (old.complainant_name, old.complainant_phone, old.address) == ("홍길동", "010-1234-5678", "한빛대로 12")
    assert stored.exists() and old.content == "보수해 주세요."  # listed, not erased: a person must approve
    assert still_open.complainant_name == "홍길동" and recent.complainant_name == "홍길동"
    assert apply_retention(now=at(2027, 1, 2, 2))["listed_for_destruction"] == 0  # idempotent


def test_retention_prunes_the_access_log_after_two_years_at_least_and_old_outbox_rows(seeded, monkeypatch):
    monkeypatch.setitem(seeded.config, "ACCESS_LOG_RETENTION_YEARS", 1)  # below the legal floor: 2 years apply
    now = at(2026, 12, 1, 2)
    officer = _officer()
    for day in (date(2024, 11, 30), date(2024, 12, 1)):  # the second is kept through 2026-12-01 (D18)
        db.session.add(PersonalDataAccess(at=datetime.combine(day, datetime.min.time(), KST), user_id=officer.id,
                                          ip_address="10.0.0.1", subject=day.isoformat(), action="view"))
    for key, created, status in (("old-sent", 200, "sent"), ("new-sent", 10, "sent"), ("old-pending", 200, None)):
        message = enqueue(key=key, channel="email", recipient="a@example.kr", template="complaint_due_changed",
                          language="ko", now=now - timedelta(days=created), payload={})
        message.status = status or message.status
    db.session.add(JobRun(job="x", slot=None, started_at=now - timedelta(days=100), outcome="ok", counts="{}",
                          host="h", pid=1))
    episodes = (("old:1", now - timedelta(days=100)), ("new:2", now - timedelta(days=1)), ("open:3", None))
    for source, resolved in episodes:
        db.session.add(SystemAlert(kind="rate_limit_storage", source=source, detail="", started_at=now - timedelta(
            days=200), last_seen_at=now - timedelta(days=100), resolved_at=resolved))
    db.session.commit()
    result = apply_retention(now=now)
    db.session.commit()
    assert (result["access_log_pruned"], result["outbox_pruned"], result["job_runs_pruned"]) == (1, 1, 1)
    assert result["alerts_pruned"] == 1  # resolved long ago; the open episode and the recent one stay
    assert sorted(a.source for a in db.session.query(SystemAlert)) == ["new:2", "open:3"]
    assert [r.subject for r in db.session.query(PersonalDataAccess)] == ["2024-12-01"]
    assert sorted(m.idempotency_key for m in db.session.query(OutboxMessage)) == ["new-sent", "old-pending"]


def test_calendar_safety_net_recomputes_once_per_revision(seeded, tmp_path):
    affected = file_complaint_at("PARKING-LAW", at(2026, 12, 1), now=at(2026, 12, 1), upload_dir=tmp_path)
    unaffected = file_complaint_at("ROAD-DAMAGE", at(2026, 12, 1), now=at(2026, 12, 1), upload_dir=tmp_path)
    db.session.commit()
    due_before = affected.due_date
    now = at(2026, 12, 2)
    assert check_calendar_revision(now=now)["stale"] == 0
    # a closure added behind the app's back (as `flask holidays import` would, without recomputing)
    db.session.add(PublicHoliday(day=date(2026, 12, 10), name="청사 이전 휴무", kind="closure", source="import",
                                 updated_at=now))
    db.session.commit()
    result = check_calendar_revision(now=now)
    db.session.add(JobRun(job="calendar-revision-check", slot=now, started_at=now, outcome="ok",
                          counts=json.dumps(result), host="h", pid=1))
    db.session.commit()
    assert (result["stale"], result["changed"]) == (2, 1)
    assert (due_before, affected.due_date) == (date(2026, 12, 18), date(2026, 12, 21))  # Fri → Mon
    assert unaffected.due_date == date(2026, 12, 4)
    again = check_calendar_revision(now=now + timedelta(hours=1))
    assert again == {"revision": result["revision"], "stale": 1, "already_recomputed": 1}
