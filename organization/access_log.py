"""접속기록 (개인정보 안전성 확보조치 기준 제8조): the log of every view, print and download of personal data by staff.

One table for every feature: a 민원, an outbox message, later an internal request. Features write it through their
own services (civil_complaints/privacy/access_log.py); auditors read it there."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.db_types import UTCDateTime
from core.extensions import db
from organization.models import User


class PersonalDataAccess(db.Model):
    """접속기록: every view, print and download of a 민원인's data by staff (who, when, where from, whose, what)."""

    __tablename__ = "personal_data_access_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    #: null: the 민원인 themselves, on their own pages (내 민원, the 처리결과 통지서), after proving who they are
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    ip_address: Mapped[str] = mapped_column(String(45))
    complaint_id: Mapped[int | None] = mapped_column(ForeignKey("complaints.id", ondelete="SET NULL"))
    #: the data subject as shown to reviewers: receipt number and masked name
    subject: Mapped[str] = mapped_column(String(150))
    #: view, print, download, export
    action: Mapped[str] = mapped_column(String(12))
    reason: Mapped[str | None] = mapped_column(String(300))

    user: Mapped[User | None] = relationship()
