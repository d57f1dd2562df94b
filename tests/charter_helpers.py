"""Helpers for the 고객헌장 tests: demo accounts, 민원 filed at chosen times the web form's way, then ended."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from civil_complaints.complaint_models import Complaint, ComplaintPause, Satisfaction
from civil_complaints.intake.services import IntakeData
from core.extensions import db
from organization.models import User
from tests.workflow_helpers import file_as_web


def user(login_id: str) -> User:
    return db.session.scalar(select(User).where(User.login_id == login_id))


def make_complaint(type_code: str, received_at: datetime, *, answered_at: datetime | None = None,
                   withdrawn_at: datetime | None = None, rating: str | None = None,
                   pause: tuple[date, date] | None = None, status: str | None = None) -> Complaint:
    """File a 민원 as the web form does at `received_at` (real deadline, `file_as_web`), then set how it ended."""
    data = IntakeData(title="시험 민원", content="내용", name="홍길동", email="hong@example.kr", consent=True)
    complaint = file_as_web(type_code, data, at=received_at, upload_dir=Path(current_app.config["UPLOAD_DIR"]))
    if pause is not None:
        db.session.add(ComplaintPause(complaint_id=complaint.id, reason="supplement", start_on=pause[0],
                                      end_on=pause[1], created_at=received_at))
    if answered_at is not None:
        complaint.answered_at, complaint.status, complaint.answer_text = answered_at, "answered", "답변"
    if withdrawn_at is not None:
        complaint.withdrawn_at, complaint.status = withdrawn_at, "withdrawn"
    if status is not None:  # a terminal status reached without an answer (이송, 반복민원 종결)
        complaint.status = status
    if rating is not None:
        db.session.add(Satisfaction(complaint_id=complaint.id, rating=rating, created_at=answered_at or received_at))
    db.session.flush()
    return complaint
