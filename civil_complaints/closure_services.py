"""종결 of 반복·중복민원 (법 제23조) with the earlier 민원 linked, and 병합 of 다수인 filings (영 제6조⑦)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from civil_complaints import workflow_notices as notices
from civil_complaints.access import can_view, require_handle
from civil_complaints.complaint_models import Complaint
from civil_complaints.cooperation_services import cancel_open_requests
from civil_complaints.domain.identity import Filer, same_filer
from civil_complaints.domain.receipts import normalise_receipt_number
from civil_complaints.domain.workflow import OPEN, Action, MergeParams, RepeatParams
from civil_complaints.intake import add_event
from civil_complaints.workflow_models import ComplaintAnswer, ComplaintLink
from civil_complaints.workflow_support import apply, case_facts, officer_of, refuse
from organization.models import User


def _filer(complaint: Complaint) -> Filer:
    return Filer(complaint.complainant_name, complaint.complainant_phone, complaint.complainant_email)


def _find(actor: User, complaint: Complaint, receipt_text: str) -> Complaint:
    """Another 민원 the actor may read; the same refusal whether it is missing or not theirs (no probing)."""
    number = normalise_receipt_number(receipt_text)
    other = db.session.scalar(select(Complaint).where(Complaint.receipt_no == number)) if number else None
    if other is not None and other.id == complaint.id:
        raise refuse("linked_self", complaint, receipt_no=other.receipt_no)
    if other is None or not can_view(actor, other):
        raise refuse("linked_not_found", complaint, receipt_no=receipt_text.strip())
    return other


def _was_answered(complaint: Complaint) -> bool:
    return db.session.scalar(select(ComplaintAnswer.id).where(ComplaintAnswer.complaint_id == complaint.id)) \
        is not None or complaint.answered_at is not None


def close_repeated(actor: User, complaint: Complaint, *, earlier: list[str], committee_deliberated: bool,
                   now: datetime) -> list[Complaint]:
    """법 제23조①: the same 민원인 filed the same content 3+ times and was answered 2+ times; never 법정민원."""
    require_handle(actor, complaint)
    linked = []
    for receipt_text in dict.fromkeys(t for t in earlier if t.strip()):
        other = _find(actor, complaint, receipt_text)
        if other.received_at >= complaint.received_at:
            raise refuse("repeat_link_not_earlier", complaint, receipt_no=other.receipt_no)
        if not same_filer(_filer(other), _filer(complaint)):
            raise refuse("repeat_not_same_complainant", complaint, receipt_no=other.receipt_no)
        linked.append(other)
    params = RepeatParams(filings=1 + len(linked), answered=sum(_was_answered(o) for o in linked),
                          committee_deliberated=committee_deliberated)
    transition = apply(complaint, Action.CLOSE_REPEATED, case_facts(complaint, now), params)
    for other in linked:
        db.session.add(ComplaintLink(complaint_id=complaint.id, linked_id=other.id, kind="repeat_of", created_at=now,
                                     created_by_id=actor.id))
    numbers = [o.receipt_no for o in linked]
    add_event(complaint, "closed_repeated", at=now, actor_kind="staff", actor_id=actor.id,
              before=transition.before.value, after=transition.after.value, earlier=numbers,
              committee=committee_deliberated)
    cancel_open_requests(complaint, now=now)
    db.session.flush()
    notices.closed(complaint, reason="repeated", related=numbers, officer=officer_of(actor, complaint), now=now)
    return linked


def _people(complaint: Complaint) -> int:
    return 1 + len(complaint.signers)


def merge(actor: User, primary: Complaint, *, others: list[str], now: datetime) -> list[Complaint]:
    """영 제6조⑦: same-purpose 민원 of 5 or more people are merged into ``primary`` and answered with it."""
    require_handle(actor, primary)
    from civil_complaints.answer_services import merged_into

    secondaries = []
    for receipt_text in dict.fromkeys(t for t in others if t.strip()):
        secondaries.append(_find(actor, primary, receipt_text))
    if not secondaries:
        raise refuse("merge_none_given", primary)
    group = _people(primary) + sum(_people(c) for c in merged_into(primary)) + sum(map(_people, secondaries))
    for other in secondaries:
        params = MergeParams(is_primary=False, primary_open=primary.status_enum in OPEN,
                             same_department=other.department_id == primary.department_id, group_people=group)
        transition = apply(other, Action.MERGE, case_facts(other, now), params)
        db.session.add(ComplaintLink(complaint_id=other.id, linked_id=primary.id, kind="merged_into", created_at=now,
                                     created_by_id=actor.id))
        add_event(other, "merged_into", at=now, actor_kind="staff", actor_id=actor.id,
                  before=transition.before.value, after=transition.after.value, primary=primary.receipt_no)
        cancel_open_requests(other, now=now)
        db.session.flush()
        notices.closed(other, reason="merged", related=[primary.receipt_no], officer=officer_of(actor, other),
                       now=now)
    add_event(primary, "merged", at=now, actor_kind="staff", actor_id=actor.id, public=False,
              merged=[o.receipt_no for o in secondaries], people=group)
    from civil_complaints.workflow_support import touch

    touch(primary)
    return secondaries
