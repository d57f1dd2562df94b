"""답변 (처리결과 통지, 법 제27조): the answer with optional staff attachments and a canned template; a refusal
states its reasons and the remedies (③); the officer's 소속·성명·연락처 go with it (영 제31조). 민원 merged
into this one (영 제6조⑦, D16) receive the same answer, each on its own record: each becomes 답변 완료, on time or
not against its own 처리기한."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from civil_complaints.access import require_handle
from civil_complaints.attachments import Upload, store_uploads
from civil_complaints.casework import notices
from civil_complaints.casework.cooperation import cancel_open_requests
from civil_complaints.casework.merges import merged_into
from civil_complaints.casework.support import Officer, apply, case_facts, officer_of, refuse
from civil_complaints.categories.services import record_cause
from civil_complaints.complaint_models import Complaint
from civil_complaints.domain.status import RUNNING_STATUSES
from civil_complaints.domain.workflow import Action, AnswerParams
from civil_complaints.history import add_event
from civil_complaints.workflow_models import AnswerTemplate, ComplaintAnswer
from core.extensions import db
from organization.models import User

STAFF_ATTACHMENT_KINDS = frozenset({"pdf", "image", "hwp", "office", "text"})


def templates_for(complaint: Complaint) -> list[AnswerTemplate]:
    return list(db.session.scalars(select(AnswerTemplate).where(AnswerTemplate.type_id == complaint.type_id,
                                                                AnswerTemplate.is_active)
                                   .order_by(AnswerTemplate.title)))


def _template(complaint: Complaint, template_id: int | None) -> AnswerTemplate | None:
    if template_id is None:
        return None
    template = db.session.get(AnswerTemplate, template_id)
    if template is None or template.type_id != complaint.type_id:
        raise refuse("template_not_for_type", complaint)
    return template


def _record(complaint: Complaint, *, params: AnswerParams, template_id: int | None, officer: Officer,
            actor: User, now: datetime) -> ComplaintAnswer:
    row = ComplaintAnswer(complaint_id=complaint.id, outcome="refused" if params.refused else "accepted",
                          text=params.text.strip(), refusal_reasons=params.reasons.strip() or None,
                          remedies=params.remedies.strip() or None, template_id=template_id,
                          officer_department=officer.department, officer_department_en=officer.department_en,
                          officer_name=officer.name,
                          officer_phone=officer.phone, answered_at=now, answered_by_id=actor.id)
    db.session.add(row)
    complaint.answer_text, complaint.answered_at, complaint.answered_by = row.text, now, actor
    return row


def answer(actor: User, complaint: Complaint, *, text: str, now: datetime, refused: bool = False,
           reasons: str = "", remedies: str = "", template_id: int | None = None, uploads: list[Upload] = (),
           upload_dir: Path | None = None, cause: str | None = None, systemic: bool | None = None) -> list[Path]:
    """Send the result; returns the attachment files written (the caller deletes them if it rolls back).
    `cause` and `systemic` (issue 20: why it arose, and whether a rule or process is at fault) are recorded on the
    민원 when given; None leaves them unrecorded."""
    require_handle(actor, complaint)
    params = AnswerParams(text=text, refused=refused, reasons=reasons if refused else "",
                          remedies=remedies if refused else "")
    transition = apply(complaint, Action.ANSWER, case_facts(complaint, now), params)
    template = _template(complaint, template_id)
    written: list[Path] = []
    if uploads:
        rows, written = store_uploads(list(uploads), STAFF_ATTACHMENT_KINDS, upload_dir, who="staff", now=now)
        complaint.attachments.extend(rows)
    try:
        officer = officer_of(actor, complaint)
        if cause is not None or systemic is not None:
            record_cause(complaint, cause=cause, systemic=systemic)
        _record(complaint, params=params, template_id=template.id if template else None, officer=officer,
                actor=actor, now=now)
        add_event(complaint, "refused" if refused else "answered", at=now, actor_kind="staff", actor_id=actor.id,
                  before=transition.before.value, after=transition.after.value, on_time=now <= complaint.due_at,
                  attachments=len(uploads), template=template.title if template else None)
        cancel_open_requests(complaint, now=now)
        db.session.flush()
        notices.answered(complaint, refused=refused, text=params.text.strip(), reasons=params.reasons.strip(),
                         remedies=params.remedies.strip(), attachments=len(uploads), officer=officer, now=now)
        _share_with_merged(complaint, params=params, officer=officer, actor=actor, now=now)
    except Exception:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    return written


def _share_with_merged(primary: Complaint, *, params: AnswerParams, officer: Officer, actor: User,
                       now: datetime) -> None:
    """영 제6조⑦, D16: each merged 민원인 receives the primary's answer on their own 민원 and by notice."""
    for merged in merged_into(primary, open_only=True):
        if merged.status_enum not in RUNNING_STATUSES:
            continue
        transition = apply(merged, Action.SHARE_ANSWER, case_facts(merged, now))
        _record(merged, params=params, template_id=None, officer=officer, actor=actor, now=now)
        add_event(merged, "answer_shared", at=now, actor_kind="staff", actor_id=actor.id,
                  before=transition.before.value, after=transition.after.value, primary=primary.receipt_no,
                  refused=params.refused, on_time=now <= merged.due_at)
        db.session.flush()
        notices.answered(merged, refused=params.refused, text=params.text.strip(), reasons=params.reasons.strip(),
                         remedies=params.remedies.strip(), attachments=0, officer=officer, now=now)
