"""D7, issue 14.8: holiday changes notify citizens only of net changes, after a settling delay; the preview of a
change counts what saving it does."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select

from app.demo import seed_demo
from civil_complaints.casework import services as workflow_services
from civil_complaints.complaint_models import Complaint, ComplaintEvent
from civil_complaints.holidays.changes import HolidayEdit, preview_change, save_change
from civil_complaints.holidays.due_notices import send_due_change_notices
from civil_complaints.holidays.models import HolidayChange
from civil_complaints.workflow_models import ComplaintDueNotice
from core.cache_revisions import CacheRevision
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from notifications.services import render
from tests.workflow_helpers import file_at, user
from working_calendar.cache import load_calendar
from working_calendar.models import PublicHoliday

RECEIVED = datetime(2027, 3, 2, 10, 0, tzinfo=KST)  # Tue; 7일 → 2027-03-10, with 3/4 a holiday → 2027-03-11
NOW = datetime(2027, 3, 2, 11, 0, tzinfo=KST).astimezone(UTC)
DAY = date(2027, 3, 4)
ADD = HolidayEdit(action="added", day=DAY, name="임시공휴일", kind="temporary", note="국무회의 의결")


def _change(edit: HolidayEdit, at: datetime, reason: str = "관보 공고") -> int:
    holiday_id = save_change(user("admin"), edit, reason=reason, now=at).row.id
    db.session.commit()
    return holiday_id


def _remove(holiday_id: int) -> HolidayEdit:
    return HolidayEdit(action="removed", holiday_id=holiday_id)


def _settle(at: datetime) -> dict:
    counts = send_due_change_notices(now=at)
    db.session.commit()
    return counts


def _notices() -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.template == "complaint_due_changed")
                                   .order_by(OutboxMessage.id)))


def _actions(complaint: Complaint) -> list[str]:
    return [event.action for event in complaint.events]


def test_a_change_undone_within_the_delay_tells_nobody(ctx, tmp_path):
    seed_demo(now=NOW)
    complaint = file_at("PROCEDURE-QUERY", RECEIVED, tmp_path)
    holiday_id = _change(ADD, NOW)
    assert complaint.due_date == date(2027, 3, 11)
    assert _settle(NOW + timedelta(minutes=5))["settled"] == 0  # still settling
    _change(_remove(holiday_id), NOW + timedelta(minutes=5), reason="착오로 추가")
    assert complaint.due_date == date(2027, 3, 10)
    assert _settle(NOW + timedelta(minutes=12))["settled"] == 0  # the second change restarted the delay
    counts = _settle(NOW + timedelta(minutes=15))
    assert (counts["settled"], counts["unchanged"], counts["notified"]) == (1, 1, 0)
    assert _notices() == []
    assert _actions(complaint).count("deadline_recomputed") == 2  # the history still records every change
    assert "due_change_notified" not in _actions(complaint)


def test_a_real_change_is_told_once_with_the_new_date(ctx, tmp_path):
    seed_demo(now=NOW)
    complaint = file_at("PROCEDURE-QUERY", RECEIVED, tmp_path)
    _change(ADD, NOW)
    assert _notices() == []  # not before the delay
    assert _settle(NOW + timedelta(minutes=10))["notified"] == 1
    (notice,) = _notices()
    subject, body = render(notice)
    assert notice.recipient == "hong@example.kr" and complaint.receipt_no in subject
    assert "새 처리기한: 2027. 3. 11." in body and "이전에 알려 드린 처리기한: 2027. 3. 10." in body
    assert _settle(NOW + timedelta(minutes=20))["settled"] == 0
    assert len(_notices()) == 1
    told = [e for e in complaint.events if e.action == "due_change_notified"]
    assert len(told) == 1 and told[0].is_public
    assert json.loads(told[0].detail)["after"].startswith("2027-03-11")


def test_a_change_after_the_notice_is_told_again(ctx, tmp_path):
    """Added, told, removed → told twice; restored once more → a third notice with the first notice's date."""
    seed_demo(now=NOW)
    file_at("PROCEDURE-QUERY", RECEIVED, tmp_path)
    holiday_id = _change(ADD, NOW)
    _settle(NOW + timedelta(minutes=10))
    _change(_remove(holiday_id), NOW + timedelta(hours=1), reason="취소")
    _settle(NOW + timedelta(hours=1, minutes=10))
    _change(HolidayEdit(action="restored", holiday_id=holiday_id), NOW + timedelta(hours=2), reason="재지정")
    _settle(NOW + timedelta(hours=2, minutes=10))
    bodies = [render(n)[1] for n in _notices()]
    assert len(bodies) == 3 and len({n.idempotency_key for n in _notices()}) == 3
    assert "새 처리기한: 2027. 3. 11." in bodies[0]
    assert "새 처리기한: 2027. 3. 10." in bodies[1] and "이전에 알려 드린 처리기한: 2027. 3. 11." in bodies[1]
    assert "새 처리기한: 2027. 3. 11." in bodies[2]


