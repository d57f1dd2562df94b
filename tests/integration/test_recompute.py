"""D7: a new holiday moves open deadlines, records the change and tells the 민원인 (after the settling delay of
civil_complaints/holidays/due_notices.py); finished ones stay."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.demo import seed_demo
from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.holidays.due_notices import send_due_change_notices
from civil_complaints.holidays.recompute import recompute_open_deadlines
from civil_complaints.intake.services import IntakeData, receive_complaint
from core.clock import KST
from core.extensions import db
from notifications.models import OutboxMessage
from organization.models import User
from working_calendar.cache import load_calendar
from working_calendar.holidays import add_holiday

RECEIVED = datetime(2027, 3, 2, 10, 0, tzinfo=KST)  # Tue; 7일 → 2027-03-10 without a new holiday
NOW = datetime(2027, 3, 2, 11, 0, tzinfo=KST).astimezone(UTC)


def _file(code: str, tmp_path) -> Complaint:
    ctype = db.session.query(ComplaintType).filter_by(code=code).one()
    complaint, _ = receive_complaint(ctype, IntakeData(title="t", content="c", name="홍길동", email="h@example.kr",
                                                        consent=True), channel="web", received_at=RECEIVED,
                                     arrived_at=RECEIVED, calendar=load_calendar(), agency_code="HB",
                                     upload_dir=tmp_path, now=NOW)
    return complaint


def test_new_holiday_moves_open_deadlines_only(ctx, tmp_path):
    seed_demo(now=NOW)
    open_one, answered = _file("PROCEDURE-QUERY", tmp_path), _file("PROCEDURE-QUERY", tmp_path)
    answered.status = "answered"
    db.session.commit()
    assert open_one.due_date == date(2027, 3, 10)
    admin = db.session.query(User).filter_by(login_id="admin").one()
    add_holiday(admin, day=date(2027, 3, 4), name="임시공휴일", kind="temporary", note=None, now=NOW)
    result = recompute_open_deadlines(load_calendar(), now=NOW, reason="holiday_added")
    db.session.commit()
    assert (result.examined, result.changed) == (1, 1)
    assert open_one.due_date == date(2027, 3, 11) and answered.due_date == date(2027, 3, 10)
    event = open_one.events[-1]
    assert event.action == "deadline_recomputed" and "holiday_added" in event.detail
    again = recompute_open_deadlines(load_calendar(), now=NOW, reason="holiday_added")
    assert again.changed == 0
    assert db.session.query(OutboxMessage).filter_by(template="complaint_due_changed").count() == 0  # not yet
    send_due_change_notices(now=NOW + timedelta(minutes=10))
    db.session.commit()
    notice = db.session.query(OutboxMessage).filter_by(template="complaint_due_changed").one()
    assert notice.recipient == "h@example.kr" and "2027. 3. 11." in notice.payload


def test_cli_recomputes_in_batches_and_records_each_change(ctx, tmp_path):
    """`flask complaints recompute`: every running 민원 examined in batches; each change in history + notice."""
    from core.clock import now_utc

    seed_demo(now=now_utc())
    db.session.commit()
    now = now_utc()
    ctype = db.session.query(ComplaintType).filter_by(code="PROCEDURE-QUERY").one()
    filed = []
    for i in range(5):
        complaint, _ = receive_complaint(ctype, IntakeData(title="t", content="c", name=f"민원인{i}",
                                                            email=f"p{i}@example.kr", consent=True),
                                         channel="web", received_at=now, arrived_at=now, calendar=load_calendar(),
                                         agency_code="HB", upload_dir=tmp_path, now=now)
        filed.append(complaint)
    db.session.commit()
    calendar = load_calendar()
    day = calendar.next_working_day(now.astimezone(KST).date())
    old_due = filed[0].due_date
    assert day <= old_due
    add_holiday(db.session.query(User).filter_by(login_id="admin").one(), day=day, name="임시공휴일",
                kind="temporary", note=None, now=now)
    db.session.commit()
    result = ctx.test_cli_runner().invoke(args=["complaints", "recompute", "--reason", "holiday_added",
                                                "--batch-size", "2"])
    assert result.exit_code == 0, result.output
    assert "5 open examined, 5 changed" in result.output
    db.session.expire_all()
    for complaint in filed:
        assert complaint.due_date == calendar.next_working_day(old_due)  # one more day to count
        assert complaint.events[-1].action == "deadline_recomputed"
    assert "5 complainants" in result.output
    send_due_change_notices(now=now_utc() + timedelta(minutes=10))  # the CLI ran on the real clock
    db.session.commit()
    assert db.session.query(OutboxMessage).filter_by(template="complaint_due_changed").count() == 5
    again = ctx.test_cli_runner().invoke(args=["complaints", "recompute"])
    assert "0 changed" in again.output
