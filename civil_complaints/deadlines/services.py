"""The running 처리기한 of a stored 민원: its inputs (period, receipt, pauses, extensions) on the current calendar."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civil_complaints.complaint_models import (
    Complaint,
    ComplaintPause,
)
from civil_complaints.domain.deadlines import Deadline, compute_due
from civil_complaints.domain.extensions import Extension
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.workflow_models import ComplaintExtension
from core.clock import KST
from core.extensions import db
from working_calendar.domain.worktime import WorkCalendar


def deadline_of(complaint: Complaint, calendar: WorkCalendar, now: datetime) -> Deadline:
    """The complaint's deadline from all its stored inputs (D13): every pause (an open one up to today)
    and every extension (영 제21조, D6)."""
    pauses = []
    today = now.astimezone(KST).date()
    for pause in db.session.scalars(select(ComplaintPause).where(ComplaintPause.complaint_id == complaint.id)
                                    .order_by(ComplaintPause.start_on)):
        pauses.append((pause.start_on, pause.end_on or max(today, pause.start_on), pause.reason))
    extensions = [Extension.of(row.period_spec, row.ground, row.consent_recorded) for row in db.session.scalars(
        select(ComplaintExtension).where(ComplaintExtension.complaint_id == complaint.id)
        .order_by(ComplaintExtension.number))]
    return compute_due(complaint.received_at, ProcessingPeriod.parse(complaint.period_spec), calendar=calendar,
                       pauses=pauses, extensions=extensions)
