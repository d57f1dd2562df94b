"""반려 (영 제25조① 「민원인이 제24조에 따른 기간 내에 민원문서를 보완하지 아니한 경우에는 그 이유를 분명히 밝혀
접수된 민원문서를 되돌려 보낼 수 있다」, D15).

Its own outcome, never 취하: status 반려, a ``ComplaintReturn`` record with the reasons (and for a 법정민원 the
remedies, as for a refusal: 이의신청 법 제35조, 행정심판·행정소송, 법 제27조③), a history entry the 민원인 reads, and
a notice required by law (domain/notice_kinds.py). The 보완 pause ends on the day of the 반려; open
협조 requests end; a merge whose primary this was is undone (D16).
"""

from __future__ import annotations

from datetime import datetime

from civil_complaints.access import require_handle
from civil_complaints.casework import notices
from civil_complaints.casework.cooperation import cancel_open_requests
from civil_complaints.casework.merges import undo_merges
from civil_complaints.casework.support import apply, case_facts, officer_of, open_pause
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.workflow import Action
from civil_complaints.domain.workflow_params import ReturnParams
from civil_complaints.history import add_event
from civil_complaints.workflow_models import ComplaintReturn
from core.clock import KST
from core.extensions import db
from organization.models import User


def return_complaint(actor: User, complaint: Complaint, *, reasons: str, remedies: str,
                     now: datetime) -> ComplaintReturn:
    """반려: only once the second 보완 request went unanswered past its 기한 (the state machine checks it)."""
    require_handle(actor, complaint)
    params = ReturnParams(reasons=reasons, remedies=remedies)
    transition = apply(complaint, Action.RETURN, case_facts(complaint, now), params)
    pause = open_pause(complaint)
    pause.end_on, pause.end_reason = max(now.astimezone(KST).date(), pause.start_on), "returned"
    officer = officer_of(actor, complaint)
    record = ComplaintReturn(complaint_id=complaint.id, reasons=reasons.strip(), remedies=remedies.strip() or None,
                             officer_department=officer.department, officer_department_en=officer.department_en,
                             officer_name=officer.name,
                             officer_phone=officer.phone, returned_at=now, returned_by_id=actor.id)
    db.session.add(record)
    complaint.returned_at = now
    add_event(complaint, "returned", at=now, actor_kind="staff", actor_id=actor.id, before=transition.before.value,
              after=transition.after.value, reasons=record.reasons, remedies=record.remedies)
    cancel_open_requests(complaint, now=now)
    db.session.flush()
    notices.returned(complaint, reasons=record.reasons, remedies=record.remedies or "", officer=officer, now=now)
    undo_merges(complaint, reason="returned", actor=actor, now=now)
    return record
