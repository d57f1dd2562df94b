"""영 제17조②: a re-filed 고충민원 is investigated by the 감사부서 before it may be closed (D17). The referral has its
own reply date (inside the 민원's 처리기한, 영 제17조①); when that date has passed without findings, the 감사부서's
staff and whoever handles the 민원 are reminded by e-mail once each working day until the findings are recorded
or the 민원 ends. Working days only.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civil_complaints.casework.staff_notify import (
    Directory,
    department_name,
    notify_staff,
    open_statuses,
    staff_case_url,
)
from civil_complaints.complaint_models import Complaint
from civil_complaints.workflow_models import AuditReferral
from core.clock import today_kst
from core.extensions import db
from core.i18n import official_date
from notifications.batch import OutboxBatch
from organization.models import User
from working_calendar.cache import load_calendar


def overdue_referrals(today) -> list[tuple[AuditReferral, Complaint]]:
    """Referrals of open 민원 whose reply date has passed with no findings, oldest reply date first."""
    rows = db.session.execute(select(AuditReferral, Complaint).join(
        Complaint, Complaint.id == AuditReferral.complaint_id).where(
        AuditReferral.findings_at.is_(None), AuditReferral.due_date < today,
        Complaint.status.in_(open_statuses())).order_by(AuditReferral.due_date, AuditReferral.id))
    return [(referral, complaint) for referral, complaint in rows]


def remind_overdue_audit_findings(*, now: datetime) -> dict:
    """Job: the reminder above, once per referral, person and working day."""
    today = today_kst(now)
    if not load_calendar().is_working_day(today):
        return {"non_working_day": 1}
    directory, batch = Directory(), OutboxBatch()
    found = overdue_referrals(today)
    for referral, complaint in found:
        payload = lambda lang, r=referral, c=complaint: {  # noqa: E731
            "receipt_no": c.receipt_no, "title": c.title, "due": official_date(r.due_date),
            "audit_department": department_name(directory.department(r.to_department_id), lang),
            "from_department": department_name(directory.department(c.department_id), lang),
            "request": r.request_text, "url": staff_case_url(c.receipt_no)}
        auditors = db.session.scalars(select(User).where(User.department_id == referral.to_department_id,
                                                         User.is_active_account).order_by(User.id))
        people = {user.id: user for user in [*auditors, *directory.handlers(complaint.assignee_id,
                                                                             complaint.department_id)]}
        for user in people.values():
            notify_staff(batch, user, key=f"audit-overdue:{referral.id}:{today.isoformat()}:{user.id}",
                         template="staff_audit_overdue", payload=payload, now=now)
    db.session.flush()
    return {"overdue_referrals": len(found), "queued": batch.flush()}
