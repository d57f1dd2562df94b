"""배정·재배정, 처리 시작, 처리기간 연장 (영 제21조, D6) and 이송 (영 제13조; time limits in domain/transfers.py).

Services take the acting user and `now`, flush, never commit. Every step is checked by the state machine
(domain/workflow.py), recorded in the 민원's history with before → after, and bumps the 민원's version.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app

from civil_complaints.access import require_handle
from civil_complaints.casework import notices
from civil_complaints.casework.cooperation import cancel_open_requests
from civil_complaints.casework.merges import move_with_primary, undo_merges
from civil_complaints.casework.support import apply, case_facts, officer_of, refuse
from civil_complaints.complaint_models import Complaint
from civil_complaints.deadlines.services import deadline_of
from civil_complaints.domain.deadlines import extend_due
from civil_complaints.domain.extensions import Extension
from civil_complaints.domain.periods import ProcessingPeriod
from civil_complaints.domain.transfers import LIMITS, department_transfer_basis
from civil_complaints.domain.workflow import (
    Action,
    AgencyTransferParams,
    AssignParams,
    DepartmentTransferParams,
    ExtendParams,
    FollowUpParams,
)
from civil_complaints.history import add_event
from civil_complaints.told_deadlines import record_told
from civil_complaints.workflow_models import ComplaintExtension, ComplaintTransfer
from core.extensions import db
from organization.domain.roles import Permission
from organization.errors import PermissionDenied
from organization.models import Department, User
from working_calendar.domain.worktime import WorkCalendar, add_working_hours

AGENCY_TRANSFER_HOURS = 8  # 영 제13조③


def can_assign(user: User | None, complaint: Complaint) -> bool:
    """부서장 of the responsible department."""
    return (user is not None and user.is_active and user.can(Permission.COMPLAINTS_ASSIGN)
            and user.department_id == complaint.department_id)


def assign(actor: User, complaint: Complaint, *, assignee: User, now: datetime) -> None:
    """배정 (접수 → 배정) or 재배정 (the status stays) by the department head."""
    if not can_assign(actor, complaint):
        raise PermissionDenied(Permission.COMPLAINTS_ASSIGN.value)
    params = AssignParams(assignee_id=assignee.id, current_assignee_id=complaint.assignee_id,
                          assignee_in_department=assignee.department_id == complaint.department_id,
                          assignee_can_handle=assignee.is_active and assignee.can(Permission.COMPLAINTS_HANDLE))
    transition = apply(complaint, Action.ASSIGN, case_facts(complaint, now), params)
    previous = complaint.assignee
    complaint.assignee = assignee
    add_event(complaint, "reassigned" if previous is not None else "assigned", at=now, actor_kind="staff",
              actor_id=actor.id, before=transition.before.value, after=transition.after.value,
              assignee_before=previous.display_name if previous else None, assignee_after=assignee.display_name)


def start(actor: User, complaint: Complaint, *, now: datetime) -> None:
    """처리중: an unassigned 민원 is taken by the officer who starts it."""
    require_handle(actor, complaint)
    transition = apply(complaint, Action.START, case_facts(complaint, now))
    taken = complaint.assignee_id is None
    if taken:
        complaint.assignee = actor
    add_event(complaint, "started", at=now, actor_kind="staff", actor_id=actor.id, before=transition.before.value,
              after=transition.after.value, assignee_after=actor.display_name if taken else None)


def extend(actor: User, complaint: Complaint, *, period_spec: str, ground: str, reason_text: str,
           consent_recorded: bool, consent_note: str | None, calendar: WorkCalendar,
           now: datetime) -> ComplaintExtension:
    """처리기간 연장 (영 제21조, D6): checked, the new 처리기한 computed by ``extend_due``, the 민원인 told."""
    require_handle(actor, complaint)
    facts = case_facts(complaint, now)
    record = Extension.of(period_spec, ground, consent_recorded)
    apply(complaint, Action.EXTEND, facts,
          ExtendParams(ProcessingPeriod.parse(complaint.period_spec), record, reason_text))
    current = deadline_of(complaint, calendar, now)
    new = extend_due(current, record.period, ground=record.ground, consent_recorded=record.consent_recorded,
                     calendar=calendar)
    row = ComplaintExtension(complaint_id=complaint.id, number=facts.extensions + 1, period_spec=str(record.period),
                             ground=record.ground, reason_text=reason_text.strip(), consent_recorded=consent_recorded,
                             consent_note=(consent_note or "").strip() or None, due_before=complaint.due_at,
                             due_after=new.due_at, created_at=now, created_by_id=actor.id)
    db.session.add(row)
    complaint.due_at, complaint.due_date = new.due_at, new.due_date
    complaint.calendar_revision = calendar.revision or ""
    add_event(complaint, "extended", at=now, actor_kind="staff", actor_id=actor.id, number=row.number,
              period=row.period_spec, ground=row.ground, reason=row.reason_text, consent=consent_recorded,
              due_before=row.due_before.isoformat(), due_after=row.due_after.isoformat())
    db.session.flush()
    notices.extended(complaint, number=row.number, ground=row.ground, reason=row.reason_text,
                     due_before=row.due_before, due_after=row.due_after, officer=officer_of(actor, complaint), now=now)
    record_told({complaint.id: row.due_after}, now=now)  # the extension notice states the new date
    return row


def _reached_department_at(complaint: Complaint) -> datetime:
    """When the 민원 reached its current department: the last transfer in, or its receipt."""
    latest = db.session.scalar(db.select(ComplaintTransfer.transferred_at)
                               .where(ComplaintTransfer.complaint_id == complaint.id,
                                      ComplaintTransfer.kind == "department")
                               .order_by(ComplaintTransfer.transferred_at.desc()).limit(1))
    return latest or complaint.received_at


def is_civil_office(department: Department) -> bool:
    """A 민원실 (영 제6조①) of the agency: setting CIVIL_OFFICE_DEPARTMENTS (department codes)."""
    codes = {c.strip() for c in current_app.config.get("CIVIL_OFFICE_DEPARTMENTS", "").split(",") if c.strip()}
    return department.code in codes


def transfer_to_department(actor: User, complaint: Complaint, *, department: Department, reason: str,
                           calendar: WorkCalendar, now: datetime, far: bool = False) -> ComplaintTransfer:
    """부서 이송 (영 제13조①②④; domain/transfers.py): 1 working hour for electronic documents (지체 없이) and for
    paper leaving the 민원실 (3 when the department is far away, ``far``), 3 otherwise; the new department's queue
    receives it unassigned, with the 민원 merged into it (D16)."""
    require_handle(actor, complaint)
    params = DepartmentTransferParams(same_department=department.id == complaint.department_id,
                                      target_active=department.is_active, reason=reason)
    transition = apply(complaint, Action.TRANSFER_DEPARTMENT, case_facts(complaint, now), params)
    basis = department_transfer_basis(complaint.channel, from_civil_office=is_civil_office(complaint.department),
                                      far=far)
    limit_at = add_working_hours(_reached_department_at(complaint), LIMITS[basis], calendar=calendar)
    row = ComplaintTransfer(complaint_id=complaint.id, kind="department", from_department_id=complaint.department_id,
                            to_department_id=department.id, reason=reason.strip(), limit_at=limit_at,
                            transferred_at=now, on_time=now <= limit_at, basis=basis.value, created_by_id=actor.id)
    db.session.add(row)
    source = complaint.department
    complaint.department, complaint.assignee = department, None
    cancel_open_requests(complaint, now=now)
    add_event(complaint, "transferred_department", at=now, actor_kind="staff", actor_id=actor.id,
              before=transition.before.value, after=transition.after.value, department_before=source.name_ko,
              department_before_code=source.code, department_after=department.name_ko,
              department_after_code=department.code, reason=row.reason, on_time=row.on_time,
              limit_at=limit_at.isoformat(), basis=row.basis)
    db.session.flush()
    move_with_primary(complaint, row, department=department, actor=actor, now=now)
    return row


def transfer_to_agency(actor: User, complaint: Complaint, *, agency: str, reason: str, calendar: WorkCalendar,
                       now: datetime) -> ComplaintTransfer:
    """타기관 이송 (법 제16조①, 영 제13조③): within 8 working hours of receipt, with notice to the 민원인.

    The original officer is asked to follow up (record what became of it) on the case page.
    """
    require_handle(actor, complaint)
    transition = apply(complaint, Action.TRANSFER_AGENCY, case_facts(complaint, now),
                       AgencyTransferParams(agency=agency, reason=reason))
    limit_at = add_working_hours(complaint.received_at, timedelta(hours=AGENCY_TRANSFER_HOURS), calendar=calendar)
    row = ComplaintTransfer(complaint_id=complaint.id, kind="agency", from_department_id=complaint.department_id,
                            to_agency=agency.strip(), reason=reason.strip(), limit_at=limit_at, transferred_at=now,
                            on_time=now <= limit_at, basis="13-3", created_by_id=actor.id)
    db.session.add(row)
    cancel_open_requests(complaint, now=now)
    add_event(complaint, "transferred_agency", at=now, actor_kind="staff", actor_id=actor.id,
              before=transition.before.value, after=transition.after.value, agency=row.to_agency, reason=row.reason,
              on_time=row.on_time, limit_at=limit_at.isoformat())
    db.session.flush()
    notices.transferred(complaint, transfer_id=row.id, agency=row.to_agency, reason=row.reason,
                        officer=officer_of(actor, complaint), now=now)
    undo_merges(complaint, reason="transferred", actor=actor, now=now)
    return row


def record_follow_up(actor: User, complaint: Complaint, *, note: str, now: datetime) -> ComplaintTransfer:
    """The original officer's follow-up of a transfer to another agency (영 제13조③ 후단: result on request)."""
    require_handle(actor, complaint)
    apply(complaint, Action.RECORD_FOLLOW_UP, case_facts(complaint, now), FollowUpParams(note))
    row = db.session.scalar(db.select(ComplaintTransfer).where(ComplaintTransfer.complaint_id == complaint.id,
                                                               ComplaintTransfer.kind == "agency")
                            .order_by(ComplaintTransfer.id.desc()).limit(1))
    if row is None:
        raise refuse("not_transferred", complaint)
    row.follow_up_note, row.followed_up_at, row.followed_up_by_id = note.strip(), now, actor.id
    add_event(complaint, "transfer_followed_up", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              note=row.follow_up_note)
    return row


def awaiting_follow_up(department_id: int) -> list[ComplaintTransfer]:
    """Transfers to another agency that the original department has not yet followed up (for its queue)."""
    return list(db.session.scalars(db.select(ComplaintTransfer).where(
        ComplaintTransfer.kind == "agency", ComplaintTransfer.from_department_id == department_id,
        ComplaintTransfer.followed_up_at.is_(None)).order_by(ComplaintTransfer.transferred_at)))
