"""Helpers for the officer-workflow tests: file a 민원 at a given 접수시각 the way the web form does."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from flask import current_app

from civil_complaints.complaint_models import Complaint
from civil_complaints.intake.services import IntakeData, file_complaint
from civil_complaints.web_support import agency_code, with_checked_catalog
from core.extensions import db
from organization.models import User


def user(login_id: str) -> User:
    return db.session.query(User).filter_by(login_id=login_id).one()


def file_as_web(code: str, data: IntakeData, *, at: datetime, upload_dir: Path, channel: str = "web",
                language: str = "ko") -> Complaint:
    """A citizen's filing through the web form's own path (`public_views._file_web`): the cached catalog, its
    token guarding `file_complaint`, received and arrived `at` (D1), the receipt notice queued in `language`.

    As on the web, a filing without attachments or co-signers is committed at once on PostgreSQL by its own
    statement (`filing_sql.insert_filing_guarded`); otherwise it joins the session's transaction. The rows are
    those `receive_complaint` writes (tests/integration/test_filing_paths.py)."""
    def file(catalog, guard_token):
        return file_complaint(catalog.by_code(code), data, channel=channel, now=at,
                              calendar=catalog.calendar(current_app.config["WORKING_BLOCKS"]),
                              agency_code=agency_code(catalog), upload_dir=upload_dir, notice_language=language,
                              guard_token=guard_token)

    filed, _written = with_checked_catalog(file)
    return db.session.get(Complaint, filed.id)


def file_at(code: str, received_at: datetime, tmp_path: Path, *, name: str = "홍길동", email: str = "hong@example.kr",
            phone: str | None = "010-1234-5678", co_signers: list[str] | None = None, language: str = "ko",
            lookup_password: str | None = None) -> Complaint:
    """A web filing received at `received_at` (D1: received = arrived), its receipt notice queued; committed."""
    data = IntakeData(title="문의드립니다", content="절차를 알고 싶습니다.", name=name, email=email, phone=phone,
                      consent=True, co_signers=co_signers or [], lookup_password=lookup_password)
    complaint = file_as_web(code, data, at=received_at, upload_dir=tmp_path, language=language)
    db.session.commit()
    return complaint
