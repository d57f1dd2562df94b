"""협조 (법 제20조): ask another department for help with a reply period inside the 민원's period; the
cooperating department may extend once, before its period ends, and replies. While a request is open the
cooperating department may read the 민원 and reply, nothing else (see access.py)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import select

from civil_complaints.access import require_handle
from civil_complaints.casework import staff_notices
from civil_complaints.casework.support import apply, case_facts
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.workflow import (
    Action,
    CooperationExtendParams,
    CooperationFacts,
    CooperationParams,
    CooperationReplyParams,
)
from civil_complaints.history import add_event
from civil_complaints.workflow_models import CooperationRequest
from core.clock import KST
from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import Department, User


def open_requests(complaint: Complaint) -> list[CooperationRequest]:
    return list(db.session.scalars(select(CooperationRequest).where(CooperationRequest.complaint_id == complaint.id,
                                                                    CooperationRequest.status == "open")
                                   .order_by(CooperationRequest.id)))


def can_reply(user: User | None, cooperation: CooperationRequest) -> bool:
    """Officers and heads of the department asked to cooperate."""
    return (user is not None and user.is_active and user.can(Permission.COMPLAINTS_HANDLE)
            and user.department_id == cooperation.to_department_id)


def request_cooperation(actor: User, complaint: Complaint, *, department: Department, text: str, reply_due: date,
                        now: datetime) -> CooperationRequest:
    """협조 요청 (법 제20조①): the reply due must fall inside the 민원's processing period."""
    require_handle(actor, complaint)
    already = any(r.to_department_id == department.id for r in open_requests(complaint))
    params = CooperationParams(same_department=department.id == complaint.department_id, already_open=already,
                               text=text, reply_due=reply_due, today=now.astimezone(KST).date(),
                               complaint_due=complaint.due_date)
    apply(complaint, Action.REQUEST_COOPERATION, case_facts(complaint, now), params)
    row = CooperationRequest(complaint_id=complaint.id, from_department_id=complaint.department_id,
                             to_department_id=department.id, request_text=text.strip(), requested_at=now,
                             reply_due=reply_due, status="open", created_by_id=actor.id)
    db.session.add(row)
    add_event(complaint, "cooperation_requested", at=now, actor_kind="staff", actor_id=actor.id,
              department_after=department.name_ko, department_after_code=department.code,
              reply_due=reply_due.isoformat(), request=row.request_text)
    db.session.flush()
    staff_notices.cooperation_requested(row, now=now)
    return row


def _facts(cooperation: CooperationRequest, now: datetime) -> CooperationFacts:
    return CooperationFacts(is_open=cooperation.status == "open", extended=cooperation.extended_due is not None,
                            requested_on=cooperation.requested_at.astimezone(KST).date(),
                            reply_due=cooperation.current_due, today=now.astimezone(KST).date())


def _require_reply(actor: User, cooperation: CooperationRequest) -> None:
    if not can_reply(actor, cooperation):
        raise PermissionDenied(Permission.COMPLAINTS_HANDLE.value)


def extend_cooperation(actor: User, cooperation: CooperationRequest, *, new_due: date, reason: str, progress: str,
                       now: datetime) -> None:
    """법 제20조②③: once, before the reply period ends; the requesting department is told the reason, the
    처리진행상황 and the new reply date."""
    _require_reply(actor, cooperation)
    complaint = cooperation.complaint
    params = CooperationExtendParams(_facts(cooperation, now), new_due, reason, progress)
    apply(complaint, Action.EXTEND_COOPERATION, case_facts(complaint, now), params)
    before = cooperation.reply_due
    cooperation.extended_due, cooperation.extension_reason = new_due, reason.strip()
    cooperation.extension_progress = progress.strip()
    cooperation.extended_at, cooperation.extended_by_id = now, actor.id
    add_event(complaint, "cooperation_extended", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              department=cooperation.to_department.name_ko, department_code=cooperation.to_department.code,
              due_before=before.isoformat(), due_after=new_due.isoformat(), reason=cooperation.extension_reason,
              progress=cooperation.extension_progress)
    staff_notices.cooperation_extended(cooperation, now=now)


def reply_cooperation(actor: User, cooperation: CooperationRequest, *, text: str, now: datetime) -> None:
    """협조 회신: the cooperating department's answer, shown to the handling officer."""
    _require_reply(actor, cooperation)
    complaint = cooperation.complaint
    apply(complaint, Action.REPLY_COOPERATION, case_facts(complaint, now),
          CooperationReplyParams(_facts(cooperation, now), text))
    cooperation.reply_text, cooperation.replied_at, cooperation.replied_by_id = text.strip(), now, actor.id
    cooperation.status = "replied"
    on_time = now.astimezone(KST).date() <= cooperation.current_due
    add_event(complaint, "cooperation_replied", at=now, actor_kind="staff", actor_id=actor.id,
              department=cooperation.to_department.name_ko, department_code=cooperation.to_department.code,
              on_time=on_time)


def cancel_open_requests(complaint: Complaint, *, now: datetime) -> int:
    """The 민원 was answered, closed, withdrawn or transferred: open requests end (and so does the sharing)."""
    rows = open_requests(complaint)
    for row in rows:
        row.status = "cancelled"
        add_event(complaint, "cooperation_cancelled", at=now, actor_kind="system", public=False,
                  department=row.to_department.name_ko, department_code=row.to_department.code)
    return len(rows)
