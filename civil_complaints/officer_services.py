"""What an officer does to a 민원 (the full workflow — 배정, 연장, 이송, 협조 — builds on these)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from sqlalchemy import select

from app.clock import KST
from app.extensions import db
from civil_complaints.access import require_handle
from civil_complaints.complaint_models import Complaint, ComplaintPause
from civil_complaints.domain.status import ComplaintStatus, TransitionRefused, check_can_answer
from civil_complaints.intake import add_event
from organization.models import User


def answer_complaint(actor: User, complaint: Complaint, *, text: str, now: datetime) -> None:
    """답변: the result is recorded and the 민원인 is told (영 제31조: with the officer's 소속·성명·연락처)."""
    require_handle(actor, complaint)
    check_can_answer(complaint.status_enum)
    if not text.strip():
        raise TransitionRefused("answer_empty", complaint.status_enum)
    before = complaint.status
    complaint.status = ComplaintStatus.ANSWERED.value
    complaint.answer_text = text.strip()
    complaint.answered_at, complaint.answered_by = now, actor
    add_event(complaint, "answered", at=now, actor_kind="staff", actor_id=actor.id, before=before,
              on_time=now <= complaint.due_at)


def request_supplement(actor: User, complaint: Complaint, *, request_text: str, respond_within_days: int,
                       now: datetime) -> ComplaintPause:
    """보완 요청 (영 제24조): the clock pauses from the day the request is sent (D5)."""
    require_handle(actor, complaint)
    if complaint.status_enum not in (ComplaintStatus.RECEIVED, ComplaintStatus.ASSIGNED,
                                     ComplaintStatus.IN_PROGRESS):
        raise TransitionRefused("supplement_not_allowed", complaint.status_enum)
    open_pause = db.session.scalar(select(ComplaintPause).where(ComplaintPause.complaint_id == complaint.id,
                                                                ComplaintPause.end_on.is_(None)))
    if open_pause is not None:
        raise TransitionRefused("supplement_open", complaint.status_enum)
    sent_on: date = now.astimezone(KST).date()
    pause = ComplaintPause(complaint_id=complaint.id, reason="supplement", start_on=sent_on,
                           request_text=request_text.strip(),
                           respond_by=sent_on + timedelta(days=respond_within_days), created_at=now)
    db.session.add(pause)
    before = complaint.status
    complaint.status = ComplaintStatus.SUPPLEMENT_REQUESTED.value
    add_event(complaint, "supplement_requested", at=now, actor_kind="staff", actor_id=actor.id, before=before,
              request=request_text.strip(), respond_by=pause.respond_by.isoformat())
    db.session.flush()
    return pause
