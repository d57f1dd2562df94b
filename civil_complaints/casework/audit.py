"""감사부서 조사 의뢰 of a re-filed 고충민원 (영 제17조② 「행정기관의 장은 민원인이 동일한 내용의 고충민원을 다시 제출한
경우에는 감사부서 등으로 하여금 이를 조사하도록 하여야 한다」, D17).

The handling officer records the referral: the earlier filings of the same content by the same 민원인, what the
감사부서 is to investigate and the date its findings are due — inside the 민원's 처리기한, since the investigation is
how the re-filed 고충민원 is processed (영 제17조①). The 감사부서 (setting AUDIT_DEPARTMENT preselects it) is e-mailed;
the 민원인 is told that the 감사부서 investigates (a progress notice). When the findings come back the officer records
them. Only a 고충민원 whose referral is recorded may be closed as repeated (법 제23조①; closure_services).
"""

from __future__ import annotations

from datetime import date, datetime

from civil_complaints.access import require_handle
from civil_complaints.casework import notices, staff_notices
from civil_complaints.casework.closures import earlier_filings
from civil_complaints.casework.support import apply, audit_referral_of, case_facts, officer_of, refuse
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.workflow import Action
from civil_complaints.domain.workflow_params import AuditFindingsParams, AuditReferralParams
from civil_complaints.history import add_event
from civil_complaints.workflow_models import AuditReferral
from core.clock import KST
from core.extensions import db
from organization.models import Department, User


def refer_to_audit(actor: User, complaint: Complaint, *, department: Department, earlier: list[str], text: str,
                   due: date, now: datetime) -> AuditReferral:
    """Refer the re-filed 고충민원 to the 감사부서 with its own record and deadline."""
    require_handle(actor, complaint)
    if not department.is_active:
        raise refuse("transfer_target_inactive", complaint)
    linked = earlier_filings(actor, complaint, earlier)
    params = AuditReferralParams(text=text, earlier=len(linked), due=due, today=now.astimezone(KST).date(),
                                 complaint_due=complaint.due_date)
    apply(complaint, Action.REFER_AUDIT, case_facts(complaint, now), params)
    referral = AuditReferral(complaint_id=complaint.id, to_department_id=department.id,
                             earlier=", ".join(o.receipt_no for o in linked)[:300], request_text=text.strip(),
                             referred_at=now, due_date=due, referred_by_id=actor.id)
    db.session.add(referral)
    add_event(complaint, "audit_referred", at=now, actor_kind="staff", actor_id=actor.id,
              department=department.name_ko, department_en=department.name_en, earlier=referral.earlier,
              due=due.isoformat(), request=referral.request_text)
    db.session.flush()
    staff_notices.audit_referred(referral, complaint, now=now)
    notices.audit_referred(complaint, referral_id=referral.id, department=department, due=due,
                           officer=officer_of(actor, complaint), now=now)
    return referral


def record_findings(actor: User, complaint: Complaint, *, text: str, now: datetime) -> AuditReferral:
    """The 감사부서's findings, as the handling officer received them (once)."""
    require_handle(actor, complaint)
    referral = audit_referral_of(complaint)
    params = AuditFindingsParams(text=text, already_recorded=referral is not None and referral.findings is not None)
    apply(complaint, Action.RECORD_AUDIT_FINDINGS, case_facts(complaint, now), params)
    referral.findings, referral.findings_at, referral.findings_by_id = text.strip(), now, actor.id
    add_event(complaint, "audit_findings", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              findings=referral.findings, on_time=now.astimezone(KST).date() <= referral.due_date)
    return referral