def test_what_other_notices_told_counts_as_told(ctx, tmp_path):
    """An extension within the delay states the new date itself: no due-change notice repeats it."""
    seed_demo(now=NOW)
    complaint = file_at("PROCEDURE-QUERY", RECEIVED, tmp_path)
    _change(ADD, NOW)
    workflow_services.extend(user("civil"), complaint, period_spec="7d", ground="FACT_OR_SITE_CHECK",
                             reason_text="현장 확인", consent_recorded=False, consent_note=None,
                             calendar=load_calendar(), now=NOW + timedelta(minutes=3))
    db.session.commit()
    assert db.session.get(ComplaintDueNotice, complaint.id).told_due_at == complaint.due_at
    counts = _settle(NOW + timedelta(minutes=10))
    assert (counts["unchanged"], counts["notified"]) == (1, 0) and _notices() == []


def test_finished_complaints_and_those_without_a_channel_are_not_told(ctx, tmp_path):
    seed_demo(now=NOW)
    answered = file_at("PROCEDURE-QUERY", RECEIVED, tmp_path)
    online = file_at("PROCEDURE-QUERY", RECEIVED, tmp_path, name="김온라인", email="online@example.kr")
    online.notify_channel = "none"
    db.session.commit()
    _change(ADD, NOW)
    answered.status = "answered"
    db.session.commit()
    counts = _settle(NOW + timedelta(minutes=10))
    assert (counts["settled"], counts["not_running"], counts["no_channel"], counts["notified"]) == (2, 1, 1, 0)
    assert _notices() == []
    assert db.session.scalar(select(func.count()).select_from(ComplaintDueNotice)
                             .where(ComplaintDueNotice.notify_after.is_not(None))) == 0


def test_the_notice_job_is_scheduled_and_runs_once_per_slot(ctx, tmp_path, monkeypatch):
    from app.scheduler import JOBS
    from notifications import job_runner

    spec = next(s for s in JOBS if s.name == "due-change-notices")
    assert spec.func == "civil_complaints.holidays.due_notices:send_due_change_notices"
    seed_demo(now=NOW)
    file_at("PROCEDURE-QUERY", RECEIVED, tmp_path)
    _change(ADD, NOW)
    later = NOW + timedelta(minutes=10)
    monkeypatch.setattr(job_runner, "now_utc", lambda: later)
    first = job_runner.run_job(spec, slot=later)
    second = job_runner.run_job(spec, slot=later)
    assert first.outcome == "ok" and json.loads(first.counts)["notified"] == 1
    assert second.outcome == "skipped" and json.loads(second.counts)["reason"] == "slot_already_run"
    assert len(_notices()) == 1


def _file_four_citizens_and_one_unmoved(tmp_path) -> Complaint:
    for name, email in (("가", "a@example.kr"), ("나", "b@example.kr"), ("다", "c@example.kr"),
                        ("가", "A@example.kr ")):  # the same 민원인 twice
        file_at("PROCEDURE-QUERY", RECEIVED, tmp_path, name=name, email=email)
    unmoved = file_at("PROCEDURE-QUERY", datetime(2027, 2, 22, 10, 0, tzinfo=KST), tmp_path, name="라",
                      email="d@example.kr")
    assert unmoved.due_date == date(2027, 3, 3) and unmoved.due_at > NOW  # running, but due before 3/4
    return unmoved


def _history_rows() -> int:
    return db.session.scalar(select(func.count()).select_from(ComplaintEvent)
                             .where(ComplaintEvent.action == "deadline_recomputed"))


def test_the_preview_counts_what_saving_does_and_writes_nothing(ctx, tmp_path):
    seed_demo(now=NOW)
    _file_four_citizens_and_one_unmoved(tmp_path)
    admin = user("admin")
    dues = dict(db.session.execute(select(Complaint.id, Complaint.due_at)).all())
    token = db.session.get(CacheRevision, "catalog").token
    db.session.commit()

    preview = preview_change(admin, ADD, now=NOW)
    db.session.commit()
    assert (preview.result.examined, preview.result.changed, preview.result.complainants) == (5, 4, 3)
    assert preview.day.day == DAY and preview.day.name == "임시공휴일"
    db.session.expire_all()
    assert db.session.scalar(select(PublicHoliday).where(PublicHoliday.day == DAY)) is None
    assert dict(db.session.execute(select(Complaint.id, Complaint.due_at)).all()) == dues
    assert _history_rows() == 0 and db.session.scalar(select(func.count()).select_from(HolidayChange)) == 0
    assert db.session.get(CacheRevision, "catalog").token == token
    assert load_calendar().is_working_day(DAY)

    saved = save_change(admin, ADD, reason="관보 공고", now=NOW)
    db.session.commit()
    assert saved.result == preview.result
    assert _history_rows() == preview.result.changed
    change = db.session.scalar(select(HolidayChange))
    assert (change.action, change.reason, change.moved, change.complainants) == ("added", "관보 공고", 4, 3)
    _settle(NOW + timedelta(minutes=10))
    assert len(_notices()) == preview.result.changed
    assert len({n.recipient.strip().lower() for n in _notices()}) == preview.result.complainants

    removal = _remove(saved.row.id)
    preview_back = preview_change(admin, removal, now=NOW + timedelta(hours=1))
    db.session.commit()
    assert db.session.scalar(select(PublicHoliday.is_active).where(PublicHoliday.day == DAY)) is True
    saved_back = save_change(admin, removal, reason="취소", now=NOW + timedelta(hours=1))
    db.session.commit()
    assert saved_back.result == preview_back.result and preview_back.result.changed == 4
