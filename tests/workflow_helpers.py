"""Helpers for the officer-workflow tests: file a 민원 at a given 접수시각 through the intake service."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from civil_complaints.complaint_models import Complaint, ComplaintType
from civil_complaints.intake.notices import queue_receipt_notice
from civil_complaints.intake.services import IntakeData, receive_complaint
from core.extensions import db
from organization.models import User
from working_calendar.cache import load_calendar


def user(login_id: str) -> User:
    return db.session.query(User).filter_by(login_id=login_id).one()


def file_at(code: str, received_at: datetime, tmp_path: Path, *, name: str = "홍길동", email: str = "hong@example.kr",
            phone: str | None = "010-1234-5678", co_signers: list[str] | None = None, language: str = "ko",
            lookup_password: str | None = None) -> Complaint:
    """A web filing received at `received_at` (D1: received = arrived), its receipt notice queued; committed."""
    ctype = db.session.query(ComplaintType).filter_by(code=code).one()
    data = IntakeData(title="문의드립니다", content="절차를 알고 싶습니다.", name=name, email=email, phone=phone,
                      consent=True, co_signers=co_signers or [], lookup_password=lookup_password)
    complaint, _ = receive_complaint(ctype, data, channel="web", received_at=received_at, arrived_at=received_at,
                                     calendar=load_calendar(), agency_code="HB", upload_dir=tmp_path, now=received_at)
    queue_receipt_notice(complaint, language=language, now=received_at)
    db.session.commit()
    return complaint
