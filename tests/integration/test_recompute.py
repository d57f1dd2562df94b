"""D7: a new holiday moves open deadlines, records the change and tells the 민원인; finished ones stay."""

from __future__ import annotations

from datetime import UTC, date, datetime

from app.clock import KST
from app.demo import seed_demo
from app.extensions import db
from civil_complaints.calendar_source import load_calendar
from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.holiday_services import add_holiday
from civil_complaints.intake import IntakeData, receive_complaint
from civil_complaints.recompute import recompute_open_deadlines
from notifications.models import OutboxMessage
from organization.models import User

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
    notice = db.session.query(OutboxMessage).filter_by(template="complaint_due_changed").one()
    assert notice.recipient == "h@example.kr" and "2027. 3. 11." in notice.payload
    again = recompute_open_deadlines(load_calendar(), now=NOW, reason="holiday_added")
    assert again.changed == 0
