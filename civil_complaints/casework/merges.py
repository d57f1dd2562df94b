"""다수인 병합 (영 제6조⑦ 「5명 이상의 민원인으로부터 동일한 취지의 민원을 접수할 때에는 이를 병합하여 접수할 수
있다」, D16).

* Only at 접수: a 민원 is merged before its processing started, into the earliest-received 민원 of the group (the
  primary), of the same department; the group counts 5 or more 민원인 (the state machine checks all of it).
* A merged 민원 keeps its own record, status and 처리기한: it stays in the queues and in overdue monitoring (독촉,
  reminders) until the primary's answer has been sent to its 민원인 (answer_services shares it: → 답변 완료).
* The primary ending without an answer — 취하, 취하 간주, 반려, 이송 to another agency, 반복민원 종결 — undoes the
  merge: each merged 민원 continues on its own, with a history entry and a notice to its 민원인 (``undo_merges``).
* Moving the primary to another department moves the merged 민원 with it (``move_with_primary``).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civil_complaints.access import require_handle
from civil_complaints.casework import notices
from civil_complaints.casework.support import apply, case_facts, find_linked, merge_link, officer_of, refuse, touch
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.status import OPEN_STATUSES, TransitionRefused
from civil_complaints.domain.workflow import Action, DepartmentTransferParams, MergeParams
from civil_complaints.history import add_event
from civil_complaints.workflow_models import ComplaintLink, ComplaintTransfer
from core.extensions import db
from organization.models import Department, User


def merged_into(primary: Complaint, *, open_only: bool = False) -> list[Complaint]:
    """The 민원 merged into ``primary`` whose merge stands (answered ones included unless ``open_only``)."""
    rows = db.session.scalars(select(Complaint).join(ComplaintLink, ComplaintLink.complaint_id == Complaint.id)
                              .where(ComplaintLink.linked_id == primary.id, ComplaintLink.kind == "merged_into",
                                     ComplaintLink.ended_at.is_(None)).order_by(Complaint.received_at, Complaint.id))
    return [c for c in rows if not open_only or c.status_enum in OPEN_STATUSES]


def _people(complaint: Complaint) -> int:
    return 1 + len(complaint.signers)


def merge(actor: User, primary: Complaint, *, others: list[str], now: datetime) -> list[Complaint]:
    """영 제6조⑦: merge same-purpose filings into ``primary``, which answers them all."""
    require_handle(actor, primary)
    secondaries = [find_linked(actor, primary, text) for text in dict.fromkeys(t for t in others if t.strip())]
    if not secondaries:
        raise refuse("merge_none_given", primary)
    group = _people(primary) + sum(map(_people, merged_into(primary, open_only=True))) + sum(map(_people, secondaries))
    primary_merged = merge_link(primary) is not None
    for other in secondaries:
        if merged_into(other, open_only=True):
            raise refuse("merge_other_is_primary", primary, receipt_no=other.receipt_no)
        params = MergeParams(is_primary=False, primary_open=primary.status_enum in OPEN_STATUSES,
                             same_department=other.department_id == primary.department_id, group_people=group,
                             primary_earliest=primary.received_at <= other.received_at, primary_merged=primary_merged)
        try:
            apply(other, Action.MERGE, case_facts(other, now), params)
        except TransitionRefused as error:  # say which of the numbers was refused
            raise TransitionRefused(error.code, error.status, **{**error.params, "receipt_no": other.receipt_no}) \
                from None
        db.session.add(ComplaintLink(complaint_id=other.id, linked_id=primary.id, kind="merged_into", created_at=now,
                                     created_by_id=actor.id))
        add_event(other, "merged_into", at=now, actor_kind="staff", actor_id=actor.id, primary=primary.receipt_no,
                  due=other.due_at.isoformat())
        db.session.flush()
        notices.merged(other, primary=primary.receipt_no, officer=officer_of(actor, other), now=now)
    add_event(primary, "merged", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              merged=[o.receipt_no for o in secondaries], people=group)
    touch(primary)
    return secondaries


def undo_merges(primary: Complaint, *, reason: str, actor: User | None, now: datetime) -> list[Complaint]:
    """D16: ``primary`` ended without an answer (``reason``: its outcome); each merged 민원 continues on its own."""
    reopened = []
    for merged in merged_into(primary):
        link = merge_link(merged)
        if merged.status_enum not in OPEN_STATUSES:  # answered, or withdrawn by its own 민원인 meanwhile
            link.ended_at, link.ended_reason = now, reason
            continue
        transition = apply(merged, Action.UNDO_MERGE, case_facts(merged, now))
        link.ended_at, link.ended_reason = now, reason
        add_event(merged, "merge_undone", at=now, actor_kind="staff" if actor else "system",
                  actor_id=actor.id if actor else None, before=transition.before.value,
                  after=transition.after.value, primary=primary.receipt_no, reason=reason)
        db.session.flush()
        notices.merge_undone(merged, primary=primary.receipt_no, reason=reason, officer=officer_of(actor, merged),
                             now=now)
        reopened.append(merged)
    if reopened:
        add_event(primary, "merge_undone", at=now, actor_kind="staff" if actor else "system",
                  actor_id=actor.id if actor else None, public=False, merged=[c.receipt_no for c in reopened],
                  reason=reason)
    return reopened


def move_with_primary(primary: Complaint, transfer: ComplaintTransfer, *, department: Department, actor: User,
                      now: datetime) -> list[Complaint]:
    """영 제13조 for a merge group: the merged 민원 follow their primary to the new department, each recorded."""
    moved = []
    for merged in merged_into(primary, open_only=True):
        params = DepartmentTransferParams(same_department=False, target_active=department.is_active,
                                          reason=transfer.reason, with_primary=True)
        transition = apply(merged, Action.TRANSFER_DEPARTMENT, case_facts(merged, now), params)
        db.session.add(ComplaintTransfer(
            complaint_id=merged.id, kind="department", from_department_id=merged.department_id,
            to_department_id=department.id, reason=transfer.reason, limit_at=transfer.limit_at,
            transferred_at=now, on_time=transfer.on_time, basis=transfer.basis, created_by_id=actor.id))
        source = merged.department
        merged.department, merged.assignee = department, None
        add_event(merged, "transferred_department", at=now, actor_kind="staff", actor_id=actor.id,
                  before=transition.before.value, after=transition.after.value, department_before=source.name_ko,
                  department_after=department.name_ko, reason=transfer.reason, on_time=transfer.on_time,
                  limit_at=transfer.limit_at.isoformat(), with_primary=primary.receipt_no)
        moved.append(merged)
    return moved
