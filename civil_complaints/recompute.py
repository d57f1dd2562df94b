"""D7: when the holiday table changes, every open deadline is recomputed from its stored inputs.

Deadlines already met or missed are not rewritten (only open 민원 whose due is still ahead). Each change
is recorded in the 민원's history with the calendar revision, and the 민원인 is told the new date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.status import OPEN_STATUSES
from civil_complaints.domain.worktime import WorkCalendar
from civil_complaints.intake import add_event, deadline_of
from civil_complaints.notices import due_text
from notifications.services import enqueue


@dataclass(frozen=True)
class RecomputeResult:
    examined: int
    changed: int


def recompute_open_deadlines(calendar: WorkCalendar, *, now: datetime, reason: str) -> RecomputeResult:
    """Recompute every open 민원 not yet past its due; returns how many were examined and changed."""
    open_values = [s.value for s in OPEN_STATUSES]
    complaints = db.session.scalars(
        select(Complaint).where(Complaint.status.in_(open_values), Complaint.due_at > now)
        .options(selectinload(Complaint.department))
    ).all()
    changed = 0
    for complaint in complaints:
        deadline = deadline_of(complaint, calendar, now)
        if deadline.due_at == complaint.due_at:
            continue
        before = complaint.due_at
        complaint.due_at, complaint.due_date = deadline.due_at, deadline.due_date
        complaint.calendar_revision = calendar.revision or ""
        add_event(complaint, "deadline_recomputed", at=now, actor_kind="system", reason=reason,
                  before=before.isoformat(), after=deadline.due_at.isoformat(), calendar=calendar.revision)
        _notify(complaint, now)
        changed += 1
    db.session.flush()
    return RecomputeResult(examined=len(complaints), changed=changed)


def _notify(complaint: Complaint, now: datetime) -> None:
    if complaint.notify_channel == "none":
        return
    channel = "sms" if complaint.notify_channel == "sms" else "email"
    recipient = complaint.complainant_phone if channel == "sms" else complaint.complainant_email
    enqueue(key=f"due-changed:{complaint.receipt_no}:{complaint.due_at.isoformat()}", channel=channel,
            recipient=recipient or "", template="complaint_due_changed", language="ko", now=now,
            payload={"name": complaint.complainant_name, "receipt_no": complaint.receipt_no,
                     "title": complaint.title, "due": due_text(complaint),
                     "department": complaint.department.name_ko, "department_phone": complaint.department.phone or ""})
