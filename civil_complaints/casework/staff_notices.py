"""E-mails to staff about a 민원, queued in the action's transaction, one per staff member, in their language:

* 협조 (법 제20조): the cooperating department is told it was asked, and the requesting side is told when the
  reply period is extended, with the reason, the 처리진행상황 and the new date (법 제20조③);
* 보완 기간 연장 (영 제24조②): the handler is told the 민원인 asked for more time, and until when;
* 감사부서 조사 의뢰 (영 제17조②): the audit department is told what to investigate and by when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civil_complaints.casework.staff_notify import Directory, department_name, notify_staff, staff_case_url
from civil_complaints.complaint_models import Complaint
from civil_complaints.workflow_models import AuditReferral, CooperationRequest
from core.extensions import db
from core.i18n import official_date
from notifications.batch import OutboxBatch
from organization.models import User


def _payload(cooperation: CooperationRequest, directory: Directory):
    complaint = cooperation.complaint

    def build(language: str) -> dict:
        return {"receipt_no": complaint.receipt_no, "title": complaint.title,
                "from_department": department_name(directory.department(cooperation.from_department_id), language),
                "to_department": department_name(directory.department(cooperation.to_department_id), language),
                "request": cooperation.request_text, "reply_due": official_date(cooperation.current_due),
                "reason": cooperation.extension_reason or "", "progress": cooperation.extension_progress or "",
                "url": staff_case_url(complaint.receipt_no)}

    return build


def cooperation_requested(cooperation: CooperationRequest, *, now: datetime) -> int:
    """To the officers and head of the department asked to cooperate."""
    directory, batch = Directory(), OutboxBatch()
    for user in directory.department_staff(cooperation.to_department_id):
        notify_staff(batch, user, key=f"cooperation-requested:{cooperation.id}:{user.id}",
                     template="staff_cooperation_requested", payload=_payload(cooperation, directory), now=now)
    return batch.flush()


def cooperation_extended(cooperation: CooperationRequest, *, now: datetime) -> int:
    """To whoever handles the 민원 in the requesting department (its assignee, else its officers)."""
    directory, batch = Directory(), OutboxBatch()
    complaint = cooperation.complaint
    for user in directory.handlers(complaint.assignee_id, cooperation.from_department_id):
        notify_staff(batch, user, key=f"cooperation-extended:{cooperation.id}:{user.id}",
                     template="staff_cooperation_extended", payload=_payload(cooperation, directory), now=now)
    return batch.flush()


def supplement_time_extended(complaint: Complaint, *, days: int, respond_by, reason: str, now: datetime) -> int:
    """To whoever handles the 민원 (its assignee, else its department's officers)."""
    directory, batch = Directory(), OutboxBatch()

    def build(language: str) -> dict:
        return {"receipt_no": complaint.receipt_no, "title": complaint.title, "days": days,
                "respond_by": official_date(respond_by), "reason": reason,
                "url": staff_case_url(complaint.receipt_no)}

    stamp = now.strftime("%Y%m%d%H%M%S")
    for user in directory.handlers(complaint.assignee_id, complaint.department_id):
        notify_staff(batch, user, key=f"supplement-time:{complaint.receipt_no}:{stamp}:{user.id}",
                     template="staff_supplement_time_extended", payload=build, now=now)
    return batch.flush()


def audit_referred(referral: AuditReferral, complaint: Complaint, *, now: datetime) -> int:
    """영 제17조②: to everyone of the 감사부서 (officers, heads and auditors) — what to investigate and by when."""
    directory, batch = Directory(), OutboxBatch()

    def build(language: str) -> dict:
        return {"receipt_no": complaint.receipt_no, "title": complaint.title, "request": referral.request_text,
                "earlier": referral.earlier, "due": official_date(referral.due_date),
                "from_department": department_name(directory.department(complaint.department_id), language),
                "url": staff_case_url(complaint.receipt_no)}

    users = db.session.scalars(select(User).where(User.department_id == referral.to_department_id,
                                                  User.is_active_account).order_by(User.id))
    for user in users:
        notify_staff(batch, user, key=f"audit-referred:{referral.id}:{user.id}", template="staff_audit_referred",
                     payload=build, now=now)
    return batch.flush()
