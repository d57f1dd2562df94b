"""규칙 제9조① 「영 제24조에 따른 보완요구는 민원문서를 접수한 때부터 8근무시간 이내에 하여야 한다」.

A 민원 is known to need a 보완 once an officer flagged it with what is missing (supplement_services.
flag_supplement_needed). When 8 working hours have passed since its receipt and no request went out after the flag,
whoever handles it (the assignee, else the department's officers) is e-mailed once, and its history says so. A
flag set after the 8 hours alerts at the next run: the request is then due 즉시 (제9조① 단서). A request sent late
is recorded as late by the service itself.

Working days only: working hours do not pass on 토요일·일요일·공휴일.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import exists, select

from civil_complaints.casework.staff_notify import (
    Directory,
    department_name,
    notify_staff,
    running_clock_statuses,
    staff_case_url,
)
from civil_complaints.complaint_models import Complaint
from civil_complaints.history import record_events
from civil_complaints.monitoring.alerts import SUPPLEMENT_DUE, record_alerts
from civil_complaints.monitoring.models import ComplaintAlert
from civil_complaints.workflow_models import SupplementRequest
from core.clock import today_kst
from core.extensions import db
from core.i18n import official_datetime
from notifications.batch import OutboxBatch
from working_calendar.cache import load_calendar
from working_calendar.domain.worktime import WorkCalendar, add_working_hours

LIMIT = timedelta(hours=8)


def missing_requests(calendar: WorkCalendar, now: datetime) -> list[tuple[Complaint, datetime]]:
    """Flagged 민원 with the clock running, no request since the flag, past 8 working hours, not yet alerted."""
    requested = exists().where(SupplementRequest.complaint_id == Complaint.id,
                               SupplementRequest.sent_at >= Complaint.supplement_needed_at)
    alerted = exists().where(ComplaintAlert.complaint_id == Complaint.id, ComplaintAlert.kind == SUPPLEMENT_DUE,
                             ComplaintAlert.ref_at == Complaint.received_at)
    rows = db.session.scalars(select(Complaint).where(
        Complaint.supplement_needed_at.is_not(None), Complaint.status.in_(running_clock_statuses()),
        Complaint.received_at < now - LIMIT, ~requested, ~alerted).order_by(Complaint.received_at))
    due = [(c, add_working_hours(c.received_at, LIMIT, calendar=calendar)) for c in rows]
    return [(c, limit_at) for c, limit_at in due if now >= limit_at]


def alert_missing_supplement_requests(*, now: datetime) -> dict:
    """Job: the alert above, once per 민원."""
    calendar = load_calendar()
    if not calendar.is_working_day(today_kst(now)):
        return {"non_working_day": 1}
    directory, batch = Directory(), OutboxBatch()
    found = missing_requests(calendar, now)
    for complaint, limit_at in found:
        payload = lambda lang, c=complaint, at=limit_at: {  # noqa: E731
            "receipt_no": c.receipt_no, "title": c.title, "received": official_datetime(c.received_at),
            "limit": official_datetime(at), "note": c.supplement_needed_note or "",
            "department": department_name(directory.department(c.department_id), lang),
            "url": staff_case_url(c.receipt_no)}
        for user in directory.handlers(complaint.assignee_id, complaint.department_id):
            notify_staff(batch, user, key=f"supplement-due:{complaint.receipt_no}:{user.id}",
                         template="staff_supplement_due", payload=payload, now=now)
    record_alerts([{"complaint_id": c.id, "kind": SUPPLEMENT_DUE, "ref_at": c.received_at, "level": 0,
                    "created_at": now} for c, _ in found])
    record_events([(c.id, {"limit_at": at.isoformat()}) for c, at in found], "supplement_request_due", now=now)
    db.session.flush()
    return {"alerted": len(found), "queued": batch.flush()}
