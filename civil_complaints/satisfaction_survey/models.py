"""Which 민원 were invited to which satisfaction survey: once each, never with the token (answers stay unlinkable)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from core.db_types import UTCDateTime
from core.extensions import db


class ComplaintSurveyInvitation(db.Model):
    __tablename__ = "complaint_survey_invitations"
    __table_args__ = (UniqueConstraint("complaint_id", "survey_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(ForeignKey("complaints.id", ondelete="CASCADE"), index=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    #: the round ("2026-12", "2026-Q4") whose sample the 민원 was in
    round: Mapped[str] = mapped_column(String(10))
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime())
