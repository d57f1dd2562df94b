"""종결 of 반복·중복민원 (법 제23조, D17) with the earlier 민원 linked.

법 제23조① 「…3회 이상 반복하여 제출한 경우에는 2회 이상 그 처리결과를 통지하고, 그 후에 접수되는 민원에 대하여는
종결처리할 수 있다」: the earlier filings count as answered for this 민원 only when their answer was sent before this
one was received. A re-filed 고충민원 is first referred to the 감사부서 (영 제17조②, audit_services); a
다수인관련민원 needs the 민원조정위원회 (영 제26조). 다수인 병합 (영 제6조⑦) lives in merge_services.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from civil_complaints.access import require_handle
from civil_complaints.casework import notices
from civil_complaints.casework.cooperation import cancel_open_requests
from civil_complaints.casework.merges import undo_merges
from civil_complaints.casework.support import apply, case_facts, find_linked, officer_of, refuse
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.identity import Filer, same_filer
from civil_complaints.domain.workflow import Action, RepeatParams
from civil_complaints.history import add_event
from civil_complaints.workflow_models import ComplaintAnswer, ComplaintLink
from core.extensions import db
from organization.models import User


def filer(complaint: Complaint) -> Filer:
    return Filer(complaint.complainant_name, complaint.complainant_phone, complaint.complainant_email)


def answer_sent_at(complaint: Complaint) -> datetime | None:
    """When the result of ``complaint`` was notified (법 제27조), if it was."""
    recorded = db.session.scalar(select(ComplaintAnswer.answered_at).where(ComplaintAnswer.complaint_id ==
                                                                           complaint.id))
    return recorded or complaint.answered_at


def earlier_filings(actor: User, complaint: Complaint, earlier: list[str]) -> list[Complaint]:
    """The earlier 민원 typed by the officer: readable, received before ``complaint``, by the same 민원인."""
    linked = []
    for receipt_text in dict.fromkeys(t for t in earlier if t.strip()):
        other = find_linked(actor, complaint, receipt_text)
        if other.received_at >= complaint.received_at:
            raise refuse("repeat_link_not_earlier", complaint, receipt_no=other.receipt_no)
        if not same_filer(filer(other), filer(complaint)):
            raise refuse("repeat_not_same_complainant", complaint, receipt_no=other.receipt_no)
        linked.append(other)
    return linked


def close_repeated(actor: User, complaint: Complaint, *, earlier: list[str], committee_deliberated: bool,
                   now: datetime) -> list[Complaint]:
    """법 제23조①: same 민원인, same content, 3+ filings, 2+ answered before this one was received; never 법정민원."""
    require_handle(actor, complaint)
    linked = earlier_filings(actor, complaint, earlier)
    sent = [answer_sent_at(other) for other in linked]
    params = RepeatParams(filings=1 + len(linked), answered=sum(at is not None for at in sent),
                          answered_before=sum(at is not None and at < complaint.received_at for at in sent),
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
    undo_merges(complaint, reason="closed", actor=actor, now=now)
    return linked
